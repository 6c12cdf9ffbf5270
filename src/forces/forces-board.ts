import { badInput } from '../core/errors.js';
import type { Deps } from '../runtime/deps.js';
import type { Catalogue } from './catalogue.js';
import type { ForceGenerationResult } from './force-generation.js';
import { ForceGenerator, pledgedByCapability, poolOf } from './force-generator.js';
import { interopMatrix, type InteropMatrix, type MatrixUnit } from './interoperability.js';
import {
  UNIT_TYPES,
  type Headquarters,
  type Pledge,
  type Requirement,
  type UnitType,
} from './model.js';
import { ForcesRepository } from './repository.js';

export interface BoardCapability {
  capability: UnitType;
  pledged: number;
  required: number;
  covered: number;
  short: number;
}

export interface ForcesBoard {
  allianceId: string;
  headquarters: Headquarters | null;
  pledges: {
    id: string;
    member: string;
    status: string;
    version: number;
    troops: number;
    units: number;
    illustrative: boolean;
    sourced: boolean;
  }[];
  capabilities: BoardCapability[];
  requirement: Requirement | null;
  generation: ForceGenerationResult | null;
  bases: {
    member: string;
    pledgeId: string;
    unitId: string;
    unit: string;
    type: UnitType;
    size: number;
    name: string;
    lon: number;
    lat: number;
  }[];
  interop: {
    units: number;
    dataIslands: number;
    gaps: { data: number; ammunition: number; fuel: number };
  };
}

export const MATRIX_LIMIT = 250;

export function matrixUnits(
  pledges: Pledge[],
  filter: { member?: string; capability?: string } = {},
): MatrixUnit[] {
  return poolOf(pledges)
    .filter(
      (pu) =>
        (!filter.member || pu.member === filter.member) &&
        (!filter.capability || pu.unit.type === filter.capability),
    )
    .map((pu) => ({
      key: `${pu.pledgeId}/${pu.unit.id}`,
      label: `${pu.member} ${pu.unit.name}`,
      member: pu.member,
      families: pu.unit.equipment.map((e) => e.family),
    }));
}

/** The per-alliance picture the console and `tahaluf forces report` show. */
export async function forcesBoard(
  deps: Deps,
  catalogue: Catalogue,
  allianceId: string,
  requirementId?: string,
): Promise<ForcesBoard> {
  deps.registry.allianceOrThrow(allianceId);
  const repo = ForcesRepository.on(deps.store.db);
  const pledges = await repo.pledgesCached({ allianceId });
  const reqs = await repo.requirements(allianceId);
  const requirement = requirementId
    ? (reqs.find((r) => r.id === requirementId) ?? null)
    : (reqs[0] ?? null);
  if (requirementId && !requirement)
    throw badInput(
      'query/requirement',
      `query/requirement: no requirement '${requirementId}' for ${allianceId}`,
    );
  const generation = requirement
    ? (await new ForceGenerator(deps).generate(requirement.id)).result
    : null;
  const pledged = pledgedByCapability(pledges);
  const capabilities = UNIT_TYPES.map((capability) => {
    const g = generation?.byCapability.find((c) => c.capability === capability);
    return {
      capability,
      pledged: pledged[capability],
      required: g?.required ?? 0,
      covered: g?.covered ?? 0,
      short: g?.short ?? 0,
    };
  });
  const units = matrixUnits(pledges);
  const m =
    units.length <= MATRIX_LIMIT
      ? interopMatrix(units, catalogue, await repo.findings(allianceId))
      : null;
  return {
    allianceId,
    headquarters: (await repo.headquarters(allianceId)) ?? null,
    pledges: pledges.map((p) => ({
      id: p.id,
      member: p.member,
      status: p.status,
      version: p.version,
      troops: p.units.reduce((s, u) => s + u.size, 0),
      units: p.units.length,
      illustrative: p.illustrative,
      sourced: !p.illustrative && p.sources.length > 0,
    })),
    capabilities,
    requirement,
    generation,
    bases: poolOf(pledges).map((pu) => ({
      member: pu.member,
      pledgeId: pu.pledgeId,
      unitId: pu.unit.id,
      unit: pu.unit.name,
      type: pu.unit.type,
      size: pu.unit.size,
      ...pu.unit.homeBase,
    })),
    interop: {
      units: units.length,
      dataIslands: m?.dataIslands.length ?? -1,
      gaps: {
        data: m?.gaps.filter((g) => g.channel === 'data').length ?? -1,
        ammunition: m?.gaps.filter((g) => g.channel === 'ammunition').length ?? -1,
        fuel: m?.gaps.filter((g) => g.channel === 'fuel').length ?? -1,
      },
    },
  };
}

/** The interoperability matrix of an alliance's pledged units (optionally one member's or one capability's). */
export async function allianceMatrix(
  deps: Deps,
  catalogue: Catalogue,
  allianceId: string,
  filter: { member?: string; capability?: string; units?: string[] } = {},
): Promise<InteropMatrix> {
  deps.registry.allianceOrThrow(allianceId);
  const repo = ForcesRepository.on(deps.store.db);
  let units = matrixUnits(await repo.pledgesCached({ allianceId }), filter);
  if (filter.units) {
    const known = new Set(units.map((u) => u.key));
    filter.units.forEach((k, i) => {
      if (!known.has(k))
        throw badInput(
          'query/units',
          `query/units: item ${i + 1} '${k}' is not an active pledged unit of ${allianceId}`,
        );
    });
    const wanted = new Set(filter.units);
    units = units.filter((u) => wanted.has(u.key));
  }
  if (units.length > MATRIX_LIMIT)
    throw badInput(
      'query/alliance',
      `${units.length} units: narrow the matrix with query/member or query/capability (at most ${MATRIX_LIMIT})`,
    );
  return interopMatrix(units, catalogue, await repo.findings(allianceId));
}
