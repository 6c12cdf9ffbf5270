import { useEffect, useState, type FormEvent } from 'react';
import { get, getSession, onSessionChange, request, today } from '../api.js';
import { useAllianceNames, useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import type { Charter, ProcedureState } from '../../council/model.js';
import { ruleOf, type Outcome, type RuleKind } from '../../council/decision-rules.js';
import type { ChairTerm, SecretaryGeneralTerm } from '../../council/offices.js';
import { decisionLabel, ruleText } from './council-rule-text.js';
import { problemText, type FieldLabels } from '../problem-text.js';

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
  charterId: string;
  kind: string;
  decisionType: string | null;
  title: string;
  openedAt: string;
  openedBy: string;
  deadline: string | null;
  status: string;
  replayCase: string | null;
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

/** The council forms' labels for the API's field paths (the open form and a procedure's acts). */
const councilLabels = (t: I18n['t']): FieldLabels => [
  [/(^|\/)charterId$/, t('council.field.charter')],
  [/(^|\/)kind$/, t('council.field.kind')],
  [/(^|\/)decisionType$/, t('council.field.decisionType')],
  [/(^|\/)title$/, t('answers.field.title')],
  [/(^|\/)matter$/, t('answers.field.matter')],
  [/(^|\/)deadline$/, t('council.deadlineField')],
  [/(^|\/)(statement|description|summary)$/, t('council.statement')],
];

/** An API refusal in the reader's language, naming the council form's fields and members by name. */
function useCouncilProblem(): (e: unknown) => string {
  const i18n = useI18n();
  const actor = useActorName();
  return (e: unknown) =>
    problemText(e, i18n, { labels: councilLabels(i18n.t), stateName: actor }).text;
}

function useMember(): string | null {
  const [m, setM] = useState(getSession()?.member ?? null);
  useEffect(() => onSessionChange((s) => setM(s?.member ?? null)), []);
  return m;
}

const countdown = (deadline: string, now: number, i18n: I18n): string => {
  const ms = Date.parse(deadline) - now;
  if (ms <= 0) return i18n.t('council.deadlinePassed');
  const s = Math.floor(ms / 1000),
    d = Math.floor(s / 86400),
    h = Math.floor((s % 86400) / 3600),
    m = Math.floor((s % 3600) / 60);
  const two = (n: number) => i18n.num(n, { minimumIntegerDigits: 2 });
  return i18n.t('council.countdown', {
    days: d,
    hours: i18n.num(h),
    minutes: two(m),
    seconds: two(s % 60),
  });
};

/**
 * An instant to the minute (or second), in UTC: `2003-02-10 09:00` in English (as the record writes
 * it), the reader's locale otherwise.
 */
const when = (iso: string, i18n: I18n, seconds = false): string =>
  i18n.locale === 'en'
    ? iso.replace('T', ' ').slice(0, seconds ? 19 : 16)
    : i18n.intl.formatDate(new Date(iso), {
        timeZone: 'UTC',
        dateStyle: 'medium',
        timeStyle: seconds ? 'medium' : 'short',
      });

/** A charter's name in the reader's language (its alliance's name in the registry). */
function useCharterName(): (id: string, fallback?: string) => string {
  const allianceName = useAllianceNames();
  const { t } = useI18n();
  return (id: string, fallback?: string) =>
    id === 'nato-reference' ? t('council.natoReference') : allianceName(id, fallback);
}

/** Route: #/council[/<procedure id>]. Agenda, timeline, live tally, deadline countdown, who is bound, offices. */
export function CouncilView() {
  const route = useHashRoute();
  const selected = route[1] ?? null;
  const [charter, setCharter] = useState('');
  const charters = useAsync(() => councilApi.charters(), []);
  const agenda = useAsync(() => councilApi.agenda(charter), [charter]);
  const shownCharter = charter || (agenda.data?.find((p) => p.id === selected)?.charterId ?? 'gcc');
  const i18n = useI18n();
  const { t } = i18n;
  const charterName = useCharterName();
  const nameOfCharter = (id: string) =>
    charterName(id, (charters.data ?? []).find((c) => c.id === id)?.name);
  return (
    <div className="council-view">
      <section className="panel map-controls">
        <label>
          {t('council.council')}
          <select
            data-testid="council-charter"
            value={charter}
            onChange={(e) => setCharter(e.target.value)}
          >
            <option value="">{t('council.allCouncils')}</option>
            {(charters.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {charterName(c.id, c.name)}
              </option>
            ))}
          </select>
        </label>
        {agenda.loading && <span className="muted">{t('council.loading')}</span>}
      </section>
      {agenda.error && <p className="panel error-text">{agenda.error.message}</p>}
      <div className="council-layout">
        <section className="panel" data-testid="council-agenda">
          <h2>{t('council.agenda')}</h2>
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
                  dir="auto"
                >
                  {p.title}
                </a>
                <div className="muted">
                  {nameOfCharter(p.charterId)} ·{' '}
                  {p.decisionType
                    ? decisionLabel(
                        t,
                        p.decisionType,
                        (charters.data ?? []).find((c) => c.id === p.charterId)?.decisions[
                          p.decisionType
                        ]?.label,
                      )
                    : t('council.kind', { kind: p.kind })}{' '}
                  · {i18n.date(p.openedAt.slice(0, 10))} ·{' '}
                  {p.outcome
                    ? t('council.outcome', { status: p.outcome.status })
                    : t('council.status', { status: p.status })}
                  {p.replayCase && ` · ${t('council.replayCase')}`}
                </div>
              </li>
            ))}
            {agenda.data?.length === 0 && <li className="muted">{t('council.noProcedures')}</li>}
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
            <ProcedurePanel
              id={selected}
              onChange={agenda.reload}
              charterName={nameOfCharter}
              charters={charters.data ?? []}
            />
          ) : (
            <p className="panel muted">{t('council.pick')}</p>
          )}
        </div>
      </div>
      <OfficeCalendar
        charterId={shownCharter}
        charter={(charters.data ?? []).find((c) => c.id === shownCharter)}
        charterName={nameOfCharter(shownCharter)}
      />
    </div>
  );
}

function ProcedurePanel({
  id,
  onChange,
  charterName,
  charters,
}: {
  id: string;
  onChange: () => void;
  charterName: (id: string) => string;
  charters: CharterView[];
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const proc = useAsync(() => councilApi.procedure(id), [id]);
  const member = useMember();
  const actor = useActorName();
  const sayProblem = useCouncilProblem();
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
        {proc.error ? (
          <span className="error-text">{proc.error.message}</span>
        ) : (
          t('council.loading')
        )}
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
      setError(sayProblem(e));
    }
  };
  const open = p.status === 'open';
  /**
   * A timeline entry in the reader's language: English shows the record's own summary; Arabic says
   * it from the act's fields, with names for codes (the record's text where the act is of another kind).
   */
  const eventText = (e: ProcedureState['timeline'][number]): string => {
    if (i18n.locale === 'en') return e.summary;
    const field = (k: string) => (typeof e.payload[k] === 'string' ? e.payload[k] : '');
    const who = actor(e.actor);
    switch (e.type) {
      case 'council.procedure.opened':
        return t('council.event.opened', { actor: who, title: field('title') || p.title });
      case 'council.vote':
        return t('council.event.vote', { actor: who, choice: field('choice') });
      case 'council.objection':
        return t('council.event.objection', {
          actor: who,
          statement: field('statement') || 'none',
        });
      case 'council.position':
        return t('council.event.position', {
          actor: who,
          stance: field('stance') || 'stated',
          statement: field('statement'),
        });
      case 'council.assistance':
        return t('council.event.assistance', {
          actor: who,
          kind: field('kind') || 'other',
          description: field('description'),
        });
      case 'council.procedure.closed':
        return t('council.event.closed', {
          actor: who,
          outcome: p.outcome ? t('council.outcome', { status: p.outcome.status }) : 'none',
          summary: field('summary') || 'none',
        });
      default:
        return e.summary;
    }
  };
  const voted = member ? p.votes.some((v) => v.member === member) : false;
  const allVoted =
    !!o && p.kind === 'decision' && o.tally.counted > 0 && o.tally.present >= o.tally.counted;
  const mayClose = open && !!member && (member === 'SECRETARIAT' || member === p.openedBy);
  const statePosition = () => {
    if (!statement.trim()) return setError(t('council.emptyPosition'));
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
        out
          ? t('council.closedWith', {
              decision: t('council.outcome', { status: out.status }),
              reason: out.reason,
            })
          : t('council.closedPlain'),
      );
    } catch (e) {
      setError(sayProblem(e));
    }
  };
  return (
    <section className="panel" data-testid="council-procedure">
      <h2 dir="auto">{p.title}</h2>
      <p className="muted">
        {i18n.rich('council.meta', {
          charter: charterName(p.charterId),
          kind: t('council.kind', { kind: p.kind }),
          rule: ruleOfProcedure(p, charters, t) ?? p.rule ?? 'none',
          matter: p.matter,
          actor: actor(p.openedBy),
          when: t('council.utc', { when: when(p.openedAt, i18n) }),
          code: (c) => <code translate="no">{c}</code>,
        })}
        {p.open.article &&
          i18n.rich('council.invokes', {
            article: p.open.article,
            strong: (c) => <strong>{c}</strong>,
          })}
      </p>
      {p.open.text && <p>{p.open.text}</p>}
      {p.open.replay && (
        <p className="notice">
          {t('council.replay', {
            note: p.open.replay.note,
            sources: p.open.replay.sources.map((s) => s.title).join('; '),
          })}
        </p>
      )}
      <p data-testid="council-status">
        {i18n.rich('council.statusLine', {
          status: t('council.status', { status: p.status }),
          strong: (c) => <strong>{c}</strong>,
        })}
        {p.deadline && (
          <>
            {t('council.deadline', { when: t('council.utc', { when: when(p.deadline, i18n) }) })}
            <span data-testid="council-countdown">
              {p.status === 'open' ? countdown(p.deadline, now, i18n) : t('council.closed')}
            </span>
          </>
        )}
      </p>
      {o && (
        <div data-testid="council-tally" style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap' }}>
          <span>
            {t('council.tally.yes')}{' '}
            <strong data-testid="council-tally-yes">{i18n.num(o.tally.yes)}</strong>
          </span>
          <span>
            {t('council.tally.no')}{' '}
            <strong data-testid="council-tally-no">{i18n.num(o.tally.no)}</strong>
          </span>
          <span>
            {t('council.tally.abstain')}{' '}
            <strong data-testid="council-tally-abstain">{i18n.num(o.tally.abstain)}</strong>
          </span>
          <span>
            {t('council.tally.objections')} <strong>{i18n.num(o.tally.objections)}</strong>
          </span>
          <span>
            {t('council.tally.present', {
              present: i18n.num(o.tally.present),
              counted: i18n.num(o.tally.counted),
              quorum: o.tally.quorumNeeded === null ? 'none' : i18n.num(o.tally.quorumNeeded),
            })}
          </span>
        </div>
      )}
      {o && allVoted && (
        <p className="notice" data-testid="council-all-voted">
          {i18n.rich('council.allVoted', {
            count: o.tally.counted,
            decision: t('council.outcome', { status: o.provisional }),
            open: open ? 'yes' : 'no',
            strong: (c) => <strong>{c}</strong>,
          })}
        </p>
      )}
      {o && (
        <p data-testid="council-outcome">
          {i18n.rich('council.outcomeLine', {
            outcome:
              o.status === 'pending'
                ? t('council.wouldBe', {
                    decision: t('council.outcome', { status: o.provisional }),
                  })
                : t('council.outcome', { status: o.status }),
            reason: o.reason,
            strong: (c) => <strong>{c}</strong>,
          })}
          {o.bound.length > 0 && (
            <>
              <br />
              {t('council.bound', { scope: o.bindingScope })}{' '}
              <span data-testid="council-bound" data-members={o.bound.join(' ')}>
                {i18n.list(o.bound.map(actor))}
              </span>
            </>
          )}
          {o.tally.excluded.length > 0 && (
            <>
              <br />
              {t('council.notCounted', {
                list: i18n.list(
                  o.tally.excluded.map((e) =>
                    t('council.role', { name: actor(e.member), role: e.role }),
                  ),
                ),
              })}
            </>
          )}
        </p>
      )}
      {p.refusal && <p className="error-text">{p.refusal}</p>}
      {p.summary && <p>{t('council.summary', { summary: p.summary })}</p>}
      {open && !member && <p className="notice">{t('council.chooseMember')}</p>}
      {open && member && (
        <div
          className="actions"
          style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap', alignItems: 'center' }}
        >
          <span>
            {i18n.rich('council.actingAs', {
              name: actor(member),
              strong: (c) => <strong>{c}</strong>,
            })}
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
                {t('council.vote', { choice: c })}
              </button>
            ))}
          {voted && <span className="muted">{t('council.hasVoted', { name: actor(member) })}</span>}
          {p.ruleKind !== null && ruleOf(p.ruleKind).takesObjections && (
            <button
              data-testid="council-object"
              onClick={() =>
                void act({ act: 'objection', statement: statement || 'formal objection' })
              }
            >
              {t('council.object')}
            </button>
          )}
          {p.kind !== 'decision' && (
            <button data-testid="council-position" onClick={statePosition}>
              {t('council.statePosition')}
            </button>
          )}
          {p.kind === 'defence' && (
            <button
              onClick={() =>
                void act({ act: 'assistance', assistanceKind: 'other', description: statement })
              }
            >
              {t('council.recordAssistance')}
            </button>
          )}
          <label className="inline-label">
            {p.kind === 'decision' ? t('council.statementOptional') : t('council.statement')}
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
                member === 'SECRETARIAT' ? t('council.closeSecretariat') : t('council.closeOpener')
              }
            >
              {t('council.close')}
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
      <h3>{t('council.timeline')}</h3>
      <table className="table" data-testid="council-timeline">
        <thead>
          <tr>
            <th>{t('council.col.when')}</th>
            <th>{t('council.col.who')}</th>
            <th>{t('council.col.what')}</th>
            <th>{t('council.col.act')}</th>
          </tr>
        </thead>
        <tbody>
          {p.timeline.map((e) => (
            <tr key={e.actId}>
              <td>{when(e.at, i18n, true)}</td>
              <td>{actor(e.actor)}</td>
              <td>{eventText(e)}</td>
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
  const sayProblem = useCouncilProblem();
  const charterName = useCharterName();
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
      setError(sayProblem(err));
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
      <h3>{t('council.openTitle')}</h3>
      <select
        value={form.charterId}
        onChange={set('charterId')}
        aria-label={t('council.field.charter')}
      >
        {charters.map((x) => (
          <option key={x.id} value={x.id}>
            {charterName(x.id, x.name)}
          </option>
        ))}
      </select>
      <select value={form.kind} onChange={set('kind')} aria-label={t('council.field.kind')}>
        {(['decision', 'consultation', 'defence'] as const).map((k) => (
          <option key={k} value={k}>
            {t('council.kindOption', { kind: k })}
          </option>
        ))}
      </select>
      {form.kind === 'decision' && (
        <select
          value={form.decisionType}
          onChange={set('decisionType')}
          aria-label={t('council.field.decisionType')}
        >
          {Object.entries(c?.decisions ?? {}).map(([k, d]) => (
            <option key={k} value={k}>
              {decisionLabel(t, k, d.label)} — {ruleText(d.rule, t)}
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
        {t('council.deadlineField')}{' '}
        <input type="datetime-local" value={form.deadline} onChange={set('deadline')} />
      </label>
      <button type="submit">{t('council.openSubmit')}</button>
      {error && <p className="error-text">{error}</p>}
    </form>
  );
}

function OfficeCalendar({
  charterId,
  charter,
  charterName,
}: {
  charterId: string;
  charter?: CharterView;
  charterName: string;
}) {
  const cal = useAsync(() => councilApi.calendar(charterId), [charterId]);
  const day = today();
  const actor = useActorName();
  const i18n = useI18n();
  const { t } = i18n;
  const list = (names: string[]) => names.join(i18n.locale === 'ar' ? '، ' : ', ');
  return (
    <section className="panel" data-testid="council-offices">
      <h2>{t('council.offices', { charter: charterName })}</h2>
      {cal.error && <p className="error-text">{cal.error.message}</p>}
      {cal.data?.chair ? (
        <table className="table">
          <thead>
            <tr>
              <th>
                {t('council.chairTitle', {
                  charter: charterId.replace(/-/g, '_'),
                  title: cal.data.chair.title,
                })}
              </th>
              <th>{t('council.col.inLine')}</th>
              <th>{t('council.col.heldBy')}</th>
              <th>{t('council.col.declined')}</th>
            </tr>
          </thead>
          <tbody>
            {cal.data.chair.terms.slice(-12).map((term) => (
              <tr
                key={term.from}
                style={{ fontWeight: term.from <= day && day < term.to ? 'bold' : undefined }}
              >
                <td>
                  {t('council.term', { from: i18n.date(term.from), to: i18n.date(term.to) })}
                  {term.projected && <span className="muted">{t('council.projected')}</span>}
                </td>
                <td data-member={term.inLine}>{actor(term.inLine)}</td>
                <td data-member={term.holder}>{actor(term.holder)}</td>
                <td>
                  {list(
                    term.declined.map((d) =>
                      d.substitute
                        ? t('council.substitute', {
                            name: actor(d.member),
                            substitute: actor(d.substitute),
                          })
                        : actor(d.member),
                    ),
                  )}
                  {term.lapsed?.length ? (
                    <span className="muted" title={t('council.lapsedTitle')}>
                      {' '}
                      {t('council.lapsed', {
                        list: list(term.lapsed.map((d) => actor(d.member))),
                      })}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('council.noChair')}</p>
      )}
      {charter?.chair?.note && <p className="muted">{charter.chair.note}</p>}
      {charter?.chair?.recordedNote && <p className="muted">{charter.chair.recordedNote}</p>}
      <h3>{t('council.sg')}</h3>
      {charter?.secretaryGeneral && (
        <p className="muted">
          {t('council.sgRule', {
            years: charter.secretaryGeneral.termYears,
            max: charter.secretaryGeneral.maxTerms
              ? i18n.num(charter.secretaryGeneral.maxTerms)
              : 'none',
          })}
        </p>
      )}
      {(cal.data?.secretaryGeneral ?? []).map((term) => (
        <div key={term.procedureId}>
          {t('council.sgTerm', {
            person: term.person,
            nationality: actor(term.nationality),
            from: i18n.date(term.from),
            to: i18n.date(term.to),
            term: i18n.num(term.termNumber),
          })}
          {term.sources?.length ? (
            <span className="muted small">
              {' — '}
              {term.sources.map((src) => src.title).join('; ')}
            </span>
          ) : null}
          {term.unverified ? (
            <span className="muted small">
              {t('council.unverified', { text: term.unverified })}
            </span>
          ) : null}
        </div>
      ))}
      {cal.data && cal.data.secretaryGeneral.length === 0 && (
        <p className="muted">{t('council.noAppointment')}</p>
      )}
    </section>
  );
}

/** The rule a decision is taken by, in the reader's language, from its charter's decision type. */
function ruleOfProcedure(
  p: ProcedureView,
  charters: CharterView[],
  t: I18n['t'],
): string | undefined {
  const type = p.open.decisionType;
  const spec = type ? charters.find((c) => c.id === p.charterId)?.decisions[type]?.rule : undefined;
  return spec && ruleText(spec, t);
}
