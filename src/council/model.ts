import type { Source } from '../registry/model.js';
import type { Choice, Outcome, PartyRole, RuleSpec } from './decision-rules.js';

/** How a charter orders its members for a rotating office. */
export type RotationOrder = 'alpha-ar' | 'alpha-en';

export interface ChairDecline {
  /** Start of the term (YYYY-MM-DD) whose turn was declined. */
  termFrom: string;
  member: string;
  /** A member chosen to hold the term instead of the next in order. */
  substitute?: string;
  note?: string;
  sources: Source[];
}

/** A holder on record for one term (a summit held and chaired), whoever the rule had in line. */
export interface ChairHolding {
  /** Start of the modelled term (YYYY-MM-DD) the holding falls in. */
  termFrom: string;
  member: string;
  note?: string;
  sources: Source[];
}

export interface ChairSpec {
  title: string;
  order: RotationOrder;
  termMonths: number;
  /** The first modelled term and whose turn it was. */
  anchor: { from: string; firstInLine: string };
  /** Names used for the order (the registry's names otherwise). */
  names?: Record<string, string>;
  namesFrom?: string;
  declines: ChairDecline[];
  /**
   * Holders on record: the term is held by the recorded member and is not projected, even after
   * `recordedUntil`. The rotation resumes after the member that was in line (as after a substitution).
   */
  held?: ChairHolding[];
  /** Terms starting on or after this date are projected by the rule, not a record of who held them. */
  recordedUntil?: string;
  recordedNote?: string;
  note?: string;
  sources: Source[];
}

export interface SecretaryGeneralSpec {
  civilian: boolean;
  termYears: number;
  maxTerms: number | null;
  /** Decision type of the appointment. */
  appointedBy: string;
  nationality?: 'member';
  note?: string;
  sources: Source[];
  /** Holders on record before the node's own appointment decisions: sourced facts, not signed acts. */
  appointments?: RecordedAppointment[];
}

export interface RecordedAppointment {
  person: string;
  /** ISO3 of the holder's nationality. */
  nationality: string;
  /** First day of the term (YYYY-MM-DD). */
  from: string;
  /** Set when the exact day (or another detail) is not confirmed by the sources. */
  unverified?: string;
  note?: string;
  sources: Source[];
}

export interface DecisionSpec {
  label: string;
  rule: RuleSpec;
  /** Adoption refused unless a consultation on the same matter has closed. */
  requiresConsultation?: boolean;
  /** Opening needs a member's request (the member opens it itself). */
  requiresRequest?: boolean;
  unverified?: string;
  note?: string;
  sources: Source[];
}

export interface Charter {
  id: string;
  /** Registry alliance this charter governs; null for reference cases with their own member list. */
  allianceId: string | null;
  /** Take members from this registry alliance instead (a proposal with no memberships yet). */
  membersFrom?: string;
  name: string;
  body: string;
  note?: string;
  members?: { state: string; name: string; from: string; to?: string }[];
  memberSources?: Source[];
  chair?: ChairSpec;
  secretaryGeneral?: SecretaryGeneralSpec;
  consultation?: { article: string; grounds: string[]; sources: Source[] };
  collectiveDefence?: { article: string; text: string; unverified?: string; sources: Source[] };
  decisions: Record<string, DecisionSpec>;
  sources: Source[];
}

export type ProcedureKind = 'consultation' | 'defence' | 'decision';
export const GROUNDS = ['territorial_integrity', 'political_independence', 'security'] as const;
export type Ground = (typeof GROUNDS)[number];

/** Payload of `council.procedure.opened`. */
export interface OpenPayload {
  procedureId: string;
  charterId: string;
  kind: ProcedureKind;
  title: string;
  /** What the procedure is about; a use-of-force decision must name a matter with a closed consultation. */
  matter: string;
  text?: string;
  deadline: string | null;
  /** consultation: the grounds invoked. */
  grounds?: Ground[];
  /** defence: the treaty article invoked. */
  article?: string;
  /** decision: the charter's decision type (measures, statement, use_of_force, appointment…). */
  decisionType?: string;
  parties?: { member: string; role: PartyRole }[];
  /** decision of type appointment: the office and its holder. */
  appointment?: { office: 'secretary-general'; person: string; nationality: string; from: string };
  relatedTo?: string;
  /** Set on seeded replays of historical cases: where the facts come from. */
  replay?: { case: string; sources: Source[]; note?: string };
}

export type ActKind = 'position' | 'vote' | 'objection' | 'assistance';

export interface ProcedureEvent {
  actId: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  summary: string;
  payload: Record<string, unknown>;
}

export interface ProcedureState {
  id: string;
  charterId: string;
  kind: ProcedureKind;
  title: string;
  matter: string;
  openedBy: string;
  openedAt: string;
  deadline: string | null;
  status: 'open' | 'closed';
  closedAt: string | null;
  summary: string | null;
  open: OpenPayload;
  positions: { member: string; stance: string; statement: string; at: string }[];
  assistance: { member: string; kind: string; description: string; at: string }[];
  votes: { member: string; choice: Choice; at: string }[];
  objections: { member: string; statement: string; at: string }[];
  /** Decisions only. */
  outcome: Outcome | null;
  /** Why an adoption was refused (use of force without a closed consultation). */
  refusal: string | null;
  timeline: ProcedureEvent[];
}
