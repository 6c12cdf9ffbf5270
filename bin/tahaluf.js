#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build` or `npm start`) when it is at least as new as the
// sources; otherwise (a source checkout without a build, or sources edited since) runs the TypeScript
// sources through tsx, so the CLI never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist/cli/main.js');
const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'web') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};
const srcDir = join(root, 'src');
const useBuilt =
  existsSync(built) && (!existsSync(srcDir) || statSync(built).mtimeMs >= newest(srcDir));
if (useBuilt) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src/cli/main.ts')).href);
}
