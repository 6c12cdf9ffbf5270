import { sharedPath } from '../../../test/support/shared.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { schemaIssues, specIssues, validateObject } from './validate.js';
import { EXAMPLES } from './testdata/examples.js';
import { mutations } from './testdata/mutations.js';
import { tlpMarking, TLP_LEVELS } from './marking.js';
import { labelExtensionDefinition } from '../labels.js';

// The official OASIS schemas, read from the shared standards folder in tests only (the product ships its own rules).
const ROOT = sharedPath('standards/stix2.1-json-schemas/schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({
  strict: false,
  allErrors: false,
  unicodeRegExp: false,
});
(addFormats as unknown as typeof addFormats.default)(ajv);
// ajv-formats has no idn-hostname: judge it as a host name made of labels (the same reading our validator uses).
ajv.addFormat(
  'idn-hostname',
  /^(?=.{1,253}\.?$)[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?(?:\.[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?)*\.?$/i,
);
for (const dir of ['common', 'sdos', 'sros', 'observables'])
  for (const f of readdirSync(join(ROOT, dir)))
    ajv.addSchema(JSON.parse(readFileSync(join(ROOT, dir, f), 'utf8')));

const FOLDER: Record<string, string> = {
  relationship: 'sros',
  sighting: 'sros',
  'marking-definition': 'common',
  'language-content': 'common',
  'extension-definition': 'common',
};
for (const f of readdirSync(join(ROOT, 'sdos'))) FOLDER[f.replace('.json', '')] = 'sdos';
for (const f of readdirSync(join(ROOT, 'observables')))
  FOLDER[f.replace('.json', '')] = 'observables';

/** Which official schema judges an object: its type's file, else the core (SDO-like) or cyber-observable core. */
function officialValid(o: Record<string, unknown>): boolean {
  const t = typeof o.type === 'string' ? o.type : '';
  const file = FOLDER[t]
    ? `${FOLDER[t]}/${t}.json`
    : 'created' in o || 'modified' in o
      ? 'common/core.json'
      : 'common/cyber-observable-core.json';
  const validate = ajv.getSchema(BASE + file);
  if (!validate) throw new Error(`schema ${file} not loaded`);
  return validate(o) as boolean;
}

describe('STIX 2.1 validation agrees with the official OASIS schemas', () => {
  it("accepts the label's extension-definition every collection serves (#19.5), as the schemas do", () => {
    expect(officialValid(labelExtensionDefinition)).toBe(true);
    expect(validateObject(labelExtensionDefinition)).toEqual([]);
  });

  it('accepts every example (spec examples of every object type)', () => {
    const types = new Set(EXAMPLES.map((e) => e.type));
    expect(types.size).toBeGreaterThanOrEqual(40);
    for (const e of EXAMPLES) {
      expect(officialValid(e), `official schema on ${e.id}`).toBe(true);
      expect(validateObject(e), `ours on ${e.id}`).toEqual([]);
    }
  });

  it('accepts and rejects exactly as the schemas do over systematic mutations', async () => {
    let cases = 0;
    let rejected = 0;
    const disagreements: string[] = [];
    for (const e of EXAMPLES) {
      for (const m of mutations(e)) {
        cases++;
        const official = officialValid(m);
        const ours = schemaIssues(m);
        if (!official) rejected++;
        if (official !== (ours.length === 0))
          disagreements.push(
            `${JSON.stringify(m).slice(0, 400)}\n  official=${official} ours=${JSON.stringify(ours.slice(0, 3))}`,
          );
      }
    }
    if (process.env.STIX_DUMP)
      (await import('node:fs')).writeFileSync(process.env.STIX_DUMP, disagreements.join('\n'));
    expect(disagreements.slice(0, 15).join('\n')).toBe('');
    expect(cases).toBeGreaterThan(10_000);
    expect(rejected).toBeGreaterThan(cases / 4);
  });
});

describe('STIX 2.1 rules beyond the schemas', () => {
  const indicator = EXAMPLES.find((e) => e.type === 'indicator')!;
  const rel = EXAMPLES.find((e) => e.type === 'relationship')!;
  const issue = (o: Record<string, unknown>) =>
    specIssues(o)
      .map((i) => `${i.path} ${i.message}`)
      .join('\n');

  it('modified must not precede created', () => {
    expect(issue({ ...indicator, modified: '2015-01-01T00:00:00.000Z' })).toMatch(
      /\/modified must not be earlier/,
    );
    expect(issue({ ...indicator, modified: '2017-01-01T00:00:00.000Z' })).toBe('');
  });
  it('ids are type--UUIDv4/v5 of the object type', () => {
    expect(issue({ ...indicator, id: 'indicator--8e2e2d2b-17d4-1cbf-938f-98ee46b3cd3f' })).toMatch(
      /UUID version 4 or 5/,
    );
    expect(issue({ ...indicator, id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' })).toMatch(
      /must start with the object's type/,
    );
  });
  it('timestamps name real dates and periods run forward', () => {
    expect(issue({ ...indicator, valid_from: '2016-02-30T00:00:00Z' })).toMatch(
      /real calendar date/,
    );
    expect(issue({ ...indicator, valid_until: '2015-01-01T00:00:00Z' })).toMatch(
      /valid_until must be later/,
    );
    expect(issue({ ...rel, stop_time: rel.start_time })).toMatch(/stop_time must be later/);
  });
  it('references point to the right types', () => {
    expect(
      issue({ ...indicator, created_by_ref: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b' }),
    ).toMatch(/created_by_ref must reference identity/);
    expect(
      issue({
        ...indicator,
        object_marking_refs: ['identity--e5f1b90a-d9b6-40ab-81a9-8a29df4b6b65'],
      }),
    ).toMatch(/must reference marking-definition/);
    const nt = EXAMPLES.find((e) => e.type === 'network-traffic')!;
    expect(issue({ ...nt, src_ref: 'file--e277603e-1060-5ad4-9937-c26c97f1ca68' })).toMatch(
      /src_ref must reference/,
    );
  });
  it('spec_version is 2.1 and property names are lower-case', () => {
    expect(issue({ ...indicator, spec_version: '2.0' })).toMatch(/spec_version must be 2.1/);
    expect(issue({ ...indicator, aB_c: 1 })).toMatch(/property names/);
  });
  it('official TLP 2.0 marking-definitions are fixed objects', () => {
    for (const l of TLP_LEVELS) {
      expect(validateObject(tlpMarking(l))).toEqual([]);
      expect(officialValid(tlpMarking(l))).toBe(true);
    }
    expect(issue({ ...tlpMarking('red'), name: 'TLP:GREEN' })).toMatch(/may not be altered/);
  });
  it('STIX patterns must be well formed', () => {
    expect(issue({ ...indicator, pattern: "[file:name = 'x'" })).toMatch(
      /well-formed STIX 2.1 pattern/,
    );
  });
});

describe('windows-registry-key key: the hive portion must be fully expanded (STIX 2.1 6.13.2)', () => {
  const regkey = EXAMPLES.find((e) => e.type === 'windows-registry-key')!;
  const indicator = EXAMPLES.find((e) => e.type === 'indicator')!;
  const keyIssues = (key: string) =>
    validateObject({ ...regkey, key }).map((i) => `${i.path} ${i.message}`);
  const patternIssues = (key: string) =>
    validateObject({
      ...indicator,
      pattern: `[windows-registry-key:key = '${key.replace(/\\/g, '\\\\')}']`,
    }).map((i) => `${i.path} ${i.message}`);

  it('refuses each abbreviated hive as the first segment, in any case, alone or before a backslash', () => {
    for (const hive of ['HKLM', 'HKCU', 'HKCR', 'HKU', 'HKCC'])
      for (const written of [hive, hive.toLowerCase(), hive[0] + hive.slice(1).toLowerCase()])
        for (const key of [written, `${written}\\Software\\Run`]) {
          expect(keyIssues(key), key).toEqual(['/key must not be an abbreviated hive name']);
          expect(patternIssues(key).join('\n'), key).toMatch(
            /cannot be a value of windows-registry-key:key \(must not be an abbreviated hive name\)/,
          );
        }
  });
  it('accepts a key that starts with a backslash and a segment beginning hku (\\hkupdate)', () => {
    expect(keyIssues('\\hkupdate')).toEqual([]);
    expect(patternIssues('\\hkupdate')).toEqual([]);
  });
  it('accepts an abbreviation met further in the key (not the hive portion)', () => {
    for (const key of [
      'HKEY_CURRENT_USER\\hkupdate',
      'HKEY_LOCAL_MACHINE\\Software\\HKCC',
      'HKEY_USERS\\S-1-5-21\\Software\\hklm\\x',
      'HKEY_CURRENT_USER\\Software\\Vendor\\HKCU',
    ]) {
      expect(keyIssues(key), key).toEqual([]);
      expect(patternIssues(key), key).toEqual([]);
    }
  });
  it('accepts a first segment that only begins with an abbreviation (HKUpdate, HKLMX, HKCU_old)', () => {
    for (const key of ['HKUpdate\\x', 'HKLMX\\Software', 'hkcu_old', 'HKCCache']) {
      expect(keyIssues(key), key).toEqual([]);
      expect(patternIssues(key), key).toEqual([]);
    }
  });
  it('accepts the hives written in full', () => {
    for (const hive of [
      'HKEY_LOCAL_MACHINE',
      'HKEY_CURRENT_USER',
      'HKEY_CLASSES_ROOT',
      'HKEY_USERS',
      'HKEY_CURRENT_CONFIG',
    ])
      expect(keyIssues(`${hive}\\Software`), hive).toEqual([]);
  });
  it('departs from the official schema only where its pattern anchors HKLM alone', () => {
    // The official `not: {pattern: "^HKLM|HKCC|HKCR|HKCU|HKU|hklm|…"}` matches hkcc/hku anywhere in the key.
    expect(officialValid({ ...regkey, key: 'HKEY_CURRENT_USER\\hkupdate' })).toBe(false);
    expect(officialValid({ ...regkey, key: '\\hkupdate' })).toBe(false);
    expect(schemaIssues({ ...regkey, key: '\\hkupdate' })).toEqual([]);
    // Where the key's hive portion is abbreviated, both refuse.
    expect(officialValid({ ...regkey, key: 'HKLM\\Software' })).toBe(false);
    expect(schemaIssues({ ...regkey, key: 'HKLM\\Software' })).not.toEqual([]);
  });
});

/**
 * The official schemas write several name lists as `^a|b|c$`, which anchors only the first alternative at the start
 * and the last at the end: a name merely beginning with the first or ending with the last (or containing a middle
 * one) matched. Each of our copies now matches whole names; a case per list, each bad value with a good twin.
 */
describe('anchored alternations: name lists match whole names only', () => {
  const byType = (t: string) => structuredClone(EXAMPLES.find((e) => e.type === t)!);
  const msgs = (o: Record<string, unknown>) =>
    validateObject(o).map((i) => `${i.path} ${i.message}`);
  const email = (fields: Record<string, unknown>) => ({
    ...byType('email-message'),
    additional_header_fields: fields,
  });
  const startup = (info: Record<string, unknown>) => {
    const o = byType('process');
    const ext = (o.extensions as Record<string, Record<string, unknown>>)['windows-process-ext'];
    ext.startup_info = info;
    return o;
  };
  const extRef = (hashes: Record<string, string>) => ({
    ...byType('indicator'),
    external_references: [{ source_name: 'vendor', url: 'https://example.com/r', hashes }],
  });
  const SHA256 = '6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b';

  it('email additional_header_fields: a key containing a reserved name is accepted', () => {
    for (const k of ['date_sent', 'x_subject', 'cc_refs_old', 'Reply_To', 'X-Mailer', 'subjects'])
      expect(msgs(email({ [k]: 'v' })), k).toEqual([]);
    // Before: refused as "only headers that have their own properties".
    expect(msgs(email({ date_sent: 'x', x_subject: 'y' }))).toEqual([]);
  });
  it('email additional_header_fields: each reserved name is refused, alone or beside other headers, any case', () => {
    for (const k of [
      'date',
      'subject',
      'to_refs',
      'received_lines',
      'content_type',
      'Subject',
      'DATE',
    ])
      expect(msgs(email({ [k]: 'v', 'X-Mailer': 'm' })), k).toEqual([
        `/additional_header_fields/${k} is a header that has its own property of email-message`,
      ]);
  });
  it('process startup_info: only the exact names are allowed and typed', () => {
    expect(msgs(startup({ lpDesktop: 'WinSta0', dwX: 100, cbReserved2: 0 }))).toEqual([]);
    // Names that only begin with lpDesktop / cb or end with hStdError were accepted before.
    for (const k of ['lpDesktopX', 'cbSize', 'xhStdError', 'dwXSizeY'])
      expect(msgs(startup({ [k]: 'v' })).join('\n'), k).toMatch(/is not an allowed key/);
    // cbReserved2 is judged by its own rule alone (before, also as any cb… integer).
    expect(msgs(startup({ cbReserved2: 1 })).length).toBe(1);
  });
  it('property names: a name is legal as a whole (abc-X, Xid refused; id, x_custom accepted)', () => {
    const ind = byType('indicator');
    for (const k of ['abc-X', 'abcD', 'Xid', 'a_id-x'])
      expect(
        schemaIssues({ ...ind, [k]: 'v' }).map((i) => `${i.path} ${i.message}`),
        k,
      ).toContain(`/${k} is not a legal property name`);
    expect(schemaIssues({ ...ind, x_custom: 'v', abc: 1 })).toEqual([]);
  });
  it('external reference hashes: algorithm names of the vocabulary, whole', () => {
    expect(msgs(extRef({ 'SHA-256': SHA256 }))).toEqual([]);
    for (const k of ['SHA-256-custom', 'not-TLSH', 'MD5x'])
      expect(msgs(extRef({ [k]: SHA256 })), k).toEqual([
        `/external_references/0/hashes/${k} is not a hash algorithm of the vocabulary`,
      ]);
  });
  it('marking-definition definition_type: only statement and tlp have fixed forms', () => {
    const stmt = byType('marking-definition');
    const custom = (dt: string) => ({
      ...stmt,
      id: 'marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f',
      definition_type: dt,
      definition: { text: 'x' },
    });
    delete stmt.name;
    for (const dt of ['statement-v2', 'x-tlp', 'acme-tlp'])
      expect(msgs(custom(dt)), dt).toEqual([]);
  });
});
