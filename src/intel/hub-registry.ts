import type { Deps } from '../runtime/deps.js';
import { IntelHub } from './intel-hub.js';

const hubs = new WeakMap<object, IntelHub>();

/** One hub per node (keyed by its store), shared by routes, CLI, federation and the scheduler. */
export function hubFor(
  deps: Pick<Deps, 'store' | 'clock' | 'record' | 'registry' | 'config' | 'keyring'>,
): IntelHub {
  let hub = hubs.get(deps.store);
  if (!hub) hubs.set(deps.store, (hub = new IntelHub(deps)));
  return hub;
}
