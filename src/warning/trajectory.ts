import { geodesicDirect, geodesicInverse } from '../geo/geodesic.js';
import {
  deg2rad,
  ecefToGeodetic,
  enuBasis,
  enuToEcef,
  geodeticToEcef,
  type Vec3,
} from '../geo/wgs84.js';
import {
  propagateToImpact,
  rk4Step,
  type DynamicsOptions,
  type State6,
} from './ballistic-dynamics.js';

export type Profile = 'minimum-energy' | 'lofted' | 'depressed';

export interface LaunchSpec {
  id: string;
  launch: { lat: number; lon: number };
  target: { lat: number; lon: number };
  /** Launch time, seconds from the exercise start. */
  t0: number;
  profile: Profile;
  /** Ballistic coefficient (kg/m²) for re-entry drag; omit for none. */
  beta?: number;
}

/**
 * The reference shot of the tracking tests and benchmarks: about 800 km from 20°N 45°E to 24°N 52°E,
 * launched at t = 0 (id 'm'); `beta` (kg/m²) adds re-entry drag.
 */
export const referenceShot = (profile: Profile = 'minimum-energy', beta?: number): LaunchSpec => ({
  id: 'm',
  launch: { lat: 20, lon: 45 },
  target: { lat: 24, lon: 52 },
  t0: 0,
  profile,
  ...(beta === undefined ? {} : { beta }),
});

/** A simulated flight: simple boost (cubic Hermite from rest to the burnout state), then J2 free flight. */
export interface Trajectory {
  spec: LaunchSpec;
  /** Boost duration, s. */
  tb: number;
  /** Flight time launch → impact, s. */
  flightTime: number;
  impact: { lat: number; lon: number };
  /** Miss of the planned aim point, metres (the shooting solution's residual). */
  aimError: number;
  rangeKm: number;
  /** ECEF state at exercise time t (s), or null before launch / after impact. */
  stateAt(t: number): State6 | null;
  boosting(t: number): boolean;
}

const R_MEAN = 6371e3;
const MU = 3.986004418e14;

/** Flight-path angle at burnout for each profile (minimum energy: 45° − ψ/4 on a sphere). */
export function flightPathAngle(rangeM: number, profile: Profile): number {
  const psiDeg = (rangeM / R_MEAN) * (180 / Math.PI);
  const me = 45 - psiDeg / 4;
  const g = profile === 'lofted' ? me + 20 : profile === 'depressed' ? me - 15 : me;
  return Math.min(80, Math.max(10, g));
}

export function planTrajectory(spec: LaunchSpec): Trajectory {
  const dyn: DynamicsOptions = spec.beta ? { beta: spec.beta } : {};
  const inv = geodesicInverse(spec.launch.lat, spec.launch.lon, spec.target.lat, spec.target.lon);
  const D = inv.distance;
  if (!(D > 50e3))
    throw new Error(`launch ${spec.id}: range ${Math.round(D / 1000)} km is too short to plan`);
  const gamma = flightPathAngle(D, spec.profile);
  const tb = Math.min(130, 45 + (D / 1000) * 0.03);
  const L = { lat: spec.launch.lat, lon: spec.launch.lon, h: 0 };
  const p0 = geodeticToEcef(L);
  // Keplerian speed for the range angle at this flight-path angle (equal-radius hit equation).
  const tanHalf = Math.tan(D / R_MEAN / 2);
  const g = deg2rad(gamma);
  let v = Math.sqrt(
    (tanHalf / (Math.sin(g) * Math.cos(g) + tanHalf * Math.cos(g) ** 2)) * (MU / R_MEAN),
  );
  let alpha = inv.azimuth1;
  let p1: Vec3 = p0;
  let aimError = Infinity;
  let burnout: State6 = [0, 0, 0, 0, 0, 0];
  for (let outer = 0; outer < 2; outer++) {
    // Burnout point: a chord of 0.45·v·tb at the mean of vertical and the flight-path angle.
    const c = 0.45 * v * tb;
    const beta = deg2rad((90 + gamma) / 2);
    const az = deg2rad(inv.azimuth1);
    p1 = enuToEcef(
      [c * Math.cos(beta) * Math.sin(az), c * Math.cos(beta) * Math.cos(az), c * Math.sin(beta)],
      L,
    );
    const bo = ecefToGeodetic(p1);
    const basis = enuBasis(bo.lat, bo.lon);
    const stateFor = (speed: number, azDeg: number): State6 => {
      const a = deg2rad(azDeg);
      const enu = [
        speed * Math.cos(g) * Math.sin(a),
        speed * Math.cos(g) * Math.cos(a),
        speed * Math.sin(g),
      ];
      const vel = [0, 1, 2].map(
        (i) => basis[0][i] * enu[0] + basis[1][i] * enu[1] + basis[2][i] * enu[2],
      );
      return [p1[0], p1[1], p1[2], vel[0], vel[1], vel[2]];
    };
    const miss = (speed: number, azDeg: number): [number, number] => {
      const imp = propagateToImpact(stateFor(speed, azDeg), { ...dyn, step: 5 });
      if (!imp) return [1e9, 1e9];
      const d = geodesicInverse(spec.target.lat, spec.target.lon, imp.lat, imp.lon);
      return [
        d.distance * Math.sin(deg2rad(d.azimuth1)),
        d.distance * Math.cos(deg2rad(d.azimuth1)),
      ];
    };
    for (let it = 0; it < 25; it++) {
      const e = miss(v, alpha);
      aimError = Math.hypot(e[0], e[1]);
      if (aimError < 5) break;
      const ev = miss(v + 1, alpha);
      const ea = miss(v, alpha + 1e-3);
      const j = [
        [ev[0] - e[0], (ea[0] - e[0]) / 1e-3],
        [ev[1] - e[1], (ea[1] - e[1]) / 1e-3],
      ];
      const det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
      let dv = (-e[0] * j[1][1] + e[1] * j[0][1]) / det;
      let da = (-j[0][0] * e[1] + j[1][0] * e[0]) / det;
      const lim = Math.max(Math.abs(dv) / 300, Math.abs(da) / 5, 1);
      dv /= lim;
      da /= lim;
      v += dv;
      alpha += da;
    }
    burnout = stateFor(v, alpha);
  }
  // Sample the free flight once (1 s steps) so stateAt is a cheap interpolation.
  const samples: State6[] = [burnout];
  let cur = burnout;
  const imp = propagateToImpact(burnout, { ...dyn, step: 2 });
  if (!imp) throw new Error(`launch ${spec.id}: no impact found`);
  const ffT = imp.dt;
  for (let t = 1; t <= Math.ceil(ffT); t++) samples.push((cur = rk4Step(cur, 1, dyn)));
  const flightTime = tb + ffT;
  const stateAt = (tAbs: number): State6 | null => {
    const t = tAbs - spec.t0;
    if (t < 0 || t > flightTime) return null;
    if (t <= tb) return boostState(p0, burnout, tb, t / tb);
    const u = t - tb;
    const i = Math.min(Math.floor(u), samples.length - 2);
    return hermite(samples[i], samples[i + 1], 1, u - i);
  };
  return {
    spec,
    tb,
    flightTime,
    impact: { lat: imp.lat, lon: imp.lon },
    aimError,
    rangeKm: D / 1000,
    stateAt,
    boosting: (tAbs) => tAbs - spec.t0 >= 0 && tAbs - spec.t0 <= tb,
  };
}

function boostState(p0: Vec3, bo: State6, tb: number, s: number): State6 {
  return hermite([p0[0], p0[1], p0[2], 0, 0, 0], bo, tb, s);
}

/** Cubic Hermite between two states h seconds apart, at fraction s; velocity is the derivative. */
function hermite(a: readonly number[], b: readonly number[], h: number, s: number): State6 {
  const h00 = 2 * s ** 3 - 3 * s ** 2 + 1,
    h10 = s ** 3 - 2 * s ** 2 + s,
    h01 = -2 * s ** 3 + 3 * s ** 2,
    h11 = s ** 3 - s ** 2;
  const d00 = 6 * s ** 2 - 6 * s,
    d10 = 3 * s ** 2 - 4 * s + 1,
    d01 = -6 * s ** 2 + 6 * s,
    d11 = 3 * s ** 2 - 2 * s;
  const position = (i: number) => h00 * a[i] + h10 * h * a[i + 3] + h01 * b[i] + h11 * h * b[i + 3];
  const velocity = (i: number) =>
    (d00 * a[i] + d10 * h * a[i + 3] + d01 * b[i] + d11 * h * b[i + 3]) / h;
  return [position(0), position(1), position(2), velocity(0), velocity(1), velocity(2)];
}

/** A launch point `rangeKm` from a target along `azimuth` (degrees) from the target. */
export function launchPointFor(
  target: { lat: number; lon: number },
  azimuth: number,
  rangeKm: number,
) {
  return geodesicDirect(target.lat, target.lon, azimuth, rangeKm * 1000);
}
