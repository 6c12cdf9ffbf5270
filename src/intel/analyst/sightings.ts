import { badInput, notFound } from '../../core/errors.js';
import { randomUUID } from '../../core/ids.js';
import type { Principal } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { allCollections, rightsOn, type Collection } from '../collections.js';
import { hubFor } from '../hub-registry.js';
import {
  isClassification,
  LABEL_POLICY,
  labelledObject,
  labelText,
  readLabel,
  withLabel,
} from '../labels.js';
import { idKey, type IntelTables } from '../migrations.js';
import { COUNT_TO_ORIGINATOR } from './sighting-refs.js';

export { COUNT_TO_ORIGINATOR, sightingRefs } from './sighting-refs.js';
import { recipientOf } from '../releasability.js';
import type { StoredRow } from '../repository.js';
import { TLP2_IDS, TLP_LEVELS } from '../stix/marking.js';
import { parseJson } from '../../store/json-column.js';

type SightingDeps = Pick<Deps, 'store' | 'clock' | 'record' | 'registry' | 'config' | 'keyring'>;

export interface SightingSeen {
  id: string;
  collection: string;
  /** The sighting member: shown only because the reader's rights cover the sighting's label. */
  originator: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  label: string | null;
}

export interface SightingSummary {
  id: string;
  /** Sum of the counts the reader may know of (visible sightings, plus anonymous ones for the originator). */
  total: number;
  /** Sightings the reader may see, each naming its member. */
  sightings: SightingSeen[];
  /**
   * Anonymous sightings (count passed to the originator, sighting not visible to the reader): how many
   * and their summed count. Always zero for a reader that did not originate the object.
   */
  anonymous: { reports: number; total: number };
}

/** Is version timestamp `a` later than `b` (STIX timestamps may differ in precision, so compared as instants)? */
const newer = (a: string, b: string) => {
  const x = Date.parse(a),
    y = Date.parse(b);
  return x === y ? a > b : x > y;
};

/** STIX `count` when given (0..999,999,999), else 1: one report of having seen it. */
const countOf = (o: Record<string, unknown>) =>
  typeof o.count === 'number' && Number.isInteger(o.count) && o.count >= 0 ? o.count : 1;

const readable = (deps: SightingDeps, p: Principal) => {
  const hub = hubFor(deps);
  return allCollections(deps.registry).filter(
    (c) => rightsOn(c, p, hub.today(), deps.registry).read,
  );
};

/** The latest visible version of `id` for `p`, and its collection (null when missing or not visible). */
async function findVisible(
  deps: SightingDeps,
  p: Principal,
  id: string,
): Promise<{ rows: StoredRow[]; coll: Collection } | null> {
  const hub = hubFor(deps);
  for (const c of readable(deps, p)) {
    const page = await hub.page({ collectionId: c.id, ids: [id], limit: 10 }, recipientOf(p));
    if (page.rows.length) return { rows: page.rows, coll: c };
  }
  return null;
}

/**
 * What `p` may know of the sightings of object `id` (#19.6). Sightings are ordinary stored objects
 * under their own labels: those the reader may see (latest visible version, through the hub, like every
 * read) are listed with their member. The originator of the object additionally gets the count of the
 * sightings it may not see whose latest version carries `x_tahaluf_count_to_originator: true`, as one
 * number, without ids, members, labels or times. Sightings are looked for in the object's collection.
 * An object the reader may not see is a 404 like a missing one.
 */
export async function sightingsOf(
  deps: SightingDeps,
  p: Principal,
  id: string,
): Promise<SightingSummary> {
  const hub = hubFor(deps);
  const found = await findVisible(deps, p, id);
  if (!found) throw notFound('object', id);
  const { coll } = found;
  const candidates = await hub.relationshipsNaming(coll.id, [id]);
  const seen: SightingSeen[] = [];
  const seenKeys = new Set<string>();
  if (candidates.length) {
    const page = await hub.page(
      { collectionId: coll.id, ids: candidates, types: ['sighting'], limit: 1000 },
      recipientOf(p),
    );
    for (const r of page.rows) {
      const o = parseJson(r.object);
      if (o.sighting_of_ref !== id) continue;
      seenKeys.add(`${r.id}|${r.originator}`);
      const l = readLabel(labelledObject(o, r.beside_label));
      seen.push({
        id: r.id,
        collection: coll.alias,
        originator: r.originator,
        count: countOf(o),
        firstSeen: typeof o.first_seen === 'string' ? o.first_seen : null,
        lastSeen: typeof o.last_seen === 'string' ? o.last_seen : null,
        label: 'label' in l && l.label ? labelText(l.label) : null,
      });
    }
    await hub.recordReceipts(page.rows, p, 'console');
  }
  const anonymous = { reports: 0, total: 0 };
  const isOriginator = !!p.member && found.rows.some((r) => r.originator === p.member);
  if (isOriginator && candidates.length) {
    // Every stored version of the candidate sightings, visibility aside: only their sum leaves this function.
    const db = deps.store.db.withTables<IntelTables>();
    const rows = await db
      .selectFrom('intel_objects')
      .select(['id', 'originator', 'version', 'object'])
      .where('id_key', 'in', [...new Set(candidates.map((c) => idKey(coll.id, c)))])
      .where('collection_id', '=', coll.id)
      .where('type', '=', 'sighting')
      .execute();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      if (!candidates.includes(r.id)) continue;
      const key = `${r.id}|${r.originator}`;
      const cur = latest.get(key);
      if (!cur || newer(r.version, cur.version)) latest.set(key, r);
    }
    for (const [key, r] of latest) {
      if (seenKeys.has(key)) continue;
      const o = parseJson(r.object);
      if (o.sighting_of_ref !== id || o[COUNT_TO_ORIGINATOR] !== true) continue;
      anonymous.reports++;
      anonymous.total += countOf(o);
    }
  }
  seen.sort((a, b) => a.id.localeCompare(b.id));
  return {
    id,
    total: seen.reduce((s, x) => s + x.count, 0) + anonymous.total,
    sightings: seen,
    anonymous,
  };
}

export interface SightingInput {
  count?: number;
  firstSeen?: string;
  lastSeen?: string;
  classification: string;
  releasableTo: string[];
  tlp?: string;
  countToOriginator?: boolean;
  description?: string;
}

/**
 * The caller's member reports that it saw object `id` (a STIX 2.1 sighting, labelled by the caller like
 * any object it shares, posted in the object's collection). The sighting reveals its member only to the
 * readers its label admits; with `countToOriginator` the object's originator also gets the count.
 */
export async function reportSighting(
  deps: SightingDeps,
  p: Principal,
  id: string,
  b: SightingInput,
  checkCommunities: (entries: string[], field: string) => void,
): Promise<{ id: string; collection: string }> {
  const member = p.member;
  if (!member) throw notFound('object', id);
  const hub = hubFor(deps);
  const found = await findVisible(deps, p, id);
  if (!found) throw notFound('object', id);
  if (!rightsOn(found.coll, p, hub.today(), deps.registry).write) throw notFound('object', id);
  if (!isClassification(b.classification))
    throw badInput('body/classification', 'classification is not one of the policy levels');
  const tlp = b.tlp?.toLowerCase();
  const level = TLP_LEVELS.find((x) => x === tlp);
  if (tlp !== undefined && !level)
    throw badInput('body/tlp', `tlp must be one of ${TLP_LEVELS.join(', ')}`);
  checkCommunities(b.releasableTo, 'body/releasableTo');
  if (b.firstSeen && b.lastSeen && Date.parse(b.lastSeen) < Date.parse(b.firstSeen))
    throw badInput('body/lastSeen', 'lastSeen must not be before firstSeen');
  const now = deps.clock.now().toISOString();
  const sid = `sighting--${randomUUID()}`;
  const sighting: Record<string, unknown> = {
    type: 'sighting',
    spec_version: '2.1',
    id: sid,
    created: now,
    modified: now,
    sighting_of_ref: id,
    count: b.count ?? 1,
    first_seen: b.firstSeen ? new Date(b.firstSeen).toISOString() : now,
    last_seen: b.lastSeen ? new Date(b.lastSeen).toISOString() : now,
    ...(b.description ? { description: b.description } : {}),
    ...(b.countToOriginator ? { [COUNT_TO_ORIGINATOR]: true } : {}),
    ...(level ? { object_marking_refs: [TLP2_IDS[level]] } : {}),
  };
  const labelled = withLabel(sighting, {
    policy: LABEL_POLICY,
    classification: b.classification,
    releasableTo: [...new Set(b.releasableTo)].sort(),
    originator: member,
    createdAt: now,
    tlp: level ?? null,
  });
  const status = await hub.ingest(found.coll, [labelled], p, 'console');
  if (status.failure_count) {
    const messages = [...new Set(status.failures.map((f) => f.message ?? 'refused'))];
    throw badInput(
      messages.some((m) => m.includes('clearance') || m.includes('classification'))
        ? 'body/classification'
        : 'body',
      messages.join('; '),
    );
  }
  return { id: sid, collection: found.coll.alias };
}
