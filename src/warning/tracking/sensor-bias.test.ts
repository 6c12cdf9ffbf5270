import { describe, expect, it } from 'vitest';
import { ecefToRae, type LatLonH } from '../../geo/wgs84.js';
import { gateD2 } from '../kalman.js';
import { diag, invSpd } from '../linalg.js';
import { checkReport, type Measurement } from '../measurement.js';
import { Prng } from '../prng.js';
import { Tracker } from '../tracker.js';
import { parseTrackerConfig } from '../tracker-config.js';
import { planTrajectory, referenceShot } from '../trajectory.js';
import { addBiasSlot, augUpdate, augUpdateJ, biasCorrected, targetPart } from './bias.js';
import { MhtTracker } from './mht.js';

const traj = planTrajectory(referenceShot());
const SITES: LatLonH[] = [
  { lat: 21.5, lon: 46, h: 0 },
  { lat: 23, lon: 50.5, h: 0 },
];
const SIGMA = diag([50 ** 2, 0.05 ** 2, 0.05 ** 2]);

/** Radar reports of the trajectory in free flight, alternately from the two sites, with the given biases. */
function reports(bias: number[][], seed: number, from = 100, to = 400) {
  return scans(bias, seed, { from, to }).map(({ scan, truth }) => ({ m: scan[0], truth }));
}

/**
 * Scans of the two radars in turn: the missile's report (with probability pD) and Poisson clutter
 * (`clutter` a scan, uniform within ±5 km in range and ±0.3° in azimuth and elevation of the
 * missile), in a seeded order.
 */
function scans(
  bias: number[][],
  seed: number,
  o: { from?: number; to?: number; pD?: number; clutter?: number } = {},
) {
  const rng = new Prng(seed);
  const { from = 100, to = 400, pD = 1, clutter = 0 } = o;
  const out: { scan: Measurement[]; truth: number[] }[] = [];
  for (let t = from, k = 0; t <= to; t += 2, k++) {
    const s = traj.stateAt(t)!;
    const site = SITES[k % 2];
    const rae = ecefToRae([s[0], s[1], s[2]], site);
    const report = (id: string, z: number[]) => {
      const c = checkReport({
        id,
        sensor: `radar-${k % 2}`,
        time: t,
        kind: 'rae',
        z,
        R: SIGMA,
        site,
      });
      if (!c.ok) throw new Error(c.detail);
      return c.m;
    };
    const scan: Measurement[] = [];
    if (pD >= 1 || rng.next() < pD)
      scan.push(
        report(`r${k}`, [
          rae[0] + bias[k % 2][0] + rng.normal() * 50,
          rae[1] + bias[k % 2][1] + rng.normal() * 0.05,
          rae[2] + bias[k % 2][2] + rng.normal() * 0.05,
        ]),
      );
    const n = clutter > 0 ? rng.poisson(clutter) : 0;
    for (let c = 0; c < n; c++)
      scan.push(
        report(`c${k}:${c}`, [
          rae[0] + rng.uniform(-5000, 5000),
          rae[1] + rng.uniform(-0.3, 0.3),
          rae[2] + rng.uniform(-0.3, 0.3),
        ]),
      );
    for (let i = scan.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [scan[i], scan[j]] = [scan[j], scan[i]];
    }
    if (scan.length) out.push({ scan, truth: s });
  }
  return out;
}

describe('#18.8 sensor-bias estimation in the Tracker', () => {
  it('the bias update with J = I is the ECEF-bias update, and the corrected gate is its innovation', () => {
    const s = traj.stateAt(150)!;
    const g = addBiasSlot(
      { x: s, P: diag([1e4, 2e4, 3e4, 100, 200, 300]) },
      [30, -20, 10],
      diag([200 ** 2, 200 ** 2, 200 ** 2]),
    );
    const z = [s[0] + 250, s[1] - 100, s[2] + 80];
    const R = diag([300 ** 2, 300 ** 2, 300 ** 2]);
    const a = augUpdate(g, z, R, 0);
    const b = augUpdateJ(g, z, R, 6, diag([1, 1, 1]));
    b.x.forEach((v, i) => expect(v).toBeCloseTo(a.x[i], 6));
    b.P.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(a.P[i][j], 4)));
    // A radar Jacobian: the gate on the target part with the corrected report is the update's d².
    const J = [
      [0.3, 8000, -200],
      [0.5, -5000, -300],
      [0.8, 0, 9000],
    ];
    const c = biasCorrected(g, z, R, 6, J);
    const u = augUpdateJ(g, z, R, 6, J);
    expect(gateD2(targetPart(g), c.z, c.R)).toBeCloseTo(u.d2, 6);
  });

  it('config: sensorBias is accepted with the EKF or IMM and refused with what it does not support', () => {
    expect(parseTrackerConfig({ sensorBias: true }).sensorBias).toEqual({
      rangeM: 20,
      azDeg: 0.01,
      elDeg: 0.01,
      ecefM: 0,
    });
    expect(
      parseTrackerConfig({ filter: 'imm', sensorBias: { azDeg: 0.02 } }).sensorBias?.azDeg,
    ).toBe(0.02);
    expect(() => parseTrackerConfig({ sensorBias: { rangeM: -1 } })).toThrow(/rangeM/);
    expect(() => parseTrackerConfig({ filter: 'ukf', sensorBias: true })).toThrow(/ekf/);
    expect(() => parseTrackerConfig({ model: 'cv2', sensorBias: true })).toThrow(/ballistic/);
    // JPDA: the augmented state takes the association-weighted posterior; MHT: every hypothesis
    // carries it (both below). The Tracker class itself is GNN/JPDA's (createTracker picks MhtTracker).
    for (const method of ['jpda', 'mht'] as const)
      expect(parseTrackerConfig({ sensorBias: true, association: { method } }).sensorBias).toEqual(
        parseTrackerConfig({ sensorBias: true }).sensorBias,
      );
    const gnn = parseTrackerConfig({ sensorBias: true });
    const mht = parseTrackerConfig({ association: { method: 'mht' } }).association;
    expect(() => new Tracker({ ...gnn, association: mht })).toThrow(/GNN or JPDA/);
    expect(() => new MhtTracker({ ...gnn, association: mht, filter: 'ukf' })).toThrow(/EKF or IMM/);
  });

  it('two biased radars on one missile: the tracker estimates their relative bias per sensor and stays consistent', () => {
    const bias = [
      [15, 0.012, -0.01],
      [-10, -0.008, 0.012],
    ];
    // Free flight only: the process noise of free flight (the default 0.05 is kept loose for boost).
    const processNoise = { q: 1e-4 };
    const config = parseTrackerConfig({
      processNoise,
      sensorBias: { rangeM: 20, azDeg: 0.01, elDeg: 0.01 },
    });
    const plain = parseTrackerConfig({ processNoise });
    const nees = { est: 0, plain: 0 };
    let n = 0;
    const runs = 8;
    for (let run = 0; run < runs; run++) {
      const withBias = new Tracker(config);
      const without = new Tracker(plain);
      for (const [k, { m, truth }] of reports(bias, 100 + run).entries()) {
        const e = withBias.processScan([m]).find((ev) => ev.report === m.id)!;
        const f = without.processScan([m]).find((ev) => ev.report === m.id)!;
        withBias.prune(m.time);
        without.prune(m.time);
        if (k < 100) continue; // after 200 s of free flight
        for (const [key, ev] of [
          ['est', e],
          ['plain', f],
        ] as const) {
          const d = ev.x.map((v, i) => v - truth[i]);
          nees[key] += gateD2(
            { x: d.map(() => 0), P: ev.P },
            d,
            diag([0, 0, 0, 0, 0, 0].map(() => 1e-9)),
          );
        }
        n++;
      }
      expect(withBias.tracks.size).toBe(1);
      const est = withBias.sensorBiases();
      expect(est.map((b) => b.sensor).sort()).toEqual(['radar-0', 'radar-1']);
      for (const b of est) {
        expect(b.kind).toBe('rae');
        expect(b.P[1][1]).toBeLessThan(0.01 ** 2); // the azimuth bias is learnt beyond its prior
      }
    }
    // 6-D NEES averaged over runs and instants: with estimation near 6, without it far above.
    const avg = { est: nees.est / n, plain: nees.plain / n };
    console.log(`#18.8 tracker bias NEES ${JSON.stringify(avg)}`);
    expect(avg.est).toBeGreaterThan(3);
    expect(avg.est).toBeLessThan(9);
    expect(avg.plain).toBeGreaterThan(2 * avg.est);
  });

  it("JPDA in clutter (EKF and IMM): each radar's bias estimate holds the injected bias within its covariance and is learnt beyond the prior", () => {
    const bias = [
      [15, 0.012, -0.01],
      [-10, -0.008, 0.012],
    ];
    const prior = { rangeM: 20, azDeg: 0.01, elDeg: 0.01 };
    // 2 clutter reports a scan in ±5 km × ±0.3° × ±0.3° around the missile (about 8 × 10¹¹ m³ at
    // its 700–1,000 km ranges), P_D 0.9.
    const jpda = { pD: 0.9, clutterDensity: 3e-12 };
    const runs: { filter: 'ekf' | 'imm'; seed: number }[] = [
      { filter: 'ekf', seed: 1 },
      { filter: 'ekf', seed: 2 },
      { filter: 'ekf', seed: 3 },
      { filter: 'imm', seed: 4 },
    ];
    const nees: number[] = [];
    for (const { filter, seed } of runs) {
      const config = parseTrackerConfig({
        ...(filter === 'imm' ? { filter } : { processNoise: { q: 1e-4 } }),
        sensorBias: prior,
        association: { method: 'jpda', jpda },
      });
      const tk = new Tracker(config);
      let soft = 0;
      for (const { scan } of scans(bias, seed, { pD: 0.9, clutter: 2 })) {
        // Scans where a confirmed track has more than one report in its gate: JPDA weighs them.
        const before = [...tk.tracks.values()].filter((t) => t.status === 'confirmed').length;
        const ev = tk.processScan(scan);
        if (before && scan.length > 1 && ev.some((e) => e.report)) soft++;
        tk.prune(scan[0].time);
      }
      expect(soft, `${filter} seed ${seed}`).toBeGreaterThan(50);
      expect(tk.stats.jpdaFallbacks ?? 0).toBe(0);
      const est = tk.sensorBiases().sort((a, b) => a.sensor.localeCompare(b.sensor));
      expect(est.map((b) => b.sensor)).toEqual(['radar-0', 'radar-1']);
      est.forEach((b, i) => {
        expect(b.kind).toBe('rae');
        const d = b.x.map((v, j) => v - bias[i][j]);
        const Pi = invSpd(b.P);
        const q = d.reduce(
          (a, di, r) => a + d.reduce((c, dj, c2) => c + di * Pi[r][c2] * dj, 0),
          0,
        );
        nees.push(q);
        // Within its covariance: chi-square, 3 degrees of freedom, 0.999.
        expect(q, `${filter} seed ${seed} ${b.sensor}`).toBeLessThan(16.27);
        // Azimuth and elevation learnt well beyond the prior (range is weakly observable here).
        expect(Math.sqrt(b.P[1][1])).toBeLessThan(0.75 * prior.azDeg);
        expect(Math.sqrt(b.P[2][2])).toBeLessThan(0.75 * prior.elDeg);
      });
    }
    const mean = nees.reduce((a, b) => a + b, 0) / nees.length;
    console.log(`#18 JPDA bias NEES per sensor ${nees.map((v) => v.toFixed(2)).join(' ')}`);
    // 8 chi-square(3) draws: mean 3, standard deviation 0.87.
    expect(mean).toBeLessThan(6);
  });

  it("MHT in clutter (EKF and IMM): every hypothesis carries the biases; each radar's estimate holds the injected bias within its covariance, is learnt beyond the prior, and the missile's track stays consistent", () => {
    const bias = [
      [15, 0.012, -0.01],
      [-10, -0.008, 0.012],
    ];
    const prior = { rangeM: 20, azDeg: 0.01, elDeg: 0.01 };
    // The JPDA case's scenario: 2 clutter reports a scan around the missile, P_D 0.9.
    const jpda = { pD: 0.9, clutterDensity: 3e-12 };
    const runs: { filter: 'ekf' | 'imm'; seed: number }[] = [
      { filter: 'ekf', seed: 1 },
      { filter: 'ekf', seed: 2 },
      { filter: 'ekf', seed: 3 },
      { filter: 'imm', seed: 4 },
    ];
    const nees: number[] = [];
    // The missile's track: 6-D NEES with estimation (every run) and without (the EKF runs).
    const track = { est: 0, n: 0, plain: 0, nPlain: 0 };
    for (const { filter, seed } of runs) {
      const options = {
        ...(filter === 'imm' ? { filter } : { processNoise: { q: 1e-4 } }),
        association: { method: 'mht' as const, jpda },
      };
      const tk = new MhtTracker(parseTrackerConfig({ ...options, sensorBias: prior }));
      const plain = filter === 'ekf' ? new MhtTracker(parseTrackerConfig(options)) : null;
      for (const [k, { scan, truth }] of scans(bias, seed, { pD: 0.9, clutter: 2 }).entries()) {
        const e = tk.processScan(scan);
        const f = plain?.processScan(scan);
        tk.prune(scan[0].time);
        plain?.prune(scan[0].time);
        if (k < 100) continue; // after 200 s of free flight
        // The missile's track in the best global hypothesis: the confirmed track that took the
        // missile's report this scan (none when it was missed or went to no confirmed track).
        const missile = (ev: typeof e | undefined) =>
          ev?.find((x) => x.status === 'confirmed' && x.report?.startsWith('r'));
        const nees6 = (ev: { x: number[]; P: number[][] }) => {
          const d = ev.x.map((v, i) => v - truth[i]);
          return gateD2({ x: d.map(() => 0), P: ev.P }, d, diag(d.map(() => 1e-9)));
        };
        const a = missile(e),
          b = missile(f);
        if (a) {
          track.est += nees6(a);
          track.n++;
        }
        if (b) {
          track.plain += nees6(b);
          track.nPlain++;
        }
      }
      // The best hypothesis' confirmed tracks carry the augmented state with both radars' biases.
      const confirmed = [...tk.tracks.values()].filter((t) => t.status === 'confirmed');
      expect(confirmed.length, `${filter} seed ${seed}`).toBeGreaterThan(0);
      expect(confirmed.every((t) => t.bias?.sensors.length === 2 && t.x.length === 6)).toBe(true);
      const est = tk.sensorBiases().sort((a, b) => a.sensor.localeCompare(b.sensor));
      expect(est.map((b) => b.sensor)).toEqual(['radar-0', 'radar-1']);
      if (plain) expect(plain.sensorBiases()).toEqual([]);
      est.forEach((b, i) => {
        expect(b.kind).toBe('rae');
        const d = b.x.map((v, j) => v - bias[i][j]);
        const Pi = invSpd(b.P);
        const q = d.reduce(
          (a, di, r) => a + d.reduce((c, dj, c2) => c + di * Pi[r][c2] * dj, 0),
          0,
        );
        nees.push(q);
        // Within its covariance: chi-square, 3 degrees of freedom, 0.999.
        expect(q, `${filter} seed ${seed} ${b.sensor}`).toBeLessThan(16.27);
        // Azimuth and elevation learnt well beyond the prior (range is weakly observable here).
        expect(Math.sqrt(b.P[1][1])).toBeLessThan(0.75 * prior.azDeg);
        expect(Math.sqrt(b.P[2][2])).toBeLessThan(0.75 * prior.elDeg);
      });
    }
    const mean = nees.reduce((a, b) => a + b, 0) / nees.length;
    const avg = { est: track.est / track.n, plain: track.plain / track.nPlain };
    console.log(
      `#18 MHT bias NEES per sensor ${nees.map((v) => v.toFixed(2)).join(' ')}; missile track 6-D NEES ${JSON.stringify(avg)}`,
    );
    // 8 chi-square(3) draws: mean 3, standard deviation 0.87.
    expect(mean).toBeLessThan(6);
    // The missile's track with estimation near 6 (6-D), without it (the biases unmodelled) far above.
    expect(track.n).toBeGreaterThan(150);
    expect(avg.est).toBeLessThan(9);
    expect(avg.plain).toBeGreaterThan(1.5 * avg.est);
  }, 120_000);
});
