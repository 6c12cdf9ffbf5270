import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig } from 'vitest/config';

// Test tiers (vitest projects; `npm test` runs them all, `npm run test:unit` etc. one):
// - unit: pure code, no database, bus, server or child process;
// - integration: a test that opens a store, bus, node or API (a `testing.js` / `test-support.js`
//   helper, or `startServer(`), runs the CLI or a child process, or lives in test/ (not test/browser);
// - browser: test/browser (Chromium through playwright-core);
// - slow: simulations and property runs, files named `*.slow.test.ts`.
// A file's tier follows from what it imports, so a new test lands in the right tier by itself.
const ROOT = import.meta.dirname;

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const INTEGRATION_MARKERS = [
  /(testing|test-support)\.js'/,
  /test\/support\//,
  /from 'node:child_process'/,
  /\bstartServer\(/,
];
const srcTests = testFiles('src').filter((f) => !f.endsWith('.slow.test.ts'));
const isIntegration = (file: string) =>
  INTEGRATION_MARKERS.some((marker) => marker.test(readFileSync(join(ROOT, file), 'utf8')));
const integrationSrc = srcTests.filter(isIntegration);
const unitSrc = srcTests.filter((f) => !integrationSrc.includes(f));

export default defineConfig({
  test: {
    // Browser tests and PostgreSQL/NATS suites share machine services: keep file parallelism modest (2 cores).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['./test/support/pg-global.ts'],
    projects: [
      // Unit files are pure code: one module graph per worker thread (no re-import per file) is what
      // keeps this tier under 20 s on 2 cores (docs/development.md). Files restore their spies and timers.
      { extends: true, test: { name: 'unit', include: unitSrc, pool: 'threads', isolate: false } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [...integrationSrc, 'test/**/*.test.ts'],
          exclude: ['test/browser/**', '**/*.slow.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // expect.poll waits for the page to show something; its 1 s default is shorter than a first
          // page load on a busy 2-core CI machine (a clean-clone CI saw "loading…" after 1 s). A wait,
          // never a timing assertion.
          expect: { poll: { timeout: 15_000 } },
          // A browser test drives a whole node and Chromium: on a busy 2-core machine (load 30+) a step
          // that takes 5 s when quiet took 30 s. Generous limits, as for the slow tier.
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: ['src/**/*.slow.test.ts', 'test/**/*.slow.test.ts'],
          // Simulations on a busy 2-core machine: generous limits, never a timing assertion.
          testTimeout: 600_000,
        },
      },
    ],
  },
});
