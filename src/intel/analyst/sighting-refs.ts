import { idKey } from '../migrations.js';

/**
 * Custom STIX property on a sighting (#19.6): `true` lets the sighting's count reach the originator of
 * the sighted object as a number, without the sighting itself (hence without the sighting member):
 * an anonymous sighting. Absent or false: only readers the sighting's own label admits learn of it.
 */
export const COUNT_TO_ORIGINATOR = 'x_tahaluf_count_to_originator';

/** The intel_refs rows of a stored sighting: the object sighted, keyed within its collection (found like a relationship). */
export function sightingRefs(
  collectionId: string,
  obj: { id?: unknown; sighting_of_ref?: unknown },
): { ref_key: number; rel_id: string }[] {
  if (typeof obj.id !== 'string' || typeof obj.sighting_of_ref !== 'string') return [];
  return [{ ref_key: idKey(collectionId, obj.sighting_of_ref), rel_id: obj.id }];
}
