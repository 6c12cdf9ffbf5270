import type { Source } from '../registry/model.js';

export type { Source };

/** The five ATOP obligation types, named as ATOP names its columns. */
export const OBLIGATION_TYPES = ['defense', 'offense', 'neutral', 'nonagg', 'consul'] as const;
export type ObligationType = (typeof OBLIGATION_TYPES)[number];

/** What each obligation asks of the pledging state, in plain words. */
export const OBLIGATION_VERBS: Record<ObligationType, string> = {
  defense: 'defend',
  offense: 'join in offensive action',
  neutral: 'stay neutral',
  nonagg: 'not attack',
  consul: 'consult',
};

/**
 * ATOP's condition families (defcoadv, defcoloc, defcocon, defconum, defcodem, defconpr), plus
 * `decision`: the obligation acts only after an organ decides (Arab League Council, Pact Art. 6).
 */
export type ConditionKind =
  | 'adversary'
  | 'location'
  | 'conflict_type'
  | 'attackers'
  | 'demand'
  | 'non_provocation'
  | 'decision';

export interface Condition {
  kind: ConditionKind;
  /** The condition as the text (or ATOP's code) states it. */
  description: string;
  /** adversary: the states (ISO3 or pseudo-code) the condition names. */
  states?: string[];
  /** location: the places (ISO3) where an attack must occur; 'members' = any member's territory. */
  places?: string[];
}

export type ConditionStatus = 'met' | 'unmet' | 'unknown';
export interface EvaluatedCondition extends Condition {
  status: ConditionStatus;
  /** Why the engine says met/unmet/unknown. */
  reason: string;
}

/**
 * One clause: who pledges what to whom. `pledgers`/`beneficiaries` are 'members' (every member on the
 * date) or explicit lists (asymmetric: the US pledges to Qatar, Qatar pledges nothing).
 */
export interface Provision {
  obligation: ObligationType;
  /** "Art. 2"; null when no public text gives the number (say so in `note`). */
  article: string | null;
  /** The clause in a sentence (paraphrase, never a long quotation). */
  summary: string;
  pledgers: 'members' | string[];
  beneficiaries: 'members' | string[];
  conditions: Condition[];
  /** Optional narrower validity than the treaty's (a phase). */
  from?: string;
  to?: string | null;
  note?: string;
  sources: Source[];
}

/** How a suspension of a member (a registry fact) bears on the treaty's obligations, per its text. */
export interface SuspensionRule {
  /** persist: the suspended state stays a party; obligations to and from it stand. lapse: they pause. */
  effect: 'persist' | 'lapse';
  explanation: string;
  sources: Source[];
}

export type TreatyStatus = 'in_force' | 'ended' | 'proposed';
export type TreatyKind =
  'treaty' | 'organisation' | 'coalition' | 'unilateral_guarantee' | 'proposal' | 'arrangement';

/**
 * The legal instrument a text is, and how strongly it binds: a treaty between states, a charter founding an
 * organisation, an executive act of one state (binds its executive until revoked, not the state as a treaty
 * would), a declaration (political), a proposal (nothing).
 */
export type InstrumentType =
  'treaty' | 'charter' | 'executive_act' | 'declaration' | 'proposal' | 'arrangement';
export type InstrumentStrength = 'binding' | 'revocable' | 'political' | 'none' | 'unknown';
export interface Instrument {
  type: InstrumentType;
  strength: InstrumentStrength;
  /** Why, in a sentence. */
  note: string;
}

/** A clause that makes this treaty prevail over the parties' other obligations (Egypt-Israel Art. VI(5)). */
export interface PriorityClause {
  article: string;
  summary: string;
  sources: Source[];
}

/** A hand-coded treaty of the seeds, tied to a registry alliance id and, where ATOP codes it, an ATOP id. */
export interface Treaty {
  allianceId: string;
  name: string;
  kind: TreatyKind;
  status: TreatyStatus;
  signed: string | null;
  /** First day the obligations bind (entry into force, or signature where it binds at once). */
  inForce: string | null;
  /** First day no longer in force. */
  ended: string | null;
  atopId: number | null;
  instrument: Instrument;
  priority?: PriorityClause;
  /** Other end dates and which one `ended` uses (CENTO). */
  endNote?: string;
  /** Members when the registry does not list them (fallback for treaties outside the seed). */
  parties?: { state: string; from: string; to: string | null }[];
  provisions: Provision[];
  suspension: SuspensionRule;
  /** Facts that are disputed or unknown, said plainly. */
  caveats: string[];
  sources: Source[];
}

/** One row of ATOP's member-level file, reduced to what the engine and the tables use. */
export interface AtopMemberRow {
  atopid: number;
  member: number;
  phase: number;
  yrent: number;
  moent: number;
  dayent: number;
  yrexit: number;
  moexit: number;
  dayexit: number;
  defense: number;
  offense: number;
  neutral: number;
  nonagg: number;
  consul: number;
  asymm: number;
  /** Condition codes by ATOP column (defcoadv, …, concoreq). */
  conditions: Record<string, number>;
  statthr1: number | null;
  statthr2: number | null;
}

export interface AtopAllianceRow {
  atopid: number;
  begyr: number;
  begmo: number;
  begday: number;
  endyr: number;
  endmo: number;
  endday: number;
  ineffect: number;
  bilat: number;
  asymm: number;
  defense: number;
  offense: number;
  neutral: number;
  nonagg: number;
  consul: number;
}

export interface AtopData {
  members: AtopMemberRow[];
  alliances: AtopAllianceRow[];
}

/** A bound state in an answer: who must do what for whom, under which clause. */
export interface BoundObligation {
  /** The state that pledges. */
  state: string;
  stateName: string;
  /** The state that benefits. */
  toward: string;
  obligation: ObligationType;
  action: string;
  allianceId: string;
  allianceName: string;
  article: string | null;
  summary: string;
  conditions: EvaluatedCondition[];
  /** True when either party is suspended on the date (see `suspension`). */
  suspended: boolean;
  suspension?: string;
  origin: 'hand-coded' | 'atop';
  atopId: number | null;
  /** The instrument the pledge rests on and its strength (an executive order is not a treaty). */
  instrument: Instrument;
  /** The pledge acts only on conditions the text states (a request, an agreement, a named adversary). */
  conditional: boolean;
  sources: Source[];
}

/** An alliance considered and found not binding on the date, with the reason. */
export interface NotBinding {
  allianceId: string;
  allianceName: string;
  reason: string;
  instrument?: Instrument;
  sources: Source[];
}

/** The attacked state's own standing on the date, said before any count (suspended, merged, not yet a party). */
export interface Standing {
  kind: 'suspended' | 'union' | 'not_yet_party' | 'no_alliance';
  allianceIds: string[];
  text: string;
  sources: Source[];
  /**
   * not_yet_party: every alliance the state joined after the date, earliest first (each with the day
   * its membership began), so a reader is told what came later instead of a bare "0 states bound".
   */
  joinedLater?: { allianceId: string; allianceName: string; from: string }[];
}

/**
 * An obligation in the answer that another obligation of the same state contradicts: a priority clause
 * (Egypt-Israel Art. VI(5) over the 1950 treaty's Art. 2) or a state bound to defend both sides of a dyad.
 */
export interface ConflictFlag {
  kind: 'priority_clause' | 'both_sides';
  /** The state whose obligations conflict. */
  state: string;
  /** The treaty whose clause prevails (priority_clause), or the pledges toward the attacker (both_sides). */
  allianceId: string;
  article: string | null;
  clause: string;
  /** The obligations in this answer it overrides or contradicts. */
  affects: { allianceId: string; article: string | null; toward: string }[];
  /** When it bites: always, or only if the attacker is a party to the prevailing treaty. */
  applies: 'now' | 'if_attacker';
  text: string;
  sources: Source[];
}

/**
 * What data the answer rests on, so an empty answer is never mistaken for "nobody was bound" when the
 * data for the date is simply absent (no ATOP import, a date before the hand-coded treaties, past ATOP's end).
 */
/** The command that imports ATOP, named wherever the answer lacks it (API notes and the console). */
export const IMPORT_COMMAND = 'tahaluf atop import DIR';

export interface Coverage {
  /** ATOP member- and alliance-level rows are imported on this node. */
  atopImported: boolean;
  /** First and last year mentioned in the imported ATOP rows (null: none imported). */
  atopYears: { from: number; to: number } | null;
  /** The earliest day a hand-coded treaty binds (1945-03-22, the Arab League Pact). */
  handCodedFrom: string;
  /** The answer covers every alliance Tahaluf knows of for this date. */
  complete: boolean;
  /** The date is after today: answered with today's treaties and memberships, assumed unchanged. */
  projection: boolean;
  /** The above in a sentence, with the command to import ATOP where that is what is missing. */
  note: string;
}

export interface ObligationAnswer {
  attacked: string;
  date: string;
  attacker: string | null;
  place: string | null;
  bound: BoundObligation[];
  notBinding: NotBinding[];
  /** The answer in words, standing first (suspension, union, not yet a party), then who is bound and how. */
  headline: string;
  standing: Standing[];
  conflicts: ConflictFlag[];
  coverage?: Coverage;
}
