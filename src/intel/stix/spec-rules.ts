/**
 * Rules of the STIX 2.1 text that the JSON schemas do not state (#19.3), each reported with rule 'spec':
 * - RFC 5646 language tags: the keys of a language-content's `contents` and every `lang` property;
 * - IANA character set names for `*_enc` properties (`iana-charsets.ts`);
 * - identifiers of cyber-observables that have no ID contributing property present: UUIDv4 (2.9);
 * - calendar-valid timestamps inside extensions (a value written as a timestamp that names no real day,
 *   e.g. 2016-11-31, whatever extension holds it).
 */
import { fail, isObj, parseTimestamp, TIMESTAMP, type StixIssue } from './checks.js';
import { isIanaCharset } from './iana-charsets.js';

/**
 * RFC 5646 section 2.1 (syntax): langtag, private use, or one of the grandfathered tags. Case-insensitive.
 * Well-formedness only: whether each subtag is in the IANA language subtag registry is not checked.
 */
const LANGTAG =
  /^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?|x(?:-[a-z0-9]{1,8})+)$/i;
// prettier-ignore
const GRANDFATHERED = new Set(
  [
    'en-GB-oed', 'i-ami', 'i-bnn', 'i-default', 'i-enochian', 'i-hak', 'i-klingon', 'i-lux',
    'i-mingo', 'i-navajo', 'i-pwn', 'i-tao', 'i-tay', 'i-tsu', 'sgn-BE-FR', 'sgn-BE-NL', 'sgn-CH-DE',
    'art-lojban', 'cel-gaulish', 'no-bok', 'no-nyn', 'zh-guoyu', 'zh-hakka', 'zh-min', 'zh-min-nan',
    'zh-xiang',
  ].map((t) => t.toLowerCase()),
);
export const isLanguageTag = (s: string): boolean =>
  s.length <= 255 && (LANGTAG.test(s) || GRANDFATHERED.has(s.toLowerCase()));

/**
 * ID contributing properties per cyber-observable type (STIX 2.1 section 6, each object's text). An SCO
 * with none of them present (and `process`, which defines none) cannot have a deterministic id: 2.9
 * requires a UUIDv4 then.
 */
const ID_CONTRIBUTING: Record<string, string[]> = {
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': [
    'start',
    'end',
    'src_ref',
    'dst_ref',
    'src_port',
    'dst_port',
    'protocols',
    'extensions',
  ],
  process: [],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
};

/** Reports a rule of the specification's text. */
const specIssue = (out: StixIssue[], path: string, message: string): void =>
  fail(out, path, message, 'spec');

/** The spec rules above for one object (its form already passed the schema layer). */
export function moreSpecIssues(v: Record<string, unknown>, out: StixIssue[]): void {
  const type = typeof v.type === 'string' ? v.type : '';
  if (type === 'language-content' && isObj(v.contents))
    for (const k of Object.keys(v.contents))
      if (!isLanguageTag(k))
        specIssue(out, `/contents/${k}`, 'the key must be an RFC 5646 language tag');
  if (typeof v.lang === 'string' && !isLanguageTag(v.lang))
    specIssue(out, '/lang', 'must be an RFC 5646 language tag');
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (k.endsWith('_enc') && typeof val === 'string' && !isIanaCharset(val))
      specIssue(
        out,
        `/${k}`,
        `'${val}' is not a character set name of the IANA registry (use its preferred MIME name, e.g. UTF-8, ISO-8859-1, windows-1252)`,
      );
  }
  const contributing = ID_CONTRIBUTING[type];
  if (contributing && typeof v.id === 'string') {
    const present = contributing.some((p) => Object.prototype.hasOwnProperty.call(v, p));
    const version = v.id.charAt(v.id.indexOf('--') + 2 + 14);
    if (!present && version !== '4')
      specIssue(
        out,
        '/id',
        contributing.length
          ? `none of the ID contributing properties (${contributing.join(', ')}) is present: the identifier must be a UUIDv4`
          : `${type} has no ID contributing properties: the identifier must be a UUIDv4`,
      );
  }
  if (isObj(v.extensions)) timestampsIn(v.extensions, '/extensions', out, 0);
}

/** A string written as a timestamp that names no real instant (e.g. 2016-11-31). */
const unrealTimestamp = (v: string): boolean =>
  // TIMESTAMP needs at least 20 characters with the T at index 10: most strings are ruled out before the regex.
  v.length >= 20 && v.charCodeAt(10) === 84 && TIMESTAMP.test(v) && parseTimestamp(v) === null;

/**
 * Strings written as timestamps inside extensions must name real instants (no 31 November). A property's
 * path is written only for a value that is refused or that is descended into (most values are strings
 * that pass).
 */
function timestampsIn(v: unknown, path: string, out: StixIssue[], depth: number): void {
  if (depth > 20) return;
  if (typeof v === 'string') {
    if (unrealTimestamp(v)) fail(out, path, `'${v}' is not a real calendar date`, 'spec');
  } else if (Array.isArray(v)) v.forEach((x, i) => timestampsIn(x, `${path}/${i}`, out, depth + 1));
  else if (isObj(v))
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (typeof x !== 'string') timestampsIn(x, `${path}/${k}`, out, depth + 1);
      // The string is one level down, as if visited by a call of its own (depth + 1 ≤ 20).
      else if (depth < 20 && unrealTimestamp(x))
        fail(out, `${path}/${k}`, `'${x}' is not a real calendar date`, 'spec');
    }
}
