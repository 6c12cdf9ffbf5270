import { describe, expect, it } from 'vitest';
import { validateObject } from './validate.js';
import { INVALID_CORPUS } from './testdata/invalid-corpus.js';
import { isLanguageTag } from './spec-rules.js';
import { isIanaCharset } from './iana-charsets.js';

const messages = (o: unknown) => validateObject(o).map((i) => `${i.path} ${i.message}`);

/** #19.3: every case of the hand-written corpus is refused for its rule; its corrected twin is accepted. */
describe('STIX 2.1 rules beyond the schemas: the invalid corpus', () => {
  it('covers every rule with cases', () => {
    const rules = new Set(INVALID_CORPUS.map((c) => c.rule));
    expect([...rules].sort()).toEqual([
      'IANA character set names',
      'RFC 5646 language tags',
      'UUIDv4 for non-deterministic observables',
      'calendar-valid timestamps in extensions',
      'patterns checked against the object model',
    ]);
    expect(INVALID_CORPUS.length).toBeGreaterThanOrEqual(40);
  });
  for (const c of INVALID_CORPUS)
    it(`${c.rule}: ${c.name}`, () => {
      expect(messages(c.valid), 'the valid twin').toEqual([]);
      const got = messages(c.invalid);
      expect(got.join('\n')).toMatch(c.message);
      expect(validateObject(c.invalid).every((i) => i.rule === 'spec')).toBe(true);
    });
});

describe('RFC 5646 and IANA names', () => {
  it('language tags: well-formed tags pass, others do not', () => {
    for (const t of [
      'de',
      'en-US',
      'zh-Hant-TW',
      'sr-Latn-RS',
      'es-419',
      'de-CH-1996',
      'x-private',
      'i-klingon',
      'en-a-bbb-x-a-ccc',
      'ar',
    ])
      expect(isLanguageTag(t), t).toBe(true);
    for (const t of ['', 'e', 'englishlanguage', 'en_US', 'en-', '-en', 'en--US', 'de-1'])
      expect(isLanguageTag(t), t).toBe(false);
  });
  it('character sets: registered names and preferred MIME names, any case; no aliases', () => {
    for (const n of [
      'UTF-8',
      'utf-8',
      'ISO-8859-1',
      'Shift_JIS',
      'windows-1256',
      'GB18030',
      'US-ASCII',
    ])
      expect(isIanaCharset(n), n).toBe(true);
    for (const n of ['utf8', 'latin1', 'ascii', 'cp1256', 'ISO_8859-1:1987', 'ANSI_X3.4-1968'])
      expect(isIanaCharset(n), n).toBe(false);
  });
  it('patterns that the model allows stay accepted (custom properties, references, other operators)', () => {
    for (const p of [
      "[file:hashes.'SHA-256' = '35a01331e9ad96f751278b891b6ea09699806faedfa237d40513d92ad1b7100f']",
      "[file:hashes.SHA256 = 'anything']",
      "[email-message:from_ref.value = 'a@example.com']",
      "[email-message:to_refs[*].value MATCHES '^a']",
      "[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24']",
      "[file:name LIKE '%.exe' AND file:x_custom = 1]",
      "[x-custom-object:anything = 'x']",
      "[process:extensions.'windows-process-ext'.aslr_enabled = true]",
      '[network-traffic:dst_port > 1024]',
      "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
      "[domain-name:value = 'example.com'] AND [ipv4-addr:value = '198.51.100.0/24']",
    ]) {
      const o = {
        ...INVALID_CORPUS[0].valid,
      };
      void o;
      const ind = {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        created: '2016-04-06T20:03:48.000Z',
        modified: '2016-04-06T20:03:48.000Z',
        pattern_type: 'stix',
        valid_from: '2016-01-01T00:00:00Z',
        pattern: p,
      };
      expect(messages(ind), p).toEqual([]);
    }
  });
});
