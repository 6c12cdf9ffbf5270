import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, get, getSession, request, type Alliance } from '../api.js';
import { RegionMap, type MapPoint } from '../components/RegionMap.js';
import { useAsync, useHashRoute } from '../hooks.js';
import { useSession } from '../session.js';
import { plainProblem, type FieldLabels } from '../problem-text.js';
import type { ForcesBoard } from '../../forces/forces-board.js';
import type { InteropMatrix } from '../../forces/interoperability.js';
import type { ExerciseView } from '../../forces/exercise-planner.js';
import type { EquipmentFamily } from '../../forces/catalogue.js';

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
const fmt = (n: number) => n.toLocaleString('en');

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
};

/**
 * Route: #/forces[/<alliance id>]. The board (pledged vs required, bases, headquarters) is public and shown
 * read-only without a session; pledging, the interoperability matrix and the exercise calendar need a member.
 */
export function ForcesView() {
  const route = useHashRoute();
  const allianceId = route[1] ?? DEFAULT_ALLIANCE;
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
          Alliance
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
                {a.name}
              </option>
            ))}
          </select>
        </label>
        {board.data?.headquarters && (
          <span data-testid="forces-hq">
            Headquarters: <strong>{board.data.headquarters.place.name}</strong> (host{' '}
            {board.data.headquarters.host})
          </span>
        )}
        {board.loading && <span className="muted">loading…</span>}
      </section>
      {unauth && (
        <p className="panel notice" data-testid="forces-public-note">
          Public board, read-only. Choose a member (top right) to pledge forces, see the
          interoperability matrix and the exercise calendar.
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
        </>
      )}
      <div className="two-columns">
        {(matrix.data || matrix.error) && !unauth && (
          <section className="panel" data-testid="forces-heatmap">
            <h2>Interoperability</h2>
            <label className="small">
              Units{' '}
              <select
                data-testid="heatmap-capability"
                value={capability}
                onChange={(e) => setCapability(e.target.value)}
              >
                <option value="">all capabilities</option>
                {UNIT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {label(t)}
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
  const rows = board.capabilities.filter((c) => c.pledged > 0 || c.required > 0);
  const max = Math.max(1, ...rows.map((c) => Math.max(c.pledged, c.required)));
  const pct = (n: number) => `${(100 * n) / max}%`;
  return (
    <section className="panel" data-testid="forces-coverage">
      <h2>Pledged vs required</h2>
      <p className="muted small">
        {board.requirement ? (
          <>
            Requirement: {board.requirement.title} — from {board.requirement.startDate},{' '}
            {board.requirement.durationDays} days, task {label(board.requirement.task)}.
          </>
        ) : (
          'No requirement stated: bars show pledges only.'
        )}{' '}
        Light: pledged; dark: matched to the requirement under caveats and readiness; line:
        required.
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
            <span>{label(c.capability)}</span>
            <span className={c.short > 0 ? 'error-text' : 'muted'}>
              {fmt(c.covered)} / {fmt(c.required)} required · {fmt(c.pledged)} pledged
              {c.short > 0 ? ` · short ${fmt(c.short)}` : ''}
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
                title={`required ${fmt(c.required)}`}
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
          Total: {fmt(board.generation.totals.covered)} of {fmt(board.generation.totals.required)}{' '}
          covered; best possible under caveats and readiness{' '}
          {fmt(board.generation.totals.upperBound)}.
        </p>
      )}
      <ul className="small" data-testid="forces-shortfalls">
        {board.generation?.lines
          .filter((l) => l.short > 0)
          .map((l) => (
            <li key={l.lineId}>
              {l.lineId}: short {fmt(l.short)}
              {Object.keys(l.excluded).length
                ? ` — left out: ${Object.entries(l.excluded)
                    .map(([k, n]) => `${label(k.replace('caveat:', 'caveat '))} ×${n}`)
                    .join(', ')}`
                : ' — nothing more pledged'}
            </li>
          ))}
      </ul>
    </section>
  );
}

function BasesMap({ board }: { board: ForcesBoard }) {
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
      note: `${p.label}: ${fmt(p.troops)} troops (${[...p.types].map(label).join(', ')})`,
    }));
    const hq = board.headquarters;
    if (hq)
      pts.push({
        id: 'hq',
        lon: hq.place.lon,
        lat: hq.place.lat,
        label: `HQ ${hq.place.name}`,
        color: '#b5482f',
        radius: 6,
        note: `Headquarters, host ${hq.host}`,
      });
    return pts;
  }, [board]);
  return (
    <section className="panel">
      <h2>Home bases</h2>
      <RegionMap
        points={points}
        extent={[
          [-12, 10],
          [62, 40],
        ]}
        ariaLabel="Home bases of pledged units"
        testId="forces-map"
      />
      <p className="muted small">
        Bases are shown at city-area level. Pledges marked illustrative are demo data, not any
        state's offer.
      </p>
    </section>
  );
}

function Burden({ board }: { board: ForcesBoard }) {
  const g = board.generation;
  const members = new Map<
    string,
    {
      member: string;
      troops: number;
      units: number;
      pledges: number;
      kinds: Set<string>;
      amended: boolean;
    }
  >();
  for (const p of board.pledges) {
    const m = members.get(p.member) ?? {
      member: p.member,
      troops: 0,
      units: 0,
      pledges: 0,
      kinds: new Set<string>(),
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
      <h2>Pledges and burden shares</h2>
      <table className="membership-list" data-testid="forces-pledges">
        <thead>
          <tr>
            <th>Member</th>
            <th>Pledged troops</th>
            <th>Units</th>
            <th>Assigned to the requirement</th>
            <th>Share of assigned</th>
            {g?.currency && <th>Cost ({g.currency})</th>}
            <th />
          </tr>
        </thead>
        <tbody>
          {[...members.values()].map((m) => {
            const b = g?.burden.find((x) => x.member === m.member);
            return (
              <tr key={m.member} data-member={m.member}>
                <td>{m.member}</td>
                <td>{fmt(m.troops)}</td>
                <td>
                  {m.units}
                  {m.pledges > 1 ? ` (${m.pledges} pledges)` : ''}
                </td>
                <td>{b ? fmt(b.troops) : '—'}</td>
                <td>{b ? `${(100 * b.share).toFixed(1)}%` : '—'}</td>
                {g?.currency && <td>{b?.cost != null ? fmt(Math.round(b.cost)) : '—'}</td>}
                <td>
                  {[...m.kinds].map((k) => (
                    <span
                      key={k}
                      className={`badge ${k === 'illustrative' ? 'warn' : k === 'sourced' ? 'status-in_force' : ''}`}
                    >
                      {k}
                    </span>
                  ))}{' '}
                  {m.amended && <span className="muted small">amended</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

const heat = (s: number | null) =>
  s === null ? '#e5e7eb' : `hsl(${Math.round(s * 120)}, 60%, ${70 - s * 25}%)`;

function HeatMap({ m }: { m: InteropMatrix }) {
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
      <p className="muted small">
        Each square: two pledged units. Green: common data link, calibre and fuel; red: none; grey:
        equipment not listed. Findings of after-action reports override the catalogue.
      </p>
      <svg
        width={n * size + 40}
        height={n * size + 40}
        viewBox={`0 0 ${n * size + 40} ${n * size + 40}`}
        className="scales-down"
        role="img"
        aria-label="interoperability heat map"
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
                    : `${a.label} ↔ ${b.label}: data ${c?.data}, ammunition ${c?.ammunition}, fuel ${c?.fuel}`}
                </title>
              </rect>
            );
          }),
        )}
      </svg>
      <p className="small" data-testid="forces-islands">
        {m.dataIslands.length} data-link island(s) among {n} units;{' '}
        {m.gaps.filter((g) => g.channel === 'data').length} pairs cannot exchange data.
      </p>
      <ul className="small">
        {dataLinks.map((a) => (
          <li key={a.standard}>
            {a.standard}: {a.units} of {n} units
            {a.lacking.length
              ? ` — lacking: ${a.lacking
                  .slice(0, 6)
                  .map((k) => m.units.find((u) => u.key === k)?.label ?? k)
                  .join(', ')}${a.lacking.length > 6 ? '…' : ''}`
              : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

function Calendar({ list }: { list: ExerciseView[] }) {
  return (
    <section className="panel" data-testid="forces-exercises">
      <h2>Exercise calendar</h2>
      {list.length === 0 && <p className="muted">No exercise planned.</p>}
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
              {e.from} – {e.to}
            </strong>{' '}
            · {e.title} <span className="badge">{e.status}</span>
          </div>
          <div className="small muted">
            {e.scenario} · {e.area.name} · hosts {e.hosts.join(', ')} (consented:{' '}
            {e.consents.length ? e.consents.join(', ') : 'none yet'}) · participants{' '}
            {e.participants.join(', ')} · {e.units.length} units
          </div>
          <div className="small">{e.aim}</div>
          {e.conflicts.map((c, i) => (
            <div key={i} className={c.severity === 'error' ? 'error-text small' : 'small'}>
              ⚠ {c.message}
            </div>
          ))}
          {e.aar && <div className="small">After-action: {e.aar.lessons.join('; ')}</div>}
        </article>
      ))}
    </section>
  );
}

/** The pledge form's labels for the API's field paths, so an error names the field as the form shows it. */
const PLEDGE_LABELS: FieldLabels = [
  [/\/units\/\d+\/type$/, 'Capability'],
  [/\/units\/\d+\/size$/, 'Troops'],
  [/\/units\/\d+\/readinessDays$/, 'Ready in (days)'],
  [/\/units\/\d+\/durationDays$/, 'Can stay (days)'],
  [/\/units\/\d+\/homeBase\/name$/, 'Home base'],
  [/\/units\/\d+\/homeBase\/lon$/, 'Longitude'],
  [/\/units\/\d+\/homeBase\/lat$/, 'Latitude'],
  [/\/units\/\d+\/homeBase$/, 'Home base'],
  [/\/units\/\d+\/equipment(\/\d+\/family)?$/, 'Equipment'],
  [/\/units\/\d+\/caveats(\/\d+)?$/, 'Caveats'],
];
type PledgeFieldName = 'size' | 'readinessDays' | 'durationDays' | 'lon' | 'lat';
const FIELD_OF_LABEL: Record<string, PledgeFieldName> = {
  Troops: 'size',
  'Ready in (days)': 'readinessDays',
  'Can stay (days)': 'durationDays',
  Longitude: 'lon',
  Latitude: 'lat',
};

/** Checks the form before sending: what is missing or out of range, in the form's words. */
export function checkPledgeForm(f: {
  size: string;
  readinessDays: string;
  durationDays: string;
  lon: string;
  lat: string;
}): Partial<Record<PledgeFieldName, string>> {
  const out: Partial<Record<PledgeFieldName, string>> = {};
  const need = (k: PledgeFieldName, name: string, min: number, max: number, whole: boolean) => {
    const v = f[k].trim();
    if (v === '') return (out[k] = `${name} is required.`);
    const n = Number(v);
    if (!Number.isFinite(n)) return (out[k] = `${name} must be a number.`);
    if (whole && !Number.isInteger(n)) return (out[k] = `${name} must be a whole number.`);
    if (n < min || n > max) out[k] = `${name} must be between ${min} and ${max}.`;
  };
  need('readinessDays', 'Ready in (days)', 0, 3650, true);
  need('durationDays', 'Can stay (days)', 1, 36500, true);
  need('lon', 'Longitude', -180, 180, false);
  need('lat', 'Latitude', -90, 90, false);
  if (f.size.trim() === '') out.size = 'Troops is required.';
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
    caveats: [] as string[],
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
    const found = checkPledgeForm(f);
    setProblems(found);
    if (Object.values(found).some(Boolean)) {
      setMsg({ ok: false, text: 'The pledge was not sent: correct the fields marked below.' });
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
        text: `Pledge of ${n(f.size)} ${label(f.type)} troops recorded and signed by ${member}.`,
      });
      onDone();
    } catch (e) {
      const p = plainProblem(e, PLEDGE_LABELS);
      const k = p.label ? FIELD_OF_LABEL[p.label] : undefined;
      if (k) setProblems({ [k]: p.text });
      setMsg({ ok: false, text: p.text });
    }
  }
  if (!member) return null;
  const numberField = (
    k: PledgeFieldName,
    text: string,
    props: { step?: string; width: string; hint?: string },
  ) => (
    <label className="form-field">
      <span>
        {text}{' '}
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
      <h2>Record a pledge as {member}</h2>
      <p className="small muted">
        Fields marked <span className="required-mark">*</span> are required.
      </p>
      <p className="small" data-testid="pledge-readiness-limit">
        {line
          ? `${label(f.type)} counts toward “${requirement?.title ?? 'the requirement'}” only if ready within ${line.maxReadinessDays} days (${line.personnel.toLocaleString('en')} troops required).`
          : requirement
            ? `The requirement “${requirement.title}” asks for no ${label(f.type)} unit: this pledge is recorded but does not count toward it.`
            : 'This alliance states no requirement: the pledge is recorded without a readiness limit.'}
      </p>
      <form
        onSubmit={(ev) => void submit(ev)}
        data-testid="pledge-form"
        noValidate
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0.6rem', alignItems: 'start' }}
      >
        <label className="form-field">
          <span>
            Capability{' '}
            <span className="required-mark" aria-hidden="true">
              *
            </span>
          </span>
          <select name="type" value={f.type} onChange={set('type')} aria-required="true">
            {UNIT_TYPES.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
          </select>
        </label>
        {numberField('size', 'Troops', { width: '6rem' })}
        {numberField('readinessDays', 'Ready in (days)', {
          width: '6rem',
          hint: line ? `limit ${line.maxReadinessDays} days` : undefined,
        })}
        {numberField('durationDays', 'Can stay (days)', { width: '6rem' })}
        <label className="form-field">
          <span>Home base (name)</span>
          <input name="base" value={f.base} onChange={set('base')} />
          <span className="small muted">e.g. Amman area</span>
        </label>
        {numberField('lon', 'Longitude', {
          step: 'any',
          width: '7rem',
          hint: '−180 to 180, east +',
        })}
        {numberField('lat', 'Latitude', { step: 'any', width: '7rem', hint: '−90 to 90, north +' })}
        <label className="form-field">
          <span>Equipment</span>
          <select name="family" value={f.family} onChange={set('family')}>
            <option value="">(none listed)</option>
            {(equipment.data?.families ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset style={{ border: 'none', padding: 0 }}>
          <legend className="small">Caveats</legend>
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
              {label(c)}
            </label>
          ))}
        </fieldset>
        {tooSlow && line && (
          <p className="notice small" data-testid="pledge-too-slow" role="status">
            Ready in {ready} days is later than the {line.maxReadinessDays}-day limit: this unit
            would be recorded but would not count toward the requirement.
          </p>
        )}
        <button type="submit" className="primary" data-testid="pledge-submit">
          Record pledge
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
