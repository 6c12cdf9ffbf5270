import { afterEach, beforeEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock } from '../core/clock.js';
import { InProcessBus } from '../bus/in-process-bus.js';
import { describeEachDialect, openTestStore } from '../store/testing.js';
import { migrate } from '../store/migrator.js';
import type { Store } from '../store/database.js';
import { Keyring } from './keyring.js';
import { recordMigrations, type RecordTables } from './migrations.js';
import { RecordLog } from './record-log.js';
import { verifyChain } from './verify.js';
import type { Act } from './model.js';

/** The test's own projection table. */
type ProjTables = { proj: { k: string } };

describeEachDialect('record', (dialect) => {
  let store: Store;
  let record: RecordLog;
  let bus: InProcessBus;
  const clock = new ManualClock('2025-09-09T12:00:00Z');
  const db = () => store.db.withTables<RecordTables>();

  beforeEach(async () => {
    store = await openTestStore(dialect);
    await migrate(store, [recordMigrations]);
    bus = new InProcessBus();
    record = new RecordLog(store, new Keyring(db(), clock, null), clock, bus);
  });
  afterEach(async () => {
    await bus.close();
    await store.close();
  });

  it('appends signed, chained acts and verifies the whole chain', async () => {
    const a = await record.append({
      actor: 'QAT',
      type: 'council.request',
      subject: 'p1',
      payload: { text: 'consultations', n: 1 },
    });
    const b = await record.append({
      actor: 'SAU',
      type: 'council.remark',
      subject: 'p1',
      payload: { stance: 'support' },
    });
    expect(a.seq).toBe(1);
    expect(b.seq).toBe(2);
    expect(b.prevHash).toBe(a.hash);
    expect(a.keyId).not.toBe(b.keyId);
    const report = await verifyChain(db());
    expect(report).toEqual({ ok: true, acts: 2, firstBroken: null });
  });

  it('counts stay right when another writer on the same database appends (memoised per head seq)', async () => {
    // A second RecordLog on the same store stands for a second node process on a shared PostgreSQL:
    // its appends never pass through `record`, so only the database can tell `record` its count is stale.
    const other = new RecordLog(store, new Keyring(db(), clock, null), clock, null);
    const q = { typePrefix: 'council.', hidePrefixes: ['intel.'], unlessActor: 'QAT' };
    await record.append({ actor: 'QAT', type: 'council.request', subject: 'p', payload: {} });
    await record.append({ actor: 'SAU', type: 'intel.share', subject: 'r', payload: {} });
    expect(await record.countMatching(q)).toBe(1);
    expect(await record.countMatching(q)).toBe(1);
    await other.append({ actor: 'OMN', type: 'council.remark', subject: 'p', payload: {} });
    await other.append({ actor: 'OMN', type: 'intel.share', subject: 'r', payload: {} });
    expect(await record.countMatching(q)).toBe(2);
    expect(await record.countMatching({ typePrefix: 'intel.' })).toBe(2);
    expect(await record.countMatching({ typePrefix: 'intel.', actor: 'OMN' })).toBe(1);
    expect(await record.countMatching()).toBe(4);
  });

  it('names the act when one byte of its stored payload changes', async () => {
    for (let i = 0; i < 5; i++)
      await record.append({
        actor: 'EGY',
        type: 'test.act',
        payload: { i, note: 'twenty thousand' },
      });
    await sql`update record_acts set payload = replace(payload, 'twenty', 'twentY') where seq = 3`.execute(
      store.db,
    );
    const report = await verifyChain(db());
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.seq).toBe(3);
    expect(report.firstBroken?.reason).toMatch(/altered/);
  });

  it('detects a removed act, a reordered chain and a forged signature', async () => {
    for (let i = 0; i < 4; i++)
      await record.append({ actor: 'JOR', type: 'test.act', payload: { i } });
    await sql`delete from record_acts where seq = 2`.execute(store.db);
    expect((await verifyChain(db())).firstBroken?.reason).toMatch(/sequence gap/);
  });

  it('rejects a signature made by another actor’s key', async () => {
    await record.append({ actor: 'KWT', type: 'test.act', payload: {} });
    const omn = await record.append({ actor: 'OMN', type: 'test.act', payload: {} });
    const kwt = (await record.list({ actor: 'KWT' }))[0];
    await sql`update record_acts set signature = ${kwt.signature} where seq = ${omn.seq}`.execute(
      store.db,
    );
    const r = await verifyChain(db());
    expect(r.firstBroken).toMatchObject({
      seq: 2,
      reason: expect.stringMatching(/signature of OMN/),
    });
  });

  it('commits the act with the projection, or neither', async () => {
    await store.db.schema
      .createTable('proj')
      .addColumn('k', 'text', (c) => c.primaryKey())
      .execute();
    await expect(
      record.transact(async (tx) => {
        await tx.append({ actor: 'BHR', type: 'test.act', payload: {} });
        await tx.db.withTables<ProjTables>().insertInto('proj').values({ k: 'x' }).execute();
        await tx.db.withTables<ProjTables>().insertInto('proj').values({ k: 'x' }).execute(); // duplicate key: the whole transaction fails
      }),
    ).rejects.toThrow();
    expect(await record.count()).toBe(0);
    expect(
      await store.db.withTables<ProjTables>().selectFrom('proj').selectAll().execute(),
    ).toEqual([]);
  });

  it('announces committed acts on the bus, and only committed ones', async () => {
    const seen: Act[] = [];
    await bus.subscribe<Act>('record.>', (m) => void seen.push(m.data));
    await record.append({ actor: 'ARE', type: 'forces.test.raised', payload: { troops: 1 } });
    await record
      .transact(async (tx) => {
        await tx.append({ actor: 'ARE', type: 'forces.test.raised', payload: { troops: 2 } });
        throw new Error('abort');
      })
      .catch(() => undefined);
    expect(seen.map((a) => (a.payload as { troops: number }).troops)).toEqual([1]);
  });

  it('keeps one unbroken chain under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        record.append({ actor: i % 2 ? 'SAU' : 'PAK', type: 'test.act', payload: { i } }),
      ),
    );
    const report = await verifyChain(db());
    expect(report).toMatchObject({ ok: true, acts: 40 });
  });

  it('group commit: concurrent transactions share commits; a failing one undoes only its own writes, rejects only its caller, publishes nothing', async () => {
    await sql`create table proj (k text primary key)`.execute(store.db);
    const seen: string[] = [];
    await bus.subscribe<Act>('record.>', (m) => void seen.push(m.data.subject ?? ''));
    // A new actor whose first act is in the failing transaction: its key must still be registered by the
    // first act that commits (keyring confirmation per call, not per group).
    const calls = Array.from({ length: 30 }, (_, i) =>
      record.transact(async (tx) => {
        const act = await tx.append({
          actor: i === 7 || i === 8 ? 'MRT' : i % 2 ? 'SAU' : 'PAK',
          type: 'test.act',
          subject: `s${i}`,
          payload: { i },
        });
        await tx.db
          .withTables<ProjTables>()
          .insertInto('proj')
          .values({ k: `k${i}` })
          .execute();
        if (i === 7) throw new Error(`call ${i} refused`);
        // A later call sees the writes of the calls committed before it (serial order).
        if (i === 9)
          expect(
            (
              await tx.db
                .withTables<ProjTables>()
                .selectFrom('proj')
                .select('k')
                .where('k', '=', 'k8')
                .executeTakeFirst()
            )?.k,
          ).toBe('k8');
        return act.seq;
      }),
    );
    const settled = await Promise.allSettled(calls);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect((settled[7] as PromiseRejectedResult).reason).toMatchObject({
      message: 'call 7 refused',
    });
    const seqs = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(seqs).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
    expect(await record.count()).toBe(29);
    const keys = (
      await store.db.withTables<ProjTables>().selectFrom('proj').select('k').execute()
    ).map((r) => r.k);
    expect(keys).toHaveLength(29);
    expect(keys).not.toContain('k7');
    expect(seen).not.toContain('s7');
    expect(seen).toHaveLength(29);
    expect(await verifyChain(db())).toMatchObject({ ok: true, acts: 29 });
  });

  it('a subscriber that writes when it hears of an act does not wait for itself (the in-process bus awaits its handlers)', async () => {
    // Found in CI: with publications chained across groups, the consequence's write (a later group) waited
    // behind the publication that was waiting for that very write, and both callers hung.
    await bus.subscribe<Act>('record.council.closed', async (m) => {
      await record.append({
        actor: 'SECRETARIAT',
        type: 'programme.settled',
        subject: m.data.subject ?? '',
        payload: {},
      });
    });
    const closed = record.append({
      actor: 'SECRETARIAT',
      type: 'council.closed',
      subject: 'p1',
      payload: {},
    });
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((resolve) => {
      timer = setTimeout(() => resolve('hung'), 10_000);
    });
    expect(await Promise.race([closed.then(() => 'answered' as const), hung])).toBe('answered');
    clearTimeout(timer);
    expect((await record.list({})).map((a) => a.type)).toEqual([
      'council.closed',
      'programme.settled',
    ]);
  });
});

describeEachDialect('record keys', (dialect) => {
  it('registers a new actor’s key with its first committed act, even after a rolled-back first attempt', async () => {
    const store = await openTestStore(dialect);
    await migrate(store, [recordMigrations]);
    const clock = new ManualClock();
    const record = new RecordLog(
      store,
      new Keyring(store.db.withTables<RecordTables>(), clock, null),
      clock,
      null,
    );
    await record
      .transact(async (tx) => {
        await tx.append({ actor: 'MRT', type: 'test.act', payload: {} });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await record.append({ actor: 'MRT', type: 'test.act', payload: {} });
    expect(await verifyChain(store.db.withTables<RecordTables>())).toMatchObject({
      ok: true,
      acts: 1,
    });
    await store.close();
  });
});
