import type { BusEvent } from '../bus/message-bus.js';
import { isPlainObject } from '../core/objects.js';
import { isActOfAny, type ActOf, type CataloguedActType } from './act-catalogue.js';
import type { Act } from './model.js';

/**
 * The record's events on the bus: every committed act is announced on `record.<type>` (`actSubject`),
 * its data the act itself. Other modules hear of acts they do not own through these (the warning of
 * the forces' exercise acts, the programmes of the council's closing acts), typed by the act catalogue
 * (src/record/act-catalogue.ts) so the payload's type is the one the recording module declared.
 */

/** True when `data` has the shape of an act (its fields typed; the payload is checked by the catalogue). */
export function isAct(data: unknown): data is Act {
  if (!isPlainObject(data)) return false;
  const { seq, id, at, actor, keyId, type, subject, prevHash, hash, signature } = data;
  return (
    typeof seq === 'number' &&
    [id, at, actor, keyId, type, prevHash, hash, signature].every((f) => typeof f === 'string') &&
    (subject === null || typeof subject === 'string') &&
    'payload' in data
  );
}

/** Any act, on `record.>` (what the record publishes). */
export const ACT_EVENT: BusEvent<Act> = { pattern: 'record.>', is: isAct };

/** The acts of these catalogued types, announced on `pattern`, their payloads typed (and checked by any registered schema). */
export const actEvent = <T extends CataloguedActType>(
  pattern: string,
  types: readonly T[],
): BusEvent<ActOf<T>> => ({
  pattern,
  is: (data): data is ActOf<T> => isAct(data) && isActOfAny(data, types),
});
