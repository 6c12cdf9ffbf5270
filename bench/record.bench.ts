// The record: how fast signed, chained acts are appended and verified, against a plain INSERT of the same
// row with the same durability (the physical floor for one committed row on that store).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { systemClock } from '../src/core/clock.js';
import { openStore, type Store } from '../src/store/database.js';
import { migrate } from '../src/store/migrator.js';
import { recordMigrations, type RecordTables } from '../src/record/migrations.js';
import { Keyring } from '../src/record/keyring.js';
import { RecordLog } from '../src/record/record-log.js';
import { verifyChain } from '../src/record/verify.js';
import { TEST_PG_URL } from '../src/store/testing.js';
import { fmt, nowMs, percentile, table } from './support.js';

const N = 2000;

async function measure(store: Store, label: string): Promise<(string | number)[]> {
  await migrate(store, [recordMigrations]);
  const db = store.db.withTables<RecordTables>();
  const record = new RecordLog(store, new Keyring(db, systemClock, null), systemClock, null);
  await record.append({ actor: 'EGY', type: 'bench.warmup', payload: {} });
  const lat: number[] = [];
  const t0 = nowMs();
  for (let i = 0; i < N; i++) {
    const s = nowMs();
    await record.append({
      actor: i % 2 ? 'SAU' : 'PAK',
      type: 'bench.act',
      subject: 'p',
      payload: { i, text: 'position recorded for the benchmark' },
    });
    lat.push(nowMs() - s);
  }
  const appendS = (nowMs() - t0) / 1000;
  // Baseline: the same-size row inserted in its own transaction, no hashing or signing.
  await store.db.schema
    .createTable('bench_plain')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('payload', 'text')
    .execute();
  const t1 = nowMs();
  for (let i = 0; i < N; i++) {
    await store.db.transaction().execute(async (trx) => {
      await trx
        .withTables<{ bench_plain: { seq: number; payload: string } }>()
        .insertInto('bench_plain')
        .values({
          seq: i,
          payload: JSON.stringify({
            i,
            text: 'position recorded for the benchmark',
            pad: 'x'.repeat(300),
          }),
        })
        .execute();
    });
  }
  const plainS = (nowMs() - t1) / 1000;
  const t2 = nowMs();
  const report = await verifyChain(db);
  const verifyS = (nowMs() - t2) / 1000;
  if (!report.ok) throw new Error('chain did not verify');
  await store.close();
  return [
    label,
    fmt(N / appendS, 0),
    fmt(percentile(lat, 50), 2),
    fmt(percentile(lat, 99), 2),
    fmt(N / plainS, 0),
    fmt(plainS / appendS, 2),
    fmt(report.acts / verifyS, 0),
  ];
}

export default async function run(): Promise<string> {
  const rows = [
    await measure(
      await openStore({ sqliteFile: join(mkdtempSync(join(tmpdir(), 'bench-')), 'b.sqlite') }),
      'SQLite file (WAL, synchronous=FULL)',
    ),
  ];
  try {
    const schema = `bench_${Date.now().toString(36)}`;
    rows.push(
      await measure(
        await openStore({ databaseUrl: TEST_PG_URL, pgSchema: schema }),
        'PostgreSQL (local, default fsync)',
      ),
    );
    const admin = await openStore({ databaseUrl: TEST_PG_URL });
    await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(admin.db);
    await admin.close();
  } catch (err) {
    rows.push(['PostgreSQL', `not measured: ${(err as Error).message}`, '', '', '', '', '']);
  }
  return `## Record: signed, hash-chained appends

${N} acts appended one after another (each its own transaction: read head, canonical JSON, SHA-256, Ed25519
signature, insert), then the whole chain verified. Baseline: the same number of plain rows of the same size
inserted one per transaction on the same store, without hashing or signing — the floor set by the store's
commit (fsync) cost. The ratio is record appends/s ÷ plain inserts/s (1.0 = signing and chaining are free).

${table(['store', 'appends/s', 'p50 ms', 'p99 ms', 'plain inserts/s', 'ratio', 'verify acts/s'], rows)}
`;
}
