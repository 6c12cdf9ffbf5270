import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { PolygonRings, BBox } from './polygon.js';
import { pointInMultiPolygon, ringsBBox } from './polygon.js';

/** A state's territory from Natural Earth 1:50m via world-atlas (land borders; no maritime zones). */
export interface Territory {
  iso3: string;
  isoNumeric: string;
  name: string;
  polygons: PolygonRings[];
  bbox: BBox;
}

const require = createRequire(import.meta.url);
let cache: Map<string, Territory> | null = null;

/**
 * Loads every country shape once, keyed by ISO3. `numericToIso3` maps world-atlas ids (ISO numeric,
 * e.g. "682") to ISO3; default: i18n-iso-countries. Shapes without an ISO numeric id (e.g. N. Cyprus,
 * Somaliland) are skipped.
 */
export function loadTerritories(
  numericToIso3?: (numeric: string) => string | undefined,
): Map<string, Territory> {
  if (cache && !numericToIso3) return cache;
  const topo = require('world-atlas/countries-50m.json') as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const map = numericToIso3 ?? defaultNumericToIso3();
  const fc = feature(topo, topo.objects.countries) as unknown as {
    features: {
      id?: string;
      properties: { name: string };
      geometry:
        | { type: 'Polygon'; coordinates: PolygonRings }
        | { type: 'MultiPolygon'; coordinates: PolygonRings[] }
        | null;
    }[];
  };
  const out = new Map<string, Territory>();
  for (const f of fc.features) {
    if (!f.id || !f.geometry) continue;
    const iso3 = map(f.id);
    if (!iso3) continue;
    const polygons: PolygonRings[] =
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const prev = out.get(iso3);
    const all = prev ? [...prev.polygons, ...polygons] : polygons;
    out.set(iso3, {
      iso3,
      isoNumeric: f.id,
      name: f.properties.name,
      polygons: all,
      bbox: ringsBBox(all.map((p) => p[0])),
    });
  }
  if (!numericToIso3) cache = out;
  return out;
}

function defaultNumericToIso3(): (n: string) => string | undefined {
  const countries = require('i18n-iso-countries') as typeof import('i18n-iso-countries');
  return (n) => countries.numericToAlpha3(n);
}

export function territoryContains(t: Territory, lat: number, lon: number): boolean {
  if (lon < t.bbox.minLon || lon > t.bbox.maxLon || lat < t.bbox.minLat || lat > t.bbox.maxLat)
    return false;
  return pointInMultiPolygon(lon, lat, t.polygons);
}

/** The ISO3 of the territory containing the point, among `candidates` (default: all). */
export function stateAt(lat: number, lon: number, candidates?: Iterable<Territory>): string | null {
  for (const t of candidates ?? loadTerritories().values())
    if (territoryContains(t, lat, lon)) return t.iso3;
  return null;
}
