import { badInput } from '../core/errors.js';
import { cowState } from './cow-iso.js';
import type { AtopAllianceRow, AtopMemberRow } from './model.js';

/** Splits CSV text into rows of fields (RFC 4180 quoting; ATOP's files use none, but tolerate it). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

export const MEMBER_CONDITION_COLUMNS = [
  'defcoadv',
  'defcoloc',
  'defcocon',
  'defconum',
  'defcodem',
  'defconpr',
  'offcoadv',
  'offcoloc',
  'offcocon',
  'offconum',
  'offcodem',
  'neucoadv',
  'neucoloc',
  'neucocon',
  'neuconum',
  'neucodem',
  'neuconpr',
  'neucoatt',
  'concoadv',
  'concoloc',
  'concocon',
  'concoreq',
] as const;

const MEMBER_REQUIRED = [
  'atopid',
  'member',
  'phase',
  'yrent',
  'moent',
  'dayent',
  'yrexit',
  'moexit',
  'dayexit',
  'defense',
  'offense',
  'neutral',
  'nonagg',
  'consul',
] as const;
const ALLIANCE_REQUIRED = [
  'atopid',
  'begyr',
  'begmo',
  'begday',
  'endyr',
  'endmo',
  'endday',
  'defense',
  'offense',
  'neutral',
  'nonagg',
  'consul',
] as const;

/** Reads one CSV file's rows as records, checking the header; errors name the file, row and field. */
class Sheet {
  readonly index: Map<string, number>;
  constructor(
    readonly file: string,
    readonly rows: string[][],
    required: readonly string[],
  ) {
    if (rows.length === 0) throw badInput(file, `${file}: empty file, expected a header row`);
    this.index = new Map(rows[0].map((h, i) => [h.trim().toLowerCase(), i]));
    const missing = required.filter((c) => !this.index.has(c));
    if (missing.length)
      throw badInput(`${file}:header`, `${file}: header lacks column(s) ${missing.join(', ')}`);
  }
  /** Row numbers are 1-based file lines (the header is line 1). */
  int(
    r: number,
    col: string,
    opts: { min?: number; max?: number; optional?: boolean } = {},
  ): number {
    const i = this.index.get(col);
    const raw = i === undefined ? '' : (this.rows[r][i] ?? '').trim();
    const where = `${this.file}:row ${r + 1}:${col}`;
    if (raw === '') {
      if (opts.optional || i === undefined) return 0;
      throw badInput(where, `${this.file} row ${r + 1}, field ${col}: empty, expected an integer`);
    }
    const n = Number(raw);
    if (!Number.isInteger(n))
      throw badInput(where, `${this.file} row ${r + 1}, field ${col}: '${raw}' is not an integer`);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max))
      throw badInput(
        where,
        `${this.file} row ${r + 1}, field ${col}: ${n} is ${rangeWords(opts.min, opts.max)}`,
      );
    return n;
  }
  nullable(r: number, col: string): number | null {
    const i = this.index.get(col);
    const raw = i === undefined ? '' : (this.rows[r][i] ?? '').trim();
    return raw === '' ? null : this.int(r, col);
  }
  checkWidth(r: number): void {
    if (this.rows[r].length !== this.rows[0].length)
      throw badInput(
        `${this.file}:row ${r + 1}`,
        `${this.file} row ${r + 1}: ${this.rows[r].length} fields, header has ${this.rows[0].length}`,
      );
  }
}

const flag = { min: 0, max: 1 };

const rangeWords = (min?: number, max?: number): string =>
  min !== undefined && max !== undefined
    ? `outside ${min}..${max}`
    : min !== undefined
      ? `below the minimum ${min}`
      : `above the maximum ${max}`;

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * A (year, month, day) triple with ATOP's 0 = unknown month/day must be a real calendar date where it is
 * known (no 30 February, no day without a month); errors name the row and the day's field.
 */
function checkDate(
  file: string,
  r: number,
  cols: [string, string, string],
  y: number,
  m: number,
  d: number,
): void {
  if (y === 0) return;
  if (m === 0 && d !== 0)
    throw badInput(
      `${file}:row ${r + 1}:${cols[2]}`,
      `${file} row ${r + 1}, field ${cols[2]}: day ${d} given without a month (${cols[1]} = 0)`,
    );
  if (m !== 0 && d > daysIn(y, m))
    throw badInput(
      `${file}:row ${r + 1}:${cols[2]}`,
      `${file} row ${r + 1}, field ${cols[2]}: ${y}-${String(m).padStart(2, '0')} has ${daysIn(y, m)} days, not ${d}`,
    );
}

/**
 * The end must not precede the start, comparing only what both dates know (a year, then the month when
 * both give it, then the day when both give it). Errors name the end's most precise conflicting field.
 */
function checkOrder(
  file: string,
  r: number,
  start: [number, number, number],
  end: [number, number, number],
  cols: [string, string, string],
  startCols: [string, string, string],
): void {
  const [y0, m0, d0] = start;
  const [y1, m1, d1] = end;
  if (y1 === 0) return;
  const at = (i: number, what: string) =>
    badInput(
      `${file}:row ${r + 1}:${cols[i]}`,
      `${file} row ${r + 1}, field ${cols[i]}: ${what} is before ${startCols[0]}/${startCols[1]}/${startCols[2]} ${y0}-${m0}-${d0}`,
    );
  if (y1 < y0) throw at(0, `${cols[0]} ${y1}`);
  if (y1 > y0 || !m0 || !m1) return;
  if (m1 < m0) throw at(1, `exit ${y1}-${m1}`);
  if (m1 > m0 || !d0 || !d1) return;
  if (d1 < d0) throw at(2, `exit ${y1}-${m1}-${d1}`);
}

/**
 * Parses and validates ATOP's member-level CSV (any version with the codebook's column names).
 * An empty month or day means unknown (ATOP leaves some blank) and reads as 0, as ATOP codes unknown.
 */
export function parseMemberLevel(text: string, file = 'member-level.csv'): AtopMemberRow[] {
  const s = new Sheet(file, parseCsv(text), MEMBER_REQUIRED);
  const out: AtopMemberRow[] = [];
  for (let r = 1; r < s.rows.length; r++) {
    s.checkWidth(r);
    const member = s.int(r, 'member', { min: 1 });
    if (!cowState(member))
      throw badInput(
        `${file}:row ${r + 1}:member`,
        `${file} row ${r + 1}, field member: unknown COW state code ${member} (add it to src/treaties/cow-iso.ts)`,
      );
    const row: AtopMemberRow = {
      atopid: s.int(r, 'atopid', { min: 1 }),
      member,
      phase: s.int(r, 'phase', { min: 0, max: 99 }),
      yrent: s.int(r, 'yrent', { min: 1800, max: 2200 }),
      moent: s.int(r, 'moent', { min: 0, max: 12, optional: true }),
      dayent: s.int(r, 'dayent', { min: 0, max: 31, optional: true }),
      yrexit: s.int(r, 'yrexit', { min: 0, max: 2200 }),
      moexit: s.int(r, 'moexit', { min: 0, max: 12, optional: true }),
      dayexit: s.int(r, 'dayexit', { min: 0, max: 31, optional: true }),
      defense: s.int(r, 'defense', flag),
      offense: s.int(r, 'offense', flag),
      neutral: s.int(r, 'neutral', flag),
      nonagg: s.int(r, 'nonagg', flag),
      consul: s.int(r, 'consul', flag),
      asymm: s.int(r, 'asymm', { min: 0, max: 9, optional: true }),
      conditions: {},
      statthr1: s.nullable(r, 'statthr1'),
      statthr2: s.nullable(r, 'statthr2'),
    };
    checkDate(file, r, ['yrent', 'moent', 'dayent'], row.yrent, row.moent, row.dayent);
    checkDate(file, r, ['yrexit', 'moexit', 'dayexit'], row.yrexit, row.moexit, row.dayexit);
    checkOrder(
      file,
      r,
      [row.yrent, row.moent, row.dayent],
      [row.yrexit, row.moexit, row.dayexit],
      ['yrexit', 'moexit', 'dayexit'],
      ['yrent', 'moent', 'dayent'],
    );
    for (const c of MEMBER_CONDITION_COLUMNS)
      if (s.index.has(c)) row.conditions[c] = s.int(r, c, { min: 0, max: 99, optional: true });
    out.push(row);
  }
  return out;
}

/** Parses and validates ATOP's alliance-level CSV. */
export function parseAllianceLevel(text: string, file = 'alliance-level.csv'): AtopAllianceRow[] {
  const s = new Sheet(file, parseCsv(text), ALLIANCE_REQUIRED);
  const out: AtopAllianceRow[] = [];
  for (let r = 1; r < s.rows.length; r++) {
    s.checkWidth(r);
    const a: AtopAllianceRow = {
      atopid: s.int(r, 'atopid', { min: 1 }),
      begyr: s.int(r, 'begyr', { min: 1800, max: 2200 }),
      begmo: s.int(r, 'begmo', { min: 0, max: 12, optional: true }),
      begday: s.int(r, 'begday', { min: 0, max: 31, optional: true }),
      endyr: s.int(r, 'endyr', { min: 0, max: 2200 }),
      endmo: s.int(r, 'endmo', { min: 0, max: 12, optional: true }),
      endday: s.int(r, 'endday', { min: 0, max: 31, optional: true }),
      ineffect: s.int(r, 'ineffect', { min: 0, max: 1, optional: true }),
      bilat: s.int(r, 'bilat', { min: 0, max: 1, optional: true }),
      asymm: s.int(r, 'asymm', { min: 0, max: 9, optional: true }),
      defense: s.int(r, 'defense', flag),
      offense: s.int(r, 'offense', flag),
      neutral: s.int(r, 'neutral', flag),
      nonagg: s.int(r, 'nonagg', flag),
      consul: s.int(r, 'consul', flag),
    };
    checkDate(file, r, ['begyr', 'begmo', 'begday'], a.begyr, a.begmo, a.begday);
    checkDate(file, r, ['endyr', 'endmo', 'endday'], a.endyr, a.endmo, a.endday);
    checkOrder(
      file,
      r,
      [a.begyr, a.begmo, a.begday],
      [a.endyr, a.endmo, a.endday],
      ['endyr', 'endmo', 'endday'],
      ['begyr', 'begmo', 'begday'],
    );
    out.push(a);
  }
  return out;
}

/** Checks across the two files: every member row's alliance exists in the alliance-level file. */
export function crossCheck(
  members: AtopMemberRow[],
  alliances: AtopAllianceRow[],
  file = 'member-level.csv',
): void {
  const ids = new Set(alliances.map((a) => a.atopid));
  members.forEach((m, i) => {
    if (!ids.has(m.atopid))
      throw badInput(
        `${file}:row ${i + 2}:atopid`,
        `${file} row ${i + 2}, field atopid: alliance ${m.atopid} is not in the alliance-level file`,
      );
  });
}
