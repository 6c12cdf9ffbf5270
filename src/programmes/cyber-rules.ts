import { isOneOf } from '../core/objects.js';
import { payloadFields, payloadOf } from '../record/act-catalogue.js';
import { badInput, refused } from '../core/errors.js';
import { isIso3 } from '../core/ids.js';
import { asDepicted } from '../record/model.js';
import { CLASSIFICATIONS, isClassification, type Classification } from '../runtime/auth.js';
import { CASE_STATUSES, CYBER_ACT, SEVERITIES, type CyberCase } from './cyber-model.js';
import type { HistoryParam } from './model.js';
import type { ActLike } from './programme-rules.js';

/** The codes of a cyber case's history lines (`code`, with `params`): docs/programmes.md. */
export const CYBER_HISTORY_CODES = [
  'cyber.declared',
  'cyber.offered',
  'cyber.status',
  'cyber.closed',
] as const;
export type CyberHistoryCode = (typeof CYBER_HISTORY_CODES)[number];

const STIX_ID =
  /^[a-z][a-z0-9-]{1,62}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const text = (v: unknown, field: string, min: number, max: number): string => {
  if (typeof v !== 'string' || v.trim().length < min || v.length > max)
    throw badInput(field, `${field} must be text of ${min} to ${max} characters`).withDetail(
      { min, max },
      'text_length',
    );
  return v.trim();
};

export interface DeclarePayload {
  caseId: string;
  programmeId: string;
  title: string;
  description: string;
  severity: string;
  classification: string;
  releasableTo: string[];
  requestedAssistance: string[];
  stixIds: string[];
}

/** Checks a declaration's fields (the programme and participants are checked by the desk). */
export function checkDeclaration(p: DeclarePayload): {
  severity: CyberCase['severity'];
  classification: Classification;
} {
  text(p.title, 'title', 3, 300);
  text(p.description, 'description', 3, 5000);
  const { severity, classification } = p;
  if (!isOneOf(SEVERITIES, severity))
    throw badInput('severity', `severity is one of ${SEVERITIES.join(', ')}`).withDetail(
      { allowedValues: SEVERITIES.join(', ') },
      'validation.enum',
    );
  if (!isClassification(classification))
    throw badInput(
      'classification',
      `classification is one of ${CLASSIFICATIONS.join(', ')}`,
    ).withDetail({ allowedValues: CLASSIFICATIONS.join(', ') }, 'validation.enum');
  if (!Array.isArray(p.releasableTo) || p.releasableTo.some((m) => !isIso3(m)))
    throw badInput('releasableTo', 'releasableTo lists ISO3 codes').withDetail({}, 'state_codes');
  if (!Array.isArray(p.requestedAssistance) || p.requestedAssistance.length > 20)
    throw badInput('requestedAssistance', 'requestedAssistance: at most twenty').withDetail(
      { limit: 20 },
      'validation.maxItems',
    );
  p.requestedAssistance.forEach((a, i) => text(a, `requestedAssistance/${i}`, 2, 200));
  if (!Array.isArray(p.stixIds) || p.stixIds.length > 100)
    throw badInput('stixIds', 'stixIds: at most one hundred').withDetail(
      { limit: 100 },
      'validation.maxItems',
    );
  p.stixIds.forEach((id, i) => {
    if (typeof id !== 'string' || !STIX_ID.test(id))
      throw badInput(
        `stixIds/${i}`,
        `'${String(id)}' is not a STIX 2.1 id (type--uuid)`,
      ).withDetail({ value: String(id) }, 'not_stix_id');
  });
  return { severity, classification };
}

/** Applies one case act (checked as it was taken); pure, used by the desk and by verify. */
export function applyCaseAct(prev: CyberCase | null, raw: ActLike): CyberCase {
  const act = asDepicted(raw);
  const p = payloadFields(act);
  const who = act.actor;
  const note = (
    summary: string,
    code: CyberHistoryCode,
    params: Record<string, HistoryParam>,
  ): CyberCase['history'][number] => ({
    seq: act.seq,
    at: act.at,
    actor: who,
    summary,
    code,
    params,
  });
  if (act.type === CYBER_ACT.declared) {
    if (prev)
      throw refused('exists', `case ${prev.id} exists`).withDetail({ what: 'case', id: prev.id });
    const d = payloadOf(act, CYBER_ACT.declared);
    const { severity, classification } = checkDeclaration(d);
    return {
      id: d.caseId,
      programmeId: d.programmeId,
      declaredBy: who,
      declaredAt: act.at,
      title: d.title.trim(),
      description: d.description.trim(),
      severity,
      classification,
      releasableTo: [...new Set(d.releasableTo)].filter((m) => m !== who).sort(),
      requestedAssistance: d.requestedAssistance.map((a) => a.trim()),
      stixIds: [...new Set(d.stixIds)],
      offers: [],
      status: 'open',
      closedAt: null,
      closingSummary: null,
      history: [
        note(`${who} declared a ${severity} incident`, 'cyber.declared', { member: who, severity }),
      ],
      lastSeq: act.seq,
    };
  }
  if (!prev) throw refused('no_such_case', `no case for act ${act.id}`).withDetail({ act: act.id });
  const c = JSON.parse(JSON.stringify(prev)) as CyberCase;
  c.lastSeq = act.seq;
  if (c.status === 'closed')
    throw refused('case_closed', `case ${c.id} was closed on ${c.closedAt}`).withDetail({
      closedAt: c.closedAt ?? '',
    });
  switch (act.type) {
    case CYBER_ACT.offered: {
      if (who === c.declaredBy)
        throw refused('own_case', 'the affected member does not offer help to itself');
      if (!c.releasableTo.includes(who))
        throw refused('not_released', `case ${c.id} is not released to ${who}`).withDetail({
          member: who,
        });
      const kind = text(p.kind, 'kind', 2, 100);
      const description = text(p.description, 'description', 3, 2000);
      c.offers.push({ id: String(p.offerId), member: who, kind, description, at: act.at });
      c.history.push(note(`${who} offered ${kind}`, 'cyber.offered', { member: who, kind }));
      break;
    }
    case CYBER_ACT.status: {
      if (who !== c.declaredBy)
        throw refused('not_the_declarer', `only ${c.declaredBy} changes the status`).withDetail({
          member: c.declaredBy,
        });
      const status = p.status;
      if (!isOneOf(CASE_STATUSES, status) || status === 'closed')
        throw badInput(
          'status',
          'status is open, contained or recovering (close with /close)',
        ).withDetail({ allowedValues: 'open, contained, recovering' }, 'validation.enum');
      c.status = status;
      c.history.push(note(`status ${status}`, 'cyber.status', { status }));
      break;
    }
    case CYBER_ACT.closed: {
      if (who !== c.declaredBy)
        throw refused('not_the_declarer', `only ${c.declaredBy} closes the case`).withDetail({
          member: c.declaredBy,
        });
      c.status = 'closed';
      c.closedAt = act.at;
      c.closingSummary = text(p.summary, 'summary', 3, 5000);
      c.history.push(note('closed', 'cyber.closed', {}));
      break;
    }
    default:
      throw refused('unknown_act', `unknown case act ${act.type}`);
  }
  return c;
}
