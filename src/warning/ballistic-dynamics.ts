import { WGS84, ecefToGeodetic, type Vec3 } from '../geo/wgs84.js';

/** ECEF state: position (m) and velocity (m/s) in the rotating Earth frame. */
export type State6 = [number, number, number, number, number, number];

/** The first six entries of a state vector (position, velocity) as a fresh `State6`. */
export const toState6 = (s: readonly number[]): State6 => [s[0], s[1], s[2], s[3], s[4], s[5]];

export interface DynamicsOptions {
  /** Ballistic coefficient m/(Cd·A) in kg/m²; omit for no drag. */
  beta?: number;
}

const { mu, j2, a: RE, omega: W } = WGS84;
const B = WGS84.a * (1 - WGS84.f);

/** Acceleration in the rotating ECEF frame: J2 gravity, Coriolis, centrifugal, optional exponential-atmosphere drag. */
export function accelEcef(s: readonly number[], opts?: DynamicsOptions): Vec3 {
  const [x, y, z, vx, vy, vz] = s;
  const r2 = x * x + y * y + z * z;
  const r = Math.sqrt(r2);
  const k = -mu / (r2 * r);
  const q = (1.5 * j2 * (RE * RE)) / r2;
  const zz = (5 * z * z) / r2;
  let ax = k * x * (1 + q * (1 - zz)) + W * W * x + 2 * W * vy;
  let ay = k * y * (1 + q * (1 - zz)) + W * W * y - 2 * W * vx;
  let az = k * z * (1 + q * (3 - zz));
  if (opts?.beta) {
    const h = r - RE; // spherical altitude is enough for a 7.2 km scale-height atmosphere
    if (h < 120e3) {
      const rho = 1.225 * Math.exp(-h / 7200);
      const v = Math.hypot(vx, vy, vz);
      const c = (-rho * v) / (2 * opts.beta);
      ax += c * vx;
      ay += c * vy;
      az += c * vz;
    }
  }
  return [ax, ay, az];
}

/** One classical Runge–Kutta step (written out: this is the hottest loop of simulator and predictor). */
export function rk4Step(s: readonly number[], dt: number, opts?: DynamicsOptions): State6 {
  const x = s[0],
    y = s[1],
    z = s[2],
    u = s[3],
    v = s[4],
    w = s[5];
  const a1 = accelEcef(s, opts);
  const h2 = 0.5 * dt;
  const s2 = [x + h2 * u, y + h2 * v, z + h2 * w, u + h2 * a1[0], v + h2 * a1[1], w + h2 * a1[2]];
  const a2 = accelEcef(s2, opts);
  const s3 = [
    x + h2 * s2[3],
    y + h2 * s2[4],
    z + h2 * s2[5],
    u + h2 * a2[0],
    v + h2 * a2[1],
    w + h2 * a2[2],
  ];
  const a3 = accelEcef(s3, opts);
  const s4 = [
    x + dt * s3[3],
    y + dt * s3[4],
    z + dt * s3[5],
    u + dt * a3[0],
    v + dt * a3[1],
    w + dt * a3[2],
  ];
  const a4 = accelEcef(s4, opts);
  const c = dt / 6;
  return [
    x + c * (u + 2 * s2[3] + 2 * s3[3] + s4[3]),
    y + c * (v + 2 * s2[4] + 2 * s3[4] + s4[4]),
    z + c * (w + 2 * s2[5] + 2 * s3[5] + s4[5]),
    u + c * (a1[0] + 2 * a2[0] + 2 * a3[0] + a4[0]),
    v + c * (a1[1] + 2 * a2[1] + 2 * a3[1] + a4[1]),
    w + c * (a1[2] + 2 * a2[2] + 2 * a3[2] + a4[2]),
  ];
}

/** Height above the ellipsoid to within a few metres near the surface, without iteration. */
export function approxHeight(x: number, y: number, z: number): number {
  const r = Math.sqrt(x * x + y * y + z * z);
  const s2 = (z * z) / (r * r);
  // Radial distance above the ellipsoid at this geocentric latitude (exact at the surface).
  return r - (WGS84.a * B) / Math.sqrt(B * B * (1 - s2) + WGS84.a * WGS84.a * s2);
}

/** Propagates by dt (either sign) in steps of at most maxStep seconds. */
export function propagate(
  s: readonly number[],
  dt: number,
  maxStep = 5,
  opts?: DynamicsOptions,
): State6 {
  let out = toState6(s);
  const n = Math.max(1, Math.ceil(Math.abs(dt) / maxStep));
  const h = dt / n;
  for (let i = 0; i < n; i++) out = rk4Step(out, h, opts);
  return out;
}

/**
 * The drag's stiffness ρ(h)·|v|/β (1/s) at state s: the rate at which drag changes the velocity along
 * itself (∂a/∂|v| of the deceleration ρ|v|²/(2β)); 0 above the atmosphere's top (`accelEcef`'s model).
 */
export function dragRate(s: readonly number[], beta: number): number {
  const h = Math.hypot(s[0], s[1], s[2]) - RE;
  if (!(h < 120e3)) return 0;
  return (1.225 * Math.exp(-h / 7200) * Math.hypot(s[3], s[4], s[5])) / beta;
}

/**
 * The flow of drag alone over τ ≥ 0 s (the velocity's part of the field; the position moves in the
 * other part), solved exactly with the density frozen at the position: along a fixed direction
 * d|v|/dt = −k|v|², k = ρ/(2β), so |v| = |v₀|/(1 + k|v₀|τ). It only slows the body, whatever k and τ.
 */
function dragOnly(s: readonly number[], tau: number, beta: number): State6 {
  const h = Math.hypot(s[0], s[1], s[2]) - RE;
  const k = h < 120e3 ? (1.225 * Math.exp(-h / 7200)) / (2 * beta) : 0;
  const slow = 1 / (1 + k * Math.hypot(s[3], s[4], s[5]) * tau);
  return [s[0], s[1], s[2], s[3] * slow, s[4] * slow, s[5] * slow];
}

/** Sub-steps of one step of `propagateDrag` at most, however stiff the drag. */
const MAX_SUBSTEPS = 8;

/**
 * Propagates with drag at ballistic coefficient beta by dt (either sign) in equal steps of at most
 * maxStep seconds, like `propagate`, but safe where drag is stiff. An explicit RK4 step is stable
 * only while the drag's rate ρ|v|/β times the step stays under about 2.8; a low, fast state with a
 * small β (a sigma point of a wide κ spread, a clutter-born track at 10 km and 8 km/s: hundreds of g,
 * a time constant of milliseconds) makes 0.5 s steps overshoot, reverse the velocity and grow without
 * bound (a prediction 10⁶ km away in 4 s). Where rate × step is at most 1, the step is the RK4 step of
 * `propagate`, to the bit (nothing changes where that was accurate). Above, the step is cut into
 * ⌈rate × step⌉ RK4 sub-steps, at most MAX_SUBSTEPS; a sub-step still too stiff is split (Strang):
 * half a sub-step of drag alone, solved exactly (`dragOnly`), a sub-step of gravity and the frame's
 * terms (RK4 without drag), half a sub-step of drag alone, which is stable at any rate and in which
 * drag only slows the body. The work is bounded: at most MAX_SUBSTEPS times that of `propagate`. A
 * backward step keeps RK4 (drag backwards in time grows without bound: the body was faster before;
 * the filters predict forward).
 */
export function propagateDrag(
  s: readonly number[],
  dt: number,
  maxStep: number,
  beta: number,
): State6 {
  let out = toState6(s);
  const n = Math.max(1, Math.ceil(Math.abs(dt) / maxStep));
  const h = dt / n;
  const opts = { beta };
  for (let i = 0; i < n; i++) {
    const stiff = dragRate(out, beta) * h;
    if (h <= 0 || stiff <= 1) {
      out = rk4Step(out, h, opts);
      continue;
    }
    // Sub-steps of rate × step ≤ 1 where MAX_SUBSTEPS suffice; a sub-step stiffer than that is split.
    const m = Math.min(MAX_SUBSTEPS, Math.ceil(stiff));
    const hs = h / m;
    for (let j = 0; j < m; j++)
      out =
        dragRate(out, beta) * hs <= 1
          ? rk4Step(out, hs, opts)
          : dragOnly(rk4Step(dragOnly(out, hs / 2, beta), hs), hs / 2, beta);
  }
  return out;
}

export interface Impact {
  /** Seconds from the given state to impact (height 0 above the ellipsoid). */
  dt: number;
  state: State6;
  lat: number;
  lon: number;
}

/**
 * Propagates until the geodetic height falls through `groundH` while descending; returns null if it
 * does not within maxT seconds (e.g. an orbit or a bad estimate).
 */
export function propagateToImpact(
  s: readonly number[],
  opts?: DynamicsOptions & { step?: number; maxT?: number; groundH?: number },
): Impact | null {
  const step = opts?.step ?? 4;
  const maxT = opts?.maxT ?? 3600;
  const g = opts?.groundH ?? 0;
  let cur = toState6(s);
  let t = 0;
  let h = approxHeight(cur[0], cur[1], cur[2]);
  if (h < g) return { dt: 0, state: cur, ...ll(cur) };
  while (t < maxT) {
    const nxt = rk4Step(cur, step, opts);
    const hn = approxHeight(nxt[0], nxt[1], nxt[2]);
    if (hn < g) {
      // Regula falsi on the crossing time inside the step.
      let lo = 0,
        hi = step,
        hLo = h,
        hHi = hn,
        tau = step,
        best = nxt;
      for (let i = 0; i < 8; i++) {
        tau = lo + ((hLo - g) * (hi - lo)) / (hLo - hHi);
        best = rk4Step(cur, tau, opts);
        const hb = approxHeight(best[0], best[1], best[2]);
        if (Math.abs(hb - g) < 0.5) break;
        if (hb > g) {
          lo = tau;
          hLo = hb;
        } else {
          hi = tau;
          hHi = hb;
        }
      }
      return { dt: t + tau, state: best, ...ll(best) };
    }
    cur = nxt;
    h = hn;
    t += step;
  }
  return null;
}

function ll(s: readonly number[]) {
  const g = ecefToGeodetic([s[0], s[1], s[2]]);
  return { lat: g.lat, lon: g.lon };
}
