import { CASE_STATUSES, SEVERITIES } from '../../programmes/cyber-model.js';
import { CONTRIBUTION_KINDS, COUNCIL_ACTIONS, type HistoryParam } from '../../programmes/model.js';
import { SECRETARIAT } from '../../record/model.js';
import { fieldsOf, isOneOf } from '../guards.js';
import type { I18n, MessageId } from '../i18n/index.js';

/** What wording a history line needs: the messages and the registry's names in the reader's language. */
export interface HistoryWords {
  t: I18n['t'];
  num: I18n['num'];
  date: I18n['date'];
  stateName: (iso3: string) => string;
  /** An alliance's name (its id where not given). */
  allianceName?: (id: string) => string;
  /** A milestone's title by its id (the programme's milestones), if known. */
  milestoneTitle?: (id: string) => string | undefined;
}

/** A history line as the API gives it (`code` and `params` absent in states stored before them). */
export interface HistoryLineData {
  actor: string;
  summary: string;
  code?: string;
  params?: Record<string, HistoryParam>;
}

const QUANTITY = {
  USD: 'programmes.qty.USD',
  persons: 'programmes.qty.persons',
  items: 'programmes.qty.items',
  datasets: 'programmes.qty.datasets',
} as const satisfies Record<string, MessageId>;
const isQuantityUnit = (u: string): u is keyof typeof QUANTITY => Object.hasOwn(QUANTITY, u);

/** Who signed a line: the state's name, the secretariat's label, `Qatar (illustrative)`. */
export function historyActor(w: HistoryWords, actor: string): string {
  if (actor === SECRETARIAT) return w.t('history.secretariat');
  const illustrative = /^([A-Z]{3}) \(illustrative\)$/.exec(actor);
  if (illustrative) return w.t('history.illustrative', { actor: w.stateName(illustrative[1]) });
  return w.stateName(actor);
}

/**
 * The line's text in the reader's language from its code and params, or its English `summary` when
 * the code is absent (a state stored before codes), unknown to this console, or its params do not fit.
 */
export function historyText(w: HistoryWords, h: HistoryLineData): string {
  return (h.code !== undefined && worded(w, h.code, fieldsOf(h.params))) || h.summary;
}

/** The whole line: `Qatar: joined`. */
export function historyLine(w: HistoryWords, h: HistoryLineData): string {
  return w.t('history.line', { actor: historyActor(w, h.actor), text: historyText(w, h) });
}

function worded(
  w: HistoryWords,
  code: string,
  p: Readonly<Record<string, unknown>>,
): string | null {
  const str = (k: string): string | null => (typeof p[k] === 'string' ? p[k] : null);
  const iso3 = (k: string): string | null => {
    const v = str(k);
    return v === null ? null : w.stateName(v);
  };
  const milestone = (): string | null => {
    const id = str('milestoneId');
    return id === null ? null : (w.milestoneTitle?.(id) ?? id);
  };
  // A message whose params are missing or of the wrong type falls back to the summary.
  const say = (id: MessageId, values: Record<string, string | null>) =>
    Object.values(values).includes(null) ? null : w.t(id, values);
  switch (code) {
    case 'programme.proposed': {
      const alliance = str('alliance');
      return say('history.programme.proposed', {
        title: str('title'),
        alliance: alliance === null ? null : (w.allianceName?.(alliance) ?? alliance),
      });
    }
    case 'programme.joined':
      return w.t('history.programme.joined');
    case 'programme.left':
      return w.t('history.programme.left');
    case 'programme.left.reason':
      return say('history.programme.left.reason', { reason: str('reason') });
    case 'programme.milestone.added': {
      const due = str('due');
      return say('history.programme.milestone.added', {
        title: str('title'),
        due: due === null ? null : w.date(due),
        owner: iso3('owner'),
      });
    }
    case 'programme.milestone.completed':
      return say('history.programme.milestone.completed', { title: str('title') });
    case 'programme.contribution': {
      const { amount, unit, kind } = p;
      if (typeof amount !== 'number' || typeof unit !== 'string') return null;
      if (!isOneOf(CONTRIBUTION_KINDS, kind)) return null;
      const quantity = isQuantityUnit(unit)
        ? w.t(QUANTITY[unit], { count: amount })
        : `${w.num(amount)} ${unit}`;
      return say('history.programme.contribution', {
        quantity,
        kind: w.t(`programmes.kind.${kind}`),
        description: str('description'),
      });
    }
    case 'programme.request.join':
      return w.t('history.programme.request.join');
    case 'programme.request.complete':
      return say('history.programme.request.complete', { milestone: milestone() });
    case 'programme.request.approved':
    case 'programme.request.refused': {
      const action = p.action;
      if (!isOneOf(COUNCIL_ACTIONS, action)) return null;
      return say(
        code === 'programme.request.approved'
          ? 'history.programme.request.approved'
          : 'history.programme.request.refused',
        {
          action,
          member: iso3('member'),
          milestone: action === 'complete' ? milestone() : '',
        },
      );
    }
    case 'cyber.declared': {
      const severity = p.severity;
      if (!isOneOf(SEVERITIES, severity)) return null;
      return w.t('history.cyber.declared', { severity: w.t(`cyber.severity.${severity}`) });
    }
    case 'cyber.offered':
      return say('history.cyber.offered', { kind: str('kind') });
    case 'cyber.status': {
      const status = p.status;
      if (!isOneOf(CASE_STATUSES, status)) return null;
      return w.t('history.cyber.status', { status: w.t(`cyber.caseStatus.${status}`) });
    }
    case 'cyber.closed':
      return w.t('history.cyber.closed');
    default:
      return null;
  }
}
