import { parseCsv } from './atop-csv.js';
import type { StateYear } from './atop-tables.js';
import { cowState } from './cow-iso.js';
import type { AtopMemberRow } from './model.js';

/** One row of ATOP 5.x's state-year file, as much as the comparison needs. */
interface PublishedStateYear {
  state: number;
  year: number;
  defense: number;
  atopids: number[];
}

export function parsePublishedStateYears(text: string): PublishedStateYear[] {
  const rows = parseCsv(text);
  const h = new Map(rows[0].map((c, i) => [c.trim(), i]));
  const idCols = rows[0]
    .map((c, i) => (/^atopid\d+$/.test(c.trim()) ? i : -1))
    .filter((i) => i >= 0);
  return rows.slice(1).map((r) => ({
    state: Number(r[h.get('state')!]),
    year: Number(r[h.get('year')!]),
    defense: Number(r[h.get('defense')!]),
    atopids: idCols
      .map((i) => r[i])
      .filter((v) => v !== '' && v !== undefined)
      .map(Number),
  }));
}

export type DisagreementCategory =
  'alliance_added_after_4_01' | 'phase_change_within_year' | 'other';

export interface Disagreement {
  state: number;
  year: number;
  ours: number;
  published: number;
  category: DisagreementCategory;
  /** ATOP ids behind the difference. */
  atopids: number[];
}

export interface StateYearComparison {
  from: number;
  to: number;
  /** State-years present in either table (a state-year absent from one counts as defense 0 there). */
  total: number;
  agree: number;
  rate: number;
  disagreements: Disagreement[];
  /** State-years only in our table whose state is outside ATOP's state list (e.g. 8152 Annam). */
  outsideStateList: number;
}

/**
 * Compares our state-year `defense` with ATOP's published state-year file over [from, to] and sorts
 * every disagreement into a category that explains it.
 */
export function compareStateYears(
  ours: StateYear[],
  published: PublishedStateYear[],
  members: AtopMemberRow[],
  from: number,
  to: number,
): StateYearComparison {
  const known401 = new Set(members.map((m) => m.atopid));
  const pub = new Map<number, PublishedStateYear>();
  const publishedStates = new Set(published.map((p) => p.state));
  for (const p of published)
    if (p.year >= from && p.year <= to) pub.set(p.state * 10000 + p.year, p);
  const mine = new Map<number, StateYear>();
  for (const s of ours) if (s.year >= from && s.year <= to) mine.set(s.state * 10000 + s.year, s);
  const rowsBy = new Map<string, AtopMemberRow[]>();
  for (const m of members)
    rowsBy.set(`${m.atopid}:${m.member}`, [...(rowsBy.get(`${m.atopid}:${m.member}`) ?? []), m]);
  const keys = new Set([...pub.keys(), ...mine.keys()]);
  let agree = 0;
  let outsideStateList = 0;
  const disagreements: Disagreement[] = [];
  for (const k of keys) {
    const state = Math.floor(k / 10000);
    const year = k % 10000;
    const p = pub.get(k);
    const o = mine.get(k);
    if (!p && !publishedStates.has(state) && cowState(state)?.historical) outsideStateList++;
    const a = o?.defense ?? 0;
    const b = p?.defense ?? 0;
    if (a === b) {
      agree++;
      continue;
    }
    const added = (p?.atopids ?? []).filter((id) => !known401.has(id));
    let category: DisagreementCategory = 'other';
    let ids: number[] = added;
    if (added.length && b === 1) category = 'alliance_added_after_4_01';
    else {
      // A phase of one alliance ends and the next begins in this year with different defence codes.
      const changing = (o?.atopids ?? []).filter((id) => {
        const rows = (rowsBy.get(`${id}:${state}`) ?? []).filter(
          (r) => r.yrent <= year && (r.yrexit === 0 || r.yrexit >= year),
        );
        return rows.length > 1 && new Set(rows.map((r) => r.defense)).size > 1;
      });
      if (changing.length) {
        category = 'phase_change_within_year';
        ids = changing;
      }
    }
    disagreements.push({ state, year, ours: a, published: b, category, atopids: ids });
  }
  disagreements.sort((x, y) => x.state - y.state || x.year - y.year);
  return {
    from,
    to,
    total: keys.size,
    agree,
    rate: keys.size ? agree / keys.size : 1,
    disagreements,
    outsideStateList,
  };
}
