import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isValidDay } from '../core/dates.js';
import { notFound } from '../core/errors.js';
import { isRuleKind } from './decision-rules.js';
import type { Charter } from './model.js';

export const CHARTERS_FILE = fileURLToPath(
  new URL('../../data/council/charters.json', import.meta.url),
);

/** Structural checks: known rule kinds, sane fractions, real dates, a source on every rule and office. */
export function checkCharters(charters: Charter[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const frac = (f: { num: number; den: number } | undefined, where: string) => {
    if (
      f &&
      !(
        Number.isInteger(f.num) &&
        Number.isInteger(f.den) &&
        f.num > 0 &&
        f.den > 0 &&
        f.num <= f.den
      )
    )
      problems.push(`${where}: bad fraction`);
  };
  for (const c of charters) {
    const at = `charter ${c.id}`;
    if (ids.has(c.id)) problems.push(`${at}: duplicate id`);
    ids.add(c.id);
    if (!c.sources?.length) problems.push(`${at}: no source`);
    if (c.allianceId === null && !c.members?.length)
      problems.push(`${at}: no alliance and no member list`);
    if (c.members && !c.memberSources?.length) problems.push(`${at}: member list without source`);
    for (const m of c.members ?? [])
      if (!/^[A-Z]{3}$/.test(m.state) || !isValidDay(m.from))
        problems.push(`${at}: bad member ${m.state}`);
    for (const [type, d] of Object.entries(c.decisions)) {
      const w = `${at} decision ${type}`;
      // Read as plain text: data from a file may name a kind the type does not know.
      const kind: string = d.rule.kind;
      if (!isRuleKind(kind)) problems.push(`${w}: unknown rule kind '${kind}'`);
      if ('threshold' in d.rule) frac(d.rule.threshold, w);
      if ('quorum' in d.rule) frac(d.rule.quorum, w);
      if (!d.sources?.length) problems.push(`${w}: no source`);
    }
    if (c.chair) {
      if (!isValidDay(c.chair.anchor.from)) problems.push(`${at} chair: bad anchor date`);
      if (c.chair.recordedUntil !== undefined && !isValidDay(c.chair.recordedUntil))
        problems.push(`${at} chair: bad recordedUntil date`);
      if (!(c.chair.termMonths > 0)) problems.push(`${at} chair: termMonths must be positive`);
      if (!c.chair.sources?.length) problems.push(`${at} chair: no source`);
      for (const h of c.chair.held ?? []) {
        const months =
          (Number(h.termFrom.slice(0, 4)) - Number(c.chair.anchor.from.slice(0, 4))) * 12 +
          Number(h.termFrom.slice(5, 7)) -
          Number(c.chair.anchor.from.slice(5, 7));
        if (
          !isValidDay(h.termFrom) ||
          h.termFrom.slice(8) !== c.chair.anchor.from.slice(8) ||
          months < 0 ||
          months % c.chair.termMonths !== 0
        )
          problems.push(
            `${at} chair held by ${h.member}: ${h.termFrom} is not the start of a term`,
          );
        if (!/^[A-Z]{3}$/.test(h.member)) problems.push(`${at} chair held: bad member ${h.member}`);
        if (!h.sources?.length) problems.push(`${at} chair held by ${h.member}: no source`);
      }
      for (const d of c.chair.declines) {
        if (!isValidDay(d.termFrom)) problems.push(`${at} chair decline ${d.member}: bad date`);
        if (!d.sources?.length) problems.push(`${at} chair decline ${d.member}: no source`);
      }
    }
    if (c.secretaryGeneral) {
      if (!c.decisions[c.secretaryGeneral.appointedBy])
        problems.push(
          `${at}: appointment decision type '${c.secretaryGeneral.appointedBy}' missing`,
        );
      if (!c.secretaryGeneral.sources?.length) problems.push(`${at} secretary-general: no source`);
      for (const a of c.secretaryGeneral.appointments ?? []) {
        if (!isValidDay(a.from)) problems.push(`${at} secretary-general ${a.person}: bad date`);
        if (!/^[A-Z]{3}$/.test(a.nationality))
          problems.push(`${at} secretary-general ${a.person}: bad nationality`);
        if (!a.sources?.length) problems.push(`${at} secretary-general ${a.person}: no source`);
      }
    }
    if (c.collectiveDefence && !c.collectiveDefence.sources?.length)
      problems.push(`${at} collective defence: no source`);
  }
  return problems;
}

export function loadCharters(file = CHARTERS_FILE): Charter[] {
  const charters = (JSON.parse(readFileSync(file, 'utf8')) as { charters: Charter[] }).charters;
  const problems = checkCharters(charters);
  if (problems.length)
    throw new Error(`council charters in ${file} are invalid:\n- ${problems.join('\n- ')}`);
  return charters;
}

/** The charters, keyed by id. */
export class CharterBook {
  private byId: Map<string, Charter>;
  constructor(readonly all: Charter[] = loadCharters()) {
    this.byId = new Map(all.map((c) => [c.id, c]));
  }
  get(id: string): Charter | undefined {
    return this.byId.get(id);
  }
  getOrThrow(id: string): Charter {
    const c = this.byId.get(id);
    if (!c) throw notFound('charter', id);
    return c;
  }
}
