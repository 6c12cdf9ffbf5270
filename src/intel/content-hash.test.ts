import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash.js';

describe('content hash', () => {
  it('ignores key order, not content', () => {
    expect(contentHash({ a: 1, b: [2, { c: 3, d: 4 }] })).toBe(contentHash({ b: [2, { d: 4, c: 3 }], a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});
