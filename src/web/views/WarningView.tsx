import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, get, post } from '../api.js';
import {
  RegionMap,
  type MapPoint,
  type MapPolygon,
  type ShadedState,
} from '../components/RegionMap.js';
import { useAsync } from '../hooks.js';
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
  tracks: { id: string; time: number; x: number[]; boosting: boolean }[];
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

/** Route: #/warning. The live regional picture and exercises (illustrative sensors). */
export function WarningView() {
  const [pic, setPic] = useState<Picture | null>(null);
  const [error, setError] = useState<string | null>(null);
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
            setError(
              e instanceof ApiError && e.status === 401
                ? 'Log in as a member to see the early-warning picture.'
                : String(e),
            );
          },
        )
        .finally(() => {
          inFlight = false;
        });
    };
    load();
    const t = setInterval(() => {
      load();
      setTick((x) => x + 1);
    }, 1000);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, []);

  const source =
    pic?.sources.find((s) => s.running && s.id !== 'live') ?? pic?.sources[pic.sources.length - 1];
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
      note: `${n} active alert(s)`,
      data: { warned: 'yes' },
    })),
  ];
  const polygons: MapPolygon[] = [
    ...(pic?.network.sensors ?? []).flatMap((s) =>
      s.kind === 'radar'
        ? [
            {
              id: `cov-${s.id}`,
              geometry: ring(circle(s.site.lat, s.site.lon, s.maxRangeKm)),
              fill: '#2f6db5',
              stroke: '#2f6db5',
              opacity: 0.03,
              label: `${s.id} coverage (illustrative)`,
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
      label: `${t.id}: threatened area ${Math.round(t.areaKm2).toLocaleString('en')} km²`,
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
              label: `${t.id}: estimated launch area (context only)`,
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
              note: `${s.member} radar (illustrative)`,
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
      label: 'predicted impact',
    })),
  ];

  async function start() {
    setMessage(null);
    try {
      const r = await post<{ id: string; launches: number }>('/api/warning/exercises', {
        scenario,
        seed,
        speed,
      });
      setMessage(`Exercise ${r.id} started: ${r.launches} launch(es) at ${speed}× speed.`);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  }

  const now = source?.simTime ?? Date.now() / 1000;
  void tick;
  return (
    <div className="warning-view">
      <section className="panel map-controls">
        <strong>Early warning</strong>
        <label>
          Scenario
          <select
            data-testid="warning-scenario"
            value={scenario}
            onChange={(e) => setScenario(e.target.value)}
          >
            {(scenarios.data ?? [{ id: scenario, name: scenario }]).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seed{' '}
          <input
            type="number"
            value={seed}
            min={0}
            onChange={(e) => setSeed(Number(e.target.value))}
            style={{ width: '5em' }}
          />
        </label>
        <label>
          Speed{' '}
          <input
            type="number"
            value={speed}
            min={1}
            max={100}
            onChange={(e) => setSpeed(Number(e.target.value))}
            style={{ width: '4em' }}
          />
          ×
        </label>
        <button type="button" data-testid="warning-start" onClick={() => void start()}>
          Start exercise
        </button>
        {message && <span data-testid="warning-message">{message}</span>}
        {error && <span className="error-text">{error}</span>}
      </section>
      <p className="notice">
        Warning only: sensors and scenarios are illustrative. The estimated launch area is shown as
        context, nothing more.
      </p>
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
              ariaLabel="Early-warning picture"
              testId="warning-map"
            >
              <ul className="legend">
                <li>
                  <span className="swatch" style={{ background: '#e8743b' }} /> member warned
                </li>
                <li>
                  <span className="swatch" style={{ background: '#d62728' }} /> threatened area
                  (99%)
                </li>
                <li>
                  <span className="swatch" style={{ background: '#2f6db5' }} /> radar coverage
                </li>
              </ul>
            </RegionMap>
          </section>
        </div>
        <aside className="side-column">
          <section className="panel">
            <h2>Threats</h2>
            {(source?.threats ?? []).length === 0 && <p className="muted">No threat.</p>}
            <ul data-testid="warning-threats">
              {(source?.threats ?? []).map((t) => (
                <li key={t.id} data-testid="warning-threat">
                  {t.id}: impact in{' '}
                  <strong data-testid="countdown">
                    {Math.max(0, Math.round(t.impact.time - now))} s
                  </strong>
                  , {Math.round(t.areaKm2).toLocaleString('en')} km², members:{' '}
                  {Object.keys(t.members).join(', ') || '—'}
                </li>
              ))}
            </ul>
            <p className="muted">
              Source: {source?.id ?? '—'} · reports accepted {source?.accepted ?? 0} · rejected{' '}
              {Object.entries(source?.rejected ?? {})
                .map(([k, v]) => `${k} ${v}`)
                .join(', ') || '0'}
            </p>
          </section>
          <section className="panel">
            <h2>Message log</h2>
            <table data-testid="warning-log">
              <thead>
                <tr>
                  <th>sent</th>
                  <th>member</th>
                  <th>type</th>
                  <th>impact</th>
                </tr>
              </thead>
              <tbody>
                {[...(pic?.log ?? [])]
                  .reverse()
                  .slice(0, 30)
                  .map((m) => (
                    <tr key={m.identifier} data-msgtype={m.msgType}>
                      <td>{m.sent.slice(11, 19)}</td>
                      <td>{m.member}</td>
                      <td>{m.msgType}</td>
                      <td>{m.impactTime.slice(11, 19)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
        </aside>
      </div>
    </div>
  );
}
