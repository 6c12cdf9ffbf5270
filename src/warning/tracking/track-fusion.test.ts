import { describe, expect, it } from 'vitest';
import { chi2Inv } from '../chi-square.js';
import { predict } from '../kalman.js';
import { diag, invSpd } from '../linalg.js';
import { ballisticModel } from '../motion-models.js';
import { Prng } from '../prng.js';
import { Tracker } from '../tracker.js';
import { parseTrackerConfig } from '../tracker-config.js';
import { planTrajectory, referenceShot } from '../trajectory.js';
import { checkSharedTrack, covarianceIntersection, fuseLocalTracks } from './track-fusion.js';

const tr = planTrajectory(referenceShot());

describe('#18.8 track-to-track fusion of members’ local tracks (covariance intersection)', () => {
  it('two sensors’ local tracks of one missile: fused covariance no larger, consistent, error no worse than the better track', () => {
    const runs = 30;
    const cfg = parseTrackerConfig({ initiation: { m: 1, n: 1 } });
    const rng = new Prng(9);
    let neesFused = 0,
      seA = 0,
      seB = 0,
      seF = 0;
    for (let r = 0; r < runs; r++) {
      // Member A: σ 300 m every 4 s; member B: σ 600 m every 4 s, 2 s later; both in free flight.
      const a = new Tracker(cfg, 'A'),
        b = new Tracker(cfg, 'B');
      for (let t = 120; t <= 240; t += 4) {
        for (const [tk, dt, s] of [
          [a, 0, 300],
          [b, 2, 600],
        ] as const) {
          const truth = tr.stateAt(t + dt)!;
          tk.processScan([
            {
              sensor: tk === a ? 'ra' : 'rb',
              time: t + dt,
              z: [0, 1, 2].map((i) => truth[i] + rng.normal() * s),
              R: diag([s * s, s * s, s * s]),
              boost: false,
            },
          ]);
        }
      }
      expect(a.tracks.size).toBe(1);
      expect(b.tracks.size).toBe(1);
      const [ta] = [...a.tracks.values()],
        [tb] = [...b.tracks.values()];
      const shared = [
        { member: 'A', track: ta.id, time: ta.t, x: ta.x, P: ta.P },
        { member: 'B', track: tb.id, time: tb.t, x: tb.x, P: tb.P },
      ];
      for (const s of shared) expect(checkSharedTrack(s).ok).toBe(true);
      const t = 244;
      const step = (g: { x: number[]; P: number[][] }, dt: number) =>
        predict('ekf', ballisticModel, g, dt, cfg.processNoise.q);
      const fused = fuseLocalTracks(shared, t, step);
      const pa = step(ta, t - ta.t),
        pb = step(tb, t - tb.t);
      const tr3 = (P: number[][]) => P[0][0] + P[1][1] + P[2][2] + P[3][3] + P[4][4] + P[5][5];
      expect(tr3(fused.P)).toBeLessThanOrEqual(Math.min(tr3(pa.P), tr3(pb.P)) * (1 + 1e-9));
      const truth = tr.stateAt(t)!;
      const e = fused.x.map((v, i) => v - truth[i]);
      const Pi = invSpd(fused.P);
      neesFused += e.reduce((s, ei, i) => s + ei * Pi[i].reduce((q, p, j) => q + p * e[j], 0), 0);
      const pos2 = (x: number[]) =>
        (x[0] - truth[0]) ** 2 + (x[1] - truth[1]) ** 2 + (x[2] - truth[2]) ** 2;
      seA += pos2(pa.x);
      seB += pos2(pb.x);
      seF += pos2(fused.x);
    }
    const anees = neesFused / runs;
    console.log(
      `#18.8 CI fusion: average NEES ${anees.toFixed(2)}, position RMSE A ${Math.sqrt(seA / runs).toFixed(0)} m, B ${Math.sqrt(seB / runs).toFixed(0)} m, fused ${Math.sqrt(seF / runs).toFixed(0)} m`,
    );
    // Covariance intersection is conservative: never over-confident.
    expect(anees).toBeLessThan(chi2Inv(0.975, 6 * runs) / runs);
    expect(seF).toBeLessThanOrEqual(1.05 * Math.min(seA, seB));
  });

  it('covariance intersection of two independent 1-D estimates lies between them; bad shared tracks are refused', () => {
    const f = covarianceIntersection({ x: [0], P: [[1]] }, { x: [2], P: [[4]] });
    expect(f.x[0]).toBeGreaterThanOrEqual(0);
    expect(f.x[0]).toBeLessThanOrEqual(2);
    expect(f.P[0][0]).toBeLessThanOrEqual(1 + 1e-12);
    const ok = {
      member: 'QAT',
      track: 'T1',
      time: 1,
      x: [1, 2, 3, 4, 5, 6],
      P: diag([1, 1, 1, 1, 1, 1]),
    };
    expect(checkSharedTrack(ok).ok).toBe(true);
    expect(checkSharedTrack({ ...ok, x: [1, 2, 3, 4, 5, NaN] })).toMatchObject({ ok: false });
    expect(checkSharedTrack({ ...ok, P: diag([1, 1, 1, 1, 1, -1]) })).toMatchObject({
      ok: false,
      detail: 'P: not positive definite',
    });
    expect(checkSharedTrack({ ...ok, member: 3 })).toMatchObject({ ok: false });
  });
});
