import {
  applyShape,
  arr,
  atLeastOne,
  bool,
  dictionary,
  fail,
  has,
  ident,
  int,
  isObj,
  list,
  num,
  str,
  strIn,
  strings,
  timestamp,
  type Check,
  type Shape,
} from './checks.js';
import { coreShape, killChainPhase } from './common.js';

/** STIX Domain Objects (section 4) and Relationship Objects (section 5): their own properties. */
const kcp = list(killChainPhase);
const refs = list(ident());
const software = ident(['software']);

/** observed-data object_refs: SCOs and SROs only (4.14). */
const OBSERVED_PREFIXES = [
  'autonomous-system--',
  'directory--',
  'domain-name--',
  'email-addr--',
  'email-message--',
  'file--',
  'ipv4-addr--',
  'ipv6-addr--',
  'mac-addr--',
  'mutex--',
  'network-traffic--',
  'process--',
  'software--',
  'url--',
  'user-account--',
  'windows-registry-key--',
  'x509-certificate--',
  'relationship--',
  'sighting--',
];
const observedRef: Check = (v, p, out) => {
  if (typeof v !== 'string') return fail(out, p, 'must be a string');
  if (OBSERVED_PREFIXES.some((x) => v.startsWith(x))) return;
  const inner: typeof out = [];
  ident()(v, p, inner);
  if (inner.length) return fail(out, p, 'must be an identifier');
  if (SDO_TYPES_LIST.some((t) => v.startsWith(t)))
    fail(out, p, 'must reference a cyber-observable or relationship, not a domain object');
};

const NOT_RELATABLE = [
  'relationship',
  'sighting',
  'bundle',
  'marking-definition',
  'language-content',
];

/** Each SDO, SRO and meta type's own properties; a type listed below without a shape is a compile error. */
const SHAPES = {
  'attack-pattern': {
    required: ['name'],
    props: { name: str, description: str, aliases: arr(str), kill_chain_phases: kcp },
  },
  campaign: {
    required: ['name'],
    props: {
      name: str,
      description: str,
      aliases: strings,
      first_seen: timestamp,
      last_seen: timestamp,
      objective: str,
    },
  },
  'course-of-action': { required: ['name'], props: { name: str, description: str } },
  grouping: {
    required: ['context', 'object_refs'],
    props: { name: str, description: str, context: str, object_refs: refs },
  },
  identity: {
    required: ['name'],
    props: {
      name: str,
      description: str,
      roles: strings,
      identity_class: str,
      sectors: strings,
      contact_information: str,
    },
  },
  incident: { required: ['name'], props: { name: str, description: str } },
  indicator: {
    required: ['pattern', 'pattern_type', 'valid_from'],
    props: {
      name: str,
      description: str,
      indicator_types: strings,
      pattern: str,
      pattern_type: str,
      pattern_version: str,
      valid_from: timestamp,
      valid_until: timestamp,
      kill_chain_phases: kcp,
    },
  },
  infrastructure: {
    required: ['name'],
    props: {
      name: str,
      description: str,
      infrastructure_types: strings,
      aliases: strings,
      kill_chain_phases: kcp,
      first_seen: timestamp,
      last_seen: timestamp,
    },
  },
  'intrusion-set': {
    required: ['name'],
    props: {
      name: str,
      description: str,
      aliases: strings,
      first_seen: timestamp,
      last_seen: timestamp,
      goals: strings,
      resource_level: str,
      primary_motivation: str,
      secondary_motivations: strings,
    },
  },
  location: {
    props: {
      name: str,
      description: str,
      latitude: num(-90, 90),
      longitude: num(-180, 180),
      precision: num(),
      region: str,
      country: str,
      administrative_area: str,
      city: str,
      street_address: str,
      postal_code: str,
    },
    rules: [
      atLeastOne(['region'], ['country'], ['latitude', 'longitude']),
      (o, p, out) => {
        if (has(o, 'latitude') !== has(o, 'longitude'))
          fail(out, p, 'latitude and longitude go together');
        if (has(o, 'precision') && !(has(o, 'latitude') && has(o, 'longitude')))
          fail(out, `${p}/precision`, 'needs latitude and longitude');
      },
    ],
  },
  malware: {
    required: ['is_family'],
    props: {
      name: str,
      description: str,
      aliases: strings,
      first_seen: timestamp,
      last_seen: timestamp,
      operating_system_refs: list(software),
      architecture_execution_envs: strings,
      implementation_languages: strings,
      capabilities: strings,
      sample_refs: strings,
      malware_types: strings,
      kill_chain_phases: kcp,
      is_family: bool,
    },
    rules: [
      (o, p, out) => {
        if (o.is_family === true && !has(o, 'name'))
          fail(out, `${p}/name`, 'is required for a malware family');
      },
    ],
  },
  'malware-analysis': {
    required: ['product'],
    props: {
      product: str,
      version: str,
      configuration_version: str,
      modules: strings,
      analysis_engine_version: str,
      analysis_definition_version: str,
      submitted: timestamp,
      analysis_started: timestamp,
      analysis_ended: timestamp,
      result_name: str,
      result: str,
      host_vm_ref: software,
      operating_system_ref: software,
      installed_software_refs: list(software),
      analysis_sco_refs: refs,
      sample_ref: ident(['artifact', 'file', 'network-traffic']),
    },
    rules: [atLeastOne(['result'], ['analysis_sco_refs'])],
  },
  note: {
    required: ['content', 'object_refs'],
    props: { abstract: str, content: str, authors: strings, object_refs: refs },
  },
  'observed-data': {
    required: ['first_observed', 'last_observed', 'number_observed'],
    props: {
      first_observed: timestamp,
      last_observed: timestamp,
      number_observed: int(1, 999_999_999),
      object_refs: list(observedRef),
    },
    rules: [
      (o, p, out) => {
        if (has(o, 'objects') === has(o, 'object_refs'))
          fail(out, p, 'needs exactly one of objects (deprecated) and object_refs');
        if (has(o, 'objects')) {
          const objs = o.objects;
          if (!isObj(objs) || Object.keys(objs).length < 1)
            fail(out, `${p}/objects`, 'must be a non-empty object');
          else
            for (const [k, x] of Object.entries(objs))
              if (!isObj(x)) fail(out, `${p}/objects/${k}`, 'must be an object');
        }
      },
    ],
  },
  opinion: {
    required: ['object_refs', 'opinion'],
    props: {
      explanation: str,
      authors: strings,
      object_refs: refs,
      opinion: strIn(['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree']),
    },
  },
  report: {
    required: ['name', 'object_refs', 'published'],
    props: {
      name: str,
      description: str,
      report_types: strings,
      published: timestamp,
      object_refs: refs,
    },
  },
  'threat-actor': {
    required: ['name'],
    props: {
      name: str,
      description: str,
      threat_actor_types: strings,
      aliases: strings,
      roles: strings,
      goals: strings,
      first_seen: timestamp,
      last_seen: timestamp,
      sophistication: str,
      resource_level: str,
      primary_motivation: str,
      secondary_motivations: strings,
      personal_motivations: strings,
    },
  },
  tool: {
    required: ['name'],
    props: {
      name: str,
      description: str,
      aliases: strings,
      tool_types: strings,
      tool_version: str,
      kill_chain_phases: kcp,
    },
  },
  vulnerability: { required: ['name'], props: { name: str, description: str } },
  relationship: {
    required: ['relationship_type', 'source_ref', 'target_ref'],
    props: {
      relationship_type: (v, p, out) => {
        if (typeof v !== 'string') return fail(out, p, 'must be a string');
        if (!/^[a-z0-9-]+$/.test(v)) fail(out, p, 'must be lower-case letters, digits and -');
      },
      description: str,
      source_ref: ident(undefined, NOT_RELATABLE),
      target_ref: ident(undefined, NOT_RELATABLE),
      start_time: timestamp,
      stop_time: timestamp,
    },
  },
  sighting: {
    required: ['sighting_of_ref'],
    props: {
      first_seen: timestamp,
      last_seen: timestamp,
      count: int(0, 999_999_999),
      sighting_of_ref: ident(undefined, NOT_RELATABLE),
      observed_data_refs: list(ident(['observed-data'])),
      where_sighted_refs: list(ident(['identity', 'location'])),
      summary: bool,
    },
  },
  'language-content': {
    required: ['object_ref', 'contents'],
    props: {
      object_ref: ident(undefined, ['bundle', 'language-content']),
      object_modified: timestamp,
      contents: dictionary,
    },
  },
  'extension-definition': {
    required: ['name', 'schema', 'version', 'extension_types'],
    props: {
      name: str,
      description: str,
      schema: str,
      version: str,
      extension_types: list(
        strIn([
          'new-sdo',
          'new-sco',
          'new-sro',
          'property-extension',
          'toplevel-property-extension',
        ]),
      ),
      extension_properties: strings,
    },
    rules: [
      (o, p, out) => {
        const types = Array.isArray(o.extension_types) ? o.extension_types : [];
        if (has(o, 'extension_properties') && !types.includes('toplevel-property-extension'))
          fail(
            out,
            `${p}/extension_properties`,
            'only a toplevel-property-extension lists extension_properties',
          );
      },
    ],
  },
} satisfies Record<SdoType | SroType | 'language-content' | 'extension-definition', Shape>;

/** The shapes by type name, for lookups with any string. */
export const SDO_SHAPES: Readonly<Record<string, Shape | undefined>> = SHAPES;

/** The SDO type names (section 4), used where a reference must not point to an SDO. */
export const SDO_TYPES_LIST = [
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware-analysis',
  'malware',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
] as const;
export type SdoType = (typeof SDO_TYPES_LIST)[number];
export const SRO_TYPES: readonly string[] = ['relationship', 'sighting'] satisfies SroType[];
export type SroType = 'relationship' | 'sighting';
export const SDO_TYPES: ReadonlySet<string> = new Set(SDO_TYPES_LIST);

export const coreObjectCheck =
  (type: string): Check =>
  (v, p, out) => {
    if (!isObj(v)) return fail(out, p, 'must be an object');
    applyShape(coreShape, v, p, out);
    const own = SDO_SHAPES[type];
    if (own) applyShape(own, v, p, out);
  };
