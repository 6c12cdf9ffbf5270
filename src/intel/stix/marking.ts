import { keysOf } from '../../core/objects.js';
import {
  applyShape,
  fail,
  has,
  ident,
  isObj,
  list,
  str,
  strIn,
  timestamp,
  type Check,
  type Shape,
  type StixIssue,
} from './checks.js';
import { externalReference, extensionInstance, granularMarking } from './common.js';

/** The TLP 2.0 extension definition (FIRST TLP 2.0 in STIX, published by OASIS CTI). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
export const TLP2_CREATED = '2022-10-01T00:00:00.000Z';

export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
export const TLP_LEVELS: readonly Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/** Fixed ids of the official TLP 2.0 marking-definition objects. */
export const TLP2_IDS: Record<Tlp, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};
export const TLP_BY_ID = new Map<string, Tlp>(
  keysOf(TLP2_IDS).map((level) => [TLP2_IDS[level], level]),
);

/** The official TLP 2.0 marking-definition object for a level. */
export function tlpMarking(level: Tlp): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_IDS[level],
    created: TLP2_CREATED,
    name: `TLP:${level.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
  };
}

/** TLP 1.0 markings as STIX 2.1 (7.2.1.4) defines them: fixed ids, names, definitions and creation time. */
const TLP1: Record<string, { name: string; tlp: string }> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': { name: 'TLP:WHITE', tlp: 'white' },
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': { name: 'TLP:GREEN', tlp: 'green' },
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': { name: 'TLP:AMBER', tlp: 'amber' },
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': { name: 'TLP:RED', tlp: 'red' },
};
const TLP1_KEYS = new Set([
  'type',
  'id',
  'spec_version',
  'name',
  'created',
  'definition',
  'definition_type',
]);

const EXT_DEF_KEY =
  /^extension-definition--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const markingExtensions: Check = (v, p, out) => {
  if (!isObj(v)) return fail(out, p, 'must be an object');
  if (Object.keys(v).length < 1) fail(out, p, 'must not be empty');
  for (const [k, x] of Object.entries(v)) {
    if (EXT_DEF_KEY.test(k)) extensionInstance(x, `${p}/${k}`, out);
    else fail(out, `${p}/${k}`, 'a marking definition takes only extension-definition extensions');
  }
};

const MARKING_DEFINITION: Shape = {
  props: {
    type: strIn(['marking-definition']),
    spec_version: strIn(['2.0', '2.1']),
    name: str,
    created_by_ref: ident(),
    created: timestamp,
    external_references: list(externalReference),
    object_marking_refs: list(ident(['marking-definition'])),
    granular_markings: list(granularMarking),
    extensions: markingExtensions,
  },
};

/** Marking definition (7.2): a statement, a TLP 1.0 marking, or one defined by an extension (TLP 2.0). */
export const markingDefinition: Check = (v, p, out) => {
  if (!isObj(v)) return fail(out, p, 'must be an object');
  applyShape(MARKING_DEFINITION, v, p, out);
  const dt = v.definition_type;
  if (dt === 'tlp') return tlp1(v, p, out);
  for (const r of ['id', 'type', 'spec_version', 'created'])
    if (!has(v, r)) fail(out, `${p}/${r}`, 'is required');
  if (has(v, 'id')) ident(['marking-definition'])(v.id, `${p}/id`, out);
  if (!has(v, 'extensions'))
    for (const r of ['definition', 'definition_type'])
      if (!has(v, r)) fail(out, `${p}/${r}`, 'is required');
  if (dt === 'statement') {
    if (!has(v, 'definition')) return;
    const d = v.definition;
    if (!isObj(d) || typeof d.statement !== 'string')
      fail(out, `${p}/definition/statement`, 'a statement marking needs a statement string');
  } else if (has(v, 'definition_type')) {
    // Any other definition type is open (statement and tlp are handled above; the official schema's
    // `^(statement)|(tlp)$` also refused `statement-v2` or `x-tlp`, which are not these two).
    if (typeof dt !== 'string') fail(out, `${p}/definition_type`, 'must be a string');
    if (has(v, 'definition') && !isObj(v.definition))
      fail(out, `${p}/definition`, 'must be an object');
  } else if (has(v, 'definition') && !isObj(v.definition))
    fail(out, `${p}/definition`, 'must be an object');
};

function tlp1(v: Record<string, unknown>, p: string, out: StixIssue[]): void {
  for (const k of Object.keys(v))
    if (!TLP1_KEYS.has(k)) fail(out, `${p}/${k}`, 'a TLP 1.0 marking has no other properties');
  for (const r of TLP1_KEYS) if (!has(v, r)) fail(out, `${p}/${r}`, 'is required');
  if (has(v, 'id') && typeof v.id !== 'string') fail(out, `${p}/id`, 'must be a string');
  if (has(v, 'spec_version') && v.spec_version !== '2.1')
    fail(out, `${p}/spec_version`, 'must be 2.1');
  if (has(v, 'name') && typeof v.name !== 'string') fail(out, `${p}/name`, 'must be a string');
  if (has(v, 'created') && v.created !== '2017-01-20T00:00:00.000Z')
    fail(out, `${p}/created`, 'a TLP 1.0 marking was created 2017-01-20T00:00:00.000Z');
  if (has(v, 'definition') && !isObj(v.definition))
    fail(out, `${p}/definition`, 'must be an object');
  const known = typeof v.id === 'string' ? TLP1[v.id] : undefined;
  if (!known) return fail(out, `${p}/id`, 'is not one of the four TLP 1.0 marking ids');
  if (has(v, 'name') && v.name !== known.name) fail(out, `${p}/name`, `must be ${known.name}`);
  const d = v.definition;
  if (isObj(d) && has(d, 'tlp') && d.tlp !== known.tlp)
    fail(out, `${p}/definition/tlp`, `must be ${known.tlp}`);
}

/** Spec rule beyond the JSON form: an object using an official TLP 2.0 id must be that exact object. */
export function tlp2Issues(v: Record<string, unknown>, p: string, out: StixIssue[]): void {
  const level = typeof v.id === 'string' ? TLP_BY_ID.get(v.id) : undefined;
  if (!level) return;
  const official = tlpMarking(level);
  if (JSON.stringify(sortKeys(v)) !== JSON.stringify(sortKeys(official)))
    fail(
      out,
      p,
      `the official TLP:${level.toUpperCase()} marking-definition may not be altered`,
      'spec',
    );
}

const sortKeys = (v: unknown): unknown =>
  isObj(v)
    ? Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys(v[k])]),
      )
    : Array.isArray(v)
      ? v.map(sortKeys)
      : v;
