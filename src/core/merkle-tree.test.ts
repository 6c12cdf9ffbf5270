import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  rangeHashFromLeaves,
  rootHash,
  toHex,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle.js';
import { StoredMerkleTree, TreeFrontier, type SubtreeStore } from './merkle-tree.js';

/** Subtrees in a Map, as a database table would keep them (a row already there is kept). */
function memoryStore(): SubtreeStore & { rows: Map<string, Hash>; inserts: number } {
  const rows = new Map<string, Hash>();
  const store = {
    rows,
    inserts: 0,
    async size() {
      let n = 0;
      while (rows.has(`0/${n}`)) n++;
      return n;
    },
    async nodes(wanted: [number, number][]) {
      const out = new Map<string, Hash>();
      for (const [l, i] of wanted) {
        const h = rows.get(`${l}/${i}`);
        if (h) out.set(`${l}/${i}`, h);
      }
      return out;
    },
    async insert(list: { level: number; index: number; hash: Hash }[]) {
      store.inserts++;
      for (const r of list)
        if (!rows.has(`${r.level}/${r.index}`)) rows.set(`${r.level}/${r.index}`, r.hash);
    },
  };
  return store;
}

interface Row {
  i: number;
  d: Uint8Array;
}

const data = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`));

describe('StoredMerkleTree (#12: the one RFC 9162 tree the record and the alliance log keep)', () => {
  it('extends page by page and gives the roots and proofs of the naive RFC 9162 definition', async () => {
    const leaves = data(37);
    const store = memoryStore();
    const tree = new StoredMerkleTree(store, 'test tree');
    const source = (upTo: number) => ({
      page: async (after: number, limit: number) =>
        leaves.slice(after, Math.min(upTo, after + limit)).map((d, k) => ({ i: after + k, d })),
      indexOf: (r: Row) => r.i,
      leafHash: (r: Row) => leafHash(r.d),
      onGap: 'throw' as const,
      pageSize: 5,
    });
    expect(await tree.extend(source(13))).toBe(13);
    expect(await tree.extend(source(37))).toBe(37);
    expect(store.inserts).toBeGreaterThan(5);
    const naive = rangeHashFromLeaves(leaves.map(leafHash));
    for (const size of [1, 2, 13, 16, 37]) {
      const root = await tree.root(size);
      expect(toHex(root)).toBe(toHex(rootHash(size, naive)));
      for (const index of [0, size - 1, Math.floor(size / 2)]) {
        const proof = await tree.inclusion(index, size);
        expect(proof.map(toHex)).toEqual(inclusionProof(index, size, naive).map(toHex));
        expect(verifyInclusion(index, size, await tree.leaf(index), proof, root)).toBe(true);
      }
      if (size > 1) {
        const proof = await tree.consistency(1, size);
        expect(proof.map(toHex)).toEqual(consistencyProof(1, size, naive).map(toHex));
        expect(verifyConsistency(1, size, await tree.root(1), root, proof)).toBe(true);
      }
    }
    // The frontier rebuilt from the stored edge gives the same root.
    expect(toHex((await tree.frontier()).root())).toBe(toHex(rootHash(37, naive)));
    expect(toHex(new TreeFrontier(0).root())).toBe(toHex(await tree.root(0)));
  });

  it('a gap throws (the record) or stops the tree there (the alliance log, a message not consumed yet)', async () => {
    const leaves = data(6);
    const rowsWithGap = [0, 1, 2, 4, 5].map((i) => ({ i, d: leaves[i] }));
    const source = (onGap: 'throw' | 'stop') => ({
      page: async (after: number) => rowsWithGap.filter((r) => r.i >= after),
      indexOf: (r: Row) => r.i,
      leafHash: (r: Row) => leafHash(r.d),
      onGap,
    });
    await expect(
      new StoredMerkleTree(memoryStore(), 'record').extend(source('throw')),
    ).rejects.toThrow(/record: the log has a gap \(expected leaf #4, found #5\)/);
    const store = memoryStore();
    expect(await new StoredMerkleTree(store, 'alliance').extend(source('stop'))).toBe(3);
    expect(await store.size()).toBe(3);
  });
});
