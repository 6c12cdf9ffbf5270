import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alignedSubtrees,
  combineAligned,
  consistencyProof,
  inclusionProof,
  leafHash,
  leafHashOfText,
  nodeHash,
  rangeHashFromLeaves,
  rootHash,
  toHex,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle.js';

// The RFC 9162 definitions, transcribed as literally as possible (slices and recursion), as the oracle.
const sha = (...parts: Uint8Array[]): Hash => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const naiveK = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);
function naiveMth(data: Uint8Array[]): Hash {
  if (data.length === 0) return sha();
  if (data.length === 1) return sha(Uint8Array.of(0), data[0]);
  const k = naiveK(data.length);
  return sha(Uint8Array.of(1), naiveMth(data.slice(0, k)), naiveMth(data.slice(k)));
}
function naivePath(m: number, data: Uint8Array[]): Hash[] {
  if (data.length <= 1) return [];
  const k = naiveK(data.length);
  return m < k
    ? [...naivePath(m, data.slice(0, k)), naiveMth(data.slice(k))]
    : [...naivePath(m - k, data.slice(k)), naiveMth(data.slice(0, k))];
}
function naiveSubproof(m: number, data: Uint8Array[], whole: boolean): Hash[] {
  const n = data.length;
  if (m === n) return whole ? [] : [naiveMth(data)];
  const k = naiveK(n);
  return m <= k
    ? [...naiveSubproof(m, data.slice(0, k), whole), naiveMth(data.slice(k))]
    : [...naiveSubproof(m - k, data.slice(k), false), naiveMth(data.slice(0, k))];
}

const hex = (list: Hash[]): string[] => list.map(toHex);
const leavesOf = (data: Uint8Array[]): RangeHasher => rangeHashFromLeaves(data.map(leafHash));
type RangeHasher = ReturnType<typeof rangeHashFromLeaves>;

// The test leaves of the certificate-transparency reference implementation's Merkle tests.
const REFERENCE_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => new Uint8Array(Buffer.from(h, 'hex')));

describe('Merkle tree (RFC 9162 §2.1)', () => {
  it('hashes the empty tree, one leaf and a node with the 0x00 / 0x01 prefixes', () => {
    expect(toHex(rootHash(0, () => new Uint8Array()))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    // MTH({""}) = SHA-256(0x00)
    expect(toHex(leafHash(new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    const a = leafHash(Uint8Array.of(1));
    const b = leafHash(Uint8Array.of(2));
    expect(toHex(nodeHash(a, b))).toBe(toHex(sha(Uint8Array.of(1), a, b)));
    expect(toHex(nodeHash(a, b))).not.toBe(toHex(nodeHash(b, a)));
  });

  it('gives the reference root of the eight test leaves', () => {
    expect(toHex(rootHash(8, leavesOf(REFERENCE_LEAVES)))).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
  });

  it('proves each leaf of trees of 1..8 leaves, and the seven-leaf example shapes of the RFC', () => {
    for (let size = 1; size <= 8; size += 1) {
      const data = REFERENCE_LEAVES.slice(0, size);
      const hasher = leavesOf(data);
      const root = rootHash(size, hasher);
      for (let i = 0; i < size; i += 1) {
        const path = inclusionProof(i, size, hasher);
        expect(hex(path)).toEqual(hex(naivePath(i, data)));
        expect(verifyInclusion(i, size, leafHash(data[i]), path, root)).toBe(true);
      }
    }
    // RFC 9162 §2.1.5: in the 7-leaf tree, the path for d0 is [b, h, l] (three hashes), for d6 [j, k].
    const seven = leavesOf(REFERENCE_LEAVES.slice(0, 7));
    expect(inclusionProof(0, 7, seven)).toHaveLength(3);
    expect(inclusionProof(6, 7, seven)).toHaveLength(2);
    // Consistency of the 3-leaf and 7-leaf trees is [c, d, g, l]; 4 and 7 is [l]; 6 and 7 is [i, j, k].
    expect(consistencyProof(3, 7, seven)).toHaveLength(4);
    expect(consistencyProof(4, 7, seven)).toHaveLength(1);
    expect(consistencyProof(6, 7, seven)).toHaveLength(3);
  });

  it('agrees with the RFC definitions on random trees and refuses any altered proof (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 6 }), { minLength: 1, maxLength: 70 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (data, rawIndex, rawOld, flip) => {
          const size = data.length;
          const hasher = leavesOf(data);
          const root = rootHash(size, hasher);
          expect(toHex(root)).toBe(toHex(naiveMth(data)));

          const index = rawIndex % size;
          const path = inclusionProof(index, size, hasher);
          expect(hex(path)).toEqual(hex(naivePath(index, data)));
          const leaf = leafHash(data[index]);
          expect(verifyInclusion(index, size, leaf, path, root)).toBe(true);
          if (path.length > 0) {
            const bad = path.map((h) => new Uint8Array(h));
            bad[flip % bad.length][flip % 32] ^= 1;
            expect(verifyInclusion(index, size, leaf, bad, root)).toBe(false);
          }

          const oldSize = 1 + (rawOld % size);
          const proof = consistencyProof(oldSize, size, hasher);
          expect(hex(proof)).toEqual(hex(naiveSubproof(oldSize, data, true)));
          const oldRoot = naiveMth(data.slice(0, oldSize));
          expect(verifyConsistency(oldSize, size, oldRoot, root, proof)).toBe(true);
          if (proof.length > 0) {
            const bad = proof.map((h) => new Uint8Array(h));
            bad[flip % bad.length][flip % 32] ^= 1;
            expect(verifyConsistency(oldSize, size, oldRoot, root, bad)).toBe(false);
          }
          if (oldSize < size) {
            // A different old tree (one leaf changed) is not consistent with this one.
            const forked = data.slice(0, oldSize).map((d) => new Uint8Array(d));
            forked[flip % oldSize] = Uint8Array.of(...forked[flip % oldSize], 0xff);
            expect(verifyConsistency(oldSize, size, naiveMth(forked), root, proof)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('builds every range a proof asks for from aligned complete subtrees (what the store keeps)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), (size, raw) => {
        const data = Array.from({ length: size }, (_, i) => Uint8Array.of(i & 0xff, i >> 8));
        const hashes = data.map(leafHash);
        const naive = rangeHashFromLeaves(hashes);
        const fromSubtrees = (start: number, end: number): Hash =>
          combineAligned(
            alignedSubtrees(start, end).map(([level, index]) =>
              naive(index * 2 ** level, (index + 1) * 2 ** level),
            ),
          );
        const index = raw % size;
        expect(hex(inclusionProof(index, size, fromSubtrees))).toEqual(
          hex(inclusionProof(index, size, naive)),
        );
        const oldSize = 1 + (raw % size);
        expect(hex(consistencyProof(oldSize, size, fromSubtrees))).toEqual(
          hex(consistencyProof(oldSize, size, naive)),
        );
        expect(toHex(rootHash(size, fromSubtrees))).toBe(toHex(rootHash(size, naive)));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses proofs for impossible sizes', () => {
    const hasher = leavesOf(REFERENCE_LEAVES);
    expect(() => inclusionProof(8, 8, hasher)).toThrow(/outside a tree of 8/);
    expect(() => consistencyProof(0, 8, hasher)).toThrow(/from size 0/);
    expect(() => consistencyProof(9, 8, hasher)).toThrow(/from size 9 to size 8/);
    const root = rootHash(8, hasher);
    expect(verifyConsistency(8, 8, root, root, [])).toBe(true);
    expect(verifyConsistency(3, 8, root, root, [])).toBe(false);
  });

  it('hashes a text as the leaf of its UTF-8 bytes, and nodes as 0x01 || left || right (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const bytes = Buffer.from(text);
        expect(toHex(leafHashOfText(text))).toBe(toHex(sha(Uint8Array.of(0), bytes)));
        expect(toHex(leafHash(bytes))).toBe(toHex(sha(Uint8Array.of(0), bytes)));
      }),
      { numRuns: 300 },
    );
    const [a, b] = [leafHashOfText('a'), leafHashOfText('ب')];
    expect(toHex(nodeHash(a, b))).toBe(toHex(sha(Uint8Array.of(1), a, b)));
  });
});
