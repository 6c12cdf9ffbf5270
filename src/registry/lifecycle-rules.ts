import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LifecycleRule } from './lifecycle-model.js';

export const LIFECYCLE_RULES_FILE = fileURLToPath(
  new URL('../../data/registry/lifecycle-rules.json', import.meta.url),
);

/** Structural checks: known entry modes, a positive notice period, a source on every rule. */
export function checkLifecycleRules(rules: LifecycleRule[], allianceIds: Set<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    const at = `rules[${i}] ${r.allianceId}`;
    if (seen.has(r.allianceId)) problems.push(`${at}: duplicate alliance`);
    seen.add(r.allianceId);
    if (!allianceIds.has(r.allianceId)) problems.push(`${at}: unknown alliance`);
    if (r.entry !== 'admission' && r.entry !== 'ratification')
      problems.push(`${at}: entry must be 'admission' or 'ratification'`);
    if (!r.sources?.length) problems.push(`${at}: no source`);
    for (const k of ['admission', 'suspension', 'readmission'] as const) {
      const d = r[k];
      if (k === 'admission' && !d) problems.push(`${at}: no admission rule`);
      if (!d) continue;
      if (!d.charterId || !d.decisionType) problems.push(`${at}.${k}: charterId and decisionType`);
      if (!d.sources?.length) problems.push(`${at}.${k}: no source`);
    }
    if (r.withdrawal) {
      if (!Number.isInteger(r.withdrawal.noticeMonths) || r.withdrawal.noticeMonths < 0)
        problems.push(`${at}.withdrawal: noticeMonths must be a whole number of months`);
      if (!r.withdrawal.sources?.length) problems.push(`${at}.withdrawal: no source`);
    }
    if (r.founding && !(r.founding.minDeposits >= 1 && r.founding.sources?.length))
      problems.push(`${at}.founding: minDeposits >= 1 and a source`);
  });
  return problems;
}

/** The alliances' life-cycle rules, checked against the seeded alliances. */
export function loadLifecycleRules(
  allianceIds: Set<string>,
  file = LIFECYCLE_RULES_FILE,
): Map<string, LifecycleRule> {
  const rules = (JSON.parse(readFileSync(file, 'utf8')) as { rules: LifecycleRule[] }).rules;
  const problems = checkLifecycleRules(rules, allianceIds);
  if (problems.length)
    throw new Error(`life-cycle rules in ${file} are invalid:\n- ${problems.join('\n- ')}`);
  return new Map(rules.map((r) => [r.allianceId, r]));
}
