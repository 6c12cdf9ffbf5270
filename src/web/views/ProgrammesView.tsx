import { useState, type FormEvent } from 'react';
import { ApiError, get, request } from '../api.js';
import { useAsync, useHashRoute } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import { AREAS, CONTRIBUTION_KINDS, type ProgrammeState } from '../../programmes/model.js';
import type { RoadmapRow } from '../../programmes/roadmap.js';

const UNIT_OF: Record<string, string> = {
  money: 'USD',
  personnel: 'persons',
  equipment: 'items',
  data: 'datasets',
};

const progApi = {
  list: (alliance: string) =>
    get<ProgrammeState[]>('/api/programmes', { alliance: alliance || undefined }),
  one: (id: string) => get<ProgrammeState>(`/api/programmes/${encodeURIComponent(id)}`),
  roadmap: (alliance: string, member: string) =>
    get<{ rows: RoadmapRow[] }>('/api/programmes/roadmap', {
      alliance: alliance || undefined,
      member: member || undefined,
    }),
  post: <T,>(path: string, body: unknown) =>
    request<T>(`/api/programmes${path}`, { method: 'POST', body }),
};

const problem = (e: unknown): string =>
  e instanceof ApiError ? `${e.detail}${e.code ? ` (${e.code})` : ''}` : String(e);

/** Route: #/programmes[/<id>]. Programmes with variable geometry, their acts, and the roadmap. */
export function ProgrammesView() {
  const route = useHashRoute();
  const selected = route[1] ?? null;
  const [alliance, setAlliance] = useState('');
  const list = useAsync(() => progApi.list(alliance), [alliance]);
  return (
    <div className="programmes-view">
      <section className="panel map-controls">
        <label>
          Alliance
          <select
            data-testid="programmes-alliance"
            value={alliance}
            onChange={(e) => setAlliance(e.target.value)}
          >
            <option value="">all</option>
            <option value="gcc">GCC</option>
            <option value="arab-league">Arab League</option>
            <option value="joint-arab-force">Joint Arab force (proposed)</option>
          </select>
        </label>
        {list.loading && <span className="muted">loading…</span>}
      </section>
      {list.error && <p className="panel error-text">{list.error.message}</p>}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(300px, 1fr) minmax(420px, 2fr)',
          gap: '1rem',
        }}
      >
        <section className="panel" data-testid="programmes-list">
          <h2>Programmes</h2>
          <ul style={{ listStyle: 'none', padding: 0 }}>
            {(list.data ?? []).map((p) => (
              <li
                key={p.id}
                style={{
                  marginBottom: '.5rem',
                  fontWeight: p.id === selected ? 'bold' : undefined,
                }}
              >
                <a href={`#/programmes/${encodeURIComponent(p.id)}`}>{p.title}</a>
                <div className="muted">
                  {p.allianceId} · {p.area} · {p.status} ·{' '}
                  {p.participants.map((x) => x.member).join(', ')}
                  {p.illustrative && ' · illustrative'}
                </div>
              </li>
            ))}
            {list.data?.length === 0 && <li className="muted">No programmes yet.</li>}
          </ul>
          <ProposeForm
            alliance={alliance || 'gcc'}
            onDone={(id) => {
              list.reload();
              window.location.hash = `#/programmes/${id}`;
            }}
          />
        </section>
        <div>
          {selected ? (
            <ProgrammePanel id={selected} onChange={list.reload} />
          ) : (
            <p className="panel muted">Pick a programme.</p>
          )}
        </div>
      </div>
      <Roadmap alliance={alliance} />
    </div>
  );
}

function ProposeForm({ alliance, onDone }: { alliance: string; onDone: (id: string) => void }) {
  const { t } = useI18n();
  const session = useSession();
  const [title, setTitle] = useState('');
  const [area, setArea] = useState<string>('cyber');
  const [objective, setObjective] = useState('');
  const [msTitle, setMsTitle] = useState('');
  const [msDue, setMsDue] = useState('');
  const [council, setCouncil] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!session?.member || session.member === 'SECRETARIAT')
    return <p className="muted">Act as a member state to propose a programme.</p>;
  const member = session.member;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await progApi.post<{ programme: ProgrammeState }>('', {
        allianceId: alliance,
        title,
        area,
        objectives: [objective],
        governance: council
          ? {
              rule: 'council',
              charterId: alliance,
              decisionType: 'substantive',
              requiredFor: ['join'],
            }
          : { rule: 'opt-in' },
        milestones: msTitle ? [{ title: msTitle, due: msDue, owner: member }] : [],
      });
      onDone(r.programme.id);
    } catch (err) {
      setError(problem(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="programme-propose" className="stack">
      <h3>
        Propose a programme in {alliance} as {member}
      </h3>
      <label className="field">
        {t('answers.field.title')}
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          data-testid="programme-title"
        />
      </label>
      <select
        value={area}
        onChange={(e) => setArea(e.target.value)}
        aria-label={t('programmes.field.area')}
        data-testid="programme-area"
      >
        {AREAS.map((a) => (
          <option key={a}>{a}</option>
        ))}
      </select>
      <label className="field">
        {t('answers.field.objective')}
        <input
          value={objective}
          onChange={(e) => setObjective(e.target.value)}
          data-testid="programme-objective"
        />
      </label>
      <label className="field">
        {t('answers.field.firstMilestone')}
        <input
          value={msTitle}
          onChange={(e) => setMsTitle(e.target.value)}
          data-testid="programme-ms-title"
        />
      </label>
      <input
        type="date"
        value={msDue}
        onChange={(e) => setMsDue(e.target.value)}
        aria-label={t('programmes.field.milestoneDue')}
        data-testid="programme-ms-due"
      />
      <label>
        <input type="checkbox" checked={council} onChange={(e) => setCouncil(e.target.checked)} />{' '}
        admission decided by the council
      </label>
      <button type="submit" data-testid="programme-propose-submit">
        Propose
      </button>
      {error && (
        <p className="error-text" data-testid="programme-error">
          {error}
        </p>
      )}
    </form>
  );
}

function ProgrammePanel({ id, onChange }: { id: string; onChange: () => void }) {
  const prog = useAsync(() => progApi.one(id), [id]);
  const session = useSession();
  const member = session?.member && session.member !== 'SECRETARIAT' ? session.member : null;
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<string>('money');
  const [amount, setAmount] = useState('');
  const [desc, setDesc] = useState('');
  const [evidence, setEvidence] = useState('');
  const p = prog.data;
  if (!p)
    return (
      <p className="panel">
        {prog.error ? <span className="error-text">{prog.error.message}</span> : 'loading…'}
      </p>
    );
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      prog.reload();
      onChange();
    } catch (e) {
      setError(problem(e));
    }
  };
  const takesPart = member ? p.participants.some((x) => x.member === member) : false;
  const council = p.governance.rule === 'council' ? p.governance : null;
  const join = () =>
    run(async () => {
      if (!council?.requiredFor.includes('join')) return progApi.post(`/${p.id}/join`, {});
      // The charter gives admission to the council: file the request, then table the decision it names.
      const r = await progApi.post<{ councilProcedure: unknown }>(`/${p.id}/requests`, {
        action: 'join',
      });
      const proc = await request<{ id: string }>('/api/council/procedures', {
        method: 'POST',
        body: r.councilProcedure,
      });
      window.location.hash = `#/council/${proc.id}`;
    });
  return (
    <section className="panel" data-testid="programme-panel">
      <h2>
        {p.title}
        {p.illustrative && <span className="muted"> (illustrative)</span>}
      </h2>
      {p.illustrative && (
        <p className="muted" data-testid="programme-illustrative">
          {p.illustrativeNote ?? 'Illustrative: seeded example data, not a member’s act.'}
          {(p.sources ?? []).map((src, i) => (
            <span key={i}>
              {i === 0 ? ' Sources: ' : '; '}
              {src.url ? (
                <a href={src.url} target="_blank" rel="noreferrer">
                  {src.title}
                </a>
              ) : (
                src.title
              )}
            </span>
          ))}
        </p>
      )}
      <p className="muted" data-testid="programme-status">
        {p.allianceId} · {p.area} · {p.status} ·{' '}
        {council
          ? `the ${council.charterId} council decides ${council.requiredFor.join(', ')}`
          : 'opt-in: members join by their own act'}
      </p>
      <p data-testid="programme-participants">
        Participants: {p.participants.map((x) => x.member).join(', ') || 'none'}
      </p>
      <ul>
        {p.objectives.map((o) => (
          <li key={o}>{o}</li>
        ))}
      </ul>
      {member && !takesPart && (
        <button data-testid="programme-join" onClick={() => void join()}>
          {council?.requiredFor.includes('join')
            ? `Ask the council to admit ${member}`
            : `Join as ${member}`}
        </button>
      )}
      {member && takesPart && (
        <button
          data-testid="programme-leave"
          onClick={() => void run(() => progApi.post(`/${p.id}/leave`, {}))}
        >
          Leave
        </button>
      )}
      <h3>Milestones</h3>
      <table data-testid="programme-milestones">
        <thead>
          <tr>
            <th>due</th>
            <th>owner</th>
            <th>milestone</th>
            <th>status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {p.milestones.map((m) => (
            <tr key={m.id}>
              <td>{m.due}</td>
              <td>{m.owner}</td>
              <td>{m.title}</td>
              <td data-testid={`milestone-status-${m.id}`}>
                {m.status}
                {m.completedAt ? ` ${m.completedAt.slice(0, 10)}` : ''}
              </td>
              <td>
                {m.status === 'open' && member === m.owner && (
                  <span>
                    <input
                      placeholder="evidence"
                      value={evidence}
                      onChange={(e) => setEvidence(e.target.value)}
                      data-testid="milestone-evidence"
                    />
                    <button
                      data-testid={`milestone-complete-${m.id}`}
                      onClick={() =>
                        void run(() =>
                          progApi.post(`/${p.id}/milestones/${m.id}/complete`, { evidence }),
                        )
                      }
                    >
                      Complete
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Contributions</h3>
      <ul data-testid="programme-contributions">
        {p.contributions.map((c) => (
          <li key={c.id}>
            {c.member}: {c.amount.toLocaleString('en')} {c.unit} ({c.kind}) — {c.description}
          </li>
        ))}
      </ul>
      {takesPart && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() =>
              progApi.post(`/${p.id}/contributions`, {
                kind,
                amount: Number(amount),
                unit: UNIT_OF[kind],
                description: desc,
              }),
            );
          }}
        >
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            data-testid="contribution-kind"
          >
            {CONTRIBUTION_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          <input
            placeholder={`amount (${UNIT_OF[kind]})`}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            data-testid="contribution-amount"
          />
          <input
            placeholder="description"
            value={desc}
            onChange={(e) => setDesc(e.target.value)}
            data-testid="contribution-description"
          />
          <button type="submit" data-testid="contribution-submit">
            Commit contribution
          </button>
        </form>
      )}
      {p.requests.length > 0 && (
        <>
          <h3>Council requests</h3>
          <ul data-testid="programme-requests">
            {p.requests.map((r) => (
              <li key={r.id}>
                {r.member} {r.action}: {r.status}
                {r.procedureId && (
                  <>
                    {' '}
                    — <a href={`#/council/${r.procedureId}`}>decision</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {error && (
        <p className="error-text" data-testid="programme-error">
          {error}
        </p>
      )}
      <h3>Signed acts</h3>
      <ol data-testid="programme-history">
        {p.history.map((h) => (
          <li key={h.seq}>
            #{h.seq} {h.at.slice(0, 16)} {h.actor}: {h.summary}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Roadmap({ alliance }: { alliance: string }) {
  const [member, setMember] = useState('');
  const rm = useAsync(() => progApi.roadmap(alliance, member), [alliance, member]);
  const csv = `/api/programmes/roadmap?format=csv${alliance ? `&alliance=${alliance}` : ''}${member ? `&member=${member}` : ''}`;
  const rows = rm.data?.rows ?? [];
  const days = rows.map((r) => Date.parse(r.due));
  const lo = Math.min(...days),
    hi = Math.max(...days);
  const pos = (d: string) => (hi > lo ? ((Date.parse(d) - lo) / (hi - lo)) * 100 : 50);
  const members = [...new Set(rows.map((r) => r.member))];
  return (
    <section className="panel" data-testid="programmes-roadmap">
      <h2>Roadmap</h2>
      <label>
        Member{' '}
        <input
          value={member}
          placeholder="ISO3, e.g. QAT"
          maxLength={3}
          onChange={(e) => setMember(e.target.value.toUpperCase())}
          data-testid="roadmap-member"
        />
      </label>{' '}
      <a href={csv} download="roadmap.csv" data-testid="roadmap-csv">
        Export CSV
      </a>{' '}
      <a
        href={csv.replace('format=csv', 'format=ics')}
        download="roadmap.ics"
        data-testid="roadmap-ics"
      >
        Export calendar (iCalendar)
      </a>
      {rows.length > 0 && (
        <div
          className="muted"
          style={{ display: 'flex', justifyContent: 'space-between', marginLeft: '4rem' }}
          data-testid="roadmap-axis"
        >
          <span>{new Date(lo).toISOString().slice(0, 10)}</span>
          <span>{new Date(hi).toISOString().slice(0, 10)}</span>
        </div>
      )}
      {members.map((m) => (
        <div
          key={m}
          style={{
            display: 'grid',
            gridTemplateColumns: '4rem 1fr',
            alignItems: 'center',
            margin: '.4rem 0',
          }}
        >
          <strong>{m}</strong>
          <div
            style={{ position: 'relative', height: '1.6rem', borderBottom: '1px solid #ccc' }}
            data-testid={`roadmap-row-${m}`}
          >
            {/* Each programme the member owns milestones in: a bar from its first to its last milestone. */}
            {[...new Set(rows.filter((r) => r.member === m).map((r) => r.programmeId))].map(
              (pid) => {
                const own = rows.filter((r) => r.member === m && r.programmeId === pid);
                const a = pos(own[0].due),
                  b = pos(own[own.length - 1].due);
                return (
                  <span
                    key={pid}
                    data-testid={`roadmap-programme-${m}-${pid}`}
                    title={`${own[0].programme}${own[0].illustrative ? ' (illustrative)' : ''}: ${own[0].due} – ${own[own.length - 1].due}`}
                    style={{
                      position: 'absolute',
                      left: `${a}%`,
                      width: `max(${b - a}%, 2px)`,
                      top: '.65rem',
                      height: 4,
                      background: own[0].illustrative ? '#bbb' : '#90caf9',
                    }}
                  />
                );
              },
            )}
            {rows
              .filter((r) => r.member === m)
              .map((r) => (
                <span
                  key={r.milestoneId}
                  title={`${r.due} ${r.programme}: ${r.milestone} (${r.status})`}
                  style={{
                    position: 'absolute',
                    left: `calc(${pos(r.due)}% - 6px)`,
                    top: '.3rem',
                    width: 12,
                    height: 12,
                    borderRadius: 6,
                    background:
                      r.status === 'completed'
                        ? '#2e7d32'
                        : r.status === 'overdue'
                          ? '#c62828'
                          : '#1565c0',
                  }}
                />
              ))}
          </div>
        </div>
      ))}
      <table>
        <thead>
          <tr>
            <th>member</th>
            <th>due</th>
            <th>status</th>
            <th>programme</th>
            <th>milestone</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.programmeId}/${r.milestoneId}`}>
              <td>{r.member}</td>
              <td>{r.due}</td>
              <td>{r.status}</td>
              <td>
                {r.programme}
                {r.illustrative ? ' (illustrative)' : ''}
              </td>
              <td>{r.milestone}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">No milestones.</p>}
    </section>
  );
}
