import { geoArea, geoBounds, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import type { CountryFeature } from './atlas.js';
import type { Extent } from './RegionMap.js';

export const dataAttrs = (data?: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(data ?? {}).map(([k, v]) => [
      `data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      v,
    ]),
  );

/** d3-geo wants clockwise exterior rings; RFC 7946 GeoJSON has them anticlockwise. Flip when an area covers most of the globe. */
export function normaliseWinding(g: Geometry | Feature): GeoPermissibleObjects {
  const obj = g as GeoPermissibleObjects;
  if (geoArea(obj) <= 2 * Math.PI) return obj;
  const geom = g.type === 'Feature' ? g.geometry : g;
  const flip = (rings: number[][][]) => rings.map((r) => [...r].reverse());
  if (geom.type === 'Polygon') return { ...geom, coordinates: flip(geom.coordinates) };
  if (geom.type === 'MultiPolygon') return { ...geom, coordinates: geom.coordinates.map(flip) };
  return obj;
}

export function inExtent(f: CountryFeature, [[w, s], [e, n]]: Extent): boolean {
  const [[fw, fs], [fe, fn]] = geoBounds(f);
  if (fs > n || fn < s) return false;
  if (fw > fe) return w <= fe || e >= fw; // crosses the antimeridian: [fw, 180] ∪ [-180, fe]
  return !(fw > e || fe < w);
}

/**
 * The extent that frames `features` (e.g. the states a label releases to): their joint bounds, padded
 * by a fifth of the span on each side and widened to at least `minSpan` degrees, kept inside `limit`.
 * Features crossing the antimeridian are left out of the fit (none of the region's states does).
 * Returns `limit` when nothing is left to frame.
 */
export function extentAround(
  features: CountryFeature[],
  limit: Extent,
  minSpan: [number, number] = [24, 16],
): Extent {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    const [[fw, fs], [fe, fn]] = geoBounds(f);
    if (fw > fe) continue;
    w = Math.min(w, fw);
    s = Math.min(s, fs);
    e = Math.max(e, fe);
    n = Math.max(n, fn);
  }
  if (!(w <= e && s <= n)) return limit;
  const grow = (lo: number, hi: number, min: number): [number, number] => {
    const pad = (hi - lo) / 5;
    const [a, b] = [lo - pad, hi + pad];
    const extra = Math.max(0, min - (b - a)) / 2;
    return [a - extra, b + extra];
  };
  const [[lw, ls], [le, ln]] = limit;
  const clamp = ([a, b]: [number, number], lo: number, hi: number): [number, number] => {
    const span = Math.min(b - a, hi - lo);
    const start = Math.min(Math.max(a, lo), hi - span);
    return [start, start + span];
  };
  const [x0, x1] = clamp(grow(w, e, minSpan[0]), lw, le);
  const [y0, y1] = clamp(grow(s, n, minSpan[1]), ls, ln);
  return [
    [x0, y0],
    [x1, y1],
  ];
}
