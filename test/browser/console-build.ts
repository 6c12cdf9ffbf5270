import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_SRC = join(REPO_ROOT, 'src', 'web');
export const WEB_DIST = join(REPO_ROOT, 'dist', 'web');
/** One immutable build per console source hash; tests serve these, never a folder being rebuilt. */
export const BUILDS = join(REPO_ROOT, 'dist', 'web-builds');
const LOCK = join(REPO_ROOT, 'dist', '.web-build.lock');
/** A lock older than this was left by a crashed build. */
const STALE_LOCK_MS = 5 * 60_000;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (!entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out.sort();
}

/** Hash of every console source file (names and contents), so an edited view triggers a rebuild. */
export async function consoleSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await listFiles(WEB_SRC)) {
    hash
      .update(relative(WEB_SRC, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  return hash.digest('hex');
}

function runViteBuild(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [
      'vite',
      'build',
      '--config',
      'src/web/vite.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ];
    const child = spawn('npx', args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code}):\n${output}`)),
    );
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock left by a build whose process died, or older than STALE_LOCK_MS, is broken. */
async function lockIsStale(): Promise<boolean> {
  const pid = Number(await readFile(join(LOCK, 'pid'), 'utf8').catch(() => ''));
  if (pid > 0 && !alive(pid)) return true;
  const age =
    Date.now() -
    (await stat(LOCK).then(
      (s) => s.mtimeMs,
      () => Date.now(),
    ));
  return age > STALE_LOCK_MS;
}

async function acquireLock(): Promise<void> {
  await mkdir(BUILDS, { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      await writeFile(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (await lockIsStale()) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Builds that are this old are removed when a new one is made (a test run never lasts that long). */
const OLD_BUILD_MS = 60 * 60_000;

/**
 * Returns a folder holding a build of the current src/web: dist/web-builds/<source hash>. A build is
 * made under a lock into a temporary folder and renamed into place, so parallel test files (and other
 * engineers' runs in the same tree) never see a half-written bundle, and a test's node keeps serving
 * the exact build it started with even if someone edits a view meanwhile. When dist/web (what
 * `npm start` serves) is missing, the build is copied there too.
 */
export async function ensureConsoleBuilt(): Promise<string> {
  const hash = (await consoleSourceHash()).slice(0, 16);
  const dir = join(BUILDS, hash);
  if (!existsSync(join(dir, 'index.html'))) {
    await acquireLock();
    try {
      if (!existsSync(join(dir, 'index.html'))) {
        const tmp = join(REPO_ROOT, 'dist', `web.building-${process.pid}`);
        await rm(tmp, { recursive: true, force: true });
        await runViteBuild(tmp);
        await rename(tmp, dir);
        await pruneOldBuilds(hash);
      }
    } finally {
      await rm(LOCK, { recursive: true, force: true });
    }
  }
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    await cp(dir, WEB_DIST, { recursive: true }).catch(() => undefined); // a parallel copy may win the race
  }
  return dir;
}

async function pruneOldBuilds(keep: string): Promise<void> {
  for (const name of await readdir(BUILDS).catch(() => [] as string[])) {
    if (name === keep) continue;
    const path = join(BUILDS, name);
    const age =
      Date.now() -
      (await stat(path).then(
        (s) => s.mtimeMs,
        () => Date.now(),
      ));
    if (age > OLD_BUILD_MS) await rm(path, { recursive: true, force: true });
  }
}
