import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../core/canonical-json.js';
import { badInput, messageOf } from '../../core/errors.js';
import { CLASSIFICATIONS, type Classification } from '../../runtime/auth.js';
import { nameUuid } from '../collections.js';
import { LABEL_POLICY, withLabel, type ConfidentialityLabel } from '../labels.js';
import { isObj } from '../stix/checks.js';
import { TLP2_IDS, type Tlp } from '../stix/marking.js';
import { describeIssues, validateObject } from '../stix/validate.js';
import { entriesOf, narrower, type ResolvedMap } from './label-map.js';
import { fullHive, isMispType, scosOf, SUPPORTED, templatePattern, templateScos } from './types.js';

/**
 * MISP core format (an event as `{"Event": {...}}`, the bare event, or `{"response": [{"Event"}]}`) and
 * MISP feeds (a folder with manifest.json and one `<uuid>.json` event per manifest entry) turned into
 * labelled STIX 2.1 objects, as MISP's own misp-stix maps them:
 * - an event's own attribute of a supported type: one indicator;
 * - a MISP object (a `file`, a `domain-ip` …): its attributes flagged `to_ids` become ONE indicator whose
 *   pattern joins theirs (`[a] AND [b]`), the others ONE observed-data grouping their SCOs; both carry
 *   the object's uuid, name and meta-category (`x_misp_object_uuid`, `x_misp_object_name`,
 *   `x_misp_meta_category`) and, per part, its attributes' uuid, type, relation, category and comment
 *   (`x_misp_attributes`, in the order of the pattern's observations / with the SCO each became), so the
 *   export recreates the object; each part is labelled with the narrowest label of its attributes;
 * - one report per event naming them.
 * Everything is checked before anything is returned. A problem is one error (thrown) whose `field` is the
 * JSON pointer (RFC 6901) of the bad value in the document (`/Event/Attribute/3/value`); its message names
 * the file too, and its details carry `document` ('misp'), `file`, `pointer` and `reason` (the message
 * without the place) for a caller that names the document otherwise (the HTTP route: `body/…`).
 */

export interface MispEvent {
  file: string;
  /** JSON pointer of the event in its file's document ('' for a bare event, `/Event`, `/response/0/Event`). */
  pointer: string;
  raw: Record<string, unknown>;
}

/** Where a stored object came from: the document and the pointer of its attribute, object or event. */
export interface MispSource {
  file: string;
  pointer: string;
}

export interface ImportPlan {
  objects: Record<string, unknown>[];
  /** Per object id, the part of the document it came from (errors found later name it). */
  sources: Map<string, MispSource>;
  events: number;
  attributes: number;
  indicators: number;
  /** MISP objects imported (as an indicator, an observed-data, or both). */
  mispObjects: number;
  /** Observed-data objects (a MISP object's attributes without `to_ids`), their SCOs not counted. */
  observedData: number;
  /** Relationships made of MISP object references (`ObjectReference`). */
  relationships: number;
  /** STIX sightings made of MISP sightings of type 0 (an attribute seen). */
  sightings: number;
  /** Relationships to ATT&CK attack-patterns the collection holds, made of galaxy tags. */
  attackRelationships: number;
  /** Attributes of types MISP defines that Tahaluf does not map, per type: the attribute uuids. */
  unsupported: Map<string, string[]>;
  /** Attributes marked deleted in MISP (not imported). */
  deleted: number;
  /** Attributes of a mapped type whose value has no STIX form (e.g. a url without a scheme), per reason: uuids. */
  skipped: Map<string, string[]>;
}

/** MISP's url type holds values with no scheme ('evil.example/x', an .onion name); STIX url:value needs one. */
const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
export const URL_WITHOUT_SCHEME =
  "of type 'url' without a scheme (STIX url:value must be a complete URL; none is guessed)";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V45 = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * A problem in a MISP document: `field` is the JSON pointer of the bad value (the file itself when the
 * whole document is at fault); the message names the file and the pointer.
 */
export const mispError = (file: string, pointer: string, reason: string) =>
  badInput(pointer || file, `${file}${pointer ? `#${pointer}` : ''}: ${reason}`, {
    document: 'misp',
    file,
    pointer,
    reason,
  });
const bad = mispError;
/** JSON pointer of a key or index under `base` (RFC 6901 escaping of `~` and `/`). */
export const ptr = (base: string, ...keys: (string | number)[]) =>
  keys.reduce<string>((p, k) => `${p}/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`, base);

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw bad(file, '', `cannot be read: ${messageOf(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw bad(file, '', `is not JSON: ${messageOf(e)}`);
  }
}

/** The events in a core-format document; `base` is the pointer of `json` in it. */
export function eventsOfJson(json: unknown, file: string, base = ''): MispEvent[] {
  if (isObj(json) && Array.isArray(json.response))
    return json.response.flatMap((r, i) => eventsOfJson(r, file, ptr(base, 'response', i)));
  if (isObj(json) && isObj(json.Event))
    return [{ file, pointer: ptr(base, 'Event'), raw: json.Event }];
  if (isObj(json) && typeof json.uuid === 'string' && (json.Attribute || json.info !== undefined))
    return [{ file, pointer: base, raw: json }];
  if (isObj(json) && json.uuid === undefined && (json.Attribute || json.info !== undefined))
    throw bad(
      file,
      base,
      'is a MISP event without a uuid (an event not saved in MISP): nothing to import',
    );
  throw bad(file, base, 'is not a MISP core-format event (no "Event" object)');
}

/** The events of a path: a core-format file, or a feed folder (manifest.json + the events it lists). */
export function readMispPath(path: string): MispEvent[] {
  if (!existsSync(path)) throw bad(path, '', 'no such file or folder');
  if (!statSync(path).isDirectory()) return eventsOfJson(readJson(path), path);
  const manifestFile = join(path, 'manifest.json');
  if (!existsSync(manifestFile))
    throw bad(path, '', 'is a folder without manifest.json (not a MISP feed)');
  const manifest = readJson(manifestFile);
  if (!isObj(manifest)) throw bad(manifestFile, '', 'must be an object keyed by event uuid');
  const out: MispEvent[] = [];
  for (const uuid of Object.keys(manifest)) {
    if (!UUID.test(uuid)) throw bad(manifestFile, ptr('', uuid), 'is not an event uuid');
    const file = join(path, `${uuid}.json`);
    if (!existsSync(file))
      throw bad(manifestFile, ptr('', uuid), `lists event ${uuid} but ${file} is missing`);
    const events = eventsOfJson(readJson(file), file);
    for (const e of events)
      if (String(e.raw.uuid).toLowerCase() !== uuid.toLowerCase())
        throw bad(
          file,
          ptr(e.pointer, 'uuid'),
          `holds event ${String(e.raw.uuid)}, not ${uuid} as manifest.json says`,
        );
    out.push(...events);
  }
  return out;
}

const level = (v: unknown, at: MispSource, allowInherit: boolean): number => {
  const n = typeof v === 'string' && /^\d$/.test(v) ? Number(v) : v;
  if (n === undefined || n === null) return allowInherit ? 5 : 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > (allowInherit ? 5 : 4))
    throw bad(
      at.file,
      ptr(at.pointer, 'distribution'),
      `distribution ${JSON.stringify(v)} is not one of ${allowInherit ? '0-5' : '0-4'} (0 organisation, 1 community, 2 connected, 3 all, 4 sharing group${allowInherit ? ', 5 inherit' : ''})`,
    );
  return n;
};

const seconds = (v: unknown, at: MispSource, key = 'timestamp'): string | null => {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 32503680000)
    throw bad(
      at.file,
      ptr(at.pointer, key),
      `${key} ${JSON.stringify(v)} is not a Unix time in seconds`,
    );
  return new Date(n * 1000).toISOString();
};

const TLP_TAGS: Record<string, Tlp> = {
  'tlp:white': 'clear',
  'tlp:clear': 'clear',
  'tlp:green': 'green',
  'tlp:amber': 'amber',
  'tlp:amber+strict': 'amber+strict',
  'tlp:red': 'red',
};
const TLP_ORDER: Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];
const tlpOfTags = (tags: unknown, at: MispSource): Tlp | null => {
  if (tags === undefined) return null;
  if (!Array.isArray(tags)) throw bad(at.file, ptr(at.pointer, 'Tag'), 'Tag must be a list');
  let best: Tlp | null = null;
  tags.forEach((t, i) => {
    if (!isObj(t) || typeof t.name !== 'string')
      throw bad(at.file, ptr(at.pointer, 'Tag', i), 'each Tag needs a name');
    const l = TLP_TAGS[t.name.trim().toLowerCase()];
    if (l && (!best || TLP_ORDER.indexOf(l) > TLP_ORDER.indexOf(best))) best = l;
  });
  return best;
};
const stricter = (a: Tlp | null, b: Tlp | null) =>
  !a ? b : !b ? a : TLP_ORDER.indexOf(a) >= TLP_ORDER.indexOf(b) ? a : b;

const sharingGroupOf = (o: Record<string, unknown>): string | null => {
  const sg = o.SharingGroup;
  return isObj(sg) && typeof sg.uuid === 'string' ? sg.uuid : null;
};

/** The label entries of a distribution level; an unmapped level or sharing group is named at its pointer. */
const entriesAt = (rm: ResolvedMap, lvl: number, o: Record<string, unknown>, at: MispSource) => {
  const sg = sharingGroupOf(o);
  const r = entriesOf(rm, lvl, sg);
  if (typeof r === 'string')
    throw bad(
      at.file,
      lvl === 4 && sg ? ptr(at.pointer, 'SharingGroup', 'uuid') : ptr(at.pointer, 'distribution'),
      r,
    );
  return r;
};

/** The uuid of an event, object or attribute; one without a valid one is refused at its pointer. */
const uuidAt = (o: Record<string, unknown>, at: MispSource, what: string): string => {
  if (typeof o.uuid === 'string' && UUID.test(o.uuid)) return o.uuid;
  throw bad(
    at.file,
    ptr(at.pointer, 'uuid'),
    `${what} without a valid uuid (${JSON.stringify(o.uuid)})`,
  );
};

/** STIX id for a MISP uuid: the uuid itself when it is v4/v5 (STIX requires one), else a name-based v5. */
const stixId = (type: string, uuid: string) =>
  `${type}--${UUID_V45.test(uuid) ? uuid.toLowerCase() : nameUuid(`misp:${uuid.toLowerCase()}`)}`;

/** An ATT&CK galaxy tag and the technique it names. */
export interface AttackTag {
  tag: string;
  technique: string;
}
const ATTACK_TAG = /^misp-galaxy:mitre-attack-pattern="(.*) - (T\d{4}(?:\.\d{3})?)"$/;
/** The ATT&CK technique a MISP tag names (`misp-galaxy:mitre-attack-pattern="Name - T1059"`), if any. */
export const techniqueOfTag = (name: string): string | null => ATTACK_TAG.exec(name)?.[2] ?? null;

/** The ATT&CK galaxy tags of an event, object or attribute: its `Tag` names and its galaxy clusters' `tag_name`. */
export function attackTags(o: Record<string, unknown>): AttackTag[] {
  const names: string[] = [];
  if (Array.isArray(o.Tag))
    for (const t of o.Tag) if (isObj(t) && typeof t.name === 'string') names.push(t.name.trim());
  if (Array.isArray(o.Galaxy))
    for (const g of o.Galaxy)
      if (isObj(g) && Array.isArray(g.GalaxyCluster))
        for (const c of g.GalaxyCluster)
          if (isObj(c) && typeof c.tag_name === 'string') names.push(c.tag_name.trim());
  return [...new Set(names)].flatMap((tag) => {
    const technique = techniqueOfTag(tag);
    return technique ? [{ tag, technique }] : [];
  });
}

/** Every ATT&CK technique the events' tags and galaxies name (to find them in the collection first). */
export function attackTechniquesOf(events: MispEvent[]): Set<string> {
  const out = new Set<string>();
  const visit = (o: unknown) => {
    if (!isObj(o)) return;
    for (const t of attackTags(o)) out.add(t.technique);
    for (const k of ['Attribute', 'Object']) {
      const l = o[k];
      if (Array.isArray(l)) for (const x of l) visit(x);
    }
  };
  for (const e of events) visit(e.raw);
  return out;
}

/** An attack-pattern of an ATT&CK technique the collection holds, visible to the importer, and its label. */
export interface HeldAttackPattern {
  id: string;
  label: ConfidentialityLabel;
}

/** The STIX object an attribute or object became, with its label's entries and TLP. */
interface Made {
  id: string;
  entries: string[];
  tlp: Tlp | null;
}

const RELATIONSHIP_TYPE = /^[a-z0-9-]+$/;
export const REFERENCE_TYPE =
  'object reference whose relationship_type is not lower-case letters, digits and - (a STIX relationship_type)';
export const REFERENCE_TARGET =
  'object reference to an attribute or object not imported (deleted, of an unmapped type, or not in the event)';

export const SIGHTING_TYPE =
  'sighting of type 1 (false positive) or 2 (expiration): no STIX sighting (the sighting or attribute uuid)';
export const SIGHTING_TARGET =
  'sighting of an attribute not imported (the sighting or attribute uuid)';

/** An attribute checked and mapped: its value as stored, pattern, label entries and TLP. */
interface Part {
  uuid: string;
  type: string;
  value: string;
  pattern: string;
  toIds: boolean;
  at: string;
  entries: string[];
  tlp: Tlp | null;
  category: string | undefined;
  comment: string | undefined;
  relation: string | undefined;
  firstSeen: string | null;
  src: MispSource;
  /** Its ATT&CK galaxy tags (`misp-galaxy:mitre-attack-pattern="… - T1059"`). */
  galaxy: AttackTag[];
}

/** The metadata of one attribute inside an object's indicator or observed-data (`x_misp_attributes`). */
export interface MispAttributeMeta {
  uuid: string;
  type: string;
  object_relation?: string;
  category?: string;
  comment?: string;
  timestamp: string;
  /** observed-data: the id of the SCO the attribute became. */
  sco?: string;
}

/**
 * Turns events into labelled STIX objects with `originator`'s labels as the map decides. Throws on the
 * first problem (nothing is returned half-way). `onEvent` reports progress.
 */
export function planImport(
  events: MispEvent[],
  rm: ResolvedMap,
  originator: string,
  onEvent: (i: number) => void = () => undefined,
  techniques: ReadonlyMap<string, HeldAttackPattern> = new Map(),
): ImportPlan {
  const plan: ImportPlan = {
    objects: [],
    sources: new Map(),
    events: 0,
    attributes: 0,
    indicators: 0,
    mispObjects: 0,
    observedData: 0,
    relationships: 0,
    sightings: 0,
    attackRelationships: 0,
    unsupported: new Map(),
    deleted: 0,
    skipped: new Map(),
  };
  const seen = new Set<string>();
  // Attribute and object uuids of the whole import (MISP's are global): one seen twice, in one event or
  // two, would give two objects with one id.
  const seenUuid = new Map<string, MispSource>();
  const claim = (u: string, src: MispSource, what: string) => {
    const prior = seenUuid.get(u.toLowerCase());
    if (prior)
      throw bad(
        src.file,
        ptr(src.pointer, 'uuid'),
        `${what} uuid ${u} appears twice (also at ${prior.file === src.file ? '' : prior.file}#${prior.pointer})`,
      );
    seenUuid.set(u.toLowerCase(), src);
  };
  /** Per MISP uuid (attribute or object), the STIX object it became and that object's label. */
  const made = new Map<string, Made>();
  /**
   * ATT&CK galaxy tags of a STIX object `o` about to be stored: the techniques the collection holds
   * (`techniques`) become relationships from `o` to their attack-pattern (`indicates` from an indicator,
   * `related-to` otherwise), labelled as `o` narrowed to the attack-pattern's label (its reach, the higher
   * classification, the stricter TLP: a reader of `o` who may not see the attack-pattern never sees the
   * relationship, nor so the attack-pattern's id); the others are kept in `o.labels` (the tag names).
   */
  const keepUnmapped = (o: Record<string, unknown>, tags: AttackTag[]) => {
    const kept = [...new Set(tags.filter((t) => !techniques.has(t.technique)).map((t) => t.tag))];
    if (kept.length) o.labels = kept.sort();
  };
  /**
   * The label entries and TLP of each sighting and relationship made: the event's report names one only
   * when its label is at least as wide as the report's (else the report would show its id, and so that it
   * exists, to readers its own label excludes).
   */
  const labelOf = new Map<
    string,
    { entries: string[]; tlp: Tlp | null; classification: Classification }
  >();
  const attackRelationships = (
    o: Record<string, unknown>,
    tags: AttackTag[],
    l: ReturnType<typeof label>,
    src: MispSource,
  ): string[] => {
    const ids: string[] = [];
    const targets = new Map<string, { tag: string; held: HeldAttackPattern }>();
    for (const t of tags) {
      const held = techniques.get(t.technique);
      if (held && !targets.has(held.id)) targets.set(held.id, { tag: t.tag, held });
    }
    for (const [ap, { tag, held }] of targets) {
      const apLabel = held.label;
      const tlp = stricter(l.tlp, apLabel.tlp);
      const classification =
        CLASSIFICATIONS.indexOf(apLabel.classification) > CLASSIFICATIONS.indexOf(l.classification)
          ? apLabel.classification
          : l.classification;
      const entries = narrower(rm, l.releasableTo, [apLabel.originator, ...apLabel.releasableTo]);
      const rel: Record<string, unknown> = {
        type: 'relationship',
        spec_version: '2.1',
        id: `relationship--${nameUuid(`misp-galaxy:${String(o.id)}:${ap}`)}`,
        created: o.modified,
        modified: o.modified,
        relationship_type: o.type === 'indicator' ? 'indicates' : 'related-to',
        source_ref: o.id,
        target_ref: ap,
        ...(tlp !== l.tlp
          ? { object_marking_refs: [TLP2_IDS[tlp ?? 'clear']] }
          : Array.isArray(o.object_marking_refs)
            ? { object_marking_refs: o.object_marking_refs }
            : {}),
        x_misp_galaxy_tag: tag,
      };
      add(withLabel(rel, label(entries, tlp, classification, l.createdAt)), src, 'relationship');
      labelOf.set(String(rel.id), { entries, tlp, classification });
      plan.attackRelationships++;
      ids.push(String(rel.id));
    }
    return ids;
  };
  /** The sightings of the event being read (its attributes', and the event's own list). */
  const pendingSightings: { s: unknown; attribute: string | null; src: MispSource }[] = [];
  const label = (
    releasableTo: string[],
    tlp: Tlp | null,
    classification: Classification,
    at: string,
  ) => ({
    policy: LABEL_POLICY,
    classification,
    releasableTo,
    originator,
    createdAt: at,
    tlp,
  });
  const add = (o: Record<string, unknown>, src: MispSource, what: string) => {
    const issues = validateObject(o);
    if (issues.length)
      throw bad(src.file, src.pointer, `gives an invalid STIX ${what}: ${describeIssues(issues)}`);
    plan.objects.push(o);
    plan.sources.set(String(o.id), src);
  };
  const note = (m: Map<string, string[]>, k: string, u: string) => {
    const l = m.get(k) ?? [];
    l.push(u);
    m.set(k, l);
  };

  /** Checks an attribute; a Part when it maps to STIX, null when deleted, unsupported or skipped (noted). */
  const attribute = (
    a: unknown,
    within: string[],
    withinTlp: Tlp | null,
    fallbackAt: string,
    src: MispSource,
  ): Part | null => {
    const f = src.file;
    if (!isObj(a)) throw bad(f, src.pointer, 'must be an object');
    plan.attributes++;
    const au = uuidAt(a, src, 'attribute');
    claim(au, src, 'attribute');
    if (a.Sighting !== undefined) {
      if (!Array.isArray(a.Sighting))
        throw bad(f, ptr(src.pointer, 'Sighting'), 'Sighting must be a list');
      a.Sighting.forEach((x, k) =>
        pendingSightings.push({
          s: x,
          attribute: au.toLowerCase(),
          src: { file: f, pointer: ptr(src.pointer, 'Sighting', k) },
        }),
      );
    }
    if (typeof a.type !== 'string')
      throw bad(f, ptr(src.pointer, 'type'), 'attribute without a type');
    if (!isMispType(a.type))
      throw bad(
        f,
        ptr(src.pointer, 'type'),
        `unknown attribute type '${a.type}' (not a MISP type; see src/intel/misp/types.ts)`,
      );
    if (typeof a.value !== 'string' || !a.value)
      throw bad(f, ptr(src.pointer, 'value'), 'value must be a non-empty string');
    const aLevel = level(a.distribution, src, true);
    const entries = aLevel === 5 ? within : narrower(rm, within, entriesAt(rm, aLevel, a, src));
    const tlp = stricter(withinTlp, tlpOfTags(a.Tag, src));
    const capped =
      tlp && rm.map.tlpCaps[tlp] ? narrower(rm, entries, rm.map.tlpCaps[tlp] ?? []) : entries;
    const at = seconds(a.timestamp, src) ?? fallbackAt;
    if (a.deleted === true || a.deleted === '1') {
      plan.deleted++;
      return null;
    }
    const spec = SUPPORTED[a.type];
    if (!spec) {
      note(plan.unsupported, a.type, au);
      return null;
    }
    if (a.type === 'url' && !HAS_SCHEME.test(a.value)) {
      note(plan.skipped, URL_WITHOUT_SCHEME, au);
      return null;
    }
    // The value as stored (a registry hive written in full): the indicator's name says the same value the
    // pattern holds, so an exported and re-imported attribute gives the same bytes.
    const value = a.type === 'regkey' ? fullHive(a.value) : a.value;
    const pattern = spec.pattern(value);
    if (typeof pattern !== 'string') throw bad(f, ptr(src.pointer, 'value'), pattern.error);
    return {
      uuid: au.toLowerCase(),
      type: a.type,
      value,
      pattern,
      toIds: a.to_ids === true || a.to_ids === '1' || a.to_ids === 1,
      at,
      entries: capped,
      tlp,
      category: typeof a.category === 'string' ? a.category : undefined,
      comment: typeof a.comment === 'string' && a.comment ? a.comment : undefined,
      relation:
        typeof a.object_relation === 'string' && a.object_relation ? a.object_relation : undefined,
      firstSeen:
        typeof a.first_seen === 'string' && !Number.isNaN(Date.parse(a.first_seen))
          ? new Date(a.first_seen).toISOString()
          : null,
      src,
      galaxy: attackTags(a),
    };
  };

  /** The narrowest label of parts (each part's entries are already inside its object's and event's). */
  const partsLabel = (parts: Part[], at: string) => {
    let entries = parts[0].entries;
    let tlp: Tlp | null = null;
    for (const p of parts) {
      entries = narrower(rm, entries, p.entries);
      tlp = stricter(tlp, p.tlp);
    }
    return { tlp, label: label(entries, tlp, rm.map.classification, at) };
  };
  const meta = (p: Part, sco?: string): MispAttributeMeta => ({
    uuid: p.uuid,
    type: p.type,
    ...(p.relation ? { object_relation: p.relation } : {}),
    ...(p.category ? { category: p.category } : {}),
    ...(p.comment ? { comment: p.comment } : {}),
    timestamp: p.at,
    ...(sco ? { sco } : {}),
  });

  /**
   * An object reference as a relationship from the object's STIX object to the one its `referenced_uuid`
   * became (an object's, or an attribute's), labelled with the narrower label of the two; its id, or null
   * when it is deleted or cannot be mapped (noted in `skipped`).
   */
  const reference = (r: unknown, ou: string, at: string, src: MispSource): string | null => {
    if (!isObj(r)) throw bad(src.file, src.pointer, 'must be an object');
    if (r.deleted === true || r.deleted === '1') return null;
    const ru = uuidAt(r, src, 'object reference');
    claim(ru, src, 'object reference');
    const target = typeof r.referenced_uuid === 'string' ? r.referenced_uuid.toLowerCase() : '';
    if (!UUID.test(target))
      throw bad(
        src.file,
        ptr(src.pointer, 'referenced_uuid'),
        `object reference without a valid referenced_uuid (${JSON.stringify(r.referenced_uuid)})`,
      );
    if (typeof r.object_uuid === 'string' && r.object_uuid.toLowerCase() !== ou)
      throw bad(
        src.file,
        ptr(src.pointer, 'object_uuid'),
        `names object ${r.object_uuid}, not the object ${ou} it is in`,
      );
    const type = typeof r.relationship_type === 'string' ? r.relationship_type : '';
    const from = made.get(ou);
    const to = made.get(target);
    if (!RELATIONSHIP_TYPE.test(type)) {
      note(plan.skipped, REFERENCE_TYPE, ru);
      return null;
    }
    if (!from || !to) {
      note(plan.skipped, REFERENCE_TARGET, ru);
      return null;
    }
    const when = seconds(r.timestamp, src) ?? at;
    const tlp = stricter(from.tlp, to.tlp);
    const rel: Record<string, unknown> = {
      type: 'relationship',
      spec_version: '2.1',
      id: stixId('relationship', ru),
      created: when,
      modified: when,
      relationship_type: type,
      source_ref: from.id,
      target_ref: to.id,
      ...(typeof r.comment === 'string' && r.comment ? { description: r.comment } : {}),
      ...(tlp ? { object_marking_refs: [TLP2_IDS[tlp]] } : {}),
      x_misp_reference_uuid: ru.toLowerCase(),
      x_misp_referenced_uuid: target,
    };
    const entries = narrower(rm, from.entries, to.entries);
    add(withLabel(rel, label(entries, tlp, rm.map.classification, when)), src, 'relationship');
    labelOf.set(String(rel.id), { entries, tlp, classification: rm.map.classification });
    plan.relationships++;
    return String(rel.id);
  };

  /**
   * A MISP sighting of type 0 (seen) as a STIX sighting of what its attribute became, labelled as that
   * object is (the importing member is its originator: the sighting reveals it to no reader the sighted
   * object's label excludes); the MISP organisation is not kept. Types 1 (false positive) and 2
   * (expiration) are reported in `skipped`, as is a sighting of an attribute not imported.
   */
  const sighting = (x: unknown, within: string | null, src: MispSource): string | null => {
    if (!isObj(x)) throw bad(src.file, src.pointer, 'must be an object');
    const own = typeof x.uuid === 'string' && UUID.test(x.uuid) ? x.uuid.toLowerCase() : null;
    const named =
      typeof x.attribute_uuid === 'string' && UUID.test(x.attribute_uuid)
        ? x.attribute_uuid.toLowerCase()
        : null;
    // Early MISP core-format drafts name the sighted attribute by `uuid`.
    const attribute = within ?? named ?? own;
    if (!attribute)
      throw bad(src.file, ptr(src.pointer, 'attribute_uuid'), 'sighting without an attribute uuid');
    if (within && named && named !== within)
      throw bad(
        src.file,
        ptr(src.pointer, 'attribute_uuid'),
        `names attribute ${named}, not the attribute ${within} it is in`,
      );
    const sightingUuid = own && own !== attribute ? own : null;
    if (sightingUuid) claim(sightingUuid, src, 'sighting');
    const at = seconds(x.date_sighting, src, 'date_sighting');
    if (!at)
      throw bad(src.file, ptr(src.pointer, 'date_sighting'), 'sighting without a date_sighting');
    const type =
      x.type === undefined
        ? '0'
        : typeof x.type === 'number' || typeof x.type === 'string'
          ? String(x.type)
          : JSON.stringify(x.type);
    if (!['0', '1', '2'].includes(type))
      throw bad(
        src.file,
        ptr(src.pointer, 'type'),
        `sighting type ${JSON.stringify(x.type)} is not 0, 1 or 2`,
      );
    const key = sightingUuid ?? `${attribute}:${at}:${src.file}#${src.pointer}`;
    if (type !== '0') {
      note(plan.skipped, SIGHTING_TYPE, sightingUuid ?? attribute);
      return null;
    }
    const of = made.get(attribute);
    if (!of) {
      note(plan.skipped, SIGHTING_TARGET, sightingUuid ?? attribute);
      return null;
    }
    const source = typeof x.source === 'string' && x.source ? x.source : undefined;
    const o: Record<string, unknown> = {
      type: 'sighting',
      spec_version: '2.1',
      id: sightingUuid
        ? stixId('sighting', sightingUuid)
        : `sighting--${nameUuid(`misp-sighting:${key}`)}`,
      created: at,
      modified: at,
      sighting_of_ref: of.id,
      count: 1,
      first_seen: at,
      last_seen: at,
      ...(of.tlp ? { object_marking_refs: [TLP2_IDS[of.tlp]] } : {}),
      ...(sightingUuid ? { x_misp_sighting_uuid: sightingUuid } : {}),
      x_misp_attribute_uuid: attribute,
      ...(source ? { x_misp_source: source } : {}),
    };
    add(withLabel(o, label(of.entries, of.tlp, rm.map.classification, at)), src, 'sighting');
    labelOf.set(String(o.id), {
      entries: of.entries,
      tlp: of.tlp,
      classification: rm.map.classification,
    });
    plan.sightings++;
    return String(o.id);
  };

  events.forEach((ev, i) => {
    const e = ev.raw;
    const evSrc: MispSource = { file: ev.file, pointer: ev.pointer };
    const uuid = uuidAt(e, evSrc, 'event');
    if (seen.has(uuid.toLowerCase()))
      throw bad(ev.file, ptr(ev.pointer, 'uuid'), `event ${uuid} appears twice`);
    seen.add(uuid.toLowerCase());
    if (typeof e.info !== 'string' || !e.info.trim())
      throw bad(ev.file, ptr(ev.pointer, 'info'), 'info must be a non-empty string');
    const evAt =
      seconds(e.timestamp, evSrc) ??
      (typeof e.date === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(e.date) &&
      !Number.isNaN(Date.parse(e.date))
        ? new Date(`${e.date}T00:00:00Z`).toISOString()
        : null);
    if (!evAt)
      throw bad(
        ev.file,
        ptr(ev.pointer, e.timestamp === undefined ? 'date' : 'timestamp'),
        'needs a timestamp (Unix seconds) or a date (YYYY-MM-DD)',
      );
    const evLevel = level(e.distribution, evSrc, false);
    const evEntries = entriesAt(rm, evLevel, e, evSrc);
    const evTlp = tlpOfTags(e.Tag, evSrc);
    const evEntriesCapped =
      evTlp && rm.map.tlpCaps[evTlp]
        ? narrower(rm, evEntries, rm.map.tlpCaps[evTlp] ?? [])
        : evEntries;
    if (e.Attribute !== undefined && !Array.isArray(e.Attribute))
      throw bad(ev.file, ptr(ev.pointer, 'Attribute'), 'Attribute must be a list');
    if (e.Object !== undefined && !Array.isArray(e.Object))
      throw bad(ev.file, ptr(ev.pointer, 'Object'), 'Object must be a list');
    const refs: string[] = [];
    /** The label (entries, TLP) of each indicator and observed-data the event became. */
    const partLabel = new Map<string, { entries: string[]; tlp: Tlp | null }>();
    /** Relationships to ATT&CK attack-patterns, named by the report in id order. */
    const galaxyIds: string[] = [];
    const objectRefs: { o: Record<string, unknown>; src: MispSource; uuid: string; at: string }[] =
      [];

    // The event's own attributes: one indicator each.
    (Array.isArray(e.Attribute) ? e.Attribute : []).forEach((a, j) => {
      const src = { file: ev.file, pointer: ptr(ev.pointer, 'Attribute', j) };
      const p = attribute(a, evEntriesCapped, evTlp, evAt, src);
      if (!p) return;
      const ind: Record<string, unknown> = {
        type: 'indicator',
        spec_version: '2.1',
        id: stixId('indicator', p.uuid),
        created: p.at,
        modified: p.at,
        name: `${p.type} ${p.value}`.slice(0, 250),
        ...(p.comment ? { description: p.comment } : {}),
        pattern: p.pattern,
        pattern_type: 'stix',
        valid_from: p.firstSeen ?? p.at,
        ...(p.tlp ? { object_marking_refs: [TLP2_IDS[p.tlp]] } : {}),
        x_misp_attribute_uuid: p.uuid,
        x_misp_type: p.type,
        ...(p.category !== undefined ? { x_misp_category: p.category } : {}),
        x_misp_to_ids: p.toIds,
      };
      keepUnmapped(ind, p.galaxy);
      const l = label(p.entries, p.tlp, rm.map.classification, p.at);
      add(withLabel(ind, l), src, 'indicator');
      galaxyIds.push(...attackRelationships(ind, p.galaxy, l, src));
      made.set(p.uuid, { id: String(ind.id), entries: p.entries, tlp: p.tlp });
      plan.indicators++;
      refs.push(String(ind.id));
      partLabel.set(String(ind.id), { entries: p.entries, tlp: p.tlp });
    });

    // MISP objects: to_ids attributes as one indicator, the others as one observed-data of their SCOs.
    (Array.isArray(e.Object) ? e.Object : []).forEach((o, j) => {
      const oSrc: MispSource = { file: ev.file, pointer: ptr(ev.pointer, 'Object', j) };
      if (!isObj(o)) throw bad(oSrc.file, oSrc.pointer, 'must be an object');
      if (o.deleted === true || o.deleted === '1') return;
      const ou = uuidAt(o, oSrc, 'object');
      claim(ou, oSrc, 'object');
      if (typeof o.name !== 'string' || !o.name.trim())
        throw bad(
          oSrc.file,
          ptr(oSrc.pointer, 'name'),
          'object without a name (its MISP object template)',
        );
      const oLevel = level(o.distribution, oSrc, true);
      const oEntries =
        oLevel === 5
          ? evEntriesCapped
          : narrower(rm, evEntriesCapped, entriesAt(rm, oLevel, o, oSrc));
      const oTlp = stricter(evTlp, tlpOfTags(o.Tag, oSrc));
      const oAt = seconds(o.timestamp, oSrc) ?? evAt;
      if (o.Attribute !== undefined && !Array.isArray(o.Attribute))
        throw bad(oSrc.file, ptr(oSrc.pointer, 'Attribute'), 'Attribute must be a list');
      const parts = (Array.isArray(o.Attribute) ? o.Attribute : []).flatMap((a, k) => {
        const p = attribute(a, oEntries, oTlp, oAt, {
          file: ev.file,
          pointer: ptr(oSrc.pointer, 'Attribute', k),
        });
        return p ? [p] : [];
      });
      if (!parts.length) return;
      plan.mispObjects++;
      const partMade = (id: string, l: { releasableTo: string[]; tlp: Tlp | null }, of: Part[]) => {
        const m: Made = { id, entries: l.releasableTo, tlp: l.tlp };
        for (const p of of) made.set(p.uuid, m);
        // The object is its indicator when it has one, else its observed-data.
        if (!made.has(ou.toLowerCase()) || id.startsWith('indicator--'))
          made.set(ou.toLowerCase(), m);
      };
      objectRefs.push({ o, src: oSrc, uuid: ou.toLowerCase(), at: oAt });
      const oGalaxy = attackTags(o);
      const common = {
        x_misp_object_uuid: ou.toLowerCase(),
        x_misp_object_name: o.name,
        ...(typeof o['meta-category'] === 'string'
          ? { x_misp_meta_category: o['meta-category'] }
          : {}),
        ...(typeof o.comment === 'string' && o.comment ? { x_misp_object_comment: o.comment } : {}),
      };
      const detect = parts.filter((p) => p.toIds);
      if (detect.length) {
        const { tlp, label: l } = partsLabel(detect, oAt);
        const ind: Record<string, unknown> = {
          type: 'indicator',
          spec_version: '2.1',
          id: stixId('indicator', ou),
          created: oAt,
          modified: oAt,
          name: `${o.name} object: ${detect.map((p) => p.value).join(', ')}`.slice(0, 250),
          pattern: templatePattern(o.name, detect) ?? detect.map((p) => p.pattern).join(' AND '),
          pattern_type: 'stix',
          valid_from: oAt,
          ...(tlp ? { object_marking_refs: [TLP2_IDS[tlp]] } : {}),
          ...common,
          x_misp_attributes: detect.map((p) => meta(p)),
        };
        const tags = [...oGalaxy, ...detect.flatMap((p) => p.galaxy)];
        keepUnmapped(ind, tags);
        add(withLabel(ind, l), oSrc, 'indicator');
        galaxyIds.push(...attackRelationships(ind, tags, l, oSrc));
        partMade(String(ind.id), l, detect);
        plan.indicators++;
        refs.push(String(ind.id));
        partLabel.set(String(ind.id), { entries: l.releasableTo, tlp });
      }
      const observed = parts.filter((p) => !p.toIds);
      if (observed.length) {
        const { tlp, label: l } = partsLabel(observed, oAt);
        // SCO ids name their content, label and attribute: one id is one byte string, so an edited value
        // or label (a new MISP timestamp) is a new SCO, never a clash with the stored one (SCOs have no version).
        const scoId = (sco: Record<string, unknown>, uuids: string[]) =>
          `${String(sco.type)}--${nameUuid(`misp-sco:${canonicalJson({ ...(uuids.length === 1 ? { attribute: uuids[0] } : { attributes: uuids }), sco, label: l })}`)}`;
        const scos: Record<string, unknown>[] = [];
        const metas: MispAttributeMeta[] = [];
        const keep = (s: Record<string, unknown>, src: MispSource) => {
          if (scos.some((x) => x.id === s.id)) return;
          add(s, src, String(s.type));
          scos.push(s);
        };
        // The object as a whole when its template fits (a file's name and hashes: one file), else
        // each attribute's SCOs.
        const whole = templateScos(o.name, observed, scoId);
        if (whole) {
          for (const s of whole.scos) keep(withLabel(s, l), oSrc);
          observed.forEach((p, k) => metas.push(meta(p, whole.sco[k])));
        } else
          for (const p of observed) {
            const made = scosOf(p.type, p.value, (sco) => scoId(sco, [p.uuid])).map((s) =>
              withLabel(s, l),
            );
            for (const s of made) keep(s, p.src);
            metas.push(meta(p, String(made[0].id)));
          }
        const od: Record<string, unknown> = {
          type: 'observed-data',
          spec_version: '2.1',
          id: stixId('observed-data', ou),
          created: oAt,
          modified: oAt,
          first_observed: oAt,
          last_observed: oAt,
          number_observed: 1,
          object_refs: scos.map((s) => String(s.id)),
          ...(tlp ? { object_marking_refs: [TLP2_IDS[tlp]] } : {}),
          ...common,
          x_misp_attributes: metas,
        };
        const tags = [...oGalaxy, ...observed.flatMap((p) => p.galaxy)];
        keepUnmapped(od, tags);
        add(withLabel(od, l), oSrc, 'observed-data');
        galaxyIds.push(...attackRelationships(od, tags, l, oSrc));
        partMade(String(od.id), l, observed);
        plan.observedData++;
        refs.push(String(od.id));
        partLabel.set(String(od.id), { entries: l.releasableTo, tlp });
      }
    });
    if (e.Sighting !== undefined && !Array.isArray(e.Sighting))
      throw bad(ev.file, ptr(ev.pointer, 'Sighting'), 'Sighting must be a list');
    (Array.isArray(e.Sighting) ? e.Sighting : []).forEach((x, k) =>
      pendingSightings.push({
        s: x,
        attribute: null,
        src: { file: ev.file, pointer: ptr(ev.pointer, 'Sighting', k) },
      }),
    );
    // In id order: an exported event carries its sightings in their attributes, so a re-import reads them
    // in another order and must name them in the same report bytes.
    const sightingIds = pendingSightings
      .splice(0)
      .flatMap((p) => sighting(p.s, p.attribute, p.src) ?? []);
    // Sightings and relationships narrower than the report are not named by it (they are found by what they
    // name): a reader of the report outside their label would see their ids.
    const reportReach = rm.reach(evEntriesCapped);
    /** A label that releases to every state the report does, with a TLP no stricter than the report's. */
    const reachesAsWide = (entries: string[], tlp: Tlp | null) => {
      const r = rm.reach(entries);
      return [...reportReach].every((x) => r.has(x)) && stricter(evTlp, tlp) === evTlp;
    };
    const asWide = (id: string) => {
      const l = labelOf.get(id);
      if (!l) return true;
      return reachesAsWide(l.entries, l.tlp) && l.classification === rm.map.classification;
    };
    refs.push(...sightingIds.filter(asWide).sort());
    // Object references (within the event, as MISP keeps them): one relationship each, named in id order
    // (as sightings, so that a re-import of an export gives the same report).
    const relIds: string[] = [];
    for (const { o, src, uuid: ou, at } of objectRefs) {
      if (o.ObjectReference === undefined) continue;
      if (!Array.isArray(o.ObjectReference))
        throw bad(src.file, ptr(src.pointer, 'ObjectReference'), 'ObjectReference must be a list');
      o.ObjectReference.forEach((r, k) => {
        const rel = reference(r, ou, at, {
          file: src.file,
          pointer: ptr(src.pointer, 'ObjectReference', k),
        });
        if (rel) relIds.push(rel);
      });
    }
    refs.push(...relIds.filter(asWide).sort(), ...galaxyIds.filter(asWide).sort());
    // Indicators and observed-data narrower than the report are not named by it either (its readers outside
    // their label would see their ids): each narrower label gets a report of its own (same event, id named
    // by the event uuid and the label), naming that label's objects; the export merges them into one event.
    const narrowGroups = new Map<string, { entries: string[]; tlp: Tlp | null; ids: string[] }>();
    const wideRefs = refs.filter((id) => {
      const pl = partLabel.get(id);
      if (!pl) return true;
      if (reachesAsWide(pl.entries, pl.tlp)) return true;
      const entries = [...pl.entries].sort();
      const key = canonicalJson({ entries, tlp: pl.tlp });
      const g = narrowGroups.get(key) ?? { entries, tlp: pl.tlp, ids: [] };
      g.ids.push(id);
      narrowGroups.set(key, g);
      return false;
    });
    plan.events++;
    const evGalaxy = attackTags(e);
    for (const [key, g] of [...narrowGroups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const part: Record<string, unknown> = {
        type: 'report',
        spec_version: '2.1',
        id: `report--${nameUuid(`misp-event-label:${uuid.toLowerCase()}:${key}`)}`,
        created: evAt,
        modified: evAt,
        name: e.info.slice(0, 250),
        published: evAt,
        report_types: ['threat-report'],
        object_refs: g.ids,
        ...(g.tlp ? { object_marking_refs: [TLP2_IDS[g.tlp]] } : {}),
        x_misp_event_uuid: uuid.toLowerCase(),
        x_misp_event_label_part: true,
      };
      keepUnmapped(part, evGalaxy);
      add(withLabel(part, label(g.entries, g.tlp, rm.map.classification, evAt)), evSrc, 'report');
    }
    refs.splice(0, refs.length, ...wideRefs);
    if (refs.length) {
      const report: Record<string, unknown> = {
        type: 'report',
        spec_version: '2.1',
        id: stixId('report', uuid),
        created: evAt,
        modified: evAt,
        name: e.info.slice(0, 250),
        published: evAt,
        report_types: ['threat-report'],
        object_refs: refs,
        ...(evTlp ? { object_marking_refs: [TLP2_IDS[evTlp]] } : {}),
        x_misp_event_uuid: uuid.toLowerCase(),
      };
      keepUnmapped(report, evGalaxy);
      const l = label(evEntriesCapped, evTlp, rm.map.classification, evAt);
      add(withLabel(report, l), evSrc, 'report');
      attackRelationships(report, evGalaxy, l, evSrc);
    }
    onEvent(i + 1);
  });
  return plan;
}
