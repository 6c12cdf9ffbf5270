import { describe, expect, it } from 'vitest';
import { diag } from '../linalg.js';
import {
  combine,
  DEFAULT_IMM,
  immEstimate,
  immInit,
  immPredict,
  immUpdate,
  transition,
} from './imm.js';

describe('#18.8 IMM over boost / ballistic / re-entry', () => {
  it('transition rows are probabilities; above the re-entry altitude nothing enters re-entry', () => {
    for (const open of [true, false])
      for (const row of transition(DEFAULT_IMM, 2, open)) {
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (const p of row) expect(p).toBeGreaterThanOrEqual(0);
      }
    const closed = transition(DEFAULT_IMM, 2, false);
    expect(closed.map((row) => row[2])).toEqual([0, 0, 0]);
  });

  it('combine matches the moments of a two-component mixture', () => {
    const g = combine(
      [
        { x: [0], P: [[1]] },
        { x: [2], P: [[1]] },
      ],
      [0.5, 0.5],
    );
    expect(g.x[0]).toBeCloseTo(1, 12);
    expect(g.P[0][0]).toBeCloseTo(2, 12); // 1 + spread of the means
  });

  it('a climbing track that keeps accelerating moves its probability to boost', () => {
    const r = 6_371_000 + 30_000;
    let s = immInit({ x: [r, 0, 0, 1500, 0, 0], P: diag([1e4, 1e4, 1e4, 1e4, 1e4, 1e4]) }, 0);
    s = { ...s, mu: [0.2, 0.8, 0] };
    // Truth: 60 m/s² of thrust outward, beyond gravity, reported every 2 s with σ = 100 m.
    for (let t = 2; t <= 40; t += 2) {
      const z = [r + 1500 * t + 0.5 * 50 * t * t, 0, 0];
      s = immUpdate(immPredict(s, t), z, diag([1e4, 1e4, 1e4]));
    }
    expect(s.mu[0]).toBeGreaterThan(0.8); // from 0.2; a 30 s mean sojourn keeps some on free flight
    expect(immEstimate(s).x.every(Number.isFinite)).toBe(true);
  });
});
