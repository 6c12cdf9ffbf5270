import type { Kysely } from 'kysely';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex, verifyEd25519 } from '../core/crypto.js';
import type { RecordTables } from './migrations.js';
import { GENESIS_HASH, hashedFields, type Act } from './model.js';
import { rowToAct } from './record-log.js';

export interface ChainReport {
  ok: boolean;
  acts: number;
  /** The first act that fails, with the reason; null when the chain is whole. */
  firstBroken: { seq: number; id: string; reason: string } | null;
}

/**
 * Checks the whole chain: contiguous sequence numbers, each act's stored bytes in canonical form,
 * its hash recomputed, linked to the previous hash, and signed by a registered key of its actor.
 */
export async function verifyChain(
  db: Kysely<RecordTables>,
  onProgress?: (done: number, total: number) => void,
  /**
   * Public keys pinned outside this database (key id → actor and key), and where they come from. When
   * given, only these verify signatures; the database's `identities` are not trusted.
   */
  pinned?: { keys: Map<string, { actor: string; pem: string }>; source: string },
): Promise<ChainReport> {
  const keys = pinned?.keys ?? new Map<string, { actor: string; pem: string }>();
  if (!pinned)
    for (const k of await db.selectFrom('identities').selectAll().execute())
      keys.set(k.key_id, { actor: k.actor, pem: k.public_key });
  const total = Number(
    (
      await db
        .selectFrom('record_acts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let prevHash = GENESIS_HASH;
  let expectSeq = 1;
  let checked = 0;
  const PAGE = 2000;
  for (;;) {
    const rows = await db
      .selectFrom('record_acts')
      .selectAll()
      .where('seq', '>=', expectSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const fail = (reason: string): ChainReport => ({
        ok: false,
        acts: checked,
        firstBroken: { seq: Number(row.seq), id: row.id, reason },
      });
      if (Number(row.seq) !== expectSeq)
        return fail(`sequence gap: expected act #${expectSeq}, found #${row.seq}`);
      const act: Act = rowToAct(row);
      if (act.payload && typeof act.payload === 'object' && '__unparseable__' in act.payload)
        return fail('stored payload is not valid JSON (altered)');
      if (canonicalJson(act.payload) !== row.payload)
        return fail('stored payload bytes differ from their canonical form (altered)');
      const hash = sha256Hex(canonicalJson(hashedFields(act)));
      if (hash !== act.hash) return fail('hash does not match the act’s contents (altered)');
      if (act.prevHash !== prevHash)
        return fail('previous-hash link broken (an act was removed, inserted or reordered)');
      const key = keys.get(act.keyId);
      if (!key)
        return fail(
          pinned
            ? `signed with key ${act.keyId}, which is not a key of ${act.actor} pinned in ${pinned.source} (the record was re-signed with other keys)`
            : `signed with unknown key ${act.keyId}`,
        );
      if (key.actor !== act.actor)
        return fail(`key ${act.keyId} belongs to ${key.actor}, not to ${act.actor}`);
      if (!verifyEd25519(key.pem, act.hash, act.signature))
        return fail(`signature of ${act.actor} does not verify`);
      prevHash = act.hash;
      expectSeq += 1;
      checked += 1;
    }
    onProgress?.(checked, total);
  }
  return { ok: true, acts: checked, firstBroken: null };
}
