import { atopBlocs, treatyBlocs } from '/work/wt-facts/src/treaties/blocs.js';
import { ObligationEngine } from '/work/wt-facts/src/treaties/obligation-engine.js';
import { loadTreaties } from '/work/wt-facts/src/treaties/treaty-data.js';
import { atop401, seededRegistry } from '/work/wt-facts/src/treaties/testing.js';
const registry = seededRegistry();
const treaties = loadTreaties();
const claimed = new Set(treaties.map((t) => t.atopId).filter((x): x is number => x !== null));
const engine = new ObligationEngine([...treatyBlocs(treaties, registry), ...atopBlocs(atop401().members, atop401().alliances, claimed)], registry);
const cases = process.argv.slice(2).length ? process.argv.slice(2) : ['QAT@2025-09-09','SAU@2025-09-18','PAK@2025-09-18','IRQ@1958-01-01','IRQ@1960-01-01','SYR@2012-06-01','SYR@2024-01-01','EGY@1980-01-01','QAT@1960-01-01'];
for (const c of cases) {
  const [s, d] = c.split('@');
  const a = engine.attacked(s, d);
  console.log(`=== ${s} ${d}`);
  const groups = new Map<string, string[]>();
  for (const o of a.bound) { const k = `${o.allianceId} ${o.obligation} ${o.article ?? ''}${o.suspended ? ' SUSP' : ''} cond=${o.conditions.map(c=>c.kind).join(',')}`; groups.set(k, [...(groups.get(k) ?? []), o.state]); }
  for (const [k, v] of groups) console.log('  ', k, v.length, v.join(' '));
  for (const n of a.notBinding) console.log('   NOT', n.allianceId, n.reason.slice(0, 120));
}
