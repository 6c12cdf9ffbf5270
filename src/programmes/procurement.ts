/**
 * Defence-industrial proposal (issue #17.3): from units and the data links each implements, propose a
 * common standard and which units to equip with it so the most data gaps close for the fewest changes.
 * A gap is a pair of units with no common data link (the forces module's matrix, channel `data`); a
 * gap closes when both units implement the proposed standard. Pure; checked against brute force.
 */

export interface ProcUnit {
  key: string;
  member: string;
  /** Data-link standards the unit implements. */
  dataLinks: string[];
}

export interface Proposal {
  standard: string;
  /** Units to equip with the standard, in order chosen. */
  equip: string[];
  /** Members whose equipment changes, and how many of their units. */
  changes: { member: string; units: number }[];
  /** Gaps (unit pairs) closed, and which members gain a data link with another member. */
  closed: [string, string][];
  gainers: string[];
}

/** Pairs of units that cannot exchange data: no data link in common. */
export function dataGaps(units: ProcUnit[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < units.length; i++)
    for (let j = i + 1; j < units.length; j++) {
      const b = new Set(units[j].dataLinks);
      if (!units[i].dataLinks.some((s) => b.has(s))) out.push([units[i].key, units[j].key]);
    }
  return out;
}

/** What equipping `equip` with `standard` closes, and who changes and gains. */
export function evaluate(units: ProcUnit[], standard: string, equip: string[]): Proposal {
  const byKey = new Map(units.map((u) => [u.key, u]));
  const has = new Set(units.filter((u) => u.dataLinks.includes(standard)).map((u) => u.key));
  for (const k of equip) has.add(k);
  const closed = dataGaps(units).filter(([a, b]) => has.has(a) && has.has(b));
  const perMember = new Map<string, number>();
  for (const k of equip) {
    const m = byKey.get(k)!.member;
    perMember.set(m, (perMember.get(m) ?? 0) + 1);
  }
  const gainers = new Set<string>();
  for (const [a, b] of closed) {
    gainers.add(byKey.get(a)!.member);
    gainers.add(byKey.get(b)!.member);
  }
  return {
    standard,
    equip: [...equip],
    changes: [...perMember]
      .map(([member, n]) => ({ member, units: n }))
      .sort((x, y) => x.member.localeCompare(y.member)),
    closed,
    gainers: [...gainers].sort(),
  };
}

/** Better proposal: more gaps closed, then fewer members changed, then fewer units, then standard name. */
export function better(a: Proposal, b: Proposal | null): boolean {
  if (!b) return true;
  if (a.closed.length !== b.closed.length) return a.closed.length > b.closed.length;
  if (a.changes.length !== b.changes.length) return a.changes.length < b.changes.length;
  if (a.equip.length !== b.equip.length) return a.equip.length < b.equip.length;
  return a.standard < b.standard;
}

const candidatesOf = (units: ProcUnit[], standards?: string[]) =>
  [...new Set(standards ?? units.flatMap((u) => u.dataLinks))].sort();

/**
 * Greedy: for each candidate standard, add the unit (or, when no single unit gains, the pair of units)
 * that closes the most new gaps — preferring a member already changing — until `budget` units or no
 * gain; keep the best standard's proposal. O(standards × budget × units²).
 */
export function greedyProposal(
  units: ProcUnit[],
  budget: number,
  standards?: string[],
): Proposal | null {
  const gaps = dataGaps(units);
  const gapSet = new Set(gaps.map(([a, b]) => `${a}\u0000${b}`));
  const isGap = (a: string, b: string) =>
    gapSet.has(`${a}\u0000${b}`) || gapSet.has(`${b}\u0000${a}`);
  const memberOf = new Map(units.map((u) => [u.key, u.member]));
  let best: Proposal | null = null;
  for (const s of candidatesOf(units, standards)) {
    const inSet = new Set(units.filter((u) => u.dataLinks.includes(s)).map((u) => u.key));
    const equip: string[] = [];
    const changing = new Set<string>();
    const gainOf = (k: string) => [...inSet].filter((x) => isGap(k, x)).length;
    for (let step = 0; step < budget && equip.length < budget; step++) {
      const free = units.filter((u) => !inSet.has(u.key));
      let pick: string[] = [];
      let gain = 0;
      for (const u of free) {
        const g = gainOf(u.key);
        const tieBetter =
          g === gain &&
          pick.length === 1 &&
          changing.has(u.member) &&
          !changing.has(memberOf.get(pick[0])!);
        if (g > gain || tieBetter) [pick, gain] = [[u.key], g];
      }
      if (gain === 0 && budget - equip.length >= 2)
        for (let i = 0; i < free.length; i++)
          for (let j = i + 1; j < free.length; j++) {
            const a = free[i].key,
              b = free[j].key;
            const g = gainOf(a) + gainOf(b) + (isGap(a, b) ? 1 : 0);
            if (g > gain) [pick, gain] = [[a, b], g];
          }
      if (gain === 0) break;
      for (const k of pick) {
        inSet.add(k);
        equip.push(k);
        changing.add(memberOf.get(k)!);
      }
    }
    const p = evaluate(units, s, equip);
    if (better(p, best)) best = p;
  }
  return best && best.closed.length ? best : null;
}

/** Brute force: every standard, every set of at most `budget` units to equip. For small instances (≤ 12 units). */
export function bruteForceProposal(
  units: ProcUnit[],
  budget: number,
  standards?: string[],
): Proposal | null {
  if (units.length > 16) throw new Error('brute force is for small instances (at most 16 units)');
  let best: Proposal | null = null;
  for (const s of candidatesOf(units, standards)) {
    const free = units.filter((u) => !u.dataLinks.includes(s)).map((u) => u.key);
    for (let mask = 0; mask < 1 << free.length; mask++) {
      let bits = 0;
      for (let m = mask; m; m &= m - 1) bits++;
      if (bits > budget) continue;
      const equip = free.filter((_, i) => mask & (1 << i));
      const p = evaluate(units, s, equip);
      if (better(p, best)) best = p;
    }
  }
  return best && best.closed.length ? best : null;
}

/** A deterministic random instance (mulberry32), as the test and the benchmark use. */
export function randomInstance(
  seed: number,
  n: number,
  members: number,
  standards: number,
): ProcUnit[] {
  let t = seed >>> 0;
  const rnd = () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const names = Array.from({ length: standards }, (_, i) => `link-${String.fromCharCode(65 + i)}`);
  return Array.from({ length: n }, (_, i) => ({
    key: `u${i}`,
    member: `M${Math.floor(rnd() * members)}`,
    dataLinks: names.filter(() => rnd() < 0.3),
  }));
}
