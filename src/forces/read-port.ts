import { isActOf } from '../record/act-catalogue.js';
import type { Act } from '../record/model.js';
import type { DataExchange, DataUnit, ForcesReadPort } from '../runtime/ports.js';
import type { Deps } from '../runtime/deps.js';
import type { Catalogue } from './catalogue.js';
import { ForceGenerator } from './force-generator.js';
import { matrixUnits } from './forces-board.js';
import { dataLinked, type MatrixUnit } from './interoperability.js';
import type { InteropFinding, Unit } from './model.js';
import { ForcesRepository } from './repository.js';

const endOf = (day: string) => `${day}T23:59:59.999Z`;

interface FoldedPledge {
  allianceId: string;
  member: string;
  availableFrom: string;
  availableTo: string | null;
  units: Unit[];
  withdrawn: boolean;
}

/**
 * Pledged units of an alliance available on `day`, folded from pledge acts up to the end of that day
 * (raised, amended, withdrawn; acts already as the member they depict), with the exercise findings of
 * the alliance's after-action reports recorded by then.
 */
export function unitsAndFindingsOn(
  allianceId: string,
  day: string,
  acts: readonly Act[],
): { units: MatrixUnit[]; findings: InteropFinding[] } {
  const end = endOf(day);
  const pledges = new Map<string, FoldedPledge>();
  const exerciseAlliance = new Map<string, string>();
  const findings: InteropFinding[] = [];
  for (const a of acts) {
    if (a.at > end) continue;
    if (isActOf(a, 'forces.pledge.raised')) {
      const p = a.payload;
      if (p.pledgeId && p.allianceId)
        pledges.set(p.pledgeId, {
          allianceId: p.allianceId,
          member: a.actor,
          availableFrom: p.availableFrom ?? '',
          availableTo: p.availableTo ?? null,
          units: p.units ?? [],
          withdrawn: false,
        });
    } else if (isActOf(a, 'forces.pledge.amended')) {
      const p = a.payload;
      const prev = pledges.get(p.pledgeId);
      if (prev)
        pledges.set(p.pledgeId, {
          ...prev,
          availableFrom: p.availableFrom ?? prev.availableFrom,
          availableTo: p.availableTo ?? null,
          units: p.units ?? prev.units,
        });
    } else if (isActOf(a, 'forces.pledge.withdrawn')) {
      const prev = pledges.get(a.payload.pledgeId);
      if (prev) prev.withdrawn = true;
    } else if (isActOf(a, 'forces.exercise.planned')) {
      const p = a.payload;
      if (p.exerciseId && p.allianceId) exerciseAlliance.set(p.exerciseId, p.allianceId);
    } else if (
      isActOf(a, 'forces.exercise.aar_recorded') &&
      a.payload.exerciseId &&
      exerciseAlliance.get(a.payload.exerciseId) === allianceId
    )
      findings.push(...(a.payload.findings ?? []));
  }
  const units: MatrixUnit[] = [];
  for (const [id, p] of [...pledges].sort(([x], [y]) => x.localeCompare(y)))
    if (
      p.allianceId === allianceId &&
      !p.withdrawn &&
      p.availableFrom <= day &&
      (p.availableTo === null || p.availableTo >= day)
    )
      for (const u of p.units)
        units.push({
          key: `${id}/${u.id}`,
          label: `${p.member} ${u.name}`,
          member: p.member,
          families: u.equipment.map((e) => e.family),
        });
  return { units, findings };
}

/** Pairs of the units that can exchange data (a common data link, findings applied), out of all pairs. */
export function dataExchangeOf(
  units: MatrixUnit[],
  cat: Catalogue,
  findings: InteropFinding[],
): DataExchange {
  let connected = 0;
  // Units with the same equipment connect alike: cache per pair of family lists.
  const memo = new Map<string, boolean>();
  for (let i = 0; i < units.length; i++)
    for (let j = i + 1; j < units.length; j++) {
      const ka = units[i].families.join(','),
        kb = units[j].families.join(',');
      const k = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
      let linked = memo.get(k);
      if (linked === undefined)
        memo.set(k, (linked = dataLinked(cat, units[i].families, units[j].families, findings)));
      if (linked) connected++;
    }
  const n = units.length;
  return { units: n, pairs: n < 2 ? 0 : (n * (n - 1)) / 2, connected };
}

/** The data-link standards a unit's equipment implements. */
const dataLinksOf = (cat: Catalogue, families: string[]): string[] =>
  [...new Set(families.flatMap((f) => cat.standardsOf(f, 'data_link')))].sort();

/** The forces module's read port (runtime/ports.ts). */
export function forcesReadPort(deps: Deps, cat: Catalogue): ForcesReadPort {
  return {
    actPrefixes: ['forces.pledge.', 'forces.exercise.planned', 'forces.exercise.aar_recorded'],
    dataExchangeOn(allianceId, day, acts) {
      const { units, findings } = unitsAndFindingsOn(allianceId, day, acts);
      return dataExchangeOf(units, cat, findings);
    },
    async currentUnits(allianceId) {
      deps.registry.allianceOrThrow(allianceId);
      const repo = ForcesRepository.on(deps.store.db);
      const units: DataUnit[] = matrixUnits(await repo.pledgesCached({ allianceId })).map((u) => ({
        key: u.key,
        member: u.member,
        dataLinks: dataLinksOf(cat, u.families),
      }));
      const reqs = await repo.requirements(allianceId);
      const shortfalls = reqs[0]
        ? (await new ForceGenerator(deps).generate(reqs[0].id)).result.byCapability
            .filter((c) => c.short > 0)
            .map((c) => ({ capability: c.capability, short: c.short }))
        : [];
      const dataStandards = [...cat.standards.values()]
        .filter((s) => s.kind === 'data_link')
        .map((s) => ({ id: s.id, name: s.name }));
      return { units, shortfalls, dataStandards };
    },
  };
}
