import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the CLI from source (tsx), as `tahaluf …` would, in its own environment. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, CI: '', DATABASE_URL: '', NATS_URL: '', ...env },
    timeout: 120_000,
  });
}

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'tahaluf-test-'));

/**
 * `runCli` without blocking this process: use it when the CLI talks to a server running inside the test
 * (spawnSync would stop the server's event loop until the CLI gives up).
 */
export function runCliAsync(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, CI: '', DATABASE_URL: '', NATS_URL: '', ...env },
        timeout: 120_000,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
