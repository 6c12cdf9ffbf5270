import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, runCliAsync } from '../support/cli.js';
import { TOKEN_CACHE_TTL_MS } from '../../src/runtime/tokens.js';
import { freeLoopbackPort, readFirstLine } from '../support/processes.js';
import { actingMember, chooseMember, pickerOptions, sessionOf, useBrowserNode } from './harness.js';

/**
 * #13.12 sign-in with the member's identity provider, against a real OpenID Connect provider (the certified
 * `oidc-provider` package) running in its own process on loopback with its own login page. The node is the
 * secretariat node with demo login OFF; its one provider vouches for Qatar only.
 */
const idpPort = await freeLoopbackPort();
const issuer = `http://127.0.0.1:${idpPort}`;
// A second provider whose discovery document has no end_session_endpoint (no RP-initiated logout).
const plainIdpPort = await freeLoopbackPort();
const plainIssuer = `http://127.0.0.1:${plainIdpPort}`;
const configDir = mkdtempSync(join(tmpdir(), 'tahaluf-oidc-'));
const oidcConfig = join(configDir, 'oidc.json');
writeFileSync(
  oidcConfig,
  JSON.stringify({
    providers: [
      {
        id: 'qat-mod',
        label: 'Qatar Ministry of Defence',
        issuer,
        clientId: 'tahaluf-console',
        clientSecretEnv: 'TEST_OIDC_SECRET',
        scopes: ['openid', 'email', 'tahaluf'],
        members: ['QAT'],
        memberClaim: 'tahaluf_member',
        userClaim: 'email',
        clearanceClaim: 'tahaluf_clearance',
        maxClearance: 'SECRET',
      },
      {
        id: 'qat-moi',
        label: 'Qatar Ministry of Interior',
        issuer: plainIssuer,
        clientId: 'tahaluf-console',
        clientSecretEnv: 'TEST_OIDC_SECRET',
        scopes: ['openid', 'email', 'tahaluf'],
        members: ['QAT'],
        memberClaim: 'tahaluf_member',
        userClaim: 'email',
        clearanceClaim: 'tahaluf_clearance',
        maxClearance: 'SECRET',
      },
    ],
  }),
);
process.env.TEST_OIDC_SECRET = 'a-test-client-secret-of-some-length';
const USERS = {
  'analyst-qat': {
    email: 'analyst@mod.qa.test',
    tahaluf_member: 'QAT',
    tahaluf_clearance: 'TOP SECRET',
  },
  // The QAT provider has a user who says Kuwait: the node must not believe it for Kuwait.
  'claims-kwt': { email: 'x@mod.qa.test', tahaluf_member: 'KWT', tahaluf_clearance: 'SECRET' },
};

/** Chooses "Sign in with <provider>" in the picker; resolves at the provider's login page or back at the console. */
async function startSignIn(
  page: Page,
  nodeUrl: string,
  provider = 'qat-mod',
  at = issuer,
): Promise<'login page' | 'console'> {
  const start = `${nodeUrl}/#/map`;
  // A fresh load (a hash-only change would keep the console's session in memory after clearCookies).
  await page.goto('about:blank');
  await page.goto(start);
  const picker = page.locator('[data-testid="member-select"]');
  await picker.click();
  await picker.fill('Sign in with Qatar');
  await page.locator(`[data-testid="member-select-option-oidc:${provider}"]`).click();
  // On to the provider's own login page (another origin), unless the provider's session still knows
  // the user (after a revocation or a sign-out here only), in which case it sends the browser straight
  // back (to #/, not the #/map it left from).
  await page.waitForURL(
    (u) =>
      (u.origin === at && u.pathname.startsWith('/interaction/')) ||
      (u.origin === nodeUrl && !u.pathname.startsWith('/api/') && u.href !== start),
  );
  return new URL(page.url()).origin === at ? 'login page' : 'console';
}

async function signInAtProvider(
  page: Page,
  nodeUrl: string,
  user: string,
  provider = 'qat-mod',
  at = issuer,
): Promise<void> {
  if ((await startSignIn(page, nodeUrl, provider, at)) === 'login page') {
    await page.fill('[data-testid="idp-login"]', user);
    await page.click('[data-testid="idp-submit"]');
    await page.waitForURL((u) => u.origin === nodeUrl && !u.pathname.startsWith('/api/'));
  }
}

describe('#13.12 OpenID Connect sign-in against a real provider process', () => {
  const node = useBrowserNode({
    env: { TAHALUF_DEMO_LOGIN: '0', TAHALUF_OIDC_CONFIG: oidcConfig },
  });
  let idp: ChildProcess | undefined;
  let plainIdp: ChildProcess | undefined;
  let attacker: Server | undefined;

  const startIdp = async (port: number, env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [join(ROOT, 'test/support/oidc-idp.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        IDP_PORT: String(port),
        IDP_CLIENT_ID: 'tahaluf-console',
        IDP_CLIENT_SECRET: process.env.TEST_OIDC_SECRET,
        IDP_REDIRECT_URI: `${node.url}/api/auth/oidc/callback`,
        IDP_POST_LOGOUT_REDIRECT_URI: `${node.url}/api/auth/oidc/logout-callback`,
        IDP_USERS: JSON.stringify(USERS),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    expect(await readFirstLine(child, 60_000)).toBe(`http://127.0.0.1:${port}`);
    return child;
  };

  beforeAll(async () => {
    idp = await startIdp(idpPort);
    plainIdp = await startIdp(plainIdpPort, { IDP_NO_LOGOUT: '1' });
  }, 120_000);
  afterAll(async () => {
    idp?.kill('SIGTERM');
    plainIdp?.kill('SIGTERM');
    await new Promise<void>((r) => (attacker ? attacker.close(() => r()) : r()));
  });

  it('a Qatari analyst signs in at the provider (code + PKCE, state, nonce) and acts as QAT, clearance capped by the node', async () => {
    const { page } = node;
    await page.context().clearCookies();
    await page.goto(`${node.url}/#/map`);
    // Demo login is off: no states to pick, and no demo notice.
    expect(await pickerOptions(page)).toEqual([
      'Public (no member)',
      'Sign in with Qatar Ministry of Defence',
      'Sign in with Qatar Ministry of Interior',
      'Sign in with a token…',
    ]);
    expect(await page.locator('[data-testid="demo-notice"]').count()).toBe(0);
    await signInAtProvider(page, node.url, 'analyst-qat');
    await expect.poll(() => actingMember(page)).toBe('QAT');
    const s = await sessionOf(page);
    expect(s).toMatchObject({ role: 'member', member: 'QAT', demo: false });
    expect(s).toMatchObject({ source: 'oidc:qat-mod', clearance: 'SECRET' }); // TOP SECRET claimed, SECRET max
    // The session is an HttpOnly SameSite=Strict cookie; no token is readable by the page.
    const cookie = (await page.context().cookies(node.url)).find(
      (c) => c.name === 'tahaluf_session',
    );
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => JSON.stringify(localStorage) + document.cookie)).not.toMatch(
      /thf_/,
    );
    await node.screenshot('oidc-signed-in-qat');
  });

  it("a member's user cannot act as another member by any control of the console", async () => {
    const { page } = node;
    expect(await actingMember(page)).toBe('QAT');
    // The picker offers no other state.
    const options = await pickerOptions(page);
    expect(options.filter((o) => /\([A-Z]{3}\)/.test(o) && !o.includes('QAT'))).toEqual([]);
    // Through the API with the page's own session and CSRF token: act-as, demo login, token minting,
    // and a write naming another member in every field that could carry one.
    const results = await page.evaluate(async () => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrf: string };
      const post = async (url: string, body: unknown) =>
        (
          await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-tahaluf-csrf': session.csrf },
            body: JSON.stringify(body),
          })
        ).status;
      return {
        actAs: await post('/api/auth/act-as', { member: 'KWT' }),
        demo: await post('/api/auth/demo-login', { member: 'KWT' }),
        token: await post('/api/tokens', { user: 'x', role: 'member', member: 'KWT' }),
        secretariat: await post('/api/tokens', { user: 'x', role: 'secretariat' }),
        forged: await post('/api/council/procedures', {
          charterId: 'gcc',
          kind: 'consultation',
          title: 'Forged as Kuwait',
          matter: 'forged-kuwait',
          grounds: ['security'],
          member: 'KWT',
          actor: 'KWT',
        }),
      };
    });
    expect(results).toMatchObject({ actAs: 403, demo: 403, token: 403, secretariat: 403 });
    expect([201, 400]).toContain(results.forged);
    const kwtActs = await node.api<{ acts: { actor: string; subject: string }[] }>(
      '/api/record?actor=KWT&typePrefix=council',
    );
    expect(kwtActs.body.acts).toEqual([]);
    expect((await sessionOf(page)).member).toBe('QAT');
  });

  it('CSRF: a form posted from another origin with the session cookie is refused, and nothing is recorded', async () => {
    const { page } = node;
    const before = (await node.api<{ total: number }>('/api/record?limit=1')).body.total;
    // Another site's page on this machine (same site for SameSite: 127.0.0.1, another port).
    const port = await freeLoopbackPort();
    attacker = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><form id="f" method="post" action="${node.url}/api/council/procedures">
        <input name="charterId" value="gcc"><input name="kind" value="consultation">
        <input name="title" value="Forged by another page"><input name="matter" value="csrf-forged">
        </form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((r) => attacker!.listen(port, '127.0.0.1', () => r()));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForURL(`${node.url}/api/council/procedures`);
    const answer = (await page.locator('body').textContent()) ?? '';
    expect(answer).toContain('csrf_refused');
    expect((await node.api<{ total: number }>('/api/record?limit=1')).body.total).toBe(before);
    // The session itself is untouched.
    await page.goto(`${node.url}/#/map`);
    await expect.poll(() => actingMember(page)).toBe('QAT');
  });

  it('a revoked session ends on the open console within a second (tahaluf token revoke)', async () => {
    const { page } = node;
    const { id } = await sessionOf(page);
    // The operator's CLI, another process on the node's database.
    const revoked = await runCliAsync(['token', 'revoke', id!], { TAHALUF_DATA_DIR: node.dataDir });
    expect(revoked.status, revoked.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, TOKEN_CACHE_TTL_MS + 100));
    expect((await sessionOf(page)).signedIn).toBe(false);
    await page.reload();
    await expect.poll(() => actingMember(page)).toBe('');
  }, 180_000);

  it("sign-out ends the session here and at the provider (RP-initiated logout): the old cookie is no one, and signing in again asks for the user's credentials", async () => {
    const { page } = node;
    // The provider's session still knows the analyst from before the revocation: straight back, no login page.
    expect(await startSignIn(page, node.url)).toBe('console');
    await expect.poll(() => actingMember(page)).toBe('QAT');
    const old = (await page.context().cookies(node.url)).find((c) => c.name === 'tahaluf_session')!;
    const { csrf } = await page.evaluate(
      async () => (await (await fetch('/api/auth/session')).json()) as { csrf: string },
    );
    // The ID token kept for id_token_hint is nowhere the page can read.
    expect(
      await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)),
    ).not.toMatch(/eyJ/);
    expect((await page.context().cookies()).map((c) => c.value).join(' ')).not.toMatch(/eyJ/);

    // "Public (no member) — sign out": on to the provider's end_session_endpoint with the hint.
    await chooseMember(page, '');
    await page.waitForURL((u) => u.origin === issuer);
    const endSession = new URL(page.url());
    expect(endSession.pathname).toBe('/session/end');
    expect(endSession.searchParams.get('client_id')).toBe('tahaluf-console');
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(
      `${node.url}/api/auth/oidc/logout-callback`,
    );
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(endSession.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    // Already ended here before the browser left: the cookie is gone and the old one, replayed, is no one.
    const replay = await fetch(`${node.url}/api/auth/session`, {
      headers: { cookie: `${old.name}=${old.value}` },
    });
    expect(((await replay.json()) as { signedIn: boolean }).signedIn).toBe(false);
    const replayedWrite = await fetch(`${node.url}/api/council/procedures`, {
      method: 'POST',
      headers: {
        cookie: `${old.name}=${old.value}`,
        'x-tahaluf-csrf': csrf,
        origin: node.url,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        charterId: 'gcc',
        kind: 'consultation',
        title: 'After sign-out',
        matter: 'after-signout',
        grounds: ['security'],
      }),
    });
    expect(replayedWrite.status).toBe(401);

    // The provider's own confirmation page; "yes" ends its session and sends the browser back with the state.
    await page.locator('[data-testid="idp-logout-yes"]').click();
    await page.waitForURL((u) => u.origin === node.url && !u.pathname.startsWith('/api/'));
    await expect
      .poll(() => page.locator('[data-testid="signout-notice"]').textContent())
      .toContain('Signed out, here and at Qatar Ministry of Defence.');
    expect(await actingMember(page)).toBe('');
    expect((await sessionOf(page)).signedIn).toBe(false);
    expect(
      (await page.context().cookies(node.url)).find((c) => c.name === 'tahaluf_session'),
    ).toBeUndefined();
    await node.screenshot('oidc-signed-out-at-provider');

    // The provider's session has ended: signing in again asks for the credentials.
    expect(await startSignIn(page, node.url)).toBe('login page');
    await expect(page.locator('[data-testid="idp-login"]').isVisible()).resolves.toBe(true);
    await page.fill('[data-testid="idp-login"]', 'analyst-qat');
    await page.click('[data-testid="idp-submit"]');
    await page.waitForURL((u) => u.origin === node.url && !u.pathname.startsWith('/api/'));
    await expect.poll(() => actingMember(page)).toBe('QAT');
  });

  it("the provider's return is checked: a sign-out return with a state this browser did not send is not taken", async () => {
    const { page } = node;
    await page.goto(`${node.url}/api/auth/oidc/logout-callback?state=forged-state-0123456789`);
    await page.waitForURL((u) => u.origin === node.url && !u.pathname.startsWith('/api/'));
    await expect
      .poll(() => page.locator('[data-testid="signout-notice"]').textContent())
      .toContain('did not start');
    expect(await page.locator('[data-testid="signout-notice"]').textContent()).not.toContain(
      'Signed out, here and at',
    );
  });

  it('a provider without end_session_endpoint: sign-out here only, and the console says the provider session is still open', async () => {
    const { page } = node;
    await page.context().clearCookies();
    await signInAtProvider(page, node.url, 'analyst-qat', 'qat-moi', plainIssuer);
    await expect.poll(() => actingMember(page)).toBe('QAT');
    expect(await sessionOf(page)).toMatchObject({ source: 'oidc:qat-moi' });
    const old = (await page.context().cookies(node.url)).find((c) => c.name === 'tahaluf_session')!;
    await chooseMember(page, '');
    await expect
      .poll(() => page.locator('[data-testid="signout-notice"]').textContent())
      .toContain('Signed out of Tahaluf only: Qatar Ministry of Interior offers no sign-out');
    expect(new URL(page.url()).origin).toBe(node.url);
    expect(await actingMember(page)).toBe('');
    const replay = await fetch(`${node.url}/api/auth/session`, {
      headers: { cookie: `${old.name}=${old.value}` },
    });
    expect(((await replay.json()) as { signedIn: boolean }).signedIn).toBe(false);
    // As the console says: that provider still knows the user and sends the browser straight back.
    expect(await startSignIn(page, node.url, 'qat-moi', plainIssuer)).toBe('console');
    await expect.poll(() => actingMember(page)).toBe('QAT');
    await chooseMember(page, '');
    await expect.poll(() => actingMember(page)).toBe('');
  });

  it('a user the provider places in another member (Kuwait) is refused on a provider that vouches for Qatar only', async () => {
    const { page } = node;
    await page.context().clearCookies();
    await signInAtProvider(page, node.url, 'claims-kwt');
    await expect
      .poll(() => page.locator('[data-testid="signin-error"]').textContent())
      .toContain('does not vouch');
    expect(await actingMember(page)).toBe('');
    expect((await sessionOf(page)).signedIn).toBe(false);
  });
});
