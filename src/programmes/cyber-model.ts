import type { Classification } from '../runtime/auth.js';
import type { HistoryParam } from './model.js';

/**
 * A cyber incident among programme participants, coordinated as a case (the way CSIRT networks do):
 * declared by the affected member, with severity, requested assistance, STIX objects of the intelligence
 * hub linked by id, offers of help, status and closure. Only the members it is released to see it
 * (case-visibility.ts), by the rule intelligence uses: originator plus releasable set, and clearance.
 */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const CASE_STATUSES = ['open', 'contained', 'recovering', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CyberCase {
  id: string;
  programmeId: string;
  declaredBy: string;
  declaredAt: string;
  title: string;
  description: string;
  severity: Severity;
  classification: Classification;
  /** Members (ISO3) besides the declarer that may see the case: participants of the programme. */
  releasableTo: string[];
  requestedAssistance: string[];
  /** STIX 2.1 ids in the intelligence hub; a link grants no access to the object itself. */
  stixIds: string[];
  offers: { id: string; member: string; kind: string; description: string; at: string }[];
  status: CaseStatus;
  closedAt: string | null;
  closingSummary: string | null;
  /** `code`/`params` as in a programme's history (absent in cases stored before they existed). */
  history: {
    seq: number;
    at: string;
    actor: string;
    summary: string;
    code?: string;
    params?: Record<string, HistoryParam>;
  }[];
  lastSeq: number;
}

export const CYBER_ACT = {
  declared: 'cyber.case.declared',
  offered: 'cyber.case.offered',
  status: 'cyber.case.status',
  closed: 'cyber.case.closed',
} as const;

/** Every act type of a case starts with this: /api/record shows them only to their actor and the secretariat. */
export const CYBER_PRIVATE_PREFIX = 'cyber.';
