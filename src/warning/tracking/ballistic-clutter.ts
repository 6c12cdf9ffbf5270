import type { Measurement } from '../measurement.js';
import { Prng } from '../prng.js';
import type { TrackerConfig } from '../tracker-config.js';
import { planTrajectory, type LaunchSpec, type Trajectory, referenceShot } from '../trajectory.js';
import { diag } from '../linalg.js';
import { createTracker, type ScanTracker } from './create-tracker.js';
import { phaseProbability, type ImmState } from './imm.js';

/**
 * A seeded ballistic shot in clutter, for the IMM with each association (GNN, JPDA, MHT; #18): one
 * missile reported every `periodS` from `fromS` after launch to impact, detected with probability
 * `pD`, with isotropic Gaussian ECEF position noise σ; each scan also carries Poisson clutter
 * (`clutterRate` a scan) uniform in an ECEF-axis cube of half-width `halfWidthM` centred on the
 * truth, so the clutter density is clutterRate / (2·halfWidthM)³ m⁻³ around the target all flight
 * long. Our own generator; everything follows from the seed.
 */
export interface BallisticClutterOptions {
  seed: number;
  spec: LaunchSpec;
  periodS: number;
  fromS: number;
  pD: number;
  sigmaM: number;
  clutterRate: number;
  halfWidthM: number;
  sensor: string;
}

export const DEFAULT_BALLISTIC_CLUTTER: BallisticClutterOptions = {
  seed: 1,
  spec: referenceShot('minimum-energy', 5000),
  periodS: 2,
  fromS: 10,
  pD: 0.9,
  sigmaM: 300,
  clutterRate: 10,
  halfWidthM: 10_000,
  sensor: 'r',
};

/** The clutter density of the scenario, m⁻³. */
export const clutterDensity = (o: BallisticClutterOptions) =>
  o.clutterRate / (2 * o.halfWidthM) ** 3;

export interface BallisticClutterScenario {
  trajectory: Trajectory;
  /** One scan per period; a target report's id is `m:<scan>`, clutter's `c:<scan>:<n>`. */
  scans: Measurement[][];
  /** Reports in all (target and clutter). */
  detections: number;
}

export function ballisticClutterScenario(
  o: BallisticClutterOptions = DEFAULT_BALLISTIC_CLUTTER,
): BallisticClutterScenario {
  const trajectory = planTrajectory(o.spec);
  const rng = new Prng(o.seed);
  const R = diag([o.sigmaM ** 2, o.sigmaM ** 2, o.sigmaM ** 2]);
  const scans: Measurement[][] = [];
  let detections = 0;
  const end = o.spec.t0 + trajectory.flightTime;
  for (let n = 0, t = o.spec.t0 + o.fromS; t <= end; n++, t = o.spec.t0 + o.fromS + n * o.periodS) {
    const s = trajectory.stateAt(t);
    if (!s) break;
    const scan: Measurement[] = [];
    const boost = trajectory.boosting(t);
    if (rng.next() < o.pD)
      scan.push({
        id: `m:${n}`,
        sensor: o.sensor,
        time: t,
        z: [0, 1, 2].map((i) => s[i] + o.sigmaM * rng.normal()),
        R,
        boost,
      });
    const clutter = rng.poisson(o.clutterRate);
    for (let c = 0; c < clutter; c++)
      scan.push({
        id: `c:${n}:${c}`,
        sensor: o.sensor,
        time: t,
        z: [0, 1, 2].map((i) => s[i] + rng.uniform(-o.halfWidthM, o.halfWidthM)),
        R,
        boost: false,
      });
    // The reports of a scan in a seeded random order (the target's is not always first).
    for (let i = scan.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [scan[i], scan[j]] = [scan[j], scan[i]];
    }
    detections += scan.length;
    if (scan.length) scans.push(scan);
  }
  return { trajectory, scans, detections };
}

export interface BallisticClutterRun {
  /** Distinct confirmed track ids that were within `nearM` of the truth at some scan. */
  truthTracks: number;
  /** Share of scans, from `settleS` after the first report on, with a confirmed track within `nearM`. */
  coverage: number;
  /** Position RMSE (m) of the nearest confirmed track within `nearM`, over those scans. */
  rmseM: number;
  /** Distinct confirmed track ids never within `nearM` of the truth (false tracks). */
  falseTracks: number;
  /** Mean probability of the true phase's IMM mode (boost, free flight, re-entry below 80 km). */
  modeMatch?: { boost: number; ballistic: number; reentry: number };
  tracker: ScanTracker;
}

/** Runs a tracker built from `config` over the scenario (processScan and prune per scan) and scores it. */
export function runBallisticClutter(
  sc: BallisticClutterScenario,
  config: TrackerConfig,
  opts: { nearM?: number; settleS?: number } = {},
): BallisticClutterRun {
  const nearM = opts.nearM ?? 3000,
    settleS = opts.settleS ?? 30;
  const tk = createTracker(config);
  const near = new Set<string>(),
    confirmed = new Set<string>();
  let scored = 0,
    covered = 0,
    se = 0;
  const mode = { boost: [0, 0], ballistic: [0, 0], reentry: [0, 0] };
  const t0 = sc.scans[0]?.[0].time ?? 0;
  for (const scan of sc.scans) {
    tk.processScan(scan);
    const t = scan[0].time;
    tk.prune(t);
    const s = sc.trajectory.stateAt(t)!;
    let best: { d: number; imm?: ImmState } | null = null;
    for (const tr of tk.tracks.values()) {
      if (tr.status !== 'confirmed') continue;
      confirmed.add(tr.id);
      const p = tk.predictTrack(tr, t).x;
      const d = Math.hypot(p[0] - s[0], p[1] - s[1], p[2] - s[2]);
      if (d > nearM) continue;
      near.add(tr.id);
      if (!best || d < best.d) best = { d, imm: tr.imm };
    }
    if (t - t0 < settleS) continue;
    scored++;
    if (!best) continue;
    covered++;
    se += best.d ** 2;
    if (best.imm) {
      const alt = Math.hypot(s[0], s[1], s[2]) - 6_371_008.8;
      const phase = sc.trajectory.boosting(t)
        ? 'boost'
        : alt < 80_000 && s[0] * s[3] + s[1] * s[4] + s[2] * s[5] < 0
          ? 'reentry'
          : 'ballistic';
      // The probability of the modes of that phase, by name (the tracker's modes are DEFAULT_IMM's).
      mode[phase][0] += phaseProbability(best.imm, phase);
      mode[phase][1]++;
    }
  }
  const anyMode = mode.boost[1] + mode.ballistic[1] + mode.reentry[1] > 0;
  return {
    truthTracks: near.size,
    coverage: scored ? covered / scored : 0,
    rmseM: covered ? Math.sqrt(se / covered) : NaN,
    falseTracks: [...confirmed].filter((id) => !near.has(id)).length,
    ...(anyMode
      ? {
          modeMatch: {
            boost: mode.boost[0] / Math.max(mode.boost[1], 1),
            ballistic: mode.ballistic[0] / Math.max(mode.ballistic[1], 1),
            reentry: mode.reentry[0] / Math.max(mode.reentry[1], 1),
          },
        }
      : {}),
    tracker: tk,
  };
}
