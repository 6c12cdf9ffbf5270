import { subscribeEvent } from '../bus/message-bus.js';
import { actEvent } from '../record/events.js';
import type { Deps, TahalufModule } from '../runtime/deps.js';
import { warningCli } from './cli.js';
import { warningMigrations } from './repository.js';
import { capLanguagesMigrations } from './cap-languages.js';
import { DrillBook } from './drills.js';
import { drillMigrations } from './drill-repository.js';
import { warningRoutes } from './routes.js';
import { WarningService } from './warning-service.js';
import {
  allianceSummaryMigrations,
  applyCapSummary,
  CAP_SUMMARY_TYPE,
  verifyCapSummaries,
} from './alliance-summary.js';

/** The forces module's exercise acts, as the record announces them (joint-exercise link to drills). */
const FORCES_EXERCISE_ACTS = actEvent('record.forces.exercise.*', [
  'forces.exercise.planned',
  'forces.exercise.consented',
  'forces.exercise.cancelled',
  'forces.exercise.aar_recorded',
]);

/**
 * One service per node: routes and background work share it. Keyed by the node's record log, which each
 * node opens for itself (the node object and the deps its modules get share it); not by the store, which
 * two nodes of one process may share (a restart on the same database: the second node got the first's
 * service, with its closed bus and stopped CAP relay).
 */
const services = new WeakMap<Deps['record'], WarningService>();
export function warningService(deps: Deps): WarningService {
  let s = services.get(deps.record);
  if (!s) services.set(deps.record, (s = new WarningService(deps)));
  return s;
}

/** Regional ballistic-missile early warning: fuse sensor reports, estimate threatened areas, warn civil defences (CAP 1.2). */
export const warningModule: TahalufModule = {
  name: 'warning',
  migrations: {
    ...warningMigrations,
    ...drillMigrations,
    ...allianceSummaryMigrations,
    ...capLanguagesMigrations,
  },
  routes: (app, deps) => warningRoutes(app, deps, warningService(deps)),
  // CAP messages stored but not yet on the bus (#16.5): civil defence got them, the bus not yet.
  relays: (deps) => ({ 'warning.cap': warningService(deps).capRelay.status() }),
  async start(deps) {
    const svc = warningService(deps);
    // Each member's CAP languages, read once: a CAP message is built as the threat is estimated.
    await svc.capLanguages.load();
    // CAP messages a previous run stored but never got onto the bus (it was away) go out first.
    await svc.capRelay.resume();
    // Member nodes publish their sensors' reports on warning.report.<member>: the same sender rule as
    // HTTP (own sensors only, members of the sensor network only; refusals are counted as rejected).
    const sub = await deps.bus.subscribe('warning.report.>', (msg) => {
      const list = Array.isArray(msg.data) ? msg.data : [msg.data];
      const member = msg.subject.slice('warning.report.'.length);
      for (const r of list) svc.ingestFrom(member, r);
    });
    // Joint-exercise link: the forces module's exercise acts (planned, cancelled); missile-warning drills
    // are recorded as scheduled here and run on request (POST /api/warning/drills/:exerciseId/run).
    const drills = new DrillBook(deps.store.db);
    const forces = await subscribeEvent(deps.bus, FORCES_EXERCISE_ACTS, async (msg) => {
      try {
        await drills.onForcesAct(msg.data);
      } catch (err) {
        console.error('warning: could not record a drill', err);
      }
    });
    // Catch up on exercises planned (or cancelled) while this node was not running: replay the record.
    try {
      for (let after = 0; ;) {
        const acts = await deps.record.list({
          typePrefix: 'forces.exercise.',
          afterSeq: after,
          limit: 1000,
        });
        for (const act of acts) await drills.onForcesAct(act);
        if (acts.length < 1000) break;
        after = acts[acts.length - 1].seq;
      }
    } catch (err) {
      console.error('warning: could not catch up on drills', err);
    }
    return async () => {
      await forces.unsubscribe();
      await sub.unsubscribe();
      svc.stop();
      await svc.settled();
    };
  },
  // On a federated node a summary of every live CAP message issued travels on the alliance log and is
  // applied by every node (alliance-summary.ts; docs/federation.md).
  allianceActs: (deps) => {
    const members = warningService(deps).network.members;
    return { [CAP_SUMMARY_TYPE]: (tx, act) => applyCapSummary(tx, act, members) };
  },
  verify: async (deps) => (deps.alliance ? verifyCapSummaries(deps.store.db, deps.alliance) : []),
  cli: (program) => warningCli(program),
};
