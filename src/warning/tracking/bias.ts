import type { Gaussian, Innovation } from '../kalman.js';
import { invSpd, mahalanobis2, mul, zeros, type Mat, type Vec } from '../linalg.js';
import { ballisticModel } from '../motion-models.js';
import type { ImmOps } from './imm.js';

/**
 * Sensor-bias estimation by state augmentation (Friedland 1969, "Treatment of bias in recursive
 * filtering", IEEE Trans. Automatic Control 14(4), 359–367; Bar-Shalom, Li & Kirubarajan,
 * "Estimation with Applications to Tracking and Navigation", Wiley 2001, on state augmentation): the state is [ECEF position, velocity | position bias of sensor 0 | of sensor 1 | …]
 * (6 + 3·sensors), each bias a constant with a Gaussian prior, and a report of sensor s measures
 * position + bias_s. With one sensor the bias is not observable (it shifts the whole track), but it
 * stays in the covariance, so the target's estimate remains consistent (the effect a Schmidt/consider
 * filter gives); with two or more sensors on the same object, the differences of their biases are
 * estimated from the reports.
 */

/** A new augmented state: the target's Gaussian and a bias prior of σ (m per axis) for each sensor. */
export function augment(g: Gaussian, sensors: number, biasSigmaM: number): Gaussian {
  const n = 6 + 3 * sensors;
  const x = [...g.x.slice(0, 6), ...new Array<number>(3 * sensors).fill(0)];
  const P = zeros(n);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) P[i][j] = g.P[i][j];
  for (let i = 6; i < n; i++) P[i][i] = biasSigmaM ** 2;
  return { x, P };
}

/** The target's part (6-D) of an augmented state. */
export function targetPart(g: Gaussian): Gaussian {
  return { x: g.x.slice(0, 6), P: g.P.slice(0, 6).map((r) => r.slice(0, 6)) };
}

/** EKF prediction of an augmented state: the target by the ballistic model, the biases constant. */
export function augPredict(g: Gaussian, dt: number, q: number): Gaussian {
  const n = g.x.length;
  const { x: xt, F } = ballisticModel.fF
    ? ballisticModel.fF(g.x.slice(0, 6), dt)
    : { x: ballisticModel.f(g.x.slice(0, 6), dt), F: ballisticModel.F(g.x.slice(0, 6), dt) };
  const Q = ballisticModel.Q(dt, q);
  // [F 0; 0 I] P [F 0; 0 I]ᵀ + [Q 0; 0 0]
  const FP = zeros(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i < 6) {
        let s = 0;
        for (let k = 0; k < 6; k++) s += F[i][k] * g.P[k][j];
        FP[i][j] = s;
      } else FP[i][j] = g.P[i][j];
    }
  const P = zeros(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let v: number;
      if (j < 6) {
        v = 0;
        for (let k = 0; k < 6; k++) v += FP[i][k] * F[j][k];
      } else v = FP[i][j];
      if (i < 6 && j < 6) v += Q[i][j];
      P[i][j] = P[j][i] = v;
    }
  return { x: [...xt, ...g.x.slice(6)], P };
}

/** Kalman update of an augmented state with a position report of sensor `s`: z = position + bias_s + v. */
export function augUpdate(g: Gaussian, z: Vec, R: Mat, s: number): Gaussian & Innovation {
  const n = g.x.length,
    b = 6 + 3 * s;
  if (b + 3 > n) throw new Error(`sensor ${s} has no bias state`);
  const P = g.P;
  // P Hᵀ (n × 3): H picks position i and bias_s i.
  const PHt: Mat = P.map((row) => [0, 1, 2].map((i) => row[i] + row[b + i]));
  const S: Mat = [0, 1, 2].map((i) => [0, 1, 2].map((j) => PHt[i][j] + PHt[b + i][j] + R[i][j]));
  const nu = [0, 1, 2].map((i) => z[i] - g.x[i] - g.x[b + i]);
  const K = mul(PHt, invSpd(S));
  const x = g.x.map((v, i) => v + K[i][0] * nu[0] + K[i][1] * nu[1] + K[i][2] * nu[2]);
  const KS = mul(K, S);
  const Pn = zeros(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let v = 0;
      for (let k = 0; k < 3; k++) v += KS[i][k] * K[j][k];
      Pn[i][j] = Pn[j][i] = 0.5 * (P[i][j] + P[j][i]) - v;
    }
  return { x, P: Pn, nu, S, d2: mahalanobis2(nu, S) };
}

/** IMM steps on the augmented state, for reports of sensor `s` (the EKF in every mode). */
export function augmentedOps(s: number): ImmOps {
  return {
    predict: (_filter, g, dt, q) => augPredict(g, dt, q),
    update: (g, z, R) => augUpdate(g, z, R, s),
  };
}
