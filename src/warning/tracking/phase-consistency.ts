import { chi2Inv } from '../chi-square.js';
import { predict, update, type Gaussian } from '../kalman.js';
import { ballisticModel } from '../motion-models.js';
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
import type { TrackerConfig } from '../tracker-config.js';

export type Phase = 'boost' | 'ballistic' | 'reentry';
export const PHASES: Phase[] = ['boost', 'ballistic', 'reentry'];

/** Below this altitude, descending: re-entry (drag is felt below about 80–100 km). */
export const REENTRY_ALTITUDE_M = 80_000;

export interface PhaseFigures {
  phase: Phase;
  /** Update instants in the phase (each averaged over the runs). */
  instants: number;
  /** Mean over the instants of the average NEES over runs (6-D state). */
  anees: number;
  /** 95% two-sided bounds for the average NEES of `runs` runs at one instant. */
  bounds: [number, number];
  /** Share of the instants whose average NEES is inside the bounds. */
  inside: number;
  /** Position RMSE over runs and instants, m. */
  rmse: number;
  /** √(trace of the position block of the PCRLB), the same average, m. */
  sqrtPcrlb: number;
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
  const qOf = (p: Phase) => imm.modes.find((m) => m.name === p)!.q;
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

/** Per-phase figures from per-instant sums over the runs (NEES and squared position error). */
function summarise(
  run: Pick<PhaseRun, 'runs' | 'sigmaM'>,
  tr: ReturnType<typeof planTrajectory>,
  times: number[],
  phases: Phase[],
  a: { nees: number; se: number }[],
  qOf: (p: Phase) => number,
): PhaseFigures[] {
  const P0 = diag([
    run.sigmaM ** 2,
    run.sigmaM ** 2,
    run.sigmaM ** 2,
    3000 ** 2,
    3000 ** 2,
    3000 ** 2,
  ]);
  // PCRLB: J_{k+1} = (Q_k + F J_k⁻¹ Fᵀ)⁻¹ + HᵀR⁻¹H along the truth, Q of the truth's phase.
  const crlb: number[] = [];
  let J: Mat = invSpd(P0);
  const HtRH = diag([1 / run.sigmaM ** 2, 1 / run.sigmaM ** 2, 1 / run.sigmaM ** 2, 0, 0, 0]);
  times.forEach((t, k) => {
    if (k > 0) {
      const dt = t - times[k - 1];
      const F = ballisticModel.F(tr.stateAt(times[k - 1])!, dt);
      const Q = ballisticModel.Q(dt, qOf(phases[k - 1]));
      J = add(invSpd(add(mul(mul(F, invSpd(J)), transpose(F)), Q)), HtRH);
    } else J = add(J, HtRH);
    const C = invSpd(J);
    crlb.push(C[0][0] + C[1][1] + C[2][2]);
  });
  const lo = chi2Inv(0.025, 6 * run.runs) / run.runs,
    hi = chi2Inv(0.975, 6 * run.runs) / run.runs;
  // The first 5 instants (settling from a zero-velocity start) are left out of every phase.
  return PHASES.map((phase) => {
    const ks = times.map((_, k) => k).filter((k) => k >= 5 && phases[k] === phase);
    const an = ks.map((k) => a[k].nees / run.runs);
    return {
      phase,
      instants: ks.length,
      anees: an.reduce((x, y) => x + y, 0) / Math.max(1, ks.length),
      bounds: [lo, hi],
      inside: an.filter((v) => v >= lo && v <= hi).length / Math.max(1, ks.length),
      rmse: Math.sqrt(ks.reduce((x, k) => x + a[k].se / run.runs, 0) / Math.max(1, ks.length)),
      sqrtPcrlb: Math.sqrt(ks.reduce((x, k) => x + crlb[k], 0) / Math.max(1, ks.length)),
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
  const qOf = (p: Phase) => imm.modes.find((m) => m.name === p)!.q;
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
  const qOf = (p: Phase) => imm.modes.find((m) => m.name === p)!.q;
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
          st = immInit(est ? augment(g, run.sensors, run.biasSigmaM) : g, t, imm);
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
