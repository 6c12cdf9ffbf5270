import type { LatLonH } from '../geo/wgs84.js';

/** A ground radar as configured in the seeded (illustrative) sensor networks. */
export interface RadarConfig {
  id: string;
  member: string;
  kind: 'radar';
  site: LatLonH;
  maxRangeKm: number;
  minElevationDeg: number;
  /** Azimuth sector: centre and half-width in degrees (180 = all round). */
  sector?: { centreDeg: number; halfWidthDeg: number };
  periodS: number;
  /** 1-sigma noise: range (m), azimuth (deg), elevation (deg). */
  sigma: { range: number; az: number; el: number };
  pd: number;
  /** Mean false reports per scan (Poisson), spread through the coverage. */
  clutterPerScan: number;
  /** Unknown systematic bias added to every measurement (range m, az deg, el deg). */
  bias?: { range: number; az: number; el: number };
  /** Network delay: fixed part plus an exponential jitter with this mean (s). */
  delay: { fixedS: number; jitterMeanS: number };
}

/** A space-based launch-detection sensor: sees the hot plume during boost above the cloud tops. */
export interface SpaceIrConfig {
  id: string;
  member: string;
  kind: 'space-ir';
  periodS: number;
  /** 1-sigma position error (m), isotropic, of the reported plume position in ECEF. */
  sigmaM: number;
  pd: number;
  /** Plume visible above this altitude (m). */
  minAltitudeM: number;
  clutterPerScan: number;
  /** Region where clutter (false plumes) appears. */
  clutterBox?: { minLat: number; maxLat: number; minLon: number; maxLon: number };
  delay: { fixedS: number; jitterMeanS: number };
}

export type SensorConfig = RadarConfig | SpaceIrConfig;

export interface SensorNetwork {
  id: string;
  name: string;
  illustrative: true;
  note: string;
  /** Members whose civil defences are warned (ISO3). */
  members: string[];
  sensors: SensorConfig[];
}

/**
 * A sensor report as it travels on the bus and through `tahaluf track`. `kind`: `rae` is a radar's
 * range (m), azimuth and elevation (deg) seen from `site`; `ecef` a position in ECEF metres; `pos` a
 * generic position vector (2-D or 3-D) for non-geodetic trackers.
 */
export interface SensorReport {
  id?: string;
  sensor: string;
  member?: string;
  /** Measurement time, Unix seconds (fractional). */
  time: number;
  kind: 'rae' | 'ecef' | 'pos';
  z: number[];
  /** Measurement covariance (full matrix), in the units of z. */
  R: number[][];
  site?: LatLonH;
  /** Sensor capability hint: the space sensor only sees burning motors. */
  boost?: boolean;
}
