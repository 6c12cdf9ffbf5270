import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

// `npm test` runs `prettier --check .` and `eslint .` before vitest. This test shows that gate can
// fail: in a scratch project with the repository's own configs, a mis-formatted file and a floating
// promise are reported, and a clean file beside them is not.

let dir: string;

const run = (bin: string, args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'node_modules', bin), ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 240_000,
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tahaluf-gate-'));
  mkdirSync(join(dir, 'scripts/eslint'), { recursive: true });
  for (const file of [
    'eslint.config.js',
    'scripts/eslint/no-literal-text.js', // the console's own rule, imported by the config
    '.prettierrc.json',
    '.prettierignore',
    'tsconfig.json',
  ])
    copyFileSync(join(ROOT, file), join(dir, file));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'src'));
  writeFileSync(
    join(dir, 'src/clean.ts'),
    "export async function ping(): Promise<string> {\n  return Promise.resolve('pong');\n}\n",
  );
  // Formatted as prettier would, but the promise is neither awaited nor handled.
  writeFileSync(
    join(dir, 'src/floating.ts'),
    "import { ping } from './clean.js';\n\nexport function fireAndForget(): void {\n  ping();\n}\n",
  );
  // Lint-clean, but laid out by hand: double quotes and no spaces inside the braces.
  writeFileSync(join(dir, 'src/misformatted.ts'), 'export const answer = {value:"42"};\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('the format check reports a mis-formatted file, and only that one', () => {
  const check = run('prettier/bin/prettier.cjs', ['--check', '.']);
  expect(check.status).not.toBe(0);
  expect(check.stdout + check.stderr).toContain('src/misformatted.ts');
  expect(check.stdout + check.stderr).not.toContain('src/floating.ts');
  expect(check.stdout + check.stderr).not.toContain('src/clean.ts');
}, 240_000);

it('the type-aware lint reports a floating promise, and nothing in the clean files', () => {
  const lint = run('eslint/bin/eslint.js', ['--format', 'json', 'src']);
  expect(lint.status).toBe(1);
  const results = JSON.parse(lint.stdout) as {
    filePath: string;
    messages: { ruleId: string | null; line: number }[];
  }[];
  const byFile = Object.fromEntries(
    results.map((r) => [r.filePath.slice(dir.length + 1), r.messages]),
  );
  expect(byFile['src/floating.ts']).toEqual([
    expect.objectContaining({ ruleId: '@typescript-eslint/no-floating-promises', line: 4 }),
  ]);
  expect(byFile['src/clean.ts']).toEqual([]);
  expect(byFile['src/misformatted.ts']).toEqual([]);
}, 240_000);
