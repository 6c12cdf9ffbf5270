import { WGS84, WGS84_B, deg2rad, rad2deg } from './wgs84.js';

export interface GeodesicInverse {
  /** Ellipsoidal distance, metres. */
  distance: number;
  /** Forward azimuth at the first point, degrees clockwise from north. */
  azimuth1: number;
  azimuth2: number;
}

/**
 * Vincenty's inverse formula on WGS84 (0.5 mm accuracy). For nearly antipodal points, where it may
 * not converge, falls back to the spherical great-circle distance with the mean radius.
 */
export function geodesicInverse(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
): GeodesicInverse {
  const a = WGS84.a,
    b = WGS84_B,
    f = WGS84.f;
  const L = deg2rad(lon2 - lon1);
  const U1 = Math.atan((1 - f) * Math.tan(deg2rad(lat1)));
  const U2 = Math.atan((1 - f) * Math.tan(deg2rad(lat2)));
  const sU1 = Math.sin(U1),
    cU1 = Math.cos(U1),
    sU2 = Math.sin(U2),
    cU2 = Math.cos(U2);
  let lam = L,
    iter = 0;
  let sSig = 0,
    cSig = 0,
    sig = 0,
    cos2a = 0,
    c2sm = 0,
    sLam = 0,
    cLam = 0;
  for (; iter < 200; iter++) {
    sLam = Math.sin(lam);
    cLam = Math.cos(lam);
    sSig = Math.hypot(cU2 * sLam, cU1 * sU2 - sU1 * cU2 * cLam);
    if (sSig === 0) return { distance: 0, azimuth1: 0, azimuth2: 0 };
    cSig = sU1 * sU2 + cU1 * cU2 * cLam;
    sig = Math.atan2(sSig, cSig);
    const sAlpha = (cU1 * cU2 * sLam) / sSig;
    cos2a = 1 - sAlpha * sAlpha;
    c2sm = cos2a !== 0 ? cSig - (2 * sU1 * sU2) / cos2a : 0;
    const C = (f / 16) * cos2a * (4 + f * (4 - 3 * cos2a));
    const prev = lam;
    lam = L + (1 - C) * f * sAlpha * (sig + C * sSig * (c2sm + C * cSig * (-1 + 2 * c2sm * c2sm)));
    if (Math.abs(lam - prev) < 1e-12) break;
  }
  if (iter >= 200) {
    const d = greatCircle(lat1, lon1, lat2, lon2);
    return { distance: d, azimuth1: initialBearing(lat1, lon1, lat2, lon2), azimuth2: NaN };
  }
  const u2 = (cos2a * (a * a - b * b)) / (b * b);
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const dSig =
    B *
    sSig *
    (c2sm +
      (B / 4) *
        (cSig * (-1 + 2 * c2sm * c2sm) -
          (B / 6) * c2sm * (-3 + 4 * sSig * sSig) * (-3 + 4 * c2sm * c2sm)));
  const az1 = Math.atan2(cU2 * sLam, cU1 * sU2 - sU1 * cU2 * cLam);
  const az2 = Math.atan2(cU1 * sLam, -sU1 * cU2 + cU1 * sU2 * cLam);
  return {
    distance: b * A * (sig - dSig),
    azimuth1: (rad2deg(az1) + 360) % 360,
    azimuth2: (rad2deg(az2) + 360) % 360,
  };
}

export const geodesicDistance = (lat1: number, lon1: number, lat2: number, lon2: number) =>
  geodesicInverse(lat1, lon1, lat2, lon2).distance;

/** Vincenty's direct formula: the point at `distance` metres along `azimuth` from (lat, lon). */
export function geodesicDirect(
  lat: number,
  lon: number,
  azimuth: number,
  distance: number,
): { lat: number; lon: number } {
  const a = WGS84.a,
    b = WGS84_B,
    f = WGS84.f;
  const a1 = deg2rad(azimuth);
  const sA1 = Math.sin(a1),
    cA1 = Math.cos(a1);
  const tU1 = (1 - f) * Math.tan(deg2rad(lat));
  const cU1 = 1 / Math.sqrt(1 + tU1 * tU1),
    sU1 = tU1 * cU1;
  const sig1 = Math.atan2(tU1, cA1);
  const sAlpha = cU1 * sA1;
  const cos2a = 1 - sAlpha * sAlpha;
  const u2 = (cos2a * (a * a - b * b)) / (b * b);
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  let sig = distance / (b * A),
    prev = 0,
    c2sm: number,
    sSig: number,
    cSig: number;
  for (let i = 0; i < 200 && Math.abs(sig - prev) > 1e-12; i++) {
    c2sm = Math.cos(2 * sig1 + sig);
    sSig = Math.sin(sig);
    cSig = Math.cos(sig);
    const dSig =
      B *
      sSig *
      (c2sm +
        (B / 4) *
          (cSig * (-1 + 2 * c2sm * c2sm) -
            (B / 6) * c2sm * (-3 + 4 * sSig * sSig) * (-3 + 4 * c2sm * c2sm)));
    prev = sig;
    sig = distance / (b * A) + dSig;
  }
  c2sm = Math.cos(2 * sig1 + sig);
  sSig = Math.sin(sig);
  cSig = Math.cos(sig);
  const tmp = sU1 * sSig - cU1 * cSig * cA1;
  const lat2 = Math.atan2(sU1 * cSig + cU1 * sSig * cA1, (1 - f) * Math.hypot(sAlpha, tmp));
  const lam = Math.atan2(sSig * sA1, cU1 * cSig - sU1 * sSig * cA1);
  const C = (f / 16) * cos2a * (4 + f * (4 - 3 * cos2a));
  const L =
    lam - (1 - C) * f * sAlpha * (sig + C * sSig * (c2sm + C * cSig * (-1 + 2 * c2sm * c2sm)));
  return { lat: rad2deg(lat2), lon: ((rad2deg(deg2rad(lon) + L) + 540) % 360) - 180 };
}

const MEAN_RADIUS = 6371008.8;
export function greatCircle(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = deg2rad(lat1),
    p2 = deg2rad(lat2),
    dl = deg2rad(lon2 - lon1);
  const h = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * MEAN_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function initialBearing(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = deg2rad(lat1),
    p2 = deg2rad(lat2),
    dl = deg2rad(lon2 - lon1);
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  return (rad2deg(Math.atan2(y, x)) + 360) % 360;
}
