import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ecefToGeodetic,
  geodeticToEcef,
  ecefToRae,
  raeToEcef,
  ecefToEnu,
  enuToEcef,
} from './wgs84.js';
import { geodesicDirect, geodesicInverse, greatCircle } from './geodesic.js';
import { closeRing, pointInPolygon } from './polygon.js';
import { loadTerritories, stateAt } from './countries.js';

const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);

describe('WGS84 geodetic <-> ECEF', () => {
  it('matches a known point (equator, prime meridian; pole)', () => {
    expect(geodeticToEcef({ lat: 0, lon: 0, h: 0 })).toEqual([6378137, 0, 0]);
    expect(geodeticToEcef({ lat: 90, lon: 0, h: 0 })[2]).toBeCloseTo(6356752.3142, 3);
  });
  it('round-trips to sub-millimetre from -1 km to 3,000 km height', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -89.9, max: 89.9, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -1000, max: 3e6, noNaN: true }),
        (lat, lon, h) => {
          const back = ecefToGeodetic(geodeticToEcef({ lat, lon, h }));
          expect(Math.abs(back.lat - lat)).toBeLessThan(1e-8);
          expect(Math.abs(((back.lon - lon + 540) % 360) - 180)).toBeLessThan(1e-8);
          expect(Math.abs(back.h - h)).toBeLessThan(1e-3);
        },
      ),
    );
  });
  it('ENU and range/azimuth/elevation are consistent', () => {
    const o = { lat: 25.3, lon: 51.5, h: 10 };
    const p = raeToEcef([300e3, 45, 10], o);
    const [r, az, el] = ecefToRae(p, o);
    expect(r).toBeCloseTo(300e3, 3);
    expect(az).toBeCloseTo(45, 9);
    expect(el).toBeCloseTo(10, 9);
    const enu = ecefToEnu(p, o);
    const back = enuToEcef(enu, o);
    expect(Math.hypot(back[0] - p[0], back[1] - p[1], back[2] - p[2])).toBeLessThan(1e-6);
  });
});

describe('geodesics', () => {
  it("reproduces Vincenty's published Flinders Peak – Buninyong example", () => {
    const lat1 = dms(-37, 57, 3.7203),
      lon1 = dms(144, 25, 29.5244);
    const lat2 = dms(-37, 39, 10.1561),
      lon2 = dms(143, 55, 35.3839);
    const inv = geodesicInverse(lat1, lon1, lat2, lon2);
    expect(inv.distance).toBeCloseTo(54972.271, 2);
    expect(inv.azimuth1).toBeCloseTo(dms(306, 52, 5.37), 4);
    const d = geodesicDirect(lat1, lon1, inv.azimuth1, inv.distance);
    expect(d.lat).toBeCloseTo(lat2, 8);
    expect(d.lon).toBeCloseTo(lon2, 8);
  });
  it('Riyadh–Doha is about 490 km, within 0.5% of the spherical distance', () => {
    const e = geodesicInverse(24.7136, 46.6753, 25.2854, 51.531).distance;
    expect(e).toBeGreaterThan(480e3);
    expect(e).toBeLessThan(500e3);
    expect(Math.abs(e - greatCircle(24.7136, 46.6753, 25.2854, 51.531)) / e).toBeLessThan(0.005);
  });
});

describe('point in polygon and territories', () => {
  it('handles holes', () => {
    const outer = closeRing([
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ]);
    const hole = closeRing([
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
    ]);
    expect(pointInPolygon(2, 2, [outer, hole])).toBe(true);
    expect(pointInPolygon(5, 5, [outer, hole])).toBe(false);
    expect(pointInPolygon(11, 5, [outer, hole])).toBe(false);
  });
  it('finds capitals inside their states (Natural Earth 1:50m)', () => {
    const t = loadTerritories();
    expect(t.get('QAT')?.isoNumeric).toBe('634');
    expect(stateAt(25.2854, 51.531)).toBe('QAT'); // Doha
    expect(stateAt(24.7136, 46.6753)).toBe('SAU'); // Riyadh
    expect(stateAt(30.0444, 31.2357)).toBe('EGY'); // Cairo
    expect(stateAt(26.0667, 50.5577)).toBe('BHR'); // Manama
    expect(stateAt(26.5, 52.5)).toBeNull(); // the Gulf, at sea
  });
});
