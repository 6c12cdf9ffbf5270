import { useState, type FormEvent } from 'react';
import { isOneOf } from '../guards.js';
import { get, request } from '../api.js';
import { useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { problemText, type FieldLabels } from '../problem-text.js';
import { useSession } from '../session.js';
import { CASE_STATUSES, SEVERITIES, type CyberCase } from '../../programmes/cyber-model.js';
import type { ProgrammeState } from '../../programmes/model.js';
import { historyLine } from './history-line.js';

const CLASSIFICATIONS = ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'] as const;
/** The declaration form's labels for the API's fields (`body/title`, `stixIds/0` …). */
const declareLabels = (t: I18n['t']): FieldLabels => [
  [/(^|\/)programmeId$/, t('cyber.field.programme')],
  [/(^|\/)title$/, t('answers.field.title')],
  [/(^|\/)description$/, t('answers.field.whatHappened')],
  [/(^|\/)severity$/, t('cyber.field.severity')],
  [/(^|\/)classification$/, t('cyber.field.classification')],
  [/(^|\/)releasableTo(\/\d+)?$/, t('cyber.releasedToLegend')],
  [/(^|\/)requestedAssistance(\/\d+)?$/, t('answers.field.assistance')],
  [/(^|\/)stixIds(\/\d+)?$/, t('answers.field.stix')],
];
/** A case's forms (offer, status, close): their labels for the API's fields. */
const caseLabels = (t: I18n['t']): FieldLabels => [
  [/(^|\/)kind$/, t('answers.field.offerKind')],
  [/(^|\/)description$/, t('answers.field.offer')],
  [/(^|\/)status$/, t('cyber.status')],
  [/(^|\/)summary$/, t('answers.field.closingSummary')],
];
/** An API refusal in the reader's language: fields as the form labels them, members and levels by name. */
function useProblem(labels: (t: I18n['t']) => FieldLabels) {
  const i18n = useI18n();
  const stateName = useStateNames();
  const level = (c: string) => (isOneOf(CLASSIFICATIONS, c) ? i18n.t(`cyber.class.${c}`) : c);
  return (e: unknown) =>
    problemText(e, i18n, {
      labels: labels(i18n.t),
      stateName,
      paramText: { classification: level, clearance: level },
    }).text;
}
const split = (s: string) =>
  s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);
const post = <T,>(path: string, body: unknown) => request<T>(path, { method: 'POST', body });

/**
 * Route: #/cyber[/<caseId>]. Cyber incident cases among programme participants: declare, link STIX
 * objects of the intelligence hub by id, offer help, change the status, close. The server shows a case
 * only to the members it is released to; this view asks it and shows nothing else.
 */
export function CyberView() {
  const { t } = useI18n();
  const stateName = useStateNames();
  const session = useSession();
  const member = session?.member && session.member !== 'SECRETARIAT' ? session.member : null;
  const route = useHashRoute();
  const selected = route[1] ?? null;
  const [q, setQ] = useState('');
  const cases = useAsync(
    () =>
      member ? get<CyberCase[]>('/api/cyber/cases', { q: q || undefined }) : Promise.resolve([]),
    [member, q],
  );
  if (!member)
    return (
      <p className="panel muted" data-testid="cyber-signin">
        {t('cyber.signin')}
      </p>
    );
  return (
    <div
      className="cyber-view"
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(300px, 1fr) minmax(420px, 2fr)',
        gap: '1rem',
      }}
    >
      <section className="panel" data-testid="cyber-list">
        <h2>{t('cyber.heading')}</h2>
        <input
          placeholder={t('cyber.search')}
          aria-label={t('cyber.searchLabel')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="cyber-search"
        />
        <ul style={{ listStyle: 'none', padding: 0 }}>
          {(cases.data ?? []).map((c) => (
            <li key={c.id} data-testid={`cyber-item-${c.id}`} style={{ marginBottom: '.5rem' }}>
              <a href={`#/cyber/${encodeURIComponent(c.id)}`}>{c.title}</a>
              <div className="muted">
                {stateName(c.declaredBy)} · {t(`cyber.severity.${c.severity}`)} ·{' '}
                {t(`cyber.caseStatus.${c.status}`)} · {t(`cyber.class.${c.classification}`)}
              </div>
            </li>
          ))}
          {cases.data?.length === 0 && (
            <li className="muted" data-testid="cyber-none">
              {t('cyber.none', { member: stateName(member) })}
            </li>
          )}
        </ul>
        <DeclareForm
          member={member}
          onDone={(id) => {
            cases.reload();
            window.location.hash = `#/cyber/${encodeURIComponent(id)}`;
          }}
        />
      </section>
      <div>
        {selected ? (
          <CasePanel id={selected} member={member} onChange={cases.reload} />
        ) : (
          <p className="panel muted">{t('cyber.pick')}</p>
        )}
      </div>
    </div>
  );
}

function DeclareForm({ member, onDone }: { member: string; onDone: (id: string) => void }) {
  const { t } = useI18n();
  const stateName = useStateNames();
  const programmes = useAsync(() => get<ProgrammeState[]>('/api/programmes', { member }), [member]);
  const feed = useAsync(
    () => get<{ items: { id: string; name: string }[] }>('/api/intel/feed', {}),
    [member],
  );
  const mine = (programmes.data ?? []).filter((p) =>
    p.participants.some((x) => x.member === member),
  );
  const [programmeId, setProgrammeId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<string>('high');
  const [classification, setClassification] = useState<string>('RESTRICTED');
  const [assistance, setAssistance] = useState('');
  const [stix, setStix] = useState('');
  const [release, setRelease] = useState<Record<string, boolean>>({});
  const problem = useProblem(declareLabels);
  const [error, setError] = useState<string | null>(null);
  const prog = mine.find((p) => p.id === programmeId) ?? mine[0];
  const others = (prog?.participants ?? []).map((p) => p.member).filter((m) => m !== member);
  if (!programmes.loading && !mine.length)
    return (
      <p className="muted" data-testid="cyber-no-programme">
        {t('cyber.noProgramme', { member: stateName(member) })}
      </p>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await post<{ case: CyberCase }>('/api/cyber/cases', {
        programmeId: prog?.id,
        title,
        description,
        severity,
        classification,
        releasableTo: others.filter((m) => release[m] ?? true),
        requestedAssistance: split(assistance),
        stixIds: split(stix),
      });
      onDone(r.case.id);
    } catch (err) {
      setError(problem(err));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="stack" data-testid="cyber-declare">
      <h3>{t('cyber.declareHeading', { member: stateName(member) })}</h3>
      <select
        value={prog?.id ?? ''}
        onChange={(e) => setProgrammeId(e.target.value)}
        aria-label={t('cyber.field.programme')}
        data-testid="cyber-programme"
      >
        {mine.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
      <label className="field">
        {t('answers.field.title')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="cyber-title" />
      </label>
      <label className="field">
        {t('answers.field.whatHappened')}
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="cyber-description"
        />
      </label>
      <label>
        {t('cyber.field.severity')}{' '}
        <select
          value={severity}
          onChange={(e) => setSeverity(e.target.value)}
          data-testid="cyber-severity"
        >
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`cyber.severity.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('cyber.field.classification')}{' '}
        <select
          value={classification}
          onChange={(e) => setClassification(e.target.value)}
          data-testid="cyber-classification"
        >
          {CLASSIFICATIONS.map((c) => (
            <option key={c} value={c}>
              {t(`cyber.class.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset data-testid="cyber-release">
        <legend>{t('cyber.releasedToLegend')}</legend>
        {others.map((m) => (
          <label key={m} style={{ marginRight: '.75rem' }}>
            <input
              type="checkbox"
              checked={release[m] ?? true}
              onChange={(e) => setRelease({ ...release, [m]: e.target.checked })}
              data-testid={`cyber-release-${m}`}
            />{' '}
            {stateName(m)}
          </label>
        ))}
        {!others.length && <span className="muted">{t('cyber.noOther')}</span>}
      </fieldset>
      <label className="field">
        {t('answers.field.assistance')}
        <input
          value={assistance}
          onChange={(e) => setAssistance(e.target.value)}
          data-testid="cyber-assistance"
        />
      </label>
      <label className="field">
        {t('answers.field.stix')}
        <textarea value={stix} onChange={(e) => setStix(e.target.value)} data-testid="cyber-stix" />
      </label>
      {(feed.data?.items.length ?? 0) > 0 && (
        <select
          value=""
          onChange={(e) =>
            e.target.value && setStix(split(`${stix}\n${e.target.value}`).join('\n'))
          }
          aria-label={t('cyber.stixPickLabel')}
          data-testid="cyber-stix-pick"
        >
          <option value="">{t('cyber.stixPick')}</option>
          {feed.data!.items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name || i.id}
            </option>
          ))}
        </select>
      )}
      <button type="submit" data-testid="cyber-declare-submit">
        {t('cyber.declare')}
      </button>
      {error && (
        <p className="error-text" data-testid="cyber-error">
          {error}
        </p>
      )}
    </form>
  );
}

function CasePanel({ id, member, onChange }: { id: string; member: string; onChange: () => void }) {
  const { t, rich, date, dateTime, list, num } = useI18n();
  const stateName = useStateNames();
  const c = useAsync(
    () => get<CyberCase>(`/api/cyber/cases/${encodeURIComponent(id)}`),
    [id, member],
  );
  const [kind, setKind] = useState(() => t('cyber.offerKindDefault'));
  const [offer, setOffer] = useState('');
  const [summary, setSummary] = useState('');
  const problem = useProblem(caseLabels);
  const [error, setError] = useState<string | null>(null);
  const act = async (path: string, body: unknown) => {
    setError(null);
    try {
      await post(`/api/cyber/cases/${encodeURIComponent(id)}${path}`, body);
      c.reload();
      onChange();
    } catch (err) {
      setError(problem(err));
    }
  };
  if (c.error)
    return (
      <p className="panel error-text" data-testid="cyber-case-missing">
        {problem(c.error)}
      </p>
    );
  const k = c.data;
  if (!k) return <p className="panel muted">{t('cyber.loading')}</p>;
  const declarer = k.declaredBy === member;
  return (
    <section className="panel" data-testid="cyber-case">
      <h2 data-testid="cyber-case-title">{k.title}</h2>
      <p>
        {rich('cyber.declared', {
          by: stateName(k.declaredBy),
          date: date(k.declaredAt.slice(0, 10)),
          severity: t(`cyber.severity.${k.severity}`),
          classification: t(`cyber.class.${k.classification}`),
          status: t(`cyber.caseStatus.${k.status}`),
          b: (chunks) => <strong data-testid="cyber-case-status">{chunks}</strong>,
        })}
      </p>
      <p>{k.description}</p>
      <p data-testid="cyber-case-release">
        {t('cyber.releasedTo', {
          list: k.releasableTo.length
            ? list([...k.releasableTo].sort().map(stateName))
            : t('cyber.nobodyElse'),
        })}
      </p>
      {k.requestedAssistance.length > 0 && (
        <p>{t('cyber.assistance', { list: list(k.requestedAssistance) })}</p>
      )}
      <div data-testid="cyber-case-stix">
        {t('cyber.stixLinked')}{' '}
        {k.stixIds.length ? (
          <ul>
            {k.stixIds.map((s) => (
              <li key={s}>
                <code>{s}</code>
              </li>
            ))}
          </ul>
        ) : (
          t('cyber.noneLinked')
        )}
        <p className="muted">{t('cyber.linkNote')}</p>
      </div>
      <h3>{t('cyber.offers')}</h3>
      <ul data-testid="cyber-case-offers">
        {k.offers.map((o) => (
          <li key={o.id}>
            {stateName(o.member)}: {o.kind} — {o.description}
          </li>
        ))}
        {!k.offers.length && <li className="muted">{t('cyber.noOffers')}</li>}
      </ul>
      {!declarer && k.status !== 'closed' && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void act('/offers', { kind, description: offer });
          }}
        >
          <label className="field">
            {t('answers.field.offerKind')}
            <input
              value={kind}
              onChange={(e) => setKind(e.target.value)}
              data-testid="cyber-offer-kind"
            />
          </label>
          <label className="field">
            {t('answers.field.offer')}
            <input
              value={offer}
              onChange={(e) => setOffer(e.target.value)}
              data-testid="cyber-offer-description"
            />
          </label>
          <button type="submit" data-testid="cyber-offer-submit">
            {t('cyber.offerAs', { member: stateName(member) })}
          </button>
        </form>
      )}
      {declarer && k.status !== 'closed' && (
        <div className="stack">
          <label>
            {t('cyber.status')}{' '}
            <select
              value={k.status}
              onChange={(e) => void act('/status', { status: e.target.value })}
              data-testid="cyber-status"
            >
              {CASE_STATUSES.filter((s) => s !== 'closed').map((s) => (
                <option key={s} value={s}>
                  {t(`cyber.caseStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('answers.field.closingSummary')}
            <input
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
              data-testid="cyber-close-summary"
            />
          </label>
          <button onClick={() => void act('/close', { summary })} data-testid="cyber-close">
            {t('cyber.close')}
          </button>
        </div>
      )}
      {k.closingSummary && (
        <p data-testid="cyber-case-summary">{t('cyber.closed', { summary: k.closingSummary })}</p>
      )}
      <h3>{t('cyber.history')}</h3>
      <ol data-testid="cyber-case-history">
        {k.history.map((h) => (
          <li key={h.seq}>
            {dateTime(h.at)} {historyLine({ t, num, date, stateName }, h)}
          </li>
        ))}
      </ol>
      {error && (
        <p className="error-text" data-testid="cyber-case-error">
          {error}
        </p>
      )}
    </section>
  );
}
