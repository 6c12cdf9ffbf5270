import { predict, update, type FilterKind, type Gaussian, type Innovation } from '../kalman.js';
import { ballisticModel } from '../motion-models.js';
import { logDetSpd, mahalanobis2, type Mat, type Vec } from '../linalg.js';

/**
 * Interacting multiple model filter (Blom & Bar-Shalom) over the flight phases of a ballistic missile.
 * Every mode shares the 6-D ECEF state and the ballistic (J2, rotating-frame) dynamics; they differ by
 * their white-acceleration process noise, which stands for what the ballistic model leaves out: thrust
 * (boost), nothing (free flight) or drag (re-entry). A documented choice: modes with thrust or drag
 * states of their own would need a larger state for every mode and mixing across dimensions.
 */
export type ImmMode = 'boost' | 'ballistic' | 'reentry';

export interface ImmConfig {
  filter: FilterKind;
  /**
   * `dragBeta` (kg/m²): the mode's process noise grows with the drag deceleration ρ(h)·v²/(2β) of the
   * predicted state (exponential atmosphere, 7.2 km scale height): q + a²·dt.
   */
  modes: { name: ImmMode; q: number; meanSojournS: number; dragBeta?: number }[];
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
    // Tuned on three 1,000 km-class trajectories (bench 'warning-imm', docs/benchmarks.md).
    // Boost: tens of m/s² of thrust the ballistic model leaves out.
    { name: 'boost', q: 4000, meanSojournS: 30 },
    { name: 'ballistic', q: 1e-6, meanSojournS: 60 },
    // Re-entry: a floor plus the drag of a light warhead (β 2,500 kg/m², heavier drag than most).
    { name: 'reentry', q: 1000, meanSojournS: 1000, dragBeta: 2500 },
  ],
  // Thrust does not come back (single-stage missiles; a later stage is a new boost only via a new track).
  exits: [
    [0, 0.95, 0.05],
    [0, 0, 1],
    [0, 1, 0],
  ],
  initial: [0.8, 0.2, 0],
  reentryBelowM: 100_000,
};

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
}

export function immInit(g: Gaussian, t: number, cfg: ImmConfig = DEFAULT_IMM): ImmState {
  return {
    t,
    modes: cfg.modes.map(() => ({ x: g.x.slice(), P: g.P.map((r) => r.slice()) })),
    mu: cfg.initial.slice(),
  };
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
  const modes = cfg.modes.map((m, j) => {
    const w = s.mu.map((mu, i) => (cbar[j] > 0 ? (Pi[i][j] * mu) / cbar[j] : i === j ? 1 : 0));
    const mixed = combine(s.modes, w);
    return ops.predict(cfg.filter, mixed, dt, m.q + dragNoise(mixed, m.dragBeta, dt));
  });
  return { t, modes, mu: cbar };
}

/** Per-mode update with a position report (z, R); mode probabilities from the innovation likelihoods. */
export function immUpdate(s: ImmState, z: Vec, R: Mat, ops: ImmOps = BALLISTIC_OPS): ImmState {
  const ups = s.modes.map((g) => ops.update(g, z, R));
  // Log-likelihoods relative to the best, so a far-off mode underflows to 0 instead of NaN.
  const ll = ups.map((u) => -0.5 * (mahalanobis2(u.nu, u.S) + logDetSpd(u.S)));
  const best = Math.max(...ll);
  const w = ll.map((l, k) => s.mu[k] * Math.exp(l - best));
  const sum = w.reduce((a, b) => a + b, 0);
  return {
    t: s.t,
    modes: ups.map(({ x, P }) => ({ x, P })),
    mu: sum > 0 ? w.map((v) => v / sum) : s.mu.slice(),
  };
}

/** The IMM's output estimate. */
export function immEstimate(s: ImmState): Gaussian {
  return combine(s.modes, s.mu);
}
