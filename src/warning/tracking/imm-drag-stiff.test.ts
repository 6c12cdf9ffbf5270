import { describe, expect, it } from 'vitest';
import { propagate, propagateDrag } from '../ballistic-dynamics.js';
import { diag } from '../linalg.js';
import { Tracker } from '../tracker.js';
import { parseTrackerConfig } from '../tracker-config.js';
import { enuToEcef, geodeticToEcef } from '../../geo/wgs84.js';
import { DEFAULT_IMM, immEstimate, immInit, immPredict } from './imm.js';

// #18: the IMM's prediction through drag blew up where drag is stiff. A clutter-born tentative track
// at 9.7 km and 7.8 km/s (two reports), with the default κ prior, was predicted 4.4·10⁵ km away over
// 4 s with a position covariance trace of 2.9·10¹⁸ m², and the next report deleted the track
// ("numerical failure"): the sigma points' drag, hundreds of g with a time constant of milliseconds
// for the large-κ points, was integrated by explicit RK4 in 0.5 s steps, which overshoots, reverses
// the velocity and grows without bound. A body under drag only slows down.

/** A state at height h (m) over 24°N 52°E moving at `speed` m/s, `dive` rad below the horizontal. */
function diving(h: number, speed: number, dive: number): number[] {
  const L = { lat: 24, lon: 52, h };
  const o = geodeticToEcef({ ...L, h: 0 });
  const v = enuToEcef([speed * Math.cos(dive), 0, -speed * Math.sin(dive)], { ...L, h: 0 });
  return [...geodeticToEcef(L), v[0] - o[0], v[1] - o[1], v[2] - o[2]];
}
const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const speedOf = (x: number[]) => Math.hypot(x[3], x[4], x[5]);

describe('#18 IMM drag prediction where drag is stiff', () => {
  it('a clutter-born track at 9.7 km and 7.8 km/s is predicted where a body could be, and the next report updates it', () => {
    const x = diving(9700, 7800, 0.3);
    const at = (t: number) => [0, 1, 2].map((i) => x[i] + x[3 + i] * t);
    const tk = new Tracker(parseTrackerConfig({ filter: 'imm' }));
    const R = diag([100 ** 2, 100 ** 2, 100 ** 2]);
    for (const t of [0, 2])
      tk.processScan([{ id: `r${t}`, sensor: 's', time: t, z: at(t), R, boost: false }]);
    const track = tk.tracks.get('T1')!;
    const now = immEstimate(track.imm!);
    const g = immEstimate(immPredict(track.imm!, 6, DEFAULT_IMM));
    // Drag only slows: 4 s at 7.8 km/s at most (gravity adds under 0.1 km).
    expect(dist(g.x, now.x)).toBeLessThan(4 * 7800 + 100);
    expect(speedOf(g.x)).toBeLessThan(speedOf(now.x) + 50);
    const trace = g.P[0][0] + g.P[1][1] + g.P[2][2];
    expect(Number.isFinite(trace)).toBe(true);
    expect(trace).toBeLessThan((4 * 7800) ** 2);
    const events = tk.processScan([{ id: 'r6', sensor: 's', time: 6, z: at(6), R, boost: false }]);
    const e = events.find((ev) => ev.report === 'r6');
    expect(e?.track).toBe('T1');
    expect(events.filter((ev) => ev.status === 'deleted')).toEqual([]);
  });

  it('immPredict stays physical low in the atmosphere whatever the spread (3–15 km, 7.8 km/s, wide single-point covariances)', () => {
    for (const h of [3000, 6000, 9700, 15000])
      for (const dive of [0.05, 0.3, 0.8, 1.4])
        for (const [sp, sv] of [
          [50, 300],
          [300, 3000],
          [3000, 6000],
        ]) {
          const x = diving(h, 7800, dive);
          const P = diag([sp ** 2, sp ** 2, sp ** 2, sv ** 2, sv ** 2, sv ** 2]);
          const g = immEstimate(immPredict(immInit({ x, P }, 0, DEFAULT_IMM), 4, DEFAULT_IMM));
          // The sigma points' speeds are at most 7.8 km/s + √7·σv; none can go faster under drag.
          const reach = 4 * (7800 + Math.sqrt(7) * sv) + 100;
          expect(dist(g.x, x)).toBeLessThan(reach);
          const trace = g.P[0][0] + g.P[1][1] + g.P[2][2];
          expect(Number.isFinite(trace)).toBe(true);
          expect(trace).toBeLessThan(3 * reach ** 2);
        }
  });

  it('propagateDrag is RK4 where drag is mild and stays accurate where it is stiff', () => {
    // Mild (40 km): the same steps as propagate, to the bit.
    const high = diving(40_000, 3000, 0.3);
    expect(propagateDrag(high, 2, 0.5, 2500)).toEqual(propagate(high, 2, 0.5, { beta: 2500 }));
    // Stiff (2 km, 7.8 km/s, β 667: ρ|v|/β ≈ 18/s): RK4 at 0.5 s diverges; the sub-stepped and
    // split steps follow a 0.5 ms RK4 reference to within tens of metres.
    for (const [h, beta] of [
      [2000, 667],
      [-5000, 500],
    ]) {
      const x = diving(h, 7800, 0.3);
      const ref = propagate(x, 4, 0.0005, { beta });
      const got = propagateDrag(x, 4, 0.5, beta);
      expect(dist(got, ref)).toBeLessThan(100);
      expect(Math.abs(speedOf(got) - speedOf(ref))).toBeLessThan(5);
    }
    const x = diving(2000, 7800, 0.3);
    expect(dist(propagate(x, 4, 0.5, { beta: 667 }), x)).toBeGreaterThan(1e6);
  });
});
