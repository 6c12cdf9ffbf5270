import type { TahalufModule } from '../runtime/deps.js';
import { treatiesCli } from './cli.js';
import { treatiesMigrations } from './repository.js';
import { treatiesRoutes } from './routes.js';
import { treatiesService } from './treaties-service.js';
import { verifyAtopImport } from './verify-import.js';

/** Treaty obligations: hand-coded treaties of the seeds, imported ATOP data, the obligation engine. */
export const treatiesModule: TahalufModule = {
  name: 'treaties',
  migrations: treatiesMigrations,
  routes: (app, deps) => treatiesRoutes(app, deps),
  async seed(deps) {
    // Loads and checks data/treaties/provisions.json and builds the engine at start (fails fast on bad data).
    await treatiesService(deps);
  },
  cli: treatiesCli,
  verify: verifyAtopImport,
};
