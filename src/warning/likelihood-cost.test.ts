import { describe, expect, it } from 'vitest';
import { clusteredAssign } from './assignment.js';
import { gateD2, lastGateLogDetS } from './kalman.js';
import { parseTrackerConfig } from './tracker-config.js';

// #18.8 GNN cost including ln|S|: the pairing cost is d² + ln|S| (the negative log-likelihood of the
// pairing up to a constant), so a tight track wins a report over a loose one at a similar d².
describe('#18.8 likelihood assignment cost', () => {
  it('ln|S| comes from the gate Cholesky factor: S = P + R = diag(4, 9) gives ln 36', () => {
    const g = {
      x: [0, 0],
      P: [
        [3, 0],
        [0, 8],
      ],
    };
    const d2 = gateD2(
      g,
      [2, 3],
      [
        [1, 0],
        [0, 1],
      ],
    );
    expect(d2).toBeCloseTo(4 / 4 + 9 / 9, 12);
    expect(lastGateLogDetS()).toBeCloseTo(Math.log(36), 12);
  });

  it('a tight track takes the report a loose track is slightly nearer to in d²', () => {
    // Track 0: tight (ln|S| = 2), d² 3.0. Track 1: loose (ln|S| = 20), d² 2.5. One report.
    const pairs = [[{ k: 0, d2: 3.0, cost: 3.0 + 2 }], [{ k: 0, d2: 2.5, cost: 2.5 + 20 }]];
    const gate = 13.8;
    expect(clusteredAssign(pairs, 1, gate)).toEqual([-1, 0]); // d² alone: the loose track
    expect(clusteredAssign(pairs, 1, [gate + 2, gate + 20])).toEqual([0, -1]); // likelihood
  });

  it('a gated report nobody else wants is still taken (miss cost above every pair of the track)', () => {
    const pairs = [
      [
        { k: 0, d2: 13.0, cost: 13.0 + 30 },
        { k: 1, d2: 1.0, cost: 1.0 + 5 },
      ],
      [{ k: 1, d2: 0.5, cost: 0.5 + 5 }],
    ];
    expect(clusteredAssign(pairs, 2, [13.8 + 30, 13.8 + 5])).toEqual([0, 1]);
    // Alone, a report at the edge of a loose track's gate is taken.
    expect(clusteredAssign([[{ k: 0, d2: 13.7, cost: 13.7 + 40 }]], 1, [13.8 + 40])).toEqual([0]);
  });

  it('config: mahalanobis by default, likelihood on request, anything else refused with its field', () => {
    expect(parseTrackerConfig({}).gate.cost).toBe('mahalanobis');
    expect(parseTrackerConfig({ gate: { cost: 'likelihood' } }).gate.cost).toBe('likelihood');
    expect(() => parseTrackerConfig({ gate: { cost: 'nearest' } })).toThrow(/gate\/cost/);
  });
});
