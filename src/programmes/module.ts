import { subscribeEvent } from '../bus/message-bus.js';
import { actEvent } from '../record/events.js';
import type { Deps, TahalufModule } from '../runtime/deps.js';
import { programmeCli } from './cli.js';
import { ProgrammeDesk } from './programme-desk.js';
import { programmeMigrations } from './repository.js';
import { programmeRoutes } from './routes.js';
import { verifyProgrammes } from './verify.js';
import { cyberCli } from './cyber-cli.js';
import { CyberDesk, cyberMigrations } from './cyber-desk.js';
import { CYBER_PRIVATE_PREFIX } from './cyber-model.js';
import { cyberRoutes } from './cyber-routes.js';
import { verifyCohesion } from './cohesion-reader.js';
import { cohesionRoutes } from './cohesion-routes.js';
import { ProcurementDesk, procurementMigrations } from './procurement-desk.js';
import { procurementRoutes } from './procurement-routes.js';
import { procurementCli } from './procurement-cli.js';
import { seedProgrammes } from './seed.js';

/** The council's closing acts, as the record announces them: they settle programme requests. */
const COUNCIL_CLOSED_ACTS = actEvent('record.council.procedure.closed', [
  'council.procedure.closed',
]);

const desks = new WeakMap<Deps['store'], ProgrammeDesk>();
export const programmeDesk = (deps: Deps): ProgrammeDesk => {
  let d = desks.get(deps.store);
  if (!d) desks.set(deps.store, (d = new ProgrammeDesk(deps)));
  return d;
};

/** Cooperation programmes with variable geometry (issue #17): docs/programmes.md. */
export const programmesModule: TahalufModule = {
  name: 'programmes',
  migrations: { ...programmeMigrations, ...cyberMigrations, ...procurementMigrations },
  routes(app, deps) {
    programmeRoutes(app, deps, programmeDesk(deps));
    cyberRoutes(app, new CyberDesk(deps));
    cohesionRoutes(app, deps, programmeDesk(deps));
    procurementRoutes(app, new ProcurementDesk(deps));
  },
  // Illustrative programmes of the GCC and the proposed joint Arab force (sourced where they rest on facts).
  seed: (deps) => seedProgrammes(deps, programmeDesk(deps)),
  // Which cyber incidents a member declared, and who offered help, is itself restricted.
  privateActPrefixes: [CYBER_PRIVATE_PREFIX],
  cli(program, ctx) {
    programmeCli(program, ctx);
    cyberCli(program, ctx);
    procurementCli(program, ctx);
  },
  verify: async (deps) => [
    ...(await verifyProgrammes(deps, programmeDesk(deps))),
    ...(await new CyberDesk(deps).verify()),
    ...(await verifyCohesion(deps, programmeDesk(deps))),
    ...(await new ProcurementDesk(deps).verify()),
  ],
  async start(deps) {
    // Council outcomes settle programme requests: the council's closing acts arrive as record events.
    if (deps.config.mode !== 'secretariat') return;
    const desk = programmeDesk(deps);
    const sub = await subscribeEvent(deps.bus, COUNCIL_CLOSED_ACTS, async (msg) => {
      try {
        await desk.onCouncilClosed(msg.data);
      } catch (err) {
        console.error('programmes: could not settle a request', err);
      }
    });
    // Catch up on decisions closed while the node was not running.
    await desk.settleAllDue().catch((err) => console.error('programmes: catch-up failed', err));
    return async () => sub.unsubscribe();
  },
};
