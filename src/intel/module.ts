import type { Deps, TahalufModule } from '../runtime/deps.js';
import { consoleRoutes } from './console-routes.js';
import { intelCli } from './cli.js';
import { hubFor } from './hub-registry.js';
import { intelMigrations } from './migrations.js';
import { analystMigrations } from './analyst/migrations.js';
import { analystRoutes } from './analyst/routes.js';
import { mispRoutes } from './misp/routes.js';
import { startFederation } from './federation.js';
import { registerTaxii } from './taxii/routes.js';
import { verifyIntel } from './verify.js';
import { intelReadPort } from './read-port.js';
import { intelNotices } from './notices.js';

export interface IntelModuleOptions {
  /** TAXII max_content_length in bytes (default: the node's body limit). */
  maxContentLength?: number;
  /** Federation scheduler tick in ms (default 30 s); 0 disables the scheduler. */
  federationTickMs?: number;
  /**
   * Refuse objects of another originator that arrive unsigned or signed by a key this node does not know
   * (#19.3; default: stored and shown as not verified). Also `TAHALUF_INTEL_REQUIRE_SIGNATURES=1`.
   */
  requireSignatures?: boolean;
}

/** Intelligence sharing: STIX 2.1 store, releasability, TAXII 2.1 server, federation, audit. */
export function createIntelModule(opts: IntelModuleOptions = {}): TahalufModule {
  return {
    name: 'intel',
    migrations: { ...intelMigrations, ...analystMigrations },
    // Which objects were shared, to whom, is itself restricted: /api/record shows these acts only to the acting member and the secretariat.
    privateActPrefixes: ['intel.'],
    async routes(app, deps: Deps) {
      const hub = hubFor(deps);
      hub.requireSignatures =
        opts.requireSignatures ?? process.env.TAHALUF_INTEL_REQUIRE_SIGNATURES === '1';
      await registerTaxii(app, deps, hub, {
        maxContentLength: opts.maxContentLength ?? deps.config.bodyLimit,
      });
      consoleRoutes(app, deps);
      analystRoutes(app, deps);
      mispRoutes(app, deps);
    },
    cli: intelCli,
    verify: verifyIntel,
    // Other modules read which members a shared object was released to (labels only) through this port.
    provides: (deps) => ({ intel: intelReadPort(deps), intelNotices: intelNotices(deps) }),
    async start(deps) {
      const tick = opts.federationTickMs ?? 30_000;
      if (!tick) return;
      return startFederation(deps, tick);
    },
  };
}

export const intelModule: TahalufModule = createIntelModule();
