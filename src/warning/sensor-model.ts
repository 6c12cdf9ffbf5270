import { Type, type Static } from 'typebox';
import type { LatLonH } from '../geo/wgs84.js';

/*
 * Two vocabularies, two names: a sensor's `SensorKind` (what it is: `radar`, `space-ir`, configured in
 * data/warning/networks.json) and a report's `MeasurementKind` (what it measures: `rae`, `ecef`,
 * `pos`, on the bus). Both travel in a field called `kind`; the types keep them apart.
 *
 * The sensor configurations are TypeBox schemas, one per kind in `SENSOR_SCHEMAS`; the types derive
 * from them and `loadNetworks` checks the data file against them. Adding a kind here makes the
 * simulator's `SCANNERS` table (`satisfies { [K in SensorKind]: Scanner<K> }`) a compile error until
 * it says how the new kind looks (test/extension-points.slow.test.ts).
 */

const LatLonHSchema = Type.Object({ lat: Type.Number(), lon: Type.Number(), h: Type.Number() });
const DelaySchema = Type.Object(
  { fixedS: Type.Number({ minimum: 0 }), jitterMeanS: Type.Number({ minimum: 0 }) },
  { description: 'Network delay: fixed part plus an exponential jitter with this mean (s).' },
);
const RangeAzElSchema = Type.Object({ range: Type.Number(), az: Type.Number(), el: Type.Number() });
const Probability = Type.Number({ minimum: 0, maximum: 1 });
const common = {
  id: Type.String({ minLength: 1 }),
  /** ISO3 of the member that operates the sensor. */
  member: Type.String({ pattern: '^[A-Z]{3}$' }),
  periodS: Type.Number({ exclusiveMinimum: 0 }),
  pd: Probability,
  /** Mean false reports per scan (Poisson). */
  clutterPerScan: Type.Number({ minimum: 0 }),
  delay: DelaySchema,
};

/** The configuration schema of each sensor kind. */
export const SENSOR_SCHEMAS = {
  /** A ground radar as configured in the seeded (illustrative) sensor networks. */
  radar: Type.Object({
    ...common,
    kind: Type.Literal('radar'),
    site: LatLonHSchema,
    maxRangeKm: Type.Number({ exclusiveMinimum: 0 }),
    minElevationDeg: Type.Number(),
    /** Azimuth sector: centre and half-width in degrees (180 = all round). */
    sector: Type.Optional(
      Type.Object({ centreDeg: Type.Number(), halfWidthDeg: Type.Number({ minimum: 0 }) }),
    ),
    /** 1-sigma noise: range (m), azimuth (deg), elevation (deg). */
    sigma: RangeAzElSchema,
    /** Unknown systematic bias added to every measurement (range m, az deg, el deg). */
    bias: Type.Optional(RangeAzElSchema),
  }),
  /** A space-based launch-detection sensor: sees the hot plume during boost above the cloud tops. */
  'space-ir': Type.Object({
    ...common,
    kind: Type.Literal('space-ir'),
    /** 1-sigma position error (m), isotropic, of the reported plume position in ECEF. */
    sigmaM: Type.Number({ exclusiveMinimum: 0 }),
    /** Plume visible above this altitude (m). */
    minAltitudeM: Type.Number(),
    /** Region where clutter (false plumes) appears. */
    clutterBox: Type.Optional(
      Type.Object({
        minLat: Type.Number(),
        maxLat: Type.Number(),
        minLon: Type.Number(),
        maxLon: Type.Number(),
      }),
    ),
  }),
};

/** What a sensor is (`radar`, `space-ir`): the keys of `SENSOR_SCHEMAS`. */
export type SensorKind = keyof typeof SENSOR_SCHEMAS;
export type SensorConfigOf<K extends SensorKind> = Static<(typeof SENSOR_SCHEMAS)[K]>;
export type SensorConfig = { [K in SensorKind]: SensorConfigOf<K> }[SensorKind];
export type RadarConfig = SensorConfigOf<'radar'>;
export type SpaceIrConfig = SensorConfigOf<'space-ir'>;

/** True when `kind` names a sensor kind of `SENSOR_SCHEMAS`. */
export const isSensorKind = (kind: unknown): kind is SensorKind =>
  typeof kind === 'string' && Object.hasOwn(SENSOR_SCHEMAS, kind);

/** A network as in data/warning/networks.json; each sensor is checked against its kind's schema. */
export const SensorNetworkSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  name: Type.String(),
  illustrative: Type.Literal(true),
  note: Type.String(),
  /** Members whose civil defences are warned (ISO3). */
  members: Type.Array(Type.String({ pattern: '^[A-Z]{3}$' })),
  sensors: Type.Array(Type.Object({ kind: Type.String() })),
});

export interface SensorNetwork extends Omit<Static<typeof SensorNetworkSchema>, 'sensors'> {
  sensors: SensorConfig[];
}

/** What a report measures: `rae` range/azimuth/elevation from `site`, `ecef` a position, `pos` a vector. */
export type MeasurementKind = 'rae' | 'ecef' | 'pos';

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
  kind: MeasurementKind;
  z: number[];
  /** Measurement covariance (full matrix), in the units of z. */
  R: number[][];
  site?: LatLonH;
  /** Sensor capability hint: the space sensor only sees burning motors. */
  boost?: boolean;
}
