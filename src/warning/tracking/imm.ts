import {
  predict,
  recombine,
  sigmaPoints,
  update,
  type FilterKind,
  type Gaussian,
  type Innovation,
} from '../kalman.js';
import { ballisticModel } from '../motion-models.js';
import { invSpd, logDetSpd, mahalanobis2, type Mat, type Vec } from '../linalg.js';
import { propagateDrag } from '../ballistic-dynamics.js';
import { WGS84 } from '../../geo/wgs84.js';

/**
 * Interacting multiple model filter (Blom & Bar-Shalom) over the flight phases of a ballistic missile.
 * Every mode shares the 6-D ECEF state and the ballistic (J2, rotating-frame) dynamics; they differ by
 * their white-acceleration process noise, which stands for what the ballistic model leaves out: thrust
 * (boost), nothing (free flight) or drag (re-entry). With `drag` configured (the default, EKF only),
 * every mode also carries the inverse ballistic coefficient κ = 1/β (m²/kg) as a state and its
 * dynamics include the drag deceleration ½·ρ(h)·κ·|v|·v of an exponential atmosphere (Farina, Ristic &
 * Benvenuti, "Tracking a ballistic target: comparison of several nonlinear filters", IEEE Trans. AES
 * 38(3), 2002, estimate β in the state the same way): κ is learned from the reports as drag builds, so
 * re-entry is no longer white noise standing in for a deterministic deceleration. κ is kept beside
 * each mode's Gaussian (`ImmState.drag`), so the modes' Gaussians and every caller keep their
 * dimensions (6, or 6 + 3 per sensor with bias estimation).
 */
export type ImmMode = 'boost' | 'ballistic' | 'reentry';

export interface ImmConfig {
  filter: FilterKind;
  /**
   * `dragBeta` (kg/m²): the mode's process noise grows with the drag deceleration ρ(h)·v²/(2β) of the
   * predicted state (exponential atmosphere, 7.2 km scale height): q + a²·dt.
   */
  modes: {
    name: ImmMode;
    q: number;
    meanSojournS: number;
    dragBeta?: number;
    /**
     * Thrust state (config `thrust`): the mode carries a 3-D ECEF acceleration a beside its Gaussian
     * (`ImmState.thrust`), added to the ballistic dynamics and driven by white jerk of this density
     * (m²/s⁵ per axis): a random walk of the thrust acceleration.
     */
    qJerk?: number;
  }[];
  /**
   * The drag state (EKF only): prior mean and σ of κ = 1/β (m²/kg), its random-walk density in
   * every mode (m⁴/kg²/s), and the re-entry mode's own relative random walk of κ (per √s: κ may
   * drift by that share of itself, (w·κ̂)²·dt, as Cd changes with Mach or the atmosphere departs
   * from the exponential model; a density error and a κ error are the same deceleration error;
   * both 0 by default: the simulated β is constant and the atmosphere the filter's own).
   * κ is kept linear (drag is linear in it; ln κ was tried and its linearisation made re-entry
   * over-confident), predicted through drag by the unscented transform, and its estimate is projected onto κ ≥ `kappaMin`
   * before each prediction (Simon & Chia 2002, estimate projection), so
   * drag never turns into thrust when a noisy report pulls the estimate down.
   * With it, `dragBeta` is not used.
   */
  drag?: {
    kappa: number;
    kappaSigma: number;
    kappaMin: number;
    qKappa: number;
    reentryWalk: number;
  };
  /**
   * The thrust-acceleration state of the modes with `qJerk`: its prior σ per ECEF axis (m/s²) when a
   * track starts or the state is mixed in from a mode without it.
   */
  thrust?: { sigma: number };
  /** Where a mode goes when it is left (row: from, column: to; each row sums to 1, diagonal 0). */
  exits: number[][];
  /** Mode probabilities of a new track. */
  initial: number[];
  /**
   * Re-entry is entered only below this altitude while descending (state-dependent transitions: drag
   * is negligible above ~100 km); above it, every transition into re-entry goes to free flight instead.
   */
  reentryBelowM: number;
}

export const DEFAULT_IMM: ImmConfig = {
  filter: 'ekf',
  modes: [
    // Boost: the thrust acceleration the ballistic model leaves out, as a state (ThrustState) that
    // walks by white jerk; two such modes, a steady thrust and a changing one.
    { name: 'boost', q: 0, meanSojournS: 30, qJerk: 2 },
    { name: 'boost', q: 0, meanSojournS: 30, qJerk: 20 },
    { name: 'ballistic', q: 1e-6, meanSojournS: 60 },
    // Re-entry: drag is in the dynamics (κ estimated); the mode can differ from free flight by a κ
    // that may drift (drag.reentryWalk, a deceleration error along the velocity only), which is 0
    // by default, so that below 100 km the two modes are the same filter.
    { name: 'reentry', q: 1e-6, meanSojournS: 1000 },
  ],
  thrust: { sigma: 50 },
  // Thrust does not come back (single-stage missiles; a later stage is a new boost only via a new track).
  exits: [
    [0, 0, 0.95, 0.05],
    [0, 0, 0.95, 0.05],
    [0, 0, 0, 1],
    [0, 0, 1, 0],
  ],
  initial: [0.4, 0.4, 0.2, 0],
  reentryBelowM: 100_000,
  // κ prior: β from about 1,250 kg/m² (light) upward, centred on 2,500 (a light warhead, heavier
  // drag than most): κ 4·10⁻⁴ ± 4·10⁻⁴ m²/kg, so β = ∞ (no drag) is 1σ away; κ ≥ 10⁻⁵ (β ≤
  // 100,000). Not tuned to the simulator's β. κ is a constant (no random walk, in any mode) since
  // the prediction through drag is a sigma-point one (dragPredictUnscented): the 1e-12 walk and the
  // re-entry mode's 3%/√s drift before it stood in for the linearised prediction's over-confidence,
  // and with κ learned to ~1% near the ground they kept its variance, and so the velocity's, several
  // times too large (NEES 4.5–4.8 below 30 km; docs/benchmarks.md, `warning-bias`).
  drag: { kappa: 4e-4, kappaSigma: 4e-4, kappaMin: 1e-5, qKappa: 0, reentryWalk: 0 },
};

/** Per mode: κ, its variance and its covariance with the mode's Gaussian (same length as its x). */
export interface DragState {
  k: number;
  Pkk: number;
  Pxk: Vec;
}

/**
 * Per mode with `qJerk`: the thrust acceleration a (ECEF, m/s²), its covariance and its covariance with
 * the mode's Gaussian (a row per component of x; rows missing, after bias slots were added, are 0).
 * Its covariance with κ is 0: κ is neither used nor learned in a thrust mode (drag and thrust are one
 * unmodelled acceleration there), and no mode with κ correlated to x passes into a thrust mode (no
 * mode transitions into boost), so it stays exactly 0.
 */
export interface ThrustState {
  a: Vec;
  Paa: Mat;
  Pxa: Mat;
}

const hasThrust = (cfg: ImmConfig, m: ImmConfig['modes'][number]) =>
  cfg.thrust !== undefined && m.qJerk !== undefined;

function thrustPrior(n: number, sigma: number): ThrustState {
  return {
    a: [0, 0, 0],
    Paa: [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? sigma * sigma : 0))),
    Pxa: Array.from({ length: n }, () => [0, 0, 0]),
  };
}

/** [x | a] as one Gaussian (rows of Pxa missing are 0). */
function joinThrust(g: Gaussian, t: ThrustState): Gaussian {
  const n = g.x.length;
  const row = (i: number) => t.Pxa[i] ?? [0, 0, 0];
  const P = g.P.map((r, i) => [...r, ...row(i)]);
  for (let a = 0; a < 3; a++) P.push([...g.x.map((_, i) => row(i)[a]), ...t.Paa[a]]);
  return { x: [...g.x, ...t.a], P: P.slice(0, n + 3) };
}

function splitThrust(J: Gaussian): { g: Gaussian; t: ThrustState } {
  const n = J.x.length - 3;
  return {
    g: { x: J.x.slice(0, n), P: J.P.slice(0, n).map((r) => r.slice(0, n)) },
    t: {
      a: J.x.slice(n),
      Paa: J.P.slice(n).map((r) => r.slice(n)),
      Pxa: J.P.slice(0, n).map((r) => r.slice(n)),
    },
  };
}

/**
 * Prediction of [target (6) | constants (sensor biases) | a (3)] in a thrust mode: the ballistic
 * model (EKF: its transition Jacobian F) plus the thrust acceleration held over the step,
 * p += ½·a·dt², v += a·dt, a a random walk driven by white jerk of density qJerk (per axis, the
 * constant-acceleration model's Q on [p, v, a]), and the mode's white acceleration noise q on [p, v].
 * Φ = [F 0 G; 0 I 0; 0 0 I], G = [½dt² I; dt I]. The rotating frame's coupling of a over one step
 * (Coriolis, gravity gradient: O(ω·dt), O(dt²·GM/r³)) is left out of G.
 */
function thrustPredict(J: Gaussian, dt: number, q: number, qJerk: number): Gaussian {
  const N = J.x.length,
    ax = N - 3;
  const { x: xt, F } =
    dt === 0
      ? {
          x: J.x.slice(0, 6),
          F: Array.from({ length: 6 }, (_, i) =>
            Array.from({ length: 6 }, (_, j) => (i === j ? 1 : 0)),
          ),
        }
      : ballisticModel.fF!(J.x.slice(0, 6), dt);
  const g = (i: number) => (i < 3 ? 0.5 * dt * dt : dt);
  // Φ rows for the target: F on the target block, G on a (component i % 3).
  const P = J.P;
  const T: Mat = P.map((row, i) => {
    if (i >= 6) return row.slice();
    return row.map((_, j) => {
      let v = g(i) * P[ax + (i % 3)][j];
      for (let k = 0; k < 6; k++) v += F[i][k] * P[k][j];
      return v;
    });
  });
  const Pn: Mat = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  for (let i = 0; i < N; i++)
    for (let j = 0; j <= i; j++) {
      let v: number;
      if (j < 6) {
        v = g(j) * T[i][ax + (j % 3)];
        for (let k = 0; k < 6; k++) v += T[i][k] * F[j][k];
      } else v = T[i][j];
      Pn[i][j] = v;
    }
  for (let i = 0; i < N; i++) for (let j = 0; j < i; j++) Pn[j][i] = Pn[i][j];
  const Q = ballisticModel.Q(dt, q);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) Pn[i][j] += Q[i][j];
  const h = Math.abs(dt);
  // White jerk on [p, v, a] per axis.
  const qj = [
    [h ** 5 / 20, h ** 4 / 8, h ** 3 / 6],
    [h ** 4 / 8, h ** 3 / 3, h ** 2 / 2],
    [h ** 3 / 6, h ** 2 / 2, h],
  ];
  for (let c = 0; c < 3; c++) {
    const idx = [c, 3 + c, ax + c];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) Pn[idx[a]][idx[b]] += qJerk * qj[a][b];
  }
  const a = J.x.slice(ax);
  const x = [...xt.map((v, i) => v + g(i) * a[i % 3]), ...J.x.slice(6, ax), ...a];
  return { x, P: Pn };
}

/** The drag state is carried (EKF only). */
const withDrag = (cfg: ImmConfig) => cfg.drag !== undefined && cfg.filter === 'ekf';

/** [x | κ] as one Gaussian (a cross-covariance shorter than x, after bias slots were added, is 0). */
function joinDrag(g: Gaussian, d: DragState): Gaussian {
  const P = g.P.map((row, i) => [...row, d.Pxk[i] ?? 0]);
  P.push([...g.x.map((_, i) => d.Pxk[i] ?? 0), d.Pkk]);
  return { x: [...g.x, d.k], P };
}

function splitDrag(J: Gaussian): { g: Gaussian; d: DragState } {
  const n = J.x.length - 1;
  return {
    g: { x: J.x.slice(0, n), P: J.P.slice(0, n).map((r) => r.slice(0, n)) },
    d: { k: J.x[n], Pkk: J.P[n][n], Pxk: J.P.slice(0, n).map((r) => r[n]) },
  };
}

const ATMOSPHERE_TOP_M = 120e3;

/**
 * Estimate projection onto κ ≥ kappaMin (Simon & Chia, "Kalman filtering with state equality
 * constraints", IEEE Trans. AES 38(1), 2002, with the covariance as weight): when an update pulled
 * κ below, the mean moves to the constraint along P's κ column, x + P[:,κ]·(κmin − κ)/P_κκ, so every
 * component correlated with κ moves with it; the covariance is kept.
 */
function projectKappa(J: Gaussian, kappaMin: number): Gaussian {
  const kx = J.x.length - 1;
  const d = kappaMin - J.x[kx];
  if (!(d > 0)) return J;
  const x = J.x.map((v, i) => v + (J.P[i][kx] / J.P[kx][kx]) * d);
  x[kx] = kappaMin;
  return { x, P: J.P };
}

const descending = (x: Vec) => x[0] * x[3] + x[1] * x[4] + x[2] * x[5] < 0;

/**
 * Propagation with drag at κ (> 0), in steps of at most 0.5 s inside the atmosphere, stable where drag
 * is stiff (ballistic-dynamics `propagateDrag`: until 5 Dec plain RK4, which a low, fast sigma point
 * with a large κ made blow up: a 10 km, 8 km/s track predicted 10⁶ km away in 4 s).
 */
function predictDrag(x: Vec, dt: number, kappa: number): Vec {
  return propagateDrag(x.slice(0, 6), dt, 0.5, 1 / kappa);
}

/**
 * Prediction of [target (6) | constants (sensor biases) | κ] through drag: the unscented transform
 * (Julier & Uhlmann; `sigmaPoints`, 15 points) over the 7-D [target | κ] block, each point propagated
 * with drag at its own κ, and the constants carried by the transform's statistical linearisation
 * A = P_yx P_xx⁻¹ of that block (their cross-covariance becomes A·P_xc). Until 4 Dec this was an
 * EKF step (Jacobian by central differences at the estimate), which linearises the drag at the
 * estimated κ: with κ still at its prior (σ = 100% of κ) as drag builds, the covariance it propagated
 * came out too small where the estimate was off, and re-entry ended over-confident (lofted NEES
 * 9–137 near the ground with κ constant), which a κ random walk had been hiding. Same cost: 15
 * propagations, as the central differences took.
 */
function dragPredictUnscented(
  J: Gaussian,
  dt: number,
  q: number,
  qKappa: number,
  kappaMin: number,
): Gaussian {
  const N = J.x.length,
    kx = N - 1;
  const idx = [0, 1, 2, 3, 4, 5, kx];
  const sub: Gaussian = {
    x: idx.map((i) => J.x[i]),
    P: idx.map((i) => idx.map((j) => J.P[i][j])),
  };
  const { points, wm, wc } = sigmaPoints(sub);
  const prop = points.map((p) => {
    const x = p.slice(0, 6);
    if (p[6] >= kappaMin) return [...predictDrag(x, dt, p[6]), p[6]];
    // Below κmin (a point of a wide κ spread): never propagated with negative drag, which is a
    // thrust ∝ v² and diverges within milliseconds low in the atmosphere; the odd reflection about
    // κmin, f(2κmin − κ) mirrored through f(κmin), continues drag's effect linearly in κ (as the
    // Gaussian in κ assumes) with the same slope there. (Clamping at κmin instead cut that side's
    // spread: re-entry NEES 6.2–7.2, over-confident, in the `warning-bias` bench.)
    const a = predictDrag(x, dt, kappaMin),
      b = predictDrag(x, dt, 2 * kappaMin - p[6]);
    return [...a.map((v, i) => 2 * v - b[i]), p[6]];
  });
  const y = recombine(prop, wm, wc);
  // Cross-covariance of the block before and after, and A = P_yx P_xx⁻¹.
  const Pxy: Mat = idx.map(() => new Array<number>(7).fill(0));
  points.forEach((p, k) => {
    const d = p.map((v, i) => v - sub.x[i]);
    const e = prop[k].map((v, i) => v - y.x[i]);
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) Pxy[i][j] += wc[k] * d[i] * e[j];
  });
  const Pi = invSpd(sub.P);
  const A: Mat = Array.from({ length: 7 }, (_, i) =>
    Array.from({ length: 7 }, (_, j) => {
      let v = 0;
      for (let k = 0; k < 7; k++) v += Pxy[k][i] * Pi[k][j];
      return v;
    }),
  );
  const Pn: Mat = J.P.map((r) => r.slice());
  for (let a = 0; a < 7; a++) for (let b = 0; b < 7; b++) Pn[idx[a]][idx[b]] = y.P[a][b];
  for (let c = 6; c < kx; c++)
    for (let a = 0; a < 7; a++) {
      let v = 0;
      for (let k = 0; k < 7; k++) v += A[a][k] * J.P[idx[k]][c];
      Pn[idx[a]][c] = Pn[c][idx[a]] = v;
    }
  const Q = ballisticModel.Q(dt, q);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) Pn[i][j] += Q[i][j];
  Pn[kx][kx] += qKappa * Math.abs(dt);
  const x = J.x.slice();
  for (let a = 0; a < 7; a++) x[idx[a]] = y.x[a];
  return { x, P: Pn };
}

/**
 * Prediction of [target (6) | constants (sensor biases) | κ]. Out of the atmosphere over the whole
 * step (lowest possible altitude above its top), or climbing, drag is zero: the ballistic model's
 * transition Jacobian (EKF), κ and the biases unchanged. Inside it, the sigma-point prediction of
 * `dragPredictUnscented`.
 */
function dragPredict(
  J: Gaussian,
  dt: number,
  q: number,
  qKappa: number,
  kappaMin: number,
): Gaussian {
  const N = J.x.length,
    kx = N - 1;
  const x6 = J.x.slice(0, 6);
  const kappa = J.x[kx];
  const h0 = Math.hypot(x6[0], x6[1], x6[2]) - WGS84.a;
  const speed = Math.hypot(x6[3], x6[4], x6[5]);
  let xt: Vec;
  let F: Mat;
  const Fk = new Array<number>(6).fill(0);
  if (dt === 0) {
    xt = x6;
    F = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === j ? 1 : 0)));
  } else if (h0 - speed * Math.abs(dt) > ATMOSPHERE_TOP_M || !descending(x6)) {
    // Above the atmosphere, or on the way up: there drag acts with the unmodelled thrust, and the
    // two cannot be told apart (negative drag is thrust), so κ is neither used nor learned.
    ({ x: xt, F } = ballisticModel.fF!(x6, dt));
  } else return dragPredictUnscented(J, dt, q, qKappa, kappaMin);
  // Φ = [F 0 Fk; 0 I 0; 0 0 1]: T = Φ P, then T Φᵀ.
  const P = J.P;
  const T: Mat = P.map((row, i) => {
    if (i >= 6) return row.slice();
    return row.map((_, j) => {
      let v = Fk[i] * P[kx][j];
      for (let k = 0; k < 6; k++) v += F[i][k] * P[k][j];
      return v;
    });
  });
  const Pn: Mat = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  for (let i = 0; i < N; i++)
    for (let j = 0; j <= i; j++) {
      let v: number;
      if (j < 6) {
        v = T[i][kx] * Fk[j];
        for (let k = 0; k < 6; k++) v += T[i][k] * F[j][k];
      } else v = T[i][j];
      Pn[i][j] = v;
    }
  for (let i = 0; i < N; i++) for (let j = 0; j < i; j++) Pn[j][i] = Pn[i][j];
  const Q = ballisticModel.Q(dt, q);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) Pn[i][j] += Q[i][j];
  Pn[kx][kx] += qKappa * Math.abs(dt);
  return { x: [...xt, ...J.x.slice(6, kx), kappa], P: Pn };
}

/**
 * The drag states after each mode's Gaussian changed from `before` to `after` by something that did
 * not involve κ (a report's update, a fusion): κ follows by regression on the mode's state,
 * κ⁺ = κ + A(x⁺ − x), A = P_κx P_xx⁻¹ (exact for a linear update of x; Schmidt's consider form).
 */
export function carryDrag(before: Gaussian[], after: Gaussian[], drag: DragState[]): DragState[] {
  return drag.map((d, m) => {
    const g = before[m],
      u = after[m];
    const n = g.x.length;
    const c = g.x.map((_, i) => d.Pxk[i] ?? 0);
    const Pi = invSpd(g.P);
    const A = new Array<number>(n).fill(0);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) A[j] += c[i] * Pi[i][j];
    let k = d.k;
    for (let i = 0; i < n; i++) k += A[i] * (u.x[i] - g.x[i]);
    // P_κκ⁺ = P_κκ − A c + A P⁺ Aᵀ; P_xκ⁺ = P⁺ Aᵀ.
    const Pxk = u.P.map((row) => row.reduce((acc, v, j) => acc + v * A[j], 0));
    let Pkk = d.Pkk;
    for (let i = 0; i < n; i++) Pkk += -A[i] * c[i] + A[i] * Pxk[i];
    return { k, Pkk: Math.max(Pkk, 1e-30), Pxk };
  });
}

/**
 * The thrust states after each mode's Gaussian changed from `before` to `after` by something that did
 * not involve a (a report's update, a fusion): a follows by regression on the mode's state, as κ does
 * in `carryDrag`, a⁺ = a + A(x⁺ − x), A = P_ax P_xx⁻¹.
 */
export function carryThrust(
  before: Gaussian[],
  after: Gaussian[],
  thrust: (ThrustState | null)[],
): (ThrustState | null)[] {
  return thrust.map((t, m) => {
    if (!t) return null;
    const g = before[m],
      u = after[m];
    const n = g.x.length;
    const c = g.x.map((_, i) => t.Pxa[i] ?? [0, 0, 0]);
    const Pi = invSpd(g.P);
    // A: 3 × n.
    const A = [0, 1, 2].map((a) => {
      const r = new Array<number>(n).fill(0);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) r[j] += c[i][a] * Pi[i][j];
      return r;
    });
    const aNew = t.a.map((v, a) => {
      let k = v;
      for (let i = 0; i < n; i++) k += A[a][i] * (u.x[i] - g.x[i]);
      return k;
    });
    const Pxa = u.P.map((row) => A.map((Ar) => row.reduce((acc, v, j) => acc + v * Ar[j], 0)));
    const Paa = [0, 1, 2].map((a) =>
      [0, 1, 2].map((b) => {
        let v = t.Paa[a][b];
        for (let i = 0; i < n; i++) v += -A[a][i] * c[i][b] + A[a][i] * Pxa[i][b];
        return v;
      }),
    );
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < a; b++) Paa[a][b] = Paa[b][a] = 0.5 * (Paa[a][b] + Paa[b][a]);
    return { a: aNew, Paa, Pxa };
  });
}

/** The states kept beside the modes' Gaussians (κ, thrust), carried over a κ- and a-free change. */
export function immCarry(s: ImmState, modes: Gaussian[]): Pick<ImmState, 'drag' | 'thrust'> {
  return {
    ...(s.drag ? { drag: carryDrag(s.modes, modes, s.drag) } : {}),
    ...(s.thrust ? { thrust: carryThrust(s.modes, modes, s.thrust) } : {}),
  };
}

/** The estimate of κ = 1/β (m²/kg) mixed over the modes, or null without a drag state. */
export function immKappa(s: ImmState): { kappa: number; sigma: number } | null {
  if (!s.drag) return null;
  const k = s.drag.reduce((a, d, m) => a + s.mu[m] * d.k, 0);
  const v = s.drag.reduce((a, d, m) => a + s.mu[m] * (d.Pkk + (d.k - k) ** 2), 0);
  return { kappa: k, sigma: Math.sqrt(v) };
}

/**
 * How each mode's filter predicts and updates: by default the ballistic model on the 6-D state and a
 * position report; bias estimation (bias.ts) swaps in the same steps on a state augmented with the
 * sensors' position biases.
 */
export interface ImmOps {
  predict(filter: FilterKind, g: Gaussian, dt: number, q: number): Gaussian;
  update(g: Gaussian, z: Vec, R: Mat): Gaussian & Innovation;
}

export const BALLISTIC_OPS: ImmOps = {
  predict: (filter, g, dt, q) => predict(filter, ballisticModel, g, dt, q),
  update,
};

export interface ImmState {
  t: number;
  modes: Gaussian[];
  mu: number[];
  /** Per mode, the drag state (config `drag`): κ and its correlation with the mode's Gaussian. */
  drag?: DragState[];
  /** Per mode, the thrust state of a mode with `qJerk` (config `thrust`), else null. */
  thrust?: (ThrustState | null)[];
}

/**
 * A new track's IMM state from the start g. `thrustStart`, when given, is the start of the thrust
 * modes instead: their Gaussian and its covariance with the thrust acceleration a (a row per
 * component), for a start that already depends on a (two-point differencing during boost: the
 * difference's velocity lags by (Δt/2)·a, which a thrust mode carries as a state, not as noise).
 */
export function immInit(
  g: Gaussian,
  t: number,
  cfg: ImmConfig = DEFAULT_IMM,
  thrustStart?: { g: Gaussian; Pxa: Mat },
): ImmState {
  const drag = cfg.drag;
  const startOf = (m: ImmConfig['modes'][number]) =>
    thrustStart && hasThrust(cfg, m) ? thrustStart.g : g;
  return {
    t,
    modes: cfg.modes.map((m) => {
      const s = startOf(m);
      return { x: s.x.slice(), P: s.P.map((r) => r.slice()) };
    }),
    mu: cfg.initial.slice(),
    ...(drag && withDrag(cfg)
      ? {
          drag: cfg.modes.map(() => ({
            k: drag.kappa,
            Pkk: drag.kappaSigma ** 2,
            Pxk: new Array<number>(g.x.length).fill(0),
          })),
        }
      : {}),
    ...(cfg.thrust && cfg.modes.some((m) => hasThrust(cfg, m))
      ? {
          thrust: cfg.modes.map((m) =>
            !hasThrust(cfg, m)
              ? null
              : thrustStart
                ? {
                    ...thrustPrior(0, cfg.thrust!.sigma),
                    Pxa: thrustStart.Pxa.map((r) => r.slice()),
                  }
                : thrustPrior(g.x.length, cfg.thrust!.sigma),
          ),
        }
      : {}),
  };
}

/** The IMM state with its modes' Gaussians replaced by a κ- and a-free step (fusion): both carried. */
export function immReplaceModes(s: ImmState, modes: Gaussian[]): ImmState {
  return { ...s, modes, ...immCarry(s, modes) };
}

/**
 * Mode transition probabilities over dt: stay with e^(−dt/τ), leave along `exits`; with `reentryOpen`
 * false (above `reentryBelowM` or climbing) what would go to re-entry goes to free flight.
 */
export function transition(cfg: ImmConfig, dt: number, reentryOpen = true): number[][] {
  const re = cfg.modes.findIndex((m) => m.name === 'reentry');
  const bal = cfg.modes.findIndex((m) => m.name === 'ballistic');
  return cfg.modes.map((m, i) => {
    const stay = Math.exp(-Math.abs(dt) / m.meanSojournS);
    const row = cfg.exits[i].map((e, j) => (i === j ? stay : (1 - stay) * e));
    if (!reentryOpen && re >= 0 && bal >= 0) {
      row[bal] += row[re];
      row[re] = 0;
    }
    return row;
  });
}

/** a²·dt for the drag deceleration a of state g at ballistic coefficient beta (0 without one). */
function dragNoise(g: Gaussian, beta: number | undefined, dt: number): number {
  if (!beta) return 0;
  const h = Math.hypot(g.x[0], g.x[1], g.x[2]) - 6_371_008.8;
  const rho = 1.225 * Math.exp(-Math.max(h, 0) / 7200);
  const a = (rho * (g.x[3] ** 2 + g.x[4] ** 2 + g.x[5] ** 2)) / (2 * beta);
  return a * a * Math.abs(dt);
}

/** Geocentric altitude over a sphere of the WGS84 mean radius, and whether the state descends. */
function reentryOpen(g: Gaussian, cfg: ImmConfig): boolean {
  const [x, y, z, vx, vy, vz] = g.x;
  const descending = x * vx + y * vy + z * vz < 0;
  return descending && Math.hypot(x, y, z) - 6_371_008.8 < cfg.reentryBelowM;
}

/** Moment-matched mixture of Gaussians. */
export function combine(gs: Gaussian[], w: number[]): Gaussian {
  const n = gs[0].x.length;
  const x = new Array<number>(n).fill(0);
  gs.forEach((g, k) => g.x.forEach((v, i) => (x[i] += w[k] * v)));
  const P: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  gs.forEach((g, k) => {
    const d = g.x.map((v, i) => v - x[i]);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) P[i][j] += w[k] * (g.P[i][j] + d[i] * d[j]);
  });
  return { x, P };
}

/** Mixing and per-mode prediction to `t`. */
export function immPredict(
  s: ImmState,
  t: number,
  cfg: ImmConfig = DEFAULT_IMM,
  ops: ImmOps = BALLISTIC_OPS,
): ImmState {
  const dt = t - s.t;
  const Pi = transition(cfg, dt, reentryOpen(combine(s.modes, s.mu), cfg));
  const r = s.modes.length;
  const cbar = new Array<number>(r).fill(0);
  for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) cbar[j] += Pi[i][j] * s.mu[i];
  const weights = cfg.modes.map((_, j) =>
    s.mu.map((mu, i) => (cbar[j] > 0 ? (Pi[i][j] * mu) / cbar[j] : i === j ? 1 : 0)),
  );
  const drag = s.drag;
  const thrust = s.thrust;
  const sigmaA = cfg.thrust?.sigma ?? 0;
  /** Mode i's [x | a] for a thrust mode's mixing (a's prior when mode i has no thrust state). */
  const withThrust = (g: Gaussian, i: number) =>
    joinThrust(g, thrust?.[i] ?? thrustPrior(0, sigmaA));
  if (drag && cfg.drag && withDrag(cfg)) {
    const { qKappa, reentryWalk, kappaMin } = cfg.drag;
    const joint = s.modes.map((g, i) => projectKappa(joinDrag(g, drag[i]), kappaMin));
    const out = cfg.modes.map((m, j) => {
      if (hasThrust(cfg, m)) {
        // [x | κ | a], κ a constant slot (carried, not used; its covariance with a is 0).
        const parts = joint.map((J, i) => joinThrust(J, thrust?.[i] ?? thrustPrior(0, sigmaA)));
        const pred = splitThrust(thrustPredict(combine(parts, weights[j]), dt, m.q, m.qJerk!));
        const n = pred.g.x.length - 1;
        const th = { ...pred.t, Pxa: pred.t.Pxa.slice(0, n) };
        return { ...splitDrag(pred.g), th };
      }
      const mixed = combine(joint, weights[j]);
      const walk = m.name === 'reentry' ? reentryWalk * mixed.x[mixed.x.length - 1] : 0;
      return {
        ...splitDrag(dragPredict(mixed, dt, m.q, qKappa + walk * walk, kappaMin)),
        th: null,
      };
    });
    return {
      t,
      modes: out.map((o) => o.g),
      mu: cbar,
      drag: out.map((o) => o.d),
      ...(out.some((o) => o.th) ? { thrust: out.map((o) => o.th) } : {}),
    };
  }
  const out = cfg.modes.map((m, j) => {
    if (hasThrust(cfg, m)) {
      const mixed = combine(
        s.modes.map((g, i) => withThrust(g, i)),
        weights[j],
      );
      const split = splitThrust(thrustPredict(mixed, dt, m.q, m.qJerk!));
      return { g: split.g, th: split.t };
    }
    const mixed = combine(s.modes, weights[j]);
    return {
      g: ops.predict(cfg.filter, mixed, dt, m.q + dragNoise(mixed, m.dragBeta, dt)),
      th: null,
    };
  });
  return {
    t,
    modes: out.map((o) => o.g),
    mu: cbar,
    ...(out.some((o) => o.th) ? { thrust: out.map((o) => o.th) } : {}),
  };
}

/** Per-mode update with a position report (z, R); mode probabilities from the innovation likelihoods. */
export function immUpdate(s: ImmState, z: Vec, R: Mat, ops: ImmOps = BALLISTIC_OPS): ImmState {
  const ups = s.modes.map((g) => ops.update(g, z, R));
  // Log-likelihoods relative to the best, so a far-off mode underflows to 0 instead of NaN.
  const ll = ups.map((u) => -0.5 * (mahalanobis2(u.nu, u.S) + logDetSpd(u.S)));
  const best = Math.max(...ll);
  const w = ll.map((l, k) => s.mu[k] * Math.exp(l - best));
  const sum = w.reduce((a, b) => a + b, 0);
  const modes = ups.map(({ x, P }) => ({ x, P }));
  return {
    t: s.t,
    modes,
    mu: sum > 0 ? w.map((v) => v / sum) : s.mu.slice(),
    ...immCarry(s, modes),
  };
}

/** The probability of a flight phase: the sum over the modes of that name (there are two boost modes). */
export function phaseProbability(s: ImmState, name: ImmMode, cfg: ImmConfig = DEFAULT_IMM): number {
  return cfg.modes.reduce((a, m, j) => a + (m.name === name ? s.mu[j] : 0), 0);
}

/** Mode probabilities putting `weights[name]` on each phase, shared equally by its modes. */
export function phaseWeights(
  weights: Partial<Record<ImmMode, number>>,
  cfg: ImmConfig = DEFAULT_IMM,
): number[] {
  return cfg.modes.map(
    (m) => (weights[m.name] ?? 0) / cfg.modes.filter((o) => o.name === m.name).length,
  );
}

/** The IMM's output estimate. */
export function immEstimate(s: ImmState): Gaussian {
  return combine(s.modes, s.mu);
}
