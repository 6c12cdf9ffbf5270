import { loadTerritories } from '../geo/countries.js';
import type { Registry } from './registry.js';

export type CsvValue = string | number | boolean | null | undefined;

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export const csvField = (v: CsvValue): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
export const csvRow = (values: CsvValue[]): string => values.map(csvField).join(',') + '\n';

const sourcesText = (sources: { title: string; url?: string }[]) =>
  sources.map((s) => (s.url ? `${s.title} <${s.url}>` : s.title)).join(' | ');

export function membershipsCsv(registry: Registry, allianceId?: string): string {
  if (allianceId) registry.allianceOrThrow(allianceId);
  let out = csvRow([
    'alliance',
    'state',
    'state_name',
    'role',
    'from',
    'to',
    'suspensions',
    'certainty',
    'sources',
  ]);
  for (const m of registry.memberships(allianceId)) {
    const susp = m.suspensions.map((s) => `${s.from}..${s.to ?? ''}`).join(';');
    out += csvRow([
      m.allianceId,
      m.state,
      registry.state(m.state)?.nameEn ?? '',
      m.role,
      m.from ?? '',
      m.to ?? '',
      susp,
      m.certainty,
      sourcesText(m.sources),
    ]);
  }
  return out;
}

export function eventsCsv(registry: Registry): string {
  let out = csvRow(['date', 'id', 'title', 'states', 'alliances', 'sources']);
  for (const e of registry.events())
    out += csvRow([
      e.date,
      e.id,
      e.title,
      e.states.join(';'),
      e.allianceIds.join(';'),
      sourcesText(e.sources),
    ]);
  return out;
}

/** The members of an alliance on a date as a GeoJSON FeatureCollection of their territories (Natural Earth 1:50m). */
export function membersGeoJson(registry: Registry, allianceId: string, day: string): object {
  const alliance = registry.allianceOrThrow(allianceId);
  const territories = loadTerritories();
  const features = registry.membersOn(allianceId, day).map((m) => {
    const t = territories.get(m.state);
    const st = registry.state(m.state);
    return {
      type: 'Feature',
      id: m.state,
      properties: {
        iso3: m.state,
        name: st?.nameEn,
        nameAr: st?.nameAr,
        alliance: alliance.id,
        allianceStatus: alliance.status,
        date: day,
        role: m.role,
        suspended: m.suspended,
        certainty: m.membership.certainty,
        entryDateKnown: m.entryDateKnown,
      },
      // Natural Earth 1:50m is accurate to about 100 m: 4 decimals (~11 m) keep the file small without losing detail.
      geometry: t ? { type: 'MultiPolygon', coordinates: roundCoords(t.polygons) } : null,
    };
  });
  return { type: 'FeatureCollection', features };
}

const roundCoords = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(roundCoords) : typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v;
