import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTerritories, territoryContains } from '../geo/countries.js';
import { geodesicDirect } from '../geo/geodesic.js';
import { notFound } from '../core/errors.js';
import { Prng } from './prng.js';
import type { SensorNetwork } from './sensor-model.js';
import type { LaunchSpec, Profile } from './trajectory.js';

export interface ScenarioLaunch {
  target: { lat: number; lon: number };
  azimuthDeg: number;
  rangeKm: number;
  t0: number;
  profile: Profile;
}

export interface Scenario {
  id: string;
  name: string;
  network: string;
  clutterScale?: number;
  launches?: ScenarioLaunch[];
  generator?: { count: number; rangeKm: [number, number]; windowS: number; profiles: Profile[] };
}

export const DATA_DIR = fileURLToPath(new URL('../../data/warning/', import.meta.url));

export function loadNetworks(dir = DATA_DIR): SensorNetwork[] {
  return (JSON.parse(readFileSync(dir + 'networks.json', 'utf8')) as { networks: SensorNetwork[] })
    .networks;
}

export function loadScenarios(dir = DATA_DIR): Scenario[] {
  return (JSON.parse(readFileSync(dir + 'scenarios.json', 'utf8')) as { scenarios: Scenario[] })
    .scenarios;
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
