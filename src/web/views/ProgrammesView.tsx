import { useState, type FormEvent } from 'react';
import { get, request } from '../api.js';
import { problemText, type FieldLabels } from '../problem-text.js';
import { useAllianceNames, useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { useSession } from '../session.js';
import {
  AREAS,
  CONTRIBUTION_KINDS,
  type ContributionKind,
  type ProgrammeState,
} from '../../programmes/model.js';
import type { RoadmapRow } from '../../programmes/roadmap.js';
import { historyLine } from './history-line.js';

const UNIT_OF = {
  money: 'USD',
  personnel: 'persons',
  equipment: 'items',
  data: 'datasets',
} as const;
type Unit = (typeof UNIT_OF)[keyof typeof UNIT_OF];
const UNITS: readonly string[] = Object.values(UNIT_OF);
const isUnit = (u: string): u is Unit => UNITS.includes(u);

/** An amount with its unit in the reader's language (`2 items`, `قطعتان`). */
const quantity = ({ t, num }: I18n, amount: number, unit: string) =>
  isUnit(unit) ? t(`programmes.qty.${unit}`, { count: amount }) : `${num(amount)} ${unit}`;

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

/** The proposal form's labels for the API's fields. */
const proposeLabels = (t: I18n['t']): FieldLabels => [
  [/(^|\/)title$/, t('answers.field.title')],
  [/(^|\/)area$/, t('programmes.field.area')],
  [/(^|\/)objectives(\/\d+)?$/, t('answers.field.objective')],
  [/(^|\/)milestones(\/\d+)?(\/|\.)title$/, t('answers.field.firstMilestone')],
  [/(^|\/)milestones(\/\d+)?(\/|\.)due$/, t('programmes.field.milestoneDue')],
];
/** A programme's forms (contribution, milestone evidence): their labels for the API's fields. */
const panelLabels = (t: I18n['t'], kind: ContributionKind): FieldLabels => [
  [/(^|\/)kind$/, t('programmes.kindLabel')],
  [/(^|\/)amount$/, t('programmes.amount', { unit: t(`programmes.unitName.${kind}`) })],
  [/(^|\/)description$/, t('programmes.description')],
  [/(^|\/)evidence$/, t('programmes.evidenceLabel')],
];
/** An API refusal in the reader's language: the form's labels, states and alliances by name. */
function useProblem() {
  const i18n = useI18n();
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
  return (e: unknown, labels: FieldLabels = []) =>
    problemText(e, i18n, { labels, stateName, allianceName }).text;
}

/** Route: #/programmes[/<id>]. Programmes with variable geometry, their acts, and the roadmap. */
export function ProgrammesView() {
  const { t, list: listOf } = useI18n();
  const problem = useProblem();
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
  const route = useHashRoute();
  const selected = route[1] ?? null;
  const [alliance, setAlliance] = useState('');
  const list = useAsync(() => progApi.list(alliance), [alliance]);
  return (
    <div className="programmes-view">
      <section className="panel map-controls">
        <label>
          {t('programmes.alliance')}
          <select
            data-testid="programmes-alliance"
            value={alliance}
            onChange={(e) => setAlliance(e.target.value)}
          >
            <option value="">{t('programmes.all')}</option>
            <option value="gcc">{allianceName('gcc', t('procurement.gcc'))}</option>
            <option value="arab-league">
              {allianceName('arab-league', t('procurement.arabLeague'))}
            </option>
            <option value="joint-arab-force">{t('procurement.jointArabForce')}</option>
          </select>
        </label>
        {list.loading && <span className="muted">{t('programmes.loading')}</span>}
      </section>
      {list.error && <p className="panel error-text">{problem(list.error)}</p>}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(300px, 1fr) minmax(420px, 2fr)',
          gap: '1rem',
        }}
      >
        <section className="panel" data-testid="programmes-list">
          <h2>{t('programmes.heading')}</h2>
          <ul style={{ listStyle: 'none', padding: 0 }}>
            {(list.data ?? []).map((p) => (
              <li
                key={p.id}
                style={{
                  marginBottom: '.5rem',
                  fontWeight: p.id === selected ? 'bold' : undefined,
                }}
              >
                <a href={`#/programmes/${encodeURIComponent(p.id)}`} dir="auto">
                  {p.title}
                </a>
                <div className="muted">
                  {allianceName(p.allianceId)} · {t(`programmes.area.${p.area}`)} ·{' '}
                  {t(`programmes.status.${p.status}`)} ·{' '}
                  {listOf(p.participants.map((x) => stateName(x.member)))}
                  {p.illustrative && ` · ${t('programmes.illustrativeTag')}`}
                </div>
              </li>
            ))}
            {list.data?.length === 0 && <li className="muted">{t('programmes.none')}</li>}
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
            <p className="panel muted">{t('programmes.pick')}</p>
          )}
        </div>
      </div>
      <Roadmap alliance={alliance} />
    </div>
  );
}

function ProposeForm({ alliance, onDone }: { alliance: string; onDone: (id: string) => void }) {
  const { t } = useI18n();
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
  const session = useSession();
  const [title, setTitle] = useState('');
  const [area, setArea] = useState<string>('cyber');
  const [objective, setObjective] = useState('');
  const [msTitle, setMsTitle] = useState('');
  const [msDue, setMsDue] = useState('');
  const [council, setCouncil] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = useProblem();
  if (!session?.member || session.member === 'SECRETARIAT')
    return <p className="muted">{t('programmes.actAs')}</p>;
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
      setError(problem(err, proposeLabels(t)));
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="programme-propose" className="stack">
      <h3>
        {t('programmes.proposeHeading', {
          alliance: allianceName(alliance),
          member: stateName(member),
        })}
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
          <option key={a} value={a}>
            {t(`programmes.area.${a}`)}
          </option>
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
        <input
          type="checkbox"
          checked={council}
          onChange={(e) => setCouncil(e.target.checked)}
          data-testid="programme-council"
        />{' '}
        {t('programmes.councilAdmits')}
      </label>
      <button type="submit" data-testid="programme-propose-submit">
        {t('programmes.propose')}
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
  const i18n = useI18n();
  const { t, date, dateTime, num, list: listOf } = i18n;
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
  const prog = useAsync(() => progApi.one(id), [id]);
  const session = useSession();
  const member = session?.member && session.member !== 'SECRETARIAT' ? session.member : null;
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<ContributionKind>('money');
  const [amount, setAmount] = useState('');
  const [desc, setDesc] = useState('');
  const [evidence, setEvidence] = useState('');
  const problem = useProblem();
  const p = prog.data;
  if (!p)
    return (
      <p className="panel">
        {prog.error ? (
          <span className="error-text">{problem(prog.error)}</span>
        ) : (
          t('programmes.loading')
        )}
      </p>
    );
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      prog.reload();
      onChange();
    } catch (e) {
      setError(problem(e, panelLabels(t, kind)));
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
        <bdi>{p.title}</bdi>
        {p.illustrative && <span className="muted">{t('programmes.illustrativeParen')}</span>}
      </h2>
      {p.illustrative && (
        <p className="muted" data-testid="programme-illustrative">
          {p.illustrativeNote ?? t('programmes.illustrativeNote')}
          {(p.sources ?? []).map((src, i) => (
            <span key={i}>
              {i === 0 ? t('programmes.sources') : t('programmes.sep')}
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
        {allianceName(p.allianceId)} · {t(`programmes.area.${p.area}`)} ·{' '}
        {t(`programmes.status.${p.status}`)} ·{' '}
        {council
          ? t('programmes.councilDecides', {
              charter: allianceName(council.charterId),
              actions: listOf(council.requiredFor.map((a) => t(`programmes.action.${a}`))),
            })
          : t('programmes.optIn')}
      </p>
      <p data-testid="programme-participants">
        {t('programmes.participants', {
          list: p.participants.length
            ? listOf(p.participants.map((x) => stateName(x.member)))
            : t('programmes.nobody'),
        })}
      </p>
      <ul>
        {p.objectives.map((o) => (
          <li key={o}>{o}</li>
        ))}
      </ul>
      {member && !takesPart && (
        <button data-testid="programme-join" onClick={() => void join()}>
          {council?.requiredFor.includes('join')
            ? t('programmes.askCouncil', { member: stateName(member) })
            : t('programmes.joinAs', { member: stateName(member) })}
        </button>
      )}
      {member && takesPart && (
        <button
          data-testid="programme-leave"
          onClick={() => void run(() => progApi.post(`/${p.id}/leave`, {}))}
        >
          {t('programmes.leave')}
        </button>
      )}
      <h3>{t('programmes.milestones')}</h3>
      <table data-testid="programme-milestones">
        <thead>
          <tr>
            <th>{t('programmes.col.due')}</th>
            <th>{t('programmes.col.owner')}</th>
            <th>{t('programmes.col.milestone')}</th>
            <th>{t('programmes.col.status')}</th>
            <th>{t('programmes.col.action')}</th>
          </tr>
        </thead>
        <tbody>
          {p.milestones.map((m) => (
            <tr key={m.id}>
              <td>{date(m.due)}</td>
              <td>{stateName(m.owner)}</td>
              <td>{m.title}</td>
              <td data-testid={`milestone-status-${m.id}`}>
                {t(`programmes.msStatus.${m.status}`)}
                {m.completedAt ? ` ${date(m.completedAt.slice(0, 10))}` : ''}
              </td>
              <td>
                {m.status === 'open' && member === m.owner && (
                  <span>
                    <input
                      placeholder={t('programmes.evidence')}
                      aria-label={t('programmes.evidenceLabel')}
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
                      {t('programmes.complete')}
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('programmes.contributions')}</h3>
      <ul data-testid="programme-contributions">
        {p.contributions.map((c) => (
          <li key={c.id}>
            {t('programmes.contribution', {
              member: stateName(c.member),
              amount: quantity(i18n, c.amount, c.unit),
              kind: t(`programmes.kind.${c.kind}`),
              description: c.description,
            })}
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
            onChange={(e) =>
              setKind(CONTRIBUTION_KINDS.find((k) => k === e.target.value) ?? 'money')
            }
            aria-label={t('programmes.kindLabel')}
            data-testid="contribution-kind"
          >
            {CONTRIBUTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`programmes.kind.${k}`)}
              </option>
            ))}
          </select>
          <input
            placeholder={t('programmes.amount', { unit: t(`programmes.unitName.${kind}`) })}
            aria-label={t('programmes.amount', { unit: t(`programmes.unitName.${kind}`) })}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            data-testid="contribution-amount"
          />
          <input
            placeholder={t('programmes.description')}
            aria-label={t('programmes.description')}
            value={desc}
            onChange={(e) => setDesc(e.target.value)}
            data-testid="contribution-description"
          />
          <button type="submit" data-testid="contribution-submit">
            {t('programmes.commit')}
          </button>
        </form>
      )}
      {p.requests.length > 0 && (
        <>
          <h3>{t('programmes.requests')}</h3>
          <ul data-testid="programme-requests">
            {p.requests.map((r) => (
              <li key={r.id}>
                {t('programmes.request', {
                  member: stateName(r.member),
                  action: t(`programmes.action.${r.action}`),
                  status: t(`programmes.requestStatus.${r.status}`),
                })}
                {r.procedureId && (
                  <>
                    {' '}
                    — <a href={`#/council/${r.procedureId}`}>{t('programmes.decision')}</a>
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
      <h3>{t('programmes.history')}</h3>
      <ol data-testid="programme-history">
        {p.history.map((h) => (
          <li key={h.seq}>
            #{num(h.seq, { useGrouping: false })} {dateTime(h.at)}{' '}
            {historyLine(
              {
                ...i18n,
                stateName,
                allianceName,
                milestoneTitle: (mid) => p.milestones.find((m) => m.id === mid)?.title,
              },
              h,
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Width of the roadmap's state-name column: room for the longest names on one or two lines
 * ("المملكة العربية السعودية", "United Arab Emirates"). The axis above is indented by the same width in
 * styles.css (`.roadmap-axis`); on a phone the rows stack (name above its timeline) and the indent goes.
 */
const LABEL_COLUMN = '10rem';

/**
 * Time runs in the reading direction: the axis is a flex row (earliest date at the start), so bars and
 * milestone dots are placed from the inline start too (`insetInlineStart`), mirrored in Arabic with it.
 */
function Roadmap({ alliance }: { alliance: string }) {
  const { t, date } = useI18n();
  const stateName = useStateNames();
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
      <h2>{t('programmes.roadmap')}</h2>
      <label>
        {t('programmes.member')}{' '}
        <input
          value={member}
          placeholder={t('programmes.memberPlaceholder')}
          maxLength={3}
          onChange={(e) => setMember(e.target.value.toUpperCase())}
          data-testid="roadmap-member"
        />
      </label>{' '}
      <a href={csv} download="roadmap.csv" data-testid="roadmap-csv">
        {t('programmes.exportCsv')}
      </a>{' '}
      <a
        href={csv.replace('format=csv', 'format=ics')}
        download="roadmap.ics"
        data-testid="roadmap-ics"
      >
        {t('programmes.exportIcs')}
      </a>
      {rows.length > 0 && (
        <div
          className="muted roadmap-axis"
          style={{ display: 'flex', justifyContent: 'space-between' }}
          data-testid="roadmap-axis"
        >
          <span>{date(new Date(lo).toISOString().slice(0, 10))}</span>
          <span>{date(new Date(hi).toISOString().slice(0, 10))}</span>
        </div>
      )}
      {members.map((m) => (
        <div
          key={m}
          style={{
            display: 'grid',
            gridTemplateColumns: `${LABEL_COLUMN} 1fr`,
            alignItems: 'center',
            margin: '.4rem 0',
          }}
        >
          <strong>{stateName(m)}</strong>
          <div
            role="img"
            aria-label={t('programmes.timeline', { member: stateName(m) })}
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
                    title={t('programmes.barTitle', {
                      programme: `${own[0].programme}${own[0].illustrative ? t('programmes.illustrativeParen') : ''}`,
                      from: date(own[0].due),
                      to: date(own[own.length - 1].due),
                    })}
                    style={{
                      position: 'absolute',
                      insetInlineStart: `${a}%`,
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
                  data-due={r.due}
                  title={t('programmes.dotTitle', {
                    due: date(r.due),
                    programme: r.programme,
                    milestone: r.milestone,
                    status: t(`programmes.msStatus.${r.status}`),
                  })}
                  style={{
                    position: 'absolute',
                    insetInlineStart: `calc(${pos(r.due)}% - 6px)`,
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
            <th>{t('programmes.col.member')}</th>
            <th>{t('programmes.col.due')}</th>
            <th>{t('programmes.col.status')}</th>
            <th>{t('programmes.col.programme')}</th>
            <th>{t('programmes.col.milestone')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.programmeId}/${r.milestoneId}`}>
              <td>{stateName(r.member)}</td>
              <td>{date(r.due)}</td>
              <td>{t(`programmes.msStatus.${r.status}`)}</td>
              <td>
                {r.programme}
                {r.illustrative ? t('programmes.illustrativeParen') : ''}
              </td>
              <td>{r.milestone}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">{t('programmes.noMilestones')}</p>}
    </section>
  );
}
