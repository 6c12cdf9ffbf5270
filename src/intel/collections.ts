import { createHash } from 'node:crypto';
import type { Principal } from '../runtime/auth.js';
import type { Registry } from '../registry/registry.js';

/**
 * TAXII collections are communities: one per alliance in force (its active members read and write)
 * and one per member state (that member's own workspace, where it keeps what it shares bilaterally).
 */
export interface Collection {
  id: string;
  alias: string;
  title: string;
  description: string;
  kind: 'alliance' | 'member';
  /** Alliance id, or the member's ISO3 code. */
  community: string;
}

export interface Rights {
  read: boolean;
  write: boolean;
}

/** Deterministic name-based UUID (version 5 layout) so a collection keeps its id across restarts and nodes. */
export function nameUuid(name: string): string {
  const h = createHash('sha1').update(`tahaluf:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The alias of a member state's own collection (`member-qat`): its default for posting and importing. */
export const memberCollectionAlias = (iso3: string): string => `member-${iso3.toLowerCase()}`;

export function allCollections(registry: Registry): Collection[] {
  const out: Collection[] = [];
  for (const a of registry.alliances()) {
    if (a.status !== 'in_force') continue;
    out.push({
      id: nameUuid(`alliance:${a.id}`),
      alias: a.id,
      title: `${a.short || a.name} intelligence`,
      kind: 'alliance',
      community: a.id,
      description: `Intelligence shared among the members of ${a.name}; each object is visible only as its label allows.`,
    });
  }
  for (const s of registry.states()) {
    out.push({
      id: nameUuid(`member:${s.iso3}`),
      alias: memberCollectionAlias(s.iso3),
      title: `${s.nameEn} (${s.iso3}) national collection`,
      kind: 'member',
      community: s.iso3,
      description: `${s.nameEn}'s own collection, readable and writable by its users.`,
    });
  }
  return out;
}

export function rightsOn(c: Collection, p: Principal, day: string, registry: Registry): Rights {
  if (p.role !== 'member' || !p.member) return { read: false, write: false };
  const inCommunity = inCollectionCommunity(c, p.member, day, registry);
  return { read: inCommunity, write: inCommunity };
}

/** Is `member` (ISO3) in the community a collection serves on `day`? Its users may then read and write it. */
export function inCollectionCommunity(
  c: Collection,
  member: string,
  day: string,
  registry: Registry,
): boolean {
  return c.kind === 'member'
    ? c.community === member
    : registry.isActiveMember(c.community, member, day);
}

export function findCollection(registry: Registry, idOrAlias: string): Collection | undefined {
  return allCollections(registry).find((c) => c.id === idOrAlias || c.alias === idOrAlias);
}
