import type { Deps } from '../runtime/deps.js';
import type { IntelReadPort, ReleaseLabel } from '../runtime/ports.js';
import { EVERYONE } from './labels.js';
import { releasableSet } from './releasability.js';
import { IntelRepository } from './repository.js';

/** The intelligence module's read port (runtime/ports.ts): labels only, never objects. */
export function intelReadPort(deps: Deps): IntelReadPort {
  return {
    async labels() {
      const out = new Map<string, ReleaseLabel>();
      // A fresh repository each time: no cache, so a label committed a moment ago is read too.
      for (const [id, row] of await new IntelRepository(deps.store).labels())
        out.set(id, { originator: row.label.originator, releasableTo: row.label.releasableTo });
      return out;
    },
    releasedTo(label, day) {
      if (label.releasableTo.includes(EVERYONE)) return 'everyone';
      return releasableSet(label, day, (name, d) => deps.registry.resolveCommunity(name, d));
    },
  };
}
