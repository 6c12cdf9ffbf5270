import { geoArea, geoBounds, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import type { CountryFeature } from './atlas.js';
import type { Extent } from './RegionMap.js';

export const dataAttrs = (data?: Record<string, string>) =>
  Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v]));

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

