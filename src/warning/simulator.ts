import { ecefToGeodetic, ecefToRae, raeToEcef, type Vec3 } from '../geo/wgs84.js';
import { geodeticToEcef } from '../geo/wgs84.js';
import { Prng } from './prng.js';
import type {
  RadarConfig,
  SensorConfig,
  SensorConfigOf,
  SensorKind,
  SensorNetwork,
  SensorReport,
  SpaceIrConfig,
} from './sensor-model.js';
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

/** Where a scan delivers its reports (the simulator adds arrival time, id, sensor, member and time). */
type Push = (rep: Omit<SimulatedReport, 'arrival' | 'id' | 'sensor' | 'member' | 'time'>) => void;

/** One look of one sensor at exercise time `time` (s): detections of the trajectories, and clutter. */
type Scanner<K extends SensorKind> = (
  sensor: SensorConfigOf<K>,
  trajectories: Trajectory[],
  time: number,
  rng: Prng,
  push: Push,
  options: SimOptions,
) => void;

/** How each sensor kind looks; a kind added to `SENSOR_SCHEMAS` and missing here is a compile error. */
const SCANNERS = {
  radar: radarScan,
  'space-ir': spaceScan,
} satisfies { [K in SensorKind]: Scanner<K> };

/** The scanner of a sensor's kind. TypeScript cannot relate `SCANNERS[sensor.kind]` to the sensor's
 *  own kind (a correlated union), hence the one widening cast; `satisfies` above checks each entry. */
const scannerOf = (sensor: SensorConfig) =>
  SCANNERS[sensor.kind] as (sensor: SensorConfig, ...rest: ScanContext) => void;
type ScanContext = Parameters<Scanner<SensorKind>> extends [unknown, ...infer Rest] ? Rest : never;

/** Runs an exercise deterministically from the seed: plans every launch, then lets each sensor look. */
export function simulateExercise(
  network: SensorNetwork,
  launches: LaunchSpec[],
  options: SimOptions,
): ExerciseOutput {
  const rng = new Prng(options.seed);
  const trajectories = launches.map((launch) => planTrajectory(launch));
  const start = Math.min(...launches.map((launch) => launch.t0));
  const end =
    Math.max(...trajectories.map((t) => t.spec.t0 + t.flightTime)) + (options.tailS ?? 10);
  const reports: SimulatedReport[] = [];
  let reportCount = 0;
  network.sensors.forEach((sensor, sensorIndex) => {
    const sensorRng = rng.fork(sensorIndex);
    const phase = sensorRng.uniform(0, sensor.periodS);
    for (let time = Math.floor(start) + phase; time <= end; time += sensor.periodS) {
      const absoluteTime = options.epoch + time;
      const push: Push = (rep) => {
        const arrival =
          absoluteTime +
          sensor.delay.fixedS +
          (sensor.delay.jitterMeanS > 0
            ? -Math.log(1 - sensorRng.next()) * sensor.delay.jitterMeanS
            : 0);
        reports.push({
          id: `${sensor.id}-${reportCount++}`,
          sensor: sensor.id,
          member: sensor.member,
          time: absoluteTime,
          arrival,
          ...rep,
        });
      };
      scannerOf(sensor)(sensor, trajectories, time, sensorRng, push, options);
    }
  });
  reports.sort((a, b) => a.arrival - b.arrival);
  return { trajectories, reports, epoch: options.epoch, end: options.epoch + end };
}

/** The radar's range, azimuth and elevation of ECEF point `p`, or null when it cannot see it. */
export function radarSees(radar: RadarConfig, p: Vec3): Vec3 | null {
  const rae = ecefToRae(p, radar.site);
  if (rae[0] > radar.maxRangeKm * 1000 || rae[2] < radar.minElevationDeg) return null;
  if (radar.sector && radar.sector.halfWidthDeg < 180) {
    const offAxisDeg = Math.abs(((rae[1] - radar.sector.centreDeg + 540) % 360) - 180);
    if (offAxisDeg > radar.sector.halfWidthDeg) return null;
  }
  return rae;
}

function radarScan(
  radar: RadarConfig,
  trajectories: Trajectory[],
  time: number,
  rng: Prng,
  push: Push,
  options: SimOptions,
) {
  const { sigma } = radar;
  // R: the measurement covariance (range m², azimuth and elevation deg²).
  const R = [
    [sigma.range ** 2, 0, 0],
    [0, sigma.az ** 2, 0],
    [0, 0, sigma.el ** 2],
  ];
  const bias = options.noBias || !radar.bias ? { range: 0, az: 0, el: 0 } : radar.bias;
  for (const trajectory of trajectories) {
    const state = trajectory.stateAt(time);
    if (!state) continue;
    const rae = radarSees(radar, [state[0], state[1], state[2]]);
    if (!rae || rng.next() > radar.pd) continue;
    const z = [
      rae[0] + bias.range + rng.normal() * sigma.range,
      rae[1] + bias.az + rng.normal() * sigma.az,
      rae[2] + bias.el + rng.normal() * sigma.el,
    ];
    push({ kind: 'rae', z, R, site: radar.site, truth: trajectory.spec.id });
  }
  const clutterCount = rng.poisson(radar.clutterPerScan * (options.clutterScale ?? 1));
  for (let i = 0; i < clutterCount; i++) {
    const sector = radar.sector ?? { centreDeg: 0, halfWidthDeg: 180 };
    const z = [
      rng.uniform(30e3, radar.maxRangeKm * 1000),
      (sector.centreDeg + rng.uniform(-sector.halfWidthDeg, sector.halfWidthDeg) + 360) % 360,
      rng.uniform(radar.minElevationDeg, 25),
    ];
    push({ kind: 'rae', z, R, site: radar.site, truth: null });
  }
}

function spaceScan(
  satellite: SpaceIrConfig,
  trajectories: Trajectory[],
  time: number,
  rng: Prng,
  push: Push,
  options: SimOptions,
) {
  const variance = satellite.sigmaM ** 2;
  // R: the isotropic measurement covariance in ECEF (m²).
  const R = [
    [variance, 0, 0],
    [0, variance, 0],
    [0, 0, variance],
  ];
  for (const trajectory of trajectories) {
    if (!trajectory.boosting(time)) continue;
    const state = trajectory.stateAt(time)!;
    const altitude = ecefToGeodetic([state[0], state[1], state[2]]).h;
    if (altitude < satellite.minAltitudeM || rng.next() > satellite.pd) continue;
    push({
      kind: 'ecef',
      z: [0, 1, 2].map((axis) => state[axis] + rng.normal() * satellite.sigmaM),
      R,
      boost: true,
      truth: trajectory.spec.id,
    });
  }
  const box = satellite.clutterBox;
  const clutterCount = box
    ? rng.poisson(satellite.clutterPerScan * (options.clutterScale ?? 1))
    : 0;
  for (let i = 0; i < clutterCount && box; i++) {
    const position = geodeticToEcef({
      lat: rng.uniform(box.minLat, box.maxLat),
      lon: rng.uniform(box.minLon, box.maxLon),
      h: rng.uniform(satellite.minAltitudeM, 40e3),
    });
    push({ kind: 'ecef', z: position, R, boost: true, truth: null });
  }
}

/** The measured position of an `rae` report in ECEF (no noise), for truth association in tests. */
export const raeReportEcef = (rep: SensorReport): Vec3 =>
  raeToEcef([rep.z[0], rep.z[1], rep.z[2]], rep.site!);
