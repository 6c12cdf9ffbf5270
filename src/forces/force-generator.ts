import { dayOf } from '../core/dates.js';
import { notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { SECRETARIAT } from '../record/model.js';
import type { Deps } from '../runtime/deps.js';
import { generateForce, type ForceGenerationResult, type PooledUnit } from './force-generation.js';
import {
  UNIT_TYPES,
  type CostFormula,
  type Pledge,
  type Requirement,
  type UnitType,
} from './model.js';
import { checkActiveMember } from './pledge-rules.js';
import { ForcesRepository } from './repository.js';
import { parseCostFormula, parseRequirementInput } from './requirement-rules.js';

export const poolOf = (pledges: Pledge[]): PooledUnit[] =>
  pledges
    .filter((p) => p.status !== 'withdrawn')
    .flatMap((p) =>
      p.units.map((unit) => ({
        pledgeId: p.id,
        member: p.member,
        availableFrom: p.availableFrom,
        availableTo: p.availableTo,
        unit,
      })),
    );

/** Pledged personnel per capability (active pledges). */
export function pledgedByCapability(pledges: Pledge[]): Record<UnitType, number> {
  const out = Object.fromEntries(UNIT_TYPES.map((t) => [t, 0])) as Record<UnitType, number>;
  for (const pu of poolOf(pledges)) out[pu.unit.type] += pu.unit.size;
  return out;
}

/** States requirements, sets cost formulas, and runs force generation against the current pledges. */
export class ForceGenerator {
  constructor(private deps: Deps) {}

  private today(): string {
    return dayOf(this.deps.clock.now());
  }

  /** `actor`: SECRETARIAT (for the council) or an active member. */
  async state(actor: string, body: unknown, opts: { id?: string } = {}): Promise<Requirement> {
    const input = parseRequirementInput(body, this.deps.registry);
    if (actor !== SECRETARIAT)
      checkActiveMember(this.deps.registry, input.allianceId, actor, this.today());
    return this.deps.record.transact(async (tx) => {
      const id = opts.id ?? newId('req');
      const repo = ForcesRepository.on(tx.db);
      if (await repo.requirement(id)) return (await repo.requirement(id))!;
      const act = await tx.append({
        actor,
        type: 'forces.requirement.stated',
        subject: id,
        payload: { requirementId: id, ...input },
      });
      const req: Requirement = { ...input, id, statedBy: actor, actId: act.id, at: act.at };
      await repo.saveRequirement(req);
      return req;
    });
  }

  async setCostFormula(allianceId: string, body: unknown): Promise<CostFormula> {
    this.deps.registry.allianceOrThrow(allianceId);
    const formula = parseCostFormula(body, allianceId);
    return this.deps.record.transact(async (tx) => {
      const act = await tx.append({
        actor: SECRETARIAT,
        type: 'forces.cost_formula.set',
        subject: allianceId,
        payload: formula,
      });
      await ForcesRepository.on(tx.db).saveCostFormula(formula, act.id);
      return formula;
    });
  }

  /** Matches the alliance's current pledges to a stated requirement. */
  async generate(
    requirementId: string,
  ): Promise<{ requirement: Requirement; result: ForceGenerationResult }> {
    const repo = ForcesRepository.on(this.deps.store.db);
    const requirement = await repo.requirement(requirementId);
    if (!requirement) throw notFound('requirement', requirementId);
    const pledges = await repo.pledgesCached({ allianceId: requirement.allianceId });
    const result = generateForce(
      requirement,
      poolOf(pledges),
      {
        task: requirement.task,
        area: requirement.area,
        mandates: requirement.mandates,
        hostConsent: requirement.hostConsent,
        activeMembers: this.deps.registry.resolveCommunity(
          requirement.allianceId,
          requirement.startDate,
        ),
      },
      { costFormula: await repo.costFormula(requirement.allianceId) },
    );
    return { requirement, result };
  }
}
