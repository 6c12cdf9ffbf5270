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

/** The member a request acts for; rejects public callers and secretariat users without a member. */
export function requireMember(p: Principal): string {
  if (p.role === 'public') throw unauthorized();
  if (!p.member)
    throw forbidden('this action must be taken by a member state user').withDetail(
      {},
      'member_user_required',
    );
  return p.member;
}

export function requireSecretariat(p: Principal): void {
  if (p.role === 'public') throw unauthorized();
  if (p.role !== 'secretariat')
    throw forbidden('this action needs the secretariat role').withDetail(
      {},
      'secretariat_role_required',
    );
}

export function requireAuthenticated(p: Principal): void {
  if (p.role === 'public') throw unauthorized();
}
