/** Where a fact comes from. Every seeded fact carries at least one. */
export interface Source {
  /** Short citation: publisher and title, e.g. "Arab League, Pact of the League of Arab States (1945)". */
  title: string;
  url?: string;
  /** Date of the source or of access, YYYY-MM-DD or YYYY. */
  date?: string;
  /** Which part supports the fact, or a caveat. */
  note?: string;
}

export interface State {
  /** ISO 3166-1 alpha-3 (PSE for Palestine). */
  iso3: string;
  /** ISO 3166-1 alpha-2, for map and flag lookups. */
  iso2: string;
  /** ISO 3166-1 numeric as a 3-digit string ("682"), the id used by world-atlas shapes. */
  isoNumeric: string;
  nameEn: string;
  nameAr: string;
  /** Correlates of War state code, where COW has one. */
  cowCode: number | null;
  /**
   * Periods in which the state was not separate but merged into a union that kept another state's seat
   * (Syria in the United Arab Republic with Egypt, 1958-1961). Its memberships do not cover them.
   */
  mergedInto?: StateMerger[];
  sources: Source[];
}

export interface StateMerger {
  /** The state whose seat and memberships the union kept (EGY for the UAR). */
  state: string;
  /** The union's name: 'United Arab Republic'. */
  name: string;
  nameAr: string;
  from: string;
  /** First day separate again; null = still merged. */
  to: string | null;
  note: string;
  sources: Source[];
}

/** A union in force on a date, as seen from one of its states. */
export interface UnionOnDate {
  name: string;
  nameAr: string;
  /** The state whose seat the union kept, and the states merged into it. */
  seat: string;
  merged: string[];
  from: string;
  to: string | null;
  note: string;
  sources: Source[];
}

export type AllianceKind =
  'organisation' | 'treaty' | 'coalition' | 'unilateral_guarantee' | 'proposal';
export type AllianceStatus = 'in_force' | 'proposed' | 'ended';

export interface Alliance {
  /** Stable slug: 'arab-league', 'gcc', 'imctc', 'oic', 'baghdad-pact-cento', 'sau-pak-smda', … */
  id: string;
  name: string;
  nameAr: string;
  /** Common abbreviation, e.g. GCC, IMCTC, OIC. */
  short: string;
  kind: AllianceKind;
  status: AllianceStatus;
  /** Signature/founding date YYYY-MM-DD (precision in `datePrecision`). */
  founded: string | null;
  ended: string | null;
  datePrecision?: 'day' | 'month' | 'year';
  /**
   * When neither the founding nor the members' entry dates are known: the earliest date a source attests
   * the alliance, with why. Members are reported from then on, flagged as of unknown entry date.
   */
  attestedFrom?: { date: string; note: string };
  headquarters?: string;
  /** Later names, from when (Baghdad Pact → CENTO, August 1959). */
  renamed?: {
    name: string;
    from: string;
    datePrecision?: 'day' | 'month' | 'year';
    note?: string;
    sources: Source[];
  }[];
  /** End dates other sources give besides `ended` (CENTO: 16 Mar 1979 in common references vs ATOP's 9 Oct 1979). */
  otherEndDates?: { date: string; note: string; sources: Source[] }[];
  /** A count the sources state when the member list is uncertain (IMCTC: "43"), with the caveat. */
  statedMemberCount?: { count: number; note: string; sources: Source[] };
  description: string;
  sources: Source[];
  /**
   * Set by the signed act that put a proposal's adopted text into force (life-cycle acts): from then on
   * it is a treaty in force with these clauses.
   */
  concluded?: {
    date: string;
    actId: string;
    provisions: { obligation: string; article: string; summary: string; documentSha256?: string }[];
    documentSha256: string | null;
  };
}

export type MembershipRole = 'member' | 'observer' | 'guarantor';

export interface Suspension {
  from: string;
  /** null: still suspended. */
  to: string | null;
  sources: Source[];
}

export interface Membership {
  allianceId: string;
  state: string;
  role: MembershipRole;
  /** Entry date YYYY-MM-DD; null when unknown (then treated as the alliance's founding date). */
  from: string | null;
  /** Exit date (first day no longer a member); null while a member. */
  to: string | null;
  datePrecision?: 'day' | 'month' | 'year';
  suspensions: Suspension[];
  /** 'sourced': stated by a cited source; 'unverified': often listed, no reliable source found. */
  certainty: 'sourced' | 'unverified';
  sources: Source[];
  note?: string;
}

export interface TimelineEvent {
  id: string;
  date: string;
  /** 'month': `date` is the first of the month, only the month is known. Default: the day. */
  datePrecision?: 'day' | 'month' | 'year';
  title: string;
  description: string;
  states: string[];
  allianceIds: string[];
  sources: Source[];
}

export interface SeedData {
  states: State[];
  alliances: Alliance[];
  memberships: Membership[];
  events: TimelineEvent[];
}

/** A member as of one date, with its standing that day. */
export interface MemberOnDate {
  state: string;
  role: MembershipRole;
  suspended: boolean;
  /** False when the entry date is unknown and only the alliance's attestation date bounds it. */
  entryDateKnown: boolean;
  membership: Membership;
}
