import { badInput, notFound } from '../../core/errors.js';
import { parseJson } from '../../store/json-column.js';
import type { Principal } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { allCollections, rightsOn, type Collection } from '../collections.js';
import { hubFor } from '../hub-registry.js';
import { labelText, readLabel } from '../labels.js';
import { recipientOf } from '../releasability.js';
import type { StoredRow } from '../repository.js';
import { techniqueOf, type Technique } from './attack.js';
import type { AnalystTables } from './migrations.js';

/**
 * ATT&CK mapping (#19.6, docs/intel.md "ATT&CK mapping"): which techniques an intelligence object is
 * mapped to, and which objects are mapped to a technique, within what the reader may see.
 *
 * An object is mapped to technique T (`T1059`, `T1059.001`)
 * - by a STIX relationship `uses` or `indicates` from it to an attack-pattern that is T: the imported
 *   catalogue's attack-pattern id for T, or a stored attack-pattern with a `mitre-attack` external id T;
 * - by its own `external_references` (`source_name` `mitre-attack`, `external_id` T), or a
 *   `kill_chain_phases` entry of `kill_chain_name` `mitre-attack` whose `phase_name` is T.
 * Every object, relationship and attack-pattern is read through the hub (the releasability-filtered
 * read of every path: the latest version the reader may see), so a mapping the reader may not see, or
 * an object it may not see, is neither listed nor counted. Attack-patterns that are T themselves are the
 * technique, not objects mapped to it: they are not listed.
 */
type MapDeps = Pick<Deps, 'store' | 'clock' | 'record' | 'registry' | 'config' | 'keyring'>;

export const MAPPING_RELATIONSHIPS = ['uses', 'indicates'] as const;
const MAPPING_TYPES = new Set<unknown>(MAPPING_RELATIONSHIPS);
const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
const STIX_ID = /^attack-pattern--[0-9a-f-]{36}$/;

export type MappedVia = 'relationship' | 'external-reference' | 'kill-chain-phase';

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Technique ids an object names itself (its own mitre-attack external references and kill-chain phases). */
export function ownTechniques(
  o: Record<string, unknown>,
): { techniqueId: string; via: MappedVia }[] {
  const out: { techniqueId: string; via: MappedVia }[] = [];
  if (Array.isArray(o.external_references))
    for (const r of o.external_references)
      if (
        isObj(r) &&
        r.source_name === 'mitre-attack' &&
        typeof r.external_id === 'string' &&
        TECHNIQUE_ID.test(r.external_id)
      )
        out.push({ techniqueId: r.external_id, via: 'external-reference' });
  if (Array.isArray(o.kill_chain_phases))
    for (const p of o.kill_chain_phases)
      if (
        isObj(p) &&
        p.kill_chain_name === 'mitre-attack' &&
        typeof p.phase_name === 'string' &&
        TECHNIQUE_ID.test(p.phase_name.toUpperCase())
      )
        out.push({ techniqueId: p.phase_name.toUpperCase(), via: 'kill-chain-phase' });
  return out;
}

/** The technique an attack-pattern object is (its mitre-attack external id), if any. */
const techniqueOfPattern = (o: Record<string, unknown>): string | null =>
  o.type === 'attack-pattern'
    ? (ownTechniques(o).find((t) => t.via === 'external-reference')?.techniqueId ?? null)
    : null;

const nameOf = (o: Record<string, unknown>, id: string) =>
  typeof o.name === 'string' ? o.name : typeof o.value === 'string' ? o.value : id;

export interface MappedObject {
  id: string;
  type: string;
  collection: string;
  originator: string;
  name: string;
  label: string | null;
  via: MappedVia[];
}

function readerScope(deps: MapDeps, who: Principal) {
  const hub = hubFor(deps);
  const reader = recipientOf(who);
  const colls = allCollections(deps.registry).filter(
    (c) => rightsOn(c, who, hub.today(), deps.registry).read,
  );
  /** The latest visible versions of `ids` in one collection. */
  const latest = async (coll: Collection, ids: string[], types?: string[]) => {
    const out: StoredRow[] = [];
    for (let i = 0; i < ids.length; i += 200) {
      const page = await hub.page(
        { collectionId: coll.id, ids: ids.slice(i, i + 200), types, limit: 1000 },
        reader,
      );
      out.push(...page.rows);
    }
    return out;
  };
  return { hub, reader, colls, latest };
}

/**
 * Objects the reader may see that are mapped to a technique (by ATT&CK id or the catalogue's STIX id),
 * newest first, at most `limit`; `total` counts all found (bounded by the pages read: `truncated`).
 */
export async function objectsOfTechnique(
  deps: MapDeps,
  who: Principal,
  techniqueRef: string,
  limit = 100,
): Promise<{
  technique: Technique | null;
  techniqueId: string;
  total: number;
  objects: MappedObject[];
  truncated: boolean;
}> {
  const ref = techniqueRef.trim();
  if (!TECHNIQUE_ID.test(ref.toUpperCase()) && !STIX_ID.test(ref))
    throw badInput('id', 'give an ATT&CK technique id (T1059, T1059.001) or its attack-pattern id');
  const db = deps.store.db.withTables<AnalystTables>();
  const technique = await techniqueOf(db, STIX_ID.test(ref) ? ref : ref.toUpperCase());
  if (!technique && STIX_ID.test(ref)) throw notFound('technique', ref);
  const techniqueId = technique?.techniqueId ?? ref.toUpperCase();
  const { hub, reader, colls, latest } = readerScope(deps, who);
  const found = new Map<string, { row: StoredRow; coll: Collection; via: Set<MappedVia> }>();
  const add = (row: StoredRow, coll: Collection, via: MappedVia) => {
    const k = `${coll.id}|${row.id}`;
    const have = found.get(k);
    if (have) have.via.add(via);
    else found.set(k, { row, coll, via: new Set([via]) });
  };
  const patternIds = new Set<string>(technique ? [technique.stixId] : []);
  let truncated = false;
  // 1. Objects naming the technique themselves (and stored attack-patterns that are it), found by text.
  for (const c of colls) {
    let next: string | null = null;
    let pages = 0;
    for (; pages < 20; pages++) {
      const page = await hub.page(
        { collectionId: c.id, textContains: techniqueId, limit: 500, next },
        reader,
      );
      for (const row of page.rows) {
        const o = parseJson(row.object);
        if (techniqueOfPattern(o) === techniqueId) {
          patternIds.add(row.id);
          continue;
        }
        for (const t of ownTechniques(o)) if (t.techniqueId === techniqueId) add(row, c, t.via);
      }
      next = page.next;
      if (!next) break;
    }
    if (next) truncated = true;
  }
  // 2. Relationships `uses`/`indicates` to those attack-patterns (found by intel_refs, read as the reader
  //    may see them), then their sources, read the same way in every readable collection.
  const sources = new Set<string>();
  if (patternIds.size)
    for (const c of colls) {
      const candidates = await hub.relationshipsNaming(c.id, [...patternIds]);
      for (const r of await latest(c, candidates, ['relationship'])) {
        const rel = parseJson(r.object);
        if (
          typeof rel.source_ref === 'string' &&
          typeof rel.target_ref === 'string' &&
          patternIds.has(rel.target_ref) &&
          MAPPING_TYPES.has(rel.relationship_type)
        )
          sources.add(rel.source_ref);
      }
    }
  if (sources.size)
    for (const c of colls)
      for (const row of await latest(c, [...sources]))
        if (!patternIds.has(row.id)) add(row, c, 'relationship');
  const all = [...found.values()].sort((a, b) => b.row.date_added.localeCompare(a.row.date_added));
  const shown = all.slice(0, Math.min(Math.max(limit, 1), 1000));
  await hub.recordReceipts(
    shown.map((s) => s.row),
    who,
    'console',
  );
  return {
    technique,
    techniqueId,
    total: all.length,
    truncated,
    objects: shown.map(({ row, coll, via }) => {
      const o = parseJson(row.object);
      const l = readLabel(o);
      return {
        id: row.id,
        type: row.type,
        collection: coll.alias,
        originator: row.originator,
        name: nameOf(o, row.id),
        label: 'label' in l && l.label ? labelText(l.label) : null,
        via: [...via].sort(),
      };
    }),
  };
}

export interface ObjectTechnique {
  techniqueId: string;
  name: string | null;
  tactics: string[];
  via: MappedVia[];
}

/**
 * The techniques an object (already read by the caller through the hub, in `coll`) is mapped to, as the
 * reader may see the mappings: its own references, and `uses`/`indicates` relationships the reader may
 * see to attack-patterns that are techniques (in the catalogue, or stored and visible with a mitre-attack id).
 */
export async function techniquesOfObject(
  deps: MapDeps,
  who: Principal,
  row: StoredRow,
): Promise<ObjectTechnique[]> {
  const { hub, colls, latest } = readerScope(deps, who);
  const db = deps.store.db.withTables<AnalystTables>();
  const o = parseJson(row.object);
  const mapped = new Map<string, Set<MappedVia>>();
  const add = (t: string, via: MappedVia) => {
    const have = mapped.get(t);
    if (have) have.add(via);
    else mapped.set(t, new Set([via]));
  };
  if (techniqueOfPattern(o) === null) for (const t of ownTechniques(o)) add(t.techniqueId, t.via);
  const targets = new Set<string>();
  for (const c of colls) {
    const candidates = await hub.relationshipsNaming(c.id, [row.id]);
    for (const r of await latest(c, candidates, ['relationship'])) {
      const rel = parseJson(r.object);
      if (
        rel.source_ref === row.id &&
        typeof rel.target_ref === 'string' &&
        rel.target_ref.startsWith('attack-pattern--') &&
        MAPPING_TYPES.has(rel.relationship_type)
      )
        targets.add(rel.target_ref);
    }
  }
  const unresolved = new Set(targets);
  for (const stixId of targets) {
    const t = await techniqueOf(db, stixId);
    if (t) {
      add(t.techniqueId, 'relationship');
      unresolved.delete(stixId);
    }
  }
  if (unresolved.size)
    for (const c of colls)
      for (const p of await latest(c, [...unresolved], ['attack-pattern'])) {
        const t = techniqueOfPattern(parseJson(p.object));
        if (t) add(t, 'relationship');
      }
  const out: ObjectTechnique[] = [];
  for (const [techniqueId, via] of [...mapped].sort(([a], [b]) => a.localeCompare(b))) {
    const t = await techniqueOf(db, techniqueId);
    out.push({
      techniqueId,
      name: t?.name ?? null,
      tactics: t?.tactics ?? [],
      via: [...via].sort(),
    });
  }
  return out;
}
