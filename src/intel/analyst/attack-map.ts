import { badInput, notFound } from '../../core/errors.js';
import { parseJson } from '../../store/json-column.js';
import type { Principal } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { allCollections, rightsOn, type Collection } from '../collections.js';
import { hubFor } from '../hub-registry.js';
import { labelledObject, labelText, readLabel } from '../labels.js';
import { recipientOf } from '../releasability.js';
import type { StoredRow } from '../repository.js';
import { findTechniques, techniqueOf, type Technique } from './attack.js';
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

/** An attack-pattern that is a technique is the technique, not an object mapped to one. */
const isTechniquePattern = (row: StoredRow, known: ReadonlyMap<string, string>): boolean =>
  known.has(row.id) || techniqueOfPattern(parseJson(row.object)) !== null;

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
  /** The techniques it is mapped to that the asked one covers (itself, or its sub-techniques). */
  techniques: string[];
}

/** Does technique `parent` cover `t`: the same technique, or one of its sub-techniques (T1059 covers T1059.001)? */
export const covers = (parent: string, t: string): boolean =>
  t === parent || (!parent.includes('.') && t.startsWith(`${parent}.`));

/** The parent of a sub-technique (T1059.001 → T1059), null for a technique. */
export const parentOf = (t: string): string | null =>
  t.includes('.') ? t.slice(0, t.indexOf('.')) : null;

/** Bounds of the scans over a collection's visible rows (pages × page size). */
const SCAN_PAGES = 20;
const SCAN_PAGE = 500;

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
 * Objects the reader may see that are mapped to a technique (by ATT&CK id or the catalogue's STIX id), or,
 * for a technique, to one of its sub-techniques (T1059 lists what is mapped to T1059.001), newest first, at
 * most `limit`; `total` counts all found (bounded by the pages read: `truncated`).
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
  const found = new Map<
    string,
    { row: StoredRow; coll: Collection; via: Set<MappedVia>; techniques: Set<string> }
  >();
  const add = (row: StoredRow, coll: Collection, via: MappedVia, t: string) => {
    const k = `${coll.id}|${row.id}`;
    const have = found.get(k);
    if (have) {
      have.via.add(via);
      have.techniques.add(t);
    } else found.set(k, { row, coll, via: new Set([via]), techniques: new Set([t]) });
  };
  // Attack-patterns that are the technique or one of its sub-techniques: the catalogue's and stored ones.
  const patternTechnique = new Map<string, string>();
  if (technique) patternTechnique.set(technique.stixId, technique.techniqueId);
  if (!techniqueId.includes('.'))
    for (const sub of await findTechniques(db, {
      q: `${techniqueId}.`,
      includeDeprecated: true,
      limit: 1000,
    }))
      if (covers(techniqueId, sub.techniqueId)) patternTechnique.set(sub.stixId, sub.techniqueId);
  let truncated = false;
  // 1. Objects naming the technique themselves (and stored attack-patterns that are it), found by text
  //    (a sub-technique's id contains its parent's).
  for (const c of colls) {
    let next: string | null = null;
    let pages = 0;
    for (; pages < SCAN_PAGES; pages++) {
      const page = await hub.page(
        { collectionId: c.id, textContains: techniqueId, limit: SCAN_PAGE, next },
        reader,
      );
      for (const row of page.rows) {
        const o = parseJson(row.object);
        const own = techniqueOfPattern(o);
        if (own !== null && covers(techniqueId, own)) {
          patternTechnique.set(row.id, own);
          continue;
        }
        for (const t of ownTechniques(o))
          if (covers(techniqueId, t.techniqueId)) add(row, c, t.via, t.techniqueId);
      }
      next = page.next;
      if (!next) break;
    }
    if (next) truncated = true;
  }
  // 2. Relationships `uses`/`indicates` to those attack-patterns (found by intel_refs, read as the reader
  //    may see them), then their sources, read the same way in every readable collection.
  const sources = new Map<string, Set<string>>();
  if (patternTechnique.size)
    for (const c of colls) {
      const candidates = await hub.relationshipsNaming(c.id, [...patternTechnique.keys()]);
      for (const r of await latest(c, candidates, ['relationship'])) {
        const rel = parseJson(r.object);
        const t =
          typeof rel.target_ref === 'string' ? patternTechnique.get(rel.target_ref) : undefined;
        if (typeof rel.source_ref === 'string' && t && MAPPING_TYPES.has(rel.relationship_type)) {
          const have = sources.get(rel.source_ref);
          if (have) have.add(t);
          else sources.set(rel.source_ref, new Set([t]));
        }
      }
    }
  if (sources.size)
    for (const c of colls)
      for (const row of await latest(c, [...sources.keys()]))
        if (!isTechniquePattern(row, patternTechnique))
          for (const t of sources.get(row.id) ?? []) add(row, c, 'relationship', t);
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
    objects: shown.map(({ row, coll, via, techniques }) => {
      const o = parseJson(row.object);
      const l = readLabel(labelledObject(o, row.beside_label));
      return {
        id: row.id,
        type: row.type,
        collection: coll.alias,
        originator: row.originator,
        name: nameOf(o, row.id),
        label: 'label' in l && l.label ? labelText(l.label) : null,
        via: [...via].sort(),
        techniques: [...techniques].sort(),
      };
    }),
  };
}

export interface IndexedTechnique {
  techniqueId: string;
  name: string | null;
  tactics: string[];
  /** The parent technique of a sub-technique, else null. */
  parent: string | null;
  /** Visible objects mapped to it, or (a technique) to any of its sub-techniques, each counted once. */
  count: number;
  /** Visible objects mapped to exactly this technique or sub-technique. */
  direct: number;
}

/**
 * The technique index (#19.6): every technique and sub-technique that some object the reader may see is
 * mapped to, with counts within that visibility; a sub-technique's objects are also counted under its
 * parent (T1059.001 under T1059, each object once), and a parent appears when only its sub-techniques are
 * mapped. The same rules as `objectsOfTechnique`, found the other way round: each readable collection's
 * visible rows that name `mitre-attack` (own references, stored attack-patterns) and visible
 * relationships naming an attack-pattern are scanned (at most SCAN_PAGES × SCAN_PAGE rows of each kind per
 * collection: `truncated` when cut); relationship sources are then read through the hub like any object,
 * so neither an object nor a mapping outside the reader's labels is counted.
 */
export async function techniqueIndex(
  deps: MapDeps,
  who: Principal,
  opts: { tactic?: string; limit?: number } = {},
): Promise<{ techniques: IndexedTechnique[]; total: number; truncated: boolean }> {
  const db = deps.store.db.withTables<AnalystTables>();
  const { hub, reader, colls, latest } = readerScope(deps, who);
  let truncated = false;
  const scan = async (c: Collection, text: string, types?: string[]) => {
    const rows: StoredRow[] = [];
    let next: string | null = null;
    for (let pages = 0; pages < SCAN_PAGES; pages++) {
      const page = await hub.page(
        { collectionId: c.id, textContains: text, types, limit: SCAN_PAGE, next },
        reader,
      );
      rows.push(...page.rows);
      next = page.next;
      if (!next) break;
    }
    if (next) truncated = true;
    return rows;
  };
  /** technique id → object keys (collection|id) mapped to exactly it. */
  const mapped = new Map<string, Set<string>>();
  const add = (t: string, key: string) => {
    const have = mapped.get(t);
    if (have) have.add(key);
    else mapped.set(t, new Set([key]));
  };
  const patternTechnique = new Map<string, string>();
  const relationships: Record<string, unknown>[] = [];
  for (const c of colls) {
    for (const row of await scan(c, 'mitre-attack')) {
      const o = parseJson(row.object);
      const own = techniqueOfPattern(o);
      if (own !== null) patternTechnique.set(row.id, own);
      else for (const t of ownTechniques(o)) add(t.techniqueId, `${c.id}|${row.id}`);
    }
    for (const row of await scan(c, 'attack-pattern--', ['relationship']))
      relationships.push(parseJson(row.object));
  }
  // Relationship targets: a visible stored attack-pattern, else the catalogue's technique.
  const sources = new Map<string, Set<string>>();
  for (const rel of relationships) {
    if (
      typeof rel.source_ref !== 'string' ||
      typeof rel.target_ref !== 'string' ||
      !rel.target_ref.startsWith('attack-pattern--') ||
      !MAPPING_TYPES.has(rel.relationship_type)
    )
      continue;
    let t = patternTechnique.get(rel.target_ref);
    if (t === undefined) {
      const cat = await techniqueOf(db, rel.target_ref);
      if (!cat) continue;
      t = cat.techniqueId;
      patternTechnique.set(rel.target_ref, t);
    }
    const have = sources.get(rel.source_ref);
    if (have) have.add(t);
    else sources.set(rel.source_ref, new Set([t]));
  }
  if (sources.size)
    for (const c of colls)
      for (const row of await latest(c, [...sources.keys()]))
        if (!isTechniquePattern(row, patternTechnique))
          for (const t of sources.get(row.id) ?? []) add(t, `${c.id}|${row.id}`);
  // Roll-up: a parent counts its own objects and its sub-techniques', each object once.
  const ids = new Set<string>();
  for (const t of mapped.keys()) {
    ids.add(t);
    const p = parentOf(t);
    if (p) ids.add(p);
  }
  const out: IndexedTechnique[] = [];
  for (const t of [...ids].sort()) {
    const keys = new Set<string>();
    for (const [m, objs] of mapped) if (covers(t, m)) for (const k of objs) keys.add(k);
    const cat = await techniqueOf(db, t);
    const tactics = cat?.tactics ?? [];
    if (opts.tactic && !tactics.includes(opts.tactic)) continue;
    out.push({
      techniqueId: t,
      name: cat?.name ?? null,
      tactics,
      parent: parentOf(t),
      count: keys.size,
      direct: mapped.get(t)?.size ?? 0,
    });
  }
  const limit = Math.min(Math.max(opts.limit ?? 1000, 1), 5000);
  return { techniques: out.slice(0, limit), total: out.length, truncated };
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
