import { TASKS, type Area, type CaveatCode, type Task } from './model.js';

/** What a caveat is checked against: the task, where, under which mandate, with whose consent. */
export interface TaskingContext {
  task: Task;
  area: Area;
  mandates: string[];
  hostConsent: string[];
  /** Active members of the alliance on the start date ("the region" of `in_region_only`). */
  activeMembers: ReadonlySet<string>;
}

/** True when `caveat` of a unit of `member` forbids the tasking. Pure; one rule per caveat code. */
export function caveatBlocks(caveat: CaveatCode, member: string, ctx: TaskingContext): boolean {
  const task = TASKS[ctx.task];
  switch (caveat) {
    case 'in_region_only':
      return ctx.area.states.some((s) => !ctx.activeMembers.has(s));
    case 'home_territory_only':
      return ctx.area.states.length === 0 || ctx.area.states.some((s) => s !== member);
    case 'defensive_only':
      return task.combat && !task.defensive;
    case 'no_offensive_ops':
      return task.mayBeOffensive;
    case 'non_combat_only':
      return task.combat;
    case 'un_mandate_required':
      return !ctx.mandates.includes('un');
    case 'host_consent_required':
      return ctx.area.states.some((s) => s !== member && !ctx.hostConsent.includes(s));
    case 'national_command_only':
      return false;
  }
}

/** The first caveat (in the unit's order) that forbids the tasking, or null. */
export function blockingCaveat(
  caveats: readonly CaveatCode[],
  member: string,
  ctx: TaskingContext,
): CaveatCode | null {
  for (const c of caveats) if (caveatBlocks(c, member, ctx)) return c;
  return null;
}
