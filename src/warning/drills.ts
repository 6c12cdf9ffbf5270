import { payloadFields } from '../record/act-catalogue.js';
import type { SharedDb } from '../store/database.js';
import { conflict, forbidden, notFound, refused } from '../core/errors.js';
import type { Principal } from '../runtime/auth.js';
import { requireAuthenticated } from '../runtime/auth.js';
import type { Act } from '../record/model.js';
import { DrillRepository, type Drill } from './drill-repository.js';

/**
 * Joint-exercise link: the forces module records `forces.exercise.planned` (published on the bus as
 * `record.forces.exercise.planned`); an exercise whose scenario is 'missile-warning-drill' is a warning
 * drill. The warning module records it as scheduled and, on request of the secretariat or a participant,
 * runs the mapped warning scenario with every CAP message at status Exercise.
 */

/** Forces exercise scenario → warning scenario (data/warning/scenarios.json) it runs. */
export const DRILL_SCENARIOS: Record<string, string> = {
  'missile-warning-drill': 'regional-salvo',
};

export type { Drill } from './drill-repository.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strs = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The drill a `forces.exercise.planned` act describes, or null when it is not a missile-warning drill. */
export function drillFromAct(act: Act): Omit<Drill, 'status' | 'runs'> | null {
  const p = payloadFields(act);
  const scenario = DRILL_SCENARIOS[str(p.scenario)];
  const exerciseId = str(p.exerciseId);
  if (!scenario || !exerciseId) return null;
  return {
    exerciseId,
    allianceId: str(p.allianceId),
    title: str(p.title),
    participants: strs(p.participants),
    hosts: strs(p.hosts),
    from: str(p.from),
    to: str(p.to),
    scenario,
    plannedAct: act.id,
  };
}

/** Seed of a drill run: stable per exercise and run number, so a drill can be replayed exactly. */
export function drillSeed(exerciseId: string, run: number): number {
  let h = 2166136261;
  for (const ch of `${exerciseId}#${run}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

export class DrillBook {
  private readonly repo: DrillRepository;
  constructor(db: SharedDb) {
    this.repo = new DrillRepository(db);
  }

  /** Handles a forces exercise act from the bus (planned → scheduled, cancelled → cancelled). Idempotent. */
  async onForcesAct(act: Act): Promise<Drill | null> {
    if (act.type === 'forces.exercise.planned') {
      const d = drillFromAct(act);
      if (!d) return null;
      const existing = await this.get(d.exerciseId);
      if (existing) return existing; // redelivery
      await this.repo.insertScheduled(d);
      return this.get(d.exerciseId);
    }
    if (act.type === 'forces.exercise.cancelled') {
      const id = str(payloadFields(act).exerciseId);
      if (!id || !(await this.get(id))) return null;
      await this.repo.setStatus(id, 'cancelled');
      return this.get(id);
    }
    return null;
  }

  get(exerciseId: string): Promise<Drill | null> {
    return this.repo.get(exerciseId);
  }

  /** Drills the caller may see: all for the secretariat, a member's own (as participant) otherwise. */
  async list(p: Principal): Promise<Drill[]> {
    requireAuthenticated(p);
    const all = await this.repo.all();
    return p.role === 'secretariat'
      ? all
      : all.filter((d) => !!p.member && d.participants.includes(p.member));
  }

  /** Checks that `p` may run the drill and that it can run; returns it. */
  async runnable(p: Principal, exerciseId: string): Promise<Drill> {
    requireAuthenticated(p);
    const d = await this.get(exerciseId);
    if (!d) throw notFound('missile-warning drill', exerciseId);
    if (p.role !== 'secretariat' && !(p.member && d.participants.includes(p.member))) {
      throw forbidden(
        `only the secretariat or a participant of exercise ${exerciseId} (${d.participants.join(', ')}) may run its drill`,
      ).withDetail({ exercise: exerciseId }, 'drill_participants_only');
    }
    if (d.status === 'cancelled')
      throw refused(
        'drill_cancelled',
        `exercise ${exerciseId} was cancelled`,
        'exerciseId',
      ).withDetail({ exercise: exerciseId });
    return d;
  }

  async recordRun(exerciseId: string, run: Drill['runs'][number]) {
    const d = await this.get(exerciseId);
    if (!d)
      throw conflict('drill_missing', `drill ${exerciseId} disappeared`, 'exerciseId').withDetail({
        exercise: exerciseId,
      });
    await this.repo.setRuns(exerciseId, [...d.runs, run]);
  }
}
