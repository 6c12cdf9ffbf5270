import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import { badInput, forbidden } from '../../core/errors.js';
import { quoted } from '../../core/quoted.js';
import type { Principal } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { allCollections, nameUuid, rightsOn, type Collection } from '../collections.js';
import { hubFor } from '../hub-registry.js';
import { labelledObject, labelText, readLabel, type ConfidentialityLabel } from '../labels.js';
import { mayPost, recipientOf } from '../releasability.js';
import type { StoredRow } from '../repository.js';
import { parseJson } from '../../store/json-column.js';
import { isObj } from '../stix/checks.js';
import {
  attackTechniquesOf,
  techniqueOfTag,
  mispError,
  planImport,
  type HeldAttackPattern,
  type ImportPlan,
  type MispEvent,
} from './import.js';
import { DEFAULT_LABEL_MAP, distributionOf, resolveLabelMap, type LabelMap } from './label-map.js';
import { categoryOf, comparisonsOf, mispOfPattern, observationsOf, valueOfSco } from './types.js';

/** The MISP attribute uuids a STIX part carries: its own attribute's, then those of `x_misp_attributes`. */
function attributeUuidsOf(part: Record<string, unknown>): string[] {
  return [
    part.x_misp_attribute_uuid,
    ...(Array.isArray(part.x_misp_attributes)
      ? part.x_misp_attributes.map((m: unknown) => (isObj(m) ? m.uuid : null))
      : []),
  ].filter((u): u is string => typeof u === 'string');
}
export interface ImportResult extends ImportPlan {
  stored: number;
  alreadyPresent: number;
}

/**
 * Imports MISP events as `who` (the originator of every object) into `coll`. All or nothing: the plan is
 * built and checked whole (format, types, distributions, labels, STIX validity, the poster's right to
 * post each label, clashes with stored versions the poster can see) before one ingest stores it in one
 * transaction, which stores nothing when the store refuses any object (a race with another writer).
 * Every refusal names the JSON pointer of the attribute, object or event in the MISP document.
 */
export async function importMisp(
  deps: Deps,
  events: MispEvent[],
  who: Principal,
  coll: Collection,
  map: LabelMap = DEFAULT_LABEL_MAP,
  onEvent?: (i: number) => void,
): Promise<ImportResult> {
  const member = who.member;
  if (!member) throw forbidden('only a member state may import intelligence');
  const hub = hubFor(deps);
  const day = hub.today();
  const rm = resolveLabelMap(map, coll.community, member, day, hub.resolver);
  const plan = planImport(
    events,
    rm,
    member,
    onEvent,
    await attackPatternsHeld(deps, coll, who, attackTechniquesOf(events)),
  );
  const at = (id: string, reason: string) => {
    const src = plan.sources.get(id);
    return src ? mispError(src.file, src.pointer, reason) : badInput('misp', reason);
  };
  for (const o of plan.objects) {
    const read = readLabel(o);
    const l = 'label' in read ? read.label : null;
    const refusal = l ? mayPost(l, recipientOf(who), day, hub.resolver) : 'no label';
    if (refusal) throw at(String(o.id), `${String(o.id)}: ${refusal}`);
  }
  // A stored version of the same id with other content (a MISP attribute edited without a new timestamp).
  const byId = new Map(plan.objects.map((o) => [String(o.id), o]));
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const page = await hub.page(
      { collectionId: coll.id, ids: ids.slice(i, i + 500), versions: ['all'], limit: 100_000 },
      recipientOf(who),
    );
    for (const r of page.rows) {
      const mine = byId.get(r.id);
      if (!mine || r.version !== quoted(mine.modified)) continue;
      if (canonicalJson(parseJson(r.object)) !== canonicalJson(mine))
        throw at(
          r.id,
          `${r.id} (MISP ${String(mine.x_misp_attribute_uuid ?? mine.x_misp_object_uuid ?? mine.x_misp_event_uuid)}) version ${r.version} is already stored with other content: change its timestamp in MISP to import a new version`,
        );
    }
  }
  if (!plan.objects.length) return { ...plan, stored: 0, alreadyPresent: 0 };
  const st = await hub.ingest(coll, plan.objects, who, 'misp', undefined, { allOrNothing: true });
  if (st.failure_count) {
    // Only a race with another writer can get here (everything above was checked first); the ingest
    // stored nothing.
    const f = st.failures[0];
    throw at(
      f.id,
      `${st.failure_count} objects refused while storing, nothing stored: ${st.failures
        .slice(0, 5)
        .map((x) => `${x.id}: ${x.message ?? ''}`)
        .join('; ')}`,
    );
  }
  const alreadyPresent = st.successes.filter((d) => d.message === 'already stored').length;
  const duplicates = st.successes.filter((d) => d.message === 'duplicate in envelope').length;
  return { ...plan, stored: st.success_count - alreadyPresent - duplicates, alreadyPresent };
}

/**
 * The attack-patterns of `wanted` ATT&CK techniques that `coll` holds and `who` may see (the imported ATT&CK
 * bundle, read through the hub): technique id → attack-pattern id and label, a current one before a revoked or
 * deprecated one. Empty when nothing is wanted (no collection read).
 */
async function attackPatternsHeld(
  deps: Deps,
  coll: Collection,
  who: Principal,
  wanted: Set<string>,
): Promise<Map<string, HeldAttackPattern>> {
  const out = new Map<string, HeldAttackPattern>();
  if (!wanted.size) return out;
  const hub = hubFor(deps);
  const current = new Set<string>();
  let next: string | null = null;
  // Bounded: each page moves the cursor on; at most 1,000 pages of 1,000 (far above ATT&CK's size).
  for (let i = 0; i < 1000; i++) {
    const page = await hub.page(
      { collectionId: coll.id, types: ['attack-pattern'], limit: 1000, next },
      recipientOf(who),
    );
    for (const r of page.rows) {
      const o = parseJson(r.object);
      const refs: unknown[] = Array.isArray(o.external_references) ? o.external_references : [];
      const ref = refs.find((x) => isObj(x) && x.source_name === 'mitre-attack');
      const t = isObj(ref) && typeof ref.external_id === 'string' ? ref.external_id : null;
      if (!t || !wanted.has(t)) continue;
      // Its label (inside or beside): the relationship to it is labelled no wider.
      const l = readLabel(labelledObject(o, r.beside_label));
      if (!('label' in l) || !l.label) continue;
      const live = o.revoked !== true && o.x_mitre_deprecated !== true;
      if (!out.has(t) || (live && !current.has(t))) out.set(t, { id: r.id, label: l.label });
      if (live) current.add(t);
    }
    next = page.next;
    if (!next) break;
  }
  return out;
}

export interface MispAttributeOut {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  distribution: string;
  SharingGroup?: { uuid: string };
  timestamp: string;
  comment: string;
  Tag: { name: string }[];
  /** Inside a MISP object: the attribute's role in its template (e.g. `md5`, `filename`). */
  object_relation?: string;
  /** Sightings of the attribute the reader may see (present when there are any). */
  Sighting?: MispSightingOut[];
}

/**
 * A MISP sighting recreated from a STIX sighting the reader may see: type 0, the sighting member as its
 * organisation (the reader may see it: the sighting's label admits the reader).
 */
export interface MispSightingOut {
  uuid: string;
  attribute_uuid: string;
  date_sighting: string;
  type: '0';
  source: string;
  Organisation: { name: string; uuid: string };
}

/** A MISP object recreated from the indicator and/or observed-data its import made. */
export interface MispObjectOut {
  uuid: string;
  name: string;
  'meta-category'?: string;
  comment: string;
  /** 5 (inherit): each attribute carries the distribution its part's label maps back to. */
  distribution: string;
  timestamp: string;
  Attribute: MispAttributeOut[];
  /** Relationships from this object (present when it has any the reader may see). */
  ObjectReference?: MispReferenceOut[];
}

/** A MISP object reference recreated from a relationship between two exported things. */
export interface MispReferenceOut {
  uuid: string;
  object_uuid: string;
  referenced_uuid: string;
  relationship_type: string;
  comment: string;
  timestamp: string;
}

export interface MispEventOut {
  uuid: string;
  info: string;
  date: string;
  timestamp: string;
  publish_timestamp: string;
  published: boolean;
  analysis: string;
  threat_level_id: string;
  distribution: string;
  SharingGroup?: { uuid: string };
  Orgc: { name: string; uuid: string };
  Tag: { name: string }[];
  Attribute: MispAttributeOut[];
  /** MISP objects (present when the event has any). */
  Object?: MispObjectOut[];
}

export interface MispFeed {
  manifest: Record<
    string,
    Omit<
      MispEventOut,
      | 'Attribute'
      | 'Object'
      | 'SharingGroup'
      | 'distribution'
      | 'published'
      | 'publish_timestamp'
      | 'uuid'
    >
  >;
  events: MispEventOut[];
  /** hashes.csv lines: md5 of each attribute value (each part of a composite one), event uuid. */
  hashes: string[];
  /**
   * Visible indicators whose pattern has no MISP form, and MISP objects' indicators or observed-data whose
   * content no longer matches their attributes' metadata (not exported).
   */
  notRepresentable: number;
}

/** STIX hash names → the MISP types of a file object's hashes. */
const MISP_HASH_TYPES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-512': 'sha512',
};
const secs = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));
const uuidOf = (stixId: string) => stixId.slice(stixId.indexOf('--') + 2);
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/**
 * What `who` may see, as a MISP feed: one event per MISP event uuid of the visible reports (with the visible indicators they
 * names) and, per collection and label, one event for the other visible indicators. Each attribute and
 * event carries the MISP distribution its label maps back to (never wider: `distributionOf`) and its
 * TLP as a `tlp:` tag, with the label as `tahaluf:` tags. Revoked objects are left out.
 */
export async function exportMisp(
  deps: Deps,
  who: Principal,
  map: LabelMap = DEFAULT_LABEL_MAP,
): Promise<MispFeed> {
  const hub = hubFor(deps);
  const day = hub.today();
  const recipient = recipientOf(who);
  const events: MispEventOut[] = [];
  /**
   * Events of the reports an import writes for an event's parts narrower than the event (named by the
   * event's uuid): merged after the others, so the event keeps its own label when its report is visible.
   */
  const labelParts: MispEventOut[] = [];
  let notRepresentable = 0;
  /** Per MISP object uuid, the references from it the reader may see. */
  const objectReferences = new Map<string, MispReferenceOut[]>();
  /** Per MISP attribute uuid, the sightings of it the reader may see. */
  const attributeSightings = new Map<string, MispSightingOut[]>();
  /** Per MISP attribute or event uuid, the ATT&CK galaxy tags to add. */
  const galaxyTags = new Map<string, string[]>();
  const colls = allCollections(deps.registry).filter(
    (c) => rightsOn(c, who, day, deps.registry).read,
  );
  for (const coll of colls) {
    const rows: StoredRow[] = [];
    let next: string | null = null;
    do {
      const page = await hub.page(
        {
          collectionId: coll.id,
          types: ['indicator', 'report', 'observed-data'],
          limit: 1000,
          next,
        },
        recipient,
      );
      rows.push(...page.rows);
      next = page.next;
    } while (next);
    const objs = rows
      // As labelled here: a label kept beside an object (#19.5) is read as if inside it.
      .map((r) => ({ row: r, obj: labelledObject(parseJson(r.object), r.beside_label) }))
      .filter((x) => isObj(x.obj) && x.obj.revoked !== true);
    // The SCOs the observed-data name (those the reader may see).
    const scoIds = [
      ...new Set(
        objs.flatMap((x) =>
          x.row.type === 'observed-data' && Array.isArray(x.obj.object_refs)
            ? x.obj.object_refs.filter((r): r is string => typeof r === 'string')
            : [],
        ),
      ),
    ];
    const scos = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < scoIds.length; i += 500) {
      const page = await hub.page(
        { collectionId: coll.id, ids: scoIds.slice(i, i + 500), limit: 100_000 },
        recipient,
      );
      rows.push(...page.rows);
      for (const r of page.rows) {
        // As labelled here, like the objects above (#19.5).
        const o = labelledObject(parseJson(r.object), r.beside_label);
        if (isObj(o)) scos.set(r.id, o);
      }
    }
    await hub.recordReceipts(rows, who, 'misp-export');
    const tagsOf = (l: ConfidentialityLabel) => [
      ...(l.tlp ? [{ name: `tlp:${l.tlp}` }] : []),
      { name: `tahaluf:classification="${l.classification}"` },
      ...l.releasableTo.map((r) => ({ name: `tahaluf:releasable-to="${r}"` })),
      { name: `tahaluf:originator="${l.originator}"` },
    ];
    const distOf = (l: ConfidentialityLabel) => {
      const rm = resolveLabelMap(map, coll.community, l.originator, day, hub.resolver);
      return distributionOf(rm, l.releasableTo, rm.reach(l.releasableTo));
    };
    const attrOf = (obj: Record<string, unknown>): MispAttributeOut | null => {
      const l = readLabel(obj);
      if (!('label' in l) || !l.label || typeof obj.pattern !== 'string') return null;
      const m = obj.pattern_type === 'stix' ? mispOfPattern(obj.pattern, obj.x_misp_type) : null;
      if (!m) {
        notRepresentable++;
        return null;
      }
      const d = distOf(l.label);
      return {
        uuid:
          typeof obj.x_misp_attribute_uuid === 'string'
            ? obj.x_misp_attribute_uuid
            : uuidOf(String(obj.id)),
        type: m.type,
        category:
          typeof obj.x_misp_category === 'string' ? obj.x_misp_category : categoryOf(m.type),
        value: m.value,
        to_ids: obj.x_misp_to_ids !== false,
        distribution: String(d.distribution),
        ...(d.sharingGroup ? { SharingGroup: { uuid: d.sharingGroup } } : {}),
        timestamp: secs(String(obj.modified)),
        comment: typeof obj.description === 'string' ? obj.description : '',
        Tag: tagsOf(l.label),
      };
    };
    /**
     * A MISP object's part (its indicator or its observed-data) back as the object's attributes: the
     * values read from the pattern's observations or the SCOs, the rest from `x_misp_attributes`. Null
     * (counted not representable) when the two no longer agree.
     */
    const objectPartOf = (obj: Record<string, unknown>): MispObjectOut | null => {
      const l = readLabel(obj);
      if (!('label' in l) || !l.label || typeof obj.x_misp_object_uuid !== 'string') return null;
      const metas: unknown[] = Array.isArray(obj.x_misp_attributes) ? obj.x_misp_attributes : [];
      const d = distOf(l.label);
      const attrs: MispAttributeOut[] = [];
      const values: (string | null)[] = [];
      if (obj.type === 'indicator') {
        const observations =
          obj.pattern_type === 'stix' && typeof obj.pattern === 'string'
            ? observationsOf(obj.pattern)
            : null;
        // One observation per attribute, or one for the whole object (its template: `templatePattern`).
        const obs =
          observations?.length === 1 && metas.length > 1
            ? comparisonsOf(observations[0])
            : observations;
        if (!obs || obs.length !== metas.length) {
          notRepresentable++;
          return null;
        }
        obs.forEach((o, i) => {
          const meta = metas[i];
          const m = isObj(meta) ? mispOfPattern(o, meta.type) : null;
          values.push(m && isObj(meta) && m.type === meta.type ? m.value : null);
        });
      } else {
        const refs = new Set<unknown>(Array.isArray(obj.object_refs) ? obj.object_refs : []);
        const byId = (id: string) => (refs.has(id) ? scos.get(id) : undefined);
        for (const meta of metas) {
          const sco = isObj(meta) && typeof meta.sco === 'string' ? byId(meta.sco) : undefined;
          values.push(
            sco && isObj(meta) && typeof meta.type === 'string'
              ? valueOfSco(meta.type, sco, byId)
              : null,
          );
        }
      }
      for (const [i, meta] of metas.entries()) {
        const value = values[i];
        if (
          !isObj(meta) ||
          value === null ||
          typeof meta.uuid !== 'string' ||
          typeof meta.type !== 'string' ||
          typeof meta.timestamp !== 'string'
        ) {
          notRepresentable++;
          return null;
        }
        attrs.push({
          uuid: meta.uuid,
          type: meta.type,
          category: typeof meta.category === 'string' ? meta.category : categoryOf(meta.type),
          value,
          to_ids: obj.type === 'indicator',
          distribution: String(d.distribution),
          ...(d.sharingGroup ? { SharingGroup: { uuid: d.sharingGroup } } : {}),
          timestamp: secs(meta.timestamp),
          comment: typeof meta.comment === 'string' ? meta.comment : '',
          Tag: tagsOf(l.label),
          ...(typeof meta.object_relation === 'string'
            ? { object_relation: meta.object_relation }
            : {}),
        });
      }
      return {
        uuid: obj.x_misp_object_uuid,
        name: typeof obj.x_misp_object_name === 'string' ? obj.x_misp_object_name : 'unknown',
        ...(typeof obj.x_misp_meta_category === 'string'
          ? { 'meta-category': obj.x_misp_meta_category }
          : {}),
        comment: typeof obj.x_misp_object_comment === 'string' ? obj.x_misp_object_comment : '',
        distribution: '5',
        timestamp: secs(String(obj.modified)),
        Attribute: attrs,
      };
    };
    /**
     * An observed-data made in STIX (not by a MISP import) as the MISP objects whose template fits its
     * SCOs: a `file` (name and MD5/SHA-1/SHA-256/SHA-512 hashes) as a `file` object, a `domain-name` as a
     * `domain-ip` object with the addresses it resolves to that the reader may see. Other SCOs are counted
     * not representable. Each object is the SCO's (uuid of its id), its attributes labelled as the SCO is.
     */
    const nativeObjectsOf = (od: Record<string, unknown>): MispObjectOut[] => {
      const out: MispObjectOut[] = [];
      const refs: unknown[] = Array.isArray(od.object_refs) ? od.object_refs : [];
      const at = secs(String(od.modified));
      // Addresses a domain of the same observed-data resolves to are that domain's object's attributes.
      const resolved = new Set<unknown>(
        refs.flatMap((r): unknown[] => {
          const d = typeof r === 'string' ? scos.get(r) : undefined;
          return d?.type === 'domain-name' && Array.isArray(d.resolves_to_refs)
            ? d.resolves_to_refs
            : [];
        }),
      );
      for (const ref of refs) {
        if (resolved.has(ref)) continue;
        const sco = typeof ref === 'string' ? scos.get(ref) : undefined;
        const l = sco && readLabel(sco);
        if (!sco || !l || !('label' in l) || !l.label) continue;
        const label = l.label;
        const d = distOf(label);
        const a = (type: string, relation: string, value: string): MispAttributeOut => ({
          uuid: nameUuid(`misp-export:${String(sco.id)}:${relation}:${value}`),
          type,
          category: categoryOf(type),
          value,
          to_ids: false,
          distribution: String(d.distribution),
          ...(d.sharingGroup ? { SharingGroup: { uuid: d.sharingGroup } } : {}),
          timestamp: at,
          comment: '',
          Tag: tagsOf(label),
          object_relation: relation,
        });
        const attrs: MispAttributeOut[] = [];
        let name = '';
        if (sco.type === 'file') {
          name = 'file';
          if (typeof sco.name === 'string') attrs.push(a('filename', 'filename', sco.name));
          const hashes = isObj(sco.hashes) ? sco.hashes : {};
          for (const [algo, type] of Object.entries(MISP_HASH_TYPES))
            if (typeof hashes[algo] === 'string') attrs.push(a(type, type, hashes[algo]));
        } else if (sco.type === 'domain-name' && typeof sco.value === 'string') {
          name = 'domain-ip';
          attrs.push(a('domain', 'domain', sco.value));
          const ips: unknown[] = Array.isArray(sco.resolves_to_refs) ? sco.resolves_to_refs : [];
          for (const ip of ips) {
            const addr = typeof ip === 'string' ? scos.get(ip) : undefined;
            if (addr && typeof addr.value === 'string' && /^ipv[46]-addr$/.test(String(addr.type)))
              attrs.push(a('ip-dst', 'ip', addr.value));
          }
        }
        if (!attrs.length) {
          notRepresentable++;
          continue;
        }
        out.push({
          uuid: uuidOf(String(sco.id)),
          name,
          'meta-category': name === 'file' ? 'file' : 'network',
          comment: '',
          distribution: '5',
          timestamp: at,
          Attribute: attrs,
        });
      }
      return out;
    };
    /** Adds a part to the objects of an event: the indicator's and the observed-data's attributes together. */
    const addPart = (objects: Map<string, MispObjectOut>, part: MispObjectOut) => {
      const prior = objects.get(part.uuid);
      if (!prior) objects.set(part.uuid, part);
      else
        for (const a of part.Attribute)
          if (!prior.Attribute.some((p) => p.uuid === a.uuid)) prior.Attribute.push(a);
    };
    const isPart = (o: Record<string, unknown>) => typeof o.x_misp_object_uuid === 'string';
    const parts = new Map(
      objs
        .filter(
          (x) => (x.row.type === 'indicator' || x.row.type === 'observed-data') && isPart(x.obj),
        )
        .map((x) => [x.row.id, x.obj]),
    );
    const natives = new Map(
      objs
        .filter((x) => x.row.type === 'observed-data' && !isPart(x.obj))
        .map((x) => [x.row.id, x.obj]),
    );
    const indicators = new Map(
      objs
        .filter((x) => x.row.type === 'indicator' && !isPart(x.obj))
        .map((x) => [x.row.id, x.obj]),
    );
    // Relationships from a MISP object's part to another exported part or indicator, both visible: the
    // object's references (ObjectReference), found by the ids they name, read through the hub.
    const reports = new Map(
      objs.filter((x) => x.row.type === 'report').map((x) => [x.row.id, x.obj]),
    );
    // By slices of 500 ids (one SQL parameter each: a large collection would pass the drivers' limits).
    const sources = [...parts.keys(), ...indicators.keys(), ...reports.keys()];
    const namedSet = new Set<string>();
    for (let i = 0; i < sources.length; i += 500)
      for (const id of await hub.relationshipsNaming(coll.id, sources.slice(i, i + 500)))
        namedSet.add(id);
    const named = [...namedSet];
    /** Relationships to attack-patterns: the source's id and the attack-pattern's. */
    const toAttack: { source: string; target: string }[] = [];
    for (let i = 0; i < named.length; i += 500) {
      const page = await hub.page(
        {
          collectionId: coll.id,
          ids: named.slice(i, i + 500),
          types: ['relationship', 'sighting'],
          limit: 100_000,
        },
        recipient,
      );
      await hub.recordReceipts(page.rows, who, 'misp-export');
      for (const r of page.rows) {
        const rel = parseJson(r.object);
        if (rel.revoked === true) continue;
        if (r.type === 'sighting') {
          const of = String(rel.sighting_of_ref);
          const target = parts.get(of) ?? indicators.get(of);
          if (!target) continue;
          const attrs = attributeUuidsOf(target);
          const attribute =
            typeof rel.x_misp_attribute_uuid === 'string' &&
            attrs.includes(rel.x_misp_attribute_uuid)
              ? rel.x_misp_attribute_uuid
              : (attrs[0] ?? uuidOf(of));
          const l = attributeSightings.get(attribute) ?? [];
          l.push({
            uuid:
              typeof rel.x_misp_sighting_uuid === 'string'
                ? rel.x_misp_sighting_uuid
                : uuidOf(r.id),
            attribute_uuid: attribute,
            date_sighting: secs(String(rel.last_seen ?? rel.first_seen ?? rel.created)),
            type: '0',
            source: typeof rel.x_misp_source === 'string' ? rel.x_misp_source : '',
            Organisation: { name: r.originator, uuid: nameUuid(`state:${r.originator}`) },
          });
          attributeSightings.set(attribute, l);
          continue;
        }
        if (typeof rel.relationship_type !== 'string') continue;
        if (String(rel.target_ref).startsWith('attack-pattern--')) {
          toAttack.push({ source: String(rel.source_ref), target: String(rel.target_ref) });
          continue;
        }
        const from = parts.get(String(rel.source_ref));
        const to = parts.get(String(rel.target_ref)) ?? indicators.get(String(rel.target_ref));
        const fromUuid = from?.x_misp_object_uuid;
        if (!from || !to || typeof fromUuid !== 'string') continue;
        // The object or attribute named: the reference's own when it is the target's, else the target's.
        const own = [
          ...(typeof to.x_misp_object_uuid === 'string' ? [to.x_misp_object_uuid] : []),
          ...attributeUuidsOf(to),
        ];
        const referenced =
          typeof rel.x_misp_referenced_uuid === 'string' && own.includes(rel.x_misp_referenced_uuid)
            ? rel.x_misp_referenced_uuid
            : (own[0] ?? uuidOf(String(rel.target_ref)));
        const l = objectReferences.get(fromUuid) ?? [];
        l.push({
          uuid:
            typeof rel.x_misp_reference_uuid === 'string'
              ? rel.x_misp_reference_uuid
              : uuidOf(r.id),
          object_uuid: fromUuid,
          referenced_uuid: referenced,
          relationship_type: rel.relationship_type,
          comment: typeof rel.description === 'string' ? rel.description : '',
          timestamp: secs(String(rel.modified)),
        });
        objectReferences.set(fromUuid, l);
      }
    }
    // ATT&CK: relationships to attack-patterns the reader may see, and ATT&CK galaxy tags kept as STIX
    // labels, become galaxy tags of the attributes (of an indicator, of an object's part) or the event.
    const aps = new Map<string, string>();
    const apIds = [...new Set(toAttack.map((x) => x.target))];
    for (let i = 0; i < apIds.length; i += 500) {
      const page = await hub.page(
        { collectionId: coll.id, ids: apIds.slice(i, i + 500), limit: 100_000 },
        recipient,
      );
      for (const r of page.rows) {
        const o = parseJson(r.object);
        const refs: unknown[] = Array.isArray(o.external_references) ? o.external_references : [];
        const ref = refs.find((x) => isObj(x) && x.source_name === 'mitre-attack');
        if (isObj(ref) && typeof ref.external_id === 'string' && typeof o.name === 'string')
          aps.set(r.id, `misp-galaxy:mitre-attack-pattern="${o.name} - ${ref.external_id}"`);
      }
    }
    const tagSource = (id: string, tag: string) => {
      const src = parts.get(id) ?? indicators.get(id);
      const report = reports.get(id);
      if (report) {
        const e =
          typeof report.x_misp_event_uuid === 'string' ? report.x_misp_event_uuid : uuidOf(id);
        galaxyTags.set(e, [...(galaxyTags.get(e) ?? []), tag]);
        return;
      }
      if (!src) return;
      const attrs =
        typeof src.x_misp_attribute_uuid === 'string'
          ? [src.x_misp_attribute_uuid]
          : Array.isArray(src.x_misp_attributes)
            ? src.x_misp_attributes.flatMap((m: unknown) =>
                isObj(m) && typeof m.uuid === 'string' ? [m.uuid] : [],
              )
            : [uuidOf(id)];
      for (const a of attrs) galaxyTags.set(a, [...(galaxyTags.get(a) ?? []), tag]);
    };
    for (const { source, target } of toAttack) {
      const tag = aps.get(target);
      if (tag) tagSource(source, tag);
    }
    for (const [id, o] of [...parts, ...indicators, ...reports])
      if (Array.isArray(o.labels))
        for (const l of o.labels) if (typeof l === 'string' && techniqueOfTag(l)) tagSource(id, l);
    const labelIdOf = new Map(objs.map((x) => [x.row.id, x.row.label_id]));
    const used = new Set<string>();
    const eventOf = (
      uuid: string,
      info: string,
      l: ConfidentialityLabel,
      at: string,
      attrs: MispAttributeOut[],
      objects: MispObjectOut[],
    ): MispEventOut => {
      const d = distOf(l);
      const ts = [...attrs, ...objects].reduce(
        (m, a) => (Number(a.timestamp) > Number(m) ? a.timestamp : m),
        secs(at),
      );
      return {
        uuid,
        info,
        date: at.slice(0, 10),
        timestamp: ts,
        publish_timestamp: ts,
        published: true,
        analysis: '2',
        threat_level_id: '4',
        distribution: String(d.distribution),
        ...(d.sharingGroup ? { SharingGroup: { uuid: d.sharingGroup } } : {}),
        Orgc: { name: l.originator, uuid: nameUuid(`state:${l.originator}`) },
        Tag: tagsOf(l),
        Attribute: attrs,
        ...(objects.length ? { Object: objects } : {}),
      };
    };
    for (const { row, obj } of objs) {
      if (row.type !== 'report' || !Array.isArray(obj.object_refs)) continue;
      const l = readLabel(obj);
      if (!('label' in l) || !l.label) continue;
      const attrs: MispAttributeOut[] = [];
      const objects = new Map<string, MispObjectOut>();
      for (const ref of obj.object_refs) {
        if (typeof ref !== 'string') continue;
        const ind = indicators.get(ref);
        const part = parts.get(ref);
        if (ind) {
          used.add(ref);
          const a = attrOf(ind);
          if (a) attrs.push(a);
        } else if (part) {
          used.add(ref);
          const o = objectPartOf(part);
          if (o) addPart(objects, o);
        } else if (natives.has(ref)) {
          used.add(ref);
          for (const o of nativeObjectsOf(natives.get(ref) ?? {})) addPart(objects, o);
        }
      }
      if (!attrs.length && !objects.size) continue;
      (obj.x_misp_event_label_part === true ? labelParts : events).push(
        eventOf(
          typeof obj.x_misp_event_uuid === 'string' ? obj.x_misp_event_uuid : uuidOf(row.id),
          typeof obj.name === 'string' ? obj.name : row.id,
          l.label,
          String(obj.published ?? obj.created),
          attrs,
          [...objects.values()],
        ),
      );
    }
    // Indicators and MISP objects no visible report names: one event per label.
    interface LabelGroup {
      label: ConfidentialityLabel;
      attrs: MispAttributeOut[];
      objects: Map<string, MispObjectOut>;
      at: string;
    }
    const byLabel = new Map<string, LabelGroup>();
    const group = (id: string, o: Record<string, unknown>) => {
      const l = readLabel(o);
      if (!('label' in l) || !l.label) return null;
      const rowLabel = labelIdOf.get(id) ?? '';
      const empty: LabelGroup = {
        label: l.label,
        attrs: [],
        objects: new Map(),
        at: String(o.created),
      };
      const g = byLabel.get(rowLabel) ?? empty;
      if (String(o.created) < g.at) g.at = String(o.created);
      byLabel.set(rowLabel, g);
      return g;
    };
    for (const [id, ind] of indicators) {
      if (used.has(id)) continue;
      const a = attrOf(ind);
      const g = a && group(id, ind);
      if (a && g) g.attrs.push(a);
    }
    for (const [id, od] of natives) {
      if (used.has(id)) continue;
      const made = nativeObjectsOf(od);
      const g = made.length ? group(id, od) : null;
      if (g) for (const o of made) addPart(g.objects, o);
    }
    for (const [id, part] of parts) {
      if (used.has(id)) continue;
      const o = objectPartOf(part);
      const g = o && group(id, part);
      if (o && g) addPart(g.objects, o);
    }
    for (const [labelId, g] of byLabel)
      events.push(
        eventOf(
          nameUuid(`misp-export:${coll.id}:${labelId}`),
          `Tahaluf ${coll.alias}: indicators ${labelText(g.label)}`,
          g.label,
          g.at,
          g.attrs,
          [...g.objects.values()],
        ),
      );
  }
  // An event seen in two collections (the same report shared in both) is one event with both's attributes.
  const merged = new Map<string, MispEventOut>();
  for (const e of [...events, ...labelParts]) {
    const prior = merged.get(e.uuid);
    if (!prior) merged.set(e.uuid, e);
    else {
      if (Number(e.timestamp) > Number(prior.timestamp)) {
        prior.timestamp = e.timestamp;
        prior.publish_timestamp = e.publish_timestamp;
      }
      for (const a of e.Attribute)
        if (!prior.Attribute.some((p) => p.uuid === a.uuid)) prior.Attribute.push(a);
      for (const o of e.Object ?? []) {
        const same = prior.Object?.find((p) => p.uuid === o.uuid);
        if (!same) prior.Object = [...(prior.Object ?? []), o];
        else
          for (const a of o.Attribute)
            if (!same.Attribute.some((p) => p.uuid === a.uuid)) same.Attribute.push(a);
      }
    }
  }
  for (const e of merged.values()) {
    for (const o of e.Object ?? []) {
      const l = objectReferences.get(o.uuid);
      if (l) o.ObjectReference = [...new Map(l.map((r) => [r.uuid, r])).values()];
    }
    for (const a of [...e.Attribute, ...(e.Object ?? []).flatMap((o) => o.Attribute)]) {
      const l = attributeSightings.get(a.uuid);
      if (l) a.Sighting = [...new Map(l.map((x) => [x.uuid, x])).values()];
      for (const name of galaxyTags.get(a.uuid) ?? [])
        if (!a.Tag.some((t) => t.name === name)) a.Tag.push({ name });
    }
    for (const name of galaxyTags.get(e.uuid) ?? [])
      if (!e.Tag.some((t) => t.name === name)) e.Tag.push({ name });
  }
  const manifest: MispFeed['manifest'] = {};
  const hashes: string[] = [];
  for (const e of merged.values()) {
    manifest[e.uuid] = {
      info: e.info,
      date: e.date,
      timestamp: e.timestamp,
      analysis: e.analysis,
      threat_level_id: e.threat_level_id,
      Orgc: e.Orgc,
      Tag: e.Tag,
    };
    for (const a of [...e.Attribute, ...(e.Object ?? []).flatMap((o) => o.Attribute)]) {
      const parts = a.type.includes('|') ? a.value.split('|') : [a.value];
      for (const p of parts) hashes.push(`${md5(p)},${e.uuid}`);
    }
  }
  return { manifest, events: [...merged.values()], hashes, notRepresentable };
}
