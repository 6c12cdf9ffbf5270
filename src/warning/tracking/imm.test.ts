import { describe, expect, it } from 'vitest';
import { diag, invSpd } from '../linalg.js';
import { propagate } from '../ballistic-dynamics.js';
import { geodeticToEcef, enuToEcef } from '../../geo/wgs84.js';
import { Prng } from '../prng.js';
import {
  combine,
  DEFAULT_IMM,
  immEstimate,
  immInit,
  immKappa,
  immPredict,
  immReplaceModes,
  immUpdate,
  phaseProbability,
  phaseWeights,
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
    const re = DEFAULT_IMM.modes.findIndex((m) => m.name === 'reentry');
    expect(closed.map((row) => row[re])).toEqual(DEFAULT_IMM.modes.map(() => 0));
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
    s = { ...s, mu: phaseWeights({ boost: 0.2, ballistic: 0.8 }) };
    // Truth: 60 m/s² of thrust outward, beyond gravity, reported every 2 s with σ = 100 m.
    for (let t = 2; t <= 40; t += 2) {
      const z = [r + 1500 * t + 0.5 * 50 * t * t, 0, 0];
      s = immUpdate(immPredict(s, t), z, diag([1e4, 1e4, 1e4]));
    }
    expect(phaseProbability(s, 'boost')).toBeGreaterThan(0.8); // from 0.2; a 30 s mean sojourn keeps some on free flight
    expect(immEstimate(s).x.every(Number.isFinite)).toBe(true);
  });

  /** A body at 90 km over 23°N 50°E, descending at 30° below the horizon, heading east. */
  function descending(speed: number, up = false) {
    const site = { lat: 23, lon: 50, h: 90_000 };
    const p = geodeticToEcef(site);
    const dir = enuToEcef([Math.cos(Math.PI / 6), 0, (up ? 1 : -1) * Math.sin(Math.PI / 6)], {
      ...site,
      h: 0,
    }).map((v, i) => v - geodeticToEcef({ ...site, h: 0 })[i]);
    return [p[0], p[1], p[2], speed * dir[0], speed * dir[1], speed * dir[2]];
  }

  it('#18 re-entry: κ = 1/β is learned from the reports as drag builds, and the estimate stays consistent', () => {
    const truth0 = descending(3000);
    const rng = new Prng(3);
    const sigma = 50;
    let s = immInit({ x: truth0.slice(), P: diag([1e4, 1e4, 1e4, 100, 100, 100]) }, 0);
    s = { ...s, mu: phaseWeights({ ballistic: 1 }) };
    let truth = truth0;
    let nees = 0,
      n = 0;
    for (let t = 1; t <= 40; t++) {
      truth = propagate(truth, 1, 0.25, { beta: 5000 });
      const z = [0, 1, 2].map((i) => truth[i] + rng.normal() * sigma);
      s = immUpdate(immPredict(s, t), z, diag([sigma ** 2, sigma ** 2, sigma ** 2]));
      if (t > 20) {
        const g = immEstimate(s);
        const e = g.x.map((v, i) => v - truth[i]);
        // Position and velocity NEES through the 6×6 inverse (small, so a direct solve is fine).
        const Pi = invSpd(g.P);
        for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) nees += e[i] * Pi[i][j] * e[j];
        n++;
      }
    }
    const k = immKappa(s)!;
    // From the prior 4e-4 ± 4e-4 to the truth's 2e-4 within a few σ, σ well under the prior's.
    expect(Math.abs(k.kappa - 2e-4)).toBeLessThan(4 * k.sigma);
    expect(k.sigma).toBeLessThan(4e-5);
    expect(1 / k.kappa).toBeGreaterThan(4000);
    expect(1 / k.kappa).toBeLessThan(6250);
    // One run: the NEES of 20 instants (6-D) averages 6; a loose check against gross inconsistency.
    expect(nees / n).toBeLessThan(20);
  });

  it('#18 re-entry: κ is neither used nor learned while climbing through the atmosphere', () => {
    const x = descending(2000, true);
    let s = immInit({ x, P: diag([1e4, 1e4, 1e4, 100, 100, 100]) }, 0);
    // Reports from a thrusting (accelerating) climb: κ must not absorb the thrust as negative drag.
    let truth = x;
    for (let t = 1; t <= 10; t++) {
      truth = propagate(truth, 1, 0.25).map((v, i) => (i >= 3 ? v * 1.01 : v));
      s = immUpdate(immPredict(s, t), truth.slice(0, 3), diag([1e4, 1e4, 1e4]));
    }
    const k = immKappa(s)!;
    expect(k.kappa).toBeCloseTo(DEFAULT_IMM.drag!.kappa, 10);
  });

  it('#18 re-entry: replacing the modes (a fusion) carries κ by regression on the state', () => {
    const s0 = immInit({ x: descending(3000), P: diag([1e4, 1e4, 1e4, 100, 100, 100]) }, 0);
    const s = immPredict(s0, 20);
    const moved = s.modes.map((g) => ({ x: g.x.map((v, i) => (i === 3 ? v + 1 : v)), P: g.P }));
    const r = immReplaceModes(s, moved);
    expect(r.drag).toHaveLength(DEFAULT_IMM.modes.length);
    for (const d of r.drag!) expect(Number.isFinite(d.k) && d.Pkk > 0).toBe(true);
    // Unchanged modes leave κ as it was.
    const same = immReplaceModes(s, s.modes);
    same.drag!.forEach((d, m) => expect(d.k).toBeCloseTo(s.drag![m].k, 15));
  });
});
