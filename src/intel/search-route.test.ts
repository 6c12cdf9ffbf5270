import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { findCollection } from './collections.js';
import { hubFor } from './hub-registry.js';
import { indicator, useIntelEnv } from './testing.js';

/** GET /api/intel/search (#13.11): the console's one search never matches what the reader may not read. */
describeEachDialect('intel search API', (dialect) => {
  const env = useIntelEnv(dialect);
  const api = async (
    member: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    clearance: 'SECRET' | 'PUBLIC' = 'SECRET',
  ) =>
    env.app.inject({
      method,
      url,
      payload: payload as object,
      headers: { authorization: (await env.auth(member, { clearance })).authorization },
    });
  const ids = (body: string) =>
    (JSON.parse(body) as { items: { id: string }[] }).items.map((i) => i.id);

  it('finds by name, description and id what the label releases to the reader, and nothing else', async () => {
    const r = await api('SAU', 'POST', '/api/intel/share', {
      collection: 'gcc',
      name: 'Drone swarm seen near Khafji',
      description: 'Low-flying group at dusk',
      classification: 'CONFIDENTIAL',
      releasableTo: ['QAT'],
      tlp: 'amber',
    });
    expect(r.statusCode).toBe(201);
    const { id } = JSON.parse(r.body) as { id: string };

    // In the release set: found by a word of the name (any case), of the description, and by id.
    expect(ids((await api('QAT', 'GET', '/api/intel/search?q=KHAFJI')).body)).toEqual([id]);
    expect(ids((await api('QAT', 'GET', '/api/intel/search?q=dusk')).body)).toEqual([id]);
    expect(ids((await api('QAT', 'GET', `/api/intel/search?q=${id}`)).body)).toEqual([id]);
    expect(ids((await api('SAU', 'GET', '/api/intel/search?q=khafji')).body)).toEqual([id]);
    // Outside it (OMN), or below its classification (QAT cleared for PUBLIC only): never matched.
    expect(ids((await api('OMN', 'GET', '/api/intel/search?q=khafji')).body)).toEqual([]);
    expect(ids((await api('OMN', 'GET', `/api/intel/search?q=${id}`)).body)).toEqual([]);
    expect(
      ids((await api('QAT', 'GET', '/api/intel/search?q=khafji', undefined, 'PUBLIC')).body),
    ).toEqual([]);
  });

  it('refuses a query under two characters and a reader without a token', async () => {
    expect((await api('QAT', 'GET', '/api/intel/search?q=a')).statusCode).toBe(400);
    expect((await api('QAT', 'GET', '/api/intel/search?q=%20%20')).statusCode).toBe(400);
    const anon = await env.app.inject({ method: 'GET', url: '/api/intel/search?q=drone' });
    expect(anon.statusCode).toBe(401);
  });

  const ingest = async (objects: Record<string, unknown>[]) => {
    const coll = findCollection(env.node.registry, 'gcc');
    if (!coll) throw new Error('no gcc collection');
    const st = await hubFor(env.node).ingest(coll, objects, {
      role: 'member',
      member: 'SAU',
      user: 'analyst-SAU',
      clearance: 'SECRET',
      tokenId: null,
    });
    expect(st.failure_count).toBe(0);
  };
  type Hit = { id: string; lifecycle: { state: string } };
  const hits = async (q: string, extra = '') =>
    (
      JSON.parse((await api('QAT', 'GET', `/api/intel/search?q=${q}${extra}`)).body) as {
        items: Hit[];
        more: boolean;
      }
    ).items;

  it('leaves revoked and expired objects out unless include=inactive, and then marks them', async () => {
    const active = indicator({ originator: 'SAU', rel: ['GCC'] }, { name: 'lifecycle probe live' });
    const first = indicator(
      { originator: 'SAU', rel: ['GCC'] },
      { name: 'lifecycle probe revoked' },
    );
    const revoked: Record<string, unknown> = {
      ...first,
      modified: '2026-02-01T00:00:00.000Z',
      revoked: true,
    };
    const expired: Record<string, unknown> = {
      ...indicator({ originator: 'SAU', rel: ['GCC'] }, { name: 'lifecycle probe expired' }),
      valid_until: '2026-02-01T00:00:00Z',
    };
    await ingest([active, first, revoked, expired]);
    expect((await hits('lifecycle%20probe')).map((h) => h.id)).toEqual([active.id]);
    const all = await hits('lifecycle%20probe', '&include=inactive');
    expect(new Map(all.map((h) => [h.id, h.lifecycle.state]))).toEqual(
      new Map([
        [active.id, 'active'],
        [first.id, 'revoked'], // the latest version is the revoked one: found once, marked
        [expired.id, 'expired'],
      ]),
    );
  });

  it('queries the store: finds an object behind 1,200 newer ones, and LIKE wildcards are plain text', async () => {
    const old = indicator(
      { originator: 'SAU', rel: ['GCC'] },
      { name: 'needle 100%_sure "quoted"' },
    );
    await ingest([old]);
    const newer = Array.from({ length: 1200 }, (_, i) =>
      indicator({ originator: 'SAU', rel: ['GCC'] }, { name: `haystack ${i}` }),
    );
    for (let i = 0; i < newer.length; i += 400) await ingest(newer.slice(i, i + 400));
    expect((await hits('needle')).map((h) => h.id)).toEqual([old.id]);
    expect((await hits(encodeURIComponent('100%_sure "quoted"'))).map((h) => h.id)).toEqual([
      old.id,
    ]);
    // '%' and '_' match only themselves: '10%' finds nothing else among the haystack names.
    expect((await hits(encodeURIComponent('0%_s'))).map((h) => h.id)).toEqual([old.id]);
    expect(await hits(encodeURIComponent('k_'))).toEqual([]);
    // Many matches: `limit` of them, newest first, and `more`.
    const r = JSON.parse(
      (await api('QAT', 'GET', '/api/intel/search?q=haystack&limit=5')).body,
    ) as {
      items: { name: string }[];
      more: boolean;
    };
    expect(r.items.map((i) => i.name)).toEqual(
      [1199, 1198, 1197, 1196, 1195].map((i) => `haystack ${i}`),
    );
    expect(r.more).toBe(true);
  });
});
