import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isValidDay } from '../core/dates.js';
import { OBLIGATION_TYPES, type Treaty } from './model.js';

/** data/treaties/provisions.json, relative to the package root (src/ or dist/). */
export const PROVISIONS_FILE = join(
  fileURLToPath(new URL('../../', import.meta.url)),
  'data',
  'treaties',
  'provisions.json',
);

const KINDS = [
  'adversary',
  'location',
  'conflict_type',
  'attackers',
  'demand',
  'non_provocation',
  'decision',
];

/** Structural checks every hand-coded treaty passes: real dates, known obligation types, a source per clause. */
export function checkTreaties(treaties: Treaty[]): string[] {
  const problems: string[] = [];
  const day = (v: string | null | undefined, where: string) => {
    if (v != null && !isValidDay(v)) problems.push(`${where}: '${v}' is not a date YYYY-MM-DD`);
  };
  const ids = new Set<string>();
  treaties.forEach((t, i) => {
    const w = `treaties[${i}] ${t.allianceId}`;
    if (ids.has(t.allianceId)) problems.push(`${w}: duplicate allianceId`);
    ids.add(t.allianceId);
    day(t.signed, `${w}.signed`);
    day(t.inForce, `${w}.inForce`);
    day(t.ended, `${w}.ended`);
    if (!t.sources?.length) problems.push(`${w}: no source`);
    if (!t.suspension?.explanation || !['persist', 'lapse'].includes(t.suspension.effect))
      problems.push(`${w}: suspension rule missing`);
    if (
      !t.instrument ||
      !['treaty', 'charter', 'executive_act', 'declaration', 'proposal', 'arrangement'].includes(
        t.instrument.type,
      ) ||
      !['binding', 'revocable', 'political', 'none', 'unknown'].includes(t.instrument.strength)
    )
      problems.push(`${w}: instrument (type and strength) missing or unknown`);
    if (t.priority && !t.priority.sources?.length) problems.push(`${w}.priority: no source`);
    if (t.status === 'proposed' && t.provisions.length)
      problems.push(`${w}: a proposal carries no binding provision`);
    t.provisions.forEach((p, j) => {
      const pw = `${w}.provisions[${j}]`;
      if (!OBLIGATION_TYPES.includes(p.obligation))
        problems.push(`${pw}: unknown obligation '${p.obligation}'`);
      if (!p.sources?.length) problems.push(`${pw}: no source`);
      day(p.from, `${pw}.from`);
      day(p.to, `${pw}.to`);
      for (const c of p.conditions)
        if (!KINDS.includes(c.kind)) problems.push(`${pw}: unknown condition kind '${c.kind}'`);
    });
  });
  return problems;
}

export function loadTreaties(file = PROVISIONS_FILE): Treaty[] {
  const treaties = JSON.parse(readFileSync(file, 'utf8')) as Treaty[];
  const problems = checkTreaties(treaties);
  if (problems.length) throw new Error(`${file} is invalid:\n- ${problems.join('\n- ')}`);
  return treaties;
}
