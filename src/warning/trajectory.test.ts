import { describe, expect, it } from 'vitest';
import { ecefToGeodetic } from '../geo/wgs84.js';
import { geodesicDistance } from '../geo/geodesic.js';
import { planTrajectory, type Profile } from './trajectory.js';
import { simulateExercise } from './simulator.js';
import { getNetwork, getScenario, scenarioLaunches } from './scenarios.js';
import { Prng } from './prng.js';

const spec = (rangeKm: number, profile: Profile = 'minimum-energy') => ({
  id: 'x',
  launch: { lat: 20, lon: 40 },
  target: { lat: 20, lon: 40 + rangeKm / 104.6 },
  t0: 0,
  profile,
});
const apogee = (tr: ReturnType<typeof planTrajectory>) => {
  let h = 0;
  for (let t = 0; t < tr.flightTime; t += 2)
    h = Math.max(h, ecefToGeodetic(tr.stateAt(t)!.slice(0, 3) as [number, number, number]).h);
  return h;
};

describe('ballistic trajectories on a rotating WGS84 Earth with J2', () => {
  it('hits the aim point from 300 to 3,000 km, every profile', () => {
    for (const r of [300, 1000, 3000])
      for (const p of ['minimum-energy', 'lofted', 'depressed'] as Profile[]) {
        const tr = planTrajectory(spec(r, p));
        expect(tr.aimError).toBeLessThan(10);
        expect(geodesicDistance(tr.impact.lat, tr.impact.lon, 20, 40 + r / 104.6)).toBeLessThan(50);
      }
  });
  it('free-flight times are close to the textbook minimum-energy figures (4.2 min at 300 km, 7.9 at 1,000)', () => {
    const ff = (r: number) => {
      const tr = planTrajectory(spec(r));
      return (tr.flightTime - tr.tb) / 60;
    };
    expect(ff(300)).toBeGreaterThan(4.2 * 0.9);
    expect(ff(300)).toBeLessThan(4.2 * 1.15);
    expect(ff(1000)).toBeGreaterThan(7.9 * 0.9);
    expect(ff(1000)).toBeLessThan(7.9 * 1.15);
  });
  it('lofted flies higher and longer than minimum energy, depressed lower and shorter', () => {
    const [me, lo, de] = (['minimum-energy', 'lofted', 'depressed'] as Profile[]).map((p) =>
      planTrajectory(spec(1000, p)),
    );
    expect(apogee(lo)).toBeGreaterThan(apogee(me));
    expect(apogee(de)).toBeLessThan(apogee(me));
    expect(lo.flightTime).toBeGreaterThan(me.flightTime);
    expect(de.flightTime).toBeLessThan(me.flightTime);
  });
  it('starts at rest on the ground and is continuous at burnout', () => {
    const tr = planTrajectory(spec(600));
    const s0 = tr.stateAt(0)!;
    expect(Math.hypot(s0[3], s0[4], s0[5])).toBeLessThan(1e-6);
    const a = tr.stateAt(tr.tb - 1e-6)!,
      b = tr.stateAt(tr.tb + 1e-6)!;
    expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeLessThan(1);
    expect(tr.stateAt(-1)).toBeNull();
    expect(tr.stateAt(tr.flightTime + 1)).toBeNull();
  });
});

describe('exercise simulator', () => {
  it('is deterministic from the seed and different across seeds', () => {
    const net = getNetwork('gulf-illustrative');
    const launches = scenarioLaunches(getScenario('single-short'), net.members, 7);
    const a = simulateExercise(net, launches, { seed: 7, epoch: 1.7e9 });
    const b = simulateExercise(net, launches, { seed: 7, epoch: 1.7e9 });
    const c = simulateExercise(net, launches, { seed: 8, epoch: 1.7e9 });
    expect(a.reports).toEqual(b.reports);
    expect(a.reports).not.toEqual(c.reports);
    expect(a.reports.some((r) => r.truth === null)).toBe(true); // clutter
    expect(a.reports.some((r) => r.kind === 'ecef' && r.boost)).toBe(true); // space-based launch detection
    // Network delay reorders reports: some arrive after a later-measured one.
    expect(a.reports.some((r, i) => i > 0 && r.time < a.reports[i - 1].time)).toBe(true);
  });
  it('generated launches aim inside members’ territories at 300–3,000 km', () => {
    const net = getNetwork('gulf-illustrative');
    const ls = scenarioLaunches(getScenario('busy'), net.members, 3);
    expect(ls).toHaveLength(40);
    for (const l of ls) {
      const d = geodesicDistance(l.launch.lat, l.launch.lon, l.target.lat, l.target.lon) / 1000;
      expect(d).toBeGreaterThan(299);
      expect(d).toBeLessThan(3001);
    }
  });
  it('the PRNG is uniform and normal enough', () => {
    const r = new Prng(1);
    let s = 0,
      s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });
});
