import { ecefToGeodetic, ecefToRae, raeToEcef, type Vec3 } from '../geo/wgs84.js';
import { geodeticToEcef } from '../geo/wgs84.js';
import { Prng } from './prng.js';
import type { RadarConfig, SensorNetwork, SensorReport, SpaceIrConfig } from './sensor-model.js';
import { planTrajectory, type LaunchSpec, type Trajectory } from './trajectory.js';

export interface SimulatedReport extends SensorReport {
  /** When the report reaches the fusion node (time + network delay), Unix seconds. */
  arrival: number;
  /** Truth: the launch this detection came from, or null for clutter. */
  truth: string | null;
}

export interface ExerciseOutput {
  trajectories: Trajectory[];
  /** Sorted by arrival time. */
  reports: SimulatedReport[];
  /** Unix seconds of exercise time 0. */
  epoch: number;
  end: number;
}

export interface SimOptions {
  seed: number;
  epoch: number;
  /** Scale every sensor's clutter rate (0 = none). */
  clutterScale?: number;
  /** Ignore configured sensor biases (for filter-consistency runs). */
  noBias?: boolean;
  /** Time after the last impact to keep simulating, s. */
  tailS?: number;
}

/** Runs an exercise deterministically from the seed: plans every launch, then lets each sensor look. */
export function simulateExercise(
  net: SensorNetwork,
  launches: LaunchSpec[],
  opts: SimOptions,
): ExerciseOutput {
  const rng = new Prng(opts.seed);
  const trajectories = launches.map((l) => planTrajectory(l));
  const start = Math.min(...launches.map((l) => l.t0));
  const end = Math.max(...trajectories.map((t) => t.spec.t0 + t.flightTime)) + (opts.tailS ?? 10);
  const reports: SimulatedReport[] = [];
  let n = 0;
  net.sensors.forEach((s, k) => {
    const r = rng.fork(k);
    const phase = r.uniform(0, s.periodS);
    for (let t = Math.floor(start) + phase; t <= end; t += s.periodS) {
      const abs = opts.epoch + t;
      const push = (
        rep: Omit<SimulatedReport, 'arrival' | 'id' | 'sensor' | 'member' | 'time'>,
      ) => {
        const arrival =
          abs +
          s.delay.fixedS +
          (s.delay.jitterMeanS > 0 ? -Math.log(1 - r.next()) * s.delay.jitterMeanS : 0);
        reports.push({
          id: `${s.id}-${n++}`,
          sensor: s.id,
          member: s.member,
          time: abs,
          arrival,
          ...rep,
        });
      };
      if (s.kind === 'radar') radarScan(s, trajectories, t, r, push, opts);
      else spaceScan(s, trajectories, t, r, push, opts);
    }
  });
  reports.sort((a, b) => a.arrival - b.arrival);
  return { trajectories, reports, epoch: opts.epoch, end: opts.epoch + end };
}

type Push = (rep: Omit<SimulatedReport, 'arrival' | 'id' | 'sensor' | 'member' | 'time'>) => void;

export function radarSees(s: RadarConfig, p: Vec3): Vec3 | null {
  const rae = ecefToRae(p, s.site);
  if (rae[0] > s.maxRangeKm * 1000 || rae[2] < s.minElevationDeg) return null;
  if (s.sector && s.sector.halfWidthDeg < 180) {
    const d = Math.abs(((rae[1] - s.sector.centreDeg + 540) % 360) - 180);
    if (d > s.sector.halfWidthDeg) return null;
  }
  return rae;
}

function radarScan(
  s: RadarConfig,
  trajs: Trajectory[],
  t: number,
  r: Prng,
  push: Push,
  o: SimOptions,
) {
  const R = [
    [s.sigma.range ** 2, 0, 0],
    [0, s.sigma.az ** 2, 0],
    [0, 0, s.sigma.el ** 2],
  ];
  const b = o.noBias || !s.bias ? { range: 0, az: 0, el: 0 } : s.bias;
  for (const tr of trajs) {
    const st = tr.stateAt(t);
    if (!st) continue;
    const rae = radarSees(s, [st[0], st[1], st[2]]);
    if (!rae || r.next() > s.pd) continue;
    const z = [
      rae[0] + b.range + r.normal() * s.sigma.range,
      rae[1] + b.az + r.normal() * s.sigma.az,
      rae[2] + b.el + r.normal() * s.sigma.el,
    ];
    push({ kind: 'rae', z, R, site: s.site, truth: tr.spec.id });
  }
  const nc = r.poisson(s.clutterPerScan * (o.clutterScale ?? 1));
  for (let i = 0; i < nc; i++) {
    const c = s.sector ?? { centreDeg: 0, halfWidthDeg: 180 };
    const z = [
      r.uniform(30e3, s.maxRangeKm * 1000),
      (c.centreDeg + r.uniform(-c.halfWidthDeg, c.halfWidthDeg) + 360) % 360,
      r.uniform(s.minElevationDeg, 25),
    ];
    push({ kind: 'rae', z, R, site: s.site, truth: null });
  }
}

function spaceScan(
  s: SpaceIrConfig,
  trajs: Trajectory[],
  t: number,
  r: Prng,
  push: Push,
  o: SimOptions,
) {
  const R = [
    [s.sigmaM ** 2, 0, 0],
    [0, s.sigmaM ** 2, 0],
    [0, 0, s.sigmaM ** 2],
  ];
  for (const tr of trajs) {
    if (!tr.boosting(t)) continue;
    const st = tr.stateAt(t)!;
    if (ecefToGeodetic([st[0], st[1], st[2]]).h < s.minAltitudeM || r.next() > s.pd) continue;
    push({
      kind: 'ecef',
      z: [0, 1, 2].map((i) => st[i] + r.normal() * s.sigmaM),
      R,
      boost: true,
      truth: tr.spec.id,
    });
  }
  const nc = s.clutterBox ? r.poisson(s.clutterPerScan * (o.clutterScale ?? 1)) : 0;
  for (let i = 0; i < nc; i++) {
    const bx = s.clutterBox!;
    const p = geodeticToEcef({
      lat: r.uniform(bx.minLat, bx.maxLat),
      lon: r.uniform(bx.minLon, bx.maxLon),
      h: r.uniform(s.minAltitudeM, 40e3),
    });
    push({ kind: 'ecef', z: p, R, boost: true, truth: null });
  }
}

/** The measured position of an `rae` report in ECEF (no noise), for truth association in tests. */
export const raeReportEcef = (rep: SensorReport): Vec3 => raeToEcef(rep.z as Vec3, rep.site!);
