import { describe, expect, it } from 'vitest';
import { parseWarningList, WarningMatcher, type WarningList } from './warninglists.js';

// Lists written for these tests in MISP's warninglists format (name, type, list, matching_attributes).
const list = (doc: Record<string, unknown>): WarningList => parseWarningList(doc, 'test.json');

describe('warning lists: the MISP list.json format', () => {
  it('reads a list and fills the optional fields', () => {
    const l = list({ name: 'resolvers', type: 'cidr', list: [' 192.0.2.53 ', '198.51.100.0/24'] });
    expect(l).toEqual({
      name: 'resolvers',
      type: 'cidr',
      list: ['192.0.2.53', '198.51.100.0/24'],
      matchingAttributes: [],
      description: '',
      version: '',
    });
    expect(list({ name: 'x', list: ['a'], version: 3 }).type).toBe('string');
  });

  it('refuses a bad document with the file and the first problem named', () => {
    const bad = (doc: unknown) => () => parseWarningList(doc, 'lists/x/list.json');
    expect(bad([])).toThrow(/list\.json: not a JSON object/);
    expect(bad({ list: ['a'] })).toThrow(/"name" must be a non-empty string/);
    expect(bad({ name: 'x', type: 'glob', list: ['a'] })).toThrow(/"type" must be one of/);
    expect(bad({ name: 'x', list: [] })).toThrow(/"list" must be a non-empty array/);
    expect(bad({ name: 'x', list: ['a', 7] })).toThrow(/"list"\[1\] is not a non-empty string/);
    expect(bad({ name: 'x', type: 'cidr', list: ['300.1.1.1'] })).toThrow(/not an IP address/);
    expect(bad({ name: 'x', type: 'regex', list: ['('] })).toThrow(
      /not a valid regular expression/,
    );
    expect(bad({ name: 'x', type: 'regex', list: ['/a/g'] })).toThrow(/flags 'g'/);
    expect(bad({ name: 'x', list: ['a'], matching_attributes: 'ip-dst' })).toThrow(
      /"matching_attributes" must be an array/,
    );
  });
});

describe('warning lists: matching', () => {
  const matcher = new WarningMatcher([
    list({ name: 'nets', type: 'cidr', list: ['198.51.100.0/24', '2001:db8::/32', '192.0.2.9'] }),
    list({ name: 'hosts', type: 'hostname', list: ['.example.org'] }),
    list({
      name: 'exact',
      type: 'string',
      list: ['Mail@Example.NET'],
      matching_attributes: ['email-src'],
    }),
    list({ name: 'sub', type: 'substring', list: ['CDN'], matching_attributes: ['domain'] }),
    list({ name: 'rx', type: 'regex', list: ['/^d41d8cd9/i'], matching_attributes: ['md5'] }),
  ]);

  it('matches by network, host and subdomain, case rules and kind', () => {
    expect(matcher.match({ kind: 'ip', value: '198.51.100.200' })).toEqual(['nets']);
    expect(matcher.match({ kind: 'ip', value: '198.51.101.1' })).toEqual([]);
    expect(matcher.match({ kind: 'ip', value: '2001:db8:1::5' })).toEqual(['nets']);
    expect(matcher.match({ kind: 'ip', value: '192.0.2.9' })).toEqual(['nets']);
    expect(matcher.match({ kind: 'ip', value: '192.0.2.10' })).toEqual([]);
    expect(matcher.match({ kind: 'domain', value: 'a.b.example.org' })).toEqual(['hosts']);
    expect(matcher.match({ kind: 'domain', value: 'example.org.evil.test' })).toEqual([]);
    expect(matcher.match({ kind: 'url', value: 'https://www.example.org/x' })).toEqual(['hosts']);
    expect(matcher.match({ kind: 'email', value: 'mail@example.net' })).toEqual(['exact']);
    expect(matcher.match({ kind: 'domain', value: 'mycdn.test' })).toEqual(['sub']);
    // a list applies to the kinds its matching_attributes name only
    expect(matcher.match({ kind: 'url', value: 'https://mycdn.test/' })).toEqual([]);
    expect(matcher.match({ kind: 'hash', value: 'D41D8CD98F00B204E9800998ECF8427E' })).toEqual([
      'rx',
    ]);
  });
});
