import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deps } from '../runtime/deps.js';

export const SIGNIN_CODE_MINUTES = 60;

/**
 * A one-time console sign-in link for the operator at the terminal (like Jupyter's token URL): the
 * console exchanges the code (`POST /api/auth/signin`) for a 12-hour session token. A secretariat node
 * signs in its secretariat (TOP SECRET, as the admin token); a national node its member.
 */
export async function signinLink(node: Deps, baseUrl: string): Promise<string | null> {
  const { config } = node;
  const who =
    config.mode === 'secretariat'
      ? { user: 'console-operator', member: null, role: 'secretariat' as const }
      : config.nodeMember
        ? { user: 'console-operator', member: config.nodeMember, role: 'member' as const }
        : null;
  if (!who) return null;
  const { token } = await node.tokens.create({
    ...who,
    clearance: 'TOP SECRET',
    kind: 'signin',
    ttlMs: SIGNIN_CODE_MINUTES * 60_000,
  });
  return `${baseUrl}/#signin=${token}`;
}

/** Where `tahaluf start` notes the address it serves the console at (runtime state, not committed). */
export const consoleUrlFile = (dataDir: string): string => join(dataDir, 'runtime', 'console-url');

/** Notes the address a running node serves its console at, for `tahaluf token signin-link`. */
export function recordConsoleUrl(dataDir: string, url: string): void {
  mkdirSync(join(dataDir, 'runtime'), { recursive: true });
  writeFileSync(consoleUrlFile(dataDir), `${url}\n`);
}

/**
 * The base URL of a sign-in link printed outside the server: the one the environment says (PORT or
 * TAHALUF_PUBLIC_URL, as the server itself reads them), else the one the node last started with noted,
 * else the default. Before, a node started with `PORT=8092 npm start` was given links to :8080.
 */
export function consoleUrl(
  config: { dataDir: string; publicUrl: string },
  env: NodeJS.ProcessEnv,
): string {
  if (env.TAHALUF_PUBLIC_URL || env.PORT) return config.publicUrl;
  const file = consoleUrlFile(config.dataDir);
  const noted = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  return /^https?:\/\/[^\s/]+$/.test(noted) ? noted : config.publicUrl;
}
