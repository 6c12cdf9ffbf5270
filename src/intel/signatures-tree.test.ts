import { describe, expect, it } from 'vitest';
import { generateEd25519, keyId, signEd25519 } from '../core/crypto.js';
import {
  inclusionProof,
  leafHashOfText,
  nodeHash,
  rootHash,
  toBase64,
  verifyInclusion,
  type Hash,
} from '../core/merkle.js';
import { checkSignature, objectLeaf, provenByTree, signObjects, treeLevels } from './signatures.js';

/**
 * Whole signed trees proven together on ingest (#19 signed-ingest rate): an envelope carrying every leaf of
 * a signed tree is proven by rebuilding the tree once; anything else (an altered object, a wrong path, a
 * partial tree, an index twice) is left to the proof-by-proof check, which refuses what does not hold.
 */
describe('provenByTree', () => {
  const key = generateEd25519();
  const kid = keyId(key.publicKeyPem);
  const keyOf = () => ({ actor: 'QAT', publicKey: key.publicKeyPem });
  const objects = Array.from({ length: 13 }, (_, i) => ({
    type: 'indicator',
    id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `n${i}`,
  }));
  const sigs = signObjects(objects, 'QAT', kid, (m) => signEd25519(key.privateKeyPem, m));
  const items = () => objects.map((o, i) => ({ sig: { ...sigs[i] }, leaf: objectLeaf(o) }));

  it('proves every object of a complete tree, in any order, and checkSignature then holds', () => {
    const all = items();
    expect(provenByTree(all)).toEqual(new Set(all.map((_, i) => i)));
    const shuffled = [...all].reverse();
    expect(provenByTree([null, ...shuffled]).size).toBe(13);
    for (const [i, o] of objects.entries())
      expect(checkSignature(o, sigs[i], 'QAT', keyOf, new Set(), all[i].leaf, true)).toBeNull();
  });

  it('proves nothing when one object was altered; the others still verify one by one', () => {
    const all = items();
    const altered = { ...objects[5], name: 'changed' };
    all[5] = { ...all[5], leaf: objectLeaf(altered) };
    expect(provenByTree(all).size).toBe(0);
    const cache = new Set<string>();
    expect(checkSignature(altered, sigs[5], 'QAT', keyOf, cache)).toMatchObject({
      message: expect.stringMatching(/not the one QAT signed/),
    });
    expect(checkSignature(objects[4], sigs[4], 'QAT', keyOf, cache)).toBeNull();
  });

  it('does not prove an object whose carried path differs from the tree (it would not verify onward)', () => {
    const all = items();
    all[2].sig.path = [...all[2].sig.path].reverse();
    const proven = provenByTree(all);
    expect(proven.has(2)).toBe(false);
    expect(proven.size).toBe(12);
    expect(checkSignature(objects[2], all[2].sig, 'QAT', keyOf, new Set())).not.toBeNull();
  });

  it('does not prove a partial tree or one with an index given twice', () => {
    expect(provenByTree(items().slice(0, 12)).size).toBe(0);
    const twice = items();
    twice[3] = { ...twice[3], sig: { ...twice[3].sig, index: 4 } };
    expect(provenByTree(twice).size).toBe(0);
  });

  it('a tree proven is still refused by checkSignature when the root is not signed by the key', () => {
    const other = generateEd25519();
    const all = items();
    expect(provenByTree(all).size).toBe(13);
    expect(
      checkSignature(
        objects[0],
        sigs[0],
        'QAT',
        () => ({ actor: 'QAT', publicKey: other.publicKeyPem }),
        new Set(),
        all[0].leaf,
        true,
      ),
    ).toMatchObject({ message: expect.stringMatching(/does not verify/) });
  });
});

describe('treeLevels (the level-by-level tree signing and provenByTree use)', () => {
  /** MTH of RFC 9162 written as the specification states it (split at the largest power of two below n). */
  const mth = (leaves: Hash[]) => {
    const rec = (start: number, end: number): Hash => {
      if (end - start === 1) return leaves[start];
      let k = 1;
      while (k * 2 < end - start) k *= 2;
      return nodeHash(rec(start, start + k), rec(start + k, end));
    };
    return rec;
  };

  it('gives the RFC 9162 root and audit paths for every size from 1 to 70', () => {
    for (let n = 1; n <= 70; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafHashOfText(`leaf ${n}/${i}`));
      const levels = treeLevels(leaves);
      const root = rootHash(n, mth(leaves));
      expect(toBase64(levels[levels.length - 1][0])).toBe(toBase64(root));
      const sigs = signObjects(
        leaves.map((_, i) => ({ i })),
        'QAT',
        'k',
        () => 'sig',
        leaves,
      );
      for (let i = 0; i < n; i++) {
        const expected = inclusionProof(i, n, mth(leaves)).map(toBase64);
        expect(sigs[i].path).toEqual(expected);
        expect(sigs[i].root).toBe(toBase64(root));
        expect(verifyInclusion(i, n, leaves[i], inclusionProof(i, n, mth(leaves)), root)).toBe(
          true,
        );
      }
      // Every carried path equal to the specification's: the whole tree is proven.
      const proven = provenByTree(sigs.map((sig, i) => ({ sig, leaf: leaves[i] })));
      expect(proven.size).toBe(n);
    }
  });

  it('does not prove a tree whose one carried path is longer than the audit path', () => {
    const leaves = Array.from({ length: 6 }, (_, i) => leafHashOfText(`x${i}`));
    const sigs = signObjects(
      leaves.map((_, i) => ({ i })),
      'QAT',
      'k',
      () => 'sig',
      leaves,
    );
    sigs[5] = { ...sigs[5], path: [...sigs[5].path, sigs[0].root] };
    const proven = provenByTree(sigs.map((sig, i) => ({ sig, leaf: leaves[i] })));
    expect(proven.has(5)).toBe(false);
    expect(proven.size).toBe(5);
  });
});
