import { afterAll, beforeAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { freeLoopbackPort } from '../support/processes.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/core/config.js';
import { startServer } from '../../src/api/server.js';
import { signinLink } from '../../src/api/signin-link.js';
import { LABEL_POLICY, withLabel } from '../../src/intel/labels.js';
import { ensureConsoleBuilt, REPO_ROOT } from './console-build.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const OUTPUT_DIR = join(REPO_ROOT, 'test-output');
/** Give `beforeAll` this much: the first run in a fresh tree builds the console (~30–90 s on 2 shared cores). */
export const STARTUP_TIMEOUT_MS = 240_000;

export interface StartNodeOptions {
  /** Extra environment for the node's config (e.g. { TAHALUF_MODE: 'national', TAHALUF_MEMBER: 'QAT' }). */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** The browser's language (navigator.language, Accept-Language), e.g. 'ar'; default Chromium's (en-US). */
  locale?: string;
  /** Path (with hash route) to open first, e.g. '/#/council'; default: none (call page.goto yourself). */
  open?: string;
  /** Keep member keys in memory only (default false: keys are written under the temp data dir like a real node). */
  ephemeralKeys?: boolean;
}

export interface BrowserNode {
  /** Base URL of the running node, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  page: Page;
  browser: Browser;
  dataDir: string;
  /** Console errors and uncaught page errors seen so far (assert it stays empty if you like). */
  pageErrors: string[];
  /** Saves a PNG of the page to test-output/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Logs the console in as a member (demo login, a session cookie) and reloads; `null` logs out. */
  actAs(member: string | null): Promise<void>;
  /** A one-time console sign-in link for the node's operator, as `tahaluf start` prints. */
  signinLink(): Promise<string>;
  /** GET/POST the node's JSON API from the test process (not through the page). */
  api<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown; token?: string },
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port; retries if another process takes the port first. */
async function listenOnFreePort(dataDir: string, opts: StartNodeOptions) {
  const webDir = await ensureConsoleBuilt();
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      TAHALUF_DATA_DIR: dataDir,
      // Demo login is off by default; the console tests switch it on, at the URL they open.
      TAHALUF_DEMO_LOGIN: '1',
      TAHALUF_PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      ...opts.env,
    });
    try {
      return await startServer(config, { ephemeralKeys: opts.ephemeralKeys ?? false }, { webDir });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 3) throw e;
    }
  }
}

/**
 * Starts a real Tahaluf node (embedded SQLite in a temp data dir, in-process bus, seeded) on a free
 * loopback port, serving the built console, and a headless Debian Chromium with one page.
 */
export async function startNode(opts: StartNodeOptions = {}): Promise<BrowserNode> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium; .ci/run does)`,
    );
  const dataDir = await mkdtemp(join(tmpdir(), 'tahaluf-browser-'));
  const server = await listenOnFreePort(dataDir, opts).catch(async (e: unknown) => {
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  });
  const url = server.url.replace(/\/$/, '');
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const context = await browser.newContext({
      viewport: opts.viewport ?? { width: 1440, height: 900 },
      ...(opts.locale ? { locale: opts.locale } : {}),
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
    });
    if (opts.open) await page.goto(url + opts.open);

    const api: BrowserNode['api'] = async (path, init = {}) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      const res = await fetch(url + path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
    };

    const node: BrowserNode = {
      url,
      page,
      browser,
      dataDir,
      pageErrors,
      async screenshot(name) {
        await mkdir(OUTPUT_DIR, { recursive: true });
        const path = join(OUTPUT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      async actAs(member) {
        if (!page.url().startsWith(url)) await page.goto(url + '/');
        // Sessions are HttpOnly cookies: the demo login's cookie is put into the browser's jar.
        await page.context().clearCookies();
        if (member !== null) {
          const res = await fetch(`${url}/api/auth/demo-login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ member }),
          });
          if (res.status !== 200)
            throw new Error(`demo login as ${member} failed: ${res.status} ${await res.text()}`);
          const cookie = /^([^=;]+)=([^;]+)/.exec(res.headers.getSetCookie()[0] ?? '');
          if (!cookie) throw new Error('demo login set no session cookie');
          await page.context().addCookies([{ name: cookie[1], value: cookie[2], url }]);
        }
        await page.reload();
      },
      api,
      async signinLink() {
        const link = await signinLink(server.node, url);
        if (!link) throw new Error('this node has no operator to sign in');
        return link;
      },
      async close() {
        await browser?.close().catch(() => undefined);
        await server.close().catch(() => undefined);
        await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
      },
    };
    return node;
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Starts one node and browser for the enclosing `describe` (before its tests, closed after them) and
 * returns a handle that reads through to it, so a suite writes `const node = useBrowserNode();`.
 */
export function useBrowserNode(opts: StartNodeOptions = {}): BrowserNode {
  let current: BrowserNode | undefined;
  beforeAll(async () => {
    current = await startNode(opts);
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as BrowserNode, {
    get(_, key) {
      if (!current) throw new Error('the browser node is not started yet (use it inside a test)');
      const value = Reflect.get(current, key);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

const PICKER = '[data-testid="member-select"]';

/**
 * Chooses in the "Acting as" combobox the way a user does: types into it, then clicks the option
 * ('' is the public view, '__token__' the token sign-in).
 */
export async function chooseMember(page: Page, member: string): Promise<void> {
  const typed =
    member === ''
      ? 'Public'
      : member === 'SECRETARIAT'
        ? 'Secretariat'
        : member === '__token__'
          ? 'Sign in with a token'
          : member;
  await page.locator(PICKER).click();
  await page.locator(PICKER).fill(typed);
  await page.locator(`[data-testid="member-select-option-${member || 'none'}"]`).click();
}

/** Who the page's session cookie stands for, as the node says (`GET /api/auth/session`). */
export async function sessionOf(page: Page): Promise<{
  signedIn: boolean;
  member: string | null;
  role: string;
  demo: boolean;
  id: string | null;
}> {
  return page.evaluate(async () => (await fetch('/api/auth/session')).json());
}

/** The member the "Acting as" picker shows as chosen ('' for the public view). */
export async function actingMember(page: Page): Promise<string> {
  return (await page.locator(PICKER).getAttribute('data-value')) ?? '';
}

/** The labels of every option the "Acting as" picker offers (opens the list, then closes it). */
export async function pickerOptions(page: Page): Promise<string[]> {
  await page.locator(PICKER).click();
  const labels = await page.locator('[role="listbox"] [role="option"]').allTextContents();
  await page.keyboard.press('Escape');
  return labels;
}

/** An API token of `member`'s user, from the demo login. */
export async function tokenOf(node: BrowserNode, member: string): Promise<string> {
  return (await node.api<{ token: string }>('/api/auth/demo-login', { body: { member } })).body
    .token;
}

/**
 * An indicator SAU labels RESTRICTED releasable to `releasableTo` (label inside), created now with a
 * fresh id unless `props` gives one; other `props` (e.g. external references) are added after.
 */
export function sauIndicator(
  props: { name: string; pattern: string; id?: string } & Record<string, unknown>,
  releasableTo: string[],
): Record<string, unknown> {
  const now = new Date().toISOString();
  const { id = `indicator--${randomUUID()}`, name, pattern, ...more } = props;
  return withLabel(
    {
      type: 'indicator',
      spec_version: '2.1',
      id,
      created: now,
      modified: now,
      name,
      pattern,
      pattern_type: 'stix',
      valid_from: now,
      ...more,
    },
    {
      policy: LABEL_POLICY,
      classification: 'RESTRICTED',
      releasableTo,
      originator: 'SAU',
      createdAt: now,
      tlp: null,
    },
  );
}

/** POSTs STIX objects to the `gcc` collection over TAXII as `member`'s user; the TAXII answer. */
export async function postToGcc(
  node: BrowserNode,
  member: string,
  objects: Record<string, unknown>[],
): Promise<Response> {
  return fetch(`${node.url}/taxii2/api1/collections/gcc/objects/`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await tokenOf(node, member)}`,
      accept: 'application/taxii+json;version=2.1',
      'content-type': 'application/taxii+json;version=2.1',
    },
    body: JSON.stringify({ objects }),
  });
}
