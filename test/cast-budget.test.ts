import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

// `npm run lint` ends with the cast budget: `scripts/count-casts.ts --max N` fails when src/ holds
// more `as` casts than N. This shows the check fails over budget and passes within it, and that the
// budget in package.json holds for the code as it is.

const count = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/count-casts.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });

const budget = (): number => {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const match = /count-casts\.ts --max (\d+)/.exec(scripts.lint);
  if (!match) throw new Error('npm run lint does not run scripts/count-casts.ts --max N');
  return Number(match[1]);
};

it('the cast budget fails when the count is over it and holds for the code as it is', () => {
  const max = budget();
  const within = count(['--max', String(max)]);
  expect(within.stderr).toBe('');
  expect(within.status).toBe(0);
  const total = Number(/^(\d+) casts in/m.exec(within.stdout)?.[1]);
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(max);

  const over = count(['--max', String(total - 1)]);
  expect(over.status).toBe(1);
  expect(over.stderr).toContain(`The cast budget is ${total - 1} and src/ has ${total}`);
}, 120_000);
