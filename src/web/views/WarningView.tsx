import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, get, post, request } from '../api.js';
import {
  RegionMap,
  type MapPoint,
  type MapPolygon,
  type ShadedState,
} from '../components/RegionMap.js';
import { useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { rowAction } from '../components/row-action.js';
import { IntervalSwitch, TimeBars } from '../components/Charts.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { problemText, type FieldLabels } from '../problem-text.js';
import { CapLanguagesPanel } from '../components/CapLanguagesPanel.js';
import { useSession } from '../session.js';
import { ecefToGeodetic } from '../../geo/wgs84.js';
import { geodesicDirect } from '../../geo/geodesic.js';
import type { SensorNetwork } from '../../warning/sensor-model.js';

interface Source {
  id: string;
  running: boolean;
  scenario: string | null;
  simTime: number;
  accepted: number;
  rejected: Record<string, number>;
  tracks: { id: string; time: number; x: number[]; boosting: boolean; shared?: string[] }[];
  threats: {
    id: string;
    time: number;
    impact: { lat: number; lon: number; time: number };
    polygon: [number, number][];
    areaKm2: number;
    members: Record<string, number>;
    launch: { lat: number; lon: number; radiusKm: number } | null;
  }[];
  alerts: { threatId: string; member: string; impactTime: number; polygon: [number, number][] }[];
}
interface Picture {
  network: SensorNetwork;
  log: {
    member: string;
    msgType: string;
    identifier: string;
    sent: string;
    threatId: string;
    impactTime: string;
  }[];
  sources: Source[];
}

const ring = (pts: [number, number][]) => ({
  type: 'Polygon' as const,
  coordinates: [pts.map(([la, lo]) => [lo, la])],
});
const circle = (lat: number, lon: number, km: number): [number, number][] => {
  const pts: [number, number][] = [];
  for (let a = 0; a <= 360; a += 15) {
    const p = geodesicDirect(lat, lon, a, km * 1000);
    pts.push([p.lat, p.lon]);
  }
  return pts;
};

/** The exercise an address opens: #/warning/exercise/<id> (null: the running one, else the last). */
export function exerciseOfRoute(route: string[]): string | null {
  return route[0] === 'warning' && route[1] === 'exercise' && route[2] ? route[2] : null;
}

/**
 * Route: #/warning[/exercise/<id>]. The live regional picture and exercises (illustrative sensors); an
 * exercise opened (from the list, or started here) has its own address, so it can be linked, reloaded
 * and left with the back button.
 */
/** The exercise controls' labels for the API's fields. */
const exerciseLabels = (t: I18n['t']): FieldLabels => [
  [/^body\/scenario$/, t('warning.scenario')],
  [/^body\/seed$/, t('warning.seed')],
  [/^body\/speed$/, t('warning.speed')],
];

export function WarningView() {
  const route = useHashRoute();
  const opened = exerciseOfRoute(route);
  const openExercise = (id: string | null) => {
    window.location.hash = id ? `#/warning/exercise/${encodeURIComponent(id)}` : '#/warning';
  };
  const [pic, setPic] = useState<Picture | null>(null);
  /** The picture's last refusal (said at render time, in the reader's language). */
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const history = useRef(new Map<string, [number, number][]>());
  const scenarios = useAsync(
    () => get<{ id: string; name: string }[]>('/api/warning/scenarios'),
    [],
  );
  const [scenario, setScenario] = useState('single-short');
  const [seed, setSeed] = useState(1);
  const [speed, setSpeed] = useState(20);
  const [message, setMessage] = useState<string | null>(null);
  const i18n = useI18n();
  const { t: tr, num } = i18n;
  const stateName = useStateNames();
  /** The node's 401 for the picture: the public notice says its reason (none yet, or a session that ended). */
  const [signInNeeded, setSignInNeeded] = useState<ApiError | null>(null);
  const [showCoverage, setShowCoverage] = useState(false);
  const [openCap, setOpenCap] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    // One request at a time: a poll that starts while the last is still out would pile requests up
    // on a slow server, and an older answer arriving last would replace a newer picture.
    let inFlight = false;
    const load = (): void => {
      if (inFlight) return;
      inFlight = true;
      // Both outcomes are handled here (the picture or an error shown in the view): nothing to await.
      void get<Picture>('/api/warning/picture')
        .then(
          (p) => {
            if (!alive) return;
            setPic(p);
            setError(null);
          },
          (e: unknown) => {
            if (!alive) return;
            if (e instanceof ApiError && e.status === 401) {
              // The public may not see the picture: stop asking (a 401 a second fills the server's
              // log) and say how to get in. Choosing a member remounts the view, which asks again.
              clearInterval(t);
              setSignInNeeded(e);
              return;
            }
            setError(e);
          },
        )
        .finally(() => {
          inFlight = false;
        });
    };
    const t = setInterval(() => {
      load();
      setTick((x) => x + 1);
    }, 1000);
    load();
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, []);

  const source = opened
    ? pic?.sources.find((s) => s.id === opened)
    : (pic?.sources.find((s) => s.running && s.id !== 'live') ??
      pic?.sources[pic.sources.length - 1]);
  const exercises = (pic?.sources ?? []).filter((s) => s.id !== 'live');
  const openedMissing = opened !== null && pic !== null && !source;
  for (const t of source?.tracks ?? []) {
    const g = ecefToGeodetic([t.x[0], t.x[1], t.x[2]]);
    const h = history.current.get(t.id) ?? [];
    h.push([g.lat, g.lon]);
    history.current.set(t.id, h.slice(-120));
  }

  const warned = useMemo(() => {
    const m = new Map<string, number>();
    for (const a of source?.alerts ?? []) m.set(a.member, (m.get(a.member) ?? 0) + 1);
    return m;
  }, [source]);

  const states: ShadedState[] = [
    ...(pic?.network.members ?? [])
      .filter((m) => !warned.has(m))
      .map((iso3) => ({ iso3, fill: '#c9d8e8', data: { warned: 'no' } })),
    ...[...warned].map(([iso3, n]) => ({
      iso3,
      fill: '#e8743b',
      note: tr('warning.activeAlerts', { count: n }),
      data: { warned: 'yes' },
    })),
  ];
  const polygons: MapPolygon[] = [
    // Radar coverage is context: off by default, drawn as thin outlines when asked for, so thirteen
    // overlapping rings never cover the threatened areas.
    ...(showCoverage ? (pic?.network.sensors ?? []) : []).flatMap((s) =>
      s.kind === 'radar'
        ? [
            {
              id: `cov-${s.id}`,
              geometry: ring(circle(s.site.lat, s.site.lon, s.maxRangeKm)),
              fill: 'none',
              stroke: '#2f6db5',
              opacity: 0.6,
              label: tr('warning.coverage', { id: s.id }),
              data: { testid: 'radar-ring' },
            },
          ]
        : [],
    ),
    ...(source?.threats ?? []).map((t) => ({
      id: `threat-${t.id}`,
      geometry: ring(t.polygon),
      fill: '#d62728',
      stroke: '#a00',
      opacity: 0.3,
      label: tr('warning.threatenedArea', { id: t.id, area: num(Math.round(t.areaKm2)) }),
      data: { testid: 'warned-zone', members: Object.keys(t.members).join(' ') },
    })),
    ...(source?.threats ?? []).flatMap((t) =>
      t.launch
        ? [
            {
              id: `launch-${t.id}`,
              geometry: ring(circle(t.launch.lat, t.launch.lon, t.launch.radiusKm)),
              fill: '#777',
              stroke: '#555',
              opacity: 0.2,
              label: tr('warning.launchArea', { id: t.id }),
            },
          ]
        : [],
    ),
  ];
  const points: MapPoint[] = [
    ...(pic?.network.sensors ?? []).flatMap((s) =>
      s.kind === 'radar'
        ? [
            {
              id: s.id,
              lat: s.site.lat,
              lon: s.site.lon,
              label: s.id,
              color: '#2f6db5',
              radius: 3,
              note: tr('warning.radarOf', { member: stateName(s.member) }),
            },
          ]
        : [],
    ),
    ...[...history.current].flatMap(([id, h]) =>
      source?.tracks.some((t) => t.id === id)
        ? h.map(([lat, lon], i) => ({
            id: `${id}-${i}`,
            lat,
            lon,
            color: '#222',
            radius: i === h.length - 1 ? 3 : 1,
          }))
        : [],
    ),
    ...(source?.threats ?? []).map((t) => ({
      id: `impact-${t.id}`,
      lat: t.impact.lat,
      lon: t.impact.lon,
      color: '#a00',
      radius: 4,
      label: tr('warning.predictedImpact'),
    })),
  ];

  // What each exercise showed while it ran: a finished exercise frees its threats and alerts, so the
  // summary is built from what this page saw plus the message log.
  const seen = useRef(new Map<string, Seen>());
  for (const src of pic?.sources ?? []) {
    if (src.id === 'live') continue;
    const acc = seen.current.get(src.id) ?? { threats: new Map(), members: new Set<string>() };
    for (const t of src.threats)
      if (!acc.threats.has(t.id))
        acc.threats.set(t.id, { firstSeen: t.time, impact: t.impact.time });
    for (const a of src.alerts) {
      acc.members.add(a.member);
      if (!acc.threats.has(a.threatId))
        acc.threats.set(a.threatId, { firstSeen: null, impact: a.impactTime });
    }
    seen.current.set(src.id, acc);
  }
  const session = useSession();
  /** A member reads its own CAP messages; the secretariat reads all (as /cap/messages checks). */
  const mayRead = (member: string) =>
    session?.member === 'SECRETARIAT' || session?.member === member;
  const summary = useMemo(() => summarise(pic, seen.current, opened), [pic, opened]);

  async function start() {
    setMessage(null);
    try {
      const r = await post<{ id: string; launches: number }>('/api/warning/exercises', {
        scenario,
        seed,
        speed,
      });
      // The new exercise has its own address: the picture follows it, and back returns to the last one.
      openExercise(r.id);
      setMessage(
        i18n.t('answers.done.exerciseStarted', {
          scenario: i18n.t('warning.scenarioName', {
            id: scenario.replace(/-/g, '_'),
            name: scenarios.data?.find((s) => s.id === scenario)?.name ?? scenario,
          }),
          launches: r.launches,
          speed: i18n.num(speed),
        }),
      );
    } catch (e) {
      setMessage(problemText(e, i18n, { labels: exerciseLabels(tr), stateName }).text);
    }
  }

  const now = source?.simTime ?? Date.now() / 1000;
  void tick;
  return (
    <div className="warning-view">
      <section className="panel map-controls">
        <strong>{tr('warning.title')}</strong>
        <label>
          {tr('warning.scenario')}
          <select
            data-testid="warning-scenario"
            value={scenario}
            onChange={(e) => setScenario(e.target.value)}
          >
            {(scenarios.data ?? [{ id: scenario, name: scenario }]).map((s) => (
              <option key={s.id} value={s.id}>
                {tr('warning.scenarioName', { id: s.id.replace(/-/g, '_'), name: s.name })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tr('warning.seed')}{' '}
          <input
            type="number"
            value={seed}
            min={0}
            onChange={(e) => setSeed(Number(e.target.value))}
            style={{ width: '5em' }}
          />
        </label>
        <label>
          {tr('warning.speed')}{' '}
          <input
            type="number"
            value={speed}
            min={1}
            max={100}
            data-testid="warning-speed"
            onChange={(e) => setSpeed(Number(e.target.value))}
            style={{ width: '4em' }}
          />
          ×
        </label>
        <button type="button" data-testid="warning-start" onClick={() => void start()}>
          {tr('warning.start')}
        </button>
        {message && <span data-testid="warning-message">{message}</span>}
        {error !== null && (
          <span className="error-text">{problemText(error, i18n, { stateName }).text}</span>
        )}
      </section>
      {signInNeeded && (
        <p className="panel notice" data-testid="warning-signin" role="status">
          {signInNeeded.detailCode !== 'sign_in_required' && (
            <>{problemText(signInNeeded, i18n, { stateName }).text} </>
          )}
          {tr('warning.signIn')}
        </p>
      )}
      <p className="notice">{tr('warning.only')}</p>
      {openedMissing && (
        <p className="panel notice" data-testid="exercise-missing" role="status">
          {i18n.rich('warning.exerciseMissing', {
            id: opened,
            code: (c) => <code translate="no">{c}</code>,
            kept: MAX_KEPT,
            link: (c) => <a href="#/warning">{c}</a>,
          })}
        </p>
      )}
      <div className="map-layout">
        <div className="map-column">
          <section className="panel">
            <RegionMap
              states={states}
              polygons={polygons}
              points={points}
              extent={[
                [28, 10],
                [64, 36],
              ]}
              ariaLabel={tr('warning.mapLabel')}
              testId="warning-map"
            >
              <ul className="legend">
                <li>
                  <span className="swatch" style={{ background: '#e8743b' }} />{' '}
                  {tr('warning.legend.warned')}
                </li>
                <li>
                  <span className="swatch" style={{ background: '#d62728' }} />{' '}
                  {tr('warning.legend.threatened')}
                </li>
                <li>
                  <label className="inline-label">
                    <input
                      type="checkbox"
                      data-testid="toggle-coverage"
                      checked={showCoverage}
                      onChange={(e) => setShowCoverage(e.target.checked)}
                    />
                    <span className="swatch outline" style={{ borderColor: '#2f6db5' }} />{' '}
                    {tr('warning.legend.coverage')}
                  </label>
                </li>
              </ul>
            </RegionMap>
          </section>
        </div>
        <aside className="side-column">
          <section className="panel">
            <h2>{tr('warning.threats')}</h2>
            {(source?.threats ?? []).length === 0 && (
              <p className="muted">{tr('warning.noThreat')}</p>
            )}
            <ul data-testid="warning-threats">
              {(source?.threats ?? []).map((t) => (
                <li key={t.id} data-testid="warning-threat">
                  {i18n.rich('warning.threat', {
                    id: t.id,
                    seconds: num(Math.max(0, Math.round(t.impact.time - now)), {
                      useGrouping: false,
                    }),
                    countdown: (c) => <strong data-testid="countdown">{c}</strong>,
                    area: num(Math.round(t.areaKm2)),
                    members: Object.keys(t.members).length
                      ? i18n.list(Object.keys(t.members).map((m) => stateName(m)))
                      : '—',
                  })}
                </li>
              ))}
            </ul>
            <p className="muted">
              {tr('warning.sourceLine', {
                source: source ? tr('warning.sourceName', { source: source.id }) : '—',
                accepted: num(source?.accepted ?? 0),
                rejected:
                  Object.entries(source?.rejected ?? {})
                    .map(([k, v]) => `${k} ${num(v)}`)
                    .join(', ') || num(0),
              })}
            </p>
          </section>
          {summary && <ExerciseSummary summary={summary} />}
          {exercises.length > 0 && (
            <ExerciseList list={exercises} opened={source?.id ?? null} onOpen={openExercise} />
          )}
          <section className="panel">
            <h2>{tr('warning.log')}</h2>
            <p className="small muted" data-testid="warning-log-explained">
              {i18n.rich('warning.logExplained', { b: (c) => <strong>{c}</strong> })}
            </p>
            <table data-testid="warning-log">
              <thead>
                <tr>
                  <th>{tr('warning.col.sent')}</th>
                  <th>{tr('warning.col.member')}</th>
                  <th>{tr('warning.col.type')}</th>
                  <th>{tr('warning.col.impact')}</th>
                  <th>{tr('warning.col.cap')}</th>
                </tr>
              </thead>
              <tbody>
                {[...(pic?.log ?? [])]
                  .reverse()
                  .slice(0, 30)
                  .map((m) => (
                    <tr key={m.identifier} data-msgtype={m.msgType} data-member={m.member}>
                      <td>{m.sent.slice(11, 19)}</td>
                      <td>{stateName(m.member)}</td>
                      <td>{m.msgType}</td>
                      <td>{m.impactTime.replace('T', ' ').slice(0, 19)}</td>
                      <td>
                        {mayRead(m.member) ? (
                          <button
                            type="button"
                            className="link-button"
                            data-testid="cap-open"
                            aria-label={tr('warning.openLabel', {
                              type: m.msgType,
                              member: stateName(m.member),
                            })}
                            onClick={() => setOpenCap(m.identifier)}
                          >
                            {tr('warning.open')}
                          </button>
                        ) : (
                          <span
                            className="small muted"
                            title={tr('warning.onlyFor', { member: stateName(m.member) })}
                          >
                            {tr('warning.theirs', { member: stateName(m.member) })}
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
          {openCap && <CapMessage identifier={openCap} onClose={() => setOpenCap(null)} />}
          <CapLanguagesPanel />
          {pic && <LiveTracking live={pic.sources.find((x) => x.id === 'live')} />}
        </aside>
      </div>
      {pic && <AlertHistory refresh={pic.log[pic.log.length - 1]?.identifier ?? ''} />}
    </div>
  );
}

/** GET /api/warning/status: the live engine's load, members' shared tracks and sensor biases. */
interface LiveStatus {
  live: {
    sharedTracks: { accepted: number; fused: number; started: number; queued: number };
    sensorBiases: {
      sensor: string;
      kind: 'rae' | 'ecef';
      units: string[];
      bias: number[];
      sigma: number[];
      tracks: number;
    }[];
  };
}

/**
 * The live engine's tracking picture beside the threats (#18.8): each sensor's registration bias as
 * the live tracker estimates it (GET /api/warning/status, every 5 s) and the members' local tracks
 * fused into live tracks (POST /api/warning/tracks; the picture's live tracks name them).
 */
function LiveTracking({ live }: { live: Source | undefined }) {
  const { t, num } = useI18n();
  const stateName = useStateNames();
  const [status, setStatus] = useState<LiveStatus | null>(null);
  useEffect(() => {
    let alive = true;
    let inFlight = false;
    const load = () => {
      if (inFlight) return;
      inFlight = true;
      void get<LiveStatus>('/api/warning/status')
        .then(
          (s) => alive && setStatus(s),
          (e: unknown) => {
            // The picture's own poll says why (sign-in); here, stop asking on 401.
            if (e instanceof ApiError && e.status === 401) clearInterval(timer);
          },
        )
        .finally(() => {
          inFlight = false;
        });
    };
    const timer = setInterval(load, 5000);
    load();
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  const biases = status?.live.sensorBiases ?? [];
  const shared = (live?.tracks ?? []).filter((tr) => (tr.shared ?? []).length > 0);
  const counts = status?.live.sharedTracks;
  /** One bias component: estimate ± 1σ in its unit (metres to 0.1, degrees to 0.0001). */
  const component = (b: number, sigma: number, unit: string) => {
    const digits = unit === 'deg' ? 4 : 1;
    // A value that rounds to zero is shown as 0, not −0.0000.
    const f = (v: number) =>
      num(Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    return t(unit === 'deg' ? 'warning.bias.deg' : 'warning.bias.m', { b: f(b), s: f(sigma) });
  };
  return (
    <section className="panel" data-testid="live-tracking" aria-labelledby="live-tracking-h">
      <h2 id="live-tracking-h">{t('warning.liveTracking')}</h2>
      <h3>{t('warning.bias.title')}</h3>
      <p className="small muted">{t('warning.bias.explained')}</p>
      {biases.length === 0 ? (
        <p className="muted" data-testid="sensor-bias-none">
          {t('warning.bias.none')}
        </p>
      ) : (
        <table data-testid="sensor-bias">
          <thead>
            <tr>
              <th>{t('warning.bias.col.sensor')}</th>
              <th>{t('warning.bias.col.estimate')}</th>
              <th>{t('warning.bias.col.tracks')}</th>
            </tr>
          </thead>
          <tbody>
            {biases.map((b) => (
              <tr key={b.sensor} data-sensor={b.sensor}>
                <td>
                  <code translate="no">{b.sensor}</code>
                </td>
                <td>
                  {t(b.kind === 'rae' ? 'warning.bias.rae' : 'warning.bias.ecef', {
                    a: component(b.bias[0], b.sigma[0], b.units[0]),
                    b: component(b.bias[1], b.sigma[1], b.units[1]),
                    c: component(b.bias[2], b.sigma[2], b.units[2]),
                  })}
                </td>
                <td>{num(b.tracks)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('warning.shared.title')}</h3>
      <p className="small muted" data-testid="shared-counts">
        {t('warning.shared.explained', {
          accepted: num(counts?.accepted ?? 0),
          fused: num(counts?.fused ?? 0),
          started: num(counts?.started ?? 0),
        })}
      </p>
      {shared.length === 0 ? (
        <p className="muted" data-testid="shared-none">
          {t('warning.shared.none')}
        </p>
      ) : (
        <table data-testid="shared-tracks">
          <thead>
            <tr>
              <th>{t('warning.shared.col.live')}</th>
              <th>{t('warning.shared.col.from')}</th>
              <th>{t('warning.shared.col.position')}</th>
            </tr>
          </thead>
          <tbody>
            {shared.map((tr) => {
              const g = ecefToGeodetic([tr.x[0], tr.x[1], tr.x[2]]);
              const deg = (v: number) =>
                num(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
              return (
                <tr key={tr.id} data-track={tr.id}>
                  <td>
                    <code translate="no">{tr.id}</code>
                  </td>
                  <td>
                    <ul className="plain-list">
                      {(tr.shared ?? []).map((key) => {
                        const cut = key.indexOf('/');
                        const member = key.slice(0, cut);
                        return (
                          <li key={key} data-member={member}>
                            {stateName(member)}: <code translate="no">{key.slice(cut + 1)}</code>
                          </li>
                        );
                      })}
                    </ul>
                  </td>
                  <td>
                    {t('warning.shared.position', {
                      lat: deg(g.lat),
                      lon: deg(g.lon),
                      km: num(Math.round(g.h / 1000)),
                    })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Finished exercises the node keeps (MAX_RETAINED_EXERCISES in warning-service.ts). */
const MAX_KEPT = 5;

/** The exercises the node holds (running and the last finished), each opening its own address. */
function ExerciseList({
  list,
  opened,
  onOpen,
}: {
  list: Source[];
  opened: string | null;
  onOpen: (id: string | null) => void;
}) {
  const { t } = useI18n();
  return (
    <section className="panel" data-testid="exercise-list" aria-labelledby="exercise-list-h">
      <h2 id="exercise-list-h">{t('warning.exercises')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('warning.col.exercise')}</th>
            <th>{t('warning.col.scenario')}</th>
            <th>{t('warning.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {[...list].reverse().map((x, i) => (
            <tr
              key={x.id}
              data-testid="exercise-row"
              data-exercise={x.id}
              {...rowAction(() => onOpen(opened === x.id ? null : x.id), opened === x.id, i === 0)}
            >
              <td translate="no">{x.id}</td>
              <td>{x.scenario ?? '—'}</td>
              <td>{t(x.running ? 'warning.running' : 'warning.finished')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface AlertHistoryData {
  interval: 'day' | 'week';
  from: string;
  to: string;
  members: string[];
  buckets: { start: string; exercise: Record<string, number>; live: Record<string, number> }[];
}

/**
 * Alert history (#13.11): CAP Alerts issued per day or week, exercise and live apart, for one member or
 * all those the reader may count (GET /api/warning/alert-history: a member its own, the secretariat all).
 */
function AlertHistory({ refresh }: { refresh: string }) {
  const [interval, setIntervalKind] = useState<'day' | 'week'>('day');
  const [member, setMember] = useState('');
  const h = useAsync(
    () => get<AlertHistoryData>('/api/warning/alert-history', { interval }),
    [interval, refresh],
  );
  const i18n = useI18n();
  const { t, num, date, list } = i18n;
  const stateName = useStateNames();
  const session = useSession();
  const d = h.data;
  const members = d?.members ?? [];
  const chosen = member && members.includes(member) ? [member] : members;
  const sum = (x: Record<string, number>) => chosen.reduce((a, m) => a + (x[m] ?? 0), 0);
  const bars = (d?.buckets ?? []).map((b) => ({
    start: b.start,
    values: { exercise: sum(b.exercise), live: sum(b.live) },
  }));
  const total = (k: 'exercise' | 'live') => bars.reduce((a, b) => a + b.values[k], 0);
  const title = t('chart.alerts.title');
  // Whom the count is about: the member chosen, else those counted; a member's reader with no Alert
  // yet is counted for its own member, the secretariat for any member.
  const who = member
    ? stateName(member)
    : list(members.map(stateName)) ||
      (session?.role === 'member' ? stateName(session.member) : t('chart.alerts.anyMember'));
  return (
    <section className="panel" data-testid="alert-history" aria-labelledby="alert-history-h">
      <div className="chart-head">
        <h2 id="alert-history-h">{title}</h2>
        <label className="small">
          {t('chart.alerts.member')}{' '}
          <select
            value={member}
            onChange={(e) => setMember(e.target.value)}
            data-testid="alert-history-member"
          >
            <option value="">{t('chart.alerts.all')}</option>
            {members.map((m) => (
              <option key={m} value={m}>
                {stateName(m)}
              </option>
            ))}
          </select>
        </label>
        <IntervalSwitch
          value={interval}
          onChange={setIntervalKind}
          testId="alert-history-interval"
        />
      </div>
      {h.error && <p className="error-text">{problemText(h.error, i18n).text}</p>}
      {d && total('exercise') + total('live') === 0 ? (
        // Nothing to plot: say so, and how Alerts come to be here, rather than draw empty axes.
        <div className="chart-empty" data-testid="alert-history-empty">
          <p>{t('chart.alerts.empty', { who, from: date(d.from), to: date(d.to) })}</p>
          <p className="small muted">{t('chart.alerts.emptyHow')}</p>
        </div>
      ) : null}
      {d && (
        <>
          {total('exercise') + total('live') > 0 && (
            <TimeBars
              title={title}
              description={t('chart.alerts.desc', {
                who,
                from: date(d.from),
                to: date(d.to),
                exercise: num(total('exercise')),
                live: num(total('live')),
              })}
              series={[
                { key: 'live', label: t('chart.alerts.live'), color: 'var(--chart-live)' },
                {
                  key: 'exercise',
                  label: t('chart.alerts.exercise'),
                  color: 'var(--chart-exercise)',
                },
              ]}
              bars={bars}
              testId="alert-history-chart"
            />
          )}
          <p className="small muted">
            {t(
              session?.role === 'secretariat'
                ? 'chart.alerts.noteSecretariat'
                : 'chart.alerts.noteMember',
            )}
          </p>
        </>
      )}
    </section>
  );
}

export interface ExerciseSummaryData {
  id: string;
  scenario: string | null;
  threats: number;
  members: string[];
  messages: Record<string, number>;
  accepted: number;
  rejected: number;
  /** Seconds from the first Alert to the predicted impact of its threat, on the event clock; null without an Alert. */
  firstWarningLead: number | null;
}

/** What this page saw of one exercise while it ran. */
interface Seen {
  threats: Map<string, { firstSeen: number | null; impact: number }>;
  members: Set<string>;
}

/** What the most recent finished exercise did (null while none has ended that this page watched). */
export function summarise(
  pic: Picture | null,
  seen: Map<string, Seen>,
  opened: string | null = null,
): ExerciseSummaryData | null {
  const done = (pic?.sources ?? []).filter(
    (s) => s.id !== 'live' && !s.running && (opened === null || s.id === opened),
  );
  const s = done[done.length - 1];
  const acc = s ? seen.get(s.id) : undefined;
  if (!s || !pic || !acc) return null;
  const ids = new Set([...acc.threats.keys(), ...s.threats.map((t) => t.id)]);
  const log = pic.log.filter((m) => ids.has(m.threatId));
  const messages: Record<string, number> = {};
  for (const m of log) messages[m.msgType] = (messages[m.msgType] ?? 0) + 1;
  const members = [
    ...new Set([...log.filter((m) => m.msgType === 'Alert').map((m) => m.member), ...acc.members]),
  ].sort();
  const leads = [...acc.threats.values()]
    .map((t) => (t.firstSeen === null ? NaN : t.impact - t.firstSeen))
    .filter((x) => Number.isFinite(x) && x >= 0);
  return {
    id: s.id,
    scenario: s.scenario,
    threats: ids.size,
    members,
    messages,
    accepted: s.accepted,
    rejected: Object.values(s.rejected).reduce((a, b) => a + b, 0),
    firstWarningLead: leads.length ? Math.max(...leads) : null,
  };
}

function ExerciseSummary({ summary: x }: { summary: ExerciseSummaryData }) {
  const names = useStateNames();
  const { t, num, list } = useI18n();
  const msgs = list(
    Object.entries(x.messages).map(([k, v]) => t('warning.msgCount', { count: num(v), type: k })),
  );
  return (
    <section className="panel" data-testid="exercise-summary" aria-labelledby="exercise-summary-h">
      <h2 id="exercise-summary-h">{t('warning.ended', { name: x.scenario ?? x.id })}</h2>
      <ul className="plain-list">
        <li>
          {t('warning.tracked', {
            threats: x.threats,
            accepted: num(x.accepted),
            refused: num(x.rejected),
          })}
        </li>
        <li data-testid="exercise-summary-members">
          {t('warning.membersWarned', {
            names: x.members.length ? list(x.members.map((m) => names(m))) : t('warning.none'),
          })}
        </li>
        <li>{t('warning.capMessages', { list: msgs || t('warning.capNone') })}</li>
        {x.firstWarningLead !== null && (
          <li>
            {t('warning.longestLead', {
              seconds: num(Math.round(x.firstWarningLead), { useGrouping: false }),
            })}
          </li>
        )}
      </ul>
    </section>
  );
}

/** One CAP message, read from /cap/messages/{id}.xml, with a download of the same bytes. */
function CapMessage({ identifier, onClose }: { identifier: string; onClose: () => void }) {
  const xml = useAsync(
    () =>
      request<string>(`/cap/messages/${encodeURIComponent(identifier)}.xml`, {
        accept: 'application/cap+xml',
      }),
    [identifier],
  );
  const i18n = useI18n();
  const { t, rich } = i18n;
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    if (!xml.data) return;
    const url = URL.createObjectURL(new Blob([xml.data], { type: 'application/cap+xml' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [xml.data]);
  return (
    <section className="panel" data-testid="cap-message" aria-label={t('warning.capMessage')}>
      <h2>{t('warning.capMessage')}</h2>
      <p className="small muted">
        {rich('warning.identifier', { id: identifier, code: (c) => <code>{c}</code> })}
      </p>
      {xml.error && <p className="error-text">{problemText(xml.error, i18n).text}</p>}
      {xml.data && (
        <>
          <div className="actions-row">
            {href && (
              <a
                className="button-like"
                href={href}
                download={`${identifier.replace(/[^\w.-]+/g, '_')}.xml`}
                data-testid="cap-download"
              >
                {t('warning.download')}
              </a>
            )}
            <button type="button" onClick={onClose}>
              {t('warning.close')}
            </button>
          </div>
          <pre className="cap-xml" data-testid="cap-xml" tabIndex={0}>
            {xml.data}
          </pre>
        </>
      )}
    </section>
  );
}
