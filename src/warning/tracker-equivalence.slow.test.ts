// The optimised tracker hot path (allocation-free gate, update and covariance propagation) must give
// exactly the tracks of the tracker as it was before (kept verbatim in bench/warning-tracker-reference.ts).
import { describe, expect, it } from 'vitest';
import { ReferenceTracker } from '../../bench/warning-tracker-reference.js';
import { checkReport, type Measurement } from './measurement.js';
import { generatedScenario, getNetwork, scenarioLaunches } from './scenarios.js';
import { simulateExercise } from './simulator.js';
import { Tracker } from './tracker.js';
import { defaultTrackerConfig, parseTrackerConfig } from './tracker-config.js';
import { gateD2, innovation, update, updateState } from './kalman.js';
import { Prng } from './prng.js';

function scansOf(seed: number): Measurement[][] {
  const net = getNetwork('gulf-illustrative');
  const sc = generatedScenario(net.id, { windowS: 90, clutterScale: 3 });
  const sim = simulateExercise(net, scenarioLaunches(sc, net.members, seed), {
    seed,
    epoch: 1.75e9,
    clutterScale: 3,
  });
  const items: { m: Measurement; arrival: number }[] = [];
  for (const r of sim.reports) {
    const c = checkReport(r);
    if (c.ok) items.push({ m: c.m, arrival: r.arrival });
  }
  // 2 s arrival windows sorted by measurement time inside: plenty of late (out-of-sequence) reports.
  const scans: Measurement[][] = [];
  let i = 0;
  for (let w = sim.epoch; i < items.length; w += 2) {
    const batch: Measurement[] = [];
    while (i < items.length && items[i].arrival <= w) batch.push(items[i++].m);
    batch.sort(
      (a, b) => a.time - b.time || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0),
    );
    for (const m of batch) {
      const last = scans[scans.length - 1];
      if (last && last[0].sensor === m.sensor && last[0].time === m.time) last.push(m);
      else scans.push([m]);
    }
  }
  return scans;
}

// The reference predates the likelihood cost (#18.8): both compared on the d² cost it had.
const d2Cost = { probability: 0.9995, cost: 'mahalanobis' as const };
const configs = {
  'ballistic EKF (default)': { ...defaultTrackerConfig(), gate: d2Cost },
  'ballistic UKF': parseTrackerConfig({ model: 'ballistic', filter: 'ukf', gate: d2Cost }),
  'cv3 linear KF': parseTrackerConfig({
    model: 'cv3',
    processNoise: { q: 100 },
    initiation: { m: 3, n: 5, velocitySigma: 3000 },
    gate: d2Cost,
  }),
};

describe('optimised tracker = reference tracker', () => {
  const scans = scansOf(31);
  for (const [name, cfg] of Object.entries(configs)) {
    it(`gives identical events, tracks and stats: ${name}`, { timeout: 600_000 }, () => {
      const a = new Tracker(cfg),
        b = new ReferenceTracker(cfg);
      let events = 0;
      for (const s of scans) {
        // (the optimised tracker also names the report behind each update and reports initiations;
        // the reference does not)
        const ea = [...a.processScan(s), ...a.prune()]
          .filter((e) => !e.initiated)
          .map((e) => {
            const copy = { ...e };
            delete copy.report;
            return copy;
          });
        const eb = [...b.processScan(s), ...b.prune()];
        expect(ea).toEqual(eb); // exact numbers: same operations in the same order
        events += ea.length;
      }
      expect(events).toBeGreaterThan(1000);
      expect(a.stats).toEqual(b.stats);
      expect(a.stats.oosm).toBeGreaterThan(0);
      expect(a.stats.confirmed).toBeGreaterThan(0);
      const snap = (t: Tracker | ReferenceTracker) =>
        [...t.tracks.values()].map((k) => ({
          id: k.id,
          x: k.x,
          P: k.P,
          t: k.t,
          hits: k.hits,
          status: k.status,
        }));
      expect(snap(a)).toEqual(snap(b));
    });
  }

  it('the scratch-buffer gate and update equal innovation/update on random SPD inputs', () => {
    const rng = new Prng(5);
    for (let trial = 0; trial < 200; trial++) {
      const n = 6,
        m = 3;
      const A = Array.from({ length: n }, () =>
        Array.from({ length: n }, () => rng.normal() * 100),
      );
      const P = A.map((_, i) =>
        A.map((_, j) => A[i].reduce((s, v, k) => s + v * A[j][k], 0) + (i === j ? 1 : 0)),
      );
      const x = Array.from({ length: n }, () => rng.normal() * 1e5);
      const z = Array.from({ length: m }, () => rng.normal() * 1e5);
      const B = Array.from({ length: m }, () => Array.from({ length: m }, () => rng.normal() * 30));
      const R = B.map((_, i) =>
        B.map((_, j) => B[i].reduce((s, v, k) => s + v * B[j][k], 0) + (i === j ? 1 : 0)),
      );
      expect(gateD2({ x, P }, z, R)).toBe(innovation({ x, P }, z, R).d2);
      const u = update({ x, P }, z, R),
        v = updateState({ x, P }, z, R);
      expect(v.x).toEqual(u.x);
      expect(v.P).toEqual(u.P);
    }
  });
});
