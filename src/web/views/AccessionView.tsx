import { useState, type FormEvent } from 'react';
import { ApiError, get, request } from '../api.js';
import { useAllianceNames, useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
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

/** Alliances with sourced life-cycle rules (data/registry/lifecycle-rules.json). */
const ALLIANCES = [
  { id: 'islamic-nato', label: '"Islamic NATO" (proposed)' },
  { id: 'arab-league', label: 'Arab League' },
  { id: 'gcc', label: 'GCC' },
];
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
const problem = (e: unknown): string =>
  e instanceof ApiError ? `${e.detail}${e.code ? ` (${e.code})` : ''}` : String(e);
const step = (s: { date: string } | null) => s?.date ?? '—';

/** Route: #/accession[/<alliance>]. Applications, the council's admission, ratification, entry into force, withdrawal. */
export function AccessionView() {
  const route = useHashRoute();
  const allianceId = route[1] ?? 'islamic-nato';
  const data = useAsync(
    () => get<LifecycleView>(`/api/alliances/${encodeURIComponent(allianceId)}/lifecycle`),
    [allianceId],
  );
  const v = data.data;
  return (
    <div className="accession-view">
      <section className="panel map-controls">
        <label>
          Alliance
          <select
            data-testid="accession-alliance"
            value={allianceId}
            onChange={(e) => (window.location.hash = `#/accession/${e.target.value}`)}
          >
            {ALLIANCES.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        {v && <span data-testid="accession-status">status: {v.status.replace('_', ' ')}</span>}
        {data.loading && <span className="muted">loading…</span>}
      </section>
      {data.error && <p className="panel error-text">{data.error.message}</p>}
      {v && <RulePanel view={v} />}
      {v && (
        <section className="panel">
          <h2>States</h2>
          <table data-testid="accession-parties">
            <thead>
              <tr>
                <th>state</th>
                <th>applied</th>
                <th>admitted</th>
                <th>signed</th>
                <th>ratified</th>
                <th>deposited</th>
                <th>in force</th>
                <th>withdrawal</th>
                <th>reservations, declarations</th>
              </tr>
            </thead>
            <tbody>
              {v.parties.map((p) => (
                <tr key={p.state} data-testid={`accession-row-${p.state}`}>
                  <td>{p.state}</td>
                  <td>{step(p.applied)}</td>
                  <td>{step(p.admitted)}</td>
                  <td>{step(p.signed)}</td>
                  <td>{step(p.ratified)}</td>
                  <td>{step(p.deposited)}</td>
                  <td data-testid={`accession-inforce-${p.state}`}>{step(p.inForce)}</td>
                  <td>{p.withdrawal ? `${p.withdrawal.date} → ${p.withdrawal.effective}` : '—'}</td>
                  <td>
                    {p.reservations.map((r) => `${r.kind} on ${r.article}: ${r.text}`).join('; ') ||
                      '—'}
                  </td>
                </tr>
              ))}
              {v.parties.length === 0 && (
                <tr>
                  <td colSpan={9} className="muted">
                    No life-cycle acts recorded on this node.
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
          <h2>Signed acts</h2>
          <ol data-testid="accession-acts">
            {v.acts.map((a) => (
              <li key={a.actId}>
                #{a.seq} {a.payload.date} {a.payload.kind.replace(/_/g, ' ')}
                {a.payload.state ? ` ${a.payload.state}` : ''} — signed by {a.actor}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

function RulePanel({ view }: { view: LifecycleView }) {
  const r = view.rule;
  if (!r)
    return (
      <p className="panel muted">
        No sourced life-cycle rules for this alliance: no act is accepted.
      </p>
    );
  return (
    <section className="panel" data-testid="accession-rule">
      <h2>Rules</h2>
      <p>
        Members join by{' '}
        {r.entry === 'admission'
          ? "the council's admission"
          : 'admission, then signature, ratification, deposit and entry into force'}
        . Admission: charter <b>{r.admission.charterId}</b>, decision type{' '}
        <b>{r.admission.decisionType}</b> ({r.admission.article}), on matter{' '}
        <code>admission-&lt;state&gt;</code>. {r.admission.eligibility}
      </p>
      {r.admission.unverified && <p className="muted">Unverified: {r.admission.unverified}</p>}
      {r.withdrawal && (
        <p>
          Withdrawal: {r.withdrawal.noticeMonths} months&apos; notice ({r.withdrawal.article}).
        </p>
      )}
      {view.conclusion && (
        <p data-testid="accession-conclusion">
          Text in force from {view.conclusion.date} (act {view.conclusion.actId}):{' '}
          {view.conclusion.provisions.map((p) => `${p.article} ${p.obligation}`).join(', ') ||
            'no clauses'}
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
  const i18n = useI18n();
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
  if (!session)
    return <p className="panel muted">Sign in or act as a member state to record an act.</p>;
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
          kind: effectiveKind.replace(/_/g, ' '),
          alliance: allianceName(allianceId),
          state: who ? stateName(who) : 'none',
          date: i18n.date(date),
          seq: i18n.num(r.act.seq),
        }),
      );
      onDone();
    } catch (err) {
      setError(problem(err));
    }
  };
  return (
    <section className="panel">
      <form className="stack" data-testid="accession-form" onSubmit={(e) => void submit(e)}>
        <h2>Record an act as {secretariat ? 'the secretariat' : session.member}</h2>
        <label>
          Act
          <select
            data-testid="accession-kind"
            value={effectiveKind}
            onChange={(e) => setKind(e.target.value as LifecycleKind)}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        {secretariat && (
          <label>
            State{' '}
            {effectiveKind === 'entry_into_force' && (
              <span className="muted">(empty: the text itself)</span>
            )}
            <input
              data-testid="accession-state"
              value={state}
              placeholder="ISO3"
              onChange={(e) => setState(e.target.value.toUpperCase())}
            />
          </label>
        )}
        <label>
          Date
          <input
            data-testid="accession-date"
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </label>
        {DECIDED.includes(effectiveKind) && (
          <label>
            Council decision (adopted, matter {effectiveKind}-{(state || 'xxx').toLowerCase()})
            <input
              data-testid="accession-decision"
              value={decision}
              onChange={(e) => setDecision(e.target.value)}
              placeholder="proc_…"
            />
          </label>
        )}
        {(effectiveKind === 'reservation' || effectiveKind === 'declaration' || treatyText) && (
          <label>
            Article
            <input
              data-testid="accession-article"
              value={article}
              onChange={(e) => setArticle(e.target.value)}
              placeholder="Art. 5"
            />
          </label>
        )}
        {(effectiveKind === 'reservation' || effectiveKind === 'declaration') && (
          <label>
            Text
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
              Obligation of that article
              <select
                data-testid="accession-obligation"
                value={obligation}
                onChange={(e) => setObligation(e.target.value)}
              >
                {PROVISION_OBLIGATIONS.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </label>
            <label>
              Clause in a sentence
              <input
                data-testid="accession-summary"
                value={summary}
                onChange={(e) => setSummary(e.target.value)}
              />
            </label>
          </>
        )}
        <button type="submit" data-testid="accession-submit">
          Sign and record
        </button>
        {error && (
          <p className="error-text" data-testid="accession-error">
            {error}
          </p>
        )}
        {done && <p data-testid="accession-done">{done}</p>}
        {view.status === 'proposed' && !secretariat && (
          <p className="muted">The text is not in force: founding states sign it directly.</p>
        )}
      </form>
    </section>
  );
}

/** Who is bound toward a state on a date under this alliance (GET /api/obligations). */
function ObligationsCheck({ allianceId }: { allianceId: string }) {
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
      <h2>Obligations under this alliance</h2>
      <label>
        If{' '}
        <input
          data-testid="accession-ob-state"
          value={state}
          size={4}
          onChange={(e) => setState(e.target.value.toUpperCase())}
        />{' '}
        is attacked on{' '}
        <input
          data-testid="accession-ob-date"
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
        />
      </label>
      <p data-testid="accession-obligations">
        {answer.error
          ? answer.error.message
          : bound.length
            ? bound
                .map((b) => `${b.state} ${b.obligation} (${b.article ?? 'article unknown'})`)
                .join(', ')
            : 'no state is bound under this alliance'}
      </p>
    </section>
  );
}
