import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gnnAssign, hungarian } from './assignment.js';
import { Tracker } from './tracker.js';
import { defaultTrackerConfig, parseTrackerConfig } from './tracker-config.js';
import { chi2Inv } from './chi-square.js';
import { Prng } from './prng.js';
import { planTrajectory, referenceShot } from './trajectory.js';
import { invSpd } from './linalg.js';
import type { Measurement } from './measurement.js';
import { phaseProbability } from './tracking/imm.js';

const permutations = (n: number): number[][] =>
  n <= 1
    ? [[0].slice(0, n)]
    : permutations(n - 1).flatMap((p) =>
        Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
      );

describe('optimal assignment', () => {
  it('Hungarian matches brute force on random square matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.array(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }), {
            minLength: n,
            maxLength: n,
          }),
        ),
        (c) => {
          const a = hungarian(c);
          const cost = a.reduce((s, j, i) => s + c[i][j], 0);
          const best = Math.min(
            ...permutations(c.length).map((p) => p.reduce((s, j, i) => s + c[i][j], 0)),
          );
          expect(cost).toBe(best);
        },
      ),
    );
  });
  it('GNN beats greedy: takes the globally cheaper pairing', () => {
    // Greedy would give track 0 measurement 0 (cost 1), leaving track 1 with 9 → total 10.
    const cost = [
      [1, 2],
      [3, 9],
    ];
    expect(gnnAssign(cost, 2, 100)).toEqual([1, 0]); // total 5
    expect(gnnAssign([[Infinity, 4]], 2, 10)).toEqual([1]);
    expect(gnnAssign([[Infinity, Infinity]], 2, 10)).toEqual([-1]);
  });
});

const pos = (sensor: string, time: number, z: number[], s = 10): Measurement => ({
  sensor,
  time,
  z,
  R: z.map((_, i) => z.map((_, j) => (i === j ? s * s : 0))),
  boost: false,
});

describe('tracker', () => {
  it('keeps two crossing CV-2D targets apart and confirms them M-of-N; clutter alone never confirms', () => {
    const cfg = parseTrackerConfig({
      model: 'cv2',
      processNoise: { q: 0.1 },
      initiation: { m: 3, n: 4, velocitySigma: 50 },
    });
    const tk = new Tracker(cfg);
    const r = new Prng(3);
    for (let k = 0; k < 40; k++) {
      const t = k;
      const ms = [
        pos('s', t, [10 * t + r.normal() * 5, 200 + r.normal() * 5], 5),
        pos('s', t, [400 - 10 * t + r.normal() * 5, 200 + 2 * t + r.normal() * 5], 5),
      ];
      if (k % 7 === 3) ms.push(pos('s', t, [r.uniform(-5000, 5000), r.uniform(2000, 5000)], 5));
      tk.processScan(ms);
      tk.prune(t);
    }
    const confirmed = [...tk.tracks.values()].filter((t) => t.status === 'confirmed');
    expect(confirmed).toHaveLength(2);
    const xs = confirmed.map((t) => t.x[2]).sort((a, b) => a - b);
    expect(xs[0]).toBeCloseTo(-10, -0.5);
    expect(xs[1]).toBeCloseTo(10, -0.5);
  });

  it('fuses an out-of-sequence report exactly as if it had come in order', () => {
    const cfg = parseTrackerConfig({
      model: 'cv3',
      initiation: { m: 1, n: 1, velocitySigma: 100 },
    });
    const ms = Array.from({ length: 10 }, (_, k) =>
      pos(k % 2 ? 'a' : 'b', k, [50 * k + (k % 3) * 4, 20 * k, 5 - (k % 2) * 3]),
    );
    const inOrder = new Tracker(cfg);
    ms.forEach((m) => inOrder.processScan([m]));
    const late = new Tracker(cfg);
    [...ms.slice(0, 5), ...ms.slice(6), ms[5]].forEach((m) => late.processScan([m]));
    const [a] = [...inOrder.tracks.values()],
      [b] = [...late.tracks.values()];
    expect(late.tracks.size).toBe(1);
    expect(late.stats.oosm).toBe(1);
    b.x.forEach((v, i) => expect(v).toBeCloseTo(a.x[i], 6));
  });

  it('ballistic EKF and UKF are consistent: average NEES inside the 95% chi-square bounds (Monte Carlo)', () => {
    const tr = planTrajectory(referenceShot());
    for (const filter of ['ekf', 'ukf'] as const) {
      const runs = 24;
      const cfg = parseTrackerConfig({
        model: 'ballistic',
        filter,
        processNoise: { q: 1e-4 },
        initiation: { m: 1, n: 1, velocitySigma: 3000 },
      });
      const rng = new Prng(filter === 'ekf' ? 11 : 12);
      let sum = 0;
      const tEval = tr.tb + 200;
      for (let k = 0; k < runs; k++) {
        const tk = new Tracker(cfg);
        for (let t = tr.tb + 10; t <= tEval; t += 4) {
          const s = tr.stateAt(t)!;
          tk.processScan([
            pos(
              'r',
              t,
              [s[0] + rng.normal() * 300, s[1] + rng.normal() * 300, s[2] + rng.normal() * 300],
              300,
            ),
          ]);
        }
        const [track] = [...tk.tracks.values()];
        // The first fix starts at zero velocity with a 3 km/s sigma prior, covering the true ~2.5 km/s.
        const e = track.x.map((v, i) => v - tr.stateAt(track.t)![i]);
        const Pi = invSpd(track.P);
        sum += e.reduce((s, ei, i) => s + ei * Pi[i].reduce((q, p, j) => q + p * e[j], 0), 0);
      }
      const anees = sum / runs;
      expect(anees).toBeGreaterThan(chi2Inv(0.025, 6 * runs) / runs);
      expect(anees).toBeLessThan(chi2Inv(0.975, 6 * runs) / runs);
    }
  });

  it('rejects bad configurations with the field named', () => {
    expect(() => parseTrackerConfig({ model: 'imm' })).toThrow(/model/);
    expect(() => parseTrackerConfig({ initiation: { m: 5, n: 3 } })).toThrow(/initiation/);
    expect(() => parseTrackerConfig({ gate: { probability: 2 } })).toThrow(/gate/);
    expect(defaultTrackerConfig().model).toBe('ballistic');
  });

  it("#18.8 filter 'imm': parsed, refused outside the ballistic model, and the tracker's tracks carry mode probabilities", () => {
    const cfg = parseTrackerConfig({ model: 'ballistic', filter: 'imm' });
    expect(cfg).toMatchObject({ filter: 'ekf', imm: true });
    expect(() => parseTrackerConfig({ model: 'cv3', filter: 'imm' })).toThrow(/ballistic/);
    expect(() => new Tracker({ ...defaultTrackerConfig('cv3'), imm: true })).toThrow(/IMM/);
    // A boosting shot, reported every 2 s (σ 300 m) from 10 s to 60 s: one track, mostly in boost mode.
    const tr = planTrajectory(referenceShot());
    const rng = new Prng(5);
    const tk = new Tracker(cfg);
    for (let t = 10; t <= 60; t += 2) {
      const s = tr.stateAt(t)!;
      tk.processScan([
        pos(
          'r',
          t,
          [0, 1, 2].map((i) => s[i] + rng.normal() * 300),
          300,
        ),
      ]);
    }
    expect(tk.tracks.size).toBe(1);
    const [track] = [...tk.tracks.values()];
    expect(track.status).toBe('confirmed');
    expect(phaseProbability(track.imm!, 'boost')).toBeGreaterThan(0.5);
    // The track's state is the IMM's mixture, and predictTrack predicts through the IMM.
    const p = tk.predictTrack(track, 64);
    expect(p.x.every(Number.isFinite)).toBe(true);
    const e = track.x.map((v, i) => v - tr.stateAt(track.t)![i]);
    expect(Math.hypot(e[0], e[1], e[2])).toBeLessThan(2000);
  });

  it('#18.8 IMM: an out-of-sequence report is fused exactly as if it had come in order', () => {
    const cfg = parseTrackerConfig({
      model: 'ballistic',
      filter: 'imm',
      initiation: { m: 1, n: 1 },
    });
    const tr = planTrajectory(referenceShot());
    const rng = new Prng(6);
    const ms = Array.from({ length: 12 }, (_, k) => {
      const t = 20 + 2 * k,
        s = tr.stateAt(t)!;
      return pos(
        k % 2 ? 'a' : 'b',
        t,
        [0, 1, 2].map((i) => s[i] + rng.normal() * 300),
        300,
      );
    });
    const inOrder = new Tracker(cfg);
    ms.forEach((m) => inOrder.processScan([m]));
    const late = new Tracker(cfg);
    [...ms.slice(0, 6), ...ms.slice(7), ms[6]].forEach((m) => late.processScan([m]));
    const [a] = [...inOrder.tracks.values()],
      [b] = [...late.tracks.values()];
    expect(late.tracks.size).toBe(1);
    expect(late.stats.oosm).toBe(1);
    b.x.forEach((v, i) => expect(v).toBeCloseTo(a.x[i], 4));
    b.imm!.mu.forEach((v, i) => expect(v).toBeCloseTo(a.imm!.mu[i], 9));
  });
});
