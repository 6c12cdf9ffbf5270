import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNode } from '../src/app/node.js';
import { verifyNode, type VerifyLine } from '../src/app/verify-node.js';
import { canonicalJson } from '../src/core/canonical-json.js';
import { loadConfig } from '../src/core/config.js';
import { generateEd25519, keyId, sha256Hex, signEd25519 } from '../src/core/crypto.js';
import type { RecordTables } from '../src/record/migrations.js';
import { GENESIS_HASH, hashedFields } from '../src/record/model.js';
import { rowToAct } from '../src/record/record-log.js';
import { verifyChain } from '../src/record/verify.js';
import { openStore, type Store } from '../src/store/database.js';

/**
 * #12 (sovereign federation), item 3: tampering with a copy of a node's database. Each attack below
 * passed `tahaluf verify` before the transparency log (the chain alone still accepts it, as shown);
 * now each fails with a message naming what and where, from checkpoints and keys held outside the
 * database.
 */

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
const configFor = (dataDir: string) => ({ ...loadConfig({ TAHALUF_DATA_DIR: dataDir }), port: 0 });
let original: string;
let firstCheckpoint = 0;

beforeAll(async () => {
  original = tempDir('tahaluf-node-');
  // A secretariat node with its demo history (council replays, forces pledges…), checkpointed once:
  // its witness state and pinned keys are written beside the database.
  const first = await openNode(configFor(original), { seedModules: false });
  firstCheckpoint = (await first.checkpoint()).size;
  await first.close();
  const node = await openNode(configFor(original), { seedModules: true });
  await node.checkpoint();
  await node.close();
}, 120_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the node's data folder, tampered by `attack` directly in its SQLite database. */
async function tamperedCopy(attack: (db: Kysely<RecordTables>, copy: string) => Promise<void>) {
  const copy = tempDir('tahaluf-copy-');
  cpSync(original, copy, { recursive: true });
  const store: Store = await openStore({ sqliteFile: join(copy, 'tahaluf.sqlite') });
  try {
    await attack(store.db.withTables<RecordTables>(), copy);
    // What `tahaluf verify` said before this work: the chain with the keys in the database.
    const oldVerify = await verifyChain(store.db.withTables<RecordTables>());
    return { copy, oldVerifyOk: oldVerify.ok };
  } finally {
    await store.close();
  }
}

const verifyCopy = async (copy: string) =>
  verifyNode(() => openNode(configFor(copy), { seedModules: 'if-new' }), { dataDir: copy });

const failures = (lines: VerifyLine[]) =>
  lines.filter((l) => !l.ok).map((l) => `[${l.area}] ${l.message}`);

const actCount = async (db: Kysely<RecordTables>) =>
  Number(
    (
      await db
        .selectFrom('record_acts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Re-chains (renumbers, re-links, re-hashes, re-signs) every act with the given key of each actor. */
async function rechain(
  db: Kysely<RecordTables>,
  keyOf: (actor: string) => { keyId: string; privateKeyPem: string },
) {
  const rows = await db.selectFrom('record_acts').selectAll().orderBy('seq').execute();
  await db.deleteFrom('record_acts').execute();
  let prevHash = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    const key = keyOf(row.actor);
    const act = { ...rowToAct(row), seq: i + 1, prevHash, keyId: key.keyId };
    const hash = sha256Hex(canonicalJson(hashedFields(act)));
    await db
      .insertInto('record_acts')
      .values({
        ...row,
        seq: i + 1,
        prev_hash: prevHash,
        key_id: key.keyId,
        hash,
        signature: signEd25519(key.privateKeyPem, hash),
      })
      .execute();
    prevHash = hash;
  }
}

/** The node's own key files (an attacker on the secretariat's machine has them). */
const keyFiles = (copy: string) => (actor: string) => {
  const [priv, pub] = readFileSync(join(copy, 'keys', `${actor}.pem`), 'utf8').split(
    /(?=-----BEGIN PUBLIC KEY-----)/,
  );
  return { keyId: keyId(pub), privateKeyPem: priv };
};

describe('#12.3 tahaluf verify detects tampering with a copy of the database', () => {
  it('#19.2 checks the public view log against its held checkpoints: whole, then a rewritten entry', async () => {
    const untouched = await verifyCopy((await tamperedCopy(async () => {})).copy);
    expect(
      untouched.lines.some(
        (l) =>
          l.ok && /the public view of the record's first \d+ public entries match/.test(l.message),
      ),
    ).toBe(true);
    const { copy } = await tamperedCopy(async (db) => {
      await db
        .updateTable('record_views')
        .set({ hash: 'f'.repeat(64) })
        .where('view', '=', 'public')
        .where('vseq', '=', 1)
        .execute();
    });
    const report = await verifyCopy(copy);
    expect(report.ok).toBe(false);
    expect(failures(report.lines).join('\n')).toMatch(
      /public view of the record REWRITTEN: its first \d+ public entries hash to root/,
    );
  });

  it('the untouched copy verifies', async () => {
    const { copy } = await tamperedCopy(async () => {});
    const report = await verifyCopy(copy);
    expect(failures(report.lines)).toEqual([]);
    // #12.1: the verify output says under whose custody the acts were signed.
    const custody = report.lines.find((l) => l.area === 'custody')!;
    // The demo's member acts are all replays or illustrative: no member key signed anything here.
    expect(custody.message).toMatch(/ 0 signed by the secretariat on a member's behalf/);
    expect(custody.message).toMatch(
      /[1-9]\d* by the illustrative identity \(replays and demo data\)/,
    );
    expect(
      report.lines.some((l) => l.area === 'transparency' && /match its root/.test(l.message)),
    ).toBe(true);
  }, 60_000);

  it('#12.3 deleting the last act is reported as a truncation naming the missing act', async () => {
    let total = 0;
    const { copy, oldVerifyOk } = await tamperedCopy(async (db) => {
      total = await actCount(db);
      await db.deleteFrom('record_acts').where('seq', '=', total).execute();
    });
    expect(oldVerifyOk).toBe(true);
    const report = await verifyCopy(copy);
    expect(report.ok).toBe(false);
    expect(failures(report.lines).join('\n')).toContain(
      `record TRUNCATED: it holds ${total - 1} acts, but the checkpoint of size ${total}`,
    );
    expect(failures(report.lines).join('\n')).toContain(`act #${total} is missing`);
  }, 60_000);

  it('#12.3 deleting the last ten acts is reported as a truncation of acts #n-9..#n', async () => {
    let total = 0;
    const { copy, oldVerifyOk } = await tamperedCopy(async (db) => {
      total = await actCount(db);
      await db
        .deleteFrom('record_acts')
        .where('seq', '>', total - 10)
        .execute();
    });
    expect(oldVerifyOk).toBe(true);
    const report = await verifyCopy(copy);
    expect(report.ok).toBe(false);
    expect(failures(report.lines).join('\n')).toContain(
      `acts #${total - 9}..#${total} are missing`,
    );
  }, 60_000);

  it('#12.3 deleting a middle act and re-signing the rest (same keys) is reported, located after the last matching checkpoint', async () => {
    let total = 0;
    const { copy, oldVerifyOk } = await tamperedCopy(async (db, dir) => {
      total = await actCount(db);
      await db
        .deleteFrom('record_acts')
        .where('seq', '=', Math.floor(total / 2))
        .execute();
      await rechain(db, keyFiles(dir));
    });
    expect(oldVerifyOk).toBe(true);
    const report = await verifyCopy(copy);
    expect(report.ok).toBe(false);
    const text = failures(report.lines).join('\n');
    // One act fewer than the last checkpoint; the earlier checkpoint still matches: the change lies after it.
    expect(text).toContain(`record TRUNCATED: it holds ${total - 1} acts`);
    expect(text).toContain(
      `the record still matches the held checkpoint of size ${firstCheckpoint}: the change lies after act #${firstCheckpoint}`,
    );
  }, 60_000);

  it('#12.3 a rewrite that keeps the act count (a middle act replaced, the rest re-signed) is named', async () => {
    let total = 0;
    const { copy, oldVerifyOk } = await tamperedCopy(async (db, dir) => {
      total = await actCount(db);
      const middle = Math.floor(total / 2);
      await db
        .updateTable('record_acts')
        .set({ payload: canonicalJson({ forged: true }) })
        .where('seq', '=', middle)
        .execute();
      await rechain(db, keyFiles(dir));
    });
    expect(oldVerifyOk).toBe(true);
    const report = await verifyCopy(copy);
    expect(report.ok).toBe(false);
    expect(failures(report.lines).join('\n')).toMatch(
      new RegExp(
        `record REWRITTEN: its first ${total} acts hash to root .* but the checkpoint of size ${total}`,
      ),
    );
  }, 60_000);

  it('#12.3 re-signing the whole chain with fresh keys written into identities fails on the pinned keys', async () => {
    const { copy, oldVerifyOk } = await tamperedCopy(async (db) => {
      const actors = (await db.selectFrom('identities').select('actor').distinct().execute()).map(
        (r) => r.actor,
      );
      const fresh = new Map(
        actors.map((actor) => {
          const pair = generateEd25519();
          return [actor, { ...pair, keyId: keyId(pair.publicKeyPem) }];
        }),
      );
      await db.deleteFrom('identities').execute();
      for (const [actor, k] of fresh)
        await db
          .insertInto('identities')
          .values({
            key_id: k.keyId,
            actor,
            public_key: k.publicKeyPem,
            created_at: '2026-01-01T00:00:00.000Z',
            revoked_at: null,
          })
          .execute();
      await rechain(db, (actor) => fresh.get(actor)!);
    });
    expect(oldVerifyOk).toBe(true);
    const report = await verifyCopy(copy);
    expect(report.ok).toBe(false);
    const text = failures(report.lines).join('\n');
    expect(text).toMatch(
      /\[record\] record BROKEN at act #1 .*not a key of SECRETARIAT pinned in .*keys\.json/,
    );
    expect(text).toMatch(/identity \w+ of QAT in the database is not pinned .*keys were replaced/);
    expect(text).toContain('record REWRITTEN');
  }, 60_000);

  it('#12.3 editing only a projection (a council title) names the procedure and the field', async () => {
    let procedure = '';
    const { copy, oldVerifyOk } = await tamperedCopy(async (db) => {
      const anyDb = db.withTables<{ council_procedures: { id: string; title: string } }>();
      const row = await anyDb
        .selectFrom('council_procedures')
        .select('id')
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      procedure = row.id;
      await anyDb
        .updateTable('council_procedures')
        .set({ title: 'FORGED' })
        .where('id', '=', procedure)
        .execute();
    });
    expect(oldVerifyOk).toBe(true);
    const report = await verifyCopy(copy);
    expect(report.ok).toBe(false);
    expect(failures(report.lines)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[council\\] procedure ${procedure}: projection edited: title is 'FORGED' in council_procedures but '.+' in act act_`,
        ),
      ),
    ]);
  }, 60_000);
});

describe('#19.2 tahaluf verify checks the log of a member’s own view', () => {
  it('checks a held checkpoint of an own view against its entries: whole, then a rewritten entry', async () => {
    const dir = tempDir('tahaluf-own-');
    const node = await openNode(configFor(dir), { seedModules: false });
    try {
      for (let i = 0; i < 3; i += 1)
        await node.record.append({ actor: 'QAT', type: 'intel.probe.note', payload: { i } });
      await node.record.append({ actor: 'SAU', type: 'intel.probe.note', payload: { s: 1 } });
      // The node's checkpoint signs each own view's log too, cosigned by its witness (held outside).
      await node.checkpoint();
      expect((await node.ownTransparency('QAT').latest())?.size).toBe(3);
      expect((await node.ownTransparency('SAU').latest())?.size).toBe(1);
    } finally {
      await node.close();
    }
    const untouched = await verifyCopy(dir);
    expect(failures(untouched.lines)).toEqual([]);
    expect(
      untouched.lines.some(
        (l) => l.ok && /the view own:QAT of the record's first 3 entries match/.test(l.message),
      ),
    ).toBe(true);
    const store = await openStore({ sqliteFile: join(dir, 'tahaluf.sqlite') });
    try {
      await store.db
        .withTables<RecordTables>()
        .updateTable('record_views')
        .set({ hash: 'f'.repeat(64) })
        .where('view', '=', 'own:QAT')
        .where('vseq', '=', 2)
        .execute();
    } finally {
      await store.close();
    }
    const report = await verifyCopy(dir);
    expect(report.ok).toBe(false);
    expect(failures(report.lines).join('\n')).toMatch(
      /view own:QAT of the record REWRITTEN: its first 3 entries hash to root/,
    );
    expect(failures(report.lines).join('\n')).not.toMatch(/own:SAU/);
  }, 60_000);
});
