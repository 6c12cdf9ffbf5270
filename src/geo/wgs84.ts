/** WGS84 ellipsoid and Earth constants (NIMA TR8350.2 / IERS). */
export const WGS84 = {
  a: 6378137.0,
  f: 1 / 298.257223563,
  /** GM, m^3/s^2. */
  mu: 3.986004418e14,
  /** Earth rotation rate, rad/s. */
  omega: 7.292115e-5,
  /** Second zonal harmonic (unnormalised). */
  j2: 1.08262668e-3,
} as const;
export const WGS84_B = WGS84.a * (1 - WGS84.f);
export const WGS84_E2 = WGS84.f * (2 - WGS84.f);

export type Vec3 = [number, number, number];

/** Geodetic position: latitude/longitude in degrees, height above the ellipsoid in metres. */
export interface LatLonH {
  lat: number;
  lon: number;
  h: number;
}

const D2R = Math.PI / 180;
export const deg2rad = (d: number) => d * D2R;
export const rad2deg = (r: number) => r / D2R;

export function geodeticToEcef(p: LatLonH): Vec3 {
  const phi = p.lat * D2R;
  const lam = p.lon * D2R;
  const s = Math.sin(phi);
  const n = WGS84.a / Math.sqrt(1 - WGS84_E2 * s * s);
  const c = Math.cos(phi);
  return [
    (n + p.h) * c * Math.cos(lam),
    (n + p.h) * c * Math.sin(lam),
    (n * (1 - WGS84_E2) + p.h) * s,
  ];
}

/** ECEF → geodetic by Bowring's start and two Newton-style refinements (sub-mm for |h| < 1e7 m). */
export function ecefToGeodetic(r: Vec3): LatLonH {
  const [x, y, z] = r;
  const lon = Math.atan2(y, x);
  const p = Math.hypot(x, y);
  if (p < 1e-9) return { lat: z >= 0 ? 90 : -90, lon: 0, h: Math.abs(z) - WGS84_B };
  const ep2 = (WGS84.a * WGS84.a - WGS84_B * WGS84_B) / (WGS84_B * WGS84_B);
  const th = Math.atan2(z * WGS84.a, p * WGS84_B);
  let phi = Math.atan2(
    z + ep2 * WGS84_B * Math.sin(th) ** 3,
    p - WGS84_E2 * WGS84.a * Math.cos(th) ** 3,
  );
  let h = 0;
  for (let i = 0; i < 2; i++) {
    const s = Math.sin(phi);
    const n = WGS84.a / Math.sqrt(1 - WGS84_E2 * s * s);
    h = p / Math.cos(phi) - n;
    phi = Math.atan2(z, p * (1 - (WGS84_E2 * n) / (n + h)));
  }
  return { lat: phi / D2R, lon: lon / D2R, h };
}

/** Rows of the ECEF→ENU rotation at a geodetic point (east, north, up unit vectors). */
export function enuBasis(lat: number, lon: number): [Vec3, Vec3, Vec3] {
  const phi = lat * D2R;
  const lam = lon * D2R;
  const sp = Math.sin(phi),
    cp = Math.cos(phi),
    sl = Math.sin(lam),
    cl = Math.cos(lam);
  return [
    [-sl, cl, 0],
    [-sp * cl, -sp * sl, cp],
    [cp * cl, cp * sl, sp],
  ];
}

export function ecefToEnu(r: Vec3, origin: LatLonH): Vec3 {
  const o = geodeticToEcef(origin);
  const d: Vec3 = [r[0] - o[0], r[1] - o[1], r[2] - o[2]];
  const [e, n, u] = enuBasis(origin.lat, origin.lon);
  return [dot(e, d), dot(n, d), dot(u, d)];
}

export function enuToEcef(enu: Vec3, origin: LatLonH): Vec3 {
  const o = geodeticToEcef(origin);
  const [e, n, u] = enuBasis(origin.lat, origin.lon);
  return [0, 1, 2].map((i) => o[i] + e[i] * enu[0] + n[i] * enu[1] + u[i] * enu[2]) as Vec3;
}

/** Range (m), azimuth (deg, clockwise from north, 0–360) and elevation (deg) of r seen from origin. */
export function ecefToRae(r: Vec3, origin: LatLonH): Vec3 {
  const [e, n, u] = ecefToEnu(r, origin);
  const rng = Math.hypot(e, n, u);
  let az = Math.atan2(e, n) / D2R;
  if (az < 0) az += 360;
  return [rng, az, Math.asin(u / rng) / D2R];
}

export function raeToEcef(rae: Vec3, origin: LatLonH): Vec3 {
  const [rng, az, el] = rae;
  const ca = Math.cos(el * D2R);
  return enuToEcef(
    [rng * ca * Math.sin(az * D2R), rng * ca * Math.cos(az * D2R), rng * Math.sin(el * D2R)],
    origin,
  );
}

export const dot = (a: readonly number[], b: readonly number[]) =>
  a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const norm3 = (a: readonly number[]) => Math.hypot(a[0], a[1], a[2]);
