import type { RecordTables } from '../record/migrations.js';
import type { IdempotencyTables } from '../runtime/idempotency-store.js';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { useTestApp } from '../app/testing.js';
import { ManualClock } from '../core/clock.js';
import type { RecordLog } from '../record/record-log.js';
import { LEASE_MS } from './idempotency.js';

const procedure = (title: string) => ({
  charterId: 'gcc',
  kind: 'decision',
  decisionType: 'statement',
  title,
  matter: 'idempotency-test',
  deadline: null,
});

describeEachDialect('#16.6 Idempotency-Key on writes', (dialect) => {
  const { node, app } = useTestApp({ dialect });
  const councilActs = async () =>
    (
      await node.store.db
        .withTables<RecordTables>()
        .selectFrom('record_acts')
        .select('seq')
        .where('type', 'like', 'council.%')
        .execute()
    ).length;

  it('#16.6 a retried council write returns the first answer and never signs a second act', async () => {
    const auth = { authorization: `Bearer ${await node.tokenFor('QAT')}` };
    const before = await councilActs();
    const send = (key: string, title = 'Statement on retries') =>
      app.inject({
        method: 'POST',
        url: '/api/council/procedures',
        headers: { ...auth, 'idempotency-key': key },
        payload: procedure(title),
      });
    const first = await send('retry-1');
    expect(first.statusCode).toBe(201);
    // The client lost the answer and retries, twice.
    const retry = await send('retry-1');
    const again = await send('retry-1');
    for (const r of [retry, again]) {
      expect(r.statusCode).toBe(201);
      expect(r.json()).toEqual(first.json());
      expect(r.headers['idempotent-replayed']).toBe('true');
    }
    expect(await councilActs()).toBe(before + 1);
    // The same key for a different request is refused; a new key is a new act.
    const reused = await send('retry-1', 'Another statement');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect((await send('retry-2', 'Another statement')).statusCode).toBe(201);
    expect(await councilActs()).toBe(before + 2);
  });

  it('#16.6 concurrent retries with one key sign one act', async () => {
    const auth = { authorization: `Bearer ${await node.tokenFor('OMN')}` };
    const before = await councilActs();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.inject({
          method: 'POST',
          url: '/api/council/procedures',
          headers: { ...auth, 'idempotency-key': 'burst-1' },
          payload: procedure('Concurrent statement'),
        }),
      ),
    );
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(await councilActs()).toBe(before + 1);
    // Keys are per token: another user's same key is their own request.
    const other = { authorization: `Bearer ${await node.tokenFor('KWT')}` };
    const theirs = await app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      headers: { ...other, 'idempotency-key': 'burst-1' },
      payload: procedure('Concurrent statement'),
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed Idempotency-Key, naming the header', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      headers: {
        authorization: `Bearer ${await node.tokenFor('QAT')}`,
        'idempotency-key': 'has space',
      },
      payload: procedure('Malformed key'),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toBe('header/idempotency-key');
  });
});

/**
 * A process that dies around its commit, seen by a client that retries: the dying request is held
 * forever (after or before its transaction) by wrapping the record's `transact`.
 */
describeEachDialect(
  '#16.6 Idempotency-Key survives a request that dies around its commit',
  (dialect) => {
    const clock = new ManualClock(new Date());
    const { node, app } = useTestApp({ dialect, clock });
    const councilActs = async () =>
      Number(
        (
          await node.store.db
            .withTables<RecordTables>()
            .selectFrom('record_acts')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('type', 'like', 'council.%')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const until = async (cond: () => Promise<boolean>) => {
      for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 25));
      expect(await cond()).toBe(true);
    };
    /** The next transact call waits for `release()`, before (`'before'`) or after its commit. */
    const holdNextTransact = (when: 'before' | 'after') => {
      const record = node.record;
      const original = record.transact.bind(record);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r));
      record.transact = async <T>(fn: Parameters<RecordLog['transact']>[0]) => {
        record.transact = original; // only this call is held
        if (when === 'before') await gate;
        const out = (await original(fn)) as T;
        if (when === 'after') await gate;
        return out;
      };
      return () => release();
    };

    it('#16.6 committed, answer never stored: the retry is told the act exists and signs nothing', async () => {
      const auth = { authorization: `Bearer ${await node.tokenFor('QAT')}` };
      const send = () =>
        app.inject({
          method: 'POST',
          url: '/api/council/procedures',
          headers: { ...auth, 'idempotency-key': 'dies-after-commit' },
          payload: procedure('Committed, then the node died'),
        });
      const before = await councilActs();
      const release = holdNextTransact('after');
      const first = send(); // the client never gets this answer
      await until(async () => (await councilActs()) === before + 1);
      const early = await send();
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('idempotency_key_in_use');
      clock.advance(LEASE_MS + 1000); // the dead request's lease runs out
      const retry = await send();
      expect(retry.statusCode).toBe(409);
      expect(retry.json().code).toBe('idempotency_key_committed');
      const [act] = await node.record
        .list({ typePrefix: 'council.', afterSeq: 0, limit: 10_000 })
        .then((a) => a.slice(-1));
      expect(retry.headers.location).toBe(`/api/record/${act.id}`);
      expect(await councilActs()).toBe(before + 1);
      release();
      expect((await first).statusCode).toBe(201);
    });

    it('#16.6 died before committing: a retry after the lease runs once; the late original rolls back', async () => {
      const auth = { authorization: `Bearer ${await node.tokenFor('OMN')}` };
      const send = () =>
        app.inject({
          method: 'POST',
          url: '/api/council/procedures',
          headers: { ...auth, 'idempotency-key': 'dies-before-commit' },
          payload: procedure('The node died before committing'),
        });
      const before = await councilActs();
      const release = holdNextTransact('before');
      const original = send();
      await until(
        async () =>
          (await node.store.db
            .withTables<IdempotencyTables>()
            .selectFrom('idempotency_keys')
            .select('state')
            .where('key', '=', 'dies-before-commit')
            .executeTakeFirst()) !== undefined,
      );
      expect((await send()).statusCode).toBe(409); // still held
      clock.advance(LEASE_MS + 1000);
      const retry = await send();
      expect(retry.statusCode).toBe(201);
      expect(await councilActs()).toBe(before + 1);
      release(); // the original wakes up: its claim was taken over, its transaction rolls back
      const late = await original;
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('idempotency_key_in_use');
      expect(await councilActs()).toBe(before + 1);
      const again = await send();
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(retry.json());
    });
  },
);
