import { enuBasis, ecefToGeodetic, raeToEcef, type LatLonH, type Vec3 } from '../geo/wgs84.js';
import type { SensorReport } from './sensor-model.js';

/** A report ready for the tracker: a position measurement with covariance in the tracker's frame. */
export interface Measurement {
  id?: string;
  sensor: string;
  time: number;
  z: number[];
  R: number[][];
  boost: boolean;
  /**
   * Radar (`rae`) reports: d(ECEF position)/d(range m, azimuth deg, elevation deg) at the report, so the
   * tracker can carry the sensor's range/azimuth/elevation bias (tracker config `sensorBias`).
   */
  biasJ?: number[][];
}

export type Rejection =
  | 'not_object'
  | 'bad_sensor'
  | 'bad_time'
  | 'too_old'
  | 'in_future'
  | 'bad_kind'
  | 'bad_measurement'
  | 'bad_covariance'
  | 'bad_site'
  | 'implausible'
  | 'bad_id'
  | 'duplicate'
  | 'overload'
  /** Over the sensor's or the member's report rate (node): shed at intake, counted. */
  | 'rate_limited'
  /** The tracker failed on this report (numerical failure): rejected and counted, processing goes on. */
  | 'processing_error'
  /** Sender checks (node): a sensor not in the network, another member's sensor, a sender outside the network. */
  | 'unknown_sensor'
  | 'not_your_sensor'
  | 'not_in_network';

export type Checked =
  | { ok: true; m: Measurement }
  | {
      ok: false;
      reason: Rejection;
      detail: string;
      /** The report's field at fault (`R`, `z`, `time`, …; '' for the report as a whole). */
      field: string;
    };

/**
 * Bounds of a measurement covariance after conversion to the tracker's frame: every standard deviation
 * between 1 mm and 1,000 km for geodetic reports (`rae`, `ecef`, metres), between 1e-6 and 1e7 units
 * for generic `pos` reports; and its condition (largest / smallest eigenvalue) below 1e12. A report
 * outside these bounds describes no real sensor and could only hurt the filter.
 */
export const COVARIANCE_BOUNDS = {
  geodetic: { minSigma: 1e-3, maxSigma: 1e6 },
  generic: { minSigma: 1e-6, maxSigma: 1e7 },
  maxCondition: 1e12,
} as const;

export interface CheckOptions {
  /** Current time (Unix s): reports older than now − maxAgeS or newer than now + maxFutureS are rejected. */
  now?: number;
  maxAgeS?: number;
  maxFutureS?: number;
  /** Expected measurement dimension for `pos` reports (2 or 3). */
  posDim?: number;
}

const D2R = Math.PI / 180;
const FIELD: Record<string, string> = {
  not_object: '',
  bad_sensor: 'sensor',
  bad_time: 'time',
  too_old: 'time',
  in_future: 'time',
  bad_kind: 'kind',
  bad_measurement: 'z',
  bad_covariance: 'R',
  bad_site: 'site',
  implausible: 'z',
  bad_id: 'id',
};
const bad = (reason: Rejection, detail: string): Checked => ({
  ok: false,
  reason,
  detail,
  field: FIELD[reason] ?? '',
});
const finiteArr = (a: unknown, n: number): a is number[] =>
  Array.isArray(a) && a.length === n && a.every((v) => typeof v === 'number' && Number.isFinite(v));

/** Validates an untrusted report and converts it to a position measurement (radar rae → ECEF). */
export function checkReport(raw: unknown, o: CheckOptions = {}): Checked {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return bad('not_object', 'report must be a JSON object');
  const r = raw as Partial<SensorReport>;
  if (typeof r.sensor !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(r.sensor))
    return bad('bad_sensor', 'sensor: 1–64 of [A-Za-z0-9_.:-]');
  if (typeof r.time !== 'number' || !Number.isFinite(r.time) || r.time < 0 || r.time > 1e11)
    return bad('bad_time', 'time: Unix seconds');
  if (o.now !== undefined) {
    if (r.time < o.now - (o.maxAgeS ?? 120))
      return bad('too_old', `time is more than ${o.maxAgeS ?? 120} s old`);
    if (r.time > o.now + (o.maxFutureS ?? 5)) return bad('in_future', 'time is in the future');
  }
  const dim = r.kind === 'pos' ? (Array.isArray(r.z) ? r.z.length : 0) : 3;
  if (r.kind !== 'rae' && r.kind !== 'ecef' && r.kind !== 'pos')
    return bad('bad_kind', "kind: 'rae', 'ecef' or 'pos'");
  if (r.kind === 'pos' && o.posDim && dim !== o.posDim)
    return bad('bad_measurement', `z: ${o.posDim} numbers`);
  if (!finiteArr(r.z, dim) || dim < 2 || dim > 3)
    return bad('bad_measurement', `z: ${dim >= 2 && dim <= 3 ? dim : '2 or 3'} finite numbers`);
  if (!Array.isArray(r.R) || r.R.length !== dim || !r.R.every((row) => finiteArr(row, dim)))
    return bad('bad_covariance', `R: ${dim}×${dim} finite numbers`);
  if (!isSpd(r.R)) return bad('bad_covariance', 'R must be symmetric positive definite');
  const boost = r.boost === true;
  // Refused, not cut: two reports whose ids share their first 128 characters are distinct reports.
  if (r.id !== undefined && (typeof r.id !== 'string' || r.id.length < 1 || r.id.length > 128))
    return bad('bad_id', 'id: a string of 1–128 characters');
  const id = r.id;
  if (r.kind === 'pos') {
    const why = covarianceProblem(r.R, COVARIANCE_BOUNDS.generic, 'units');
    if (why) return bad('bad_covariance', why);
    return { ok: true, m: { id, sensor: r.sensor, time: r.time, z: r.z, R: r.R, boost } };
  }
  if (r.kind === 'ecef') {
    const h = ecefToGeodetic([r.z[0], r.z[1], r.z[2]]).h;
    if (h < -20e3 || h > 5e6)
      return bad('implausible', 'position is not between -20 km and 5,000 km height');
    const why = covarianceProblem(r.R, COVARIANCE_BOUNDS.geodetic, 'm');
    if (why) return bad('bad_covariance', why);
    return { ok: true, m: { id, sensor: r.sensor, time: r.time, z: r.z, R: r.R, boost } };
  }
  const s = r.site;
  if (
    !s ||
    !Number.isFinite(s.lat) ||
    !Number.isFinite(s.lon) ||
    !Number.isFinite(s.h) ||
    Math.abs(s.lat) > 90 ||
    Math.abs(s.lon) > 180 ||
    Math.abs(s.h) > 1e5
  )
    return bad('bad_site', 'site: {lat, lon, h} of the radar');
  const [rng, az, el] = r.z;
  // Elevation may pass the zenith by measurement noise (a target overhead, el 90.01° at az 191° is the
  // point at el 89.99°, az 11°): the same 5° margin as below the horizon. Rejecting it lost true
  // detections of missiles passing over a radar (found by the 1,000-launch recall benchmark, seed 5009).
  if (!(rng > 0 && rng < 1e7) || !(el >= -5 && el <= 95) || !(az >= -360 && az <= 720))
    return bad('implausible', 'range/azimuth/elevation out of bounds');
  const { z, R, J } = raeToEcefMeasurement([rng, az, el], r.R, s);
  const why = covarianceProblem(R, COVARIANCE_BOUNDS.geodetic, 'm');
  if (why)
    return bad('bad_covariance', `${why} (after conversion of range/azimuth/elevation to ECEF)`);
  return { ok: true, m: { id, sensor: r.sensor, time: r.time, z, R, boost, biasJ: J } };
}

/**
 * Converted measurement: position and first-order covariance of a range/az/el measurement in ECEF, and
 * the conversion's Jacobian J (ECEF m per range m, azimuth deg, elevation deg).
 */
export function raeToEcefMeasurement(
  rae: Vec3,
  Rrae: number[][],
  site: LatLonH,
): { z: number[]; R: number[][]; J: number[][] } {
  const [r, azd, eld] = rae;
  const az = azd * D2R,
    el = eld * D2R;
  const ce = Math.cos(el),
    se = Math.sin(el),
    ca = Math.cos(az),
    sa = Math.sin(az);
  // d(e,n,u)/d(r, az[deg], el[deg])
  const J = [
    [ce * sa, r * ce * ca * D2R, -r * se * sa * D2R],
    [ce * ca, -r * ce * sa * D2R, -r * se * ca * D2R],
    [se, 0, r * ce * D2R],
  ];
  const B = enuBasis(site.lat, site.lon); // rows: e, n, u in ECEF
  // M = Bᵀ J: ECEF Jacobian
  const M = [0, 1, 2].map((i) =>
    [0, 1, 2].map((k) => B[0][i] * J[0][k] + B[1][i] * J[1][k] + B[2][i] * J[2][k]),
  );
  const MR = M.map((row) =>
    [0, 1, 2].map((j) => row[0] * Rrae[0][j] + row[1] * Rrae[1][j] + row[2] * Rrae[2][j]),
  );
  const R = MR.map((row) =>
    [0, 1, 2].map((j) => row[0] * M[j][0] + row[1] * M[j][1] + row[2] * M[j][2]),
  );
  return { z: raeToEcef(rae, site), R, J: M };
}

/**
 * Why a covariance (already in the tracker's frame) is unusable, or null: non-finite, not symmetric,
 * not positive definite, a standard deviation outside the bounds, or too badly conditioned.
 */
export function covarianceProblem(
  R: number[][],
  bounds: { minSigma: number; maxSigma: number },
  unit: string,
): string | null {
  const n = R.length;
  if (!R.every((row) => row.length === n && row.every((v) => Number.isFinite(v))))
    return 'R must be finite';
  for (let i = 0; i < n; i++) {
    const sigma = Math.sqrt(Math.max(R[i][i], 0));
    if (!(sigma >= bounds.minSigma && sigma <= bounds.maxSigma))
      return `R: each standard deviation must be between ${bounds.minSigma} and ${bounds.maxSigma} ${unit}`;
  }
  if (!isSpd(R)) return 'R must be symmetric positive definite';
  // Condition: smallest Cholesky pivot² against the largest variance (a lower bound of λmin/λmax
  // within a factor n). A near-singular R makes the gain and the gate meaningless.
  const pivots = choleskyPivots(R);
  const largest = Math.max(...R.map((row, i) => row[i]));
  if (Math.min(...pivots) * COVARIANCE_BOUNDS.maxCondition < largest)
    return `R is too badly conditioned (above ${COVARIANCE_BOUNDS.maxCondition.toExponential()})`;
  return null;
}

/** The squared diagonal of R's Cholesky factor (all positive for SPD R). */
function choleskyPivots(R: number[][]): number[] {
  const n = R.length;
  const lower: number[][] = R.map(() => new Array<number>(n).fill(0));
  const pivots: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let sum = R[i][j];
      for (let k = 0; k < j; k++) sum -= lower[i][k] * lower[j][k];
      if (i === j) {
        pivots.push(sum);
        lower[i][i] = Math.sqrt(Math.max(sum, 0));
      } else lower[i][j] = sum / lower[j][j];
    }
  return pivots;
}

function isSpd(R: number[][]): boolean {
  const n = R.length;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (Math.abs(R[i][j] - R[j][i]) > 1e-9 * (Math.abs(R[i][j]) + 1)) return false;
  // Cholesky test
  const l: number[][] = R.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = R[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) return false;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  return true;
}
