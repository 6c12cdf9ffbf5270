import './acts.js';
import { holdsMemberKeys } from '../core/config.js';
import type { Deps, TahalufModule } from '../runtime/deps.js';
import { councilAllianceActs } from './alliance-acts.js';
import { CouncilService } from './council-service.js';
import { councilCli } from './cli.js';
import { councilMigrations, councilProceduresPort } from './repository.js';
import { seedReplays } from './replays.js';
import { councilRoutes } from './routes.js';
import { verifyCouncil } from './verify.js';
import { councilNotices } from './notices.js';

/** One service per node (keyed by its Deps) so routes, the deadline sweeper and verify share charters. */
const services = new WeakMap<Deps['store'], CouncilService>();
export const councilService = (deps: Deps): CouncilService => {
  let s = services.get(deps.store);
  if (!s) services.set(deps.store, (s = new CouncilService(deps)));
  return s;
};

const SWEEP_MS = 2000;

export const councilModule: TahalufModule = {
  name: 'council',
  migrations: councilMigrations,
  routes: (app, deps) => councilRoutes(app, deps, councilService(deps)),
  // Replays sign acts for many members and the secretariat: only a secretariat node holds those keys.
  seed: async (deps) => (holdsMemberKeys(deps.config) ? seedReplays(deps) : undefined),
  async start(deps) {
    if (deps.config.mode !== 'secretariat') return;
    // Closes decisions at their deadline (as the secretariat), so outcomes are recorded without a caller.
    const svc = councilService(deps);
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      svc
        .closeDue()
        .catch((e) => console.error('[council] deadline sweep failed:', e))
        .finally(() => (running = false));
    }, SWEEP_MS);
    timer.unref();
    return async () => clearInterval(timer);
  },
  allianceActs: (deps) => councilAllianceActs(councilService(deps)),
  // The notification stream (warning/notification-routes.ts) reads procedures opened through this port.
  provides: (deps) => ({
    councilNotices: councilNotices(deps, councilService(deps)),
    councilProcedures: councilProceduresPort(deps.store),
  }),
  cli: councilCli,
  verify: (deps) => verifyCouncil(deps, councilService(deps)),
};
