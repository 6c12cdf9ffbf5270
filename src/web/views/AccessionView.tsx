import { useState, type FormEvent } from 'react';
import { isOneOf } from '../guards.js';
import { get, request } from '../api.js';
import { useAllianceNames, useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { problemText, type FieldLabels } from '../problem-text.js';
import { useSession } from '../session.js';
import {
  LIFECYCLE_KINDS,
  PROVISION_OBLIGATIONS,
  type LifecycleKind,
  type LifecycleRule,
  type PartyProgress,
} from '../../registry/lifecycle-model.js';

interface LifecycleView {
  alliance: string;
  status: string;
  rule: LifecycleRule | null;
  conclusion: {
    date: string;
    actId: string;
    provisions: { article: string; obligation: string }[];
  } | null;
  parties: PartyProgress[];
  acts: {
    actId: string;
    seq: number;
    actor: string;
    type: string;
    payload: { kind: string; state?: string; date: string };
  }[];
}

/** Alliances with sourced life-cycle rules (data/registry/lifecycle-rules.json), named by the registry. */
const ALLIANCES = ['islamic-nato', 'arab-league', 'gcc'];
/** Acts the secretariat enters (it carries out the council's decision, or is the depositary). */
const SECRETARIAT_KINDS: LifecycleKind[] = [
  'admission',
  'suspension',
  'readmission',
  'entry_into_force',
  'deposit',
];
const DECIDED: LifecycleKind[] = ['admission', 'suspension', 'readmission'];

const today = () => new Date().toISOString().slice(0, 10);
/** The act form's labels for the API's fields (`body/date`, `state`, `provisions/0/article` …). */
const actLabels = (t: I18n['t'], matter: string): FieldLabels => [
  [/(^|\/)kind$/, t('accession.field.act')],
  [/(^|\/)state$/, t('accession.field.state')],
  [/(^|\/)date$/, t('accession.field.date')],
  [/(^|\/)decision$/, t('accession.field.decision', { matter })],
  [/(^|\/)article$/, t('accession.field.article')],
  [/(^|\/)text$/, t('accession.field.text')],
  [/(^|\/)obligation$/, t('accession.field.obligation')],
  [/(^|\/)summary$/, t('accession.field.summary')],
];
/**
 * An API refusal in the reader's language: fields as the form labels them, states and alliances by
 * their names, a life-cycle act by its name.
 */
function useProblem() {
  const i18n = useI18n();
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
  return (e: unknown, labels: FieldLabels = []) =>
    problemText(e, i18n, {
      labels,
      stateName,
      allianceName,
      paramText: { kind: (kind) => i18n.t('accession.kind', { kind }) },
    }).text;
}

/** Route: #/accession[/<alliance>]. Applications, the council's admission, ratification, entry into force, withdrawal. */
export function AccessionView() {
  const route = useHashRoute();
  const allianceId = route[1] ?? 'islamic-nato';
  const data = useAsync(
    () => get<LifecycleView>(`/api/alliances/${encodeURIComponent(allianceId)}/lifecycle`),
    [allianceId],
  );
  const v = data.data;
  const i18n = useI18n();
  const { t } = i18n;
  const allianceName = useAllianceNames();
  const stateName = useStateNames();
  const problem = useProblem();
  const step = (s: { date: string } | null) => (s ? i18n.date(s.date) : '—');
  return (
    <div className="accession-view">
      <section className="panel map-controls">
        <label>
          {t('accession.alliance')}
          <select
            data-testid="accession-alliance"
            value={allianceId}
            onChange={(e) => (window.location.hash = `#/accession/${e.target.value}`)}
          >
            {ALLIANCES.map((id) => (
              <option key={id} value={id}>
                {allianceName(id)}
              </option>
            ))}
          </select>
        </label>
        {v && (
          <span data-testid="accession-status">{t('accession.status', { status: v.status })}</span>
        )}
        {data.loading && <span className="muted">{t('accession.loading')}</span>}
      </section>
      {data.error && <p className="panel error-text">{problem(data.error)}</p>}
      {v && <RulePanel view={v} />}
      {v && (
        <section className="panel">
          <h2>{t('accession.states')}</h2>
          <table data-testid="accession-parties">
            <thead>
              <tr>
                <th>{t('accession.col.state')}</th>
                <th>{t('accession.col.applied')}</th>
                <th>{t('accession.col.admitted')}</th>
                <th>{t('accession.col.signed')}</th>
                <th>{t('accession.col.ratified')}</th>
                <th>{t('accession.col.deposited')}</th>
                <th>{t('accession.col.inForce')}</th>
                <th>{t('accession.col.withdrawal')}</th>
                <th>{t('accession.col.reservations')}</th>
              </tr>
            </thead>
            <tbody>
              {v.parties.map((p) => (
                <tr key={p.state} data-testid={`accession-row-${p.state}`}>
                  <td data-member={p.state}>{stateName(p.state)}</td>
                  <td>{step(p.applied)}</td>
                  <td>{step(p.admitted)}</td>
                  <td>{step(p.signed)}</td>
                  <td>{step(p.ratified)}</td>
                  <td>{step(p.deposited)}</td>
                  <td data-testid={`accession-inforce-${p.state}`}>{step(p.inForce)}</td>
                  <td>
                    {p.withdrawal
                      ? t('accession.withdrawalDates', {
                          date: i18n.date(p.withdrawal.date),
                          effective: i18n.date(p.withdrawal.effective),
                        })
                      : '—'}
                  </td>
                  <td>
                    {p.reservations
                      .map((r) =>
                        t('accession.reservation', {
                          kind: r.kind,
                          article: r.article,
                          text: r.text,
                        }),
                      )
                      .join('; ') || '—'}
                  </td>
                </tr>
              ))}
              {v.parties.length === 0 && (
                <tr>
                  <td colSpan={9} className="muted">
                    {t('accession.noParties')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
      )}
      {v && <ActForm allianceId={allianceId} view={v} onDone={data.reload} />}
      {v && <ObligationsCheck allianceId={allianceId} />}
      {v && (
        <section className="panel">
          <h2>{t('accession.signedActs')}</h2>
          <ol data-testid="accession-acts">
            {v.acts.map((a) => (
              <li key={a.actId}>
                {t('accession.act', {
                  seq: a.seq,
                  date: i18n.date(a.payload.date),
                  kind: t('accession.kind', { kind: a.payload.kind }),
                  state: a.payload.state ?? 'none',
                  actor: a.actor,
                })}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

function RulePanel({ view }: { view: LifecycleView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const r = view.rule;
  if (!r) return <p className="panel muted">{t('accession.noRules')}</p>;
  return (
    <section className="panel" data-testid="accession-rule">
      <h2>{t('accession.rules')}</h2>
      <p>
        {t('accession.entry', { entry: r.entry })}{' '}
        {i18n.rich('accession.admissionRule', {
          charter: r.admission.charterId,
          decisionType: r.admission.decisionType,
          article: r.admission.article,
          matter: 'admission-<state>',
          b: (c) => <b>{c}</b>,
          code: (c) => <code translate="no">{c}</code>,
        })}{' '}
        {r.admission.eligibility}
      </p>
      {r.admission.unverified && (
        <p className="muted">{t('accession.unverified', { text: r.admission.unverified })}</p>
      )}
      {r.withdrawal && (
        <p>
          {t('accession.withdrawalRule', {
            months: r.withdrawal.noticeMonths,
            article: r.withdrawal.article,
          })}
        </p>
      )}
      {view.conclusion && (
        <p data-testid="accession-conclusion">
          {t('accession.conclusion', {
            date: i18n.date(view.conclusion.date),
            actId: view.conclusion.actId,
            provisions:
              view.conclusion.provisions
                .map(
                  (p) => `${p.article} ${t('accession.obligation', { obligation: p.obligation })}`,
                )
                .join(', ') || t('accession.noClauses'),
          })}
        </p>
      )}
      {r.note && <p className="muted">{r.note}</p>}
    </section>
  );
}

function ActForm({
  allianceId,
  view,
  onDone,
}: {
  allianceId: string;
  view: LifecycleView;
  onDone: () => void;
}) {
  const session = useSession();
  const secretariat = session?.member === 'SECRETARIAT';
  const kinds = LIFECYCLE_KINDS.filter(
    (k) =>
      k !== 'exit' &&
      (secretariat
        ? SECRETARIAT_KINDS.includes(k)
        : !['admission', 'suspension', 'readmission', 'entry_into_force'].includes(k)),
  );
  const [kind, setKind] = useState<LifecycleKind>(secretariat ? 'admission' : 'application');
  const [state, setState] = useState('');
  const [date, setDate] = useState(today());
  const [decision, setDecision] = useState('');
  const [article, setArticle] = useState('');
  const [text, setText] = useState('');
  const [obligation, setObligation] = useState('defense');
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const problem = useProblem();
  const i18n = useI18n();
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
  const { t } = i18n;
  if (!session) return <p className="panel muted">{t('accession.signInToAct')}</p>;
  const effectiveKind = kinds.includes(kind) ? kind : kinds[0];
  const who = secretariat ? state : session.member;
  const treatyText = effectiveKind === 'entry_into_force' && !state;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      const body = {
        kind: effectiveKind,
        date,
        ...(who ? { state: who } : {}),
        ...(DECIDED.includes(effectiveKind) ? { decision } : {}),
        ...(effectiveKind === 'reservation' || effectiveKind === 'declaration'
          ? { article, text }
          : {}),
        ...(treatyText && article ? { provisions: [{ obligation, article, summary }] } : {}),
      };
      const r = await request<{ act: { seq: number; type: string } }>(
        `/api/alliances/${encodeURIComponent(allianceId)}/lifecycle`,
        { method: 'POST', body },
      );
      setDone(
        i18n.t('answers.done.lifecycleRecorded', {
          kind: t('accession.kind', { kind: effectiveKind }),
          alliance: allianceName(allianceId),
          state: who ? stateName(who) : 'none',
          date: i18n.date(date),
          seq: i18n.num(r.act.seq),
        }),
      );
      onDone();
    } catch (err) {
      setError(problem(err, actLabels(t, `${effectiveKind}-${(state || 'xxx').toLowerCase()}`)));
    }
  };
  return (
    <section className="panel">
      <form className="stack" data-testid="accession-form" onSubmit={(e) => void submit(e)}>
        <h2>
          {t('accession.recordAs', {
            who: secretariat ? t('answers.secretariat') : stateName(session.member),
          })}
        </h2>
        <label>
          {t('accession.field.act')}
          <select
            data-testid="accession-kind"
            value={effectiveKind}
            onChange={(e) => {
              const chosen = e.target.value;
              if (isOneOf(kinds, chosen)) setKind(chosen);
            }}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t('accession.kind', { kind: k })}
              </option>
            ))}
          </select>
        </label>
        {secretariat && (
          <label>
            {t('accession.field.state')}{' '}
            {effectiveKind === 'entry_into_force' && (
              <span className="muted">{t('accession.field.stateEmpty')}</span>
            )}
            <input
              data-testid="accession-state"
              value={state}
              onChange={(e) => setState(e.target.value.toUpperCase())}
            />
          </label>
        )}
        <label>
          {t('accession.field.date')}
          <input
            data-testid="accession-date"
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </label>
        {DECIDED.includes(effectiveKind) && (
          <label>
            {t('accession.field.decision', {
              matter: `${effectiveKind}-${(state || 'xxx').toLowerCase()}`,
            })}
            <input
              data-testid="accession-decision"
              value={decision}
              onChange={(e) => setDecision(e.target.value)}
            />
          </label>
        )}
        {(effectiveKind === 'reservation' || effectiveKind === 'declaration' || treatyText) && (
          <label>
            {t('accession.field.article')}
            <input
              data-testid="accession-article"
              value={article}
              onChange={(e) => setArticle(e.target.value)}
            />
          </label>
        )}
        {(effectiveKind === 'reservation' || effectiveKind === 'declaration') && (
          <label>
            {t('accession.field.text')}
            <textarea
              data-testid="accession-text"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
        )}
        {treatyText && (
          <>
            <label>
              {t('accession.field.obligation')}
              <select
                data-testid="accession-obligation"
                value={obligation}
                onChange={(e) => setObligation(e.target.value)}
              >
                {PROVISION_OBLIGATIONS.map((o) => (
                  <option key={o} value={o}>
                    {t('accession.obligation', { obligation: o })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('accession.field.summary')}
              <input
                data-testid="accession-summary"
                value={summary}
                onChange={(e) => setSummary(e.target.value)}
              />
            </label>
          </>
        )}
        <button type="submit" data-testid="accession-submit">
          {t('accession.submit')}
        </button>
        {error && (
          <p className="error-text" data-testid="accession-error">
            {error}
          </p>
        )}
        {done && <p data-testid="accession-done">{done}</p>}
        {view.status === 'proposed' && !secretariat && (
          <p className="muted">{t('accession.notInForce')}</p>
        )}
      </form>
    </section>
  );
}

/** Who is bound toward a state on a date under this alliance (GET /api/obligations). */
function ObligationsCheck({ allianceId }: { allianceId: string }) {
  const { t } = useI18n();
  const problem = useProblem();
  const [state, setState] = useState('PAK');
  const [date, setDate] = useState(today());
  const answer = useAsync(
    () =>
      /^[A-Z]{3}$/.test(state)
        ? get<{
            bound: {
              state: string;
              obligation: string;
              article: string | null;
              allianceId: string;
            }[];
          }>('/api/obligations', { attacked: state, date })
        : Promise.resolve({ bound: [] }),
    [state, date],
  );
  const bound = (answer.data?.bound ?? []).filter((b) => b.allianceId === allianceId);
  return (
    <section className="panel">
      <h2>{t('accession.obligations')}</h2>
      <label>
        {t('accession.ob.if')}{' '}
        <input
          data-testid="accession-ob-state"
          aria-label={t('accession.ob.stateLabel')}
          value={state}
          size={4}
          onChange={(e) => setState(e.target.value.toUpperCase())}
        />{' '}
        {t('accession.ob.attackedOn')}{' '}
        <input
          data-testid="accession-ob-date"
          aria-label={t('accession.ob.dateLabel')}
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
        />
      </label>
      <p data-testid="accession-obligations">
        {answer.error
          ? problem(answer.error, [
              [/(^|\/)attacked$/, t('accession.ob.stateLabel')],
              [/(^|\/)date$/, t('accession.ob.dateLabel')],
            ])
          : bound.length
            ? bound
                .map((b) =>
                  t('accession.ob.bound', {
                    state: b.state,
                    obligation: t('accession.obligation', { obligation: b.obligation }),
                    article: b.article ?? t('accession.ob.articleUnknown'),
                  }),
                )
                .join(', ')
            : t('accession.ob.none')}
      </p>
    </section>
  );
}
