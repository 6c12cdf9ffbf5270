import type { Source } from '../registry/model.js';
/**
 * Cooperation programmes with variable geometry: members of an alliance opt in (others stay out without
 * blocking), with objectives, milestones (dates, owners) and contributions. Every change is a signed act
 * (`programmes.*`, subject = programme id); the state below is a fold of those acts (programme-rules.ts).
 */

export const AREAS = [
  'intelligence',
  'cyber',
  'air-missile-warning',
  'data-links',
  'procurement',
  'economy',
  'other',
] as const;
export type Area = (typeof AREAS)[number];

export const CONTRIBUTION_KINDS = ['money', 'personnel', 'equipment', 'data'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

/** Acts whose decision the charter gives to the council (the rest are taken by the member alone). */
export const COUNCIL_ACTIONS = ['join', 'complete'] as const;
export type CouncilAction = (typeof COUNCIL_ACTIONS)[number];

/**
 * Who decides. `opt-in`: any active member of the alliance joins or leaves by its own act. `council`:
 * the acts listed in `requiredFor` take effect only after a decision of the named council charter, of
 * the named decision type, opened with `relatedTo` the request's reference and adopted.
 */
export type Governance =
  | { rule: 'opt-in' }
  | { rule: 'council'; charterId: string; decisionType: string; requiredFor: CouncilAction[] };

export interface MilestoneInput {
  title: string;
  /** YYYY-MM-DD */
  due: string;
  /** ISO3 of the participant responsible. */
  owner: string;
}

export interface Milestone extends MilestoneInput {
  id: string;
  status: 'open' | 'completed';
  completedAt: string | null;
  completedBy: string | null;
  evidence: string | null;
}

export interface ContributionInput {
  kind: ContributionKind;
  description: string;
  /** Positive; money in `unit` (ISO 4217), personnel in persons, equipment in items, data in datasets. */
  amount: number;
  unit: string;
}

export interface Contribution extends ContributionInput {
  id: string;
  member: string;
  at: string;
  actId: string;
}

export interface CouncilRequest {
  id: string;
  action: CouncilAction;
  member: string;
  milestoneId: string | null;
  evidence: string | null;
  /** What the council decision must carry: open it with these (POST /api/council/procedures). */
  council: { charterId: string; decisionType: string; matter: string; relatedTo: string };
  status: 'pending' | 'approved' | 'refused';
  filedAt: string;
  procedureId: string | null;
  settledAt: string | null;
  reason: string | null;
}

export interface ProgrammeState {
  id: string;
  allianceId: string;
  title: string;
  area: Area;
  objectives: string[];
  governance: Governance;
  proposedBy: string;
  proposedAt: string;
  /** Seeded example data, signed by the illustrative identity. */
  illustrative: boolean;
  /** For illustrative data: what is invented and what rests on facts (set only when the act says). */
  illustrativeNote?: string;
  /** The sources the facts it rests on come from (illustrative data; set only when the act names them). */
  sources?: Source[];
  /** 'proposed': one participant; 'active': two or more; 'dormant': everyone left. */
  status: 'proposed' | 'active' | 'dormant';
  participants: { member: string; since: string }[];
  /** Members that took part and left. */
  former: { member: string; from: string; to: string }[];
  milestones: Milestone[];
  contributions: Contribution[];
  requests: CouncilRequest[];
  history: HistoryEntry[];
  lastSeq: number;
}

/** A parameter of a history line: an ISO3 code, an id, a date, an amount, free text of the act. */
export type HistoryParam = string | number;

/**
 * One line of a programme's (or a cyber case's) history. `summary` is the finished English sentence
 * (API clients, the CLI); `code` and `params` say the same as data, so the console words it in the
 * reader's language (docs/programmes.md lists the codes). States stored before codes existed have
 * entries without `code` and `params`: readers fall back to `summary`, and verify accepts them.
 */
export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string;
  type: string;
  summary: string;
  code?: string;
  params?: Record<string, HistoryParam>;
}

/** Payload of `programmes.proposed`. */
export interface ProposePayload {
  programmeId: string;
  allianceId: string;
  title: string;
  area: Area;
  objectives: string[];
  governance: Governance;
  milestones: (MilestoneInput & { id: string })[];
  depicts?: string;
  illustrative?: { note: string; sources?: Source[] };
}

export const ACT = {
  proposed: 'programmes.proposed',
  joined: 'programmes.joined',
  left: 'programmes.left',
  milestoneAdded: 'programmes.milestone.added',
  milestoneCompleted: 'programmes.milestone.completed',
  contribution: 'programmes.contribution.committed',
  requestFiled: 'programmes.request.filed',
  requestSettled: 'programmes.request.settled',
} as const;

/** The `relatedTo` a council decision carries to settle a request: `programme:<id>:<requestId>`. */
export const relatedToOf = (programmeId: string, requestId: string): string =>
  `programme:${programmeId}:${requestId}`;

export function parseRelatedTo(s: unknown): { programmeId: string; requestId: string } | null {
  if (typeof s !== 'string') return null;
  const m = /^programme:([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/.exec(s);
  return m ? { programmeId: m[1], requestId: m[2] } : null;
}
