import { describe, expect, it } from 'vitest';
import { predict } from '../kalman.js';
import { diag } from '../linalg.js';
import { ballisticModel } from '../motion-models.js';
import { Prng } from '../prng.js';
import { planTrajectory, referenceShot } from '../trajectory.js';
import { augment, augPredict, augUpdate, targetPart } from './bias.js';

const tr = planTrajectory(referenceShot());

describe('#18.8 sensor-bias estimation by state augmentation', () => {
  it('predicts the target part exactly as the 6-D EKF and leaves the biases unchanged', () => {
    const s = tr.stateAt(120)!;
    const g = { x: s, P: diag([1e4, 2e4, 3e4, 100, 200, 300]) };
    const a = augPredict(augment(g, 2, 300), 4, 0.05);
    const p = predict('ekf', ballisticModel, g, 4, 0.05);
    const t = targetPart(a);
    t.x.forEach((v, i) => expect(v).toBeCloseTo(p.x[i], 6));
    t.P.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(p.P[i][j], 6)));
    expect(a.x.slice(6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(a.P[6][6]).toBe(300 ** 2);
    expect(a.P[0][6]).toBe(0);
  });

  it('two sensors in turn: the difference of their biases is estimated; one sensor alone leaves its bias in the covariance', () => {
    const rng = new Prng(3);
    const bias = [
      [400, -250, 100],
      [-150, 300, -200],
    ];
    const R = diag([300 ** 2, 300 ** 2, 300 ** 2]);
    const run = (sensors: number) => {
      let g: ReturnType<typeof augment> | null = null;
      let t0 = 0;
      for (let k = 0; k < 100; k++) {
        const t = 100 + 2 * k,
          s = k % sensors,
          truth = tr.stateAt(t)!;
        const z = [0, 1, 2].map((i) => truth[i] + bias[s][i] + rng.normal() * 300);
        g = g
          ? augUpdate(augPredict(g, t - t0, 1e-4), z, R, s)
          : augment({ x: [...z, 0, 0, 0], P: diag([9e4, 9e4, 9e4, 9e6, 9e6, 9e6]) }, sensors, 300);
        t0 = t;
      }
      return g!;
    };
    const two = run(2);
    for (let i = 0; i < 3; i++) {
      const est = two.x[9 + i] - two.x[6 + i],
        truth = bias[1][i] - bias[0][i];
      // Var(b1 − b0) = P11 + P00 − 2 P01: from the prior 2·300² down to well under 100².
      const v = two.P[9 + i][9 + i] + two.P[6 + i][6 + i] - 2 * two.P[6 + i][9 + i];
      expect(v).toBeLessThan(100 ** 2);
      expect(Math.abs(est - truth)).toBeLessThan(4 * Math.sqrt(v));
    }
    const one = run(1);
    // Not observable from one sensor: the bias keeps most of its prior variance...
    for (let i = 6; i < 9; i++) expect(one.P[i][i]).toBeGreaterThan(0.5 * 300 ** 2);
    // ...and so does the target's position, which the bias shifts.
    for (let i = 0; i < 3; i++) expect(one.P[i][i]).toBeGreaterThan(0.5 * 300 ** 2);
  });
});
