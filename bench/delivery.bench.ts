// Console delivery (#13.13): bytes transferred and time to a shaded map, cold (empty browser cache) and
// warm (a new tab of the same browser), with the node's delivery 'plain' (no compression, max-age=0: what
// the node did before) and 'optimised' (brotli/gzip, pre-compressed build, immutable hashed assets),
// measured in the same run against the same console build, on loopback and on a throttled link.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../src/core/config.js';
import { startServer, type RunningServer } from '../src/api/server.js';
import { REPO_ROOT, ensureConsoleBuilt } from '../test/browser/console-build.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/browser/harness.js';
import { freeLoopbackPort } from '../test/support/processes.js';
import { fromServer, totalBytes, watchNetwork } from '../test/browser/network.js';
import { UNLIMITED, fmt, table } from './support.js';

const ROUNDS = Number(process.env.BENCH_DELIVERY_ROUNDS ?? 5);
/** A modest office or mobile link: 10 Mbit/s down, 40 ms round trip. */
const THROTTLED = { latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 5e6 / 8 };
const SHADED = '[data-testid="region-map"] path[data-member="1"]';

/** The last commit before #13.13's delivery work: its console build is the "before" of the first row. */
const BEFORE_COMMIT = process.env.BENCH_DELIVERY_BEFORE ?? '91cbb52';

type Mode = 'plain' | 'optimised';

/** Builds the console as it was at BEFORE_COMMIT (its src/, this tree's node_modules). */
function buildBefore(): string {
  const root = join(REPO_ROOT, 'dist', `bench-delivery-${BEFORE_COMMIT}`);
  const out = join(root, 'out');
  if (existsSync(join(out, 'index.html'))) return out;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  if (!/^[0-9a-f]{7,40}$/.test(BEFORE_COMMIT)) throw new Error(`not a commit: ${BEFORE_COMMIT}`);
  execFileSync('sh', ['-c', `git archive ${BEFORE_COMMIT} src | tar -x -C '${root}'`], {
    cwd: REPO_ROOT,
  });
  execFileSync(
    'npx',
    [
      'vite',
      'build',
      '--config',
      join(root, 'src/web/vite.config.ts'),
      '--outDir',
      out,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  return out;
}
type Link = 'loopback' | 'throttled';

async function start(mode: Mode, webDir: string): Promise<{ server: RunningServer; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), `bench-delivery-${mode}-`));
  const port = await freeLoopbackPort();
  const config = loadConfig({
    ...UNLIMITED,
    PORT: String(port),
    HOST: '127.0.0.1',
    TAHALUF_DATA_DIR: dir,
    TAHALUF_PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
  });
  const server = await startServer(config, { ephemeralKeys: true }, { webDir, delivery: mode });
  return { server, dir };
}

interface Sample {
  coldBytes: number;
  coldMs: number;
  coldRequests: number;
  warmBytes: number;
  warmMs: number;
  warmRequests: number;
}

/** One cold load in a fresh browser context, then a warm one in a new tab of that context. */
async function sample(browser: Browser, url: string, link: Link): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const load = async () => {
      const page = await context.newPage();
      const { cdp, fetched } = await watchNetwork(page);
      if (link === 'throttled')
        await cdp.send('Network.emulateNetworkConditions', { offline: false, ...THROTTLED });
      await page.goto(`${url}/#/map/arab-league`);
      await page.waitForSelector(SHADED, { timeout: 120_000 });
      // Milliseconds since navigation start when the shaded map was found in the page.
      const ms = await page.evaluate(() => performance.now());
      await page.waitForLoadState('networkidle');
      await cdp.detach();
      await page.close();
      return { ms, bytes: totalBytes(fetched), requests: fromServer(fetched).length };
    };
    const cold = await load();
    const warm = await load();
    return {
      coldBytes: cold.bytes,
      coldMs: cold.ms,
      coldRequests: cold.requests,
      warmBytes: warm.bytes,
      warmMs: warm.ms,
      warmRequests: warm.requests,
    };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const kb = (n: number) => `${fmt(n / 1000, 1)} kB`;

/** Raw and compressed sizes of the map files: the 1:50m world file the console loaded before, the two it loads now. */
function atlasSizes(webDir: string): (string | number)[][] {
  const before = readFileSync(
    createRequire(import.meta.url).resolve('world-atlas/countries-50m.json'),
  );
  const rows: (string | number)[][] = [];
  const row = (name: string, body: Buffer) =>
    rows.push([
      name,
      kb(body.length),
      kb(gzipSync(body, { level: 9 }).length),
      kb(brotliCompressSync(body).length),
    ]);
  row('before: world-atlas countries-50m.json (whole world)', before);
  for (const f of readdirSync(join(webDir, 'assets')).filter((f) => /^atlas-.*\.json$/.test(f)))
    row(
      `now: ${f.replace(/^(atlas-(?:coarse|detail)).*$/, '$1')} (region)`,
      readFileSync(join(webDir, 'assets', f)),
    );
  return rows;
}

type Variant = 'before' | 'plain' | 'optimised';
const VARIANTS: Variant[] = ['before', 'plain', 'optimised'];
const LABEL: Record<Variant, string> = {
  before: `before: console of ${BEFORE_COMMIT}, plain delivery`,
  plain: 'this console, plain delivery (switch off)',
  optimised: 'after: this console, optimised delivery',
};

export default async function run(): Promise<string> {
  const webDir = await ensureConsoleBuilt();
  const beforeDir = buildBefore();
  const servers: Record<Variant, { server: RunningServer; dir: string }> = {
    before: await start('plain', beforeDir),
    plain: await start('plain', webDir),
    optimised: await start('optimised', webDir),
  };
  const url = (v: Variant) => servers[v].server.url.replace(/\/$/, '');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const samples = new Map<string, Sample[]>();
  const load0 = loadavg()[0];
  try {
    // Warm-up (a node's first answers compile its routes; Chromium warms its own caches).
    for (const v of VARIANTS) await sample(browser, url(v), 'loopback');
    // Interleaved rounds so that load on the shared machine falls on every variant alike.
    for (let i = 0; i < ROUNDS; i++)
      for (const link of ['loopback', 'throttled'] as const)
        for (const v of VARIANTS) {
          const key = `${v}/${link}`;
          samples.set(key, [...(samples.get(key) ?? []), await sample(browser, url(v), link)]);
        }
  } finally {
    await browser.close();
    for (const { server, dir } of Object.values(servers)) {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows = (['loopback', 'throttled'] as const).flatMap((link) =>
    VARIANTS.map((v) => {
      const s = samples.get(`${v}/${link}`) ?? [];
      return [
        LABEL[v],
        link === 'throttled' ? '10 Mbit/s, 40 ms RTT' : 'loopback',
        kb(median(s.map((x) => x.coldBytes))),
        `${fmt(median(s.map((x) => x.coldMs)), 0)} ms`,
        median(s.map((x) => x.coldRequests)),
        kb(median(s.map((x) => x.warmBytes))),
        `${fmt(median(s.map((x) => x.warmMs)), 0)} ms`,
        median(s.map((x) => x.warmRequests)),
      ];
    }),
  );
  return [
    '## Console delivery: bytes and time to a shaded map (#13.13)',
    '',
    `\`npm run bench -- delivery\` (bench/delivery.bench.ts). Three nodes on loopback, Debian Chromium headless, \`/#/map/arab-league\` until the 22 members are shaded (time: \`performance.now()\` from navigation start when the shaded shapes are in the page). **Cold**: a new browser context (empty cache); **warm**: a new tab of the same context right after. Bytes: headers + encoded bodies as Chromium's DevTools protocol counts them (cache hits count 0). *Before*: the console as built from ${BEFORE_COMMIT} (whole-world 1:50m map) served with \`delivery: 'plain'\` (no compression, \`Cache-Control: max-age=0\`, what the node did); *switch off*: today's console (coarse region map), plain delivery; *after*: today's console with the default \`'optimised'\` delivery (brotli/gzip, quality-11 pre-compressed build files, \`public, max-age=31536000, immutable\` on hashed \`/assets/\`, \`no-cache\` on index.html, API answers compressed). Medians of ${ROUNDS} interleaved rounds per row; load average ${fmt(load0, 1)} at the start on the shared 2-core machine, so times are noisy, bytes are not.`,
    '',
    table(
      [
        'variant',
        'link',
        'cold bytes',
        'cold time',
        'cold requests',
        'warm bytes',
        'warm time',
        'warm requests to server',
      ],
      rows,
    ),
    '',
    'Map files (before: the whole 1:50m world; now: the countries a region view can show, simplified to about half a pixel of the whole-region view as `coarse`, and the 1:50m shapes as `detail`, fetched only by views zoomed on part of the region):',
    '',
    table(['file', 'raw', 'gzip -9', 'brotli 11'], atlasSizes(webDir)),
  ].join('\n');
}
