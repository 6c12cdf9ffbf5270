import { WGS84 } from '../geo/wgs84.js';
import { propagate } from './ballistic-dynamics.js';
import { eye, mul, zeros, type Mat, type Vec } from './linalg.js';

/** A motion model for the generic tracker: state = position (posDim) then velocity (posDim). */
export interface MotionModel {
  name: 'cv2' | 'cv3' | 'ballistic';
  dim: number;
  posDim: number;
  f(x: Vec, dt: number): Vec;
  /** State-transition Jacobian over dt (for the EKF). */
  F(x: Vec, dt: number): Mat;
  /** f and F together (one propagation), when the model can do better than calling both. */
  fF?(x: Vec, dt: number): { x: Vec; F: Mat };
  /** Process noise over dt: white-acceleration noise of spectral density q (m²/s³) per axis. */
  Q(dt: number, q: number): Mat;
}

function whiteAccelQ(d: number, dt: number, q: number): Mat {
  const Q = zeros(2 * d);
  const a = (q * dt ** 3) / 3,
    b = (q * dt ** 2) / 2,
    c = q * dt;
  for (let i = 0; i < d; i++) {
    Q[i][i] = a;
    Q[i][i + d] = b;
    Q[i + d][i] = b;
    Q[i + d][i + d] = c;
  }
  return Q;
}

function cv(d: 2 | 3): MotionModel {
  return {
    name: d === 2 ? 'cv2' : 'cv3',
    dim: 2 * d,
    posDim: d,
    f: (x, dt) => x.map((v, i) => (i < d ? v + dt * x[i + d] : v)),
    F: (_x, dt) => {
      const F = eye(2 * d);
      for (let i = 0; i < d; i++) F[i][i + d] = dt;
      return F;
    },
    Q: (dt, q) => whiteAccelQ(d, dt, Math.abs(dt) > 0 ? q : 0),
  };
}

const W = WGS84.omega;

/** Continuous-time Jacobian of the ECEF ballistic dynamics (point-mass gravity gradient + frame terms). */
const scratchA = zeros(6);
/** Continuous-time Jacobian into a reused scratch matrix (the hot path reads it at once). */
function ballisticA(x: Vec, A: Mat = zeros(6)): Mat {
  const r = Math.hypot(x[0], x[1], x[2]);
  const k = WGS84.mu / r ** 3;
  for (let i = 0; i < 6; i++) A[i].fill(0);
  for (let i = 0; i < 3; i++) {
    A[i][i + 3] = 1;
    for (let j = 0; j < 3; j++) A[i + 3][j] = k * ((3 * x[i] * x[j]) / (r * r) - (i === j ? 1 : 0));
  }
  A[3][0] += W * W;
  A[4][1] += W * W;
  A[3][4] = 2 * W;
  A[4][3] = -2 * W;
  return A;
}

/** Propagated state and its transition Jacobian (piecewise second-order expansion along the path). */
function ballisticFF(x: Vec, dt: number): { x: Vec; F: Mat } {
  const n = Math.max(1, Math.ceil(Math.abs(dt) / 5));
  const h = dt / n;
  let F: Mat | null = null;
  let cur = x;
  for (let s = 0; s < n; s++) {
    // A = [[0, I], [G, C]] so A² = [[G, C], [CG, G + C²]]: build I + A h + A² h²/2 block-wise.
    const A = ballisticA(cur, scratchA);
    const h2 = 0.5 * h * h;
    const step = eye(6);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const G = A[i + 3][j],
          C = A[i + 3][j + 3];
        let CG = 0,
          CC = 0;
        for (let k = 0; k < 3; k++) {
          CG += A[i + 3][k + 3] * A[k + 3][j];
          CC += A[i + 3][k + 3] * A[k + 3][j + 3];
        }
        step[i][j] += G * h2;
        step[i][j + 3] += (i === j ? h : 0) + C * h2;
        step[i + 3][j] += G * h + CG * h2;
        step[i + 3][j + 3] += C * h + (G + CC) * h2;
      }
    F = F ? mul(step, F) : step;
    cur = propagate(cur, h, 5);
  }
  return { x: cur, F: F! };
}

export const ballisticModel: MotionModel = {
  name: 'ballistic',
  dim: 6,
  posDim: 3,
  f: (x, dt) => (dt === 0 ? x.slice() : propagate(x, dt, 5)),
  F: (x, dt) => ballisticFF(x, dt).F,
  fF: (x, dt) => ballisticFF(x, dt),
  Q: (dt, q) => whiteAccelQ(3, Math.abs(dt), q),
};

export function modelByName(name: string): MotionModel {
  if (name === 'cv2') return cv(2);
  if (name === 'cv3') return cv(3);
  if (name === 'ballistic') return ballisticModel;
  throw new Error(`unknown motion model '${name}' (cv2, cv3, ballistic)`);
}
