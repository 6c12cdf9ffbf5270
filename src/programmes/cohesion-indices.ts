/**
 * Cohesion indices (docs/programmes.md, "Cohesion"): pure functions over what the record and the
 * registry say. Each is a share in [0, 1], or null when there is nothing to measure (fewer than two
 * members, no co-votes, no milestone due).
 */

export interface IndexValue {
  value: number | null;
  /** Numerator and denominator, so every figure can be checked by hand. */
  num: number;
  den: number;
}

const share = (num: number, den: number): IndexValue => ({
  value: den ? num / den : null,
  num,
  den,
});

/** Unordered pairs of distinct items, in order. */
export function pairsOf<T>(xs: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++) out.push([xs[i], xs[j]]);
  return out;
}

/**
 * Treaty-obligation overlap: for each pair of members, the Jaccard share of the alliances and treaties
 * they belong to (|A∩B| / |A∪B|); the index is the mean over pairs (num = sum of the shares).
 */
export function treatyOverlap(
  members: string[],
  alliancesOf: (m: string) => Set<string>,
): IndexValue {
  const ps = pairsOf([...members].sort());
  let sum = 0;
  for (const [a, b] of ps) {
    const A = alliancesOf(a),
      B = alliancesOf(b);
    const inter = [...A].filter((x) => B.has(x)).length;
    const union = new Set([...A, ...B]).size;
    sum += union ? inter / union : 0;
  }
  return { value: ps.length ? sum / ps.length : null, num: sum, den: ps.length };
}

/**
 * Council agreement: over every decision of the alliance's council, every pair of members that both
 * voted; the share of those pairs that voted alike (yes/yes, no/no, abstain/abstain).
 */
export function councilAgreement(
  members: Set<string>,
  decisions: { votes: Map<string, string> }[],
): IndexValue {
  let agree = 0,
    total = 0;
  for (const d of decisions) {
    const voters = [...d.votes.keys()].filter((m) => members.has(m)).sort();
    for (const [a, b] of pairsOf(voters)) {
      total++;
      if (d.votes.get(a) === d.votes.get(b)) agree++;
    }
  }
  return share(agree, total);
}

/** Exercise participation: the share of members taking part in at least one joint exercise. */
export function exerciseParticipation(
  members: string[],
  exercises: { participants: string[] }[],
): IndexValue {
  const took = new Set(exercises.flatMap((e) => e.participants));
  return share(members.filter((m) => took.has(m)).length, members.length);
}

/**
 * Intelligence shared: the share of members that shared at least one object, counting only the share
 * acts the reader may see (a member sees its own; the secretariat all).
 */
export function intelligenceSharing(members: string[], sharers: Set<string>): IndexValue {
  return share(members.filter((m) => sharers.has(m)).length, members.length);
}

/**
 * Intelligence shared between pairs of members: the share of unordered member pairs {a, b} such that a
 * shared at least one object released to b, or b one released to a. `released` lists directed pairs
 * [poster, recipient] (only those the reader may count); pairs outside `members` are ignored.
 */
export function intelligencePairs(
  members: string[],
  released: Iterable<readonly [string, string]>,
): IndexValue {
  const ps = pairsOf([...new Set(members)].sort());
  const linked = new Set<string>();
  for (const [a, b] of released) if (a !== b) linked.add(a < b ? `${a} ${b}` : `${b} ${a}`);
  return share(ps.filter(([a, b]) => linked.has(`${a} ${b}`)).length, ps.length);
}

/**
 * Interoperability: the share of pairs of the alliance's pledged units that can exchange data (a common
 * tactical data link, exercise findings applied), from the forces module's matrix. Null when fewer than
 * two units, or when no forces module is composed (`reading` null).
 */
export function interoperabilityIndex(
  reading: { pairs: number; connected: number } | null,
): IndexValue {
  return reading ? share(reading.connected, reading.pairs) : share(0, 0);
}

/** Programme milestones met: completed on or before their due date, out of the milestones due by `day`. */
export function milestonesMetIndex(
  milestones: { due: string; completedOn: string | null }[],
  day: string,
): IndexValue {
  const due = milestones.filter((m) => m.due <= day);
  return share(
    due.filter((m) => m.completedOn !== null && m.completedOn <= m.due).length,
    due.length,
  );
}

/** Programme participation: the share of the alliance's members taking part in at least one programme. */
export function programmeParticipation(members: string[], participants: Set<string>): IndexValue {
  return share(members.filter((m) => participants.has(m)).length, members.length);
}

export const INDEX_NAMES = [
  'treatyOverlap',
  'councilAgreement',
  'exerciseParticipation',
  'intelligenceShared',
  'intelligencePairs',
  'interoperability',
  'programmeParticipation',
  'milestonesMet',
] as const;
export type IndexName = (typeof INDEX_NAMES)[number];

export interface CohesionPoint {
  allianceId: string;
  day: string;
  members: string[];
  indices: Record<IndexName, IndexValue>;
}
