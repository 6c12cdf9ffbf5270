import { isActOfAny } from '../record/act-catalogue.js';
import { sha256Hex } from '../core/crypto.js';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import { findCollection } from './collections.js';
import type { IntelTables } from './migrations.js';

const MAX_FINDINGS = 20;

/**
 * `tahaluf verify` for intelligence: replays the signed `intel.shared` / `intel.deleted` acts and checks
 * that the stored object versions are exactly those the record says were shared and not deleted —
 * no row slipped in beside the record, none vanished without a signed deletion — and that each stored
 * object's content still hashes to the value its poster signed.
 */
export async function verifyIntel(deps: Deps): Promise<VerifyFinding[]> {
  const expected = new Map<string, { actId: string; sha256?: string }>();
  let after = 0;
  for (;;) {
    const acts = await deps.record.list({ typePrefix: 'intel.', afterSeq: after, limit: 5000 });
    if (!acts.length) break;
    for (const act of acts) {
      after = act.seq;
      if (!isActOfAny(act, ['intel.shared', 'intel.deleted'])) continue;
      const p = act.payload;
      const coll = findCollection(deps.registry, p.collection);
      if (!coll) continue;
      for (const o of p.objects) {
        const key = `${coll.id}|${o.id}|${o.version}|${o.label ?? ''}`;
        if (act.type === 'intel.shared') expected.set(key, { actId: act.id, sha256: o.sha256 });
        else expected.delete(key);
      }
    }
  }
  const db = deps.store.db.withTables<IntelTables>();
  const findings: VerifyFinding[] = [];
  let rows = 0;
  let unrecorded = 0;
  let altered = 0;
  // In seq order, a page at a time: a million stored objects are not held in memory at once.
  for (let seq = 0; ;) {
    const page = await db
      .selectFrom('intel_objects')
      .select(['seq', 'collection_id', 'id', 'version', 'label_id', 'content_hash', 'object'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (!page.length) break;
    seq = page[page.length - 1].seq;
    for (const r of page) {
      rows++;
      const key = `${r.collection_id}|${r.id}|${r.version}|${r.label_id}`;
      const shared = expected.get(key);
      if (!shared) {
        if (unrecorded++ < MAX_FINDINGS)
          findings.push({
            module: 'intel',
            ok: false,
            message: `stored ${r.id} version ${r.version || '(none)'} has no signed share act`,
          });
        continue;
      }
      expected.delete(key);
      if (shared.sha256 === undefined) continue;
      const actual = sha256Hex(r.object);
      if (actual !== shared.sha256 || r.content_hash !== shared.sha256) {
        if (altered++ < MAX_FINDINGS)
          findings.push({
            module: 'intel',
            ok: false,
            actId: shared.actId,
            message: `stored ${r.id} version ${r.version || '(none)'} differs from the content its poster signed`,
          });
      }
    }
  }
  let missing = 0;
  for (const [key, { actId }] of expected) {
    if (missing++ < MAX_FINDINGS)
      findings.push({
        module: 'intel',
        ok: false,
        actId,
        message: `shared ${key.split('|')[1]} version ${key.split('|')[2] || '(none)'} is missing from the store without a signed deletion`,
      });
  }
  if (!unrecorded && !missing && !altered)
    findings.push({
      module: 'intel',
      ok: true,
      message: `${rows} stored object versions match the signed share and delete acts, content included`,
    });
  return findings;
}
