import { add, cholesky, invSpd, mahalanobis2, mul, sandwich, symmetrize, zeros, type Mat, type Vec } from './linalg.js';
import type { MotionModel } from './motion-models.js';

export type FilterKind = 'ekf' | 'ukf';

export interface Gaussian {
  x: Vec;
  P: Mat;
}

/** Predicts a Gaussian through the motion model by EKF linearisation or the unscented transform. */
export function predict(kind: FilterKind, model: MotionModel, g: Gaussian, dt: number, q: number): Gaussian {
  if (dt === 0) return { x: g.x.slice(), P: g.P.map((r) => r.slice()) };
  const Q = model.Q(dt, q);
  if (kind === 'ekf' || model.name !== 'ballistic') {
    // Linear models: the EKF is the exact Kalman filter, and the UKF reduces to it.
    const { x, F } = model.fF ? model.fF(g.x, dt) : { x: model.f(g.x, dt), F: model.F(g.x, dt) };
    const P = sandwich(F, g.P);
    const n = P.length;
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) P[i][j] = P[j][i] = 0.5 * (P[i][j] + P[j][i]) + Q[i][j];
    for (let i = 0; i < n; i++) P[i][i] += Q[i][i];
    return { x, P };
  }
  const { points, wm, wc } = sigmaPoints(g);
  const prop = points.map((p) => model.f(p, dt));
  const { x, P } = recombine(prop, wm, wc);
  return { x, P: symmetrize(add(P, Q)) };
}

/** Scaled unscented transform points with alpha = 1, beta = 2, kappa = 0 (2n equal-weight points plus the mean). */
export function sigmaPoints(g: Gaussian, alpha = 1, beta = 2, kappa = 0): { points: Vec[]; wm: number[]; wc: number[] } {
  const n = g.x.length;
  const lambda = alpha * alpha * (n + kappa) - n;
  const S = cholesky(g.P.map((r) => r.map((v) => v * (n + lambda))));
  const points: Vec[] = [g.x.slice()];
  for (let i = 0; i < n; i++) {
    points.push(g.x.map((v, k) => v + S[k][i]));
    points.push(g.x.map((v, k) => v - S[k][i]));
  }
  const w = 1 / (2 * (n + lambda));
  const wm = [lambda / (n + lambda), ...new Array(2 * n).fill(w)];
  const wc = [lambda / (n + lambda) + (1 - alpha * alpha + beta), ...new Array(2 * n).fill(w)];
  return { points, wm, wc };
}

export function recombine(points: Vec[], wm: number[], wc: number[]): Gaussian {
  const n = points[0].length;
  const x = new Array(n).fill(0);
  points.forEach((p, k) => p.forEach((v, i) => (x[i] += wm[k] * v)));
  const P = zeros(n);
  points.forEach((p, k) => {
    const d = p.map((v, i) => v - x[i]);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i][j] += wc[k] * d[i] * d[j];
  });
  return { x, P };
}

export interface Innovation {
  nu: Vec;
  S: Mat;
  /** Normalised innovation squared νᵀS⁻¹ν. */
  d2: number;
}

/** Innovation of a position measurement z (covariance R) against the first z.length state components. */
export function innovation(g: Gaussian, z: Vec, R: Mat): Innovation {
  const m = z.length;
  const nu = new Array(m);
  for (let i = 0; i < m; i++) nu[i] = z[i] - g.x[i];
  const S = zeros(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) S[i][j] = g.P[i][j] + R[i][j];
  return { nu, S, d2: mahalanobis2(nu, S) };
}

/** Kalman update for the linear position measurement (Joseph form for numerical robustness). */
export function update(g: Gaussian, z: Vec, R: Mat): Gaussian & Innovation {
  const inn = innovation(g, z, R);
  const m = z.length, n = g.x.length;
  const Si = invSpd(inn.S);
  const PHt = g.P.map((row) => row.slice(0, m));
  const K = mul(PHt, Si);
  const x = g.x.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) x[i] += K[i][j] * inn.nu[j];
  // P − K S Kᵀ (symmetric form; S = HPHᵀ + R), then symmetrised.
  const KS = mul(K, inn.S);
  const P = zeros(n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += KS[i][k] * K[j][k];
    P[i][j] = P[j][i] = 0.5 * (g.P[i][j] + g.P[j][i]) - s;
  }
  return { x, P, ...inn };
}
