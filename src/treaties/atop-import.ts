import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { badInput } from '../core/errors.js';
import { crossCheck, parseAllianceLevel, parseMemberLevel } from './atop-csv.js';
import type { AtopData } from './model.js';

export interface AtopFiles {
  member: string;
  alliance: string;
}

const MEMBER = /member[-_ ]?level|\d+m\.csv$/i;
const ALLIANCE = /alliance[-_ ]?level|\d+a\.csv$/i;

/**
 * Finds ATOP's member- and alliance-level CSV files in a folder downloaded from atopdata.org
 * (`atop5_1m.csv`/`atop5_1a.csv`, or names containing "member-level"/"alliance-level").
 */
export function findAtopFiles(dir: string): AtopFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw badInput('DIR', `${dir} is not a folder`);
  const csvs = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.csv'));
  const pick = (re: RegExp, what: string) => {
    const found = csvs.filter((f) => re.test(f));
    if (found.length !== 1)
      throw badInput(
        'DIR',
        `${dir}: expected one ATOP ${what}-level CSV file, found ${found.length ? found.join(', ') : 'none'} among ${csvs.join(', ') || 'no CSV files'}`,
      );
    return join(dir, found[0]);
  };
  return { member: pick(MEMBER, 'member'), alliance: pick(ALLIANCE, 'alliance') };
}

/** Reads and validates both files completely before anything is written. */
export function readAtopFiles(files: AtopFiles): AtopData {
  const m = basename(files.member);
  const a = basename(files.alliance);
  const members = parseMemberLevel(readFileSync(files.member, 'utf8'), m);
  const alliances = parseAllianceLevel(readFileSync(files.alliance, 'utf8'), a);
  const seen = new Map<number, number>();
  alliances.forEach((x, i) => {
    if (seen.has(x.atopid))
      throw badInput(
        `${a}:row ${i + 2}:atopid`,
        `${a} row ${i + 2}, field atopid: ${x.atopid} repeats row ${seen.get(x.atopid)}`,
      );
    seen.set(x.atopid, i + 2);
  });
  crossCheck(members, alliances, m);
  return { members, alliances };
}
