import {
  applyShape,
  fail,
  has,
  IDENTIFIER,
  isObj,
  parseTimestamp,
  TIMESTAMP,
  type StixIssue,
} from './checks.js';
import { coreShape, scoCoreShape } from './common.js';
import { SDO_SHAPES, SDO_TYPES, SRO_TYPES } from './domain-objects.js';
import { markingDefinition, tlp2Issues } from './marking.js';
import { SCO_SHAPES, SCO_TYPES } from './observables.js';
import { parsePattern } from './pattern.js';
import { patternModelIssues } from './pattern-model.js';
import { moreSpecIssues } from './spec-rules.js';
import { refTypeIssues } from './references.js';

export type { StixIssue } from './checks.js';
export type StixObject = Record<string, unknown> & { type: string; id: string };

export type ObjectKind = 'sdo' | 'sro' | 'sco' | 'meta' | 'custom';
const META = new Set(['marking-definition', 'language-content', 'extension-definition']);

export function kindOf(type: string, obj?: Record<string, unknown>): ObjectKind {
  if (SDO_TYPES.has(type)) return 'sdo';
  if (SRO_TYPES.includes(type)) return 'sro';
  if (SCO_TYPES.has(type)) return 'sco';
  if (META.has(type)) return 'meta';
  void obj;
  return 'custom';
}

/** Rules the JSON form of STIX 2.1 states (the same decisions as the OASIS schemas). */
export function schemaIssues(v: unknown): StixIssue[] {
  const out: StixIssue[] = [];
  if (!isObj(v))
    return [{ path: '', message: 'a STIX object must be a JSON object', rule: 'schema' }];
  const type = typeof v.type === 'string' ? v.type : '';
  if (type === 'marking-definition') {
    markingDefinition(v, '', out);
    return out;
  }
  const own = SDO_SHAPES[type] ?? SCO_SHAPES[type];
  const isSco = SCO_TYPES.has(type) || (!own && !has(v, 'created') && !has(v, 'modified'));
  applyShape(isSco ? scoCoreShape : coreShape, v, '', out);
  if (own) {
    applyShape(own, v, '', out);
    if (typeof v.id === 'string' && !v.id.startsWith(`${type}--`))
      fail(out, '/id', `must start with ${type}--`);
  }
  return out;
}

const TIME_ORDER: [string, string, boolean][] = [
  ['first_seen', 'last_seen', false],
  ['valid_from', 'valid_until', true],
  ['first_observed', 'last_observed', false],
  ['start_time', 'stop_time', true],
  ['start', 'end', false],
  ['analysis_started', 'analysis_ended', false],
  ['validity_not_before', 'validity_not_after', false],
];
const SPEC_PROP_NAME = /^([a-z0-9_]{3,250}|id)$/;
/** Names already seen to pass SPEC_PROP_NAME (objects repeat a few dozen; bounded). */
const legalNames = new Set<string>();
const legalName = (k: string) => {
  if (legalNames.has(k)) return true;
  if (!SPEC_PROP_NAME.test(k)) return false;
  if (legalNames.size >= 4096) legalNames.clear();
  legalNames.add(k);
  return true;
};
const TS_KEYS = new Set([
  'created',
  'modified',
  'first_seen',
  'last_seen',
  'valid_from',
  'valid_until',
  'first_observed',
  'last_observed',
  'published',
  'start_time',
  'stop_time',
  'start',
  'end',
  'date',
  'ctime',
  'mtime',
  'atime',
  'submitted',
  'analysis_started',
  'analysis_ended',
  'object_modified',
  'created_time',
  'account_created',
  'account_expires',
  'credential_last_changed',
  'account_first_login',
  'account_last_login',
  'modified_time',
  'validity_not_before',
  'validity_not_after',
]);

/** Reports a rule of the specification's text (not stated by the JSON form). */
const specIssue = (out: StixIssue[], path: string, message: string): void =>
  fail(out, path, message, 'spec');

/** Rules of one object type that its JSON form cannot state (the spec's text), by type name. */
const TYPE_RULES: Readonly<
  Record<string, ((v: Record<string, unknown>, out: StixIssue[]) => void) | undefined>
> = {
  'marking-definition': (v, out) => tlp2Issues(v, '', out),
  indicator: (v, out) => {
    if (v.pattern_type !== 'stix' || typeof v.pattern !== 'string') return;
    // A pattern is judged by the version of the language it is written in (pattern_version; absent: the
    // object's STIX version, 2.1). A version this node has no grammar for is stored unjudged, like
    // other pattern languages.
    const version = v.pattern_version ?? '2.1';
    if (version !== '2.1' && version !== '2.0') return;
    const parsed = parsePattern(v.pattern, version);
    if (parsed.issues.length)
      specIssue(
        out,
        '/pattern',
        `is not a well-formed STIX ${version} pattern: ${parsed.issues.join('; ')}`,
      );
    else if (version === '2.1') {
      // Well formed: is each comparison possible in the 2.1 cyber-observable model (pattern-model.ts)?
      const model = patternModelIssues(parsed.comparisons);
      if (model.length)
        specIssue(
          out,
          '/pattern',
          `compares what the STIX 2.1 object model rules out: ${model.join('; ')}`,
        );
    }
  },
};

/** The specification's rules that the JSON form cannot state (sections 2, 3 and each object's text). */
export function specIssues(v: Record<string, unknown>): StixIssue[] {
  const out: StixIssue[] = [];
  const type = typeof v.type === 'string' ? v.type : '';
  const kind = kindOf(type);
  if (typeof v.id === 'string' && IDENTIFIER.test(v.id)) {
    if (!v.id.startsWith(`${type}--`))
      specIssue(out, '/id', `the identifier must start with the object's type ${type}--`);
    const version = v.id.charAt(v.id.indexOf('--') + 2 + 14);
    if (version !== '4' && version !== '5')
      specIssue(out, '/id', 'the identifier must use a UUID version 4 or 5');
  }
  if (kind !== 'sco' && (kind !== 'custom' || has(v, 'created')) && v.spec_version !== '2.1')
    specIssue(out, '/spec_version', 'must be 2.1');
  if (kind === 'sco' && has(v, 'spec_version') && v.spec_version !== '2.1')
    specIssue(out, '/spec_version', 'must be 2.1');
  const times = new Map<string, number | null>();
  for (const k of Object.keys(v)) {
    if (!legalName(k))
      specIssue(out, `/${k}`, 'property names are 3–250 characters a-z, 0-9 and _');
    if (TS_KEYS.has(k)) {
      const t = parseTimestamp(v[k]);
      times.set(k, t);
      if (t === null && typeof v[k] === 'string' && TIMESTAMP.test(v[k]))
        specIssue(out, `/${k}`, 'is not a real calendar date');
    }
  }
  const created = times.get('created') ?? null;
  const modified = times.get('modified') ?? null;
  if (created !== null && modified !== null && modified < created)
    specIssue(out, '/modified', 'must not be earlier than created');
  for (const [a, b, strict] of TIME_ORDER) {
    const ta = times.get(a) ?? null;
    const tb = times.get(b) ?? null;
    if (ta !== null && tb !== null && (strict ? tb <= ta : tb < ta))
      specIssue(out, `/${b}`, `must be ${strict ? 'later than' : 'no earlier than'} ${a}`);
  }
  TYPE_RULES[type]?.(v, out);
  moreSpecIssues(v, out);
  refTypeIssues(type, v, out);
  return out;
}

/** Every issue of one object: schema rules, and the spec's further rules when the form is right. */
export function validateObject(v: unknown): StixIssue[] {
  const issues = schemaIssues(v);
  if (isObj(v)) issues.push(...specIssues(v));
  return issues;
}

export const describeIssues = (issues: StixIssue[]): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path || '/'} ${i.message}`)
    .join('; ');

/** A bundle (8): type, id, and a list of objects; each object is judged on its own. */
export function bundleIssues(v: unknown): StixIssue[] {
  const out: StixIssue[] = [];
  if (!isObj(v)) return [{ path: '', message: 'a bundle must be a JSON object', rule: 'schema' }];
  if (v.type !== 'bundle') fail(out, '/type', "must be 'bundle'");
  if (typeof v.id !== 'string' || !IDENTIFIER.test(v.id) || !v.id.startsWith('bundle--'))
    fail(out, '/id', 'must be a bundle--UUID identifier');
  if (has(v, 'objects') && (!Array.isArray(v.objects) || v.objects.length < 1))
    fail(out, '/objects', 'must be a non-empty list');
  return out;
}
