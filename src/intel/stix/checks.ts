/**
 * Primitive checks for STIX 2.1 values (spec section 2: data types). Each check appends issues to a
 * list instead of throwing, so one pass reports every problem of an object.
 */
export interface StixIssue {
  /** JSON-pointer-like path inside the object, e.g. `/external_references/0/url`. */
  path: string;
  message: string;
  /** 'schema': a rule the JSON form states; 'spec': a rule of the specification's text beyond it. */
  rule: 'schema' | 'spec';
}

export type Check = (value: unknown, path: string, out: StixIssue[]) => void;

export const fail = (
  out: StixIssue[],
  path: string,
  message: string,
  rule: StixIssue['rule'] = 'schema',
): void => {
  out.push({ path, message, rule });
};

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
export const has = (o: Record<string, unknown>, k: string): boolean =>
  Object.prototype.hasOwnProperty.call(o, k);

/** `type--UUID` (section 2.9); the UUID version digit 1–5 and RFC 4122 variant. */
export const IDENTIFIER =
  /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
/** RFC 3339 in UTC with `Z` (section 2.14). */
export const TIMESTAMP =
  /^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?Z$/;
const MILLIS = /T\d{2}:\d{2}:\d{2}\.\d{3,}Z$/;
export const TYPE_NAME = /^([a-z][a-z0-9]*)+(-[a-z0-9]+)*-?$/;
const BASE64 = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;
const HEX = /^([a-fA-F0-9]{2})+$/;
const URI =
  /^[a-zA-Z][a-zA-Z0-9+.-]*:(\/\/([^\s/?#@]*@)?(\[[0-9a-fA-F:.]+\]|[^\s/?#:@[\]]*)(:\d*)?)?[^\s#?]*(\?[^\s#]*)?(#[^\s]*)?$/;
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const HOST_LABEL = /^[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?$/i;

export const str: Check = (v, p, out) => {
  if (typeof v !== 'string') fail(out, p, 'must be a string');
};
export const bool: Check = (v, p, out) => {
  if (typeof v !== 'boolean') fail(out, p, 'must be a boolean');
};
export const int =
  (min?: number, max?: number): Check =>
  (v, p, out) => {
    if (!isInt(v)) return fail(out, p, 'must be an integer');
    if (min !== undefined && v < min) fail(out, p, `must be ≥ ${min}`);
    if (max !== undefined && v > max) fail(out, p, `must be ≤ ${max}`);
  };
export const num =
  (min?: number, max?: number): Check =>
  (v, p, out) => {
    if (typeof v !== 'number') return fail(out, p, 'must be a number');
    if (min !== undefined && v < min) fail(out, p, `must be ≥ ${min}`);
    if (max !== undefined && v > max) fail(out, p, `must be ≤ ${max}`);
  };
export const nul: Check = (v, p, out) => {
  if (v !== null) fail(out, p, 'must be null');
};
export const oneOfValues =
  (values: readonly unknown[]): Check =>
  (v, p, out) => {
    if (!values.includes(v)) fail(out, p, `must be one of ${values.join(', ')}`);
  };
export const strIn =
  (values: readonly string[]): Check =>
  (v, p, out) => {
    if (typeof v !== 'string') return fail(out, p, 'must be a string');
    if (!values.includes(v)) fail(out, p, `must be one of ${values.join(', ')}`);
  };
export const matching =
  (re: RegExp, what: string): Check =>
  (v, p, out) => {
    if (typeof v !== 'string') return fail(out, p, 'must be a string');
    if (!re.test(v)) fail(out, p, `must be ${what}`);
  };
export const notMatching =
  (re: RegExp, what: string): Check =>
  (v, p, out) => {
    if (typeof v !== 'string') return fail(out, p, 'must be a string');
    if (re.test(v)) fail(out, p, `must not be ${what}`);
  };

export const timestamp: Check = matching(TIMESTAMP, 'an RFC 3339 UTC timestamp ending in Z');
export const timestampMillis: Check = (v, p, out) => {
  timestamp(v, p, out);
  if (typeof v === 'string' && !MILLIS.test(v)) fail(out, p, 'must be precise to the millisecond');
};
export const binary: Check = matching(BASE64, 'base64');
export const hex: Check = matching(HEX, 'hex (pairs of hex digits)');
export const uri: Check = matching(URI, 'a URI');
export const email: Check = matching(EMAIL, 'an e-mail address');
export const hostname: Check = (v, p, out) => {
  if (typeof v !== 'string') return fail(out, p, 'must be a string');
  const trimmed = v.endsWith('.') ? v.slice(0, -1) : v;
  if (!trimmed || trimmed.length > 253 || !trimmed.split('.').every((l) => HOST_LABEL.test(l)))
    fail(out, p, 'must be a host name');
};

/** An identifier, optionally of given types (`prefixes`) or not of some (`notTypes`). */
export const ident =
  (types?: readonly string[], notTypes?: readonly string[]): Check =>
  (v, p, out) => {
    if (typeof v !== 'string') return fail(out, p, 'must be a string identifier');
    if (!IDENTIFIER.test(v)) return fail(out, p, 'must be an identifier type--UUID');
    const t = v.slice(0, v.indexOf('--'));
    if (types && !types.includes(t)) fail(out, p, `must reference ${types.join(' or ')}`);
    if (notTypes && notTypes.includes(t)) fail(out, p, `must not reference ${notTypes.join(', ')}`);
  };

export const arr =
  (item: Check | null, minItems = 0): Check =>
  (v, p, out) => {
    if (!Array.isArray(v)) return fail(out, p, 'must be a list');
    if (v.length < minItems) fail(out, p, `must have at least ${minItems} item(s)`);
    if (item) v.forEach((x, i) => item(x, `${p}/${i}`, out));
  };
export const list = (item: Check | null): Check => arr(item, 1);
export const strings: Check = list(str);

/** Any JSON value the common property rule allows: no null, no empty list. */
export const nonEmptyValue = (v: unknown): boolean =>
  v !== null && !(Array.isArray(v) && v.length === 0);

export const DICT_KEY = /^[a-zA-Z0-9_-]{0,250}$/;
/** STIX dictionary (2.7): at least one key, keys of letters, digits, `_` and `-`, no null values. */
export const dictionary: Check = (v, p, out) => {
  if (!isObj(v)) return fail(out, p, 'must be a dictionary');
  const keys = Object.keys(v);
  if (keys.length < 1) fail(out, p, 'must not be empty');
  for (const k of keys) {
    if (!DICT_KEY.test(k))
      fail(out, `${p}/${k}`, 'dictionary key has characters other than letters, digits, _ and -');
    else if (!nonEmptyValue(v[k])) fail(out, `${p}/${k}`, 'must not be null or an empty list');
  }
};

/** A dictionary whose keys matching `keyRe` must satisfy `check`; `closed` rejects other keys. */
export const typedDict =
  (entries: [RegExp, Check][], closed: boolean, base: Check | null = dictionary): Check =>
  (v, p, out) => {
    if (base) base(v, p, out);
    if (!isObj(v)) return base ? undefined : fail(out, p, 'must be an object');
    for (const [k, x] of Object.entries(v)) {
      let matched = false;
      for (const [re, c] of entries)
        if (re.test(k)) {
          matched = true;
          c(x, `${p}/${k}`, out);
        }
      if (!matched && closed) fail(out, `${p}/${k}`, 'is not an allowed key');
    }
  };

const HASH_RULES: [RegExp, RegExp][] = [
  [/^MD5$/, /^[a-fA-F0-9]{32}$/],
  [/^SHA-1$/, /^[a-fA-F0-9]{40}$/],
  [/^SHA-256$/, /^[a-fA-F0-9]{64}$/],
  [/^SHA-512$/, /^[a-fA-F0-9]{128}$/],
  [/^SHA3-256$/, /^[a-fA-F0-9]{64}$/],
  [/^SHA3-512$/, /^[a-fA-F0-9]{128}$/],
  [/^SSDEEP$/, /^[a-zA-Z0-9/+:.]{1,128}$/],
  [/^TLSH$/, /^[a-zA-Z0-9]{70}$/],
];
/** Hashes (2.5): algorithm name → hash value; known algorithms have fixed forms. */
export const hashes: Check = typedDict(
  [
    [/^[a-zA-Z0-9_-]{3,250}$/, str],
    ...HASH_RULES.map(([k, val]): [RegExp, Check] => [
      k,
      matching(val, `a valid ${k.source.slice(1, -1)} value`),
    ]),
  ],
  true,
);

/** Object with known properties, required ones and conditions over the whole object. */
export interface Shape {
  props?: Record<string, Check>;
  required?: string[];
  /** Whole-object conditions (e.g. "one of a, b"); each reports its own issues. */
  rules?: ((o: Record<string, unknown>, p: string, out: StixIssue[]) => void)[];
}

/**
 * A shape's property checks as a list, made once per shape object (shapes are module constants; every
 * object validated against one would otherwise allocate its entries again). Same order as `Object.entries`.
 */
const shapeProps = new WeakMap<Record<string, Check>, [string, Check][]>();
const propsOf = (props: Record<string, Check>): [string, Check][] => {
  let entries = shapeProps.get(props);
  if (entries === undefined) shapeProps.set(props, (entries = Object.entries(props)));
  return entries;
};

export const applyShape = (
  shape: Shape,
  o: Record<string, unknown>,
  p: string,
  out: StixIssue[],
): void => {
  if (shape.required)
    for (const r of shape.required) if (!has(o, r)) fail(out, `${p}/${r}`, 'is required');
  if (shape.props)
    for (const [k, c] of propsOf(shape.props)) if (has(o, k)) c(o[k], `${p}/${k}`, out);
  if (shape.rules) for (const r of shape.rules) r(o, p, out);
};

export const shape =
  (s: Shape): Check =>
  (v, p, out) => {
    if (!isObj(v)) return fail(out, p, 'must be an object');
    applyShape(s, v, p, out);
  };

/** Passes when the object has at least one of the property groups (a group needs all its members). */
export const atLeastOne =
  (...groups: string[][]) =>
  (o: Record<string, unknown>, p: string, out: StixIssue[]): void => {
    if (!groups.some((g) => g.every((k) => has(o, k))))
      fail(out, p, `needs at least one of ${groups.map((g) => g.join('+')).join(', ')}`);
  };

export const issuesOf = (check: Check, v: unknown, p = ''): StixIssue[] => {
  const out: StixIssue[] = [];
  check(v, p, out);
  return out;
};

/**
 * Recent answers of `parseTimestamp`, by text: an object's timestamps repeat (created and modified, the
 * label's creation time, valid_from) and each is read by more than one rule (bounded).
 */
const parsedTimestamps = new Map<string, number | null>();

/** A timestamp that names a real instant (no 30 February), as milliseconds; null otherwise. */
export function parseTimestamp(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  // Only texts of a timestamp's length are kept (a property may hold any long string).
  if (s.length > 40) return instantOf(s);
  let t = parsedTimestamps.get(s);
  if (t === undefined) {
    t = instantOf(s);
    if (parsedTimestamps.size >= 4096) parsedTimestamps.clear();
    parsedTimestamps.set(s, t);
  }
  return t;
}

function instantOf(s: string): number | null {
  if (!TIMESTAMP.test(s)) return null;
  const d = Number(s.slice(8, 10));
  if (d > 28) {
    const y = Number(s.slice(0, 4));
    const mo = Number(s.slice(5, 7));
    const last =
      mo === 2
        ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
          ? 29
          : 28
        : [4, 6, 9, 11].includes(mo)
          ? 30
          : 31;
    if (d > last) return null;
  }
  return Date.parse(
    s.charCodeAt(17) === 54 && s.charCodeAt(18) === 48 ? s.replace(/:60(\.\d+)?Z$/, ':59$1Z') : s,
  );
}
