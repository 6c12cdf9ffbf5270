import {
  add,
  cholesky,
  invSpd,
  mahalanobis2,
  mul,
  sandwich,
  symmetrize,
  zeros,
  type Mat,
  type Vec,
} from './linalg.js';
import type { MotionModel } from './motion-models.js';

export type FilterKind = 'ekf' | 'ukf';

export interface Gaussian {
  x: Vec;
  P: Mat;
}

/** Predicts a Gaussian through the motion model by EKF linearisation or the unscented transform. */
export function predict(
  kind: FilterKind,
  model: MotionModel,
  g: Gaussian,
  dt: number,
  q: number,
): Gaussian {
  if (dt === 0) return { x: g.x.slice(), P: g.P.map((r) => r.slice()) };
  const Q = model.Q(dt, q);
  if (kind === 'ekf' || model.name !== 'ballistic') {
    // Linear models: the EKF is the exact Kalman filter, and the UKF reduces to it.
    const { x, F } = model.fF ? model.fF(g.x, dt) : { x: model.f(g.x, dt), F: model.F(g.x, dt) };
    return { x, P: g.P.length <= MAXN ? propagateCovariance(F, g.P, Q) : sandwichQ(F, g.P, Q) };
  }
  const { points, wm, wc } = sigmaPoints(g);
  const prop = points.map((p) => model.f(p, dt));
  const { x, P } = recombine(prop, wm, wc);
  return { x, P: symmetrize(add(P, Q)) };
}

function sandwichQ(F: Mat, P0: Mat, Q: Mat): Mat {
  const P = sandwich(F, P0);
  const n = P.length;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) P[i][j] = P[j][i] = 0.5 * (P[i][j] + P[j][i]) + Q[i][j];
  for (let i = 0; i < n; i++) P[i][i] += Q[i][i];
  return P;
}

/** Scaled unscented transform points with alpha = 1, beta = 2, kappa = 0 (2n equal-weight points plus the mean). */
export function sigmaPoints(
  g: Gaussian,
  alpha = 1,
  beta = 2,
  kappa = 0,
): { points: Vec[]; wm: number[]; wc: number[] } {
  const n = g.x.length;
  const lambda = alpha * alpha * (n + kappa) - n;
  const S = cholesky(g.P.map((r) => r.map((v) => v * (n + lambda))));
  const points: Vec[] = [g.x.slice()];
  for (let i = 0; i < n; i++) {
    points.push(g.x.map((v, k) => v + S[k][i]));
    points.push(g.x.map((v, k) => v - S[k][i]));
  }
  const w = 1 / (2 * (n + lambda));
  const wm = [lambda / (n + lambda), ...new Array<number>(2 * n).fill(w)];
  const wc = [
    lambda / (n + lambda) + (1 - alpha * alpha + beta),
    ...new Array<number>(2 * n).fill(w),
  ];
  return { points, wm, wc };
}

export function recombine(points: Vec[], wm: number[], wc: number[]): Gaussian {
  const n = points[0].length;
  const x = new Array<number>(n).fill(0);
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
  const nu = new Array<number>(m);
  for (let i = 0; i < m; i++) nu[i] = z[i] - g.x[i];
  const S = zeros(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) S[i][j] = g.P[i][j] + R[i][j];
  return { nu, S, d2: mahalanobis2(nu, S) };
}

/** Kalman update for the linear position measurement (Joseph form for numerical robustness). */
export function update(g: Gaussian, z: Vec, R: Mat): Gaussian & Innovation {
  const inn = innovation(g, z, R);
  const m = z.length,
    n = g.x.length;
  const Si = invSpd(inn.S);
  const PHt = g.P.map((row) => row.slice(0, m));
  const K = mul(PHt, Si);
  const x = g.x.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) x[i] += K[i][j] * inn.nu[j];
  // P − K S Kᵀ (symmetric form; S = HPHᵀ + R), then symmetrised.
  const KS = mul(K, inn.S);
  const P = zeros(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += KS[i][k] * K[j][k];
      P[i][j] = P[j][i] = 0.5 * (g.P[i][j] + g.P[j][i]) - s;
    }
  return { x, P, ...inn };
}

// ---------------------------------------------------------------------------------------------
// Allocation-free hot-path versions for the tracker. They perform exactly the same floating-point
// operations in the same order as `innovation(...).d2`, `update` and the EKF branch of `predict`
// (so tracks are bit-for-bit identical; see tracker-equivalence.slow.test.ts), but work in preallocated
// scratch buffers instead of building a dozen small matrices per call.
// ---------------------------------------------------------------------------------------------
const MAXN = 12;
const sS = new Float64Array(MAXN * MAXN); // S = HPHᵀ + R (m×m)
const sL = new Float64Array(MAXN * MAXN); // Cholesky factor of S
const sLi = new Float64Array(MAXN * MAXN); // L⁻¹
const sSi = new Float64Array(MAXN * MAXN); // S⁻¹
const sK = new Float64Array(MAXN * MAXN); // gain (n×m)
const sKS = new Float64Array(MAXN * MAXN); // K S (n×m)
const sNu = new Float64Array(MAXN);
const sY = new Float64Array(MAXN);
const sAB = new Float64Array(MAXN * MAXN); // F P (n×n)

/** Cholesky of the m×m matrix in sS into sL (same operation order as linalg.cholesky). */
function cholS(m: number) {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = sS[i * MAXN + j];
      for (let k = 0; k < j; k++) s -= sL[i * MAXN + k] * sL[j * MAXN + k];
      if (i === j) {
        if (!(s > 0)) throw new Error('matrix not positive definite');
        sL[i * MAXN + i] = Math.sqrt(s);
      } else sL[i * MAXN + j] = s / sL[j * MAXN + j];
    }
  }
}

let lastGateM = 0;

/**
 * ln|S| of the innovation covariance of the last `gateD2` call (from the Cholesky factor it already
 * computed: 2 Σ ln Lᵢᵢ), for the likelihood assignment cost d² + ln|S| (#18.8).
 */
export function lastGateLogDetS(): number {
  let s = 0;
  for (let i = 0; i < lastGateM; i++) s += Math.log(sL[i * MAXN + i]);
  return 2 * s;
}

/** `innovation(g, z, R).d2` without allocating: the gate statistic νᵀS⁻¹ν. */
export function gateD2(g: Gaussian, z: Vec, R: Mat): number {
  const m = z.length;
  lastGateM = m;
  const x = g.x,
    P = g.P;
  for (let i = 0; i < m; i++) {
    sNu[i] = z[i] - x[i];
    const Pi = P[i],
      Ri = R[i];
    for (let j = 0; j <= i; j++) sS[i * MAXN + j] = Pi[j] + Ri[j];
  }
  cholS(m);
  let s2 = 0;
  for (let i = 0; i < m; i++) {
    let s = sNu[i];
    for (let k = 0; k < i; k++) s -= sL[i * MAXN + k] * sY[k];
    const y = s / sL[i * MAXN + i];
    sY[i] = y;
    s2 += y * y;
  }
  return s2;
}

/** The Kalman update of `update(g, z, R)` (x and P only), computed in scratch buffers. */
export function updateState(g: Gaussian, z: Vec, R: Mat): Gaussian {
  const m = z.length,
    n = g.x.length;
  const gx = g.x,
    P = g.P;
  for (let i = 0; i < m; i++) {
    sNu[i] = z[i] - gx[i];
    const Pi = P[i],
      Ri = R[i];
    for (let j = 0; j < m; j++) sS[i * MAXN + j] = Pi[j] + Ri[j];
  }
  cholS(m);
  // L⁻¹ (lower), then S⁻¹ = L⁻ᵀ L⁻¹ with linalg.mul's order and zero skipping.
  for (let i = 0; i < m; i++) {
    sLi[i * MAXN + i] = 1 / sL[i * MAXN + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= sL[i * MAXN + k] * sLi[k * MAXN + j];
      sLi[i * MAXN + j] = s / sL[i * MAXN + i];
    }
    for (let j = i + 1; j < m; j++) sLi[i * MAXN + j] = 0;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) sSi[i * MAXN + j] = 0;
    for (let p = 0; p < m; p++) {
      const v = sLi[p * MAXN + i]; // (L⁻¹)ᵀ[i][p]
      if (v === 0) continue;
      for (let j = 0; j < m; j++) sSi[i * MAXN + j] += v * sLi[p * MAXN + j];
    }
  }
  // K = P Hᵀ S⁻¹, x⁺ = x + K ν.
  const x = gx.slice();
  for (let i = 0; i < n; i++) {
    const Pi = P[i];
    for (let j = 0; j < m; j++) sK[i * MAXN + j] = 0;
    for (let p = 0; p < m; p++) {
      const v = Pi[p];
      if (v === 0) continue;
      for (let j = 0; j < m; j++) sK[i * MAXN + j] += v * sSi[p * MAXN + j];
    }
    let xi = x[i];
    for (let j = 0; j < m; j++) xi += sK[i * MAXN + j] * sNu[j];
    x[i] = xi;
    // K S
    for (let j = 0; j < m; j++) sKS[i * MAXN + j] = 0;
    for (let p = 0; p < m; p++) {
      const v = sK[i * MAXN + p];
      if (v === 0) continue;
      for (let j = 0; j < m; j++) sKS[i * MAXN + j] += v * sS[p * MAXN + j];
    }
  }
  const Pn: Mat = new Array<number[]>(n);
  for (let i = 0; i < n; i++) Pn[i] = new Array<number>(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += sKS[i * MAXN + k] * sK[j * MAXN + k];
      Pn[i][j] = Pn[j][i] = 0.5 * (P[i][j] + P[j][i]) - s;
    }
  return { x, P: Pn };
}

/** F P Fᵀ + Q, symmetrised as in `predict` (EKF / linear branch), with F P in a scratch buffer. */
export function propagateCovariance(F: Mat, P0: Mat, Q: Mat): Mat {
  const n = P0.length;
  for (let i = 0; i < n; i++) {
    const Fi = F[i];
    for (let j = 0; j < n; j++) sAB[i * MAXN + j] = 0;
    for (let p = 0; p < n; p++) {
      const v = Fi[p];
      if (v === 0) continue;
      const Pp = P0[p];
      for (let j = 0; j < n; j++) sAB[i * MAXN + j] += v * Pp[j];
    }
  }
  const P: Mat = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const Fj = F[j];
      let s = 0;
      for (let p = 0; p < n; p++) s += sAB[i * MAXN + p] * Fj[p];
      row[j] = s;
    }
    P[i] = row;
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) P[i][j] = P[j][i] = 0.5 * (P[i][j] + P[j][i]) + Q[i][j];
  for (let i = 0; i < n; i++) P[i][i] += Q[i][i];
  return P;
}
