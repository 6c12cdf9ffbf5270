import { geodesicDirect, geodesicInverse } from '../geo/geodesic.js';
import { deg2rad } from '../geo/wgs84.js';
import { propagateToImpact } from './ballistic-dynamics.js';
import { sigmaPoints, type Gaussian } from './kalman.js';
import { cholesky } from './linalg.js';

export interface ImpactEstimate {
  /** Predicted impact time (Unix s) of the no-more-thrust hypothesis, and its 1-sigma. */
  time: number;
  sigmaT: number;
  /**
   * Earliest and latest credible impact over every hypothesis (while boosting: each burnout speed),
   * ±3σ of the impact time (Unix s). An all-clear for time waits for `latestTime`.
   */
  earliestTime: number;
  latestTime: number;
  lat: number;
  lon: number;
  /** Impact-point covariance in local east/north metres at (lat, lon). */
  cov: [[number, number], [number, number]];
  /** True when the track was still boosting and the area was stretched over possible remaining thrust. */
  boostExtended: boolean;
  /** Threatened area at `confidence`: a closed ring of [lat, lon] (counter-clockwise, first = last). */
  polygon: [number, number][];
  confidence: number;
  /**
   * The same area at `wideConfidence` (default 1 − 10⁻⁶), for ballistic estimates only: a member outside
   * it is clearly out of danger and may be given its Cancel promptly (#18.6).
   */
  widePolygon?: [number, number][];
  areaKm2: number;
  /** Area of the confidence ellipse alone (for the over-warning ratio), km². */
  ellipseAreaKm2: number;
  /** Estimated launch area: the track propagated backwards to the ground (ballistic only, so short of the true point by the boost arc). */
  launch: { lat: number; lon: number; time: number; radiusKm: number } | null;
}

export interface ImpactOptions {
  confidence?: number;
  /** Added to the impact-point spread in quadrature (unmodelled errors, debris), m. */
  floorM?: number;
  /** Upper bound of burnout speed in the region (m/s), for the boost-phase stretch. */
  maxBurnoutSpeed?: number;
  /** Points on each ellipse. */
  vertices?: number;
  /** Confidence of `widePolygon` (ballistic estimates only). */
  wideConfidence?: number;
}

type Pt = { lat: number; lon: number; t: number };

/** Sigma-point propagation of a track's state to the ground: the mean, covariance and spread of impact. */
function impactCloud(
  g: Gaussian,
  t0: number,
): { mean: Pt; cov: [[number, number], [number, number]]; sigmaT: number } | null {
  const sp = sigmaPoints(g);
  const pts: (Pt | null)[] = sp.points.map((x) => {
    const imp = propagateToImpact(x, { step: 8, maxT: 4000 });
    return imp ? { lat: imp.lat, lon: imp.lon, t: t0 + imp.dt } : null;
  });
  const c = pts[0];
  if (!c || pts.some((p) => !p)) return null;
  const enu = pts.map((p) => {
    const d = geodesicInverse(c.lat, c.lon, p!.lat, p!.lon);
    const a = deg2rad(d.azimuth1);
    return [d.distance * Math.sin(a), d.distance * Math.cos(a), p!.t];
  });
  const m = [0, 0, 0];
  enu.forEach((e, k) => e.forEach((v, i) => (m[i] += sp.wm[k] * v)));
  /** The 2×2 east/north covariance of the impact point. */
  const C: [[number, number], [number, number]] = [
    [0, 0],
    [0, 0],
  ];
  let vt = 0;
  enu.forEach((e, k) => {
    const d = [e[0] - m[0], e[1] - m[1]];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) C[i][j] += sp.wc[k] * d[i] * d[j];
    vt += sp.wc[k] * (e[2] - m[2]) ** 2;
  });
  const mean = offset(c, m[0], m[1]);
  return {
    mean: { ...mean, t: m[2] },
    cov: C,
    sigmaT: Math.sqrt(Math.max(vt, 0)),
  };
}

function offset(c: { lat: number; lon: number }, e: number, n: number) {
  const d = Math.hypot(e, n);
  return d < 1e-6
    ? { lat: c.lat, lon: c.lon }
    : geodesicDirect(c.lat, c.lon, (Math.atan2(e, n) * 180) / Math.PI, d);
}

/** Predicts where and when a ballistic track comes down, with its threatened area. */
export function predictImpact(
  g: Gaussian,
  t: number,
  boosting: boolean,
  o: ImpactOptions = {},
): ImpactEstimate | null {
  const confidence = o.confidence ?? 0.99;
  const floor = o.floorM ?? 2000;
  const k = Math.sqrt(-2 * Math.log(1 - confidence)); // 2-D Gaussian radius at this confidence
  const nv = o.vertices ?? 24;
  const base = impactCloud(g, t);
  if (!base) return null;
  const hyps = [base];
  if (boosting) {
    // Remaining thrust is unknown: stretch over faster burnouts along the current velocity. Each
    // hypothesis propagates only its mean; its spread is the base cloud's, scaled with the speed.
    const v = Math.hypot(g.x[3], g.x[4], g.x[5]);
    const vmax = o.maxBurnoutSpeed ?? 5500;
    const factors = [1.3, 1.8, 2.5].filter((f) => v * f < vmax);
    if (v < vmax) factors.push(vmax / v);
    for (const f of factors) {
      const x = g.x.map((val, i) => (i >= 3 ? val * f : val));
      const imp = propagateToImpact(x, { step: 8, maxT: 4000 });
      if (!imp) continue;
      const s2 = f * f;
      hyps.push({
        mean: { lat: imp.lat, lon: imp.lon, t: t + imp.dt },
        cov: [
          [base.cov[0][0] * s2, base.cov[0][1] * s2],
          [base.cov[1][0] * s2, base.cov[1][1] * s2],
        ],
        sigmaT: base.sigmaT,
      });
    }
  }
  const hull = (radius: number) => {
    const ring: [number, number][] = [];
    for (const h of hyps) {
      const C = [
        [h.cov[0][0] + floor ** 2, h.cov[0][1]],
        [h.cov[1][0], h.cov[1][1] + floor ** 2],
      ];
      const L = cholesky(C);
      for (let i = 0; i < nv; i++) {
        const th = (2 * Math.PI * i) / nv;
        const u = [radius * Math.cos(th), radius * Math.sin(th)];
        const p = offset(h.mean, L[0][0] * u[0], L[1][0] * u[0] + L[1][1] * u[1]);
        ring.push([p.lat, p.lon]);
      }
    }
    return convexHull(ring);
  };
  const polygon = hull(k);
  const wide = o.wideConfidence ?? 1 - 1e-6;
  const widePolygon =
    hyps.length === 1 ? hull(Math.sqrt(-2 * Math.log(1 - Math.max(wide, confidence)))) : undefined;
  const detC = (base.cov[0][0] + floor ** 2) * (base.cov[1][1] + floor ** 2) - base.cov[0][1] ** 2;
  const times = hyps.map((h) => h.mean.t);
  return {
    time: base.mean.t,
    sigmaT: base.sigmaT,
    earliestTime: Math.min(...times) - 3 * base.sigmaT,
    latestTime: Math.max(...times) + 3 * base.sigmaT,
    lat: base.mean.lat,
    lon: base.mean.lon,
    cov: base.cov,
    boostExtended: hyps.length > 1,
    polygon,
    confidence,
    widePolygon,
    areaKm2: ringAreaKm2(polygon),
    ellipseAreaKm2: (Math.PI * k * k * Math.sqrt(detC)) / 1e6,
    launch: estimateLaunch(g, t),
  };
}

function estimateLaunch(g: Gaussian, t: number): ImpactEstimate['launch'] {
  const back = g.x.map((v, i) => (i >= 3 ? -v : v));
  // Reversing velocity in the rotating frame flips the Coriolis sign; acceptable for a launch *area*.
  const imp = propagateToImpact(back, { step: 4, maxT: 2000 });
  if (!imp) return null;
  const spread = Math.sqrt(g.P[0][0] + g.P[1][1] + g.P[2][2]) / 1000;
  return { lat: imp.lat, lon: imp.lon, time: t - imp.dt, radiusKm: Math.max(20, 3 * spread) };
}

/** Andrew's monotone chain on [lat, lon] (hull computed in lon/lat), closed, counter-clockwise. */
export function convexHull(pts: [number, number][]): [number, number][] {
  type Point = [number, number];
  const p = pts.map(([la, lo]): Point => [lo, la]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point[] = [],
    upper: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0)
      lower.pop();
    lower.push(q);
  }
  for (const q of [...p].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0)
      upper.pop();
    upper.push(q);
  }
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)].map(([lo, la]): Point => [la, lo]);
  hull.push(hull[0]);
  return hull;
}

/** Area of a small [lat, lon] ring, km², on a local equirectangular projection. */
export function ringAreaKm2(ring: [number, number][]): number {
  const lat0 = deg2rad(ring.reduce((s, p) => s + p[0], 0) / ring.length);
  const R = 6371.0088;
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [y1, x1] = ring[i],
      [y2, x2] = ring[i + 1];
    a += deg2rad(x1) * Math.cos(lat0) * deg2rad(y2) - deg2rad(x2) * Math.cos(lat0) * deg2rad(y1);
  }
  return (Math.abs(a) / 2) * R * R;
}

/** Even-odd test of a [lat, lon] point in a [lat, lon] ring. */
export function ringContains(ring: [number, number][], lat: number, lon: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [yi, xi] = ring[i],
      [yj, xj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
