import type { TokenTables } from '../runtime/tokens.js';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { buildTestApp, openTestNode, useTestApp } from '../app/testing.js';

describeEachDialect('api', (dialect) => {
  const { node, app } = useTestApp({ dialect });

  it('reports health with the store and bus it runs on', async () => {
    const r = await app.inject('/api/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', store: dialect, bus: 'in-process' });
    expect(r.json().acts).toBeUndefined();
  });

  it('serves the GCC’s six members on the day of the Doha strike, with sources', async () => {
    const r = await app.inject('/api/alliances/gcc/members?date=2025-09-09');
    expect(r.statusCode).toBe(200);
    expect(r.json().members.map((m: { state: string }) => m.state)).toEqual([
      'ARE',
      'BHR',
      'KWT',
      'OMN',
      'QAT',
      'SAU',
    ]);
    const full = (await app.inject('/api/alliances/gcc')).json();
    expect(full.sources.length).toBeGreaterThan(0);
    expect(full.memberships.every((m: { sources: unknown[] }) => m.sources.length > 0)).toBe(true);
  });

  it('shows Syria suspended from the Arab League in 2015 and restored in 2024', async () => {
    const on = async (d: string) =>
      (await app.inject(`/api/alliances/arab-league/members?date=${d}`)).json().members;
    const y2015 = await on('2015-06-01');
    const y2024 = await on('2024-06-01');
    expect(y2015.find((m: { state: string }) => m.state === 'SYR')).toMatchObject({
      suspended: true,
    });
    expect(y2024.find((m: { state: string }) => m.state === 'SYR')).toMatchObject({
      suspended: false,
    });
    expect(y2024).toHaveLength(22);
  });

  it('answers bad input with RFC 9457 problem details naming the field', async () => {
    const bad = await app.inject('/api/alliances/gcc/members?date=2025-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json()).toMatchObject({ status: 400, code: 'invalid_input', field: 'query/date' });
    const badIso = await app.inject('/api/states/qatar');
    expect(badIso.statusCode).toBe(400);
    expect(badIso.json().field).toMatch(/^params\/iso3/);
    const unknownParam = await app.inject('/api/alliances/gcc/members?dat=2025-01-01');
    expect(unknownParam.statusCode).toBe(400);
    expect(unknownParam.json().field).toBe('query/dat');
  });

  it('404s unknown routes, states and alliances as problems', async () => {
    for (const url of ['/api/nope', '/api/states/XXX', '/api/alliances/no-such-pact']) {
      const r = await app.inject(url);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ status: 404 });
    }
  });

  it('requires the secretariat to create tokens, validates the body, stores nothing on error', async () => {
    const before = (
      await node.store.db
        .withTables<TokenTables>()
        .selectFrom('api_tokens')
        .select(['id'])
        .execute()
    ).length;
    const anon = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      payload: { user: 'x', role: 'member', member: 'QAT' },
    });
    expect(anon.statusCode).toBe(401);
    const member = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${await node.tokenFor('QAT')}` },
      payload: { user: 'x', role: 'member', member: 'QAT' },
    });
    expect(member.statusCode).toBe(403);
    const sec = { authorization: `Bearer ${await node.tokenFor(null)}` };
    const missing = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: sec,
      payload: { role: 'member', member: 'QAT' },
    });
    expect(missing.json()).toMatchObject({ status: 400, field: 'body/user' });
    const extra = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: sec,
      payload: { user: 'u', role: 'member', member: 'QAT', admin: true },
    });
    expect(extra.json()).toMatchObject({ status: 400, field: 'body/admin' });
    const unknownMember = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: sec,
      payload: { user: 'u', role: 'member', member: 'ZZZ' },
    });
    expect(unknownMember.json()).toMatchObject({ status: 400, field: 'body/member' });
    expect(
      (
        await node.store.db
          .withTables<TokenTables>()
          .selectFrom('api_tokens')
          .select(['id'])
          .execute()
      ).length,
    ).toBe(before + 2);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: sec,
      payload: { user: 'analyst', role: 'member', member: 'QAT', clearance: 'SECRET' },
    });
    expect(ok.statusCode).toBe(201);
    const who = await app.inject({
      url: '/api/whoami',
      headers: { authorization: `Bearer ${ok.json().token}` },
    });
    expect(who.json()).toMatchObject({
      role: 'member',
      member: 'QAT',
      user: 'analyst',
      clearance: 'SECRET',
    });
  });

  it('rejects a forged or malformed token with 401, never treating it as public', async () => {
    for (const h of [
      'Bearer thf_tok_00000000000000000000.aaaaaaaaaaaaaaaaaaaaaaaa',
      'Bearer nonsense',
      'Basic ' + Buffer.from('u:bad').toString('base64'),
    ]) {
      const r = await app.inject({ url: '/api/health', headers: { authorization: h } });
      expect(r.statusCode).toBe(401);
    }
  });

  it('accepts HTTP Basic with the token as password', async () => {
    const t = await node.tokenFor('SAU', { user: 'riyadh' });
    const r = await app.inject({
      url: '/api/whoami',
      headers: { authorization: 'Basic ' + Buffer.from(`riyadh:${t}`).toString('base64') },
    });
    expect(r.json()).toMatchObject({ member: 'SAU' });
  });

  it('answers 413 for a body over the limit and 415 for an unknown media type', async () => {
    const sec = { authorization: `Bearer ${await node.tokenFor(null)}` };
    const big = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { ...sec, 'content-type': 'application/json' },
      payload: JSON.stringify({ user: 'x'.repeat(node.config.bodyLimit + 10) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ status: 413, code: 'body_too_large' });
    const xml = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { ...sec, 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    expect(xml.statusCode).toBe(415);
  });

  it('serves the OpenAPI document describing every route', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/states',
      '/api/alliances/{id}/members',
      '/api/record',
      '/api/events',
      '/api/health',
    ])
      expect(doc.paths[p]).toBeDefined();
    expect((await app.inject('/api/docs')).statusCode).toBeLessThan(400);
  });

  it('serves the record and the public keys that verify it', async () => {
    const rec = (await app.inject('/api/record?type=registry.seeded')).json();
    expect(rec.acts[0]).toMatchObject({ actor: 'SECRETARIAT', type: 'registry.seeded', seq: 1 });
    const ids = (await app.inject('/api/identities')).json();
    expect(
      ids.some(
        (k: { actor: string; keyId: string }) =>
          k.actor === 'SECRETARIAT' && k.keyId === rec.acts[0].keyId,
      ),
    ).toBe(true);
  });
});

describeEachDialect('api: strict bodies and token lifecycle', (dialect) => {
  const { node, app } = useTestApp({ dialect });

  it('never converts body types: a number or boolean where text is required is an error, and nothing is stored', async () => {
    const sec = { authorization: `Bearer ${await node.tokenFor(null)}` };
    const count = async () =>
      (
        await node.store.db
          .withTables<TokenTables>()
          .selectFrom('api_tokens')
          .select('id')
          .execute()
      ).length;
    const before = await count();
    for (const user of [123, true, null, ['a']]) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: sec,
        payload: { user, role: 'member', member: 'QAT' },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().field).toBe('body/user');
    }
    const mixed = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: sec,
      payload: { user: 'u', role: 'secretariat', member: 'QAT' },
    });
    expect(mixed.json()).toMatchObject({ status: 400, field: 'body/member' });
    expect(await count()).toBe(before);
  });

  it('still coerces query strings (limit=5 is a number)', async () => {
    const r = await app.inject('/api/record?limit=1');
    expect(r.statusCode).toBe(200);
    expect(r.json().acts).toHaveLength(1);
    expect((await app.inject('/api/record?limit=many')).json()).toMatchObject({
      status: 400,
      field: 'query/limit',
    });
  });

  it('revokes a token: it stops working at once; revoking again is 404', async () => {
    const sec = { authorization: `Bearer ${await node.tokenFor(null)}` };
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: sec,
        payload: { user: 'temp', role: 'member', member: 'OMN' },
      })
    ).json();
    const auth = { authorization: `Bearer ${created.token}` };
    expect((await app.inject({ url: '/api/whoami', headers: auth })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${created.id}`, headers: auth }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${created.id}`, headers: sec }))
        .statusCode,
    ).toBe(204);
    expect((await app.inject({ url: '/api/whoami', headers: auth })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${created.id}`, headers: sec }))
        .statusCode,
    ).toBe(404);
  });
});

describe('api: registry answers say what is uncertain', () => {
  const { app } = useTestApp();

  it('flags unverified IMCTC members and a proposed alliance', async () => {
    const imctc = (await app.inject('/api/alliances/imctc/members?date=2024-01-01')).json();
    expect(imctc.status).toBe('in_force');
    const unverified = imctc.members
      .filter((m: { certainty: string }) => m.certainty === 'unverified')
      .map((m: { state: string }) => m.state);
    expect(unverified.sort()).toEqual(['BFA', 'BRN', 'GMB', 'GNB']);
    const jaf = (
      await app.inject('/api/alliances/joint-arab-force/members?date=2025-10-01')
    ).json();
    expect(jaf.status).toBe('proposed');
  });

  it('reports an alliance of unknown date only from the earliest source, with the entry date marked unknown', async () => {
    expect(
      (await app.inject('/api/alliances/mar-are-mrt/members?date=1900-01-01')).json().members,
    ).toEqual([]);
    const later = (await app.inject('/api/alliances/mar-are-mrt/members?date=2025-10-01')).json()
      .members;
    expect(later.map((m: { state: string }) => m.state)).toEqual(['ARE', 'MAR', 'MRT']);
    expect(later.every((m: { entryDateKnown: boolean }) => m.entryDateKnown === false)).toBe(true);
  });

  it('refuses unknown query parameters on every registry route', async () => {
    for (const url of [
      '/api/states?x=1',
      '/api/alliances?x=1',
      '/api/alliances/gcc?x=1',
      '/api/events?from=abc',
    ]) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().field).toMatch(/^query\//);
    }
  });
});

it('documents problem-details error responses on every JSON API route', async () => {
  const node = await openTestNode();
  const app = await buildTestApp(node);
  const doc = (await app.inject('/api/openapi.json')).json();
  const missing: string[] = [];
  for (const [path, ops] of Object.entries(
    doc.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>,
  )) {
    if (!path.startsWith('/api/')) continue;
    for (const [method, op] of Object.entries(ops))
      if (!op.responses?.['4XX'] && !op.responses?.['4xx']) missing.push(`${method} ${path}`);
  }
  expect(missing).toEqual([]);
  await app.close();
  await node.close();
});
