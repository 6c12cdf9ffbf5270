import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

/** An independent statement of the form: sorted keys, JSON.stringify's escaping, nothing else. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object')
    return value === undefined ? 'null' : JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => reference(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(obj[k])}`).join(',')}}`;
}

describe('canonical JSON', () => {
  it('equals the reference form on random JSON values (hashes in the record stay comparable)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
    const odd = {
      b: undefined,
      a: [1, undefined, { z: 'é\u2028"', y: null }],
      '\u00e9': -0,
      10: 'x',
      9: 'y',
    };
    expect(canonicalJson(odd)).toBe(
      '{"10":"x","9":"y","a":[1,null,{"y":null,"z":"é\u2028\\""}],"é":0}',
    );
    expect(canonicalJson(odd)).toBe(reference(odd));
  });
  it('parses back to an equal value and refuses non-finite numbers', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 500 },
    );
    expect(() => canonicalJson({ x: Infinity })).toThrow(/non-finite/);
    expect(() => canonicalJson([NaN])).toThrow(/non-finite/);
  });

  it('writes values it is given the canonical text of as that text (an act splices its payload)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (payload, other) => {
        const text = canonicalJson(payload);
        const outer = { b: other, payload, a: [payload, 1] };
        const known = new Map<unknown, string>([[payload, text]]);
        expect(canonicalJson(outer, known)).toBe(reference(outer));
      }),
      { numRuns: 200 },
    );
  });
});
