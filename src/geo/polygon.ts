/** Planar point-in-polygon on lon/lat rings (GeoJSON order: [lon, lat]); fine for country-sized shapes away from the antimeridian. */
export type Ring = [number, number][];
/** A polygon: outer ring then holes. */
export type PolygonRings = Ring[];

/** Even-odd ray casting; points exactly on an edge may fall either way. */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(lon: number, lat: number, poly: PolygonRings): boolean {
  if (poly.length === 0 || !pointInRing(lon, lat, poly[0])) return false;
  for (let k = 1; k < poly.length; k++) if (pointInRing(lon, lat, poly[k])) return false;
  return true;
}

export function pointInMultiPolygon(lon: number, lat: number, mp: PolygonRings[]): boolean {
  return mp.some((p) => pointInPolygon(lon, lat, p));
}

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export function ringsBBox(rings: Ring[]): BBox {
  const b = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const r of rings)
    for (const [x, y] of r) {
      if (x < b.minLon) b.minLon = x;
      if (x > b.maxLon) b.maxLon = x;
      if (y < b.minLat) b.minLat = y;
      if (y > b.maxLat) b.maxLat = y;
    }
  return b;
}

export const bboxesOverlap = (a: BBox, b: BBox) =>
  a.minLon <= b.maxLon && b.minLon <= a.maxLon && a.minLat <= b.maxLat && b.minLat <= a.maxLat;

/** Closes a ring (first point repeated at the end) if it is not closed already. */
export function closeRing(ring: Ring): Ring {
  const [f, l] = [ring[0], ring[ring.length - 1]];
  return f[0] === l[0] && f[1] === l[1] ? ring : [...ring, [f[0], f[1]]];
}
