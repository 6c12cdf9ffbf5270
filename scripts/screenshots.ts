// `npm run screenshots`: every console view in Arabic and English, at desktop (1440×900) and phone
// (390×844) sizes, into docs/screenshots/ (JPEG, the first screen of each view), listed in
// docs/screenshots.md. It starts a node the way a user does (`npm start`, embedded store in a temporary
// data directory, on a free loopback port), signs in with the one-time link `npm start` prints, and acts
// as Qatar so that the member's forms show. Needs Debian Chromium at /usr/bin/chromium and fonts with
// Arabic glyphs (apt-get install -y fonts-noto-core), see README.md.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const REPO = resolve(import.meta.dirname, '..');
const OUT = join(REPO, 'docs', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const MEMBER = 'QAT';
const SIZES = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
const LOCALES = ['en', 'ar'] as const;
/** How long the node may take to start (it builds the server and the console when they are stale). */
const START_TIMEOUT_MS = 600_000;

/**
 * Does what `npm start` does (its prestart builds what is stale, then `tahaluf start`), without npm in
 * between so that the node is this script's own child, and resolves with the console's URL and the
 * one-time sign-in link it prints.
 */
/** A free loopback port (the node's public URL must name its real port: sign-in checks the origin). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

async function startNode(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; link: string }> {
  execFileSync(process.execPath, ['scripts/ensure-built.mjs'], { cwd: REPO, stdio: 'inherit' });
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/tahaluf.js', 'start'], {
    cwd: REPO,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TAHALUF_PUBLIC_URL: `http://127.0.0.1:${port}`,
      TAHALUF_DATA_DIR: dataDir,
      TAHALUF_DEMO_LOGIN: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(new Error(`tahaluf start printed no sign-in link within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /serving the console at (http:\/\/[^\s/]+)\//.exec(out)?.[1];
      const link = /sign in to the console[^\n]*\n\s*(\S+)/.exec(out)?.[1];
      if (url && link) {
        clearTimeout(timer);
        done({ child, url, link });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`tahaluf start exited (${code}) before printing a sign-in link:\n${out}`));
    });
  });
}

/** The secretariat operator acts as a member (the console's own call, with its CSRF token). */
async function actAs(page: Page, member: string): Promise<void> {
  const status = await page.evaluate(async (m) => {
    const s = (await (await fetch('/api/auth/session')).json()) as { csrf?: string };
    const res = await fetch('/api/auth/act-as', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tahaluf-csrf': s.csrf ?? '' },
      body: JSON.stringify({ member: m }),
    });
    return res.status;
  }, member);
  if (status !== 200) throw new Error(`acting as ${member} failed: HTTP ${status}`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tahaluf-screenshots-'));
  const { child, url, link } = await startNode(dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    headless: true,
  });
  const shots: { view: string; title: Record<string, string>; files: string[] }[] = [];
  try {
    mkdirSync(OUT, { recursive: true });
    for (const f of readdirSync(OUT)) if (f.endsWith('.jpg')) rmSync(join(OUT, f));
    // One browser context: the one-time link signs it in once; each size is a viewport of the same page.
    const context = await browser.newContext({ viewport: SIZES.desktop, locale: 'en-GB' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(link);
    // The console exchanges the link's code for a session cookie, then the picker shows the secretariat.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="member-select"]')?.getAttribute('data-value') ===
        'SECRETARIAT',
      undefined,
      { timeout: 60_000 },
    );
    await actAs(page, MEMBER);
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      for (const locale of LOCALES) {
        await page.evaluate((l) => localStorage.setItem('tahaluf.locale', l), locale);
        await page.goto(`${url}/#/map`);
        await page.reload(); // a hash change alone would not read the stored language again
        await page.waitForFunction((l) => document.documentElement.lang === l, locale);
        await page.locator('nav.tabs a').first().waitFor();
        const tabs = await page.locator('nav.tabs a').evaluateAll((links) =>
          links.map((a) => ({
            href: a.getAttribute('href') ?? '',
            title: (a.textContent ?? '').trim(),
          })),
        );
        for (const { href, title } of tabs) {
          const view = href.replace(/^#\//, '');
          await page.goto(`${url}/${href}`);
          await page.locator('main').waitFor();
          await page.waitForFunction(
            () => (document.querySelector('main')?.textContent ?? '') !== '',
          );
          // Let the view's data and the map arrive (no signal covers every view; a pause is enough here).
          await page.waitForTimeout(2000);
          const file = `${view}-${locale}-${size}.jpg`;
          await page.screenshot({ path: join(OUT, file), type: 'jpeg', quality: 55 });
          let entry = shots.find((s) => s.view === view);
          if (!entry) shots.push((entry = { view, title: {}, files: [] }));
          entry.title[locale] = title;
          entry.files.push(file);
          process.stdout.write(`${file}\n`);
        }
      }
    }
    await context.close();
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  const bytes = shots.flatMap((s) => s.files).reduce((n, f) => n + statSync(join(OUT, f)).size, 0);
  const cell = (s: (typeof shots)[number], locale: string, size: string) =>
    `[${locale} ${size}](screenshots/${s.view}-${locale}-${size}.jpg)`;
  const lines = [
    '# Console screenshots',
    '',
    'Every view of the console in English and Arabic (right to left), at desktop (1440×900) and phone',
    `(390×844) sizes, signed in with the one-time link of \`npm start\` and acting as ${MEMBER}. The first`,
    'screen of each view only. Made by `npm run screenshots` (scripts/screenshots.ts; needs Debian Chromium',
    'and `fonts-noto-core` for the Arabic glyphs); run it again after a change to the console.',
    '',
    `${shots.length} views, ${shots.length * 4} images, ${Math.round(bytes / 1024)} KB (JPEG quality 55).`,
    '',
    '| View | English | Arabic |',
    '| --- | --- | --- |',
    ...shots.map(
      (s) =>
        `| ${s.title.en ?? s.view} — ${s.title.ar ?? ''} | ${cell(s, 'en', 'desktop')} · ${cell(s, 'en', 'phone')} | ${cell(s, 'ar', 'desktop')} · ${cell(s, 'ar', 'phone')} |`,
    ),
    '',
  ];
  writeFileSync(join(REPO, 'docs', 'screenshots.md'), lines.join('\n'));
  process.stdout.write(`${shots.length * 4} screenshots, ${Math.round(bytes / 1024)} KB\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
