import { geoArea } from 'd3-geo';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { CountryFeature } from './atlas.js';
import { dataAttrs, extentAround, inExtent, normaliseWinding } from './map-geometry.js';

// A 2°×2° square around Doha, exterior ring anticlockwise as RFC 7946 writes it.
const rfc7946: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [50, 24],
      [52, 24],
      [52, 26],
      [50, 26],
      [50, 24],
    ],
  ],
};
const square = (w: number, s: number, e: number, n: number): CountryFeature => ({
  type: 'Feature',
  iso3: 'XXX',
  properties: { name: 'x' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [w, n],
        [e, n],
        [e, s],
        [w, s],
      ],
    ],
  },
});

describe('map geometry', () => {
  it('accepts either ring winding and always draws the small area, not the rest of the globe', () => {
    expect(geoArea(rfc7946)).toBeGreaterThan(2 * Math.PI); // d3 reads it as the complement
    const fixed = normaliseWinding(rfc7946);
    expect(geoArea(fixed)).toBeLessThan(0.01);
    expect(normaliseWinding(fixed as Polygon)).toBe(fixed);
    const feature = normaliseWinding({ type: 'Feature', properties: {}, geometry: rfc7946 });
    expect(geoArea(feature)).toBeLessThan(0.01);
  });

  it('keeps shapes that touch the extent and drops those outside it', () => {
    const extent: [[number, number], [number, number]] = [
      [-19, -36],
      [96, 42],
    ];
    expect(inExtent(square(50, 24, 52, 26), extent)).toBe(true);
    expect(inExtent(square(90, 40, 100, 50), extent)).toBe(true);
    expect(inExtent(square(-80, 0, -60, 10), extent)).toBe(false);
    expect(inExtent(square(10, 50, 20, 60), extent)).toBe(false);
    // Shapes across the antimeridian (the USA with the Aleutians, Russia) are kept only when they reach the extent.
    const across = (w: number, e: number): CountryFeature => ({
      type: 'Feature',
      iso3: 'XXX',
      properties: { name: 'x' },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [w, 30],
              [w, 40],
              [180, 40],
              [180, 30],
              [w, 30],
            ],
          ],
          [
            [
              [-180, 30],
              [-180, 40],
              [e, 40],
              [e, 30],
              [-180, 30],
            ],
          ],
        ],
      },
    });
    expect(inExtent(across(172, -66), extent)).toBe(false);
    expect(inExtent(across(20, -170), extent)).toBe(true);
  });

  it('turns data keys into data-* attributes', () => {
    expect(dataAttrs({ member: '1', homeBase: 'x' })).toEqual({
      'data-member': '1',
      'data-home-base': 'x',
    });
    expect(dataAttrs(undefined)).toEqual({});
  });

  it('frames a set of states: padded joint bounds, a minimum span, kept inside the limit', () => {
    const limit: [[number, number], [number, number]] = [
      [-19, -36],
      [96, 42],
    ];
    // Qatar-sized and Kuwait-sized squares: the span is widened to the minimum around their middle.
    const [[w, s], [e, n]] = extentAround(
      [square(50.7, 24.5, 51.7, 26.2), square(46.5, 28.5, 48.5, 30.1)],
      limit,
    );
    expect(e - w).toBeCloseTo(24, 6);
    expect(n - s).toBeCloseTo(16, 6);
    expect((w + e) / 2).toBeCloseTo((46.5 + 51.7) / 2, 6);
    // Morocco to Indonesia: padded, then cut to the limit on the east.
    const wide = extentAround([square(-13, 27, -1, 36), square(95, -11, 141, 6)], limit);
    expect(wide[0][0]).toBeGreaterThanOrEqual(-19);
    expect(wide[1][0]).toBe(96);
    expect(wide[0][1]).toBeLessThan(-11);
    // Nothing to frame: the limit itself.
    expect(extentAround([], limit)).toEqual(limit);
  });
});
