import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { DataFileError, loadDataFile, schemaProblems } from '../core/data-file.js';
import { fileURLToPath } from 'node:url';
import { loadTerritories, territoryContains } from '../geo/countries.js';
import { geodesicDirect } from '../geo/geodesic.js';
import { notFound } from '../core/errors.js';
import { Prng } from './prng.js';
import {
  isSensorKind,
  SENSOR_SCHEMAS,
  SensorNetworkSchema,
  type SensorConfig,
  type SensorNetwork,
} from './sensor-model.js';
import type { LaunchSpec, Profile } from './trajectory.js';

const ProfileSchema = Type.Union([
  Type.Literal('minimum-energy'),
  Type.Literal('lofted'),
  Type.Literal('depressed'),
]);
// The schema lists exactly trajectory.ts's profiles: a compile error when one side changes.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const profilesMatch: Same<Static<typeof ProfileSchema>, Profile> = true;

const ScenarioLaunchSchema = Type.Object({
  target: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
  azimuthDeg: Type.Number(),
  rangeKm: Type.Number({ exclusiveMinimum: 0 }),
  t0: Type.Number(),
  profile: ProfileSchema,
});
export type ScenarioLaunch = Static<typeof ScenarioLaunchSchema>;

const ScenarioSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  name: Type.String(),
  network: Type.String(),
  clutterScale: Type.Optional(Type.Number({ minimum: 0 })),
  launches: Type.Optional(Type.Array(ScenarioLaunchSchema)),
  generator: Type.Optional(
    Type.Object({
      count: Type.Integer({ minimum: 0 }),
      rangeKm: Type.Tuple([Type.Number(), Type.Number()]),
      windowS: Type.Number({ minimum: 0 }),
      profiles: Type.Array(ProfileSchema, { minItems: 1 }),
    }),
  ),
});
export type Scenario = Static<typeof ScenarioSchema>;

const ScenariosFileSchema = Type.Object({ scenarios: Type.Array(ScenarioSchema) });
const NetworksFileSchema = Type.Object({ networks: Type.Array(SensorNetworkSchema) });

export const DATA_DIR = fileURLToPath(new URL('../../data/warning/', import.meta.url));

/**
 * The sensor networks of data/warning/networks.json, checked: every sensor's kind must be one of
 * `SENSOR_SCHEMAS` and its fields must match that kind's schema (an unknown kind is an error naming
 * the file and the field, never simulated as another kind).
 */
export function loadNetworks(dir = DATA_DIR): SensorNetwork[] {
  const file = dir + 'networks.json';
  const { networks } = loadDataFile(file, NetworksFileSchema);
  const problems: string[] = [];
  networks.forEach((network, networkIndex) =>
    network.sensors.forEach((sensor, sensorIndex) => {
      const pointer = `/networks/${networkIndex}/sensors/${sensorIndex}`;
      if (!isSensorKind(sensor.kind))
        problems.push(
          `${pointer}/kind: unknown sensor kind '${sensor.kind}' (known: ${Object.keys(SENSOR_SCHEMAS).join(', ')})`,
        );
      else problems.push(...schemaProblems(SENSOR_SCHEMAS[sensor.kind], sensor, pointer));
    }),
  );
  if (problems.length) throw new DataFileError(file, problems);
  // Every sensor matched its kind's schema just above: the filter keeps them all, now typed.
  return networks.map((network) => ({
    ...network,
    sensors: network.sensors.filter(isSensorConfig),
  }));
}

/** True when a sensor's fields match the schema of its kind. */
const isSensorConfig = (sensor: { kind: string }): sensor is SensorConfig =>
  isSensorKind(sensor.kind) && Value.Check(SENSOR_SCHEMAS[sensor.kind], sensor);

export function loadScenarios(dir = DATA_DIR): Scenario[] {
  return loadDataFile(dir + 'scenarios.json', ScenariosFileSchema).scenarios;
}

export function getNetwork(id: string, dir = DATA_DIR): SensorNetwork {
  const n = loadNetworks(dir).find((x) => x.id === id);
  if (!n) throw notFound('sensor network', id);
  return n;
}

export function getScenario(id: string, dir = DATA_DIR): Scenario {
  const s = loadScenarios(dir).find((x) => x.id === id);
  if (!s) throw notFound('scenario', id);
  return s;
}

/** A uniformly random point inside a state's territory (rejection sampling in its bounding box). */
export function randomPointIn(iso3: string, rng: Prng): { lat: number; lon: number } {
  const t = loadTerritories().get(iso3);
  if (!t) throw notFound('territory', iso3);
  for (let i = 0; i < 10000; i++) {
    const lat = rng.uniform(t.bbox.minLat, t.bbox.maxLat),
      lon = rng.uniform(t.bbox.minLon, t.bbox.maxLon);
    if (territoryContains(t, lat, lon)) return { lat, lon };
  }
  throw new Error(`could not sample a point in ${iso3}`);
}

/**
 * A generated regional salvo: `count` launches within `windowS` seconds, ranges uniform in 300–3,000 km,
 * the three profiles in equal odds. The recall benchmark's exercise (6 launches in 60 s, clutter as
 * configured) by default; the slow regressions traced from that benchmark and the throughput bench use it
 * with their own count, window and clutter.
 */
export function generatedScenario(
  network: string,
  { count = 6, windowS = 60, clutterScale = 1, id = 'generated' } = {},
): Scenario {
  return {
    id,
    name: id,
    network,
    clutterScale,
    generator: {
      count,
      rangeKm: [300, 3000],
      windowS,
      profiles: ['minimum-energy', 'lofted', 'depressed'],
    },
  };
}

/**
 * Launch specifications for a scenario and seed. Generated launches aim at random points in random
 * members' territories from a random azimuth and range: launch points are geometry, not states.
 */
export function scenarioLaunches(s: Scenario, members: string[], seed: number): LaunchSpec[] {
  const rng = new Prng(seed ^ 0x5bd1e995);
  const fixed = (s.launches ?? []).map((l, i) => toSpec(`L${i + 1}`, l));
  if (!s.generator) return fixed;
  const g = s.generator;
  const out = [...fixed];
  for (let i = 0; i < g.count; i++) {
    const member = members[rng.int(members.length)];
    const l: ScenarioLaunch = {
      target: randomPointIn(member, rng),
      azimuthDeg: rng.uniform(0, 360),
      rangeKm: rng.uniform(g.rangeKm[0], g.rangeKm[1]),
      t0: 10 + rng.uniform(0, g.windowS),
      profile: g.profiles[rng.int(g.profiles.length)],
    };
    out.push(toSpec(`L${out.length + 1}`, l));
  }
  return out;
}

function toSpec(id: string, l: ScenarioLaunch): LaunchSpec {
  const p = geodesicDirect(l.target.lat, l.target.lon, l.azimuthDeg, l.rangeKm * 1000);
  return { id, launch: p, target: l.target, t0: l.t0, profile: l.profile };
}
