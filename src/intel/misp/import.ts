import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { badInput, messageOf } from '../../core/errors.js';
import type { Classification } from '../../runtime/auth.js';
import { nameUuid } from '../collections.js';
import { LABEL_POLICY, withLabel } from '../labels.js';
import { isObj } from '../stix/checks.js';
import { TLP2_IDS, type Tlp } from '../stix/marking.js';
import { describeIssues, validateObject } from '../stix/validate.js';
import { entriesOf, narrower, type ResolvedMap } from './label-map.js';
import { fullHive, isMispType, SUPPORTED } from './types.js';

/**
 * MISP core format (an event as `{"Event": {...}}`, the bare event, or `{"response": [{"Event"}]}`) and
 * MISP feeds (a folder with manifest.json and one `<uuid>.json` event per manifest entry) turned into
 * labelled STIX 2.1 objects: one indicator per supported attribute (objects' attributes included), one
 * report per event naming them. Everything is checked before anything is returned: a bad file is one
 * error (thrown) naming the file, the event and the attribute.
 */

export interface MispEvent {
  file: string;
  raw: Record<string, unknown>;
}

export interface ImportPlan {
  objects: Record<string, unknown>[];
  events: number;
  attributes: number;
  indicators: number;
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

const bad = (where: string, m: string) => badInput('misp', `${where}: ${m}`);

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw bad(file, `cannot be read: ${messageOf(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw bad(file, `is not JSON: ${messageOf(e)}`);
  }
}

/** The events in a core-format file. */
export function eventsOfJson(json: unknown, file: string): MispEvent[] {
  if (isObj(json) && Array.isArray(json.response))
    return json.response.flatMap((r, i) => eventsOfJson(r, `${file} response[${i}]`));
  if (isObj(json) && isObj(json.Event)) return [{ file, raw: json.Event }];
  if (isObj(json) && typeof json.uuid === 'string' && (json.Attribute || json.info !== undefined))
    return [{ file, raw: json }];
  if (isObj(json) && json.uuid === undefined && (json.Attribute || json.info !== undefined))
    throw bad(
      file,
      'is a MISP event without a uuid (an event not saved in MISP): nothing to import',
    );
  throw bad(file, 'is not a MISP core-format event (no "Event" object)');
}

/** The events of a path: a core-format file, or a feed folder (manifest.json + the events it lists). */
export function readMispPath(path: string): MispEvent[] {
  if (!existsSync(path)) throw bad(path, 'no such file or folder');
  if (!statSync(path).isDirectory()) return eventsOfJson(readJson(path), path);
  const manifestFile = join(path, 'manifest.json');
  if (!existsSync(manifestFile))
    throw bad(path, 'is a folder without manifest.json (not a MISP feed)');
  const manifest = readJson(manifestFile);
  if (!isObj(manifest)) throw bad(manifestFile, 'must be an object keyed by event uuid');
  const out: MispEvent[] = [];
  for (const uuid of Object.keys(manifest)) {
    if (!UUID.test(uuid)) throw bad(manifestFile, `key '${uuid}' is not an event uuid`);
    const file = join(path, `${uuid}.json`);
    if (!existsSync(file)) throw bad(manifestFile, `lists event ${uuid} but ${file} is missing`);
    const events = eventsOfJson(readJson(file), file);
    for (const e of events)
      if (String(e.raw.uuid).toLowerCase() !== uuid.toLowerCase())
        throw bad(file, `holds event ${String(e.raw.uuid)}, not ${uuid} as manifest.json says`);
    out.push(...events);
  }
  return out;
}

const level = (v: unknown, where: string, allowInherit: boolean): number => {
  const n = typeof v === 'string' && /^\d$/.test(v) ? Number(v) : v;
  if (n === undefined || n === null) return allowInherit ? 5 : 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > (allowInherit ? 5 : 4))
    throw bad(
      where,
      `distribution ${JSON.stringify(v)} is not one of ${allowInherit ? '0-5' : '0-4'} (0 organisation, 1 community, 2 connected, 3 all, 4 sharing group${allowInherit ? ', 5 inherit' : ''})`,
    );
  return n;
};

const seconds = (v: unknown, where: string): string | null => {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 32503680000)
    throw bad(where, `timestamp ${JSON.stringify(v)} is not a Unix time in seconds`);
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
const tlpOfTags = (tags: unknown, where: string): Tlp | null => {
  if (tags === undefined) return null;
  if (!Array.isArray(tags)) throw bad(where, 'Tag must be a list');
  let best: Tlp | null = null;
  for (const t of tags) {
    if (!isObj(t) || typeof t.name !== 'string') throw bad(where, 'each Tag needs a name');
    const l = TLP_TAGS[t.name.trim().toLowerCase()];
    if (l && (!best || TLP_ORDER.indexOf(l) > TLP_ORDER.indexOf(best))) best = l;
  }
  return best;
};
const stricter = (a: Tlp | null, b: Tlp | null) =>
  !a ? b : !b ? a : TLP_ORDER.indexOf(a) >= TLP_ORDER.indexOf(b) ? a : b;

const sharingGroupOf = (o: Record<string, unknown>): string | null => {
  const sg = o.SharingGroup;
  return isObj(sg) && typeof sg.uuid === 'string' ? sg.uuid : null;
};

/** STIX id for a MISP uuid: the uuid itself when it is v4/v5 (STIX requires one), else a name-based v5. */
const stixId = (type: string, uuid: string) =>
  `${type}--${UUID_V45.test(uuid) ? uuid.toLowerCase() : nameUuid(`misp:${uuid.toLowerCase()}`)}`;

/**
 * Turns events into labelled STIX objects with `originator`'s labels as the map decides. Throws on the
 * first problem (nothing is returned half-way). `onEvent` reports progress.
 */
export function planImport(
  events: MispEvent[],
  rm: ResolvedMap,
  originator: string,
  onEvent: (i: number) => void = () => undefined,
): ImportPlan {
  const plan: ImportPlan = {
    objects: [],
    events: 0,
    attributes: 0,
    indicators: 0,
    unsupported: new Map(),
    deleted: 0,
    skipped: new Map(),
  };
  const seen = new Set<string>();
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
  events.forEach((ev, i) => {
    const e = ev.raw;
    const uuid = typeof e.uuid === 'string' ? e.uuid : '';
    if (!UUID.test(uuid))
      throw bad(ev.file, `event without a valid uuid (${JSON.stringify(e.uuid)})`);
    const where = `${ev.file} event ${uuid}`;
    if (seen.has(uuid.toLowerCase())) throw bad(where, 'appears twice');
    seen.add(uuid.toLowerCase());
    if (typeof e.info !== 'string' || !e.info.trim())
      throw bad(where, 'info must be a non-empty string');
    const evAt =
      seconds(e.timestamp, where) ??
      (typeof e.date === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(e.date) &&
      !Number.isNaN(Date.parse(e.date))
        ? new Date(`${e.date}T00:00:00Z`).toISOString()
        : null);
    if (!evAt) throw bad(where, 'needs a timestamp (Unix seconds) or a date (YYYY-MM-DD)');
    const evLevel = level(e.distribution, where, false);
    const evEntries = entriesOf(rm, evLevel, sharingGroupOf(e), where);
    const evTlp = tlpOfTags(e.Tag, where);
    const evEntriesCapped =
      evTlp && rm.map.tlpCaps[evTlp]
        ? narrower(rm, evEntries, rm.map.tlpCaps[evTlp] ?? [])
        : evEntries;
    if (e.Attribute !== undefined && !Array.isArray(e.Attribute))
      throw bad(where, 'Attribute must be a list');
    if (e.Object !== undefined && !Array.isArray(e.Object))
      throw bad(where, 'Object must be a list');
    // Attributes with the entries of the objects holding them (an object narrows like an attribute).
    const attrs: { a: unknown; within: string[]; path: string }[] = [];
    (Array.isArray(e.Attribute) ? e.Attribute : []).forEach((a, j) =>
      attrs.push({ a, within: evEntriesCapped, path: `Attribute[${j}]` }),
    );
    (Array.isArray(e.Object) ? e.Object : []).forEach((o, j) => {
      const ow = `${where} Object[${j}]`;
      if (!isObj(o)) throw bad(ow, 'must be an object');
      if (o.deleted === true) return;
      const oLevel = level(o.distribution, ow, true);
      const oEntries =
        oLevel === 5
          ? evEntriesCapped
          : narrower(rm, evEntriesCapped, entriesOf(rm, oLevel, sharingGroupOf(o), ow));
      if (o.Attribute !== undefined && !Array.isArray(o.Attribute))
        throw bad(ow, 'Attribute must be a list');
      (Array.isArray(o.Attribute) ? o.Attribute : []).forEach((a, k) =>
        attrs.push({ a, within: oEntries, path: `Object[${j}].Attribute[${k}]` }),
      );
    });
    const refs: string[] = [];
    const seenAttr = new Set<string>();
    for (const { a, within, path } of attrs) {
      const aw = `${where} ${path}`;
      if (!isObj(a)) throw bad(aw, 'must be an object');
      plan.attributes++;
      const au = typeof a.uuid === 'string' ? a.uuid : '';
      if (!UUID.test(au))
        throw bad(aw, `attribute without a valid uuid (${JSON.stringify(a.uuid)})`);
      if (seenAttr.has(au.toLowerCase())) throw bad(aw, `attribute uuid ${au} appears twice`);
      seenAttr.add(au.toLowerCase());
      if (typeof a.type !== 'string') throw bad(aw, 'attribute without a type');
      if (!isMispType(a.type))
        throw bad(
          aw,
          `unknown attribute type '${a.type}' (not a MISP type; see src/intel/misp/types.ts)`,
        );
      if (typeof a.value !== 'string' || !a.value)
        throw bad(aw, 'value must be a non-empty string');
      const aLevel = level(a.distribution, aw, true);
      const entries =
        aLevel === 5 ? within : narrower(rm, within, entriesOf(rm, aLevel, sharingGroupOf(a), aw));
      const aTlp = stricter(evTlp, tlpOfTags(a.Tag, aw));
      const capped =
        aTlp && rm.map.tlpCaps[aTlp] ? narrower(rm, entries, rm.map.tlpCaps[aTlp] ?? []) : entries;
      const at = seconds(a.timestamp, aw) ?? evAt;
      if (a.deleted === true || a.deleted === '1') {
        plan.deleted++;
        continue;
      }
      const spec = SUPPORTED[a.type];
      if (!spec) {
        const l = plan.unsupported.get(a.type) ?? [];
        l.push(au);
        plan.unsupported.set(a.type, l);
        continue;
      }
      if (a.type === 'url' && !HAS_SCHEME.test(a.value)) {
        const l = plan.skipped.get(URL_WITHOUT_SCHEME) ?? [];
        l.push(au);
        plan.skipped.set(URL_WITHOUT_SCHEME, l);
        continue;
      }
      // The value as stored (a registry hive written in full): the indicator's name says the same value the
      // pattern holds, so an exported and re-imported attribute gives the same bytes.
      const value = a.type === 'regkey' ? fullHive(a.value) : a.value;
      const pattern = spec.pattern(value);
      if (typeof pattern !== 'string') throw bad(aw, pattern.error);
      const toIds = a.to_ids === true || a.to_ids === '1' || a.to_ids === 1;
      const firstSeen =
        typeof a.first_seen === 'string' && !Number.isNaN(Date.parse(a.first_seen))
          ? new Date(a.first_seen).toISOString()
          : null;
      const ind: Record<string, unknown> = {
        type: 'indicator',
        spec_version: '2.1',
        id: stixId('indicator', au),
        created: at,
        modified: at,
        name: `${a.type} ${value}`.slice(0, 250),
        ...(typeof a.comment === 'string' && a.comment ? { description: a.comment } : {}),
        pattern,
        pattern_type: 'stix',
        valid_from: firstSeen ?? at,
        ...(aTlp ? { object_marking_refs: [TLP2_IDS[aTlp]] } : {}),
        x_misp_attribute_uuid: au.toLowerCase(),
        x_misp_type: a.type,
        x_misp_category: typeof a.category === 'string' ? a.category : undefined,
        x_misp_to_ids: toIds,
      };
      if (ind.x_misp_category === undefined) delete ind.x_misp_category;
      const labelled = withLabel(ind, label(capped, aTlp, rm.map.classification, at));
      const issues = validateObject(labelled);
      if (issues.length)
        throw bad(aw, `gives an invalid STIX indicator: ${describeIssues(issues)}`);
      plan.objects.push(labelled);
      plan.indicators++;
      refs.push(String(ind.id));
    }
    plan.events++;
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
      const labelled = withLabel(
        report,
        label(evEntriesCapped, evTlp, rm.map.classification, evAt),
      );
      const issues = validateObject(labelled);
      if (issues.length)
        throw bad(where, `gives an invalid STIX report: ${describeIssues(issues)}`);
      plan.objects.push(labelled);
    }
    onEvent(i + 1);
  });
  return plan;
}
