import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

/**
 * The dependency direction of docs/architecture.md, checked on the code: which top-level folders of src/
 * each folder may import (tests may also use app/testing and test/support).
 */
const SHARED = ['core', 'store', 'bus', 'record', 'geo', 'registry', 'federation', 'runtime'];
const DOMAINS = ['treaties', 'council', 'forces', 'intel', 'warning', 'programmes'];
const ALLOWED: Record<string, string[]> = {
  core: [],
  store: ['core'],
  bus: ['core'],
  geo: ['core'],
  record: ['core', 'store', 'bus'],
  registry: ['core', 'store', 'bus', 'record', 'geo'],
  federation: ['core', 'store', 'bus', 'record', 'registry'],
  runtime: ['core', 'store', 'bus', 'record', 'registry', 'federation'],
  ...Object.fromEntries(DOMAINS.map((d) => [d, SHARED])),
  app: [...SHARED, ...DOMAINS, 'api'],
  api: [...SHARED, 'app'],
  cli: [...SHARED, 'app', 'api'],
  // The console bundle runs in the browser: it may share model types and pure rules (so it computes a live
  // tally or a coverage bar exactly as the server does), never the node's storage, bus, API or CLI.
  web: ['registry', 'record', 'geo', ...DOMAINS],
};

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.tsx?$/.test(name)) yield p;
  }
}

it('imports only point down the layers, and domain modules never import each other', () => {
  const src = join(ROOT, 'src');
  const violations: string[] = [];
  for (const file of files(src)) {
    const rel = relative(src, file);
    const from = rel.split('/')[0];
    const isTest = /\.test\.tsx?$|testing\.ts$|test-support\.ts$/.test(rel);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm,
    )) {
      const target = relative(src, resolve(dirname(file), m[1]));
      if (target.startsWith('..')) {
        if (isTest && (target.startsWith('../test/support') || target.startsWith('../bench/')))
          continue;
        violations.push(`${rel} imports ${m[1]} (outside src/)`);
        continue;
      }
      const to = target.split('/')[0];
      if (to === from) continue;
      if (isTest && to === 'app') continue;
      if (!(ALLOWED[from] ?? []).includes(to))
        violations.push(`${rel} imports ${target} (${from} → ${to})`);
    }
  }
  expect(violations).toEqual([]);
});
