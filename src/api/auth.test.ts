import type { TokenTables } from '../runtime/tokens.js';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { buildTestApp, openTestNode, useTestApp } from '../app/testing.js';
import { ManualClock } from '../core/clock.js';

const PUBLIC = 'http://localhost:8080';
const demo = (
  member: string,
  headers: Record<string, string> = {},
  remoteAddress = '127.0.0.1',
) => ({
  method: 'POST' as const,
  url: '/api/auth/demo-login',
  payload: { member },
  headers: { host: 'localhost:8080', ...headers },
  remoteAddress,
});

describe('#16.1 demo login is off unless enabled', () => {
  const { app } = useTestApp();

  it('refuses demo login on a node started without TAHALUF_DEMO_LOGIN=1, even from loopback', async () => {
    const r = await app.inject(demo('QAT'));
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toMatch(/disabled/);
    expect((await app.inject('/api/health')).json().demoLogin).toBe(false);
  });
});

describeEachDialect('#16.1/#16.2 demo login when enabled', (dialect) => {
  const { node, app } = useTestApp({
    dialect,
    env: { TAHALUF_DEMO_LOGIN: '1', TAHALUF_PUBLIC_URL: PUBLIC },
  });

  it('gives a short-lived member token marked as demo, from loopback with the public Host', async () => {
    const r = await app.inject(demo('QAT', { origin: PUBLIC }));
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ member: 'QAT', demo: true });
    const hours = (Date.parse(body.expiresAt) - node.clock.now().getTime()) / 3600_000;
    expect(hours).toBeGreaterThan(11);
    expect(hours).toBeLessThanOrEqual(12);
    const who = await app.inject({
      url: '/api/whoami',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(who.json()).toMatchObject({ role: 'member', member: 'QAT' });
    const row = await node.store.db
      .withTables<TokenTables>()
      .selectFrom('api_tokens')
      .select(['kind', 'expires_at'])
      .where('id', '=', who.json().tokenId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'demo', expires_at: body.expiresAt });
  });

  it('#16.1 never gives the secretariat role', async () => {
    const r = await app.inject(demo('SECRETARIAT'));
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toBe('body/member');
  });

  it('#16.1 refuses a foreign Host (a proxy or DNS rebinding), a foreign Origin, proxy headers and non-loopback sockets', async () => {
    const refusals = [
      demo('QAT', { host: 'tahaluf.example.org' }),
      demo('QAT', { host: 'attacker.example:8080' }),
      demo('QAT', { origin: 'http://attacker.example:8080' }),
      demo('QAT', { 'x-forwarded-for': '203.0.113.9' }),
      demo('QAT', { forwarded: 'for=203.0.113.9' }),
      demo('QAT', {}, '10.1.2.3'),
    ];
    for (const req of refusals) {
      const r = await app.inject(req);
      expect(r.statusCode, JSON.stringify(req.headers) + req.remoteAddress).toBe(403);
    }
  });
});

describe('#16.1 demo login refused on a node whose public URL is not this machine', () => {
  const { app } = useTestApp({
    env: { TAHALUF_DEMO_LOGIN: '1', TAHALUF_PUBLIC_URL: 'https://tahaluf.example.org' },
  });

  it('refuses even a loopback request that names the public host', async () => {
    const r = await app.inject(demo('QAT', { host: 'tahaluf.example.org' }));
    expect(r.statusCode).toBe(403);
  });
});

describeEachDialect('#16.2 tokens: demo tokens die with demo login, expiry, minting', (dialect) => {
  it('#16.2 a node restarted with demo login off refuses demo tokens minted earlier', async () => {
    const withDemo = await openTestNode({
      dialect,
      env: { TAHALUF_DEMO_LOGIN: '1', TAHALUF_PUBLIC_URL: PUBLIC },
    });
    const app = await buildTestApp(withDemo);
    const { token } = (await app.inject(demo('OMN'))).json();
    const auth = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/whoami', headers: auth })).statusCode).toBe(200);
    await app.close();
    // The same store, opened by a node without demo login (a restart with TAHALUF_DEMO_LOGIN unset).
    const { openNode } = await import('../app/node.js');
    const { loadConfig } = await import('../core/config.js');
    const restarted = await openNode(
      { ...loadConfig({}), dataDir: '/nonexistent-test-data-dir', port: 0 },
      { store: withDemo.store, ephemeralKeys: true, seedModules: false },
    );
    const app2 = await buildTestApp(restarted);
    expect((await app2.inject({ url: '/api/whoami', headers: auth })).statusCode).toBe(401);
    await app2.close();
    await withDemo.close();
  });

  it('#16.2 tokens expire (default 90 days; --expires / expiresInDays shorter)', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const node = await openTestNode({ dialect, clock });
    const app = await buildTestApp(node);
    const sec = { authorization: `Bearer ${await node.tokenFor(null, { clearance: 'SECRET' })}` };
    const short = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: sec,
      payload: { user: 'temp', role: 'member', member: 'QAT', expiresInDays: 2 },
    });
    expect(short.json().expiresAt).toBe('2026-01-03T00:00:00.000Z');
    const shortAuth = { authorization: `Bearer ${short.json().token}` };
    expect((await app.inject({ url: '/api/whoami', headers: shortAuth })).statusCode).toBe(200);
    clock.advance(2 * 24 * 3600_000);
    expect((await app.inject({ url: '/api/whoami', headers: shortAuth })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/whoami', headers: sec })).statusCode).toBe(200);
    clock.advance(88 * 24 * 3600_000);
    expect((await app.inject({ url: '/api/whoami', headers: sec })).statusCode).toBe(401);
    await app.close();
    await node.close();
  });

  it('#16.2 a minted token is never cleared above the minting principal', async () => {
    const node = await openTestNode({ dialect });
    const app = await buildTestApp(node);
    const sec = { authorization: `Bearer ${await node.tokenFor(null, { clearance: 'SECRET' })}` };
    for (const payload of [
      { user: 'x', role: 'member', member: 'QAT', clearance: 'TOP SECRET' },
      { user: 'x', role: 'secretariat', clearance: 'TOP SECRET' },
    ]) {
      const r = await app.inject({ method: 'POST', url: '/api/tokens', headers: sec, payload });
      expect(r.statusCode).toBe(403);
    }
    const ok = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: sec,
      payload: { user: 'x', role: 'member', member: 'QAT', clearance: 'SECRET' },
    });
    expect(ok.statusCode).toBe(201);
    // act-as mints a member session at the caller's clearance, no higher.
    const as = await app.inject({
      method: 'POST',
      url: '/api/auth/act-as',
      headers: sec,
      payload: { member: 'KWT' },
    });
    const who = await app.inject({
      url: '/api/whoami',
      headers: { authorization: `Bearer ${as.json().token}` },
    });
    expect(who.json()).toMatchObject({ role: 'member', member: 'KWT', clearance: 'SECRET' });
    const member = { authorization: `Bearer ${await node.tokenFor('QAT')}` };
    const refused = await app.inject({
      method: 'POST',
      url: '/api/auth/act-as',
      headers: member,
      payload: { member: 'KWT' },
    });
    expect(refused.statusCode).toBe(403);
    await app.close();
    await node.close();
  });

  it('a one-time sign-in code gives a 12-hour session cookie once, and is no bearer token itself', async () => {
    const node = await openTestNode({ dialect });
    const app = await buildTestApp(node);
    const { signinLink } = await import('./signin-link.js');
    const link = (await signinLink(node, PUBLIC))!;
    expect(link.startsWith(`${PUBLIC}/#signin=thf_`)).toBe(true);
    const code = link.split('#signin=')[1];
    expect(
      (await app.inject({ url: '/api/whoami', headers: { authorization: `Bearer ${code}` } }))
        .statusCode,
    ).toBe(401);
    const first = await app.inject({
      method: 'POST',
      url: '/api/auth/signin',
      payload: { code },
    });
    expect(first.json()).toMatchObject({ member: 'SECRETARIAT', role: 'secretariat' });
    // The session is a cookie (HttpOnly), never a token handed to the page's script.
    expect(first.json().token).toBeUndefined();
    const cookie = (first.cookies as { name: string; value: string; httpOnly?: boolean }[])[0];
    expect(cookie.httpOnly).toBe(true);
    const who = await app.inject({
      url: '/api/whoami',
      cookies: { [cookie.name]: cookie.value },
    });
    expect(who.json()).toMatchObject({ role: 'secretariat' });
    const again = await app.inject({ method: 'POST', url: '/api/auth/signin', payload: { code } });
    expect(again.statusCode).toBe(401);
    await app.close();
    await node.close();
  });
});

describe('#16.10 links are built from TAHALUF_PUBLIC_URL, never from the Host header', () => {
  const { node, app } = useTestApp({ env: { TAHALUF_PUBLIC_URL: 'https://tahaluf.example.org' } });

  it('TAXII discovery and the CAP Atom feed ignore a forged Host', async () => {
    const auth = { authorization: `Bearer ${await node.tokenFor('QAT')}` };
    const discovery = await app.inject({
      url: '/taxii2/',
      headers: { ...auth, host: 'attacker.example', accept: 'application/taxii+json;version=2.1' },
    });
    expect(discovery.statusCode).toBe(200);
    expect(JSON.parse(discovery.body).api_roots).toEqual([
      'https://tahaluf.example.org/taxii2/api1/',
    ]);
    const feed = await app.inject({
      url: '/cap/QAT.atom',
      headers: { ...auth, host: 'attacker.example' },
    });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).not.toContain('attacker.example');
    expect(feed.body).toContain('https://tahaluf.example.org/');
  });
});

describe('#16.10 repeated failed authentication is answered 429', () => {
  const { node, app } = useTestApp({ env: { TAHALUF_AUTH_FAILURES_PER_MINUTE: '30' } });

  it('#16.10 after 30 failures in a minute one address gets 429 with Retry-After; others are unaffected', async () => {
    const good = { authorization: `Bearer ${await node.tokenFor('QAT')}` };
    const bad = { authorization: 'Bearer thf_tok_00000000000000000000.aaaaaaaaaaaaaaaaaaaaaaaa' };
    const from = '198.51.100.7';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 40; attempt++)
      statuses.push(
        (await app.inject({ url: '/api/whoami', headers: bad, remoteAddress: from })).statusCode,
      );
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    const limited = await app.inject({ url: '/api/whoami', headers: good, remoteAddress: from });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Public reads from that address still work; another address is not limited.
    expect((await app.inject({ url: '/api/health', remoteAddress: from })).statusCode).toBe(200);
    expect(
      (await app.inject({ url: '/api/whoami', headers: good, remoteAddress: '198.51.100.8' }))
        .statusCode,
    ).toBe(200);
  });
});
