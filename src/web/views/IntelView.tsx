import { useEffect, useMemo, useState } from 'react';
import { ApiError, get, post } from '../api.js';
import { useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { RegionMap, type ShadedState } from '../components/RegionMap.js';
import { rowAction } from '../components/row-action.js';
import { ExportButtons, useTableTools, type Column } from '../components/table-tools.js';

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
  communities: { value: string; text: string; kind: 'alliance' | 'state'; name: string }[];
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
  name: string | null;
  type: string;
  recipient: string;
  user: string;
  channel: string;
  at: string;
}

const TYPES = [
  '',
  'report',
  'indicator',
  'malware',
  'threat-actor',
  'campaign',
  'attack-pattern',
  'relationship',
  'sighting',
  'identity',
];
/** A STIX text property (name, description, timestamps) to show, or `fallback` when absent. */
const textField = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;
const errText = (e: unknown) =>
  e instanceof ApiError && e.status === 401
    ? 'Log in as a member to see shared intelligence.'
    : e instanceof Error
      ? e.message
      : String(e);

/** Route: #/intel. The intelligence feed, a report with its graph, sharing under a label, receipts. */
export function IntelView() {
  const [type, setType] = useState('');
  const [label, setLabel] = useState('');
  const [since, setSince] = useState('');
  const [reload, setReload] = useState(0);
  // The opened report is in the address (#/intel/<STIX id>), so it can be linked and reloaded.
  const route = useHashRoute();
  const selected = route[0] === 'intel' && route[1] ? route[1] : null;
  const setSelected = (id: string | null) => {
    window.location.hash = id ? `#/intel/${encodeURIComponent(id)}` : '#/intel';
  };
  const feed = useAsync(
    () =>
      get<{ items: FeedItem[] }>('/api/intel/feed', {
        type: type || undefined,
        label: label || undefined,
        since: since ? `${since}T00:00:00.000Z` : undefined,
      }),
    [type, label, since, reload],
  );
  const { t } = useI18n();
  const columns = useMemo<Column<FeedItem>[]>(
    () => [
      { key: 'dateAdded', header: t('intel.col.added'), value: (i) => i.dateAdded },
      { key: 'type', header: t('intel.col.type'), value: (i) => i.type },
      { key: 'name', header: t('intel.col.name'), value: (i) => i.name },
      { key: 'label', header: t('intel.col.label'), value: (i) => i.label },
      { key: 'collection', header: t('intel.col.collection'), value: (i) => i.collection },
      { key: 'id', header: t('intel.col.id'), value: (i) => i.id },
    ],
    [t],
  );
  const table = useTableTools(feed.data?.items ?? [], columns, {
    sortBy: 'dateAdded',
    dir: 'desc',
    pageSize: 25,
  });
  return (
    <div className="intel-view">
      <section className="panel" data-testid="intel-feed">
        <h2>Intelligence feed</h2>
        <div className="map-controls">
          <label>
            Type{' '}
            <select
              value={type}
              onChange={(e) => setType(e.target.value)}
              data-testid="intel-filter-type"
            >
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t || 'any'}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Label contains{' '}
            <input
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              placeholder="GCC, SECRET, AMBER…"
              data-testid="intel-filter-label"
            />
          </label>{' '}
          <label>
            Added since{' '}
            <input type="date" value={since} onChange={(e) => setSince(e.target.value)} />
          </label>{' '}
          <button onClick={() => setReload((x) => x + 1)} data-testid="intel-refresh">
            Refresh
          </button>{' '}
          <ExportButtons
            rows={table.sorted}
            columns={columns}
            filename="tahaluf-intel-feed"
            testId="intel-export"
          />
        </div>
        {feed.error ? <p className="error-text">{errText(feed.error)}</p> : null}
        {feed.data && !feed.data.items.length ? (
          <p className="muted">Nothing shared with your member matches.</p>
        ) : null}
        {feed.data && feed.data.items.length ? (
          <p className="small muted">
            The newest {feed.data.items.length} visible to your member, newest first; choose one to
            open it.
          </p>
        ) : null}
        <div className="feed-scroll">
          <table className="table">
            <thead>
              <tr>{['dateAdded', 'type', 'name', 'label', 'collection'].map(table.header)}</tr>
            </thead>
            <tbody>
              {table.shown.map((i, n) => (
                <tr
                  key={`${i.collection}|${i.id}`}
                  data-testid="intel-feed-row"
                  {...rowAction(() => setSelected(i.id), selected === i.id, n === 0)}
                >
                  <td className="small">{i.dateAdded.slice(0, 16).replace('T', ' ')}</td>
                  <td>{i.type}</td>
                  <td>{i.name}</td>
                  <td className="small">{i.label}</td>
                  <td className="small">{i.collection}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {table.pager}
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
  const self = g.data?.nodes.find((n) => n.id === id);
  return (
    <section className="panel" data-testid="intel-object">
      <h2>
        {textField(g.data?.object.name, id)} <button onClick={onClose}>Close</button>
      </h2>
      {g.error ? <p className="error-text">{errText(g.error)}</p> : null}
      {g.data ? (
        <>
          <p className="small">{textField(g.data.object.description, '')}</p>
          <svg
            width={620}
            height={260}
            role="img"
            aria-label="graph of related objects"
            data-testid="intel-graph"
          >
            {g.data.edges.map((e, i) => {
              const a = layout.get(e.source);
              const b = layout.get(e.target);
              return a && b ? (
                <line key={i} x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#888" />
              ) : null;
            })}
            {g.data.nodes.map((n) => {
              const p = layout.get(n.id)!;
              return (
                <g key={n.id}>
                  <circle
                    cx={p.x}
                    cy={p.y}
                    r={n.id === id ? 12 : 8}
                    fill={n.id === id ? '#b5651d' : '#4a7'}
                  />
                  <text x={p.x + 12} y={p.y + 4} fontSize={11}>
                    <title>{`${n.type}: ${n.name}`}</title>
                    {n.type}: {n.name.length > 40 ? `${n.name.slice(0, 39)}…` : n.name}
                  </text>
                </g>
              );
            })}
          </svg>
          <dl className="facts" data-testid="intel-object-facts">
            <dt>Type</dt>
            <dd>{String(g.data.object.type)}</dd>
            <dt>Label</dt>
            <dd>{self?.label ?? '—'}</dd>
            <dt>Originator</dt>
            <dd>{self?.originator ?? '—'}</dd>
            <dt>Collection</dt>
            <dd>{g.data.collection}</dd>
            <dt>Version</dt>
            <dd className="code">
              {textField(g.data.object.modified ?? g.data.object.created, '—')}
            </dd>
            <dt>Related</dt>
            <dd>
              {g.data.nodes.length - 1} visible object{g.data.nodes.length === 2 ? '' : 's'},{' '}
              {g.data.edges.length} link{g.data.edges.length === 1 ? '' : 's'}
            </dd>
          </dl>
          <details>
            <summary className="small">STIX 2.1 JSON</summary>
            <pre className="code stix-json">{JSON.stringify(g.data.object, null, 2)}</pre>
          </details>
        </>
      ) : null}
    </section>
  );
}

interface Preview {
  day: string;
  originator: string;
  collection: string;
  members: { iso3: string; name: string }[];
  outsideCollection: { iso3: string; name: string }[];
}

const PREVIEW_COLOURS = { originator: '#b5651d', receives: '#2f7d6d', outside: '#8a94a1' };

/**
 * Share a report under a label. "Releasable to" is a checklist of alliances and states (filterable),
 * and the panel shows, on a map and as a list, which members the label reaches today in the chosen
 * collection — computed by the server with the same releasability code every read uses.
 */
function SharePanel({ onShared }: { onShared: () => void }) {
  const opts = useAsync(() => get<Options>('/api/intel/options'), []);
  const [collection, setCollection] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [classification, setClassification] = useState('RESTRICTED');
  const [rel, setRel] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [tlp, setTlp] = useState('amber');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; id?: string } | null>(null);
  const i18n = useI18n();
  const stateName = useStateNames();
  useEffect(() => {
    if (opts.data && !collection && opts.data.collections.length)
      setCollection(opts.data.collections[0].alias);
  }, [opts.data, collection]);
  const relKey = rel.join(',');
  const preview = useAsync(
    () =>
      collection
        ? get<Preview>('/api/intel/release-preview', {
            collection,
            releasableTo: relKey || undefined,
          })
        : Promise.resolve(undefined),
    [collection, relKey],
  );
  if (opts.error) return null;
  const communities = opts.data?.communities ?? [];
  const textOf = new Map(
    communities.map((c) => [
      c.value,
      c.kind === 'alliance' ? c.text.replace(/ \(alliance\)$/, '') : c.value,
    ]),
  );
  const f = filter.trim().toLowerCase();
  const shown = (kind: 'alliance' | 'state') =>
    communities.filter(
      (c) =>
        c.kind === kind &&
        (!f || c.text.toLowerCase().includes(f) || c.name.toLowerCase().includes(f)),
    );
  const toggle = (v: string) =>
    setRel((r) => (r.includes(v) ? r.filter((x) => x !== v) : [...r, v].sort()));
  const share = async () => {
    setMessage(null);
    setBusy(true);
    try {
      const r = await post<{ id: string }>('/api/intel/share', {
        collection,
        name,
        description: description || undefined,
        classification,
        releasableTo: rel,
        tlp,
      });
      // What happened, in words (#13.10): the title, the marking and who receives it today.
      const reach = preview.data?.members.map((m) => stateName(m.iso3)) ?? [];
      setMessage({
        ok: true,
        id: r.id,
        text: i18n.t('answers.done.intelShared', {
          title: name,
          tlp: `TLP:${tlp.toUpperCase()}`,
          count: reach.length,
          names: i18n.list(reach),
        }),
      });
      setName('');
      setDescription('');
      onShared();
    } catch (e) {
      setMessage({ ok: false, text: errText(e) });
    } finally {
      setBusy(false);
    }
  };
  const pv = preview.data;
  const shaded: ShadedState[] = pv
    ? [
        ...pv.members.map((m) => ({
          iso3: m.iso3,
          fill: m.iso3 === pv.originator ? PREVIEW_COLOURS.originator : PREVIEW_COLOURS.receives,
          note: m.iso3 === pv.originator ? 'originator' : 'receives the report',
        })),
        ...pv.outsideCollection.map((m) => ({
          iso3: m.iso3,
          fill: PREVIEW_COLOURS.outside,
          hatch: true,
          note: `named, but does not read ${pv.collection}`,
        })),
      ]
    : [];
  const checklist = (kind: 'alliance' | 'state', title: string) => (
    <div className="rel-group">
      <div className="rel-group-title">{title}</div>
      <div className="rel-list" data-testid={`intel-share-rel-${kind}s`}>
        {shown(kind).map((c) => (
          <label key={c.value} className="rel-item">
            <input
              type="checkbox"
              checked={rel.includes(c.value)}
              onChange={() => toggle(c.value)}
              data-testid={`intel-share-rel-${c.value}`}
            />
            {kind === 'alliance' ? (
              <span title={c.name}>{textOf.get(c.value)}</span>
            ) : (
              <span>
                <span className="code">{c.value}</span> {c.name}
              </span>
            )}
          </label>
        ))}
        {!shown(kind).length ? <span className="muted small">none matches</span> : null}
      </div>
    </div>
  );
  return (
    <section className="panel" data-testid="intel-share">
      <h2>Share a report</h2>
      <div className="share-layout">
        <div className="share-form">
          <label className="field">
            Collection
            <select
              value={collection}
              onChange={(e) => setCollection(e.target.value)}
              data-testid="intel-share-collection"
            >
              {(opts.data?.collections ?? []).map((c) => (
                <option key={c.alias} value={c.alias}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Title
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Phishing campaign against port authorities"
              data-testid="intel-share-name"
            />
          </label>
          <label className="field">
            Summary
            <textarea
              rows={3}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              data-testid="intel-share-description"
            />
          </label>
          <fieldset className="label-picker">
            <legend>Confidentiality label</legend>
            <div className="field-row">
              <label className="field">
                Classification
                <select
                  value={classification}
                  onChange={(e) => setClassification(e.target.value)}
                  data-testid="intel-share-classification"
                >
                  {(opts.data?.classifications ?? []).map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </label>
              <label className="field">
                TLP 2.0
                <select
                  value={tlp}
                  onChange={(e) => setTlp(e.target.value)}
                  data-testid="intel-share-tlp"
                >
                  {(opts.data?.tlp ?? []).map((t) => (
                    <option key={t} value={t}>
                      TLP:{t.toUpperCase()}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field grow">
                Find a community
                <input
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                  placeholder="GCC, Pakistan, QAT…"
                  data-testid="intel-share-rel-filter"
                />
              </label>
            </div>
            <div className="field-label">
              Releasable to (alliances resolve to their members on the day of each request)
            </div>
            <div className="chips" data-testid="intel-share-rel-chosen">
              {rel.length ? (
                rel.map((r) => (
                  <button
                    key={r}
                    type="button"
                    className="chip"
                    onClick={() => toggle(r)}
                    title="remove"
                  >
                    {textOf.get(r) ?? r} ×
                  </button>
                ))
              ) : (
                <span className="muted small">
                  Nothing chosen: the report stays with your member alone.
                </span>
              )}
            </div>
            <div className="rel-groups">
              {checklist('alliance', 'Alliances')}
              {checklist('state', 'States')}
            </div>
          </fieldset>
          <div className="share-actions">
            <button
              className="primary"
              disabled={!name.trim() || !collection || busy}
              onClick={() => void share()}
              data-testid="intel-share-submit"
            >
              Share
            </button>
            <span className="muted small">
              Signed by your member in the record; every receipt is audited.
            </span>
          </div>
          {message ? (
            <p
              className={message.ok ? 'notice' : 'notice error-text'}
              data-testid="intel-share-message"
              data-id={message.id}
            >
              {message.text}{' '}
              {message.id && (
                <a href={`#/intel/${encodeURIComponent(message.id)}`}>
                  {i18n.t('answers.done.openReport')}
                </a>
              )}
            </p>
          ) : null}
        </div>
        <div className="share-preview" data-testid="intel-share-preview">
          <div className="field-label">Who will receive it{pv ? ` (today, ${pv.day})` : ''}</div>
          {preview.error ? <p className="error-text small">{errText(preview.error)}</p> : null}
          <RegionMap
            states={shaded}
            fitTo={shaded.map((x) => x.iso3)}
            ariaLabel="Members this label releases the report to today"
            testId="intel-share-map"
          >
            <ul className="legend">
              <li>
                <span className="swatch" style={{ background: PREVIEW_COLOURS.originator }} /> Your
                member (originator)
              </li>
              <li>
                <span className="swatch" style={{ background: PREVIEW_COLOURS.receives }} />{' '}
                Receives it
              </li>
              <li>
                <span className="swatch hatched" style={{ background: PREVIEW_COLOURS.outside }} />{' '}
                Named, but outside this collection
              </li>
            </ul>
          </RegionMap>
          {pv ? (
            <>
              <p className="small" data-testid="intel-share-reach">
                <strong>{pv.members.length}</strong> member{pv.members.length === 1 ? '' : 's'}:{' '}
                {pv.members.map((m) => m.name).join(', ')}
              </p>
              {pv.outsideCollection.length ? (
                <p className="notice small" data-testid="intel-share-outside">
                  {pv.outsideCollection.map((m) => m.name).join(', ')}{' '}
                  {pv.outsideCollection.length === 1 ? 'is' : 'are'} named but
                  {pv.outsideCollection.length === 1 ? ' does' : ' do'} not read the {pv.collection}{' '}
                  collection, so will not see the report there.
                </p>
              ) : null}
              <p className="muted small">
                Each reader&apos;s user also needs a clearance of at least {classification}.
              </p>
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}

function ReceiptsPanel({ reload }: { reload: number }) {
  const r = useAsync(() => get<{ receipts: Receipt[] }>('/api/intel/receipts'), [reload]);
  if (r.error || !r.data) return null;
  const recipients = new Set(r.data.receipts.map((x) => x.recipient));
  const objects = new Set(r.data.receipts.map((x) => x.objectId));
  return (
    <section className="panel" data-testid="intel-receipts">
      <h2>
        Who received what we shared{' '}
        <button onClick={r.reload} className="link-button small">
          refresh
        </button>
      </h2>
      {!r.data.receipts.length ? (
        <p className="muted">No member has received your shared objects yet.</p>
      ) : (
        <p className="small muted">
          {objects.size} object{objects.size === 1 ? '' : 's'} received by {recipients.size} member
          {recipients.size === 1 ? '' : 's'} ({[...recipients].sort().join(', ')}); first receipt
          per object, member, user and channel.
        </p>
      )}
      {r.data.receipts.length ? (
        <table className="table">
          <thead>
            <tr>
              <th>First received</th>
              <th>Object</th>
              <th>Recipient</th>
              <th>User</th>
              <th>Channel</th>
            </tr>
          </thead>
          <tbody>
            {r.data.receipts.map((x) => (
              <tr
                key={`${x.objectId}|${x.recipient}|${x.user}|${x.channel}`}
                data-testid="intel-receipt-row"
              >
                <td className="small">{x.at.slice(0, 19).replace('T', ' ')}</td>
                <td>
                  {x.name ?? <span className="code">{x.objectId}</span>}{' '}
                  <span className="muted small">{x.type}</span>
                </td>
                <td>{x.recipient}</td>
                <td className="small">{x.user}</td>
                <td className="small">{x.channel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
