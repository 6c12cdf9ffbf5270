import { describe, expect, it } from 'vitest';
import { gateD2 } from '../kalman.js';
import type { Measurement } from '../measurement.js';
import { parseTrackerConfig } from '../tracker-config.js';
import { collapse, jpdaAssociate } from './jpda.js';

const m = (z: number[]): Measurement => ({
  sensor: 's',
  time: 1,
  z,
  R: [
    [1, 0],
    [0, 1],
  ],
  boost: false,
});
// Predicted state with position covariance I (so S = 2I) and velocity covariance I.
const pred = {
  x: [0, 0, 0, 0],
  P: [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ],
};

describe('JPDA', () => {
  it('one track, two reports: β by hand from P_D·N(ν;0,S)/λ and 1 − P_D·P_G', () => {
    const ms = [m([1, 0]), m([0, 2])];
    const pairs = [ms.map((x, k) => ({ k, d2: gateD2(pred, x.z, x.R) }))];
    const p = { pD: 0.9, clutterDensity: 0.01, gateProbability: 0.99, maxEvents: 100 };
    const r = jpdaAssociate([pred], pairs, ms, p, [0]);
    // N(ν; 0, 2I) = exp(−|ν|²/4) / (4π): g1 = 0.9·e^(−1/4)/(4π)/0.01, g2 = 0.9·e^(−1)/(4π)/0.01
    const g1 = (0.9 * Math.exp(-0.25)) / (4 * Math.PI) / 0.01;
    const g2 = (0.9 * Math.exp(-1)) / (4 * Math.PI) / 0.01;
    const miss = 1 - 0.9 * 0.99;
    const total = miss + g1 + g2;
    expect(r.beta0[0]).toBeCloseTo(miss / total, 12);
    expect(r.best[0]).toBe(0);
    expect(r.unassigned[0]).toBeCloseTo(1 - g1 / total, 12);
    expect(r.unassigned[1]).toBeCloseTo(1 - g2 / total, 12);
    expect(r.fallbacks).toBe(0);
  });

  it('two tracks sharing one report: joint events exclude double use', () => {
    const ms = [m([0, 0])];
    const pairs = [[{ k: 0, d2: 0 }], [{ k: 0, d2: 0 }]];
    const p = { pD: 0.9, clutterDensity: 0.01, gateProbability: 0.99, maxEvents: 100 };
    const r = jpdaAssociate([pred, pred], pairs, ms, p, [0, -1]);
    // Events: none/none (miss²), 0/none (g·miss), none/0 (miss·g): β(t, report) = g·miss / total each.
    const g = 0.9 / (4 * Math.PI) / 0.01,
      miss = 1 - 0.9 * 0.99;
    const total = miss * miss + 2 * g * miss;
    expect(1 - r.beta0[0]).toBeCloseTo((g * miss) / total, 12);
    expect(r.unassigned[0]).toBeCloseTo(1 - (2 * g * miss) / total, 12);
  });

  it('a cluster over maxEvents falls back to the GNN assignment given', () => {
    const ms = [m([0, 0]), m([1, 0])];
    const pairs = [
      [
        { k: 0, d2: 0 },
        { k: 1, d2: 0.5 },
      ],
    ];
    const r = jpdaAssociate(
      [pred],
      pairs,
      ms,
      { pD: 0.9, clutterDensity: 0.01, gateProbability: 0.99, maxEvents: 2 },
      [1],
    );
    expect(r.fallbacks).toBe(1);
    expect(r.best).toEqual([1]);
  });

  it('collapse: mixture mean and spread of the means', () => {
    const c = collapse([
      { w: 0.5, g: { x: [0], P: [[1]] } },
      { w: 0.5, g: { x: [2], P: [[1]] } },
    ]);
    expect(c.x).toEqual([1]);
    expect(c.P).toEqual([[2]]); // 1 + (1² + 1²)/2
  });

  it('the tracker config selects gnn, jpda or mht and refuses anything else', () => {
    expect(
      parseTrackerConfig({ model: 'cv2', association: { method: 'jpda' } }).association,
    ).toMatchObject({
      method: 'jpda',
      jpda: { pD: 0.9 },
    });
    expect(
      parseTrackerConfig({ association: { method: 'mht', mht: { nScan: 4 } } }).association?.mht,
    ).toEqual({
      maxHypotheses: 10,
      nScan: 4,
    });
    expect(() => parseTrackerConfig({ association: { method: 'pmbm' } })).toThrow(
      /association.method/,
    );
    expect(() => parseTrackerConfig({ association: { method: 'jpda', jpda: { pD: 2 } } })).toThrow(
      /pD/,
    );
  });
});
