import type { CostFormula, Requirement, RequirementLine, Unit, UnitType } from './model.js';
import { blockingCaveat, type TaskingContext } from './caveat-rules.js';

/** A pledged unit with the pledge it belongs to. */
export interface PooledUnit {
  pledgeId: string;
  member: string;
  availableFrom: string;
  availableTo: string | null;
  unit: Unit;
}

export type Exclusion = 'readiness' | 'duration' | 'availability' | 'booked' | `caveat:${string}`;

export interface Assignment {
  pledgeId: string;
  unitId: string;
  member: string;
  size: number;
  readinessDays: number;
}

export interface LineResult {
  lineId: string;
  capability: UnitType;
  required: number;
  covered: number;
  short: number;
  /** Personnel assigned beyond the requirement (units are indivisible). */
  surplus: number;
  status: 'covered' | 'short' | 'uncovered';
  /** Personnel of all eligible units of the capability, before any is assigned. */
  eligibleSupply: number;
  assignments: Assignment[];
  /** Units of the right capability left out, by reason. */
  excluded: Partial<Record<Exclusion, number>>;
}

export interface BurdenShare {
  member: string;
  troops: number;
  units: number;
  /** Fraction of all assigned troops, 0..1. */
  share: number;
  cost: number | null;
}

export interface ForceGenerationResult {
  requirementId: string;
  lines: LineResult[];
  byCapability: { capability: UnitType; required: number; covered: number; short: number }[];
  burden: BurdenShare[];
  totals: { required: number; covered: number; short: number; upperBound: number };
  currency: string | null;
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Why a unit cannot serve `line`, or null when it can. `booked`: unit keys taken elsewhere in the period. */
export function exclusionOf(
  pu: PooledUnit,
  line: RequirementLine,
  req: Requirement,
  ctx: TaskingContext,
  booked?: ReadonlySet<string>,
  end = addDays(req.startDate, req.durationDays),
): Exclusion | null {
  const u = pu.unit;
  if (u.readinessDays > line.maxReadinessDays) return 'readiness';
  if (u.durationDays < req.durationDays) return 'duration';
  if (pu.availableFrom > req.startDate || (pu.availableTo !== null && pu.availableTo < end))
    return 'availability';
  if (booked?.has(unitKey(pu))) return 'booked';
  if (!u.caveats.length) return null;
  const c = blockingCaveat(u.caveats, pu.member, ctx);
  return c ? `caveat:${c}` : null;
}

/** A line that any ready unit passes: for the per-unit checks. */
const OPEN_LINE: RequirementLine = {
  id: '',
  capability: 'land',
  personnel: 0,
  maxReadinessDays: Number.POSITIVE_INFINITY,
};
const MAX_SIZE = 2 ** 24;

export const unitKey = (pu: { pledgeId: string; unit: { id: string } }): string =>
  `${pu.pledgeId}/${pu.unit.id}`;

/**
 * Matches pledged units to a requirement. Units are indivisible and serve one line at most.
 * Objective: cover as much required personnel as possible, then over-assign as little as possible.
 * The exact problem is a multiple-knapsack covering problem (NP-hard); this is a greedy with a repair pass:
 * 1. lines are filled tightest first (eligible supply ÷ demand ascending), so scarce capabilities choose first;
 * 2. within a line, units eligible for no other line are used first (using them costs no other line);
 * 3. each pick is best-fit: the smallest unit that completes the line, else the largest unit;
 *    ties go to the unit eligible for fewest lines, then the fastest;
 * 4. repair: a short line takes a unit from a line whose surplus exceeds that unit's size.
 * `totals.upperBound` (Σ min(demand, eligible supply)) bounds any matching, so the gap is visible.
 */
export function generateForce(
  req: Requirement,
  pool: PooledUnit[],
  ctx: TaskingContext,
  opts: { costFormula?: CostFormula | null; booked?: ReadonlySet<string> } = {},
): ForceGenerationResult {
  const lines = req.lines;
  const flex = new Int32Array(pool.length);
  const end = addDays(req.startDate, req.durationDays);
  // Everything but readiness depends on the unit and the requirement, not the line: check it once per unit.
  // Reasons are counted as small integers (0: readiness) and named at the end.
  const reasons: Exclusion[] = ['readiness'];
  const reasonCode = new Map<Exclusion, number>([['readiness', 0]]);
  const base = new Int32Array(pool.length).fill(-1);
  const byType = new Map<UnitType, number[]>();
  for (let i = 0; i < pool.length; i++) {
    const pu = pool[i];
    if (pu.unit.size <= 0) continue;
    const why = exclusionOf(pu, OPEN_LINE, req, ctx, opts.booked, end);
    if (why) {
      let code = reasonCode.get(why);
      if (code === undefined) reasonCode.set(why, (code = reasons.push(why) - 1));
      base[i] = code;
    }
    const list = byType.get(pu.unit.type);
    if (list) list.push(i);
    else byType.set(pu.unit.type, [i]);
  }
  const counts: Int32Array[] = [];
  const linesOf = new Array<number[]>(pool.length);
  const supply = new Array<number>(lines.length).fill(0);
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const count = (counts[li] = new Int32Array(16));
    const list = byType.get(line.capability) ?? [];
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      const u = pool[i].unit;
      const why = u.readinessDays > line.maxReadinessDays ? 0 : base[i];
      if (why >= 0) count[Math.min(why, 15)] += 1;
      else {
        (linesOf[i] ??= []).push(li);
        flex[i] += 1;
        supply[li] += u.size;
      }
    }
  }
  const excluded = counts.map((count) => {
    const out: Partial<Record<Exclusion, number>> = {};
    count.forEach((n, code) => n && (out[reasons[code]] = n));
    return out;
  });
  const size = (i: number) => pool[i].unit.size;
  // One global order: largest first; equal sizes: eligible for fewest lines, then fastest, then pledge order
  // (the sort is stable). Each line's candidate list is then built already in that order.
  const ranked = pool.map((_, i) => i).filter((i) => flex[i] > 0);
  const key = new Float64Array(pool.length);
  for (const i of ranked)
    key[i] =
      (MAX_SIZE - size(i)) * 2 ** 24 +
      Math.min(flex[i], 4095) * 2 ** 12 +
      Math.min(pool[i].unit.readinessDays, 4095);
  ranked.sort((a, b) => key[a] - key[b]);
  const eligible: number[][] = lines.map(() => []);
  for (const i of ranked) for (const li of linesOf[i]) eligible[li].push(i);
  const assignedTo = new Int32Array(pool.length).fill(-1);
  const covered = new Array<number>(lines.length).fill(0);
  const order = lines
    .map((_, i) => i)
    .sort((a, b) => supply[a] / lines[a].personnel - supply[b] / lines[b].personnel || a - b);

  // Best fit over candidates in rank order: while the largest
  // free unit does not complete the line, take it; then take the smallest unit that completes it.
  const fill = (li: number, cands: number[]): void => {
    let remaining = lines[li].personnel - covered[li];
    const free = cands.filter((i) => assignedTo[i] === -1);
    let p = 0;
    while (remaining > 0 && p < free.length) {
      let k = p;
      if (size(free[p]) >= remaining) {
        let lo = p,
          hi = free.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (size(free[mid]) >= remaining) lo = mid;
          else hi = mid - 1;
        }
        k = lo;
        while (k > p && size(free[k - 1]) === size(free[lo])) k--;
      }
      const i = free[k];
      if (k !== p) free[k] = free[p];
      p++;
      assignedTo[i] = li;
      covered[li] += size(i);
      remaining -= size(i);
    }
  };
  for (const li of order) {
    fill(
      li,
      eligible[li].filter((i) => flex[i] === 1),
    );
    fill(
      li,
      eligible[li].filter((i) => flex[i] > 1),
    );
  }
  // Repair: move a unit from a line with enough surplus to a short line it may serve.
  for (let changed = true, rounds = 0; changed && rounds < 10; rounds++) {
    changed = false;
    for (const li of order) {
      if (covered[li] >= lines[li].personnel) continue;
      for (const i of eligible[li]) {
        const from = assignedTo[i];
        if (from === -1 || from === li) continue;
        const s = pool[i].unit.size;
        if (covered[from] - s >= lines[from].personnel) {
          assignedTo[i] = li;
          covered[from] -= s;
          covered[li] += s;
          changed = true;
          if (covered[li] >= lines[li].personnel) break;
        }
      }
    }
  }

  const results: LineResult[] = lines.map((line, li) => {
    const assignments: Assignment[] = eligible[li]
      .filter((i) => assignedTo[i] === li)
      .map((i) => ({
        pledgeId: pool[i].pledgeId,
        unitId: pool[i].unit.id,
        member: pool[i].member,
        size: pool[i].unit.size,
        readinessDays: pool[i].unit.readinessDays,
      }));
    const c = covered[li];
    return {
      lineId: line.id,
      capability: line.capability,
      required: line.personnel,
      covered: Math.min(c, line.personnel),
      short: Math.max(0, line.personnel - c),
      surplus: Math.max(0, c - line.personnel),
      status: c >= line.personnel ? 'covered' : c > 0 ? 'short' : 'uncovered',
      eligibleSupply: supply[li],
      assignments,
      excluded: excluded[li],
    };
  });
  return summarise(req, results, pool, assignedTo, lines, supply, opts.costFormula ?? null);
}

function summarise(
  req: Requirement,
  results: LineResult[],
  pool: PooledUnit[],
  assignedTo: Int32Array,
  lines: RequirementLine[],
  supply: number[],
  formula: CostFormula | null,
): ForceGenerationResult {
  const byCap = new Map<
    UnitType,
    { capability: UnitType; required: number; covered: number; short: number }
  >();
  for (const r of results) {
    const e = byCap.get(r.capability) ?? {
      capability: r.capability,
      required: 0,
      covered: 0,
      short: 0,
    };
    e.required += r.required;
    e.covered += r.covered;
    e.short += r.short;
    byCap.set(r.capability, e);
  }
  const burden = new Map<string, BurdenShare>();
  let troops = 0;
  for (let i = 0; i < pool.length; i++) {
    if (assignedTo[i] === -1) continue;
    const pu = pool[i];
    const b = burden.get(pu.member) ?? {
      member: pu.member,
      troops: 0,
      units: 0,
      share: 0,
      cost: formula ? 0 : null,
    };
    b.troops += pu.unit.size;
    b.units += 1;
    if (formula && b.cost !== null)
      b.cost +=
        pu.unit.size *
        formula.perTroopPerDay *
        (formula.typeMultipliers[pu.unit.type] ?? 1) *
        req.durationDays;
    troops += pu.unit.size;
    burden.set(pu.member, b);
  }
  for (const b of burden.values()) b.share = troops ? b.troops / troops : 0;
  const required = lines.reduce((s, l) => s + l.personnel, 0);
  const coveredTotal = results.reduce((s, r) => s + r.covered, 0);
  return {
    requirementId: req.id,
    lines: results,
    byCapability: [...byCap.values()],
    burden: [...burden.values()].sort(
      (a, b) => b.troops - a.troops || a.member.localeCompare(b.member),
    ),
    totals: {
      required,
      covered: coveredTotal,
      short: required - coveredTotal,
      upperBound: lines.reduce((s, l, i) => s + Math.min(l.personnel, supply[i]), 0),
    },
    currency: formula?.currency ?? null,
  };
}
