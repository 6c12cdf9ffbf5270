import { describe, expect, it } from 'vitest';
import { gateD2, type Gaussian } from '../kalman.js';
import { cholesky, diag, invSpd, mul, transpose, type Mat } from '../linalg.js';
import type { Measurement } from '../measurement.js';
import { Prng } from '../prng.js';
import { planTrajectory, referenceShot } from '../trajectory.js';
import { immEstimate, immInit, immPredict, immUpdate, type ImmState } from './imm.js';
import { immPairs, immPdaUpdate } from './imm-pda.js';
import { jpdaAssociate } from './jpda.js';

const R = diag([300 ** 2, 300 ** 2, 300 ** 2]);
const rep = (z: number[], k = 0): Measurement => ({
  id: `r${k}`,
  sensor: 's',
  time: 0,
  z,
  R,
  boost: false,
});

/** An IMM track of a boosting shot after a few reports, predicted to the next report's time. */
function predictedTrack(): { pred: ImmState; truth: number[] } {
  const tr = planTrajectory(referenceShot());
  const rng = new Prng(11);
  const at = (t: number) => tr.stateAt(t)!;
  let s = immInit({ x: at(20).slice(), P: diag([1e5, 1e5, 1e5, 1e4, 1e4, 1e4]) }, 20);
  for (let t = 22; t <= 40; t += 2)
    s = immUpdate(
      immPredict(s, t),
      [0, 1, 2].map((i) => at(t)[i] + 300 * rng.normal()),
      R,
    );
  return { pred: immPredict(s, 42), truth: at(42) };
}

const positiveDefinite = (P: Mat) => {
  // Cholesky of the correlation matrix (scale-free): throws when not positive-definite.
  const d = P.map((row, i) => Math.sqrt(row[i]));
  expect(() => cholesky(P.map((row, i) => row.map((v, j) => v / (d[i] * d[j]))))).not.toThrow();
};

describe('#18 IMM-PDA / IMM-JPDA update (imm-pda.ts)', () => {
  it("one report, P_D = 1, no clutter: association gives β = 1 and the update is the IMM's own (GNN) update", () => {
    const { pred, truth } = predictedTrack();
    const m = rep([0, 1, 2].map((i) => truth[i] + 250));
    const est = immEstimate(pred);
    const pairs = immPairs(pred, [m]);
    const r = jpdaAssociate(
      [est],
      [[{ k: 0, d2: gateD2(est, m.z, m.R) }]],
      [m],
      { pD: 1, clutterDensity: 1e-300, gateProbability: 1, maxEvents: 100 },
      [0],
      { likelihood: (_t, a) => Math.exp(pairs.logLik[a]), noState: () => true },
    );
    expect(r.beta[0]![0]).toBe(0);
    expect(r.beta[0]![1]).toBe(1);
    expect(r.state[0]).toBeNull();
    const pda = immPdaUpdate(pred, [m], [r.beta[0]![1]], r.beta[0]![0], undefined, pairs);
    const gnn = immUpdate(pred, m.z, m.R);
    pda.mu.forEach((v, j) => expect(v).toBeCloseTo(gnn.mu[j], 12));
    pda.modes.forEach((g, j) => {
      g.x.forEach((v, i) => expect(v).toBeCloseTo(gnn.modes[j].x[i], 6));
      g.P.forEach((row, i) =>
        row.forEach((v, c) => expect(v).toBeCloseTo(gnn.modes[j].P[i][c], 6)),
      );
    });
    pda.drag!.forEach((d, j) => expect(d.k).toBeCloseTo(gnn.drag![j].k, 12));
    // Mode probabilities moved by the report (not just kept): the update did something.
    expect(pda.mu.some((v, j) => Math.abs(v - pred.mu[j]) > 1e-6)).toBe(true);
  });

  it('with clutter: mode probabilities sum to 1, covariances stay positive-definite, and each mode is the PDAF of its own β (combined innovation and spread term)', () => {
    const { pred, truth } = predictedTrack();
    const rng = new Prng(3);
    const ms = Array.from({ length: 4 }, (_, k) =>
      rep(
        [0, 1, 2].map((i) => truth[i] + (k === 0 ? 300 : 900) * rng.normal()),
        k,
      ),
    );
    const est = immEstimate(pred);
    const pairs = immPairs(pred, ms);
    const gated = ms.map((m, k) => ({ k, d2: gateD2(est, m.z, m.R) }));
    const r = jpdaAssociate(
      [est],
      [gated],
      ms,
      { pD: 0.9, clutterDensity: 1e-12, gateProbability: 0.9995, maxEvents: 1000 },
      [0],
      { likelihood: (_t, a) => Math.exp(pairs.logLik[a]), noState: () => true },
    );
    const b = r.beta[0]!;
    expect(b.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    const beta = Array.from(b.subarray(1));
    // A real mixture: at least two hypotheses carry weight (so the spread term is exercised).
    expect([...b].filter((v) => v > 0.02).length).toBeGreaterThanOrEqual(2);
    const post = immPdaUpdate(pred, ms, beta, b[0], undefined, pairs);
    expect(post.mu.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    post.mu.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    post.modes.forEach((g) => positiveDefinite(g.P));
    positiveDefinite(immEstimate(post).P);

    // Each mode j by the PDAF's closed form with its mode-conditioned β (one R, so one gain K_j).
    pred.modes.forEach((g, j) => {
      if (!(pred.mu[j] > 1e-9)) return;
      const N = ms.map((_, k) => Math.exp(pairs.ll[k][j]));
      const L = ms.map((_, k) =>
        pred.mu.reduce((a, mu, i) => a + mu * Math.exp(pairs.ll[k][i]), 0),
      );
      const raw = [b[0], ...beta.map((bk, k) => (bk * N[k]) / L[k])];
      const c = raw.reduce((x, y) => x + y, 0);
      expect(post.mu[j]).toBeCloseTo(
        (pred.mu[j] * c) /
          pred.mu.reduce((a, mu, i) => {
            const Ni = ms.map((_, k) => Math.exp(pairs.ll[k][i]));
            return a + mu * (b[0] + beta.reduce((s, bk, k) => s + (bk * Ni[k]) / L[k], 0));
          }, 0),
        10,
      );
      const bj = raw.map((v) => v / c);
      const H = (P: Mat) => P.map((row) => row.slice(0, 3));
      const S = g.P.slice(0, 3).map((row, i) => row.slice(0, 3).map((v, c2) => v + R[i][c2]));
      const K = mul(H(g.P), invSpd(S));
      const nus = ms.map((m) => m.z.map((v, i) => v - g.x[i]));
      const nu = [0, 1, 2].map((i) => nus.reduce((a, n, k) => a + bj[k + 1] * n[i], 0));
      const x = g.x.map((v, i) => v + K[i].reduce((a, kv, c2) => a + kv * nu[c2], 0));
      const KSKt = mul(mul(K, S), transpose(K));
      const spread = [0, 1, 2].map((i) =>
        [0, 1, 2].map(
          (c2) => nus.reduce((a, n, k) => a + bj[k + 1] * n[i] * n[c2], 0) - nu[i] * nu[c2],
        ),
      );
      const KsKt = mul(mul(K, spread), transpose(K));
      const P = g.P.map((row, i) =>
        row.map((v, c2) => v - (1 - bj[0]) * KSKt[i][c2] + KsKt[i][c2]),
      );
      const m = post.modes[j];
      x.forEach((v, i) => expect(Math.abs(m.x[i] - v)).toBeLessThan(1e-6 * (1 + Math.abs(v))));
      P.forEach((row, i) =>
        row.forEach((v, c2) =>
          expect(Math.abs(m.P[i][c2] - v)).toBeLessThan(
            1e-6 * Math.sqrt(Math.abs(P[i][i] * P[c2][c2])),
          ),
        ),
      );
    });
  });

  it("a mode of probability 0 far from the report is updated with the track's β, not left as predicted (its covariance grew without bound and failed the track)", () => {
    const { pred, truth } = predictedTrack();
    // Re-entry switched off (μ = 0, as while climbing) and its state 50 km off: its likelihood of the
    // report underflows against the mixture's, so its own split weights were β₀ alone.
    const off: ImmState = {
      ...pred,
      mu: [pred.mu[0] + pred.mu[2], pred.mu[1], 0],
      modes: pred.modes.map((g, j) =>
        j === 2 ? { x: g.x.map((v, i) => (i < 3 ? v + 50e3 : v)), P: g.P } : g,
      ),
    };
    const m = rep([0, 1, 2].map((i) => truth[i] + 200));
    const post = immPdaUpdate(off, [m], [0.9], 0.1);
    expect(post.mu[2]).toBe(0);
    const dist = (x: number[]) => Math.hypot(x[0] - m.z[0], x[1] - m.z[1], x[2] - m.z[2]);
    // The mixture of its prediction (0.1) and its Kalman update with the report (0.9).
    const u = immUpdate(off, m.z, m.R).modes[2];
    post.modes[2].x.forEach((v, i) =>
      expect(v).toBeCloseTo(0.1 * off.modes[2].x[i] + 0.9 * u.x[i], 3),
    );
    expect(dist(post.modes[2].x)).toBeLessThan(0.9 * dist(off.modes[2].x));
    positiveDefinite(post.modes[2].P);
  });

  it('no report in the gate (β₀ = 1): the prediction is kept, mode probabilities unchanged', () => {
    const { pred } = predictedTrack();
    const post = immPdaUpdate(pred, [], [], 1);
    expect(post.mu).toEqual(pred.mu);
    post.modes.forEach((g: Gaussian, j) => expect(g.x).toEqual(pred.modes[j].x));
  });
});
