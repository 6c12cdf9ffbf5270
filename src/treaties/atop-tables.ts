import { OBLIGATION_TYPES, type AtopMemberRow, type ObligationType } from './model.js';

/**
 * Directed dyad-year and state-year tables from ATOP member-level rows, as the codebook defines them:
 * a member row is in force in every year from `yrent` to `yrexit` (0 = still in force, so up to the
 * end of the span); a directed dyad (ccode1, ccode2) has an obligation in a year when both states have
 * a row of the same alliance and phase in force that year, the two rows' spans overlap (to the day
 * where ATOP gives days), and ccode1's row carries the obligation (asymmetric alliances: the pledging
 * side is ccode1 only where its own row says so; see docs/treaties.md for what the member-level data
 * cannot tell about multilateral asymmetric alliances).
 */
export interface DyadYear {
  ccode1: number;
  ccode2: number;
  year: number;
  defense: number;
  offense: number;
  neutral: number;
  nonagg: number;
  consul: number;
}

export interface StateYear {
  state: number;
  year: number;
  atopally: number;
  defense: number;
  offense: number;
  neutral: number;
  nonagg: number;
  consul: number;
  number: number;
  atopids: number[];
}

const BIT: Record<ObligationType, number> = {
  defense: 1,
  offense: 2,
  neutral: 4,
  nonagg: 8,
  consul: 16,
};
const ALLIED = 32;

const bitsOf = (r: AtopMemberRow): number =>
  (r.defense ? 1 : 0) |
  (r.offense ? 2 : 0) |
  (r.neutral ? 4 : 0) |
  (r.nonagg ? 8 : 0) |
  (r.consul ? 16 : 0);

const lastYear = (r: AtopMemberRow, to: number): number => (r.yrexit === 0 ? to : r.yrexit);

/**
 * A member row's span as day numbers, both ends inclusive (as the year rule yrent ≤ year ≤ yrexit):
 * an unknown entry month/day (0) reads as the first of the year/month, an unknown exit month/day as the
 * last; yrexit 0 (still in force) is open-ended. Two rows are allied on a day only inside both spans.
 */
const dayNo = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
export function rowSpan(r: AtopMemberRow): [number, number] {
  const start = dayNo(r.yrent, r.moent || 1, r.dayent || 1);
  if (r.yrexit === 0) return [start, Infinity];
  const end =
    r.moexit === 0
      ? dayNo(r.yrexit, 12, 31)
      : r.dayexit === 0
        ? dayNo(r.yrexit, r.moexit + 1, 0)
        : dayNo(r.yrexit, r.moexit, r.dayexit);
  return [start, end];
}
const yearOf = (day: number) => new Date(day * 86_400_000).getUTCFullYear();

/** Groups rows by alliance phase (atopid, phase). */
function byPhase(rows: AtopMemberRow[]): AtopMemberRow[][] {
  const groups = new Map<string, AtopMemberRow[]>();
  for (const r of rows) {
    const k = `${r.atopid}:${r.phase}`;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()];
}

/**
 * Directed dyad-years from `from` to `to` inclusive, sorted by ccode1, ccode2, year. Every dyad-year
 * in which the two states share an alliance phase appears, with 0/1 for each of ccode1's obligations.
 */
export function dyadYears(rows: AtopMemberRow[], from: number, to: number): DyadYear[] {
  // key = (c1 * 10000 + c2) * 1024 + (year - from): c1, c2 < 10000 and spans < 1024 years.
  const cells = new Map<number, number>();
  for (const group of byPhase(rows)) {
    const n = group.length;
    const spans = group.map(rowSpan);
    for (let i = 0; i < n; i++) {
      const a = group[i];
      const bits = bitsOf(a) | ALLIED;
      const a0 = Math.max(a.yrent, from);
      const a1 = Math.min(lastYear(a, to), to);
      if (a0 > a1) continue;
      const [as, ae] = spans[i];
      for (let j = 0; j < n; j++) {
        const b = group[j];
        if (b.member === a.member) continue;
        // The two spans must overlap (to the day where ATOP gives days): members of one phase whose
        // memberships do not meet, even within one year, were never allied with each other.
        const [bs, be] = spans[j];
        const s = as > bs ? as : bs;
        const e = ae < be ? ae : be;
        if (s > e) continue;
        const y0 = Math.max(a0, yearOf(s));
        const y1 = Math.min(a1, e === Infinity ? to : yearOf(e));
        if (y0 > y1) continue;
        const base = (a.member * 10000 + b.member) * 1024 - from;
        for (let y = y0; y <= y1; y++) {
          const k = base + y;
          cells.set(k, (cells.get(k) ?? 0) | bits);
        }
      }
    }
  }
  const keys = [...cells.keys()].sort((x, y) => x - y);
  const out = new Array<DyadYear>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const bits = cells.get(k) as number;
    const pair = Math.floor(k / 1024);
    out[i] = {
      ccode1: Math.floor(pair / 10000),
      ccode2: pair % 10000,
      year: from + (k % 1024),
      defense: bits & 1,
      offense: (bits >> 1) & 1,
      neutral: (bits >> 2) & 1,
      nonagg: (bits >> 3) & 1,
      consul: (bits >> 4) & 1,
    };
  }
  return out;
}

/** State-years: per state and year, whether any alliance row in force carries each obligation. */
export function stateYears(rows: AtopMemberRow[], from: number, to: number): StateYear[] {
  const cells = new Map<number, { bits: number; ids: Set<number> }>();
  for (const r of rows) {
    const y0 = Math.max(r.yrent, from);
    const y1 = Math.min(lastYear(r, to), to);
    const bits = bitsOf(r);
    for (let y = y0; y <= y1; y++) {
      const k = r.member * 1024 + (y - from);
      let c = cells.get(k);
      if (!c) cells.set(k, (c = { bits: 0, ids: new Set() }));
      c.bits |= bits;
      c.ids.add(r.atopid);
    }
  }
  return [...cells.keys()]
    .sort((x, y) => x - y)
    .map((k) => {
      const c = cells.get(k)!;
      const o = Object.fromEntries(
        OBLIGATION_TYPES.map((t) => [t, c.bits & BIT[t] ? 1 : 0]),
      ) as Record<ObligationType, number>;
      return {
        state: Math.floor(k / 1024),
        year: from + (k % 1024),
        atopally: 1,
        ...o,
        number: c.ids.size,
        atopids: [...c.ids].sort((a, b) => a - b),
      };
    });
}

export const DYAD_COLUMNS = [
  'ccode1',
  'ccode2',
  'year',
  'defense',
  'offense',
  'neutral',
  'nonagg',
  'consul',
] as const;
export const STATE_COLUMNS = [
  'state',
  'year',
  'atopally',
  'defense',
  'offense',
  'neutral',
  'nonagg',
  'consul',
  'number',
  'atopids',
] as const;

export function dyadYearsCsv(rows: DyadYear[]): string {
  const lines = [DYAD_COLUMNS.join(',')];
  for (const d of rows)
    lines.push(
      `${d.ccode1},${d.ccode2},${d.year},${d.defense},${d.offense},${d.neutral},${d.nonagg},${d.consul}`,
    );
  return lines.join('\n') + '\n';
}

export function stateYearsCsv(rows: StateYear[]): string {
  const lines = [STATE_COLUMNS.join(',')];
  for (const s of rows)
    lines.push(
      `${s.state},${s.year},${s.atopally},${s.defense},${s.offense},${s.neutral},${s.nonagg},${s.consul},${s.number},${s.atopids.join(';')}`,
    );
  return lines.join('\n') + '\n';
}
