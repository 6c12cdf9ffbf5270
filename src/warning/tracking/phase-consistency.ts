import { chi2Inv } from '../chi-square.js';
import { predict, update, type Gaussian } from '../kalman.js';
import { ballisticModel } from '../motion-models.js';
import { propagate } from '../ballistic-dynamics.js';
import { add, diag, invSpd, mul, transpose, type Mat } from '../linalg.js';
import { Prng } from '../prng.js';
import { planTrajectory, type LaunchSpec } from '../trajectory.js';
import { ecefToGeodetic } from '../../geo/wgs84.js';
import {
  DEFAULT_IMM,
  immEstimate,
  immInit,
  immPredict,
  immUpdate,
  type ImmConfig,
  type ImmState,
} from './imm.js';
import { augment, augmentedOps, targetPart } from './bias.js';
import { Tracker } from '../tracker.js';
import { checkReport } from '../measurement.js';
import { ecefToRae, type LatLonH } from '../../geo/wgs84.js';
import type { TrackerConfig } from '../tracker-config.js';

export type Phase = 'boost' | 'ballistic' | 'reentry';
export const PHASES: Phase[] = ['boost', 'ballistic', 'reentry'];

/** Below this altitude, descending: re-entry (drag is felt below about 80–100 km). */
export const REENTRY_ALTITUDE_M = 80_000;

export interface PhaseFigures {
  phase: Phase;
  /**
   * Update instants in the phase per run (each averaged over the runs); with a truth per run
   * (`RadarBiasRun.truthDrag` 'prior') their mean over the runs.
   */
  instants: number;
  /** Mean over the instants of the average NEES over runs (6-D state). */
  anees: number;
  /** 95% two-sided bounds for the average NEES of `runs` runs at one instant. */
  bounds: [number, number];
  /** Share of the instants whose average NEES is inside the bounds. */
  inside: number;
  /** Position RMSE over runs and instants, m. */
  rmse: number;
  /**
   * √(trace of the position block of the PCRLB), the same average, m; for biases drawn from a prior
   * (`radarBiasConsistency`), with biased reports the bound of the problem with those biases.
   */
  sqrtPcrlb: number;
  /** With biased reports: the same bound without bias (the sensors unbiased), m. */
  sqrtPcrlbNoBias?: number;
}

export interface PhaseRun {
  spec: LaunchSpec;
  runs: number;
  sigmaM: number;
  periodS: number;
  /** A constant position bias added to every report (ECEF, m), or none. */
  biasM?: [number, number, number];
  seed: number;
}

/**
 * Monte Carlo of one trajectory (boost, free flight, re-entry with drag) tracked from 10 s after
 * launch to impact with ECEF position reports, by the IMM and by the single-model EKF of the tracker
 * (process noise switched to qBoost while the truth boosts, as plume reports do, else q). NEES and
 * position error per phase against a PCRLB computed along the truth with the ballistic model and the
 * process noise of the truth's phase (the IMM's mode for that phase): a reference, since the truth's
 * thrust and drag are deterministic rather than the white noise the bound assumes.
 */
export function phaseConsistency(
  run: PhaseRun,
  imm: ImmConfig = DEFAULT_IMM,
  single = { q: 1e-4, qBoost: 2000, holdS: 6 },
): { imm: PhaseFigures[]; single: PhaseFigures[]; tb: number; flightTime: number } {
  const tr = planTrajectory(run.spec);
  const t0 = run.spec.t0 + 10;
  const times: number[] = [];
  for (let t = t0; t <= run.spec.t0 + tr.flightTime - 1; t += run.periodS) times.push(t);
  const phaseAt = (t: number): Phase => {
    if (tr.boosting(t)) return 'boost';
    const s = tr.stateAt(t)!;
    const h = ecefToGeodetic([s[0], s[1], s[2]]).h;
    const down = s[0] * s[3] + s[1] * s[4] + s[2] * s[5] < 0;
    return down && h < REENTRY_ALTITUDE_M ? 'reentry' : 'ballistic';
  };
  const phases = times.map(phaseAt);
  const qOf = boundNoise(imm);
  const R = diag([run.sigmaM ** 2, run.sigmaM ** 2, run.sigmaM ** 2]);
  const P0 = diag([
    run.sigmaM ** 2,
    run.sigmaM ** 2,
    run.sigmaM ** 2,
    3000 ** 2,
    3000 ** 2,
    3000 ** 2,
  ]);
  const acc = {
    imm: times.map(() => ({ nees: 0, se: 0 })),
    single: times.map(() => ({ nees: 0, se: 0 })),
  };
  const rng = new Prng(run.seed);
  const bias = run.biasM ?? [0, 0, 0];
  const nees = (g: Gaussian, truth: number[]) => {
    const e = g.x.map((v, i) => v - truth[i]);
    const Pi = invSpd(g.P);
    let s = 0;
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) s += e[i] * Pi[i][j] * e[j];
    return { nees: s, se: e[0] ** 2 + e[1] ** 2 + e[2] ** 2 };
  };
  for (let r = 0; r < run.runs; r++) {
    let s: ReturnType<typeof immInit> | null = null;
    let g: Gaussian | null = null;
    let tPrev = t0;
    times.forEach((t, k) => {
      const truth = tr.stateAt(t)!;
      const z = [0, 1, 2].map((i) => truth[i] + bias[i] + rng.normal() * run.sigmaM);
      if (!s || !g) {
        const x0 = [z[0], z[1], z[2], 0, 0, 0];
        s = immInit({ x: x0, P: P0 }, t, imm);
        g = { x: x0, P: P0 };
        // Starts from the first report at zero velocity: the first instants are the filter settling.
      } else {
        s = immUpdate(immPredict(s, t, imm), z, R);
        const q = tPrev < run.spec.t0 + tr.tb + single.holdS ? single.qBoost : single.q;
        const upd = update(predict('ekf', ballisticModel, g, t - tPrev, q), z, R);
        g = { x: upd.x, P: upd.P };
      }
      tPrev = t;
      const a = nees(immEstimate(s), truth);
      const b = nees(g, truth);
      acc.imm[k].nees += a.nees;
      acc.imm[k].se += a.se;
      acc.single[k].nees += b.nees;
      acc.single[k].se += b.se;
    });
  }
  const figures = (a: { nees: number; se: number }[]) => summarise(run, tr, times, phases, a, qOf);
  return {
    imm: figures(acc.imm),
    single: figures(acc.single),
    tb: tr.tb,
    flightTime: tr.flightTime,
  };
}

/**
 * The truth's transition over dt with its Jacobian in [position, velocity, κ]: the ballistic dynamics
 * with the truth's drag (ballistic-dynamics.ts, κ = 1/β) by central differences; without drag (or in
 * boost, where the truth is a planned path and the bound takes the boost mode's noise) the ballistic
 * model's Jacobian and no κ column.
 */
function truthTransition(x: number[], dt: number, beta: number | undefined, boost: boolean): Mat {
  const F7: Mat = Array.from({ length: 7 }, (_, i) =>
    Array.from({ length: 7 }, (_, j) => (i === j ? 1 : 0)),
  );
  if (boost || !beta) {
    const F = ballisticModel.F(x, dt);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) F7[i][j] = F[i][j];
    return F7;
  }
  const kappa = 1 / beta;
  const f = (s: number[], k: number) => propagate(s, dt, 0.5, { beta: 1 / k });
  const steps = [10, 10, 10, 0.1, 0.1, 0.1];
  for (let j = 0; j < 6; j++) {
    const a = x.slice(0, 6),
      b = x.slice(0, 6);
    a[j] += steps[j];
    b[j] -= steps[j];
    const fa = f(a, kappa),
      fb = f(b, kappa);
    for (let i = 0; i < 6; i++) F7[i][j] = (fa[i] - fb[i]) / (2 * steps[j]);
  }
  const dk = kappa / 100;
  const fa = f(x.slice(0, 6), kappa + dk),
    fb = f(x.slice(0, 6), kappa - dk);
  for (let i = 0; i < 6; i++) F7[i][6] = (fa[i] - fb[i]) / (2 * dk);
  return F7;
}

/**
 * The process noise of the PCRLB's truth model: in boost, the steadiest boost mode's (its white
 * acceleration density q and, with a thrust state, the thrust acceleration as an unknown state of
 * prior σ per axis walking by white jerk of density qJerk, the smallest of the boost modes': the
 * tightest bound of those models); otherwise free flight's q.
 */
export interface BoundNoise {
  qBoost: number;
  qJerk?: number;
  sigmaA: number;
  qFree: number;
}

export function boundNoise(imm: ImmConfig): BoundNoise {
  const boost = imm.modes
    .filter((m) => m.name === 'boost')
    .sort((a, b) => (a.qJerk ?? Infinity) - (b.qJerk ?? Infinity))[0];
  const jerk = imm.thrust && boost.qJerk !== undefined;
  return {
    qBoost: boost.q,
    ...(jerk ? { qJerk: boost.qJerk } : {}),
    sigmaA: imm.thrust?.sigma ?? 0,
    qFree: imm.modes.find((m) => m.name === 'ballistic')!.q,
  };
}

/** The sensors' biases in the PCRLB: per instant the reporting sensor and its bias Jacobian. */
export interface BoundBias {
  sensors: number;
  sensorOf: (k: number) => number;
  Js: Mat[];
  prior: number[];
}

/** Per-phase figures from per-instant sums over the runs (NEES and squared position error). */
function summarise(
  run: Pick<PhaseRun, 'runs' | 'sigmaM'> & { spec?: Pick<LaunchSpec, 'beta'> },
  tr: ReturnType<typeof planTrajectory>,
  times: number[],
  phases: Phase[],
  a: { nees: number; se: number }[],
  noise: BoundNoise,
  /** Per instant, the report's ECEF covariance (default σ = run.sigmaM per axis). */
  Rs?: Mat[],
  /** The filters' prior σ of κ = 1/β (m²/kg): the bound's prior on the unknown drag (DEFAULT_IMM). */
  kappaSigma = DEFAULT_IMM.drag?.kappaSigma ?? 4e-4,
): PhaseFigures[] {
  const crlb = pcrlbTraces(run.sigmaM, run.spec?.beta, tr, times, phases, noise, Rs, kappaSigma);
  const sums = phaseSums(times.length);
  times.forEach((_, k) => {
    if (k < 5) return;
    sums[phases[k]][k] = { nees: a[k].nees, se: a[k].se, crlb: crlb[k] * run.runs, n: run.runs };
  });
  return phaseFigures(sums, run.runs);
}

/**
 * The PCRLB's position trace at each instant along one truth: the information recursion on
 * [position, velocity, κ, a], J_{k+1} = (Q_k + F J_k⁻¹ Fᵀ)⁻¹ + HᵀR⁻¹H, with the truth's own dynamics
 * (drag at its β, κ unknown with the filters' prior) and, while the truth boosts (its thrust is
 * outside the ballistic model), the boost model (`boundNoise`): its white acceleration noise and,
 * with a thrust state, the thrust acceleration a as an unknown state of the filters' prior walking by
 * white jerk, added to the dynamics; after burnout a no longer acts (carried uncoupled, which is its
 * marginal) and the process noise is the free-flight mode's: the truth has nothing else unmodelled,
 * in free flight or re-entry. With `bias`, also on the sensors' biases: constants of the prior
 * entering each report through its sensor's J_s.
 */
function pcrlbTraces(
  sigmaM: number,
  beta: number | undefined,
  tr: ReturnType<typeof planTrajectory>,
  times: number[],
  phases: Phase[],
  noise: BoundNoise,
  Rs: Mat[] | undefined,
  kappaSigma: number,
  bias?: BoundBias,
): number[] {
  const nb = bias ? 3 * bias.sensors : 0;
  const D = 10 + nb;
  const sa2 = noise.qJerk !== undefined ? noise.sigmaA ** 2 : 1;
  const P0 = diag([
    sigmaM ** 2,
    sigmaM ** 2,
    sigmaM ** 2,
    3000 ** 2,
    3000 ** 2,
    3000 ** 2,
    kappaSigma ** 2,
    sa2,
    sa2,
    sa2,
    ...Array.from({ length: nb }, (_, i) => bias!.prior[i % 3]),
  ]);
  // With per-instant covariances the prior's position block is the first report's.
  if (Rs) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) P0[i][j] = Rs[0][i][j];
  const crlb: number[] = [];
  let J: Mat = invSpd(P0);
  // Hᵀ R⁻¹ H with H = [I 0 … J_s …]: the report is the position plus its sensor's bias through J_s.
  const infoOf = (k: number): Mat => {
    const Ri = Rs ? invSpd(Rs[k]) : diag([1, 1, 1].map(() => 1 / sigmaM ** 2));
    const H: Mat = [0, 1, 2].map((r) => Array.from({ length: D }, (_, c) => (c === r ? 1 : 0)));
    if (bias) {
      const at = 10 + 3 * bias.sensorOf(k);
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) H[r][at + c] = bias.Js[k][r][c];
    }
    return mul(mul(transpose(H), Ri), H);
  };
  times.forEach((t, k) => {
    const HtRH = infoOf(k);
    if (k > 0) {
      const dt = t - times[k - 1];
      const boost = phases[k - 1] === 'boost';
      const F7 = truthTransition(tr.stateAt(times[k - 1])!, dt, beta, boost);
      const F: Mat = Array.from({ length: D }, (_, i) =>
        Array.from({ length: D }, (_, j) => (i < 7 && j < 7 ? F7[i][j] : i === j ? 1 : 0)),
      );
      const Q6 = ballisticModel.Q(dt, boost ? noise.qBoost : noise.qFree);
      const Q: Mat = Array.from({ length: D }, (_, i) =>
        Array.from({ length: D }, (_, j) => (i < 6 && j < 6 ? Q6[i][j] : 0)),
      );
      if (boost && noise.qJerk !== undefined) {
        const h = Math.abs(dt);
        const qj = [
          [h ** 5 / 20, h ** 4 / 8, h ** 3 / 6],
          [h ** 4 / 8, h ** 3 / 3, h ** 2 / 2],
          [h ** 3 / 6, h ** 2 / 2, h],
        ];
        for (let c = 0; c < 3; c++) {
          F[c][7 + c] = 0.5 * dt * dt;
          F[3 + c][7 + c] = dt;
          const idx = [c, 3 + c, 7 + c];
          for (let a = 0; a < 3; a++)
            for (let b = 0; b < 3; b++) Q[idx[a]][idx[b]] += noise.qJerk * qj[a][b];
        }
      }
      J = add(invSpd(add(mul(mul(F, invSpd(J)), transpose(F)), Q)), HtRH);
    } else J = add(J, HtRH);
    const C = invSpd(J);
    crlb.push(C[0][0] + C[1][1] + C[2][2]);
  });
  return crlb;
}

/**
 * Per phase and instant, sums over the runs that are in that phase at that instant: NEES, squared
 * position error, the PCRLB's position trace (each run's own), and how many runs.
 */
interface InstantSums {
  nees: number;
  se: number;
  crlb: number;
  /** With biased reports and a bound with bias: the no-bias bound's trace, summed. */
  crlbNoBias?: number;
  n: number;
}
type PhaseSums = Record<Phase, (InstantSums | undefined)[]>;

const phaseSums = (instants: number): PhaseSums => {
  const none = (): (InstantSums | undefined)[] => Array.from({ length: instants }, () => undefined);
  return { boost: none(), ballistic: none(), reentry: none() };
};

/**
 * Per-phase figures from per-instant sums. With the same truth in every run (every instant holds
 * every run) this is the mean over the phase's instants of the average over the runs; with a truth
 * per run (its length and phases its own) each run-instant counts once, and an instant's average is
 * judged against the 95% bounds of an average of as many runs as it holds.
 */
function phaseFigures(sums: PhaseSums, runs: number): PhaseFigures[] {
  const bounds = (n: number): [number, number] => [
    chi2Inv(0.025, 6 * n) / n,
    chi2Inv(0.975, 6 * n) / n,
  ];
  return PHASES.map((phase) => {
    const cells = sums[phase].filter((c): c is InstantSums => c !== undefined && c.n > 0);
    const total = (f: (c: InstantSums) => number) => cells.reduce((x, c) => x + f(c), 0);
    const n = Math.max(
      1,
      total((c) => c.n),
    );
    return {
      phase,
      instants: total((c) => c.n) / runs,
      anees: total((c) => c.nees) / n,
      bounds: bounds(runs),
      inside:
        cells.filter((c) => {
          const [lo, hi] = bounds(c.n);
          return c.nees / c.n >= lo && c.nees / c.n <= hi;
        }).length / Math.max(1, cells.length),
      rmse: Math.sqrt(total((c) => c.se) / n),
      sqrtPcrlb: Math.sqrt(total((c) => c.crlb) / n),
      ...(cells.some((c) => c.crlbNoBias !== undefined)
        ? { sqrtPcrlbNoBias: Math.sqrt(total((c) => c.crlbNoBias ?? 0) / n) }
        : {}),
    };
  });
}

export interface TrackerPhaseFigures {
  figures: PhaseFigures[];
  /** Tracks started per run beyond the first (track breaks: the track lost the truth), mean. */
  breaks: number;
  /** Per phase, reports (over all runs) that started a new track instead of updating one. */
  unassociated: Record<Phase, number>;
}

/**
 * The same Monte Carlo as `phaseConsistency`, but through the `Tracker` itself (#18.8): gating, GNN,
 * M-of-N initiation from a single point at zero velocity (σ_v from the config), deletion, and the
 * filter the config names (single EKF with plume-switched process noise, or the IMM). Every report
 * carries the plume flag while the truth boosts (an infrared sensor's plume report). The NEES at each
 * instant is that of the track state the report produced (a new track's, if it started one).
 */
export function trackerPhaseConsistency(
  run: PhaseRun,
  config: TrackerConfig,
  imm: ImmConfig = DEFAULT_IMM,
): TrackerPhaseFigures {
  const tr = planTrajectory(run.spec);
  const t0 = run.spec.t0 + 10;
  const times: number[] = [];
  for (let t = t0; t <= run.spec.t0 + tr.flightTime - 1; t += run.periodS) times.push(t);
  const phases = times.map((t): Phase => {
    if (tr.boosting(t)) return 'boost';
    const s = tr.stateAt(t)!;
    const h = ecefToGeodetic([s[0], s[1], s[2]]).h;
    const down = s[0] * s[3] + s[1] * s[4] + s[2] * s[5] < 0;
    return down && h < REENTRY_ALTITUDE_M ? 'reentry' : 'ballistic';
  });
  const qOf = boundNoise(imm);
  const R = diag([run.sigmaM ** 2, run.sigmaM ** 2, run.sigmaM ** 2]);
  const acc = times.map(() => ({ nees: 0, se: 0 }));
  const rng = new Prng(run.seed);
  const bias = run.biasM ?? [0, 0, 0];
  let breaks = 0;
  const unassociated: Record<Phase, number> = { boost: 0, ballistic: 0, reentry: 0 };
  for (let r = 0; r < run.runs; r++) {
    const tk = new Tracker(config);
    times.forEach((t, k) => {
      const truth = tr.stateAt(t)!;
      const z = [0, 1, 2].map((i) => truth[i] + bias[i] + rng.normal() * run.sigmaM);
      const id = `${r}-${k}`;
      const events = tk.processScan([{ id, sensor: 'r1', time: t, z, R, boost: tr.boosting(t) }]);
      tk.prune(t);
      const e = events.find((ev) => ev.report === id);
      if (!e) throw new Error(`report ${id} produced no track state`);
      if (e.initiated && k > 0) unassociated[phases[k]]++;
      const err = e.x.map((v, i) => v - truth[i]);
      const Pi = invSpd(e.P);
      let n = 0;
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) n += err[i] * Pi[i][j] * err[j];
      acc[k].nees += n;
      acc[k].se += err[0] ** 2 + err[1] ** 2 + err[2] ** 2;
    });
    breaks += tk.stats.initiated - 1;
  }
  return {
    figures: summarise(run, tr, times, phases, acc, qOf),
    breaks: breaks / run.runs,
    unassociated,
  };
}

export interface BiasRun extends Omit<PhaseRun, 'biasM'> {
  /** Each sensor's ECEF position bias is drawn per run from N(0, biasSigmaM²) per axis (m). */
  biasSigmaM: number;
  /** Sensors reporting in turn (report k is sensor k mod sensors). */
  sensors: number;
}

export interface BiasFigures {
  /** IMM on unbiased reports (reference), no estimation. */
  unbiased: PhaseFigures[];
  /** IMM on biased reports, bias ignored. */
  biased: PhaseFigures[];
  /** Augmented-state IMM (bias.ts) on unbiased reports. */
  unbiasedEstimated: PhaseFigures[];
  /** Augmented-state IMM on biased reports. */
  biasedEstimated: PhaseFigures[];
  /**
   * Bias differences between sensor 0 and the others at the last instant: RMSE of their estimate over
   * runs and axes, and its prior σ (√2·biasSigmaM), m.
   */
  relativeBias: { rmse: number; prior: number };
}

/**
 * The augmented start from a first report z of sensor 0 (target g = [z, 0], its covariance from R):
 * z holds sensor 0's bias b₀, so the position z − b̂₀ (b̂₀ = 0) has covariance R + B and
 * cross-covariance −B with b₀ (B = biasSigmaM²·I), as the Tracker's `initBias` starts a track. Without
 * the cross term the common-mode bias (unobservable) keeps an error its covariance does not hold and
 * the target is over-confident for the whole flight.
 */
function augmentFirst(g: Gaussian, sensors: number, biasSigmaM: number): Gaussian {
  const a = augment(g, sensors, biasSigmaM);
  const P = a.P.map((r) => r.slice());
  for (let i = 0; i < 3; i++) {
    P[i][i] += biasSigmaM ** 2;
    P[i][6 + i] = P[6 + i][i] = -(biasSigmaM ** 2);
  }
  return { x: a.x, P };
}

/**
 * #18.8 sensor bias: the Monte Carlo of `phaseConsistency` with `sensors` sensors reporting in turn,
 * each with an unknown constant ECEF position bias drawn per run, tracked by the IMM ignoring bias and
 * by the IMM on the bias-augmented state (bias.ts, prior σ = biasSigmaM); NEES of the 6-D target state.
 */
export function biasConsistency(run: BiasRun, imm: ImmConfig = DEFAULT_IMM): BiasFigures {
  const tr = planTrajectory(run.spec);
  const t0 = run.spec.t0 + 10;
  const times: number[] = [];
  for (let t = t0; t <= run.spec.t0 + tr.flightTime - 1; t += run.periodS) times.push(t);
  const phases = times.map((t): Phase => {
    if (tr.boosting(t)) return 'boost';
    const s = tr.stateAt(t)!;
    const h = ecefToGeodetic([s[0], s[1], s[2]]).h;
    const down = s[0] * s[3] + s[1] * s[4] + s[2] * s[5] < 0;
    return down && h < REENTRY_ALTITUDE_M ? 'reentry' : 'ballistic';
  });
  const qOf = boundNoise(imm);
  const R = diag([run.sigmaM ** 2, run.sigmaM ** 2, run.sigmaM ** 2]);
  const P0 = diag([...[0, 1, 2].map(() => run.sigmaM ** 2), ...[0, 1, 2].map(() => 3000 ** 2)]);
  const keys = ['unbiased', 'biased', 'unbiasedEstimated', 'biasedEstimated'] as const;
  const sums = () => times.map(() => ({ nees: 0, se: 0 }));
  const acc: Record<(typeof keys)[number], { nees: number; se: number }[]> = {
    unbiased: sums(),
    biased: sums(),
    unbiasedEstimated: sums(),
    biasedEstimated: sums(),
  };
  const rng = new Prng(run.seed);
  const ops = Array.from({ length: run.sensors }, (_, s) => augmentedOps(s));
  let relSe = 0,
    relN = 0;
  for (let r = 0; r < run.runs; r++) {
    const biases = Array.from({ length: run.sensors }, () =>
      [0, 1, 2].map(() => rng.normal() * run.biasSigmaM),
    );
    const states: Partial<Record<(typeof keys)[number], ImmState>> = {};
    times.forEach((t, k) => {
      const truth = tr.stateAt(t)!;
      const s = k % run.sensors;
      const noise = [0, 1, 2].map(() => rng.normal() * run.sigmaM);
      const clean = [0, 1, 2].map((i) => truth[i] + noise[i]);
      const biased = clean.map((v, i) => v + biases[s][i]);
      for (const key of keys) {
        const z = key === 'biased' || key === 'biasedEstimated' ? biased : clean;
        const est = key === 'unbiasedEstimated' || key === 'biasedEstimated';
        let st = states[key];
        if (!st) {
          const g = { x: [z[0], z[1], z[2], 0, 0, 0], P: P0 };
          st = immInit(est ? augmentFirst(g, run.sensors, run.biasSigmaM) : g, t, imm);
        } else if (est) st = immUpdate(immPredict(st, t, imm, ops[s]), z, R, ops[s]);
        else st = immUpdate(immPredict(st, t, imm), z, R);
        states[key] = st;
        const g = targetPart(immEstimate(st));
        const e = g.x.map((v, i) => v - truth[i]);
        const Pi = invSpd(g.P);
        let n = 0;
        for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) n += e[i] * Pi[i][j] * e[j];
        acc[key][k].nees += n;
        acc[key][k].se += e[0] ** 2 + e[1] ** 2 + e[2] ** 2;
      }
    });
    const last = immEstimate(states.biasedEstimated!);
    for (let s = 1; s < run.sensors; s++)
      for (let i = 0; i < 3; i++) {
        const est = last.x[6 + 3 * s + i] - last.x[6 + i];
        relSe += (est - (biases[s][i] - biases[0][i])) ** 2;
        relN++;
      }
  }
  const f = (key: (typeof keys)[number]) => summarise(run, tr, times, phases, acc[key], qOf);
  return {
    unbiased: f('unbiased'),
    biased: f('biased'),
    unbiasedEstimated: f('unbiasedEstimated'),
    biasedEstimated: f('biasedEstimated'),
    relativeBias: {
      rmse: Math.sqrt(relSe / Math.max(1, relN)),
      prior: Math.SQRT2 * run.biasSigmaM,
    },
  };
}

/**
 * κ = 1/β (m²/kg) drawn from a filter's κ prior (config `drag`): Gaussian with its mean and σ,
 * truncated at κmin (the filter never holds κ below it), by rejection.
 */
export function drawKappa(
  drag: Pick<NonNullable<ImmConfig['drag']>, 'kappa' | 'kappaSigma' | 'kappaMin'>,
  rng: Prng,
): number {
  for (let i = 0; i < 1000; i++) {
    const k = drag.kappa + rng.normal() * drag.kappaSigma;
    if (k >= drag.kappaMin) return k;
  }
  throw new Error(`κ prior ${drag.kappa} ± ${drag.kappaSigma} has almost no mass above κmin`);
}

export interface RadarBiasRun extends Omit<PhaseRun, 'biasM' | 'sigmaM'> {
  /** The radars, reporting in turn (report k from radar k mod n); their coverage is not modelled. */
  sites: LatLonH[];
  /** 1-σ noise of each radar: range m, azimuth and elevation deg. */
  sigma: { range: number; az: number; el: number };
  /**
   * Each radar's bias: drawn per run from N(0, σ²) per component (`draw`), or the same constant for
   * every run (`constant`, as the simulator's network file configures it).
   */
  bias:
    | { draw: { range: number; az: number; el: number } }
    | { constant: { range: number; az: number; el: number } };
  /**
   * The truth's drag: `spec.beta` in every run (`spec`, the default), or, for a Bayesian consistency
   * check of re-entry, κ = 1/β drawn per run from the filters' κ prior (`prior`: the `imm` config's
   * `drag`, `drawKappa`), the same draw for the four cases, each run with its own trajectory
   * (`planTrajectory` at that β) and its own PCRLB.
   */
  truthDrag?: 'spec' | 'prior';
}

export interface RadarBiasFigures {
  /** Tracker (IMM), reports without bias, no estimation. */
  unbiased: TrackerPhaseFigures;
  /** Tracker (IMM), biased reports, no estimation. */
  biased: TrackerPhaseFigures;
  /** Tracker (IMM + sensorBias), reports without bias. */
  unbiasedEstimated: TrackerPhaseFigures;
  /** Tracker (IMM + sensorBias), biased reports. */
  biasedEstimated: TrackerPhaseFigures;
  /** The truth's κ = 1/β (m²/kg) of each run. */
  kappas: number[];
}

/**
 * #18.8 sensor bias through the `Tracker`: the Monte Carlo of `trackerPhaseConsistency` with radar
 * reports (range, azimuth, elevation from each site, noise and bias in those terms, as the simulator
 * makes them), validated and converted by `checkReport` like live reports, tracked by the IMM with
 * and without `sensorBias` (config `estimated`). The same truth, noise and bias draws feed all four
 * cases. The PCRLB reference is that of the unbiased reports (each instant's converted covariance)
 * along each run's truth; with a truth per run (`truthDrag` 'prior') the figures pool the runs'
 * instants (each run's own phases and length; its own bound, averaged as the squared errors are).
 */
export function radarBiasConsistency(
  run: RadarBiasRun,
  plain: TrackerConfig,
  estimated: TrackerConfig,
  imm: ImmConfig = DEFAULT_IMM,
): RadarBiasFigures {
  const t0 = run.spec.t0 + 10;
  const qOf = boundNoise(imm);
  const kappaSigma = imm.drag?.kappaSigma ?? 4e-4;
  const { sigma } = run;
  const Rrae = diag([sigma.range ** 2, sigma.az ** 2, sigma.el ** 2]);
  const n = run.sites.length;
  /** One truth: its trajectory, update instants, phases and per-instant PCRLB trace. */
  const truthOf = (spec: LaunchSpec) => {
    const tr = planTrajectory(spec);
    const times: number[] = [];
    for (let t = t0; t <= spec.t0 + tr.flightTime - 1; t += run.periodS) times.push(t);
    const phases = times.map((t): Phase => {
      if (tr.boosting(t)) return 'boost';
      const s = tr.stateAt(t)!;
      const h = ecefToGeodetic([s[0], s[1], s[2]]).h;
      const down = s[0] * s[3] + s[1] * s[4] + s[2] * s[5] < 0;
      return down && h < REENTRY_ALTITUDE_M ? 'reentry' : 'ballistic';
    });
    // The PCRLB's R per instant: the converted covariance of a noise-free report at the truth.
    const Js: Mat[] = [];
    const Rs = times.map((t, k) => {
      const s = tr.stateAt(t)!;
      const site = run.sites[k % n];
      const c = checkReport({
        sensor: 'pcrlb',
        time: t,
        kind: 'rae',
        z: ecefToRae([s[0], s[1], s[2]], site),
        R: Rrae,
        site,
      });
      if (!c.ok) throw new Error(`PCRLB report at ${t}: ${c.detail}`);
      Js.push(c.m.biasJ!);
      return c.m.R;
    });
    const crlb = pcrlbTraces(1, spec.beta, tr, times, phases, qOf, Rs, kappaSigma);
    // Biases drawn from a prior: the bound of the biased reports is that of the problem with the
    // biases as random constants of that prior (a fixed bias has no prior: the no-bias bound).
    const crlbBias =
      'draw' in run.bias
        ? pcrlbTraces(1, spec.beta, tr, times, phases, qOf, Rs, kappaSigma, {
            sensors: n,
            sensorOf: (k) => k % n,
            Js,
            prior: [run.bias.draw.range ** 2, run.bias.draw.az ** 2, run.bias.draw.el ** 2],
          })
        : null;
    return { tr, times, phases, crlb, crlbBias };
  };
  const fixed = run.truthDrag === 'prior' ? null : truthOf(run.spec);
  const drag = imm.drag;
  if (run.truthDrag === 'prior' && !drag) throw new Error("truthDrag 'prior' needs imm.drag");
  const keys = ['unbiased', 'biased', 'unbiasedEstimated', 'biasedEstimated'] as const;
  // Instants are indexed from t0 in steps of periodS, the same grid for every run's truth.
  const sums = Object.fromEntries(keys.map((key) => [key, phaseSums(0)]));
  const breaks: Record<string, number> = {};
  const unassociated = Object.fromEntries(
    keys.map((key) => [key, { boost: 0, ballistic: 0, reentry: 0 }]),
  );
  const kappas: number[] = [];
  const rng = new Prng(run.seed);
  for (let r = 0; r < run.runs; r++) {
    // The truth's κ first, then the biases, then the noise: one draw of each for the four cases.
    const truth = fixed ?? truthOf({ ...run.spec, beta: 1 / drawKappa(drag!, rng) });
    const { tr, times, phases, crlb, crlbBias } = truth;
    kappas.push(tr.spec.beta ? 1 / tr.spec.beta : 0);
    const biases = run.sites.map(() => {
      if ('constant' in run.bias) return run.bias.constant;
      const d = run.bias.draw;
      return { range: rng.normal() * d.range, az: rng.normal() * d.az, el: rng.normal() * d.el };
    });
    const trackers = Object.fromEntries(
      keys.map((key) => [key, new Tracker(key.endsWith('Estimated') ? estimated : plain)]),
    );
    times.forEach((t, k) => {
      const truth = tr.stateAt(t)!;
      const radar = k % n;
      const site = run.sites[radar];
      const rae = ecefToRae([truth[0], truth[1], truth[2]], site);
      const noise = [rng.normal() * sigma.range, rng.normal() * sigma.az, rng.normal() * sigma.el];
      const b = biases[radar];
      for (const key of keys) {
        const biased = key === 'biased' || key === 'biasedEstimated';
        const z = [
          rae[0] + noise[0] + (biased ? b.range : 0),
          rae[1] + noise[1] + (biased ? b.az : 0),
          rae[2] + noise[2] + (biased ? b.el : 0),
        ];
        const id = `${r}-${k}`;
        const c = checkReport({
          id,
          sensor: `radar-${radar}`,
          time: t,
          kind: 'rae',
          z,
          R: Rrae,
          site,
          boost: tr.boosting(t),
        });
        if (!c.ok) throw new Error(`report ${id}: ${c.detail}`);
        const tk = trackers[key];
        const events = tk.processScan([c.m]);
        tk.prune(t);
        const e = events.find((ev) => ev.report === id);
        if (!e) throw new Error(`report ${id} produced no track state`);
        if (e.initiated && k > 0) unassociated[key][phases[k]]++;
        // The first 5 instants (settling from a single-point start) are left out of every phase.
        if (k < 5) continue;
        const err = e.x.map((v, i) => v - truth[i]);
        const Pi = invSpd(e.P);
        let nees = 0;
        for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) nees += err[i] * Pi[i][j] * err[j];
        const cell = (sums[key][phases[k]][k] ??= { nees: 0, se: 0, crlb: 0, n: 0 });
        cell.nees += nees;
        cell.se += err[0] ** 2 + err[1] ** 2 + err[2] ** 2;
        if (biased && crlbBias) {
          cell.crlb += crlbBias[k];
          cell.crlbNoBias = (cell.crlbNoBias ?? 0) + crlb[k];
        } else cell.crlb += crlb[k];
        cell.n++;
      }
    });
    for (const key of keys) breaks[key] = (breaks[key] ?? 0) + trackers[key].stats.initiated - 1;
  }
  const figures = (key: (typeof keys)[number]): TrackerPhaseFigures => ({
    figures: phaseFigures(sums[key], run.runs),
    breaks: breaks[key] / run.runs,
    unassociated: unassociated[key],
  });
  return {
    unbiased: figures('unbiased'),
    biased: figures('biased'),
    unbiasedEstimated: figures('unbiasedEstimated'),
    biasedEstimated: figures('biasedEstimated'),
    kappas,
  };
}
