import { isPlainObject } from '../core/objects.js';
import { messageOf } from '../core/errors.js';
import { readFileSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { checkDataFile, readJsonFile } from '../core/data-file.js';
import type { Config } from '../core/config.js';
import { CLASSIFICATIONS, isClassification, type Classification } from '../runtime/auth.js';
import { clearanceRank } from '../runtime/tokens.js';

// Typed as a Classification (a union mapped from the list would type as never/undefined).
const Clearance = Type.Unsafe<Classification>(
  Type.Union(CLASSIFICATIONS.map((c) => Type.Literal(c))),
);
const ClaimPath = Type.String({
  minLength: 1,
  maxLength: 200,
  description: "a claim name, or a dotted path into nested claims (e.g. 'realm_access.roles')",
});

/** One identity provider whose users may sign in to the console (docs/sign-in.md). */
export const OidcProviderSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,40}$', description: 'used in URLs' }),
    label: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'shown on the sign-in button',
    }),
    issuer: Type.String({ pattern: '^https?://', description: 'the issuer URL (discovery)' }),
    clientId: Type.String({ minLength: 1 }),
    /** The client secret: from this environment variable, or this file (one of them; none: a public client, PKCE only). */
    clientSecretEnv: Type.Optional(Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' })),
    clientSecretFile: Type.Optional(Type.String({ minLength: 1 })),
    scopes: Type.Optional(Type.Array(Type.String({ pattern: '^[\\x21-\\x7e]+$' }))),
    /** The member states this provider vouches for (ISO3). A national node: exactly its own member. */
    members: Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }), { uniqueItems: true }),
    /** Claim naming the user's member state; needed when `members` lists more than one. */
    memberClaim: Type.Optional(ClaimPath),
    /** Claim naming the user (default 'sub'); the session's user is `<provider id>:<value>`. */
    userClaim: Type.Optional(ClaimPath),
    /** Claim carrying the user's clearance (one of the classification names); absent: defaultClearance. */
    clearanceClaim: Type.Optional(ClaimPath),
    defaultClearance: Type.Optional(Clearance),
    /** Highest clearance a user of this provider may hold, whatever the claim says (default SECRET). */
    maxClearance: Type.Optional(Clearance),
    /** Claim carrying roles, and the value that makes a user secretariat staff (secretariat node only). */
    roleClaim: Type.Optional(ClaimPath),
    secretariatRole: Type.Optional(Type.String({ minLength: 1 })),
    /** Session lifetime in hours (default 8). */
    sessionHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 })),
  },
  { additionalProperties: false },
);
export const OidcConfigSchema = Type.Object(
  { providers: Type.Array(OidcProviderSchema, { minItems: 1 }) },
  { additionalProperties: false },
);
export type OidcProvider = Static<typeof OidcProviderSchema> & { clientSecret: string | null };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Reads TAHALUF_OIDC_CONFIG and checks what the schema cannot: a national node's providers vouch for its
 * own member only and never for the secretariat; an issuer is https unless on this machine; secrets are
 * found. Every problem is listed at once.
 */
export function loadOidcProviders(config: Config, env = process.env): OidcProvider[] {
  if (!config.oidcConfigFile) return [];
  const file = config.oidcConfigFile;
  const parsed = checkDataFile(file, OidcConfigSchema, readJsonFile(file));
  const problems: string[] = [];
  const seen = new Set<string>();
  const providers = parsed.providers.map((p, i) => {
    const at = `/providers/${i}`;
    if (seen.has(p.id)) problems.push(`${at}/id: '${p.id}' is used twice`);
    seen.add(p.id);
    const issuer = new URL(p.issuer);
    if (issuer.protocol !== 'https:' && !LOOPBACK_HOSTS.has(issuer.hostname))
      problems.push(`${at}/issuer: must be https (plain http only for an issuer on this machine)`);
    if (config.mode === 'national') {
      if (p.members.length !== 1 || p.members[0] !== config.nodeMember)
        problems.push(
          `${at}/members: a national node signs in users of its own member only: ["${config.nodeMember}"]`,
        );
      if (p.secretariatRole)
        problems.push(`${at}/secretariatRole: a national node has no secretariat users`);
    }
    if (p.members.length > 1 && !p.memberClaim)
      problems.push(`${at}/memberClaim: needed when the provider vouches for several members`);
    if (p.members.length === 0 && !p.secretariatRole)
      problems.push(`${at}/members: list the member(s) this provider vouches for`);
    if (!!p.roleClaim !== !!p.secretariatRole)
      problems.push(`${at}: roleClaim and secretariatRole go together`);
    if (p.clientSecretEnv && p.clientSecretFile)
      problems.push(`${at}: give clientSecretEnv or clientSecretFile, not both`);
    let clientSecret: string | null = null;
    if (p.clientSecretEnv) {
      clientSecret = env[p.clientSecretEnv] ?? null;
      if (!clientSecret) problems.push(`${at}/clientSecretEnv: ${p.clientSecretEnv} is not set`);
    } else if (p.clientSecretFile) {
      try {
        clientSecret = readFileSync(p.clientSecretFile, 'utf8').trim();
      } catch (e) {
        problems.push(`${at}/clientSecretFile: cannot read (${messageOf(e)})`);
      }
    }
    return { ...p, clientSecret };
  });
  if (problems.length) throw new Error(`${file} is invalid:\n- ${problems.join('\n- ')}`);
  return providers;
}

export type Claims = Record<string, unknown>;

/** The strings at a dotted claim path ('realm_access.roles'): a string, or every string of an array. */
export function claimValues(claims: Claims, path: string): string[] {
  let v: unknown = claims;
  for (const key of path.split('.')) {
    if (!isPlainObject(v)) return [];
    v = Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
  }
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

export interface MappedUser {
  user: string;
  role: 'member' | 'secretariat';
  member: string | null;
  clearance: Classification;
}

export class SigninRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Who a provider's user is on this node, from the ID token's and userinfo's claims. A user maps to one
 * member the provider vouches for (a national node: its own member, whatever the claims say otherwise),
 * or to the secretariat (secretariat node, role claim). Clearance: the claim, capped at the provider's
 * maximum. Anything else is refused: never a silent fallback to another member.
 */
export function mapClaims(
  provider: OidcProvider,
  claims: Claims,
  node: Pick<Config, 'mode' | 'nodeMember'>,
): MappedUser {
  const userValue = claimValues(claims, provider.userClaim ?? 'sub')[0];
  if (!userValue)
    throw new SigninRefused(
      'no_user',
      `the provider sent no '${provider.userClaim ?? 'sub'}' claim`,
    );
  const user = `${provider.id}:${userValue}`.slice(0, 100);
  const clearance = clearanceOf(provider, claims);
  if (provider.roleClaim && provider.secretariatRole) {
    const roles = claimValues(claims, provider.roleClaim);
    if (roles.includes(provider.secretariatRole)) {
      if (node.mode !== 'secretariat')
        throw new SigninRefused('no_secretariat_here', 'a national node has no secretariat users');
      return { user, role: 'secretariat', member: null, clearance };
    }
  }
  let member: string | null;
  if (provider.memberClaim) {
    const named = claimValues(claims, provider.memberClaim).map((v) => v.trim().toUpperCase());
    const vouched = [...new Set(named.filter((m) => provider.members.includes(m)))];
    if (vouched.length !== 1)
      throw new SigninRefused(
        'member_not_vouched',
        named.length === 0
          ? `the provider sent no '${provider.memberClaim}' claim`
          : `'${provider.memberClaim}' names ${named.join(', ')}: this provider vouches for ${provider.members.join(', ') || 'no member'} only`,
      );
    member = vouched[0];
  } else member = provider.members.length === 1 ? provider.members[0] : null;
  if (!member) throw new SigninRefused('member_not_vouched', 'the provider names no member');
  if (node.mode === 'national' && member !== node.nodeMember)
    throw new SigninRefused(
      'member_not_vouched',
      `this node signs in users of ${node.nodeMember} only`,
    );
  return { user, role: 'member', member, clearance };
}

function clearanceOf(provider: OidcProvider, claims: Claims): Classification {
  const max = provider.maxClearance ?? 'SECRET';
  const fallback = provider.defaultClearance ?? 'RESTRICTED';
  let c: Classification = fallback;
  if (provider.clearanceClaim) {
    const values = claimValues(claims, provider.clearanceClaim).map((v) => v.trim().toUpperCase());
    if (values.length) {
      const known = values.filter(isClassification);
      if (!known.length)
        throw new SigninRefused(
          'unknown_clearance',
          `'${provider.clearanceClaim}' is ${values.join(', ')}: not one of ${CLASSIFICATIONS.join(', ')}`,
        );
      c = known.reduce((a, b) => (clearanceRank(b) > clearanceRank(a) ? b : a));
    }
  }
  return clearanceRank(c) > clearanceRank(max) ? max : c;
}
