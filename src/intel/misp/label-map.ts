import { readFileSync } from 'node:fs';
import { badInput, messageOf } from '../../core/errors.js';
import { CLASSIFICATIONS, type Classification } from '../../runtime/auth.js';
import type { Registry } from '../../registry/registry.js';
import { isClassification } from '../labels.js';
import { releasableSet, releasesToEveryone, type CommunityResolver } from '../releasability.js';
import { TLP_LEVELS, type Tlp } from '../stix/marking.js';
import { isObj } from '../stix/checks.js';

/**
 * How MISP's sharing model maps to Tahaluf's confidentiality labels, and back.
 *
 * MISP distribution levels: 0 your organisation only, 1 this community only, 2 connected communities,
 * 3 all communities, 4 a sharing group (named by its uuid), 5 inherit (attributes: the event's level).
 * A label map names, per level (and per sharing group uuid), the "Releasable to" entries of the label an
 * imported object gets. Rules that keep a label never wider than its MISP distribution:
 * - level 0 maps to the importing member alone (an empty list), always;
 * - the levels are nested: what level k releases to (resolved on the import day) is inside what level
 *   k+1 releases to, and each sharing group inside level 3;
 * - an attribute's label is the intersection of its own level's, its object's and its event's;
 * - a level or sharing group the map does not name is refused with an error naming it;
 * - TLP caps: `tlp:red` and `tlp:amber+strict` narrow to the importing member alone by default.
 *
 * `$COLLECTION` in a list stands for the community of the collection imported into (the default map
 * maps levels 1-3 to it: a member importing into a collection declares that community its MISP community).
 */
export interface LabelMap {
  classification: Classification;
  distribution: Partial<Record<'0' | '1' | '2' | '3', string[]>>;
  sharingGroups: Record<string, string[]>;
  tlpCaps: Partial<Record<Tlp, string[]>>;
  /** Where the map was read (its file, or `labelMap` in a request): errors found later name it. */
  source?: string;
}

export const COLLECTION_TOKEN = '$COLLECTION';
export const LEVEL_NAMES = [
  'your organisation only',
  'this community only',
  'connected communities',
  'all communities',
  'sharing group',
  'inherit',
];

export const DEFAULT_LABEL_MAP: LabelMap = {
  classification: 'RESTRICTED',
  distribution: {
    '0': [],
    '1': [COLLECTION_TOKEN],
    '2': [COLLECTION_TOKEN],
    '3': [COLLECTION_TOKEN],
  },
  sharingGroups: {},
  tlpCaps: { red: [], 'amber+strict': [] },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and checks a label map file; every problem is one sentence naming the file and the key. */
export function readLabelMap(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw labelMapError(file, '', `is not JSON: ${messageOf(e)}`);
  }
}

/**
 * A problem in a label map: `field` is the JSON pointer of the bad value in the map (`/distribution/1`),
 * the message names the map (its file) and the pointer; details as a MISP document's errors
 * (`document` 'labelMap', `pointer`, `reason`) so the HTTP route names it `body/labelMap/…`.
 */
export const labelMapError = (where: string, pointer: string, reason: string) =>
  badInput(pointer || where, `${where}${pointer ? `#${pointer}` : ''}: ${reason}`, {
    document: 'labelMap',
    file: where,
    pointer,
    reason,
  });
const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Checks the form of a label map (entries name states or alliances); nesting is checked by `resolveLabelMap`. */
export function parseLabelMap(raw: unknown, registry: Registry, where = 'label map'): LabelMap {
  const bad = (m: string, pointer = '') => labelMapError(where, pointer, m);
  if (!isObj(raw)) throw bad('must be a JSON object');
  for (const k of Object.keys(raw))
    if (!['classification', 'distribution', 'sharingGroups', 'tlpCaps'].includes(k))
      throw bad(
        `unknown key '${k}' (expected classification, distribution, sharingGroups, tlpCaps)`,
        `/${esc(k)}`,
      );
  const list = (v: unknown, key: string, pointer: string): string[] => {
    if (!Array.isArray(v)) throw bad(`${key} must be a list of states or alliances`, pointer);
    return v.map((e, i) => {
      if (typeof e !== 'string') throw bad(`${key} must be a list of strings`, `${pointer}/${i}`);
      if (e !== COLLECTION_TOKEN && !registry.state(e) && !registry.allianceNamed(e))
        throw bad(
          `${key}: '${e}' is neither a state nor an alliance (nor ${COLLECTION_TOKEN})`,
          `${pointer}/${i}`,
        );
      return e;
    });
  };
  const classification = raw.classification ?? DEFAULT_LABEL_MAP.classification;
  if (!isClassification(classification))
    throw bad(`classification must be one of ${CLASSIFICATIONS.join(', ')}`, '/classification');
  const distribution: LabelMap['distribution'] = {};
  if (raw.distribution !== undefined) {
    if (!isObj(raw.distribution))
      throw bad('distribution must be an object keyed 0-3', '/distribution');
    for (const [k, v] of Object.entries(raw.distribution)) {
      if (k !== '0' && k !== '1' && k !== '2' && k !== '3')
        throw bad(
          `distribution key '${k}' is not 0, 1, 2 or 3 (sharing groups go in sharingGroups by uuid; 5 inherits)`,
          `/distribution/${esc(k)}`,
        );
      distribution[k] = list(v, `distribution.${k}`, `/distribution/${k}`);
    }
  } else Object.assign(distribution, DEFAULT_LABEL_MAP.distribution);
  if (distribution['0'] && distribution['0'].length)
    throw bad(
      'distribution.0 (your organisation only) must be [] — it releases to the importing member alone',
      '/distribution/0',
    );
  const sharingGroups: Record<string, string[]> = {};
  if (raw.sharingGroups !== undefined) {
    if (!isObj(raw.sharingGroups))
      throw bad('sharingGroups must be an object keyed by uuid', '/sharingGroups');
    for (const [k, v] of Object.entries(raw.sharingGroups)) {
      if (!UUID.test(k))
        throw bad(`sharingGroups key '${k}' is not a uuid`, `/sharingGroups/${esc(k)}`);
      sharingGroups[k.toLowerCase()] = list(v, `sharingGroups.${k}`, `/sharingGroups/${k}`);
    }
  }
  const tlpCaps: LabelMap['tlpCaps'] = { ...DEFAULT_LABEL_MAP.tlpCaps };
  if (raw.tlpCaps !== undefined) {
    if (!isObj(raw.tlpCaps)) throw bad('tlpCaps must be an object keyed by TLP level', '/tlpCaps');
    for (const [k, v] of Object.entries(raw.tlpCaps)) {
      const level = TLP_LEVELS.find((t) => t === k);
      if (!level)
        throw bad(
          `tlpCaps key '${k}' is not one of ${TLP_LEVELS.join(', ')}`,
          `/tlpCaps/${esc(k)}`,
        );
      tlpCaps[level] = list(v, `tlpCaps.${k}`, `/tlpCaps/${esc(k)}`);
    }
  }
  return { classification, distribution, sharingGroups, tlpCaps, source: where };
}

/** A label map with `$COLLECTION` replaced, checked for nesting on `day`. */
export interface ResolvedMap {
  map: LabelMap;
  /** The states a list releases to on the day, the originator included. */
  reach(list: string[]): Set<string>;
}

export function resolveLabelMap(
  map: LabelMap,
  community: string,
  originator: string,
  day: string,
  resolve: CommunityResolver,
): ResolvedMap {
  const where = map.source ?? 'label map';
  const sub = (l: string[]) =>
    [...new Set(l.map((e) => (e === COLLECTION_TOKEN ? community : e)))].sort();
  const out: LabelMap = {
    source: map.source,
    classification: map.classification,
    distribution: Object.fromEntries(Object.entries(map.distribution).map(([k, v]) => [k, sub(v)])),
    sharingGroups: Object.fromEntries(
      Object.entries(map.sharingGroups).map(([k, v]) => [k, sub(v)]),
    ),
    tlpCaps: Object.fromEntries(Object.entries(map.tlpCaps).map(([k, v]) => [k, sub(v)])),
  };
  const reach = (list: string[]) => releasableSet({ originator, releasableTo: list }, day, resolve);
  const within = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));
  const levels = (['0', '1', '2', '3'] as const).filter((k) => out.distribution[k]);
  for (let i = 1; i < levels.length; i++) {
    const lo = levels[i - 1];
    const hi = levels[i];
    const a = reach(out.distribution[lo] ?? []);
    const b = reach(out.distribution[hi] ?? []);
    if (!within(a, b))
      throw labelMapError(
        where,
        `/distribution/${lo}`,
        `distribution.${lo} (${LEVEL_NAMES[Number(lo)]}) releases to ${[...a].filter((x) => !b.has(x)).join(', ')}, which distribution.${hi} (${LEVEL_NAMES[Number(hi)]}) does not: a narrower MISP level may not map wider`,
      );
  }
  const all = out.distribution['3'];
  if (all)
    for (const [sg, l] of Object.entries(out.sharingGroups)) {
      const a = reach(l);
      const b = reach(all);
      if (!within(a, b))
        throw labelMapError(
          where,
          `/sharingGroups/${sg}`,
          `sharing group ${sg} releases to ${[...a].filter((x) => !b.has(x)).join(', ')}, outside distribution.3 (all communities)`,
        );
    }
  return { map: out, reach };
}

/**
 * The entries of a MISP level (or sharing group); when the map has none, the sentence saying so (the
 * caller names the place in the MISP document).
 */
export function entriesOf(
  rm: ResolvedMap,
  level: number,
  sharingGroup: string | null,
): string[] | string {
  if (level === 4) {
    const l = sharingGroup ? rm.map.sharingGroups[sharingGroup.toLowerCase()] : undefined;
    return (
      l ??
      `distribution 4 (sharing group ${sharingGroup ?? 'without a uuid'}) has no mapping: add "sharingGroups": {"${sharingGroup ?? '<uuid>'}": [...]} to the label map`
    );
  }
  const key = String(level);
  const l =
    key === '0' || key === '1' || key === '2' || key === '3' ? rm.map.distribution[key] : undefined;
  return (
    l ??
    `distribution ${level} (${LEVEL_NAMES[level] ?? 'unknown'}) has no mapping in the label map`
  );
}

/**
 * The narrower of two entry lists: one of them when its reach is inside the other's, else the common states.
 * A list released to everyone (an attack-pattern's label may be: `ALL`) is read as releasability reads it,
 * wider than any other; its reach alone would count only the states it names.
 */
export function narrower(rm: ResolvedMap, a: string[], b: string[]): string[] {
  if (releasesToEveryone(b)) return a;
  if (releasesToEveryone(a)) return b;
  const ra = rm.reach(a);
  const rb = rm.reach(b);
  if ([...ra].every((x) => rb.has(x))) return a;
  if ([...rb].every((x) => ra.has(x))) return b;
  return [...ra].filter((x) => rb.has(x)).sort();
}

/**
 * Export: the widest MISP level whose mapping reaches no state outside `reach` (what the label releases
 * to today), or a sharing group that does; 0 when none does. Never wider than the label.
 */
export function distributionOf(
  rm: ResolvedMap,
  releasableTo: string[],
  labelReach: Set<string>,
): { distribution: number; sharingGroup: string | null } {
  if (!releasableTo.length) return { distribution: 0, sharingGroup: null };
  const inside = (l: string[]) => [...rm.reach(l)].every((x) => labelReach.has(x));
  for (const k of ['3', '2', '1'] as const) {
    const l = rm.map.distribution[k];
    if (l && inside(l)) return { distribution: Number(k), sharingGroup: null };
  }
  for (const [sg, l] of Object.entries(rm.map.sharingGroups))
    if (inside(l)) return { distribution: 4, sharingGroup: sg };
  return { distribution: 0, sharingGroup: null };
}
