import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { useTestApp } from '../app/testing.js';
import { TOKEN_CACHE_TTL_MS } from '../runtime/tokens.js';

const PUBLIC = 'http://127.0.0.1:8080';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Cookie {
  name: string;
  value: string;
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
  maxAge?: number;
  expires?: Date;
}
const cookiesOf = (r: { cookies: unknown }) => r.cookies as Cookie[];

/** A console session cookie made from a bearer token (as the console's "sign in with a token" does). */
async function cookieSession(app: FastifyInstance, bearer: string) {
  const r = await app.inject({
    method: 'POST',
    url: '/api/auth/token-session',
    headers: { authorization: `Bearer ${bearer}`, origin: PUBLIC },
  });
  expect(r.statusCode, r.body).toBe(200);
  const cookie = cookiesOf(r).find((c) => c.name.endsWith('tahaluf_session'))!;
  const session = await app.inject({
    url: '/api/auth/session',
    cookies: { [cookie.name]: cookie.value },
  });
  const body = session.json<{ csrf: string; id: string; member: string; role: string }>();
  return { cookie, csrf: body.csrf, id: body.id, body, jar: { [cookie.name]: cookie.value } };
}

const consultation = (matter: string, extra: Record<string, unknown> = {}) => ({
  charterId: 'gcc',
  kind: 'consultation',
  title: 'Consultations on a threat',
  matter,
  grounds: ['security'],
  ...extra,
});

describe('console session cookies (#13.12, #16.8)', () => {
  const { node, app } = useTestApp({ env: { TAHALUF_PUBLIC_URL: PUBLIC } });

  it('cookie flags: the session is HttpOnly, SameSite=Strict, Path=/, not readable as a bearer-less token; no Secure on plain-http loopback', async () => {
    const { cookie, body } = await cookieSession(app, await node.tokenFor('QAT'));
    expect(cookie).toMatchObject({
      name: 'tahaluf_session',
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.maxAge).toBeGreaterThan(0);
    expect(cookie.maxAge).toBeLessThanOrEqual(12 * 3600);
    expect(body).toMatchObject({ role: 'member', member: 'QAT' });
    // The session answer never carries the session token itself.
    expect(JSON.stringify(body)).not.toContain(cookie.value);
  });

  it('CSRF: a cookie-authenticated write needs the CSRF header and this origin; refused ones record nothing', async () => {
    const s = await cookieSession(app, await node.tokenFor('QAT'));
    const before = await node.record.count();
    const attempts = [
      // A cross-origin form POST: another origin, no CSRF header, a form body.
      {
        headers: {
          origin: 'http://127.0.0.1:9999',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'charterId=gcc&kind=consultation&title=forged&matter=forged',
      },
      // Same origin but no CSRF token (e.g. a form on a page that is not the console).
      { headers: { origin: PUBLIC }, payload: consultation('csrf-a') },
      // The right token from another origin.
      {
        headers: { origin: 'http://evil.example', 'x-tahaluf-csrf': s.csrf },
        payload: consultation('csrf-b'),
      },
      // A wrong token.
      {
        headers: { origin: PUBLIC, 'x-tahaluf-csrf': 'x'.repeat(43) },
        payload: consultation('csrf-c'),
      },
      // No Origin, but the browser says the request is cross-site.
      {
        headers: { 'sec-fetch-site': 'cross-site', 'x-tahaluf-csrf': s.csrf },
        payload: consultation('csrf-d'),
      },
    ];
    for (const a of attempts) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/council/procedures',
        cookies: s.jar,
        headers: a.headers,
        payload: a.payload,
      });
      expect(r.statusCode, JSON.stringify(a.headers)).toBe(403);
      expect(r.json().code).toBe('csrf_refused');
    }
    expect(await node.record.count()).toBe(before);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      cookies: s.jar,
      headers: { origin: PUBLIC, 'x-tahaluf-csrf': s.csrf },
      payload: consultation('csrf-ok'),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await node.record.count()).toBe(before + 1);
    // Bearer-token clients (machines) need no CSRF header.
    const machine = await app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      headers: { authorization: `Bearer ${await node.tokenFor('KWT')}` },
      payload: consultation('machine'),
    });
    expect(machine.statusCode, machine.body).toBe(201);
  });

  it('sign-in routes refuse other origins (no login CSRF)', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/token-session',
      headers: { origin: 'http://evil.example' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('csrf_refused');
  });

  it('a revoked session ends within a second: reads turn public (x-tahaluf-session: ended), writes 401', async () => {
    const s = await cookieSession(app, await node.tokenFor('QAT'));
    expect((await app.inject({ url: '/api/whoami', cookies: s.jar })).json().member).toBe('QAT');
    expect(await node.tokens.revoke(s.id)).toBe(true);
    await sleep(TOKEN_CACHE_TTL_MS + 50);
    const who = await app.inject({ url: '/api/whoami', cookies: s.jar });
    expect(who.json().role).toBe('public');
    expect(who.headers['x-tahaluf-session']).toBe('ended');
    // The dead cookie is cleared.
    expect(cookiesOf(who).find((c) => c.name === 'tahaluf_session')?.value).toBe('');
    const write = await app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      cookies: s.jar,
      headers: { origin: PUBLIC, 'x-tahaluf-csrf': s.csrf },
      payload: consultation('after-revoke'),
    });
    expect(write.statusCode).toBe(401);
    expect(write.json().detailCode).toBe('session_ended');
    // A read that needs a member says why it is refused: the session ended, not "no token".
    const feed = await app.inject({ url: '/api/intel/feed', cookies: s.jar });
    expect(feed.statusCode).toBe(401);
    expect(feed.json()).toMatchObject({ code: 'unauthorized', detailCode: 'session_ended' });
    const anonymous = await app.inject({ url: '/api/intel/feed' });
    expect(anonymous.json()).toMatchObject({
      code: 'unauthorized',
      detailCode: 'sign_in_required',
    });
  });

  it('a session replaced by another sign-in of the same browser (act-as another member): a request sent with it before the switch is answered as the public, without clearing the cookie (by then the new one) or saying "ended"', async () => {
    const s = await cookieSession(app, await node.tokenFor(null, { clearance: 'SECRET' }));
    const actAs = (jar: Record<string, string>, csrf: string, member: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/act-as',
        cookies: jar,
        headers: { origin: PUBLIC, 'x-tahaluf-csrf': csrf },
        payload: { member },
      });
    const jarOf = (jar: Record<string, string>, r: { cookies: unknown }) => ({
      ...jar,
      ...Object.fromEntries(cookiesOf(r).map((c) => [c.name, c.value])),
    });
    const asKwt = await actAs(s.jar, s.csrf, 'KWT');
    expect(asKwt.statusCode, asKwt.body).toBe(200);
    const kwtJar = jarOf(s.jar, asKwt);
    const kwt = (await app.inject({ url: '/api/auth/session', cookies: kwtJar })).json();
    expect(kwt.member).toBe('KWT');
    const asQat = await actAs(kwtJar, kwt.csrf, 'QAT');
    expect(asQat.statusCode, asQat.body).toBe(200);
    await sleep(TOKEN_CACHE_TTL_MS + 50);
    // A read the page sent as KWT that reaches the node only now.
    const late = await app.inject({ url: '/api/whoami', cookies: kwtJar });
    expect(late.json().role).toBe('public');
    expect(late.headers['x-tahaluf-session']).toBeUndefined();
    expect(cookiesOf(late).find((c) => c.name === 'tahaluf_session')).toBeUndefined();
    // A late write is still refused, as the session's end.
    const write = await app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      cookies: kwtJar,
      headers: { origin: PUBLIC, 'x-tahaluf-csrf': kwt.csrf },
      payload: consultation('after-replace'),
    });
    expect(write.statusCode).toBe(401);
    expect(write.headers['x-tahaluf-session']).toBeUndefined();
    // The browser's cookie now is QAT's, and stays so.
    const qatJar = jarOf(kwtJar, asQat);
    expect((await app.inject({ url: '/api/whoami', cookies: qatJar })).json().member).toBe('QAT');
  });

  it('sign-out revokes the session on the server: the old cookie replayed is no one', async () => {
    const s = await cookieSession(app, await node.tokenFor('QAT'));
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/signout',
      cookies: s.jar,
      headers: { origin: PUBLIC, 'x-tahaluf-csrf': s.csrf },
    });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ provider: null, endSessionUrl: null });
    expect(cookiesOf(out).find((c) => c.name === 'tahaluf_session')?.value).toBe('');
    const replay = await app.inject({ url: '/api/auth/session', cookies: s.jar });
    expect(replay.json()).toMatchObject({ signedIn: false, role: 'public' });
  });

  it("a member's session cannot act as another member: act-as, demo login, token minting and forged fields all fail", async () => {
    const s = await cookieSession(app, await node.tokenFor('QAT'));
    const write = (url: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url,
        cookies: s.jar,
        headers: { origin: PUBLIC, 'x-tahaluf-csrf': s.csrf },
        payload: payload as Record<string, unknown>,
      });
    expect((await write('/api/auth/act-as', { member: 'KWT' })).statusCode).toBe(403);
    expect((await write('/api/auth/demo-login', { member: 'KWT' })).statusCode).toBe(403);
    expect(
      (await write('/api/tokens', { user: 'x', role: 'member', member: 'KWT' })).statusCode,
    ).toBe(403);
    expect((await write('/api/auth/act-as/end', {})).statusCode).toBe(403);
    // A forged member or actor in the body never changes who acts.
    const kwtBefore = await node.record.countMatching({ actor: 'KWT' });
    const forged = await write(
      '/api/council/procedures',
      consultation('forged-member', { member: 'KWT', actor: 'KWT', requester: 'KWT' }),
    );
    expect([201, 400]).toContain(forged.statusCode);
    expect(await node.record.countMatching({ actor: 'KWT' })).toBe(kwtBefore);
    // The session is still QAT's.
    expect((await app.inject({ url: '/api/whoami', cookies: s.jar })).json().member).toBe('QAT');
  });

  it('a secretariat console session acts as a member and back, the secretariat session kept in an HttpOnly cookie', async () => {
    const s = await cookieSession(app, await node.tokenFor(null, { clearance: 'SECRET' }));
    expect(s.body.role).toBe('secretariat');
    const as = await app.inject({
      method: 'POST',
      url: '/api/auth/act-as',
      cookies: s.jar,
      headers: { origin: PUBLIC, 'x-tahaluf-csrf': s.csrf },
      payload: { member: 'KWT' },
    });
    expect(as.statusCode, as.body).toBe(200);
    expect(as.json().token).toBeUndefined();
    const jar = Object.fromEntries(cookiesOf(as).map((c) => [c.name, c.value]));
    expect(cookiesOf(as).every((c) => c.httpOnly && c.sameSite === 'Strict')).toBe(true);
    const now = (await app.inject({ url: '/api/auth/session', cookies: jar })).json();
    expect(now).toMatchObject({
      role: 'member',
      member: 'KWT',
      operator: true,
      clearance: 'SECRET',
    });
    const back = await app.inject({
      method: 'POST',
      url: '/api/auth/act-as/end',
      cookies: jar,
      headers: { origin: PUBLIC, 'x-tahaluf-csrf': now.csrf },
    });
    expect(back.statusCode, back.body).toBe(200);
    const jar2 = { ...jar, ...Object.fromEntries(cookiesOf(back).map((c) => [c.name, c.value])) };
    const after = (await app.inject({ url: '/api/auth/session', cookies: jar2 })).json();
    expect(after).toMatchObject({ role: 'secretariat', operator: false });
  });
});

describe('console session cookies behind HTTPS (#16.8)', () => {
  const { node, app } = useTestApp({ env: { TAHALUF_PUBLIC_URL: 'https://tahaluf.example.org' } });

  it('cookie flags: Secure and the __Host- prefix when the public URL is https', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/token-session',
      headers: { authorization: `Bearer ${await node.tokenFor('QAT')}` },
    });
    expect(r.statusCode).toBe(200);
    expect(cookiesOf(r)[0]).toMatchObject({
      name: '__Host-tahaluf_session',
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
  });
});
