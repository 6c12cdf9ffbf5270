import type { Deps, TahalufModule } from '../runtime/deps.js';
import { warningCli } from './cli.js';
import { warningMigrations } from './repository.js';
import { warningRoutes } from './routes.js';
import { WarningService } from './warning-service.js';

// One service per node (keyed by its store): routes and background work share it.
const services = new WeakMap<object, WarningService>();
export function warningService(deps: Deps): WarningService {
  let s = services.get(deps.store);
  if (!s) services.set(deps.store, (s = new WarningService(deps)));
  return s;
}

/** Regional ballistic-missile early warning: fuse sensor reports, estimate threatened areas, warn civil defences (CAP 1.2). */
export const warningModule: TahalufModule = {
  name: 'warning',
  migrations: warningMigrations,
  routes: (app, deps) => warningRoutes(app, deps, warningService(deps)),
  async start(deps) {
    const svc = warningService(deps);
    // Member nodes publish their sensors' reports on warning.report.<member>.
    const sub = await deps.bus.subscribe('warning.report.>', (msg) => {
      const list = Array.isArray(msg.data) ? msg.data : [msg.data];
      for (const r of list) svc.ingest(r);
    });
    return async () => {
      await sub.unsubscribe();
      svc.stop();
      await svc.settled();
    };
  },
  cli: (program) => warningCli(program),
};
