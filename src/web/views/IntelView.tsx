import { useEffect, useMemo, useState } from 'react';
import { ApiError, get, post } from '../api.js';
import { useAsync } from '../hooks.js';

interface FeedItem {
  id: string;
  type: string;
  version: string;
  dateAdded: string;
  collection: string;
  originator: string;
  name: string;
  label: string | null;
}
interface Options {
  collections: { alias: string; title: string }[];
  communities: { value: string; text: string }[];
  classifications: string[];
  tlp: string[];
}
interface Graph {
  object: Record<string, unknown>;
  collection: string;
  nodes: FeedItem[];
  edges: { source: string; target: string; type: string }[];
}
interface Receipt {
  objectId: string;
  recipient: string;
  user: string;
  channel: string;
  at: string;
}

const TYPES = ['', 'report', 'indicator', 'malware', 'threat-actor', 'campaign', 'attack-pattern', 'relationship', 'sighting', 'identity'];
const errText = (e: unknown) => (e instanceof ApiError && e.status === 401 ? 'Log in as a member to see shared intelligence.' : e instanceof Error ? e.message : String(e));

/** Route: #/intel. The intelligence feed, a report with its graph, sharing under a label, receipts. */
export function IntelView() {
  const [type, setType] = useState('');
  const [label, setLabel] = useState('');
  const [since, setSince] = useState('');
  const [reload, setReload] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const feed = useAsync(
    () => get<{ items: FeedItem[] }>('/api/intel/feed', { type: type || undefined, label: label || undefined, since: since ? `${since}T00:00:00.000Z` : undefined }),
    [type, label, since, reload],
  );
  return (
    <div className="intel-view">
      <section className="panel" data-testid="intel-feed">
        <h2>Intelligence feed</h2>
        <div className="map-controls">
          <label>Type <select value={type} onChange={(e) => setType(e.target.value)} data-testid="intel-filter-type">
            {TYPES.map((t) => <option key={t} value={t}>{t || 'any'}</option>)}
          </select></label>{' '}
          <label>Label contains <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="GCC, SECRET, AMBER…" data-testid="intel-filter-label" /></label>{' '}
          <label>Added since <input type="date" value={since} onChange={(e) => setSince(e.target.value)} /></label>{' '}
          <button onClick={() => setReload((x) => x + 1)} data-testid="intel-refresh">Refresh</button>
        </div>
        {feed.error ? <p className="error-text">{errText(feed.error)}</p> : null}
        {feed.data && !feed.data.items.length ? <p className="muted">Nothing shared with your member matches.</p> : null}
        <table className="table">
          <thead><tr><th>Added</th><th>Type</th><th>Name</th><th>Label</th><th>Collection</th></tr></thead>
          <tbody>
            {(feed.data?.items ?? []).map((i) => (
              <tr key={`${i.collection}|${i.id}`} data-testid="intel-feed-row" onClick={() => setSelected(i.id)} style={{ cursor: 'pointer' }}>
                <td className="small">{i.dateAdded.slice(0, 16).replace('T', ' ')}</td><td>{i.type}</td><td>{i.name}</td>
                <td className="small">{i.label}</td><td className="small">{i.collection}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {selected ? <ObjectPanel id={selected} onClose={() => setSelected(null)} /> : null}
      <SharePanel onShared={() => setReload((x) => x + 1)} />
      <ReceiptsPanel reload={reload} />
    </div>
  );
}

function ObjectPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const g = useAsync(() => get<Graph>(`/api/intel/objects/${encodeURIComponent(id)}`), [id]);
  const layout = useMemo(() => {
    const nodes = g.data?.nodes ?? [];
    const pos = new Map<string, { x: number; y: number }>();
    const others = nodes.filter((n) => n.id !== id);
    pos.set(id, { x: 120, y: 130 });
    others.forEach((n, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, others.length);
      pos.set(n.id, { x: 200 + 110 * Math.cos(a), y: 130 + 95 * Math.sin(a) });
    });
    return pos;
  }, [g.data, id]);
  return (
    <section className="panel" data-testid="intel-object">
      <h2>{String(g.data?.object.name ?? id)} <button onClick={onClose}>Close</button></h2>
      {g.error ? <p className="error-text">{errText(g.error)}</p> : null}
      {g.data ? (
        <>
          <p className="small">{String(g.data.object.description ?? '')}</p>
          <svg width={520} height={260} role="img" aria-label="graph of related objects" data-testid="intel-graph">
            {g.data.edges.map((e, i) => {
              const a = layout.get(e.source);
              const b = layout.get(e.target);
              return a && b ? <line key={i} x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#888" /> : null;
            })}
            {g.data.nodes.map((n) => {
              const p = layout.get(n.id)!;
              return (
                <g key={n.id}>
                  <circle cx={p.x} cy={p.y} r={n.id === id ? 12 : 8} fill={n.id === id ? '#b5651d' : '#4a7'} />
                  <text x={p.x + 12} y={p.y + 4} fontSize={11}>{n.type}: {n.name.slice(0, 28)}</text>
                </g>
              );
            })}
          </svg>
          <p className="small muted">Label: {g.data.nodes.find((n) => n.id === id)?.label}</p>
        </>
      ) : null}
    </section>
  );
}

function SharePanel({ onShared }: { onShared: () => void }) {
  const opts = useAsync(() => get<Options>('/api/intel/options'), []);
  const [collection, setCollection] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [classification, setClassification] = useState('RESTRICTED');
  const [rel, setRel] = useState<string[]>([]);
  const [tlp, setTlp] = useState('amber');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (opts.data && !collection && opts.data.collections.length) setCollection(opts.data.collections[0].alias);
  }, [opts.data, collection]);
  if (opts.error) return null;
  const share = async () => {
    setMessage(null);
    try {
      const r = await post<{ id: string }>('/api/intel/share', { collection, name, description: description || undefined, classification, releasableTo: rel, tlp });
      setMessage(`Shared ${r.id}`);
      setName('');
      onShared();
    } catch (e) {
      setMessage(errText(e));
    }
  };
  return (
    <section className="panel" data-testid="intel-share">
      <h2>Share a report</h2>
      <label>Collection <select value={collection} onChange={(e) => setCollection(e.target.value)} data-testid="intel-share-collection">
        {(opts.data?.collections ?? []).map((c) => <option key={c.alias} value={c.alias}>{c.title}</option>)}
      </select></label>
      <div><label>Title <input value={name} onChange={(e) => setName(e.target.value)} data-testid="intel-share-name" /></label></div>
      <div><label>Summary <textarea value={description} onChange={(e) => setDescription(e.target.value)} /></label></div>
      <fieldset>
        <legend>Confidentiality label</legend>
        <label>Classification <select value={classification} onChange={(e) => setClassification(e.target.value)} data-testid="intel-share-classification">
          {(opts.data?.classifications ?? []).map((c) => <option key={c}>{c}</option>)}
        </select></label>{' '}
        <label>TLP <select value={tlp} onChange={(e) => setTlp(e.target.value)}>
          {(opts.data?.tlp ?? []).map((t) => <option key={t} value={t}>TLP:{t.toUpperCase()}</option>)}
        </select></label>
        <div>
          <label>Releasable to (alliances resolve on the day of each request)
            <select multiple size={6} value={rel} data-testid="intel-share-rel"
              onChange={(e) => setRel([...e.target.selectedOptions].map((o) => o.value))}>
              {(opts.data?.communities ?? []).map((c) => <option key={c.value} value={c.value}>{c.text}</option>)}
            </select>
          </label>
        </div>
      </fieldset>
      <button disabled={!name || !collection} onClick={share} data-testid="intel-share-submit">Share</button>
      {message ? <p className="notice" data-testid="intel-share-message">{message}</p> : null}
    </section>
  );
}

function ReceiptsPanel({ reload }: { reload: number }) {
  const r = useAsync(() => get<{ receipts: Receipt[] }>('/api/intel/receipts'), [reload]);
  if (r.error || !r.data) return null;
  return (
    <section className="panel" data-testid="intel-receipts">
      <h2>Who received what we shared</h2>
      {!r.data.receipts.length ? <p className="muted">No member has received your shared objects yet.</p> : null}
      <table className="table">
        <tbody>
          {r.data.receipts.map((x) => (
            <tr key={`${x.objectId}|${x.recipient}|${x.user}|${x.channel}`}><td className="small">{x.at.slice(0, 16).replace('T', ' ')}</td><td>{x.recipient}</td><td className="small">{x.user}</td><td className="small">{x.channel}</td><td className="small">{x.objectId}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
