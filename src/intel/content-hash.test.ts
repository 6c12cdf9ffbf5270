import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../core/canonical-json.js';
import { canonicalText, contentHash } from './content-hash.js';

describe('content hash', () => {
  it('canonicalText equals core canonicalJson on random JSON values (stored hashes stay comparable)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => { expect(canonicalText(v)).toBe(canonicalJson(v)); }), { numRuns: 2000 });
    const odd = { b: undefined, a: [1, undefined, { z: 'é\u2028"', y: null }], '\u00e9': -0 };
    expect(canonicalText(odd)).toBe(canonicalJson(odd));
    expect(() => canonicalText({ x: Infinity })).toThrow();
  });
  it('ignores key order, not content', () => {
    expect(contentHash({ a: 1, b: [2, { c: 3, d: 4 }] })).toBe(contentHash({ b: [2, { d: 4, c: 3 }], a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});
