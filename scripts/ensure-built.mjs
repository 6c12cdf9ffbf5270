// `npm start` runs this first: builds the server (tsc) and the console (vite) when missing or older than their sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir, skip = () => false) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (skip(p)) continue;
    t = Math.max(t, e.isDirectory() ? newest(p, skip) : statSync(p).mtimeMs);
  }
  return t;
};
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const run = (cmd, what) => {
  process.stderr.write(`tahaluf: building ${what}…\n`);
  execSync(cmd, { stdio: 'inherit' });
};

const serverSrc = newest('src', (p) => p.startsWith(join('src', 'web')));
if (mtime('dist/cli/main.js') < serverSrc)
  run('npx tsc -p tsconfig.build.json', 'the server (tsc)');
const webSrc = Math.max(newest(join('src', 'web')), mtime('package-lock.json'));
if (mtime('dist/web/index.html') < webSrc)
  run('npx vite build --config src/web/vite.config.ts --logLevel warn', 'the console (vite)');
