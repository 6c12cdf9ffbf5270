import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, get, getSession, request, type Alliance } from '../api.js';
import { RegionMap, type MapPoint } from '../components/RegionMap.js';
import { ShareBars, type ShareRow } from '../components/Charts.js';
import { rowAction } from '../components/row-action.js';
import { Sources } from '../components/Sources.js';
import { useAllianceNames, useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { problemText, type FieldLabels } from '../problem-text.js';
import type { ForcesBoard } from '../../forces/forces-board.js';
import type { InteropMatrix } from '../../forces/interoperability.js';
import type { ExerciseView } from '../../forces/exercise-planner.js';
import type { EquipmentFamily } from '../../forces/catalogue.js';
import type { Pledge } from '../../forces/model.js';

const DEFAULT_ALLIANCE = 'joint-arab-force';
const UNIT_TYPES = [
  'land',
  'air',
  'naval',
  'air_and_missile_defence',
  'medical',
  'logistics',
  'cyber',
  'staff',
] as const;
const CAVEATS = [
  'in_region_only',
  'home_territory_only',
  'defensive_only',
  'no_offensive_ops',
  'non_combat_only',
  'un_mandate_required',
  'host_consent_required',
  'national_command_only',
] as const;
const TYPE_COLOURS: Record<string, string> = {
  land: '#7c5e3c',
  air: '#2f6db5',
  naval: '#1d3f72',
  air_and_missile_defence: '#b5482f',
  medical: '#2f9e5b',
  logistics: '#8a7d2f',
  cyber: '#6d3fb5',
  staff: '#555',
};
const label = (t: string) => t.replace(/_/g, ' ');
type UnitType = (typeof UNIT_TYPES)[number];
type Caveat = (typeof CAVEATS)[number];
const UNIT_TYPE_SET: ReadonlySet<string> = new Set(UNIT_TYPES);
const CAVEAT_SET: ReadonlySet<string> = new Set(CAVEATS);
const isUnitType = (x: string): x is UnitType => UNIT_TYPE_SET.has(x);
const isCaveat = (x: string): x is Caveat => CAVEAT_SET.has(x);
/** A capability (unit type) in the reader's language. */
const typeName = ({ t }: I18n, x: string) => (isUnitType(x) ? t(`forces.type.${x}`) : label(x));
/** A caveat in the reader's language. */
const caveatName = ({ t }: I18n, x: string) => (isCaveat(x) ? t(`forces.caveat.${x}`) : label(x));

const forcesApi = {
  board: (a: string) => get<ForcesBoard>(`/api/forces/board/${encodeURIComponent(a)}`),
  matrix: (a: string, capability: string) =>
    get<InteropMatrix>('/api/forces/interoperability', {
      alliance: a,
      capability: capability || undefined,
    }),
  exercises: (a: string) => get<ExerciseView[]>('/api/exercises', { alliance: a }),
  equipment: () => get<{ families: EquipmentFamily[] }>('/api/equipment'),
  pledge: (body: unknown) => request<{ id: string }>('/api/pledges', { method: 'POST', body }),
  pledgeDetail: (id: string) =>
    get<Pledge & { history: { id: string; at: string; actor: string; type: string }[] }>(
      `/api/pledges/${encodeURIComponent(id)}`,
    ),
};

/** The pledge an address opens: #/forces/<alliance id>/pledge/<pledge id>. */
export function pledgeOfRoute(route: string[]): string | null {
  return route[0] === 'forces' && route[2] === 'pledge' && route[3] ? route[3] : null;
}

/**
 * Route: #/forces[/<alliance id>[/pledge/<pledge id>]]. The board (pledged vs required, bases, headquarters) is public and shown
 * read-only without a session; pledging, the interoperability matrix and the exercise calendar need a member.
 */
export function ForcesView() {
  const i18n = useI18n();
  const { t, rich } = i18n;
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
  const route = useHashRoute();
  const allianceId = route[1] ?? DEFAULT_ALLIANCE;
  const pledgeId = pledgeOfRoute(route);
  const openPledge = (id: string | null) => {
    const base = `#/forces/${encodeURIComponent(allianceId)}`;
    window.location.hash = id ? `${base}/pledge/${encodeURIComponent(id)}` : base;
  };
  const member = useSession()?.member ?? null;
  const alliances = useAsync(() => api.alliances(), []);
  const board = useAsync(() => forcesApi.board(allianceId), [allianceId, member]);
  const [capability, setCapability] = useState('');
  const matrix = useAsync(
    () => forcesApi.matrix(allianceId, capability),
    [allianceId, capability, member],
  );
  const exercises = useAsync(() => forcesApi.exercises(allianceId), [allianceId, member]);
  const reload = () => {
    board.reload();
    matrix.reload();
  };
  const unauth =
    member === null || (matrix.error instanceof ApiError && matrix.error.status === 401);
  return (
    <div className="forces-view">
      <section className="panel map-controls">
        <label>
          {t('forces.alliance')}
          <select
            data-testid="forces-alliance"
            value={allianceId}
            onChange={(e) =>
              (window.location.hash = `#/forces/${encodeURIComponent(e.target.value)}`)
            }
          >
            {!alliances.data && <option value={allianceId}>{allianceId}</option>}
            {(alliances.data ?? []).map((a: Alliance) => (
              <option key={a.id} value={a.id}>
                {allianceName(a.id, a.name)}
              </option>
            ))}
          </select>
        </label>
        {board.data?.headquarters && (
          <span data-testid="forces-hq">
            {rich('forces.hq', {
              place: board.data.headquarters.place.name,
              host: stateName(board.data.headquarters.host),
              b: (chunks) => <strong>{chunks}</strong>,
            })}
          </span>
        )}
        {board.loading && <span className="muted">{t('forces.loading')}</span>}
      </section>
      {unauth && (
        <p className="panel notice" data-testid="forces-public-note">
          {t('forces.publicNote')}
        </p>
      )}
      {board.error && <p className="panel error-text">{board.error.message}</p>}
      {board.data && (
        <>
          <div className="two-columns">
            <Coverage board={board.data} />
            <BasesMap board={board.data} />
          </div>
          <Burden board={board.data} />
          <BurdenChart board={board.data} />
          <PledgeList board={board.data} opened={pledgeId} onOpen={openPledge} />
        </>
      )}
      {pledgeId && (
        <PledgePanel
          id={pledgeId}
          board={board.data ?? null}
          signedIn={!unauth}
          onClose={() => openPledge(null)}
        />
      )}
      <div className="two-columns">
        {(matrix.data || matrix.error) && !unauth && (
          <section className="panel" data-testid="forces-heatmap">
            <h2>{t('forces.interop')}</h2>
            <label className="small">
              {t('forces.units')}{' '}
              <select
                data-testid="heatmap-capability"
                value={capability}
                onChange={(e) => setCapability(e.target.value)}
              >
                <option value="">{t('forces.allCapabilities')}</option>
                {UNIT_TYPES.map((u) => (
                  <option key={u} value={u}>
                    {typeName(i18n, u)}
                  </option>
                ))}
              </select>
            </label>
            {matrix.error && <p className="error-text small">{matrix.error.message}</p>}
            {matrix.data && <HeatMap m={matrix.data} />}
          </section>
        )}
        {exercises.data && !unauth && <Calendar list={exercises.data} />}
      </div>
      {!unauth && (
        <PledgeForm
          allianceId={allianceId}
          requirement={board.data?.requirement ?? null}
          onDone={reload}
        />
      )}
    </div>
  );
}

function Coverage({ board }: { board: ForcesBoard }) {
  const i18n = useI18n();
  const { t, num, date, list } = i18n;
  const fmt = (n: number) => num(n);
  const rows = board.capabilities.filter((c) => c.pledged > 0 || c.required > 0);
  const max = Math.max(1, ...rows.map((c) => Math.max(c.pledged, c.required)));
  const pct = (n: number) => `${(100 * n) / max}%`;
  return (
    <section className="panel" data-testid="forces-coverage">
      <h2>{t('forces.coverage')}</h2>
      <p className="muted small">
        {board.requirement
          ? t('forces.requirement', {
              // First-strong isolate: the requirement's English title keeps its own direction in Arabic.
              title: `\u2068${board.requirement.title}\u2069`,
              date: date(board.requirement.startDate),
              days: board.requirement.durationDays,
              task: t(`forces.task.${board.requirement.task}`),
            })
          : t('forces.noRequirement')}{' '}
        {t('forces.coverageLegend')}
      </p>
      {rows.map((c) => (
        <div
          key={c.capability}
          data-testid={`coverage-${c.capability}`}
          data-pledged={c.pledged}
          data-required={c.required}
          data-covered={c.covered}
          style={{ margin: '0.45rem 0' }}
        >
          <div className="small" style={{ display: 'flex', justifyContent: 'space-between' }}>
            <span>{typeName(i18n, c.capability)}</span>
            <span className={c.short > 0 ? 'error-text' : 'muted'}>
              {t('forces.coverageRow', {
                covered: fmt(c.covered),
                required: fmt(c.required),
                pledged: fmt(c.pledged),
              })}
              {c.short > 0 ? t('forces.short', { short: fmt(c.short) }) : ''}
            </span>
          </div>
          <div style={{ position: 'relative', height: 14, background: '#eef0f3', borderRadius: 3 }}>
            <div
              style={{
                position: 'absolute',
                inset: 0,
                width: pct(c.pledged),
                background: '#c9d6ea',
                borderRadius: 3,
              }}
            />
            <div
              className="coverage-covered"
              style={{
                position: 'absolute',
                inset: 0,
                width: pct(c.covered),
                background: TYPE_COLOURS[c.capability] ?? '#345',
                borderRadius: 3,
              }}
            />
            {c.required > 0 && (
              <div
                title={t('forces.requiredMark', { n: fmt(c.required) })}
                style={{
                  position: 'absolute',
                  top: -3,
                  bottom: -3,
                  left: pct(c.required),
                  width: 2,
                  background: '#111',
                }}
              />
            )}
          </div>
        </div>
      ))}
      {board.generation && (
        <p className="small">
          {t('forces.total', {
            covered: fmt(board.generation.totals.covered),
            required: fmt(board.generation.totals.required),
            upper: fmt(board.generation.totals.upperBound),
          })}
        </p>
      )}
      <ul className="small" data-testid="forces-shortfalls">
        {board.generation?.lines
          .filter((l) => l.short > 0)
          .map((l) => (
            <li key={l.lineId}>
              {t('forces.lineShort', { line: l.lineId, short: fmt(l.short) })}
              {Object.keys(l.excluded).length
                ? t('forces.leftOut', {
                    list: list(
                      Object.entries(l.excluded).map(([k, n]) =>
                        t('forces.excluded', { reason: exclusionName(i18n, k), n: fmt(n ?? 0) }),
                      ),
                    ),
                  })
                : t('forces.nothingMore')}
            </li>
          ))}
      </ul>
    </section>
  );
}

/** Why units were left out of a requirement line, in the reader's language. */
function exclusionName(i18n: I18n, k: string): string {
  const { t } = i18n;
  if (k.startsWith('caveat:'))
    return t('forces.excl.caveat', { caveat: caveatName(i18n, k.slice(7)) });
  switch (k) {
    case 'readiness':
    case 'duration':
    case 'availability':
    case 'booked':
      return t(`forces.excl.${k}`);
    default:
      return label(k);
  }
}

function BasesMap({ board }: { board: ForcesBoard }) {
  const i18n = useI18n();
  const { t, list } = i18n;
  const stateName = useStateNames();
  const points = useMemo<MapPoint[]>(() => {
    const byPlace = new Map<string, MapPoint & { troops: number; types: Set<string> }>();
    for (const b of board.bases) {
      const key = `${b.member}|${b.name}`;
      const p = byPlace.get(key) ?? {
        id: key,
        lon: b.lon,
        lat: b.lat,
        label: b.member,
        troops: 0,
        types: new Set<string>(),
        data: { member: b.member },
      };
      p.troops += b.size;
      p.types.add(b.type);
      byPlace.set(key, p);
    }
    const pts: MapPoint[] = [...byPlace.values()].map((p) => ({
      ...p,
      radius: 3 + Math.sqrt(p.troops) / 12,
      color: '#2f6db5',
      note: t('forces.baseNote', {
        member: stateName(p.label ?? ''),
        count: p.troops,
        types: list([...p.types].map((x) => typeName(i18n, x))),
      }),
    }));
    const hq = board.headquarters;
    if (hq)
      pts.push({
        id: 'hq',
        lon: hq.place.lon,
        lat: hq.place.lat,
        label: t('forces.hqLabel', { place: hq.place.name }),
        color: '#b5482f',
        radius: 6,
        note: t('forces.hqNote', { host: stateName(hq.host) }),
      });
    return pts;
  }, [board, i18n, t, list, stateName]);
  return (
    <section className="panel">
      <h2>{t('forces.bases')}</h2>
      <RegionMap
        points={points}
        extent={[
          [-12, 10],
          [62, 40],
        ]}
        ariaLabel={t('forces.basesMap')}
        testId="forces-map"
      />
      <p className="muted small">{t('forces.basesNote')}</p>
    </section>
  );
}

function Burden({ board }: { board: ForcesBoard }) {
  const { t, num } = useI18n();
  const stateName = useStateNames();
  const fmt = (n: number) => num(n);
  const g = board.generation;
  const members = new Map<
    string,
    {
      member: string;
      troops: number;
      units: number;
      pledges: number;
      kinds: Set<'illustrative' | 'sourced' | 'recorded'>;
      amended: boolean;
    }
  >();
  for (const p of board.pledges) {
    const m = members.get(p.member) ?? {
      member: p.member,
      troops: 0,
      units: 0,
      pledges: 0,
      kinds: new Set<'illustrative' | 'sourced' | 'recorded'>(),
      amended: false,
    };
    m.troops += p.troops;
    m.units += p.units;
    m.pledges += 1;
    m.kinds.add(p.illustrative ? 'illustrative' : p.sourced ? 'sourced' : 'recorded');
    m.amended ||= p.version > 1;
    members.set(p.member, m);
  }
  return (
    <section className="panel">
      <h2>{t('forces.burden')}</h2>
      <table className="membership-list" data-testid="forces-pledges">
        <thead>
          <tr>
            <th>{t('forces.col.member')}</th>
            <th>{t('forces.col.troops')}</th>
            <th>{t('forces.col.units')}</th>
            <th>{t('forces.col.assigned')}</th>
            <th>{t('forces.col.share')}</th>
            {g?.currency && <th>{t('forces.col.cost', { currency: g.currency })}</th>}
            <th>{t('forces.col.kind')}</th>
          </tr>
        </thead>
        <tbody>
          {[...members.values()].map((m) => {
            const b = g?.burden.find((x) => x.member === m.member);
            return (
              <tr key={m.member} data-member={m.member}>
                <td>{stateName(m.member)}</td>
                <td>{fmt(m.troops)}</td>
                <td>
                  {fmt(m.units)}
                  {m.pledges > 1 ? t('forces.pledges', { count: m.pledges }) : ''}
                </td>
                <td>{b ? fmt(b.troops) : '—'}</td>
                <td>
                  {b
                    ? num(b.share, {
                        style: 'percent',
                        minimumFractionDigits: 1,
                        maximumFractionDigits: 1,
                      })
                    : '—'}
                </td>
                {g?.currency && <td>{b?.cost != null ? fmt(Math.round(b.cost)) : '—'}</td>}
                <td>
                  {[...m.kinds].map((k) => (
                    <span
                      key={k}
                      className={`badge ${k === 'illustrative' ? 'warn' : k === 'sourced' ? 'status-in_force' : ''}`}
                    >
                      {t(`forces.kind.${k}`)}
                    </span>
                  ))}{' '}
                  {m.amended && <span className="muted small">{t('forces.amended')}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Burden shares (#13.11): each member's share of the troops or units pledged to the alliance, or of
 * the troops of one capability (from the units' home bases on the board), largest first.
 */
function BurdenChart({ board }: { board: ForcesBoard }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const stateName = useStateNames();
  const [measure, setMeasure] = useState<string>('troops');
  const capabilities = [...new Set(board.bases.map((b) => b.type))];
  const rows = useMemo<ShareRow[]>(() => {
    const by = new Map<string, number>();
    if (measure === 'troops' || measure === 'units')
      for (const p of board.pledges) by.set(p.member, (by.get(p.member) ?? 0) + p[measure]);
    else
      for (const b of board.bases)
        if (b.type === measure) by.set(b.member, (by.get(b.member) ?? 0) + b.size);
    const total = [...by.values()].reduce((a, b) => a + b, 0);
    return [...by]
      .filter(([, v]) => v > 0)
      .map(([member, value]) => ({
        key: member,
        label: stateName(member),
        value,
        share: total ? value / total : 0,
      }))
      .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
  }, [board, measure, stateName]);
  const total = rows.reduce((a, r) => a + r.value, 0);
  const valueLabel =
    measure === 'units'
      ? t('chart.burden.units')
      : measure === 'troops'
        ? t('chart.burden.troops')
        : `${t('chart.burden.troops')} · ${typeName(i18n, measure)}`;
  return (
    <section className="panel" data-testid="burden-chart-panel">
      <div className="chart-head">
        <h2>{t('chart.burden.title')}</h2>
        <label className="small">
          {t('chart.burden.measure')}{' '}
          <select
            value={measure}
            onChange={(e) => setMeasure(e.target.value)}
            data-testid="burden-measure"
          >
            <option value="troops">{t('chart.burden.troops')}</option>
            <option value="units">{t('chart.burden.units')}</option>
            {capabilities.map((c) => (
              <option key={c} value={c}>
                {`${t('chart.burden.troops')} · ${typeName(i18n, c)}`}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows.length ? (
        <ShareBars
          title={valueLabel}
          description={t('chart.burden.desc', { total: num(total) })}
          rows={rows}
          valueLabel={valueLabel}
          testId="burden-chart"
        />
      ) : (
        <p className="muted">{t('chart.burden.empty')}</p>
      )}
    </section>
  );
}

/** Every pledge on the board, each opening its own address (#/forces/<alliance>/pledge/<id>). */
function PledgeList({
  board,
  opened,
  onOpen,
}: {
  board: ForcesBoard;
  opened: string | null;
  onOpen: (id: string | null) => void;
}) {
  const { t, num } = useI18n();
  const stateName = useStateNames();
  if (!board.pledges.length) return null;
  return (
    <section className="panel" data-testid="pledge-list" aria-labelledby="pledge-list-h">
      <h2 id="pledge-list-h">{t('forces.pledgeList')}</h2>
      <table className="membership-list">
        <thead>
          <tr>
            <th>{t('forces.col.pledge')}</th>
            <th>{t('forces.col.member')}</th>
            <th>{t('forces.col.troops')}</th>
            <th>{t('forces.col.units')}</th>
            <th>{t('forces.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {board.pledges.map((p, i) => (
            <tr
              key={p.id}
              data-testid="pledge-row"
              data-pledge={p.id}
              {...rowAction(() => onOpen(opened === p.id ? null : p.id), opened === p.id, i === 0)}
            >
              <td className="code" translate="no">
                {p.id}
              </td>
              <td>{stateName(p.member)}</td>
              <td>{num(p.troops)}</td>
              <td>{num(p.units)}</td>
              <td>{t('forces.pledgeStatus', { status: p.status, version: p.version })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One pledge: its units, period and signed history (members), or what the public board shows of it. */
function PledgePanel({
  id,
  board,
  signedIn,
  onClose,
}: {
  id: string;
  board: ForcesBoard | null;
  signedIn: boolean;
  onClose: () => void;
}) {
  const i18n = useI18n();
  const { t, num, date, dateTime, list } = i18n;
  const stateName = useStateNames();
  const detail = useAsync(
    () => (signedIn ? forcesApi.pledgeDetail(id) : Promise.resolve(null)),
    [id, signedIn],
  );
  const onBoard = board?.pledges.find((p) => p.id === id);
  const p = detail.data;
  const member = p?.member ?? onBoard?.member;
  return (
    <section
      className="panel"
      data-testid="pledge-detail"
      data-pledge={id}
      aria-labelledby="pledge-h"
    >
      <h2 id="pledge-h">
        {member ? t('forces.pledgeOf', { member: stateName(member) }) : t('forces.pledgeTitle')}{' '}
        <code translate="no">{id}</code>
      </h2>
      {detail.error && (
        <p className="error-text" data-testid="pledge-error">
          {detail.error instanceof ApiError && detail.error.status === 404
            ? t('forces.pledgeNotFound')
            : detail.error.message}
        </p>
      )}
      {!signedIn && (
        <p className="muted small">
          {onBoard
            ? t('forces.pledgeSummary', {
                troops: num(onBoard.troops),
                units: num(onBoard.units),
              })
            : t('forces.pledgeNotFound')}{' '}
          {t('forces.pledgeSignIn')}
        </p>
      )}
      {p && (
        <>
          <p className="small">
            {t('forces.pledgePeriod', {
              from: date(p.availableFrom),
              to: p.availableTo ? date(p.availableTo) : t('forces.openEnded'),
              status: p.status,
              version: p.version,
            })}
          </p>
          {p.note && <p className="small">{p.note}</p>}
          <div className="table-scroll">
            <table data-testid="pledge-units">
              <thead>
                <tr>
                  <th>{t('forces.col.unit')}</th>
                  <th>{t('forces.col.type')}</th>
                  <th>{t('forces.col.size')}</th>
                  <th>{t('forces.col.readiness')}</th>
                  <th>{t('forces.col.base')}</th>
                  <th>{t('forces.col.caveats')}</th>
                </tr>
              </thead>
              <tbody>
                {p.units.map((u) => (
                  <tr key={u.id} data-unit={u.id}>
                    <td>{u.name}</td>
                    <td>{typeName(i18n, u.type)}</td>
                    <td>{num(u.size)}</td>
                    <td>{t('forces.days', { days: num(u.readinessDays) })}</td>
                    <td>{u.homeBase.name}</td>
                    <td className="small">
                      {u.caveats.length ? list(u.caveats.map((c) => caveatName(i18n, c))) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('forces.pledgeHistory')}</h3>
          <ul className="small plain-list" data-testid="pledge-history">
            {p.history.map((h) => (
              <li key={h.id}>
                {dateTime(h.at)} · <span translate="no">{h.type}</span> ·{' '}
                {h.actor === 'SECRETARIAT' ? h.actor : stateName(h.actor)} ·{' '}
                <a href={`#/record/${encodeURIComponent(h.id)}`}>{t('forces.inRecord')}</a>
              </li>
            ))}
          </ul>
          <Sources sources={p.sources} compact />
        </>
      )}
      <div className="actions-row">
        <button type="button" onClick={onClose} data-testid="pledge-close">
          {t('forces.close')}
        </button>
      </div>
    </section>
  );
}

const heat = (s: number | null) =>
  s === null ? '#e5e7eb' : `hsl(${Math.round(s * 120)}, 60%, ${70 - s * 25}%)`;

function HeatMap({ m }: { m: InteropMatrix }) {
  const { t, num, list } = useI18n();
  const n = m.units.length;
  const score = new Map(
    m.cells.flatMap(
      (c) =>
        [
          [`${c.a}|${c.b}`, c],
          [`${c.b}|${c.a}`, c],
        ] as const,
    ),
  );
  const size = Math.max(6, Math.min(16, Math.floor(460 / Math.max(1, n))));
  const dataLinks = m.adoption.filter((a) => a.kind === 'data_link');
  return (
    <>
      <p className="muted small">{t('forces.heatLegend')}</p>
      <svg
        width={n * size + 40}
        height={n * size + 40}
        viewBox={`0 0 ${n * size + 40} ${n * size + 40}`}
        className="scales-down"
        role="img"
        aria-label={t('forces.heatLabel')}
      >
        {m.units.map((u, i) => (
          <text key={u.key} x={0} y={40 + i * size + size - 2} fontSize={Math.min(9, size)}>
            {u.member}
          </text>
        ))}
        {m.units.map((a, i) =>
          m.units.map((b, j) => {
            const c = i === j ? null : score.get(`${a.key}|${b.key}`);
            return (
              <rect
                key={`${i}-${j}`}
                x={40 + j * size}
                y={40 + i * size}
                width={size - 1}
                height={size - 1}
                fill={i === j ? '#fff' : heat(c?.score ?? null)}
              >
                <title>
                  {i === j
                    ? a.label
                    : t('forces.pairTitle', {
                        a: a.label,
                        b: b.label,
                        data: c?.data,
                        ammunition: c?.ammunition,
                        fuel: c?.fuel,
                      })}
                </title>
              </rect>
            );
          }),
        )}
      </svg>
      <p className="small" data-testid="forces-islands">
        {t('forces.islands', {
          islands: m.dataIslands.length,
          count: n,
          pairs: m.gaps.filter((g) => g.channel === 'data').length,
        })}
      </p>
      <ul className="small">
        {dataLinks.map((a) => (
          <li key={a.standard}>
            {t('forces.adoption', { standard: a.standard, units: num(a.units), count: n })}
            {a.lacking.length
              ? t('forces.lacking', {
                  list: `${list(
                    a.lacking.slice(0, 6).map((k) => m.units.find((u) => u.key === k)?.label ?? k),
                  )}${a.lacking.length > 6 ? '…' : ''}`,
                })
              : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

function Calendar({ list }: { list: ExerciseView[] }) {
  const { t, date, list: listOf } = useI18n();
  const stateName = useStateNames();
  const names = (codes: string[]) => listOf(codes.map(stateName));
  return (
    <section className="panel" data-testid="forces-exercises">
      <h2>{t('forces.calendar')}</h2>
      {list.length === 0 && <p className="muted">{t('forces.noExercise')}</p>}
      {list.map((e) => (
        <article
          key={e.id}
          data-testid={`exercise-${e.id}`}
          style={{
            borderLeft: `4px solid ${e.status === 'planned' ? '#2f6db5' : e.status === 'completed' ? '#2f9e5b' : '#999'}`,
            padding: '0.2rem 0 0.2rem 0.6rem',
            marginBottom: '0.8rem',
          }}
        >
          <div>
            <strong>
              {date(e.from)} – {date(e.to)}
            </strong>{' '}
            · {e.title} <span className="badge">{t(`forces.exStatus.${e.status}`)}</span>
          </div>
          <div className="small muted">
            {t('forces.exMeta', {
              scenario: e.scenario,
              area: e.area.name,
              hosts: names(e.hosts),
              consents: e.consents.length ? names(e.consents) : t('forces.noneYet'),
              participants: names(e.participants),
              count: e.units.length,
            })}
          </div>
          <div className="small">{e.aim}</div>
          {e.conflicts.map((c, i) => (
            <div key={i} className={c.severity === 'error' ? 'error-text small' : 'small'}>
              ⚠ {c.message}
            </div>
          ))}
          {e.aar && (
            <div className="small">{t('forces.aar', { lessons: listOf(e.aar.lessons) })}</div>
          )}
        </article>
      ))}
    </section>
  );
}

type PledgeFieldName = 'size' | 'readinessDays' | 'durationDays' | 'lon' | 'lat';
type PledgeLabel = PledgeFieldName | 'type' | 'base' | 'equipment' | 'caveats';
/** The pledge form's fields for the API's field paths, so an error names the field as the form shows it. */
const PLEDGE_FIELDS: [RegExp, PledgeLabel][] = [
  [/\/units\/\d+\/type$/, 'type'],
  [/\/units\/\d+\/size$/, 'size'],
  [/\/units\/\d+\/readinessDays$/, 'readinessDays'],
  [/\/units\/\d+\/durationDays$/, 'durationDays'],
  [/\/units\/\d+\/homeBase\/name$/, 'base'],
  [/\/units\/\d+\/homeBase\/lon$/, 'lon'],
  [/\/units\/\d+\/homeBase\/lat$/, 'lat'],
  [/\/units\/\d+\/homeBase$/, 'base'],
  [/\/units\/\d+\/equipment(\/\d+\/family)?$/, 'equipment'],
  [/\/units\/\d+\/caveats(\/\d+)?$/, 'caveats'],
];
const NUMBER_FIELDS: ReadonlySet<PledgeLabel> = new Set<PledgeLabel>([
  'size',
  'readinessDays',
  'durationDays',
  'lon',
  'lat',
]);
const isNumberField = (k: PledgeLabel): k is PledgeFieldName => NUMBER_FIELDS.has(k);
/** A pledge form field's label in the reader's language. */
const fieldName = ({ t }: I18n, k: PledgeLabel) => t(`forces.field.${k}`);
const pledgeLabels = (i18n: I18n): FieldLabels =>
  PLEDGE_FIELDS.map(([re, k]) => [re, fieldName(i18n, k)]);

/** Checks the form before sending: what is missing or out of range, in the form's words. */
export function checkPledgeForm(
  i18n: I18n,
  f: {
    size: string;
    readinessDays: string;
    durationDays: string;
    lon: string;
    lat: string;
  },
): Partial<Record<PledgeFieldName, string>> {
  const { t, num } = i18n;
  const out: Partial<Record<PledgeFieldName, string>> = {};
  const need = (k: PledgeFieldName, min: number, max: number, whole: boolean) => {
    const field = fieldName(i18n, k);
    const v = f[k].trim();
    if (v === '') return (out[k] = t('forces.err.required', { field }));
    const n = Number(v);
    if (!Number.isFinite(n)) return (out[k] = t('forces.err.number', { field }));
    if (whole && !Number.isInteger(n)) return (out[k] = t('forces.err.whole', { field }));
    if (n < min || n > max)
      out[k] = t('forces.err.range', {
        field,
        min: num(min, { useGrouping: false }),
        max: num(max, { useGrouping: false }),
      });
  };
  need('readinessDays', 0, 3650, true);
  need('durationDays', 1, 36500, true);
  need('lon', -180, 180, false);
  need('lat', -90, 90, false);
  if (f.size.trim() === '') out.size = t('forces.err.required', { field: fieldName(i18n, 'size') });
  return out;
}

function PledgeForm({
  allianceId,
  requirement,
  onDone,
}: {
  allianceId: string;
  requirement: ForcesBoard['requirement'];
  onDone: () => void;
}) {
  const i18n = useI18n();
  const { t, rich, num } = i18n;
  const stateName = useStateNames();
  const equipment = useAsync(() => forcesApi.equipment(), []);
  const member = getSession()?.member ?? null;
  const [f, setF] = useState({
    type: 'land',
    size: '500',
    readinessDays: '30',
    durationDays: '180',
    base: '',
    lon: '',
    lat: '',
    family: '',
    caveats: Array.of<string>(),
  });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [problems, setProblems] = useState<Partial<Record<PledgeFieldName, string>>>({});
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => {
    setF({ ...f, [k]: e.target.value });
    if (k in problems) setProblems({ ...problems, [k]: undefined });
  };
  // The readiness limit that decides whether this unit counts toward the alliance's requirement.
  const line = requirement?.lines.find((l) => l.capability === f.type) ?? null;
  const ready = Number(f.readinessDays);
  const tooSlow = line !== null && f.readinessDays.trim() !== '' && ready > line.maxReadinessDays;
  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setMsg(null);
    const found = checkPledgeForm(i18n, f);
    setProblems(found);
    if (Object.values(found).some(Boolean)) {
      setMsg({ ok: false, text: t('forces.notSent') });
      return;
    }
    const n = (s: string) => Number(s.trim());
    const unitId = `${(member ?? 'x').toLowerCase()}-${f.type.replace(/_/g, '-')}-${Date.now().toString(36)}`;
    try {
      await forcesApi.pledge({
        allianceId,
        availableFrom: new Date().toISOString().slice(0, 10),
        units: [
          {
            id: unitId,
            name: `${label(f.type)} unit`,
            type: f.type,
            size: n(f.size),
            readinessDays: n(f.readinessDays),
            durationDays: n(f.durationDays),
            homeBase: { name: f.base.trim() || 'home base', lon: n(f.lon), lat: n(f.lat) },
            caveats: f.caveats,
            equipment: f.family ? [{ family: f.family, quantity: 1 }] : [],
          },
        ],
      });
      setMsg({
        ok: true,
        text: t('forces.recorded', {
          count: num(n(f.size)),
          type: typeName(i18n, f.type),
          member: stateName(member ?? ''),
        }),
      });
      onDone();
    } catch (e) {
      const p = problemText(e, i18n, { labels: pledgeLabels(i18n), stateName });
      const k = p.field ? PLEDGE_FIELDS.find(([re]) => re.test(p.field ?? ''))?.[1] : undefined;
      if (k && isNumberField(k)) setProblems({ [k]: p.text });
      setMsg({ ok: false, text: p.text });
    }
  }
  if (!member) return null;
  const numberField = (
    k: PledgeFieldName,
    props: { step?: string; width: string; hint?: string },
  ) => (
    <label className="form-field">
      <span>
        {fieldName(i18n, k)}{' '}
        <span className="required-mark" aria-hidden="true">
          *
        </span>
      </span>
      <input
        name={k}
        type="number"
        inputMode="decimal"
        step={props.step}
        required
        aria-required="true"
        aria-invalid={problems[k] ? true : undefined}
        aria-describedby={problems[k] ? `pledge-${k}-problem` : undefined}
        value={f[k]}
        onChange={set(k)}
        style={{ width: props.width }}
      />
      {props.hint && <span className="small muted">{props.hint}</span>}
      {problems[k] && (
        <span
          className="field-problem"
          id={`pledge-${k}-problem`}
          data-testid="pledge-field-problem"
        >
          {problems[k]}
        </span>
      )}
    </label>
  );
  return (
    <section className="panel">
      <h2>{t('forces.pledgeAs', { member: stateName(member) })}</h2>
      <p className="small muted">
        {rich('forces.requiredNote', {
          mark: (chunks) => <span className="required-mark">{chunks}</span>,
        })}
      </p>
      <p className="small" data-testid="pledge-readiness-limit">
        {line
          ? t('forces.limit', {
              type: typeName(i18n, f.type),
              requirement: requirement?.title ?? t('forces.theRequirement'),
              days: line.maxReadinessDays,
              required: num(line.personnel),
            })
          : requirement
            ? t('forces.notAsked', {
                requirement: requirement.title,
                type: typeName(i18n, f.type),
              })
            : t('forces.noLimit')}
      </p>
      <form
        onSubmit={(ev) => void submit(ev)}
        data-testid="pledge-form"
        noValidate
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0.6rem', alignItems: 'start' }}
      >
        <label className="form-field">
          <span>
            {fieldName(i18n, 'type')}{' '}
            <span className="required-mark" aria-hidden="true">
              *
            </span>
          </span>
          <select name="type" value={f.type} onChange={set('type')} aria-required="true">
            {UNIT_TYPES.map((u) => (
              <option key={u} value={u}>
                {typeName(i18n, u)}
              </option>
            ))}
          </select>
        </label>
        {numberField('size', { width: '6rem' })}
        {numberField('readinessDays', {
          width: '6rem',
          hint: line ? t('forces.limitHint', { days: line.maxReadinessDays }) : undefined,
        })}
        {numberField('durationDays', { width: '6rem' })}
        <label className="form-field">
          <span>{t('forces.field.baseName')}</span>
          <input name="base" value={f.base} onChange={set('base')} />
          <span className="small muted">{t('forces.baseHint')}</span>
        </label>
        {numberField('lon', {
          step: 'any',
          width: '7rem',
          hint: t('forces.lonHint'),
        })}
        {numberField('lat', { step: 'any', width: '7rem', hint: t('forces.latHint') })}
        <label className="form-field">
          <span>{fieldName(i18n, 'equipment')}</span>
          <select name="family" value={f.family} onChange={set('family')}>
            <option value="">{t('forces.noneListed')}</option>
            {(equipment.data?.families ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset style={{ border: 'none', padding: 0 }}>
          <legend className="small">{fieldName(i18n, 'caveats')}</legend>
          {CAVEATS.map((c) => (
            <label key={c} className="small" style={{ marginRight: '0.5rem' }}>
              <input
                type="checkbox"
                name={`caveat-${c}`}
                checked={f.caveats.includes(c)}
                onChange={(e) =>
                  setF({
                    ...f,
                    caveats: e.target.checked
                      ? [...f.caveats, c]
                      : f.caveats.filter((x) => x !== c),
                  })
                }
              />{' '}
              {caveatName(i18n, c)}
            </label>
          ))}
        </fieldset>
        {tooSlow && line && (
          <p className="notice small" data-testid="pledge-too-slow" role="status">
            {t('forces.tooSlow', { ready: num(ready), limit: num(line.maxReadinessDays) })}
          </p>
        )}
        <button type="submit" className="primary" data-testid="pledge-submit">
          {t('forces.submit')}
        </button>
      </form>
      {msg && (
        <p
          data-testid="pledge-message"
          role={msg.ok ? 'status' : 'alert'}
          className={msg.ok ? 'small' : 'error-text small'}
        >
          {msg.text}
        </p>
      )}
    </section>
  );
}
