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
