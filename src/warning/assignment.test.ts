import { describe, expect, it } from 'vitest';
import { clusteredAssign, gnnAssign } from './assignment.js';
import { Prng } from './prng.js';

describe('#18.2 clustered assignment', () => {
  it('gives the same assignment as one dense Hungarian problem on random sparse gates', () => {
    const rng = new Prng(182);
    for (let trial = 0; trial < 200; trial++) {
      const nTracks = 1 + rng.int(12),
        nMeas = 1 + rng.int(12),
        missCost = 16;
      const pairs = Array.from({ length: nTracks }, () => {
        const row: { k: number; d2: number }[] = [];
        for (let k = 0; k < nMeas; k++)
          if (rng.next() < 0.25) row.push({ k, d2: rng.uniform(0, missCost) });
        return row;
      });
      const dense = pairs.map((row) => {
        const full = new Array<number>(nMeas).fill(Infinity);
        for (const { k, d2 } of row) full[k] = d2;
        return full;
      });
      expect(clusteredAssign(pairs, nMeas, missCost)).toEqual(gnnAssign(dense, nMeas, missCost));
    }
  });

  it('assigns a huge cluster (a flood) greedily without building a dense matrix, each report at most once', () => {
    const nTracks = 600,
      nMeas = 5000;
    const pairs = Array.from({ length: nTracks }, (_, t) =>
      Array.from({ length: 20 }, (_, j) => ({ k: (t * 7 + j * 13) % nMeas, d2: (t + j) % 15 })),
    );
    const out = clusteredAssign(pairs, nMeas, 16);
    const used = out.filter((k) => k >= 0);
    expect(new Set(used).size).toBe(used.length);
    expect(used.length).toBeGreaterThan(nTracks / 2);
  });
});
