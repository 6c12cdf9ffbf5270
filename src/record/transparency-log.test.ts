import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import {
  fromBase64,
  leafHash,
  rangeHashFromLeaves,
  rootHash,
  toBase64,
  verifyConsistency,
  verifyInclusion,
} from '../core/merkle.js';
import { checkNoteSignature, parseCheckpointText, parseNote } from '../core/signed-note.js';
import type { Store } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import { describeEachDialect, openTestStore } from '../store/testing.js';
import { Keyring } from './keyring.js';
import { recordMigrations, type RecordTables } from './migrations.js';
import { RecordLog, rowToAct } from './record-log.js';
import { tlogMigrations, type TlogTables } from './tlog-tables.js';
import { leafData, TransparencyLog } from './transparency-log.js';
import { Witness } from './witness.js';

describeEachDialect('transparency log', (dialect) => {
  let store: Store;
  let record: RecordLog;
  let keyring: Keyring;
  let witnessDir: string;
  const clock = new ManualClock('2026-01-05T10:00:00Z');
  const open = (witness: Witness | null) =>
    new TransparencyLog(store, keyring, clock, 'tahaluf/record/test', 'SECRETARIAT', witness);

  beforeEach(async () => {
    store = await openTestStore(dialect);
    await migrate(store, [recordMigrations, tlogMigrations]);
    keyring = new Keyring(store.db.withTables<RecordTables>(), clock, null);
    record = new RecordLog(store, keyring, clock, null);
    witnessDir = mkdtempSync(join(tmpdir(), 'tahaluf-witness-'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(witnessDir, { recursive: true, force: true });
  });

  const appendActs = async (n: number) => {
    for (let i = 0; i < n; i += 1)
      await record.append({ actor: i % 2 ? 'QAT' : 'SAU', type: 'test.act', payload: { i } });
  };
  const naiveLeaves = async () =>
    (
      await store.db
        .withTables<RecordTables>()
        .selectFrom('record_acts')
        .selectAll()
        .orderBy('seq')
        .execute()
    ).map((row) => leafHash(leafData(rowToAct(row))));

  it('keeps the tree incrementally; proofs from stored subtrees verify against the naive tree', async () => {
    const tlog = open(null);
    await appendActs(13);
    expect(await tlog.sync()).toBe(13);
    await appendActs(24); // grown in a second sync: 37 acts, not a power of two
    expect(await tlog.sync()).toBe(37);
    const leaves = await naiveLeaves();
    const naive = rangeHashFromLeaves(leaves);
    for (const size of [1, 2, 13, 16, 37]) {
      const root = await tlog.root(size);
      expect(toBase64(root)).toBe(toBase64(rootHash(size, naive)));
      for (const seq of [1, Math.ceil(size / 2), size]) {
        const { leafHash: leaf, proof } = await tlog.inclusion(seq, size);
        expect(leaf).toBe(toBase64(leaves[seq - 1]));
        expect(verifyInclusion(seq - 1, size, fromBase64(leaf), proof.map(fromBase64), root)).toBe(
          true,
        );
      }
    }
    const proof = await tlog.consistency(13, 37);
    expect(
      verifyConsistency(13, 37, rootHash(13, naive), rootHash(37, naive), proof.map(fromBase64)),
    ).toBe(true);
    // About two stored rows per act (leaves plus complete interior nodes).
    const rows = await store.db
      .withTables<TlogTables>()
      .selectFrom('record_tree')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBeLessThan(2 * 37);
    await expect(tlog.inclusion(38, 37)).rejects.toThrow(/act #38 is not in a tree of 37 acts/);
    await expect(tlog.consistency(20, 13)).rejects.toThrow(/from must be between 1 and to/);
  });

  it('signs C2SP checkpoints cosigned by the witness, which remembers them across a restart', async () => {
    const witness = Witness.open(witnessDir, 'tahaluf/witness/test', clock);
    const tlog = open(witness);
    await appendActs(5);
    const first = await tlog.checkpoint();
    const note = parseNote(first.note);
    expect(parseCheckpointText(note.text)).toMatchObject({
      origin: 'tahaluf/record/test',
      size: 5,
    });
    expect(checkNoteSignature(note, await tlog.logKey())).toBe(true);
    expect(checkNoteSignature(note, witness.key)).toBe(true);
    expect(await tlog.checkpoint()).toEqual(first); // unchanged record: same checkpoint

    await appendActs(6);
    clock.advance(60_000);
    // A restarted witness reads what it cosigned from disk and checks the new tree against it.
    const restarted = Witness.open(witnessDir, 'tahaluf/witness/test', clock);
    expect(restarted.lastCosigned('tahaluf/record/test')?.size).toBe(5);
    expect(restarted.key.keyId).toBe(witness.key.keyId);
    const second = await open(restarted).checkpoint();
    expect(second.size).toBe(11);
    expect(checkNoteSignature(parseNote(second.note), restarted.key)).toBe(true);
  });

  it('concurrent checkpoints of a growing record never make the witness see a false fork', async () => {
    const witness = Witness.open(witnessDir, 'tahaluf/witness/test', clock);
    const tlog = open(witness);
    await appendActs(3);
    await tlog.checkpoint();
    const running: Promise<unknown>[] = [];
    for (let i = 0; i < 4; i += 1) {
      await appendActs(2);
      running.push(tlog.checkpoint()); // not awaited: the next one starts while this one runs
    }
    await Promise.all(running);
    expect(witness.state('tahaluf/record/test')!.inconsistencies).toEqual([]);
    expect(witness.lastCosigned('tahaluf/record/test')!.size).toBe(11);
  });

  it('a witness refuses a truncated or rewritten log and keeps both checkpoints as evidence', async () => {
    const witness = Witness.open(witnessDir, 'tahaluf/witness/test', clock);
    const tlog = open(witness);
    await appendActs(8);
    const held = await tlog.checkpoint();
    // Rewrite act #3's payload in place and rebuild the tree: same size, other root.
    const db = store.db.withTables<RecordTables & TlogTables>();
    await db.updateTable('record_acts').set({ payload: '{"i":99}' }).where('seq', '=', 3).execute();
    await db.deleteFrom('record_tree').execute();
    await db.deleteFrom('record_checkpoints').execute();
    await appendActs(1);
    await expect(
      open(Witness.open(witnessDir, 'tahaluf/witness/test', clock)).checkpoint(),
    ).rejects.toThrow(/not an extension of the tree of size 8/);
    const state = Witness.open(witnessDir, 'tahaluf/witness/test', clock).state(
      'tahaluf/record/test',
    )!;
    expect(state.inconsistencies).toHaveLength(1);
    expect(state.inconsistencies[0].held).toBe(held.note);
    expect(state.inconsistencies[0].offered).toMatch(/^tahaluf\/record\/test\n9\n/);
    expect(state.cosigned.at(-1)?.size).toBe(8);
  });
});
