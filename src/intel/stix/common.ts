import {
  applyShape,
  arr,
  binary,
  bool,
  fail,
  has,
  hashes,
  hex,
  ident,
  int,
  isObj,
  list,
  matching,
  nonEmptyValue,
  notMatching,
  shape,
  str,
  strIn,
  timestamp,
  timestampMillis,
  TYPE_NAME,
  uri,
  type Check,
  type Shape,
  type StixIssue,
} from './checks.js';

/** Property names (3.1 of the spec, as the JSON form states it): lower-case start; `_bin`/`_hex` names carry binary/hex. */
// Whole names: the official `^([a-z][a-z0-9_]{2,249})|id$` anchors each alternative at one end only, so `abc-X` or
// `Xid` passed as legal names.
const PROP_NAME = /^([a-z][a-z0-9_]{2,249}|id)$/;
const BIN_NAME = /^[a-z][a-z0-9_]{0,245}_bin$/;
const HEX_NAME = /^[a-z][a-z0-9_]{0,245}_hex$/;

const IS_BIN = 1;
const IS_HEX = 2;
const IS_PROP = 4;
/** What the three name patterns say of a name, memoised: objects repeat a few dozen names (bounded cache). */
const nameKinds = new Map<string, number>();
function nameKind(k: string): number {
  let kind = nameKinds.get(k);
  if (kind === undefined) {
    kind =
      (BIN_NAME.test(k) ? IS_BIN : 0) |
      (HEX_NAME.test(k) ? IS_HEX : 0) |
      (PROP_NAME.test(k) ? IS_PROP : 0);
    if (nameKinds.size >= 4096) nameKinds.clear();
    nameKinds.set(k, kind);
  }
  return kind;
}

/** Every property of an object (and of an extension) must have a legal name and a value that is not null or []. */
export const propertyNames = (o: Record<string, unknown>, p: string, out: StixIssue[]): void => {
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    const v = o[k];
    const kind = nameKind(k);
    let named = false;
    if (kind & IS_BIN) {
      named = true;
      binary(v, `${p}/${k}`, out);
    }
    if (kind & IS_HEX) {
      named = true;
      hex(v, `${p}/${k}`, out);
    }
    if (kind & IS_PROP) {
      named = true;
      if (!nonEmptyValue(v)) fail(out, `${p}/${k}`, 'must not be null or an empty list');
    }
    if (!named) fail(out, `${p}/${k}`, 'is not a legal property name');
  }
};

/** Names the specification reserves for future use (3.1): forbidden on every object. */
const RESERVED = ['severity', 'action', 'username', 'phone_numbers'];
const reserved = (o: Record<string, unknown>, p: string, out: StixIssue[]): void => {
  for (const r of RESERVED) if (has(o, r)) fail(out, `${p}/${r}`, 'is a reserved property name');
};

const CVE = /^CVE-\d{4}-(0\d{3}|[1-9]\d{3,})$/;
const CAPEC = /^CAPEC-\d+$/;
// Whole names (the official `^MD5|…|TLSH$` accepted `MD5-custom` or `not-TLSH`).
const HASH_ALGO = /^(MD5|SHA-1|SHA-256|SHA-512|SHA3-256|SHA3-512|SSDEEP|TLSH)$/;

const EXTERNAL_REFERENCE: Shape = {
  props: {
    description: str,
    url: uri,
    hashes: (h, hp, o) => {
      hashes(h, hp, o);
      if (isObj(h))
        for (const k of Object.keys(h))
          if (!HASH_ALGO.test(k))
            fail(o, `${hp}/${k}`, 'is not a hash algorithm of the vocabulary');
    },
  },
};

/** External reference (2.6): source_name required; `cve`/`capec` sources need ids of their form. */
export const externalReference: Check = (v, p, out) => {
  if (!isObj(v)) return fail(out, p, 'must be an object');
  applyShape(EXTERNAL_REFERENCE, v, p, out);
  if (!has(v, 'source_name')) return fail(out, `${p}/source_name`, 'is required');
  const src = v.source_name;
  if (typeof src !== 'string') return fail(out, `${p}/source_name`, 'must be a string');
  const id = v.external_id;
  if (has(v, 'external_id') && typeof id !== 'string')
    return fail(out, `${p}/external_id`, 'must be a string');
  if (src === 'cve' || src === 'capec') {
    const re = src === 'cve' ? CVE : CAPEC;
    if (typeof id !== 'string' || !re.test(id))
      fail(out, `${p}/external_id`, `must be a ${src.toUpperCase()} identifier`);
  } else {
    if (typeof id === 'string' && (CVE.test(id) || CAPEC.test(id)))
      fail(out, `${p}/external_id`, 'a CVE or CAPEC identifier needs source_name cve or capec');
    if (!has(v, 'external_id') && !has(v, 'description') && !has(v, 'url'))
      fail(out, p, 'needs external_id, description or url');
  }
};

const SELECTOR = /^([a-z0-9_-]{3,249}(\.(\[\d+\]|[a-z0-9_-]{1,250}))*|id)$/;
export const granularMarking: Check = shape({
  required: ['selectors', 'marking_ref'],
  props: {
    selectors: list(matching(SELECTOR, 'a selector')),
    lang: str,
    marking_ref: ident(['marking-definition']),
  },
});

export const killChainPhase: Check = shape({
  required: ['kill_chain_name', 'phase_name'],
  props: { kill_chain_name: str, phase_name: str },
});

export const EXTENSION_TYPES = [
  'new-sdo',
  'new-sco',
  'new-sro',
  'property-extension',
  'toplevel-property-extension',
] as const;
const EXT_DEF_KEY =
  /^extension-definition--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const PREDEFINED_EXT_KEY = /^([a-z][a-z0-9]*)+(-[a-z0-9]+)*-ext$/;

/** An extension instance named by its extension-definition id (7.3). */
export const extensionInstance: Check = (v, p, out) => {
  if (!isObj(v)) return fail(out, p, 'must be an object');
  if (Object.keys(v).length < 1) fail(out, p, 'must not be empty');
  if (!has(v, 'extension_type')) fail(out, `${p}/extension_type`, 'is required');
  else strIn(EXTENSION_TYPES)(v.extension_type, `${p}/extension_type`, out);
  propertyNames(v, p, out);
};

/** The `extensions` dictionary: predefined `*-ext` keys (SCOs) and extension-definition ids. */
export const extensionsDict =
  (allowPredefined: boolean): Check =>
  (v, p, out) => {
    if (!isObj(v)) return fail(out, p, 'must be an object');
    if (Object.keys(v).length < 1) fail(out, p, 'must not be empty');
    for (const [k, x] of Object.entries(v)) {
      if (EXT_DEF_KEY.test(k)) extensionInstance(x, `${p}/${k}`, out);
      else if (allowPredefined && PREDEFINED_EXT_KEY.test(k)) {
        if (!isObj(x)) fail(out, `${p}/${k}`, 'must be an object');
        else {
          if (Object.keys(x).length < 1) fail(out, `${p}/${k}`, 'must not be empty');
          propertyNames(x, `${p}/${k}`, out);
        }
      } else fail(out, `${p}/${k}`, 'is not an extension name');
    }
  };

const typeName: Check = (v, p, out) => {
  if (typeof v !== 'string') return fail(out, p, 'must be a string');
  if (v.length < 3 || v.length > 250 || !TYPE_NAME.test(v))
    fail(out, p, 'must be 3–250 characters a-z, 0-9 and -');
  if (v === 'action') fail(out, p, "'action' is reserved");
};

/** Common properties of SDOs, SROs, language-content and extension-definition (3.2). */
export const coreShape: Shape = {
  required: ['type', 'spec_version', 'id', 'created', 'modified'],
  props: {
    type: typeName,
    spec_version: strIn(['2.0', '2.1']),
    id: ident(),
    created_by_ref: ident(),
    labels: list(str),
    created: timestampMillis,
    modified: timestampMillis,
    revoked: bool,
    confidence: int(0, 100),
    lang: str,
    external_references: list(externalReference),
    object_marking_refs: list(ident()),
    granular_markings: list(granularMarking),
    extensions: extensionsDict(true),
  },
  rules: [propertyNames, reserved],
};

/** Common properties of cyber-observable objects (3.2, 6). */
export const scoCoreShape: Shape = {
  required: ['type', 'id'],
  props: {
    type: typeName,
    spec_version: strIn(['2.0', '2.1']),
    object_marking_refs: list(ident()),
    granular_markings: list(granularMarking),
    defanged: bool,
    id: ident(),
    extensions: extensionsDict(true),
  },
  rules: [propertyNames, reserved],
};

export { arr, bool, hashes, ident, int, list, matching, notMatching, str, strIn, timestamp, uri };
