import countries from 'i18n-iso-countries';
import ar from 'i18n-iso-countries/langs/ar.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-50m.json?url';

countries.registerLocale(en);
countries.registerLocale(ar);

export interface CountryFeature extends Feature<Geometry, { name: string }> {
  /** ISO 3166-1 numeric as in world-atlas ("682"); undefined for shapes without a code (e.g. Somaliland). */
  id?: string;
  /** ISO3 derived from the numeric id, when there is one. */
  iso3: string | null;
}

let atlasPromise: Promise<CountryFeature[]> | null = null;

/**
 * The Natural Earth 1:50m countries (world-atlas), fetched once as a static asset. The 50m file is
 * used because the 110m one lacks Bahrain.
 */
export function loadCountries(): Promise<CountryFeature[]> {
  atlasPromise ??= fetch(atlasUrl)
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
      atlasPromise = null;
      throw e;
    });
  return atlasPromise;
}

/** English and Arabic names of a country by ISO3, from the ISO list (the registry's own names take precedence). */
export function isoNames(iso3: string): { en: string; ar: string } | null {
  const a2 = countries.alpha3ToAlpha2(iso3);
  if (!a2) return null;
  return { en: countries.getName(a2, 'en') ?? iso3, ar: countries.getName(a2, 'ar') ?? '' };
}
