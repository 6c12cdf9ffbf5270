import { useCallback, useEffect, useMemo } from 'react';
import { isOneOf } from '../guards.js';
import { get, today } from '../api.js';
import { DateField, isRealDay } from '../components/DateField.js';
import { RegionMap, type ShadedState } from '../components/RegionMap.js';
import { Sources } from '../components/Sources.js';
import { ExportButtons, type Column } from '../components/table-tools.js';
import { useAllianceNames, useAsync, useHashRoute, useStateNames, useStates } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import type { BoundObligation, ObligationAnswer, ObligationType } from '../../treaties/model.js';
import { coverageNotice } from './coverage-note.js';

const FIRST_YEAR = 1815;
const FIRST_DAY = '1815-01-01';
const isDay = (s: string | undefined): boolean => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);
const isCode = (s: string | undefined): boolean => !!s && /^[A-Z]{3}$/.test(s);

/** What the console needs from GET /api/treaties: which states the imported ATOP data knows, by name. */
interface TreatiesInfo {
  codes: { code: string; name: string }[];
  atop: {
    memberRows: number;
    years: { from: number; to: number } | null;
    states: { code: string; name: string }[];
  };
}

/** The article as the answer gives it; ATOP codes no article numbers, which is not the same as "not public". */
export function articleLabel(o: Pick<BoundObligation, 'article' | 'origin'>, t: I18n['t']): string {
  if (o.article) return t('obligations.article', { article: o.article });
  return o.origin === 'atop' ? t('obligations.articleNotCoded') : t('obligations.articleNotPublic');
}

const STANDING_KINDS = ['suspended', 'union', 'not_yet_party', 'no_alliance'] as const;
type StandingKind = (typeof STANDING_KINDS)[number];
const isStandingKind = (k: string): k is StandingKind => isOneOf(STANDING_KINDS, k);

/** A party's standing in words ("Suspended"), or lower-case inside a sentence ("suspended"). */
function standingLabel(kind: string, t: I18n['t'], lower = false): string {
  if (!isStandingKind(kind)) return kind;
  return t(lower ? `obligations.standingLower.${kind}` : `obligations.standing.${kind}`);
}

/** An instrument that is not a binding treaty, in words: "executive act (revocable): …". */
export function instrumentLabel(
  i: NonNullable<BoundObligation['instrument']>,
  t: I18n['t'],
): string {
  return t('obligations.instrument', { type: i.type, strength: i.strength, note: i.note });
}

/** Strongest obligation first: a state bound to defend is shown as a defender even if it also must consult. */
const RANK: ObligationType[] = ['defense', 'offense', 'consul', 'neutral', 'nonagg'];
const COLOURS: Record<ObligationType | 'attacked', string> = {
  attacked: '#c0392b',
  defense: '#1e8449',
  offense: '#1e8449',
  consul: '#d4a017',
  neutral: '#7f8c9a',
  nonagg: '#a9b7c6',
};
const label = (k: ObligationType | 'attacked', t: I18n['t']): string =>
  t(`obligations.legend.${k}`);

/** The strongest obligation of each bound state, and whether every such pledge involves a suspended party. */
export function strongestByState(
  bound: BoundObligation[],
): Map<string, { obligation: ObligationType; suspended: boolean }> {
  const out = new Map<string, { obligation: ObligationType; suspended: boolean }>();
  for (const o of bound) {
    const cur = out.get(o.state);
    if (!cur || RANK.indexOf(o.obligation) < RANK.indexOf(cur.obligation))
      out.set(o.state, { obligation: o.obligation, suspended: o.suspended });
    else if (cur.obligation === o.obligation && !o.suspended) cur.suspended = false;
  }
  return out;
}

export interface ClauseGroup {
  key: string;
  first: BoundObligation;
  states: string[];
  suspendedStates: string[];
}

/** One table row per clause: the states bound by the same article of the same alliance, in the same way. */
export function groupByClause(bound: BoundObligation[]): ClauseGroup[] {
  const groups = new Map<string, ClauseGroup>();
  for (const o of bound) {
    const key = [
      o.allianceId,
      o.obligation,
      o.article ?? '',
      o.toward,
      JSON.stringify(o.conditions.map((c) => [c.kind, c.status, c.description])),
    ].join('|');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, first: o, states: [], suspendedStates: [] }));
    g.states.push(o.state);
    if (o.suspended) g.suspendedStates.push(o.state);
  }
  return [...groups.values()];
}

/** Route: #/obligations/<ISO3>/<YYYY-MM-DD>[/<attacker>] — "If <state> is attacked on <date>…" */
export function ObligationsView() {
  const route = useHashRoute();
  const states = useStates();
  const info = useAsync(() => get<TreatiesInfo>('/api/treaties'), []);
  const i18n = useI18n();
  const registryName = useStateNames();
  /** The registry's name in the reader's language; for a state outside the registry, `fallback`. */
  const stateName = useCallback(
    (code: string, fallback = code) => {
      const n = registryName(code);
      return n === code ? fallback : n;
    },
    [registryName],
  );
  const allianceName = useAllianceNames();
  const attacked = route[1] ?? 'QAT';
  const date = route[2] ?? today();
  const attacker = route[3] ? route[3] : null;
  const go = (s: string, d: string, a: string | null) => {
    window.location.hash = `#/obligations/${s}/${d}${a ? `/${a}` : ''}`;
  };
  // The pickers offer the registry's states and, after an ATOP import, every state ATOP knows.
  const names = useMemo(() => {
    const m = new Map<string, string>((info.data?.atop.states ?? []).map((s) => [s.code, s.name]));
    for (const s of states.data ?? []) m.set(s.iso3, s.nameEn);
    return m;
  }, [states.data, info.data]);
  // A question may name any code the API accepts (registry or COW table), imported or not.
  const known = useMemo(() => {
    const m = new Map<string, string>((info.data?.codes ?? []).map((s) => [s.code, s.name]));
    for (const [k, v] of names) m.set(k, v);
    return m;
  }, [names, info.data]);
  const namesReady = !states.loading && !info.loading;
  // A bad deep link (#/obligations/ZZZ/2025-02-30) is answered with every error at once, and no headline.
  const { t } = i18n;
  const inputErrors: string[] = [];
  if (!isCode(attacked)) inputErrors.push(t('obligations.err.notCode', { code: attacked }));
  else if (namesReady && !known.has(attacked))
    inputErrors.push(t('obligations.err.unknown', { code: attacked }));
  if (!isDay(date) || !isRealDay(date)) inputErrors.push(t('obligations.err.notDay', { date }));
  else if (date < FIRST_DAY)
    inputErrors.push(
      t('obligations.err.tooEarly', { date: i18n.date(date), first: i18n.date(FIRST_DAY) }),
    );
  if (attacker !== null && !isCode(attacker))
    inputErrors.push(t('obligations.err.attackerNotCode', { code: attacker }));
  else if (attacker !== null && namesReady && !known.has(attacker))
    inputErrors.push(t('obligations.err.attackerUnknown', { code: attacker }));
  const valid = inputErrors.length === 0;
  const answer = useAsync(
    () =>
      valid
        ? get<ObligationAnswer>('/api/obligations', {
            attacked,
            date,
            attacker: attacker ?? undefined,
          })
        : Promise.resolve(undefined),
    [attacked, date, attacker, valid],
  );
  const a =
    valid && answer.data && answer.data.attacked === attacked && answer.data.date === date
      ? answer.data
      : undefined;
  // An import made while the page is open: the answer says so, and the pickers learn ATOP's states.
  const atopNow = a?.coverage?.atopImported;
  const reloadInfo = info.reload;
  useEffect(() => {
    if (atopNow !== undefined && info.data && atopNow !== info.data.atop.memberRows > 0)
      reloadInfo();
  }, [atopNow, info.data, reloadInfo]);
  const notice = coverageNotice(a?.coverage, date, i18n);
  const strongest = useMemo(() => strongestByState(a?.bound ?? []), [a]);
  const groups = useMemo(() => groupByClause(a?.bound ?? []), [a]);
  /** Names as the answer gives them (the COW table's, for historical states outside the registry). */
  const bound = useMemo(() => new Map((a?.bound ?? []).map((o) => [o.state, o.stateName])), [a]);
  const shaded: ShadedState[] = useMemo(() => {
    const list: ShadedState[] = [...strongest].map(([iso3, s]) => ({
      iso3,
      fill: COLOURS[s.obligation],
      hatch: s.suspended,
      note: s.suspended
        ? t('obligations.suspendedParty', { label: label(s.obligation, t) })
        : label(s.obligation, t),
      data: { bound: s.obligation },
    }));
    list.push({
      iso3: attacked,
      fill: COLOURS.attacked,
      note: label('attacked', t),
      data: { bound: 'attacked' },
    });
    return list;
  }, [strongest, attacked, t]);
  const year = isDay(date) ? Number(date.slice(0, 4)) : Number(today().slice(0, 4));
  const thisYear = Number(today().slice(0, 4));
  const moveYear = (y: number) => {
    const md =
      !isDay(date) || !isRealDay(date)
        ? '06-01'
        : date.slice(5) === '02-29'
          ? '02-28'
          : date.slice(5);
    go(attacked, `${String(y).padStart(4, '0')}-${md}`, attacker);
  };
  // Registry states by their name in the reader's language; ATOP's historical states by ATOP's name.
  const stateOptions = [...names]
    .map(([iso3, nameEn]) => ({ iso3, nameEn, shown: stateName(iso3, nameEn) }))
    .sort((x, y) => x.shown.localeCompare(y.shown, i18n.locale));
  /** A code in words: the registry's name in the reader's language, else the answer's or ATOP's. */
  const nameOf = (code: string) => stateName(code, known.get(code) ?? bound.get(code) ?? code);
  // The answer clause by clause as a file (#13.11): one row per state bound, in the reader's language
  // where the console names things, the treaty text and sources as the API gives them.
  const exportColumns: Column<BoundObligation>[] = [
    { key: 'state', header: t('obligations.col.states'), value: (o) => o.state },
    {
      key: 'stateName',
      header: t('obligations.col.states'),
      value: (o) => stateName(o.state, o.stateName),
    },
    { key: 'toward', header: t('obligations.col.boundTo'), value: (o) => o.toward },
    { key: 'obligation', header: t('obligations.col.boundTo'), value: (o) => o.obligation },
    { key: 'action', header: t('obligations.col.boundTo'), value: (o) => o.action },
    { key: 'alliance', header: t('obligations.col.under'), value: (o) => o.allianceId },
    {
      key: 'allianceName',
      header: t('obligations.col.under'),
      value: (o) => allianceName(o.allianceId, o.allianceName),
    },
    { key: 'article', header: t('obligations.col.under'), value: (o) => o.article },
    {
      key: 'instrument',
      header: t('obligations.col.under'),
      value: (o) => o.instrument?.type ?? null,
    },
    {
      key: 'strength',
      header: t('obligations.col.under'),
      value: (o) => o.instrument?.strength ?? null,
    },
    { key: 'suspended', header: t('obligations.col.states'), value: (o) => String(o.suspended) },
    {
      key: 'conditions',
      header: t('obligations.col.conditions'),
      value: (o) => o.conditions.map((c) => `${c.status}: ${c.description}`).join('; '),
    },
    {
      key: 'sources',
      header: t('obligations.col.under'),
      value: (o) => o.sources.map((src) => src.url ?? src.title).join(' '),
    },
  ];

  return (
    <div className="map-view obligations-view">
      <section className="panel map-controls">
        <label>
          {t('obligations.ifAttacked')}
          <select
            data-testid="attacked-select"
            value={attacked}
            onChange={(e) => go(e.target.value, date, attacker)}
          >
            {!stateOptions.some((s) => s.iso3 === attacked) && (
              <option value={attacked}>{nameOf(attacked)}</option>
            )}
            {stateOptions.map((s) => (
              <option key={s.iso3} value={s.iso3}>
                {s.shown}
              </option>
            ))}
          </select>
        </label>
        <DateField
          label={t('obligations.on')}
          testId="obligations-date"
          value={isDay(date) ? date : ''}
          min={FIRST_DAY}
          onChange={(day) => go(attacked, day, attacker)}
        />
        <label>
          {t('obligations.by')}
          <select
            data-testid="attacker-select"
            value={attacker ?? ''}
            onChange={(e) => go(attacked, date, e.target.value || null)}
          >
            <option value="">{t('obligations.attackerNotGiven')}</option>
            {stateOptions
              .filter((s) => s.iso3 !== attacked)
              .map((s) => (
                <option key={s.iso3} value={s.iso3}>
                  {s.shown}
                </option>
              ))}
          </select>
        </label>
        <label className="year-slider">
          {t('obligations.year', { year: i18n.num(year, { useGrouping: false }) })}
          <input
            type="range"
            data-testid="year-slider"
            min={FIRST_YEAR}
            max={thisYear}
            value={Math.min(Math.max(year, FIRST_YEAR), thisYear)}
            onChange={(e) => moveYear(Number(e.target.value))}
          />
        </label>
        <span className="member-count" data-testid="bound-count">
          {answer.loading && !a
            ? t('obligations.loading')
            : a && strongest.size === 0 && a.standing[0]?.kind === 'not_yet_party'
              ? i18n.t('answers.obligations.countNotYetParty', {
                  name: stateName(attacked),
                  date: i18n.date(date),
                })
              : a && strongest.size === 0 && a.standing[0]?.kind === 'no_alliance'
                ? i18n.t('answers.obligations.countNoAlliance', {
                    name: stateName(attacked),
                    date: i18n.date(date),
                  })
                : a?.standing[0]
                  ? t('obligations.countWithStanding', {
                      count: strongest.size,
                      standing: standingLabel(a.standing[0].kind, t, true),
                    })
                  : t('obligations.count', { count: strongest.size })}
        </span>
        {valid && answer.error && <span className="error-text">{answer.error.message}</span>}
      </section>
      {!valid && (
        <section className="panel" data-testid="obligations-errors">
          <ul className="error-text">
            {inputErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </section>
      )}
      {notice && (
        <p
          className="notice"
          data-testid="coverage-notice"
          data-complete={a?.coverage?.complete ? '1' : '0'}
        >
          {notice}
        </p>
      )}

      <div className="map-layout">
        <div className="map-column">
          <section className="panel">
            <RegionMap
              states={shaded}
              selected={attacked}
              ariaLabel={t('obligations.mapLabel', {
                state: nameOf(attacked),
                date: i18n.date(date),
              })}
              testId="obligations-map"
              onStateClick={(iso3) =>
                iso3 && known.has(iso3) && go(iso3, date, attacker === iso3 ? null : attacker)
              }
            >
              <ul className="legend" data-testid="obligations-legend">
                {(['attacked', 'defense', 'consul', 'neutral', 'nonagg'] as const).map((k) => (
                  <li key={k}>
                    <span className="swatch" style={{ background: COLOURS[k] }} /> {label(k, t)}
                  </li>
                ))}
                <li>
                  <span className="swatch hatched" style={{ background: COLOURS.defense }} />{' '}
                  {t('obligations.legend.suspended')}
                </li>
              </ul>
            </RegionMap>
          </section>
          <section className="panel">
            {valid && (
              <h2 data-testid="obligations-headline">
                {attacker
                  ? t('obligations.headlineBy', {
                      state: nameOf(attacked),
                      date: i18n.date(date),
                      attacker: nameOf(attacker),
                    })
                  : t('obligations.headline', { state: nameOf(attacked), date: i18n.date(date) })}
              </h2>
            )}
            {a && (
              <div className="export-bar no-print" data-testid="obligations-export">
                <ExportButtons
                  rows={a.bound}
                  columns={exportColumns}
                  filename={`tahaluf-obligations-${attacked}-${date}${attacker ? `-${attacker}` : ''}`}
                  testId="obligations-export"
                />
                <button
                  type="button"
                  title={t('obligations.printLabel')}
                  onClick={() => window.print()}
                  data-testid="obligations-print"
                >
                  {t('obligations.print')}
                </button>
              </div>
            )}
            {a?.headline && (
              <p className="answer-headline" data-testid="obligations-summary">
                {a.headline}
              </p>
            )}
            {a && a.bound.length === 0 && (
              <WhyNoneBound
                answer={a}
                stateName={stateName(attacked)}
                allianceName={allianceName}
              />
            )}
            {a && a.standing.length > 0 && (
              <ul className="standing" data-testid="obligations-standing">
                {a.standing.map((s, i) => (
                  <li key={i} data-kind={s.kind}>
                    <strong>{standingLabel(s.kind, t)}</strong> — {t('obligations.sources')}{' '}
                    <Sources sources={s.sources} compact />
                  </li>
                ))}
              </ul>
            )}
            {a && a.conflicts.length > 0 && (
              <ul className="conflicts" data-testid="obligations-conflicts">
                {a.conflicts.map((c, i) => (
                  <li key={i} data-kind={c.kind} data-state={c.state}>
                    <strong>
                      {t('obligations.conflicting', { ref: c.article ?? c.allianceId })}
                    </strong>{' '}
                    {c.text}
                    <div className="small muted">{c.clause}</div>
                  </li>
                ))}
              </ul>
            )}
            {a && a.bound.length === 0 && (
              <p className="muted" data-testid="none-bound">
                {a.coverage && !a.coverage.complete
                  ? t('obligations.noneBoundPartial')
                  : t('obligations.noneBound')}
              </p>
            )}
            <table className="membership-list" data-testid="obligations-table">
              <thead>
                <tr>
                  <th>{t('obligations.col.boundTo')}</th>
                  <th>{t('obligations.col.states')}</th>
                  <th>{t('obligations.col.under')}</th>
                  <th>{t('obligations.col.conditions')}</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr
                    key={g.key}
                    data-obligation={g.first.obligation}
                    data-alliance={g.first.allianceId}
                    data-states={g.states.join(' ')}
                  >
                    <td>{g.first.action}</td>
                    <td>
                      {i18n.list(
                        g.states.map((st) => stateName(st, names.get(st) ?? bound.get(st) ?? st)),
                      )}
                      {g.suspendedStates.length > 0 && (
                        <div className="suspension small">
                          {t('obligations.suspension', { text: g.first.suspension })}
                        </div>
                      )}
                    </td>
                    <td>
                      <strong>{allianceName(g.first.allianceId, g.first.allianceName)}</strong>
                      {articleLabel(g.first, t)}
                      {g.first.instrument && g.first.instrument.strength !== 'binding' && (
                        <div className="small instrument" data-testid="instrument">
                          {instrumentLabel(g.first.instrument, t)}
                        </div>
                      )}
                      <div className="small muted">{g.first.summary}</div>
                      <Sources sources={g.first.sources} compact />
                    </td>
                    <td>
                      {g.first.conditions.length === 0
                        ? t('obligations.noConditions')
                        : g.first.conditions.map((c, j) => (
                            <div key={j} className="small" title={c.reason}>
                              {c.status}: {c.description}
                            </div>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
        <aside className="side-column">
          <section className="panel">
            <h2>{t('obligations.notBinding', { date: i18n.date(date) })}</h2>
            {a && a.notBinding.length === 0 && (
              <p className="muted">{t('obligations.nothingToNote')}</p>
            )}
            <ul data-testid="not-binding">
              {a?.notBinding.map((n) => (
                <li key={n.allianceId} data-alliance={n.allianceId}>
                  <strong>{allianceName(n.allianceId, n.allianceName)}</strong>:{' '}
                  <bdi>{n.reason}</bdi>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}

/**
 * Why nobody is bound (#13.10): the attacked state was not yet a party to anything in force on the
 * date (and what it joined later, each a link to the answer on the day it joined), or was in none.
 */
function WhyNoneBound({
  answer,
  stateName,
  allianceName,
}: {
  answer: ObligationAnswer;
  stateName: string;
  allianceName: (id: string, fallback?: string) => string;
}) {
  const { t, rich, date } = useI18n();
  const standing = answer.standing.find(
    (s) => s.kind === 'not_yet_party' || s.kind === 'no_alliance',
  );
  if (!standing) return null;
  const later = standing.joinedLater ?? [];
  return (
    <div className="notice" data-testid="obligations-why" data-kind={standing.kind}>
      <p>
        {t(
          standing.kind === 'not_yet_party'
            ? 'answers.obligations.notYetParty'
            : 'answers.obligations.noAlliance',
          { name: stateName, date: date(answer.date) },
        )}
      </p>
      {later.length > 0 && (
        <>
          <p>{t('answers.obligations.joinedLater', { count: later.length })}</p>
          <ul data-testid="obligations-joined-later">
            {later.map((j) => (
              <li key={j.allianceId} data-alliance={j.allianceId} data-from={j.from}>
                {rich('answers.obligations.joinedOn', {
                  alliance: <strong>{allianceName(j.allianceId, j.allianceName)}</strong>,
                  date: date(j.from),
                })}{' '}
                —{' '}
                <a href={`#/obligations/${answer.attacked}/${j.from}`}>
                  {t('answers.obligations.seeOn')}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
