import type { Source } from './model.js';

/** Every life-cycle act an alliance knows, each recorded as the signed act `registry.lifecycle.<kind>`. */
export const LIFECYCLE_KINDS = [
  'application',
  'admission',
  'signature',
  'ratification',
  'deposit',
  'entry_into_force',
  'reservation',
  'declaration',
  'suspension',
  'readmission',
  'withdrawal',
  'exit',
] as const;
export type LifecycleKind = (typeof LIFECYCLE_KINDS)[number];

export const LIFECYCLE_PREFIX = 'registry.lifecycle.';
/** The record's type of a life-cycle act of this kind (catalogued in src/registry/acts.ts). */
export type LifecycleActType = `registry.lifecycle.${LifecycleKind}`;
export const lifecycleType = (kind: LifecycleKind): LifecycleActType =>
  `${LIFECYCLE_PREFIX}${kind}`;
export const LIFECYCLE_TYPES: readonly LifecycleActType[] = LIFECYCLE_KINDS.map(lifecycleType);

/** Kinds that change the alliance through a decision of its council, under the charter's rule. */
export const DECIDED_KINDS = ['admission', 'suspension', 'readmission'] as const;
export type DecidedKind = (typeof DECIDED_KINDS)[number];

/** Obligation types a provision may carry (the ATOP five, as the obligation engine knows them). */
export const PROVISION_OBLIGATIONS = ['defense', 'offense', 'neutral', 'nonagg', 'consul'] as const;

/** A clause of a proposal's adopted text, carried by the act that puts it into force. */
export interface LifecycleProvision {
  obligation: (typeof PROVISION_OBLIGATIONS)[number];
  article: string;
  summary: string;
  /** sha256 of the document version the article is taken from, when uploaded. */
  documentSha256?: string;
}

/**
 * Historical acts re-derived from the sourced seed stand on the record of history, not on a decision
 * taken on this node: they carry the seed's sources instead of a council procedure.
 */
export interface OnRecord {
  note: string;
  sources: Source[];
}

/** Payload of a `registry.lifecycle.*` act. */
export interface LifecyclePayload {
  kind: LifecycleKind;
  allianceId: string;
  /** ISO3 of the state concerned; absent only for a treaty's own entry into force. */
  state?: string;
  /** The day the act takes effect (a withdrawal: the day notice is given). */
  date: string;
  /** The council procedure whose adopted decision this act carries out (admission, suspension, readmission). */
  decision?: string;
  /** Historical acts: the sources the seed gives (instead of `decision`). */
  record?: OnRecord;
  /** reservation, declaration: the article concerned and the text. */
  article?: string;
  text?: string;
  /** withdrawal: the first day no longer a member (notice + the treaty's period, or the date on record). */
  effective?: string;
  /** exit (historical only): why membership ended other than by withdrawal, e.g. a union of states. */
  reason?: string;
  /** entry_into_force of a proposal's text: the clauses that now bind its parties. */
  provisions?: LifecycleProvision[];
  /** sha256 of the document (text) this act refers to, when one was uploaded. */
  documentSha256?: string;
  note?: string;
}

/** A council decision as the record shows it: what an admission, suspension or readmission rests on. */
export interface DecisionOnRecord {
  procedureId: string;
  charterId: string;
  decisionType: string | null;
  matter: string;
  kind: string;
  /** Outcome status in the closing act; null while the procedure is open. */
  status: string | null;
  closedAt: string | null;
  actId: string | null;
}

/** How one alliance takes in, suspends and lets go of members: sourced, per alliance. */
export interface LifecycleRule {
  allianceId: string;
  /**
   * 'admission': a state is a member from the council's admission; 'ratification': admission (or being an
   * original signatory) opens signature, and the state is a party from its entry into force.
   */
  entry: 'admission' | 'ratification';
  admission: DecisionRef & { eligibility: string };
  suspension?: DecisionRef;
  readmission?: DecisionRef;
  withdrawal?: { noticeMonths: number; article: string; note?: string; sources: Source[] };
  /** A proposal's text enters into force once this many signatories have deposited ratification. */
  founding?: { minDeposits: number; note: string; sources: Source[] };
  note?: string;
  sources: Source[];
}

export interface DecisionRef {
  charterId: string;
  decisionType: string;
  article: string;
  unverified?: string;
  sources: Source[];
}

/** A party's progress through the life cycle, per alliance. */
export interface PartyProgress {
  allianceId: string;
  state: string;
  applied: Step | null;
  admitted: Step | null;
  signed: Step | null;
  ratified: Step | null;
  deposited: Step | null;
  inForce: Step | null;
  withdrawal: (Step & { effective: string }) | null;
  reservations: {
    kind: 'reservation' | 'declaration';
    article: string;
    text: string;
    date: string;
    actId: string;
  }[];
}

export interface Step {
  date: string;
  actId: string;
}

/** The treaty-level entry into force of a proposal's text: it is a treaty from then on. */
export interface Conclusion {
  allianceId: string;
  date: string;
  actId: string;
  provisions: LifecycleProvision[];
  documentSha256: string | null;
}
