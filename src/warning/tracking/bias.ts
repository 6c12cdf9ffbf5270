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

/**
 * Kalman update of an augmented state with a report z = position + J·b + v, where b is the bias of
 * the report's sensor (3 components starting at index `at`) in the sensor's own units and J its
 * Jacobian into ECEF metres: for a radar, b = (range m, azimuth deg, elevation deg) and J the
 * conversion's Jacobian at the report; for a position sensor, J = I. (`augUpdate` is J = I.)
 */
export function augUpdateJ(g: Gaussian, z: Vec, R: Mat, at: number, J: Mat): Gaussian & Innovation {
  const n = g.x.length;
  if (at < 6 || at + 3 > n) throw new Error(`no bias state at ${at}`);
  const P = g.P;
  // P Hᵀ (n × 3) with H = [I₃ 0 | J at the sensor's bias]: row i is P[i][0..2] + P[i][at..at+2]·Jᵀ.
  const PHt: Mat = P.map((row) =>
    [0, 1, 2].map(
      (c) => row[c] + row[at] * J[c][0] + row[at + 1] * J[c][1] + row[at + 2] * J[c][2],
    ),
  );
  // S = H P Hᵀ + R: rows of H applied to PHt.
  const S: Mat = [0, 1, 2].map((r) =>
    [0, 1, 2].map(
      (c) =>
        PHt[r][c] +
        J[r][0] * PHt[at][c] +
        J[r][1] * PHt[at + 1][c] +
        J[r][2] * PHt[at + 2][c] +
        R[r][c],
    ),
  );
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < r; c++) S[r][c] = S[c][r] = 0.5 * (S[r][c] + S[c][r]);
  const b = [0, 1, 2].map((r) => J[r][0] * g.x[at] + J[r][1] * g.x[at + 1] + J[r][2] * g.x[at + 2]);
  const nu = [0, 1, 2].map((i) => z[i] - g.x[i] - b[i]);
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

/**
 * The report as the 6-D target state sees it, for gating: z − J·b̂ and R + the bias's share of the
 * innovation covariance (J Pbb Jᵀ + Ppb Jᵀ + J Pbp), so that `gateD2(targetPart(g), z', R')` is the
 * innovation's νᵀS⁻¹ν of `augUpdateJ(g, z, R, at, J)`.
 */
export function biasCorrected(g: Gaussian, z: Vec, R: Mat, at: number, J: Mat): { z: Vec; R: Mat } {
  const P = g.P;
  const Jb = [0, 1, 2].map(
    (r) => J[r][0] * g.x[at] + J[r][1] * g.x[at + 1] + J[r][2] * g.x[at + 2],
  );
  // C = Ppb Jᵀ (3 × 3), B = J Pbb Jᵀ.
  const C = [0, 1, 2].map((r) =>
    [0, 1, 2].map((c) => P[r][at] * J[c][0] + P[r][at + 1] * J[c][1] + P[r][at + 2] * J[c][2]),
  );
  const PbbJt = [0, 1, 2].map((r) =>
    [0, 1, 2].map(
      (c) => P[at + r][at] * J[c][0] + P[at + r][at + 1] * J[c][1] + P[at + r][at + 2] * J[c][2],
    ),
  );
  const Rn = [0, 1, 2].map((r) =>
    [0, 1, 2].map((c) => {
      const B = J[r][0] * PbbJt[0][c] + J[r][1] * PbbJt[1][c] + J[r][2] * PbbJt[2][c];
      return R[r][c] + B + C[r][c] + C[c][r];
    }),
  );
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < r; c++) Rn[r][c] = Rn[c][r] = 0.5 * (Rn[r][c] + Rn[c][r]);
  return { z: [0, 1, 2].map((i) => z[i] - Jb[i]), R: Rn };
}

/** The state with three more components: a sensor's bias with prior mean `b` and covariance `B`. */
export function addBiasSlot(g: Gaussian, b: Vec, B: Mat): Gaussian {
  const n = g.x.length;
  const P = zeros(n + 3);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i][j] = g.P[i][j];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) P[n + i][n + j] = B[i][j];
  return { x: [...g.x, b[0], b[1], b[2]], P };
}

/** A sensor's bias (3 components at `at`) as a Gaussian of its own. */
export function biasPart(g: Gaussian, at: number): Gaussian {
  return {
    x: g.x.slice(at, at + 3),
    P: g.P.slice(at, at + 3).map((r) => r.slice(at, at + 3)),
  };
}

/** IMM steps on the augmented state for a report whose sensor's bias starts at `at`, Jacobian J. */
export function augmentedOpsJ(at: number, J: Mat): ImmOps {
  return {
    predict: (_filter, g, dt, q) => augPredict(g, dt, q),
    update: (g, z, R) => augUpdateJ(g, z, R, at, J),
  };
}
