import type { Kysely } from 'kysely';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import { findCollection } from './collections.js';
import type { IntelTables } from './migrations.js';

interface SharedPayload {
  collection: string;
  objects: { id: string; version: string; label?: string }[];
}

/**
 * `tahaluf verify` for intelligence: replays the signed `intel.shared` / `intel.deleted` acts and checks
 * that the stored object versions are exactly those the record says were shared and not deleted —
 * no row slipped in beside the record, none vanished without a signed deletion.
 */
export async function verifyIntel(deps: Deps): Promise<VerifyFinding[]> {
  const expected = new Map<string, string>();
  let after = 0;
  for (;;) {
    const acts = await deps.record.list({ typePrefix: 'intel.', afterSeq: after, limit: 5000 });
    if (!acts.length) break;
    for (const act of acts) {
      after = act.seq;
      if (act.type !== 'intel.shared' && act.type !== 'intel.deleted') continue;
      const p = act.payload as SharedPayload;
      const coll = findCollection(deps.registry, p.collection);
      if (!coll) continue;
      for (const o of p.objects) {
        const key = `${coll.id}|${o.id}|${o.version}|${o.label ?? ''}`;
        if (act.type === 'intel.shared') expected.set(key, act.id);
        else expected.delete(key);
      }
    }
  }
  const rows = await (deps.store.db as Kysely<IntelTables>).selectFrom('intel_objects').select(['collection_id', 'id', 'version', 'label_id']).execute();
  const findings: VerifyFinding[] = [];
  let unrecorded = 0;
  for (const r of rows) {
    const key = `${r.collection_id}|${r.id}|${r.version}|${r.label_id}`;
    if (!expected.delete(key)) {
      if (unrecorded++ < 20) findings.push({ module: 'intel', ok: false, message: `stored ${r.id} version ${r.version || '(none)'} has no signed share act` });
    }
  }
  let missing = 0;
  for (const [key, actId] of expected) {
    if (missing++ < 20) findings.push({ module: 'intel', ok: false, actId, message: `shared ${key.split('|')[1]} version ${key.split('|')[2] || '(none)'} is missing from the store without a signed deletion` });
  }
  if (!unrecorded && !missing) findings.push({ module: 'intel', ok: true, message: `${rows.length} stored object versions match the signed share and delete acts` });
  return findings;
}
