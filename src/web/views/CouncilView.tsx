import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, getSession, onSessionChange, request, today } from '../api.js';
import { useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import type { Charter, ProcedureState } from '../../council/model.js';
import { ruleOf, type Outcome, type RuleKind } from '../../council/decision-rules.js';
import type { ChairTerm, SecretaryGeneralTerm } from '../../council/offices.js';

type ProcedureView = ProcedureState & {
  liveOutcome: Outcome | null;
  rule: string | null;
  ruleKind: RuleKind | null;
};
type CharterView = Charter & {
  decisions: Record<string, Charter['decisions'][string] & { ruleText: string }>;
};
interface AgendaRow {
  id: string;
  charter_id: string;
  kind: string;
  decision_type: string | null;
  title: string;
  opened_at: string;
  opened_by: string;
  deadline: string | null;
  status: string;
  replay_case: string | null;
  outcome: Outcome | null;
}
interface Calendar {
  chair: { title: string; terms: ChairTerm[] } | null;
  secretaryGeneral: SecretaryGeneralTerm[];
}

const councilApi = {
  charters: () => get<CharterView[]>('/api/council/charters'),
  agenda: (charter: string) =>
    get<AgendaRow[]>('/api/council/procedures', { charter: charter || undefined }),
  procedure: (id: string) =>
    get<ProcedureView>(`/api/council/procedures/${encodeURIComponent(id)}`),
  act: (id: string, body: unknown) =>
    request<{ procedure: ProcedureView }>(
      `/api/council/procedures/${encodeURIComponent(id)}/acts`,
      { method: 'POST', body },
    ),
  open: (body: unknown) =>
    request<ProcedureView>('/api/council/procedures', { method: 'POST', body }),
  close: (id: string, summary?: string) =>
    request<ProcedureView>(`/api/council/procedures/${encodeURIComponent(id)}/close`, {
      method: 'POST',
      body: summary ? { summary } : {},
    }),
  calendar: (charter: string) =>
    get<Calendar>('/api/council/offices/calendar', {
      charter,
      until: `${Number(today().slice(0, 4)) + 1}-12-31`,
    }),
};

function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** A member's name in the reader's language; the secretariat by its title (#13.10: no bare codes). */
function useActorName(): (code: string) => string {
  const name = useStateNames();
  const { t } = useI18n();
  return (code: string) => (code === 'SECRETARIAT' ? t('answers.secretariat') : name(code));
}

function useMember(): string | null {
  const [m, setM] = useState(getSession()?.member ?? null);
  useEffect(() => onSessionChange((s) => setM(s?.member ?? null)), []);
  return m;
}

const countdown = (deadline: string, now: number): string => {
  const ms = Date.parse(deadline) - now;
  if (ms <= 0) return 'deadline passed';
  const s = Math.floor(ms / 1000),
    d = Math.floor(s / 86400),
    h = Math.floor((s % 86400) / 3600),
    m = Math.floor((s % 3600) / 60);
  return `${d ? `${d}d ` : ''}${h}h ${String(m).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s left`;
};

/** Route: #/council[/<procedure id>]. Agenda, timeline, live tally, deadline countdown, who is bound, offices. */
export function CouncilView() {
  const route = useHashRoute();
  const selected = route[1] ?? null;
  const [charter, setCharter] = useState('');
  const charters = useAsync(() => councilApi.charters(), []);
  const agenda = useAsync(() => councilApi.agenda(charter), [charter]);
  const shownCharter =
    charter || (agenda.data?.find((p) => p.id === selected)?.charter_id ?? 'gcc');
  return (
    <div className="council-view">
      <section className="panel map-controls">
        <label>
          Council
          <select
            data-testid="council-charter"
            value={charter}
            onChange={(e) => setCharter(e.target.value)}
          >
            <option value="">all councils</option>
            {(charters.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {agenda.loading && <span className="muted">loading…</span>}
      </section>
      {agenda.error && <p className="panel error-text">{agenda.error.message}</p>}
      <div className="council-layout">
        <section className="panel" data-testid="council-agenda">
          <h2>Agenda</h2>
          <ul style={{ listStyle: 'none', padding: 0 }}>
            {(agenda.data ?? []).map((p) => (
              <li
                key={p.id}
                style={{
                  marginBottom: '.5rem',
                  fontWeight: p.id === selected ? 'bold' : undefined,
                }}
              >
                <a
                  href={`#/council/${encodeURIComponent(p.id)}`}
                  data-testid={`council-item-${p.id}`}
                >
                  {p.title}
                </a>
                <div className="muted">
                  {p.charter_id} · {p.decision_type ?? p.kind} · {p.opened_at.slice(0, 10)} ·{' '}
                  {p.outcome ? p.outcome.status : p.status}
                  {p.replay_case && ' · replay of a real case'}
                </div>
              </li>
            ))}
            {agenda.data?.length === 0 && <li className="muted">No procedures yet.</li>}
          </ul>
          <OpenForm
            charters={charters.data ?? []}
            defaultCharter={charter || 'gcc'}
            onOpened={(id) => {
              agenda.reload();
              window.location.hash = `#/council/${id}`;
            }}
          />
        </section>
        <div>
          {selected ? (
            <ProcedurePanel id={selected} onChange={agenda.reload} />
          ) : (
            <p className="panel muted">Pick a procedure on the agenda.</p>
          )}
        </div>
      </div>
      <OfficeCalendar
        charterId={shownCharter}
        charter={(charters.data ?? []).find((c) => c.id === shownCharter)}
      />
    </div>
  );
}

function ProcedurePanel({ id, onChange }: { id: string; onChange: () => void }) {
  const proc = useAsync(() => councilApi.procedure(id), [id]);
  const member = useMember();
  const actor = useActorName();
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const [statement, setStatement] = useState('');
  const [closed, setClosed] = useState<string | null>(null);
  const reloadProcedure = proc.reload;
  useEffect(() => {
    const t = setInterval(reloadProcedure, 3000); // live tally as others vote
    return () => clearInterval(t);
  }, [reloadProcedure]);
  const p = proc.data;
  if (!p)
    return (
      <p className="panel">
        {proc.error ? <span className="error-text">{proc.error.message}</span> : 'loading…'}
      </p>
    );
  const o = p.liveOutcome;
  const act = async (body: Record<string, unknown>) => {
    setError(null);
    try {
      await councilApi.act(p.id, body);
      proc.reload();
      onChange();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : String(e));
    }
  };
  const open = p.status === 'open';
  const voted = member ? p.votes.some((v) => v.member === member) : false;
  const allVoted =
    !!o && p.kind === 'decision' && o.tally.counted > 0 && o.tally.present >= o.tally.counted;
  const mayClose = open && !!member && (member === 'SECRETARIAT' || member === p.openedBy);
  const statePosition = () => {
    if (!statement.trim())
      return setError(
        'Statement: write the position before stating it (an empty position is not recorded).',
      );
    void act({ act: 'position', stance: 'stated', statement: statement.trim() });
  };
  const closeProcedure = async () => {
    setError(null);
    setClosed(null);
    try {
      const done = await councilApi.close(p.id, statement.trim() || undefined);
      proc.reload();
      onChange();
      const out = done.liveOutcome;
      setClosed(
        out ? `Closed. The decision is ${out.status.replace('_', ' ')}: ${out.reason}` : 'Closed.',
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : String(e));
    }
  };
  return (
    <section className="panel" data-testid="council-procedure">
      <h2>{p.title}</h2>
      <p className="muted">
        {p.charterId} · {p.kind}
        {p.rule ? ` · ${p.rule}` : ''} · matter <code>{p.matter}</code> · opened by{' '}
        {actor(p.openedBy)} at {p.openedAt.replace('T', ' ').slice(0, 16)} UTC
        {p.open.article && (
          <>
            {' '}
            · invokes <strong>{p.open.article}</strong>
          </>
        )}
      </p>
      {p.open.text && <p>{p.open.text}</p>}
      {p.open.replay && (
        <p className="notice">
          Replay of a real case: {p.open.replay.note} Sources:{' '}
          {p.open.replay.sources.map((s) => s.title).join('; ')}.
        </p>
      )}
      <p data-testid="council-status">
        Status: <strong>{p.status}</strong>
        {p.deadline && (
          <>
            {' '}
            · deadline {p.deadline.replace('T', ' ').slice(0, 16)} UTC ·{' '}
            <span data-testid="council-countdown">
              {p.status === 'open' ? countdown(p.deadline, now) : 'closed'}
            </span>
          </>
        )}
      </p>
      {o && (
        <div data-testid="council-tally" style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap' }}>
          <span>
            Yes <strong data-testid="council-tally-yes">{o.tally.yes}</strong>
          </span>
          <span>
            No <strong data-testid="council-tally-no">{o.tally.no}</strong>
          </span>
          <span>
            Abstain <strong data-testid="council-tally-abstain">{o.tally.abstain}</strong>
          </span>
          <span>
            Objections <strong>{o.tally.objections}</strong>
          </span>
          <span>
            Present {o.tally.present} of {o.tally.counted}
            {o.tally.quorumNeeded !== null && ` (quorum ${o.tally.quorumNeeded})`}
          </span>
        </div>
      )}
      {o && allVoted && (
        <p className="notice" data-testid="council-all-voted">
          All {o.tally.counted} members whose votes count have voted: the decision is{' '}
          <strong>{o.provisional.replace('_', ' ')}</strong>
          {open ? ' (final once the procedure is closed).' : '.'}
        </p>
      )}
      {o && (
        <p data-testid="council-outcome">
          Outcome:{' '}
          <strong>
            {o.status === 'pending'
              ? `pending — would be ${o.provisional.replace('_', ' ')}`
              : o.status.replace('_', ' ')}
          </strong>
          : {o.reason}
          {o.bound.length > 0 && (
            <>
              <br />
              Bound (
              {o.bindingScope === 'acceptors'
                ? 'only the members that accepted'
                : 'all members'}):{' '}
              <span data-testid="council-bound" data-members={o.bound.join(' ')}>
                {o.bound.map(actor).join(', ')}
              </span>
            </>
          )}
          {o.tally.excluded.length > 0 && (
            <>
              <br />
              Vote not counted:{' '}
              {o.tally.excluded.map((e) => `${actor(e.member)} (${e.role})`).join(', ')}
            </>
          )}
        </p>
      )}
      {p.refusal && <p className="error-text">{p.refusal}</p>}
      {p.summary && <p>Summary: {p.summary}</p>}
      {open && !member && (
        <p className="notice">Choose a member (top right) to act in this procedure.</p>
      )}
      {open && member && (
        <div
          className="actions"
          style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap', alignItems: 'center' }}
        >
          <span>
            Acting as <strong>{actor(member)}</strong>:
          </span>
          {p.ruleKind !== null &&
            ruleOf(p.ruleKind).refusesVotes === null &&
            !voted &&
            (['yes', 'no', 'abstain'] as const).map((c) => (
              <button
                key={c}
                data-testid={`council-vote-${c}`}
                onClick={() => void act({ act: 'vote', choice: c })}
              >
                Vote {c}
              </button>
            ))}
          {voted && <span className="muted">{actor(member)} has voted.</span>}
          {p.ruleKind !== null && ruleOf(p.ruleKind).takesObjections && (
            <button
              data-testid="council-object"
              onClick={() =>
                void act({ act: 'objection', statement: statement || 'formal objection' })
              }
            >
              Formal objection
            </button>
          )}
          {p.kind !== 'decision' && (
            <button data-testid="council-position" onClick={statePosition}>
              State position
            </button>
          )}
          {p.kind === 'defence' && (
            <button
              onClick={() =>
                void act({ act: 'assistance', assistanceKind: 'other', description: statement })
              }
            >
              Record assistance
            </button>
          )}
          <label className="inline-label">
            {p.kind === 'decision' ? 'Statement (optional)' : 'Statement'}
            <input
              data-testid="council-statement"
              value={statement}
              onChange={(e) => setStatement(e.target.value)}
            />
          </label>
          {mayClose && (
            <button
              data-testid="council-close"
              className="primary"
              onClick={() => void closeProcedure()}
              title={
                member === 'SECRETARIAT'
                  ? 'The secretariat may close any procedure'
                  : 'You opened this procedure: you may close it'
              }
            >
              Close the procedure
            </button>
          )}
        </div>
      )}
      {closed && (
        <p className="notice" role="status" data-testid="council-closed-message">
          {closed}
        </p>
      )}
      {error && (
        <p className="error-text" data-testid="council-error">
          {error}
        </p>
      )}
      <h3>Timeline</h3>
      <table className="table" data-testid="council-timeline">
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Who</th>
            <th>What</th>
            <th>Signed act</th>
          </tr>
        </thead>
        <tbody>
          {p.timeline.map((e) => (
            <tr key={e.actId}>
              <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{actor(e.actor)}</td>
              <td>{e.summary}</td>
              <td>
                <code title={e.actId}>#{e.seq}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OpenForm({
  charters,
  defaultCharter,
  onOpened,
}: {
  charters: CharterView[];
  defaultCharter: string;
  onOpened: (id: string) => void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    charterId: defaultCharter,
    kind: 'decision',
    decisionType: '',
    title: '',
    matter: '',
    deadline: '',
    article: '',
  });
  const [error, setError] = useState<string | null>(null);
  const c = charters.find((x) => x.id === form.charterId);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const body = {
        charterId: form.charterId,
        kind: form.kind,
        title: form.title,
        matter: form.matter,
        deadline: form.deadline ? new Date(form.deadline).toISOString() : null,
        ...(form.kind === 'decision'
          ? { decisionType: form.decisionType || Object.keys(c?.decisions ?? {})[0] }
          : {}),
        ...(form.kind === 'consultation' ? { grounds: ['security'] } : {}),
        ...(form.kind === 'defence' ? { article: c?.collectiveDefence?.article } : {}),
      };
      onOpened((await councilApi.open(body)).id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <form
      onSubmit={(e) => void submit(e)}
      data-testid="council-open-form"
      className="council-open-form"
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(0, 1fr)',
        gap: '.3rem',
        marginTop: '1rem',
      }}
    >
      <h3>Open a procedure</h3>
      <select
        value={form.charterId}
        onChange={set('charterId')}
        aria-label={t('council.field.charter')}
      >
        {charters.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
      <select value={form.kind} onChange={set('kind')} aria-label={t('council.field.kind')}>
        <option value="decision">decision</option>
        <option value="consultation">request for consultations</option>
        <option value="defence">invoke collective defence</option>
      </select>
      {form.kind === 'decision' && (
        <select
          value={form.decisionType}
          onChange={set('decisionType')}
          aria-label={t('council.field.decisionType')}
        >
          {Object.entries(c?.decisions ?? {}).map(([k, d]) => (
            <option key={k} value={k}>
              {d.label} — {d.ruleText}
            </option>
          ))}
        </select>
      )}
      <label className="field">
        {t('answers.field.title')}
        <input value={form.title} onChange={set('title')} data-testid="council-open-title" />
      </label>
      <label className="field">
        {t('answers.field.matter')}
        <input value={form.matter} onChange={set('matter')} data-testid="council-open-matter" />
      </label>
      <label className="muted">
        Deadline <input type="datetime-local" value={form.deadline} onChange={set('deadline')} />
      </label>
      <button type="submit">Open (as the chosen member)</button>
      {error && <p className="error-text">{error}</p>}
    </form>
  );
}

function OfficeCalendar({ charterId, charter }: { charterId: string; charter?: CharterView }) {
  const cal = useAsync(() => councilApi.calendar(charterId), [charterId]);
  const day = today();
  const actor = useActorName();
  return (
    <section className="panel" data-testid="council-offices">
      <h2>Offices — {charter?.name ?? charterId}</h2>
      {cal.error && <p className="error-text">{cal.error.message}</p>}
      {cal.data?.chair ? (
        <table className="table">
          <thead>
            <tr>
              <th>{cal.data.chair.title}</th>
              <th>In line</th>
              <th>Held by</th>
              <th>Declined</th>
            </tr>
          </thead>
          <tbody>
            {cal.data.chair.terms.slice(-12).map((t) => (
              <tr
                key={t.from}
                style={{ fontWeight: t.from <= day && day < t.to ? 'bold' : undefined }}
              >
                <td>
                  {t.from} → {t.to}
                  {t.projected && <span className="muted"> (projected)</span>}
                </td>
                <td data-member={t.inLine}>{actor(t.inLine)}</td>
                <td data-member={t.holder}>{actor(t.holder)}</td>
                <td>
                  {t.declined
                    .map(
                      (d) =>
                        `${actor(d.member)}${d.substitute ? ` (→ ${actor(d.substitute)})` : ''}`,
                    )
                    .join(', ')}
                  {t.lapsed?.length ? (
                    <span
                      className="muted"
                      title="filed when that member was in line; an earlier decline shifted the rotation"
                    >
                      {' '}
                      lapsed: {t.lapsed.map((d) => actor(d.member)).join(', ')}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No rotating chair in this charter.</p>
      )}
      {charter?.chair?.note && <p className="muted">{charter.chair.note}</p>}
      {charter?.chair?.recordedNote && <p className="muted">{charter.chair.recordedNote}</p>}
      <h3>Secretary-General</h3>
      {charter?.secretaryGeneral && (
        <p className="muted">
          Civilian; {charter.secretaryGeneral.termYears}-year terms
          {charter.secretaryGeneral.maxTerms
            ? `, at most ${charter.secretaryGeneral.maxTerms}`
            : ''}
          ; appointed by a council decision.
        </p>
      )}
      {(cal.data?.secretaryGeneral ?? []).map((t) => (
        <div key={t.procedureId}>
          {t.person} ({actor(t.nationality)}) {t.from} → {t.to}, term {t.termNumber}
          {t.sources?.length ? (
            <span className="muted small"> — {t.sources.map((src) => src.title).join('; ')}</span>
          ) : null}
          {t.unverified ? <span className="muted small"> [unverified: {t.unverified}]</span> : null}
        </div>
      ))}
      {cal.data && cal.data.secretaryGeneral.length === 0 && (
        <p className="muted">No appointment recorded.</p>
      )}
    </section>
  );
}
