import { forbidden, unauthorized } from '../core/errors.js';

/** Classification levels, lowest first (STANAG 4774-style policy, alliance-neutral names). */
export const CLASSIFICATIONS = [
  'PUBLIC',
  'RESTRICTED',
  'CONFIDENTIAL',
  'SECRET',
  'TOP SECRET',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** True when `value` names a classification level (a CLI option, a configured clearance). */
export const isClassification = (value: unknown): value is Classification =>
  CLASSIFICATIONS.some((level) => level === value);

/** Who is calling: resolved once per request from the API token (Bearer or Basic). */
export interface Principal {
  /** 'public': no token. 'member': a member state's user. 'secretariat': the node's administrators. */
  role: 'public' | 'member' | 'secretariat';
  /** ISO3 of the member the user belongs to; null for public and secretariat. */
  member: string | null;
  user: string;
  clearance: Classification;
  tokenId: string | null;
  /**
   * A public caller whose console session cookie the node no longer honours (expired, revoked, signed
   * out): a refusal for want of a sign-in then says so (detailCode session_ended) instead of asking for
   * a token it never had.
   */
  sessionEnded?: true;
}

export const PUBLIC_PRINCIPAL: Principal = {
  role: 'public',
  member: null,
  user: 'anonymous',
  clearance: 'PUBLIC',
  tokenId: null,
};

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** The caller whose session ended (see Principal.sessionEnded). */
export const ENDED_SESSION_PRINCIPAL: Principal = { ...PUBLIC_PRINCIPAL, sessionEnded: true };

/** The 401 for a public caller: its console session ended, or it never signed in. */
export const signInRequired = (p: Principal) =>
  p.sessionEnded
    ? unauthorized('your console session has ended (expired, revoked or signed out)').withDetail(
        {},
        'session_ended',
      )
    : unauthorized();

/** The member a request acts for; rejects public callers and secretariat users without a member. */
export function requireMember(p: Principal): string {
  if (p.role === 'public') throw signInRequired(p);
  if (!p.member)
    throw forbidden('this action must be taken by a member state user').withDetail(
      {},
      'member_user_required',
    );
  return p.member;
}

export function requireSecretariat(p: Principal): void {
  if (p.role === 'public') throw signInRequired(p);
  if (p.role !== 'secretariat')
    throw forbidden('this action needs the secretariat role').withDetail(
      {},
      'secretariat_role_required',
    );
}

export function requireAuthenticated(p: Principal): void {
  if (p.role === 'public') throw signInRequired(p);
}
