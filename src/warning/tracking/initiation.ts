import { chi2Inv } from '../chi-square.js';
import { diag, invSpd } from '../linalg.js';
import { Prng } from '../prng.js';
import { Tracker } from '../tracker.js';
import type { TrackerConfig } from '../tracker-config.js';
import { planTrajectory, type LaunchSpec } from '../trajectory.js';

export interface InitiationRun {
  spec: LaunchSpec;
  runs: number;
  sigmaM: number;
  periodS: number;
  /** First report this long after launch, s. */
  startS: number;
  /** Detection probability per scan. */
  pd: number;
  seed: number;
}

export interface InitiationFigures {
  /** Runs whose track was confirmed within 60 s of the first report. */
  confirmed: number;
  /** Mean time from the first report to confirmation, s. */
  timeToConfirmS: number;
  /** Average 6-D NEES at the second report and at confirmation (over runs), and the 95% bounds of the latter. */
  aneesAtSecond: number;
  aneesAtConfirmation: number;
  bounds: [number, number];
  /** Velocity RMSE at confirmation, m/s. */
  velocityRmseAtConfirmation: number;
}

/**
 * #18.8 initiation: one missile reported in ECEF position (σ per axis, detection probability pd) from
 * `startS` after launch, through a fresh `Tracker` per run; when the track is confirmed (M-of-N) and
 * how consistent its state is then. Plume flag on the reports while the truth boosts.
 */
export function initiationFigures(run: InitiationRun, config: TrackerConfig): InitiationFigures {
  const tr = planTrajectory(run.spec);
  const rng = new Prng(run.seed);
  const R = diag([run.sigmaM ** 2, run.sigmaM ** 2, run.sigmaM ** 2]);
  let confirmed = 0,
    time = 0,
    n2 = 0,
    c2 = 0,
    nc = 0,
    vse = 0;
  const nees = (x: number[], P: number[][], truth: number[]) => {
    const e = x.map((v, i) => v - truth[i]);
    const Pi = invSpd(P);
    let s = 0;
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) s += e[i] * Pi[i][j] * e[j];
    return s;
  };
  for (let r = 0; r < run.runs; r++) {
    const tk = new Tracker(config);
    let first = NaN,
      reports = 0;
    for (let t = run.spec.t0 + run.startS; t <= run.spec.t0 + run.startS + 60; t += run.periodS) {
      if (rng.next() > run.pd) continue;
      const truth = tr.stateAt(t);
      if (!truth) break;
      const z = [0, 1, 2].map((i) => truth[i] + rng.normal() * run.sigmaM);
      const id = `${r}-${t}`;
      const evs = tk.processScan([{ id, sensor: 'r', time: t, z, R, boost: tr.boosting(t) }]);
      const e = evs.find((ev) => ev.report === id);
      if (!e || e.track !== 'T1') continue;
      reports++;
      if (Number.isNaN(first)) first = t;
      if (reports === 2) {
        n2 += nees(e.x, e.P, truth);
        c2++;
      }
      if (e.status === 'confirmed') {
        confirmed++;
        time += t - first;
        nc += nees(e.x, e.P, truth);
        vse += (e.x[3] - truth[3]) ** 2 + (e.x[4] - truth[4]) ** 2 + (e.x[5] - truth[5]) ** 2;
        break;
      }
    }
  }
  return {
    confirmed,
    timeToConfirmS: time / Math.max(1, confirmed),
    aneesAtSecond: n2 / Math.max(1, c2),
    aneesAtConfirmation: nc / Math.max(1, confirmed),
    bounds: [
      chi2Inv(0.025, 6 * Math.max(1, confirmed)) / Math.max(1, confirmed),
      chi2Inv(0.975, 6 * Math.max(1, confirmed)) / Math.max(1, confirmed),
    ],
    velocityRmseAtConfirmation: Math.sqrt(vse / Math.max(1, confirmed)),
  };
}
