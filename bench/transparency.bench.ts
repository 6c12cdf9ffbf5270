// The transparency log (docs/transparency.md): building the Merkle tree over a 100,000-act record,
// the cost of a checkpoint (sign + the witness's consistency check + its state written to disk) and of a
// cosignature alone, and of inclusion and consistency proofs read from the stored subtrees.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../src/core/canonical-json.js';
import { ManualClock } from '../src/core/clock.js';
import { sha256Hex } from '../src/core/crypto.js';
import { fromBase64, verifyConsistency, verifyInclusion } from '../src/core/merkle.js';
import { Keyring } from '../src/record/keyring.js';
import { recordMigrations, type RecordTables } from '../src/record/migrations.js';
import { GENESIS_HASH, hashedFields } from '../src/record/model.js';
import { RecordLog } from '../src/record/record-log.js';
import { tlogMigrations, type TlogTables } from '../src/record/tlog-tables.js';
import { TransparencyLog } from '../src/record/transparency-log.js';
import { Witness } from '../src/record/witness.js';
import { openStore } from '../src/store/database.js';
import { migrate } from '../src/store/migrator.js';
import { fmt, nowMs, percentile, table } from './support.js';

const ACTS = Number(process.env.TLOG_BENCH_ACTS ?? 100_000);
const ROUNDS = 30;

/** Acts written directly (unsigned: the tree hashes bytes, it does not check signatures) in large batches. */
async function fill(db: Kysely<RecordTables>, count: number): Promise<void> {
  let prevHash = GENESIS_HASH;
  for (let start = 1; start <= count; start += 1000) {
    const rows: RecordTables['record_acts'][] = [];
    for (let seq = start; seq < Math.min(start + 1000, count + 1); seq += 1) {
      const act = {
        seq,
        id: `act_bench${seq}`,
        at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
        actor: seq % 2 ? 'QAT' : 'SAU',
        keyId: 'benchkey',
        type: 'bench.act',
        subject: 'p',
        payload: { seq, text: 'position recorded for the benchmark' },
        prevHash,
      };
      const hash = sha256Hex(canonicalJson(hashedFields(act)));
      rows.push({
        seq,
        id: act.id,
        at: act.at,
        actor: act.actor,
        key_id: act.keyId,
        type: act.type,
        subject: act.subject,
        payload: canonicalJson(act.payload),
        prev_hash: prevHash,
        hash,
        signature: 'x'.repeat(88),
        content_signature: null,
      });
      prevHash = hash;
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 100)
        await trx
          .insertInto('record_acts')
          .values(rows.slice(i, i + 100))
          .execute();
    });
  }
}

export default async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tlog-'));
  const store = await openStore({ sqliteFile: join(dir, 'b.sqlite') });
  try {
    await migrate(store, [recordMigrations, tlogMigrations]);
    const db = store.db.withTables<RecordTables & TlogTables>();
    await fill(store.db.withTables<RecordTables>(), ACTS);
    const clock = new ManualClock('2026-06-01T00:00:00Z');
    const keyring = new Keyring(store.db.withTables<RecordTables>(), clock, null);
    const record = new RecordLog(store, keyring, clock, null);
    const witness = Witness.open(join(dir, 'witness'), 'tahaluf/witness/bench', clock);
    const tlog = new TransparencyLog(
      store,
      keyring,
      clock,
      'tahaluf/record/bench',
      'SECRETARIAT',
      witness,
    );

    const b0 = nowMs();
    await tlog.sync();
    const buildS = (nowMs() - b0) / 1000;
    const rows = Number(
      (
        await db
          .selectFrom('record_tree')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await tlog.checkpoint(); // the witness's first cosignature: nothing to be consistent with yet

    // A checkpoint after 10 more acts: sync, root, log signature, consistency proof, the witness's check,
    // its state written (fsync + rename), the checkpoint stored.
    const checkpointMs: number[] = [];
    const cosignMs: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      for (let i = 0; i < 10; i += 1)
        await record.append({ actor: 'SECRETARIAT', type: 'bench.more', payload: { r, i } });
      clock.advance(10_000);
      const previous = witness.lastCosigned(tlog.origin)!;
      const s = nowMs();
      const cp = await tlog.checkpoint();
      checkpointMs.push(nowMs() - s);
      // The cosignature alone on the same step (a second witness, same check and persistence).
      const other = Witness.open(join(dir, `w${r}`), 'tahaluf/witness/other', clock);
      const logNote = cp.note.split('\n— tahaluf/witness/')[0] + '\n';
      other.cosign(previous.note.split('\n— tahaluf/witness/')[0] + '\n', [], await tlog.logKey());
      const proof = await tlog.consistency(previous.size, cp.size);
      const c = nowMs();
      other.cosign(logNote, proof, await tlog.logKey());
      cosignMs.push(nowMs() - c);
    }

    const size = await tlog.sync();
    const root = await tlog.root(size);
    const inclusionMs: number[] = [];
    const consistencyMs: number[] = [];
    const verifyUs: number[] = [];
    let proofLength = 0;
    for (let r = 0; r < 200; r += 1) {
      const seq = 1 + ((r * 7919) % size);
      const s = nowMs();
      const { leafHash, proof } = await tlog.inclusion(seq, size);
      inclusionMs.push(nowMs() - s);
      proofLength = proof.length;
      const v = nowMs();
      if (!verifyInclusion(seq - 1, size, fromBase64(leafHash), proof.map(fromBase64), root))
        throw new Error('inclusion proof did not verify');
      verifyUs.push((nowMs() - v) * 1000);
      const from = 1 + ((r * 104729) % (size - 1));
      const c = nowMs();
      const cons = await tlog.consistency(from, size);
      consistencyMs.push(nowMs() - c);
      if (!verifyConsistency(from, size, await tlog.root(from), root, cons.map(fromBase64)))
        throw new Error('consistency proof did not verify');
    }
    return [
      `## Transparency log (${ACTS.toLocaleString('en')} acts, SQLite file)`,
      '',
      'The record as an RFC 9162 Merkle tree kept as complete subtree hashes (`record_tree`); checkpoints',
      'in the C2SP signed-note format, cosigned by a witness that checks consistency with what it cosigned',
      'and writes its state to disk (fsync + rename) before answering. Acts are written directly for the',
      'tree build (their signatures are not what is measured); the checkpoint rounds append real signed acts.',
      '',
      table(
        ['measure', 'value'],
        [
          ['tree built over the record', `${fmt(buildS, 1)} s (${fmt(ACTS / buildS, 0)} acts/s)`],
          ['stored subtree rows per act', fmt(rows / ACTS, 2)],
          [
            `checkpoint after 10 acts (sync, sign, proof, witness check + fsync), p50 / p99 of ${ROUNDS}`,
            `${fmt(percentile(checkpointMs, 50), 1)} / ${fmt(percentile(checkpointMs, 99), 1)} ms`,
          ],
          [
            'cosignature alone (signature and consistency check, state fsync), p50 / p99',
            `${fmt(percentile(cosignMs, 50), 1)} / ${fmt(percentile(cosignMs, 99), 1)} ms`,
          ],
          [
            `inclusion proof from the store (${proofLength} hashes), p50 / p99 of 200`,
            `${fmt(percentile(inclusionMs, 50), 2)} / ${fmt(percentile(inclusionMs, 99), 2)} ms`,
          ],
          [
            'consistency proof from the store, p50 / p99 of 200',
            `${fmt(percentile(consistencyMs, 50), 2)} / ${fmt(percentile(consistencyMs, 99), 2)} ms`,
          ],
          ['inclusion proof verification, p50', `${fmt(percentile(verifyUs, 50), 0)} µs`],
        ],
      ),
    ].join('\n');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
