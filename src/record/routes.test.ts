import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, openTestNode, type TestNode } from '../app/testing.js';

describe('record routes: acts whose existence is restricted', () => {
  let node: TestNode;
  let app: FastifyInstance;
  let secretId: string;
  beforeAll(async () => {
    node = await openTestNode({
      modules: [{ name: 'probe', privateActPrefixes: ['probe.secret.'] }],
    });
    app = await buildTestApp(node);
    await node.record.append({ actor: 'QAT', type: 'probe.public', payload: { n: 1 } });
    secretId = (
      await node.record.append({
        actor: 'QAT',
        type: 'probe.secret.shared',
        payload: { object: 'indicator--x' },
      })
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await node.close();
  });

  const list = async (auth?: string) =>
    (
      await app.inject({
        url: '/api/record?typePrefix=probe.',
        headers: auth ? { authorization: `Bearer ${auth}` } : {},
      })
    ).json<{
      acts: { type: string }[];
      total: number;
    }>();

  it('hides them from the public and from other members, uncounted, and 404s them by id', async () => {
    for (const auth of [undefined, await node.tokenFor('SAU')]) {
      const r = await list(auth);
      expect(r.acts.map((a) => a.type)).toEqual(['probe.public']);
      expect(r.total).toBe(1);
      const one = await app.inject({
        url: `/api/record/${secretId}`,
        headers: auth ? { authorization: `Bearer ${auth}` } : {},
      });
      expect(one.statusCode).toBe(404);
      expect(one.json().detail).toBe(`act '${secretId}' does not exist`);
    }
    const unknown = await app.inject({ url: '/api/record/act_doesnotexist' });
    expect(unknown.json().detail).toBe(`act 'act_doesnotexist' does not exist`);
  });

  it('shows them to the member that acted (in its own view) and to the secretariat (full record)', async () => {
    const sec = await list(await node.tokenFor(null));
    expect(sec.acts.map((a) => a.type)).toEqual(['probe.public', 'probe.secret.shared']);
    expect(sec.total).toBe(2);
    const qat = await node.tokenFor('QAT');
    expect((await list(qat)).acts.map((a) => a.type)).toEqual(['probe.public']);
    const own = (
      await app.inject({
        url: '/api/record?typePrefix=probe.&view=own',
        headers: { authorization: `Bearer ${qat}` },
      })
    ).json<{ acts: { type: string; seq: number; view: string }[]; total: number }>();
    expect(own.acts).toMatchObject([{ type: 'probe.secret.shared', seq: 1, view: 'own:QAT' }]);
    expect(own.total).toBe(1);
    const one = await app.inject({
      url: `/api/record/${secretId}`,
      headers: { authorization: `Bearer ${qat}` },
    });
    expect(one.json()).toMatchObject({ view: 'own:QAT', seq: 1 });
    // The full record (its positions count every act) is the secretariat's.
    const full = await app.inject({
      url: '/api/record?view=full',
      headers: { authorization: `Bearer ${qat}` },
    });
    expect(full.statusCode).toBe(400);
  });

  it('shows the act count in health to the secretariat only', async () => {
    expect((await app.inject('/api/health')).json().acts).toBeUndefined();
    const sec = await app.inject({
      url: '/api/health',
      headers: { authorization: `Bearer ${await node.tokenFor(null)}` },
    });
    expect(sec.json().acts).toBeGreaterThanOrEqual(3);
  });
});

describe('#12.1 key custody shown with every act', () => {
  let node: TestNode;
  let app: FastifyInstance;
  beforeAll(async () => {
    node = await openTestNode();
    app = await buildTestApp(node);
    await node.record.append({ actor: 'QAT', type: 'probe.vote', payload: { choice: 'yes' } });
    await node.record.append({
      actor: 'ILLUSTRATIVE',
      type: 'probe.vote',
      payload: { choice: 'yes', depicts: 'OMN' },
    });
  });
  afterAll(async () => {
    await app.close();
    await node.close();
  });

  it('says who holds the key that signed each act, and whom an illustrative act depicts', async () => {
    const acts = (await app.inject({ url: '/api/record' })).json<{
      acts: { actor: string; type: string; custody: string | null; depicts: string | null }[];
    }>().acts;
    const byActor = Object.fromEntries(acts.map((a) => [a.actor, a]));
    expect(byActor.SECRETARIAT).toMatchObject({ custody: 'member-node', depicts: null });
    expect(byActor.QAT).toMatchObject({ custody: 'secretariat-custody', depicts: null });
    expect(byActor.ILLUSTRATIVE).toMatchObject({ custody: 'illustrative', depicts: 'OMN' });
    const ids = (await app.inject({ url: '/api/identities' })).json<
      { actor: string; custody: string }[]
    >();
    expect(ids.find((i) => i.actor === 'QAT')?.custody).toBe('secretariat-custody');
  });
});

describe('record list: a position past any 32-bit view number', () => {
  for (const dialect of ['sqlite', 'postgres'] as const)
    it(`is a 400 naming afterSeq, not a 500 from the database [${dialect}] (found by the fuzz test)`, async () => {
      const node = await openTestNode({ dialect });
      const app = await buildTestApp(node);
      try {
        const r = await app.inject({ url: '/api/record?afterSeq=9007199254740992' });
        expect(r.statusCode).toBe(400);
        expect(r.body).toMatch(/afterSeq/);
        const ok = await app.inject({ url: '/api/record?afterSeq=2147483647' });
        expect(ok.statusCode).toBe(200);
        expect(ok.json<{ acts: unknown[] }>().acts).toEqual([]);
      } finally {
        await app.close();
        await node.close();
      }
    });
});

describe('record routes: ordering and paging over the whole filtered record (#13.11)', () => {
  let node: TestNode;
  let app: FastifyInstance;
  beforeAll(async () => {
    node = await openTestNode({ modules: [{ name: 'probe', privateActPrefixes: [] }] });
    app = await buildTestApp(node);
    // 150 matching acts among 300: the newest page of the whole record holds only some of them.
    for (let i = 0; i < 300; i++)
      await node.record.append({
        actor: i % 3 === 0 ? 'QAT' : i % 3 === 1 ? 'BHR' : 'OMN',
        type: i % 2 === 0 ? 'probe.even' : 'probe.odd',
        payload: { i },
      });
  });
  afterAll(async () => {
    await app.close();
    await node.close();
  });
  const get = async (query: string, auth?: string) => {
    const res = await app.inject({
      url: `/api/record?${query}`,
      headers: auth ? { authorization: `Bearer ${auth}` } : {},
    });
    expect(res.statusCode).toBe(200);
    return res.json<{
      acts: { seq: number; actor: string; type: string; payload: { i: number } }[];
      total: number;
    }>();
  };

  it('newest first with order=desc, the filter over every act, offset pages further back', async () => {
    for (const auth of [undefined, await node.tokenFor(null)]) {
      const first = await get('typePrefix=probe.even&order=desc&limit=100', auth);
      expect(first.total).toBe(150);
      expect(first.acts.map((a) => a.payload.i)).toEqual(
        Array.from({ length: 100 }, (_, k) => 298 - 2 * k),
      );
      const second = await get('typePrefix=probe.even&order=desc&limit=100&offset=100', auth);
      expect(second.acts.map((a) => a.payload.i)).toEqual(
        Array.from({ length: 50 }, (_, k) => 98 - 2 * k),
      );
      const seqs = [...first.acts, ...second.acts].map((a) => a.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    }
  });

  it('sorts by actor or type, then by position, in either direction', async () => {
    const byActor = await get('typePrefix=probe.&sort=actor&order=asc&limit=1000');
    expect(byActor.acts.length).toBe(300);
    const keys = byActor.acts.map((a) => `${a.actor}|${String(a.seq).padStart(6, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect(byActor.acts[0].actor).toBe('BHR');
    const byType = await get('typePrefix=probe.&sort=type&order=desc&limit=5');
    expect(byType.acts.map((a) => a.type)).toEqual(Array(5).fill('probe.odd'));
    expect(byType.acts.map((a) => a.payload.i)).toEqual([299, 297, 295, 293, 291]);
    const bad = await app.inject({ url: '/api/record?sort=hash' });
    expect(bad.statusCode).toBe(400);
  });
});
