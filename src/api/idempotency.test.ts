import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { useTestApp } from '../app/testing.js';

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
