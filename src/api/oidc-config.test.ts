import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../core/config.js';
import { claimValues, loadOidcProviders, mapClaims, type OidcProvider } from './oidc-config.js';

const provider = (p: Partial<OidcProvider>): OidcProvider => ({
  id: 'idp',
  label: 'IdP',
  issuer: 'https://idp.example',
  clientId: 'c',
  members: ['QAT'],
  clientSecret: null,
  ...p,
});
const SECRETARIAT = { mode: 'secretariat' as const, nodeMember: null };
const NATIONAL_QAT = { mode: 'national' as const, nodeMember: 'QAT' };

describe('OIDC claims to a member, a role and a clearance', () => {
  it('a provider for one member maps every user to it; the user is named by the provider', () => {
    expect(mapClaims(provider({}), { sub: 'u1' }, SECRETARIAT)).toEqual({
      user: 'idp:u1',
      role: 'member',
      member: 'QAT',
      clearance: 'RESTRICTED',
    });
  });

  it('the member claim must name a member the provider vouches for: never another one', () => {
    const p = provider({ members: ['QAT', 'KWT'], memberClaim: 'org.member' });
    expect(mapClaims(p, { sub: 'u', org: { member: 'kwt' } }, SECRETARIAT).member).toBe('KWT');
    expect(() => mapClaims(p, { sub: 'u', org: { member: 'SAU' } }, SECRETARIAT)).toThrow(
      /vouches for QAT, KWT only/,
    );
    expect(() => mapClaims(p, { sub: 'u', org: { member: ['QAT', 'KWT'] } }, SECRETARIAT)).toThrow(
      /member/,
    );
    expect(() => mapClaims(p, { sub: 'u' }, SECRETARIAT)).toThrow(/no 'org.member' claim/);
  });

  it('a national node signs in its own member only, and no secretariat user', () => {
    const p = provider({ members: ['QAT'], memberClaim: 'm' });
    expect(mapClaims(p, { sub: 'u', m: 'QAT' }, NATIONAL_QAT).member).toBe('QAT');
    expect(() => mapClaims(p, { sub: 'u', m: 'KWT' }, NATIONAL_QAT)).toThrow();
    const kwt = provider({ members: ['KWT'] });
    expect(() => mapClaims(kwt, { sub: 'u' }, NATIONAL_QAT)).toThrow(/QAT only/);
    const sec = provider({ roleClaim: 'roles', secretariatRole: 'staff' });
    expect(() => mapClaims(sec, { sub: 'u', roles: ['staff'] }, NATIONAL_QAT)).toThrow(
      /no secretariat/,
    );
  });

  it('the secretariat role comes from the role claim, on the secretariat node', () => {
    const p = provider({
      members: [],
      roleClaim: 'realm_access.roles',
      secretariatRole: 'tahaluf-secretariat',
    });
    const who = mapClaims(
      p,
      { sub: 'u', realm_access: { roles: ['x', 'tahaluf-secretariat'] } },
      SECRETARIAT,
    );
    expect(who).toMatchObject({ role: 'secretariat', member: null });
    expect(() => mapClaims(p, { sub: 'u', realm_access: { roles: ['x'] } }, SECRETARIAT)).toThrow();
  });

  it('clearance: from the claim, capped at the provider maximum; an unknown value is refused', () => {
    const p = provider({ clearanceClaim: 'c', maxClearance: 'CONFIDENTIAL' });
    expect(mapClaims(p, { sub: 'u', c: 'public' }, SECRETARIAT).clearance).toBe('PUBLIC');
    expect(mapClaims(p, { sub: 'u', c: 'TOP SECRET' }, SECRETARIAT).clearance).toBe('CONFIDENTIAL');
    expect(mapClaims(p, { sub: 'u' }, SECRETARIAT).clearance).toBe('RESTRICTED');
    expect(() => mapClaims(p, { sub: 'u', c: 'COSMIC' }, SECRETARIAT)).toThrow(/not one of/);
  });

  it('claim paths never walk into the prototype', () => {
    expect(claimValues({ a: 'x' }, '__proto__.toString')).toEqual([]);
    expect(claimValues({ a: ['x', 1, 'y'] }, 'a')).toEqual(['x', 'y']);
  });
});

describe('TAHALUF_OIDC_CONFIG checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tahaluf-oidc-config-'));
  const file = (providers: unknown[]) => {
    const f = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(f, JSON.stringify({ providers }));
    return f;
  };
  const base = { id: 'qat', label: 'Qatar', issuer: 'https://idp.qa', clientId: 'c' };

  it('a national node refuses a provider that vouches for another member or for the secretariat', () => {
    const config = loadConfig({
      TAHALUF_MODE: 'national',
      TAHALUF_MEMBER: 'QAT',
      TAHALUF_OIDC_CONFIG: file([
        { ...base, members: ['KWT'] },
        { ...base, id: 'b', members: ['QAT'], roleClaim: 'r', secretariatRole: 's' },
      ]),
    });
    expect(() => loadOidcProviders(config)).toThrow(/its own member only[\s\S]*no secretariat/);
  });

  it('plain http only for an issuer on this machine; secrets from the environment', () => {
    const config = loadConfig({
      TAHALUF_OIDC_CONFIG: file([
        { ...base, issuer: 'http://idp.example', members: ['QAT'], clientSecretEnv: 'NOPE_X' },
      ]),
    });
    expect(() => loadOidcProviders(config, {})).toThrow(/must be https[\s\S]*NOPE_X is not set/);
    const ok = loadConfig({
      TAHALUF_OIDC_CONFIG: file([
        { ...base, issuer: 'http://127.0.0.1:9', members: ['QAT'], clientSecretEnv: 'S' },
      ]),
    });
    expect(loadOidcProviders(ok, { S: 'sec' })[0].clientSecret).toBe('sec');
  });
});
