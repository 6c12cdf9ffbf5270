/**
 * Invalid STIX 2.1 objects, one or more per rule of the specification text that the JSON schemas do not
 * state (#19.3). Written by hand for Tahaluf's tests, each with the rule it breaks and a valid twin that
 * differs only in the offending value (so a test shows the rule, not some other defect, refuses it).
 */
import { EXAMPLES } from './examples.js';

const byId = (id: string): Record<string, unknown> => {
  const e = EXAMPLES.find((x) => x.id === id);
  if (!e) throw new Error(`no example ${id}`);
  return structuredClone(e);
};
const PE_FILE = 'file--e277603e-1060-5ad4-9937-c26c97f1ca68';
const DIRECTORY = 'directory--93c0a9b0-520d-545d-9094-1a08ddf46b05';
const LANGUAGE_CONTENT = 'language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d';
const INDICATOR = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  indicator_types: ['malicious-activity'],
  name: 'corpus indicator',
  pattern_type: 'stix',
  valid_from: '2016-01-01T00:00:00Z',
};
const pe = (timeDateStamp: string) => {
  const o = byId(PE_FILE);
  (o.extensions as Record<string, Record<string, unknown>>)[
    'windows-pebinary-ext'
  ].time_date_stamp = timeDateStamp;
  return o;
};
const customExt = (when: string) => ({
  ...byId(PE_FILE),
  extensions: {
    'extension-definition--3c1d7f0e-6a2b-4c59-8e13-95f0d2b7a641': {
      extension_type: 'property-extension',
      creation_time: when,
    },
  },
});
const lc = (key: string) => ({ ...byId(LANGUAGE_CONTENT), contents: { [key]: { name: 'x' } } });
const withLang = (lang: string) => ({ ...INDICATOR, pattern: "[file:name = 'a']", lang });
const dirEnc = (enc: string) => ({ ...byId(DIRECTORY), path_enc: enc });
const pattern = (p: string) => ({ ...INDICATOR, pattern: p });
const H = (n: number) => 'a'.repeat(n);

export interface InvalidCase {
  rule: string;
  /** What the case shows is refused. */
  name: string;
  invalid: Record<string, unknown>;
  /** The same object with the offending value corrected. */
  valid: Record<string, unknown>;
  /** The message (or part of it) the refusal names. */
  message: RegExp;
}

export const INVALID_CORPUS: InvalidCase[] = [
  // Timestamps name real days, inside extensions too.
  ...['2016-11-31T00:00:00Z', '2015-02-29T12:00:00Z', '2016-04-31T00:00:00Z'].map((t) => ({
    rule: 'calendar-valid timestamps in extensions',
    name: `predefined extension time_date_stamp ${t}`,
    invalid: pe(t),
    valid: pe('2016-02-29T00:00:00Z'),
    message: /not a real calendar date/,
  })),
  {
    rule: 'calendar-valid timestamps in extensions',
    name: 'property extension creation_time 2016-11-31',
    invalid: customExt('2016-11-31T08:00:00.000Z'),
    valid: customExt('2016-11-30T08:00:00.000Z'),
    message: /not a real calendar date/,
  },
  // *_enc: IANA character set names (preferred MIME name where there is one).
  ...['utf8', 'latin1', 'cp1252', 'ISO_8859-1:1987', 'UTF_8', 'unicode'].map((enc) => ({
    rule: 'IANA character set names',
    name: `path_enc ${enc}`,
    invalid: dirEnc(enc),
    valid: dirEnc('windows-1252'),
    message: /not a character set name of the IANA registry/,
  })),
  // language-content keys and lang: RFC 5646 tags.
  ...['germanlanguage', 'de_DE', 'e', 'en-', 'x', 'de-DE-1', 'toolongtag-de'].map((k) => ({
    rule: 'RFC 5646 language tags',
    name: `contents key ${k}`,
    invalid: lc(k),
    valid: lc('de-CH-1996'),
    message: /RFC 5646 language tag/,
  })),
  {
    rule: 'RFC 5646 language tags',
    name: 'lang en_US',
    invalid: withLang('en_US'),
    valid: withLang('en-US'),
    message: /RFC 5646 language tag/,
  },
  // SCOs without ID contributing properties present: UUIDv4.
  {
    rule: 'UUIDv4 for non-deterministic observables',
    name: 'process with a UUIDv5 id',
    invalid: {
      type: 'process',
      spec_version: '2.1',
      id: 'process--f52a906a-0dfc-50bd-92f1-e7778ead38a9',
      pid: 7,
    },
    valid: {
      type: 'process',
      spec_version: '2.1',
      id: 'process--f52a906a-0dfc-40bd-92f1-e7778ead38a9',
      pid: 7,
    },
    message: /must be a UUIDv4/,
  },
  {
    rule: 'UUIDv4 for non-deterministic observables',
    name: 'email-message with none of from_ref/subject/body and a UUIDv5 id',
    invalid: {
      type: 'email-message',
      spec_version: '2.1',
      id: 'email-message--0b3ff0a3-2d4c-5a5e-9f0c-1b2c3d4e5f60',
      is_multipart: false,
    },
    valid: {
      type: 'email-message',
      spec_version: '2.1',
      id: 'email-message--0b3ff0a3-2d4c-4a5e-9f0c-1b2c3d4e5f60',
      is_multipart: false,
    },
    message: /must be a UUIDv4/,
  },
  // Patterns against the object model: values valid for the property compared.
  ...(
    [
      ["[file:hashes.'SHA-256' = '%']", H(63), H(64)],
      ["[file:hashes.'SHA-256' = '%']", H(40), H(64)],
      ["[file:hashes.MD5 = '%']", H(31), H(32)],
      ["[file:hashes.'SHA-1' = '%']", 'zz' + H(38), H(40)],
      ["[file:hashes.'SHA-512' = '%']", H(64), H(128)],
      [`[artifact:hashes.'SHA-256' IN ('%', '${H(64)}')]`, H(65), H(64)],
      ["[x509-certificate:hashes.'SHA-1' = '%']", H(41), H(40)],
      ["[ipv4-addr:value = '%']", '300.1.2.3', '198.51.100.3'],
      ["[ipv4-addr:value ISSUBSET '%']", '198.51.100.0/33', '198.51.100.0/24'],
      ["[ipv6-addr:value = '%']", '2001:db8::zz', '2001:db8::1'],
      ['[network-traffic:dst_port = %]', '70000', '443'],
      ["[network-traffic:dst_port = '%']", '443', null],
      ['[file:size = %]', '-1', '1'],
      ["[autonomous-system:number = '%']", '15139', null],
      ["[email-message:is_multipart = '%']", 'true', null],
      ["[url:value = '%']", 'not a url', 'https://example.com/a'],
      ["[email-addr:value = '%']", 'not an address', 'a@example.com'],
    ] as [string, string, string | null][]
  ).map(([p, bad, good]) => ({
    rule: 'patterns checked against the object model',
    name: p.replace('%', bad),
    invalid: pattern(p.replace('%', bad)),
    // A quoted value where a number or boolean belongs: the valid twin writes the literal unquoted.
    valid: pattern(good === null ? p.replace("'%'", bad) : p.replace('%', good)),
    message: /object model rules out/,
  })),
  ...[
    "[file:nmae = 'x']",
    "[ipv4-addr:address = '198.51.100.1']",
    "[network-traffic:src = '198.51.100.1']",
  ].map((p) => ({
    rule: 'patterns checked against the object model',
    name: `no such property: ${p}`,
    invalid: pattern(p),
    valid: pattern(p.replace(/:[a-z_]+ /, ':x_custom ')),
    message: /has no property/,
  })),
];
