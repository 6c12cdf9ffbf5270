import { useEffect, useMemo, useState } from 'react';
import { ApiError, get, post } from '../api.js';
import { useAllianceNames, useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { RegionMap, type ShadedState } from '../components/RegionMap.js';
import { rowAction } from '../components/row-action.js';
import { download, ExportButtons, useTableTools, type Column } from '../components/table-tools.js';
import { Sightings } from '../components/Sightings.js';
import { problemText, type FieldLabels } from '../problem-text.js';
import { WarningFlags, type WarningFlag } from '../components/WarningFlags.js';
import { Provenance, type ProvenanceInfo } from '../components/Provenance.js';
import { IntervalSwitch, TimeBars } from '../components/Charts.js';
import { LabelMark, useLabelText } from '../components/label-text.js';
import {
  AttackBrowse,
  ObjectTechniques,
  type MappedTechnique,
} from '../components/AttackBrowse.js';

interface FeedItem {
  id: string;
  type: string;
  version: string;
  dateAdded: string;
  collection: string;
  originator: string;
  name: string;
  label: string | null;
  warnings?: WarningFlag[];
  provenance?: ProvenanceInfo;
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
  warnings?: WarningFlag[];
  provenance?: ProvenanceInfo;
  techniques?: MappedTechnique[];
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
/** The share form's labels for the API's field paths. */
const shareLabels = (t: I18n['t']): FieldLabels => [
  [/\/collection$/, t('intel.share.collection')],
  [/\/name$/, t('intel.share.title')],
  [/\/description$/, t('intel.share.summary')],
  [/\/classification$/, t('intel.share.classification')],
  [/\/tlp$/, t('intel.share.tlp')],
  [/\/releasableTo(\/\d+)?$/, t('intel.share.releasable')],
];
/** The feed filters' labels for the API's query fields. */
const filterLabels = (t: I18n['t']): FieldLabels => [
  [/^query\/since$/, t('intel.filter.since')],
  [/^query\/type$/, t('intel.filter.type')],
  [/^query\/label$/, t('intel.filter.label')],
];
/**
 * An API refusal in the reader's language, a 401 included: the server's reason (no sign-in, a session
 * that ended, an unknown token) as its detailCode says it.
 */
const errText = (e: unknown, i18n: I18n, stateName?: (iso3: string) => string) =>
  problemText(e, i18n, {
    labels: [...shareLabels(i18n.t), ...filterLabels(i18n.t)],
    stateName,
  }).text;
/** A STIX type in the reader's language (`threat-actor` → "threat-actor" / "جهة تهديد"). */
const typeName = (type: string, i18n: I18n) =>
  i18n.t('intel.type', { type: type.replace(/-/g, '_') });
/** An instant to the minute or second, UTC: ISO-like in English, the reader's locale otherwise. */
const when = (iso: string, i18n: I18n, seconds = false) =>
  i18n.locale === 'en'
    ? iso.slice(0, seconds ? 19 : 16).replace('T', ' ')
    : i18n.intl.formatDate(new Date(iso), {
        timeZone: 'UTC',
        dateStyle: 'medium',
        timeStyle: seconds ? 'medium' : 'short',
      });

/** Route: #/intel. The intelligence feed, a report with its graph, sharing under a label, receipts. */
export function IntelView() {
  const [type, setType] = useState('');
  const [label, setLabel] = useState('');
  const [since, setSince] = useState('');
  const [reload, setReload] = useState(0);
  const [technique, setTechnique] = useState<string | null>(null);
  // The opened report is in the address (#/intel/<STIX id>), so it can be linked and reloaded.
  const route = useHashRoute();
  const selected = route[0] === 'intel' && route[1] ? route[1] : null;
  const setSelected = (id: string | null) => {
    window.location.hash = id ? `#/intel/${encodeURIComponent(id)}` : '#/intel';
  };
  const feedQuery = {
    type: type || undefined,
    label: label || undefined,
    since: since ? `${since}T00:00:00.000Z` : undefined,
  };
  const session = useSession();
  // Intelligence is the members' own: a member's user reads it; the secretariat's users hold none of
  // it, so the view asks nothing for them (every read would be refused) and says so instead. The
  // public still asks for the feed, so that it is told the node's reason (no sign-in, a session ended).
  const signedIn = session?.role === 'member';
  const secretariat = session?.role === 'secretariat';
  const feed = useAsync(
    () =>
      secretariat
        ? Promise.resolve(null)
        : get<{ items: FeedItem[] }>('/api/intel/feed', feedQuery),
    [type, label, since, reload, secretariat],
  );
  const [bundleError, setBundleError] = useState<string | null>(null);
  /** The objects the feed lists for these filters, in full, as a STIX 2.1 bundle (GET /api/intel/feed/bundle). */
  const exportBundle = async () => {
    setBundleError(null);
    try {
      const bundle = await get<{ id: string }>('/api/intel/feed/bundle', feedQuery);
      download(
        'tahaluf-intel-bundle.json',
        'application/stix+json;version=2.1',
        JSON.stringify(bundle, null, 2) + '\n',
      );
    } catch (e) {
      setBundleError(errText(e, i18n));
    }
  };
  const i18n = useI18n();
  const { t } = i18n;
  const labels = useLabelText();
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
        <h2>{t('intel.feed')}</h2>
        <div className="map-controls">
          <label>
            {t('intel.filter.type')}{' '}
            <select
              value={type}
              onChange={(e) => setType(e.target.value)}
              data-testid="intel-filter-type"
            >
              {TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {typeName(ty || 'any', i18n)}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            {t('intel.filter.label')}{' '}
            <input
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              placeholder={t('intel.filter.labelExample')}
              data-testid="intel-filter-label"
            />
          </label>{' '}
          <label>
            {t('intel.filter.since')}{' '}
            <input type="date" value={since} onChange={(e) => setSince(e.target.value)} />
          </label>{' '}
          <button onClick={() => setReload((x) => x + 1)} data-testid="intel-refresh">
            {t('intel.refresh')}
          </button>{' '}
          <ExportButtons
            rows={table.sorted}
            columns={columns}
            filename="tahaluf-intel-feed"
            testId="intel-export"
          />{' '}
          <button
            type="button"
            onClick={() => void exportBundle()}
            disabled={!feed.data?.items.length}
            title={t('intel.exportBundleLabel')}
            data-testid="intel-export-stix"
          >
            {t('intel.exportBundle')}
          </button>
          {bundleError && (
            <span className="error-text" role="alert">
              {bundleError}
            </span>
          )}
        </div>
        {secretariat ||
        (feed.error instanceof ApiError && feed.error.detailCode === 'member_user_required') ? (
          // Not a fault: intelligence is the members' own; the secretariat's users hold none of it.
          <p className="notice" role="status" data-testid="intel-members-only">
            {t('intel.membersOnly')}
          </p>
        ) : feed.error ? (
          <p className="error-text">{errText(feed.error, i18n)}</p>
        ) : null}
        {feed.data && !feed.data.items.length ? (
          <p className="muted">{t('intel.nothing')}</p>
        ) : null}
        {feed.data && feed.data.items.length ? (
          <p className="small muted">{t('intel.newest', { count: feed.data.items.length })}</p>
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
                  <td className="small">{when(i.dateAdded, i18n)}</td>
                  <td>{typeName(i.type, i18n)}</td>
                  <td>
                    {i.name} <WarningFlags flags={i.warnings} compact />
                  </td>
                  <td className="small">
                    <LabelMark label={i.label} />
                  </td>
                  <td className="small" title={i.collection}>
                    {labels.collection(i.collection)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {table.pager}
      </section>
      {selected ? (
        <ObjectPanel id={selected} onClose={() => setSelected(null)} onTechnique={setTechnique} />
      ) : null}
      {/* The volume chart, the ATT&CK map, sharing and receipts are a member's reader's. */}
      {signedIn && (
        <>
          <IntelVolume reload={reload} />
          <AttackBrowse technique={technique} onTechnique={setTechnique} onOpen={setSelected} />
          <SharePanel onShared={() => setReload((x) => x + 1)} />
          <ReceiptsPanel reload={reload} />
        </>
      )}
    </div>
  );
}

interface Volume {
  interval: 'day' | 'week';
  from: string;
  to: string;
  total: number;
  truncated: boolean;
  buckets: { start: string; count: number }[];
}

/**
 * Intelligence volume over time (#13.11): objects the reader may see, shared per day or week
 * (GET /api/intel/volume counts through the hub, hence releasability: never what the reader may not see).
 */
function IntelVolume({ reload }: { reload: number }) {
  const [interval, setIntervalKind] = useState<'day' | 'week'>('day');
  const v = useAsync(() => get<Volume>('/api/intel/volume', { interval }), [interval, reload]);
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const d = v.data;
  const peak = d?.buckets.reduce((a, b) => (b.count > a.count ? b : a), d.buckets[0]);
  const title = t('chart.intel.title');
  return (
    <section className="panel" data-testid="intel-volume" aria-labelledby="intel-volume-h">
      <div className="chart-head">
        <h2 id="intel-volume-h">{title}</h2>
        <IntervalSwitch
          value={interval}
          onChange={setIntervalKind}
          testId="intel-volume-interval"
        />
      </div>
      {v.error ? <p className="error-text">{errText(v.error, i18n)}</p> : null}
      {!d && !v.error ? <p className="muted small">{t('chart.loading')}</p> : null}
      {d && d.total === 0 ? (
        // Nothing to plot: say so, and how intelligence comes to be here, rather than draw empty axes.
        <div className="chart-empty" data-testid="intel-volume-empty">
          <p>{t('chart.intel.empty', { from: date(d.from), to: date(d.to) })}</p>
          <p className="small muted">{t('chart.intel.emptyHow', { share: t('intel.share') })}</p>
        </div>
      ) : null}
      {d && d.total > 0 && (
        <>
          <TimeBars
            title={title}
            description={
              d.total && peak
                ? t('chart.intel.desc', {
                    from: date(d.from),
                    to: date(d.to),
                    total: num(d.total),
                    peak: date(peak.start),
                    peakCount: num(peak.count),
                  })
                : t('chart.intel.descEmpty', { from: date(d.from), to: date(d.to) })
            }
            series={[{ key: 'count', label: t('chart.intel.series'), color: 'var(--chart-1)' }]}
            bars={d.buckets.map((b) => ({ start: b.start, values: { count: b.count } }))}
            testId="intel-volume-chart"
          />
          <p className="small muted">{t('chart.intel.note')}</p>
          {d.truncated && (
            <p className="small notice">{t('chart.intel.truncated', { max: num(50_000) })}</p>
          )}
        </>
      )}
    </section>
  );
}

function ObjectPanel({
  id,
  onClose,
  onTechnique,
}: {
  id: string;
  onClose: () => void;
  onTechnique: (techniqueId: string) => void;
}) {
  const g = useAsync(() => get<Graph>(`/api/intel/objects/${encodeURIComponent(id)}`), [id]);
  const labels = useLabelText();
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
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section className="panel" data-testid="intel-object">
      <h2>
        {textField(g.data?.object.name, id)} <button onClick={onClose}>{t('intel.close')}</button>
      </h2>
      {g.error ? <p className="error-text">{errText(g.error, i18n)}</p> : null}
      {g.data ? (
        <>
          <p className="small">{textField(g.data.object.description, '')}</p>
          <svg
            width={620}
            height={260}
            role="img"
            aria-label={t('intel.graph')}
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
                    <title>{t('intel.node', { type: typeName(n.type, i18n), name: n.name })}</title>
                    {t('intel.node', {
                      type: typeName(n.type, i18n),
                      name: n.name.length > 40 ? `${n.name.slice(0, 39)}…` : n.name,
                    })}
                  </text>
                </g>
              );
            })}
          </svg>
          <dl className="facts" data-testid="intel-object-facts">
            <dt>{t('intel.fact.type')}</dt>
            <dd>{typeName(String(g.data.object.type), i18n)}</dd>
            <dt>{t('intel.fact.label')}</dt>
            <dd data-testid="intel-object-label">
              <LabelMark label={self?.label} />
            </dd>
            <dt>{t('intel.fact.originator')}</dt>
            <dd>{self?.originator ?? '—'}</dd>
            <dt>{t('intel.fact.collection')}</dt>
            <dd title={g.data.collection}>{labels.collection(g.data.collection)}</dd>
            <dt>{t('intel.fact.version')}</dt>
            <dd className="code">
              {textField(g.data.object.modified ?? g.data.object.created, '—')}
            </dd>
            <dt>{t('intel.fact.related')}</dt>
            <dd>
              {t('intel.related', {
                objects: g.data.nodes.length - 1,
                links: g.data.edges.length,
              })}
            </dd>
          </dl>
          <Provenance provenance={g.data.provenance} />
          <ObjectTechniques techniques={g.data.techniques} onTechnique={onTechnique} />
          <Sightings id={id} originator={self?.originator ?? null} />
          <WarningFlags flags={g.data.warnings} />
          <details>
            <summary className="small">{t('intel.stixJson')}</summary>
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
  const { t } = i18n;
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
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
  // Alliances by their short name (GCC) in English, by the registry's Arabic name in Arabic.
  const textOf = new Map(
    communities.map((c) => {
      const short = c.text.replace(/ \(alliance\)$/, '');
      return [
        c.value,
        c.kind === 'alliance'
          ? i18n.locale === 'en'
            ? short
            : allianceName(c.value, short)
          : stateName(c.value),
      ];
    }),
  );
  const f = filter.trim().toLowerCase();
  const shown = (kind: 'alliance' | 'state') =>
    communities.filter(
      (c) =>
        c.kind === kind &&
        (!f ||
          c.text.toLowerCase().includes(f) ||
          c.name.toLowerCase().includes(f) ||
          (textOf.get(c.value) ?? '').toLowerCase().includes(f)),
    );
  /** A collection's title in the reader's language: an alliance's, or a member's national one. */
  const collectionTitle = (c: { alias: string; title: string }) => {
    const member = /^member-([a-z]{3})$/.exec(c.alias);
    if (member) {
      const code = member[1].toUpperCase();
      return t('intel.collection.member', { name: stateName(code), code });
    }
    return t('intel.collection.alliance', {
      name: i18n.locale === 'en' ? c.title.replace(/ intelligence$/, '') : allianceName(c.alias),
    });
  };
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
      setMessage({ ok: false, text: errText(e, i18n, stateName) });
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
          note: m.iso3 === pv.originator ? t('intel.note.originator') : t('intel.note.receives'),
        })),
        ...pv.outsideCollection.map((m) => ({
          iso3: m.iso3,
          fill: PREVIEW_COLOURS.outside,
          hatch: true,
          note: t('intel.note.outside', { collection: pv.collection }),
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
              <span title={allianceName(c.value, c.name)}>{textOf.get(c.value)}</span>
            ) : (
              <span>
                <span className="code" translate="no">
                  {c.value}
                </span>{' '}
                {stateName(c.value)}
              </span>
            )}
          </label>
        ))}
        {!shown(kind).length ? <span className="muted small">{t('intel.noneMatches')}</span> : null}
      </div>
    </div>
  );
  return (
    <section className="panel" data-testid="intel-share">
      <h2>{t('intel.share')}</h2>
      <div className="share-layout">
        {/* minWidth 0: the grid column may shrink below its longest option (Arabic collection
            names are long), so the phone layout does not scroll sideways. */}
        <div className="share-form" style={{ minWidth: 0 }}>
          <label className="field">
            {t('intel.share.collection')}
            <select
              value={collection}
              onChange={(e) => setCollection(e.target.value)}
              data-testid="intel-share-collection"
            >
              {(opts.data?.collections ?? []).map((c) => (
                <option key={c.alias} value={c.alias}>
                  {collectionTitle(c)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('intel.share.title')}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={t('intel.share.titleExample')}
              data-testid="intel-share-name"
            />
          </label>
          <label className="field">
            {t('intel.share.summary')}
            <textarea
              rows={3}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              data-testid="intel-share-description"
            />
          </label>
          <fieldset className="label-picker">
            <legend>{t('intel.share.label')}</legend>
            <div className="field-row">
              <label className="field">
                {t('intel.share.classification')}
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
                {t('intel.share.tlp')}
                <select
                  value={tlp}
                  onChange={(e) => setTlp(e.target.value)}
                  data-testid="intel-share-tlp"
                >
                  {(opts.data?.tlp ?? []).map((level) => (
                    <option key={level} value={level} translate="no">
                      TLP:{level.toUpperCase()}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field grow">
                {t('intel.share.find')}
                <input
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                  placeholder={t('intel.share.findExample')}
                  data-testid="intel-share-rel-filter"
                />
              </label>
            </div>
            <div className="field-label">{t('intel.share.releasable')}</div>
            <div className="chips" data-testid="intel-share-rel-chosen">
              {rel.length ? (
                rel.map((r) => (
                  <button
                    key={r}
                    type="button"
                    className="chip"
                    onClick={() => toggle(r)}
                    title={t('intel.share.remove')}
                  >
                    {t('intel.share.chip', { name: textOf.get(r) ?? r })}
                  </button>
                ))
              ) : (
                <span className="muted small">{t('intel.share.nothingChosen')}</span>
              )}
            </div>
            <div className="rel-groups">
              {checklist('alliance', t('intel.alliances'))}
              {checklist('state', t('intel.states'))}
            </div>
          </fieldset>
          <div className="share-actions">
            <button
              className="primary"
              disabled={!name.trim() || !collection || busy}
              onClick={() => void share()}
              data-testid="intel-share-submit"
            >
              {t('intel.share.submit')}
            </button>
            <span className="muted small">{t('intel.share.signed')}</span>
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
        <div className="share-preview" data-testid="intel-share-preview" style={{ minWidth: 0 }}>
          <div className="field-label">
            {t('intel.share.who', { day: pv ? i18n.date(pv.day) : 'none' })}
          </div>
          {preview.error ? (
            <p className="error-text small">{errText(preview.error, i18n)}</p>
          ) : null}
          <RegionMap
            states={shaded}
            fitTo={shaded.map((x) => x.iso3)}
            ariaLabel={t('intel.share.map')}
            testId="intel-share-map"
          >
            <ul className="legend">
              <li>
                <span className="swatch" style={{ background: PREVIEW_COLOURS.originator }} />{' '}
                {t('intel.legend.originator')}
              </li>
              <li>
                <span className="swatch" style={{ background: PREVIEW_COLOURS.receives }} />{' '}
                {t('intel.legend.receives')}
              </li>
              <li>
                <span className="swatch hatched" style={{ background: PREVIEW_COLOURS.outside }} />{' '}
                {t('intel.legend.outside')}
              </li>
            </ul>
          </RegionMap>
          {pv ? (
            <>
              <p className="small" data-testid="intel-share-reach">
                {i18n.rich('intel.reach', {
                  count: pv.members.length,
                  n: i18n.num(pv.members.length),
                  names: joinNames(
                    pv.members.map((m) => stateName(m.iso3)),
                    i18n,
                  ),
                  strong: (c) => <strong>{c}</strong>,
                })}
              </p>
              {pv.outsideCollection.length ? (
                <p className="notice small" data-testid="intel-share-outside">
                  {t('intel.outside', {
                    names: joinNames(
                      pv.outsideCollection.map((m) => stateName(m.iso3)),
                      i18n,
                    ),
                    count: pv.outsideCollection.length,
                    collection: pv.collection,
                  })}
                </p>
              ) : null}
              <p className="muted small">{t('intel.clearance', { classification })}</p>
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** Names separated by commas in the reader's script (`Qatar, Saudi Arabia` / `قطر، السعودية`). */
const joinNames = (names: string[], i18n: I18n) => names.join(i18n.locale === 'ar' ? '، ' : ', ');

function ReceiptsPanel({ reload }: { reload: number }) {
  const r = useAsync(() => get<{ receipts: Receipt[] }>('/api/intel/receipts'), [reload]);
  const i18n = useI18n();
  const { t } = i18n;
  const stateName = useStateNames();
  if (r.error || !r.data) return null;
  const recipients = new Set(r.data.receipts.map((x) => x.recipient));
  const objects = new Set(r.data.receipts.map((x) => x.objectId));
  return (
    <section className="panel" data-testid="intel-receipts">
      <h2>
        {t('intel.receipts')}{' '}
        <button onClick={r.reload} className="link-button small">
          {t('intel.receipts.refresh')}
        </button>
      </h2>
      {!r.data.receipts.length ? (
        <p className="muted">{t('intel.receipts.none')}</p>
      ) : (
        <p className="small muted">
          {t('intel.receipts.summary', {
            objects: objects.size,
            members: recipients.size,
            names: joinNames([...recipients].sort().map(stateName), i18n),
          })}
        </p>
      )}
      {r.data.receipts.length ? (
        <table className="table">
          <thead>
            <tr>
              <th>{t('intel.col.firstReceived')}</th>
              <th>{t('intel.col.object')}</th>
              <th>{t('intel.col.recipient')}</th>
              <th>{t('intel.col.user')}</th>
              <th>{t('intel.col.channel')}</th>
            </tr>
          </thead>
          <tbody>
            {r.data.receipts.map((x) => (
              <tr
                key={`${x.objectId}|${x.recipient}|${x.user}|${x.channel}`}
                data-testid="intel-receipt-row"
              >
                <td className="small">{when(x.at, i18n, true)}</td>
                <td>
                  {x.name ?? <span className="code">{x.objectId}</span>}{' '}
                  <span className="muted small">{typeName(x.type, i18n)}</span>
                </td>
                <td data-member={x.recipient}>{stateName(x.recipient)}</td>
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
