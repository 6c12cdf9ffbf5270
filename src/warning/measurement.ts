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
  | 'duplicate'
  | 'overload'
  /** Sender checks (node): a sensor not in the network, another member's sensor, a sender outside the network. */
  | 'unknown_sensor'
  | 'not_your_sensor'
  | 'not_in_network';

export type Checked =
  { ok: true; m: Measurement } | { ok: false; reason: Rejection; detail: string };

export interface CheckOptions {
  /** Current time (Unix s): reports older than now − maxAgeS or newer than now + maxFutureS are rejected. */
  now?: number;
  maxAgeS?: number;
  maxFutureS?: number;
  /** Expected measurement dimension for `pos` reports (2 or 3). */
  posDim?: number;
}

const D2R = Math.PI / 180;
const bad = (reason: Rejection, detail: string): Checked => ({ ok: false, reason, detail });
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
  const id = typeof r.id === 'string' ? r.id.slice(0, 128) : undefined;
  if (r.kind === 'pos')
    return { ok: true, m: { id, sensor: r.sensor, time: r.time, z: r.z, R: r.R, boost } };
  if (r.kind === 'ecef') {
    const h = ecefToGeodetic(r.z as Vec3).h;
    if (h < -20e3 || h > 5e6)
      return bad('implausible', 'position is not between -20 km and 5,000 km height');
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
  const { z, R } = raeToEcefMeasurement([rng, az, el], r.R, s);
  return { ok: true, m: { id, sensor: r.sensor, time: r.time, z, R, boost } };
}

/** Converted measurement: position and first-order covariance of a range/az/el measurement in ECEF. */
export function raeToEcefMeasurement(
  rae: Vec3,
  Rrae: number[][],
  site: LatLonH,
): { z: number[]; R: number[][] } {
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
  return { z: raeToEcef(rae, site), R };
}

function isSpd(R: number[][]): boolean {
  const n = R.length;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (Math.abs(R[i][j] - R[j][i]) > 1e-9 * (Math.abs(R[i][j]) + 1)) return false;
  // Cholesky test
  const l: number[][] = R.map(() => new Array(n).fill(0));
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
