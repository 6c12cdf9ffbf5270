import countries from 'i18n-iso-countries';
import ar from 'i18n-iso-countries/langs/ar.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { coarse, detail } from 'virtual:atlas';

countries.registerLocale(en);
countries.registerLocale(ar);

export interface CountryFeature extends Feature<Geometry, { name: string }> {
  /** ISO 3166-1 numeric as in world-atlas ("682"); undefined for shapes without a code (e.g. Somaliland). */
  id?: string;
  /** ISO3 derived from the numeric id, when there is one. */
  iso3: string | null;
}

export type AtlasResolution = 'coarse' | 'detail';

const ATLAS_URLS: Record<AtlasResolution, string> = { coarse, detail };
const atlasPromises: Partial<Record<AtlasResolution, Promise<CountryFeature[]>>> = {};

/**
 * Natural Earth 1:50m countries (world-atlas; the 110m file lacks Bahrain), cropped to what a region
 * view can show, fetched once per resolution: 'coarse' (simplified to about half a pixel of the whole
 * region view, ~50 KB brotli) or 'detail' (the 1:50m shapes, for views zoomed on a few states).
 * Built by src/web/atlas-build.ts.
 */
export function loadCountries(resolution: AtlasResolution = 'coarse'): Promise<CountryFeature[]> {
  const cached = atlasPromises[resolution];
  if (cached) return cached;
  const loading = fetch(ATLAS_URLS[resolution])
    .then((res) => {
      if (!res.ok) throw new Error(`world atlas: HTTP ${res.status}`);
      return res.json() as Promise<Topology<{ countries: GeometryCollection<{ name: string }> }>>;
    })
    .then((topo) => {
      const fc = feature(topo, topo.objects.countries) as FeatureCollection<
        Geometry,
        { name: string }
      >;
      return fc.features.map((f) => {
        const id = f.id === undefined ? undefined : String(f.id).padStart(3, '0');
        return { ...f, id, iso3: id ? (countries.numericToAlpha3(id) ?? null) : null };
      });
    })
    .catch((e) => {
      delete atlasPromises[resolution];
      throw e;
    });
  atlasPromises[resolution] = loading;
  return loading;
}

/** Longitude span (degrees) under which a 960 px view needs the detailed shapes. */
export const DETAIL_BELOW_DEGREES = 60;

/** English and Arabic names of a country by ISO3, from the ISO list (the registry's own names take precedence). */
export function isoNames(iso3: string): { en: string; ar: string } | null {
  const a2 = countries.alpha3ToAlpha2(iso3);
  if (!a2) return null;
  return { en: countries.getName(a2, 'en') ?? iso3, ar: countries.getName(a2, 'ar') ?? '' };
}
