import { describe, expect, it } from 'vitest';
import type { Measurement } from '../measurement.js';
import { parseTrackerConfig } from '../tracker-config.js';
import {
  ballisticClutterScenario,
  clutterDensity,
  DEFAULT_BALLISTIC_CLUTTER,
} from './ballistic-clutter.js';
import { MhtTracker } from './mht.js';

// The MHT's reuse of a hypothesis' prediction when the same filter state is predicted to the same
// time again (a miss branch keeps its parent's state, so a second sensor's scan at the same time asks
// for the parent's prediction) must not change a single number: the tracker is run beside its
// reference path (nothing reused) on the IMM-MHT bench's scenario (a ballistic shot in clutter,
// seeded) and every output is compared exactly.
const o = { ...DEFAULT_BALLISTIC_CLUTTER, clutterRate: 4 };
const jpda = { pD: o.pD, clutterDensity: clutterDensity(o) };

/** Each scan's reports split between two sensors reporting at the same time (even / odd reports). */
function twoSensors(scans: Measurement[][]): Measurement[][] {
  return scans.flatMap((scan) =>
    [
      scan.filter((_, i) => i % 2 === 0),
      scan.filter((_, i) => i % 2 === 1).map((m) => ({ ...m, sensor: 'radar-b' })),
    ].filter((s) => s.length),
  );
}

function compare(config: Record<string, unknown>, scans: Measurement[][]) {
  const c = parseTrackerConfig({ ...config, association: { method: 'mht', jpda } });
  const fast = new MhtTracker(c);
  const reference = new MhtTracker(c, 'T', true);
  const snapshot = (tk: MhtTracker) =>
    [...tk.tracks.values()].map((t) => ({ ...t, sensors: [...t.sensors] }));
  let events = 0;
  for (const scan of scans) {
    const a = fast.processScan(scan),
      b = reference.processScan(scan);
    expect(a).toStrictEqual(b);
    expect(fast.prune(scan[0].time)).toStrictEqual(reference.prune(scan[0].time));
    expect(snapshot(fast)).toStrictEqual(snapshot(reference));
    events += a.length;
  }
  expect(fast.stats).toStrictEqual(reference.stats);
  expect(fast.sensorBiases()).toStrictEqual(reference.sensorBiases());
  expect(reference.predictionsReused).toBe(0);
  return { fast, events };
}

describe('#18 MHT: reused predictions change no result', () => {
  const scenario = ballisticClutterScenario({ ...o, seed: 1 });
  // The first 25 scans (50 s of boost, the clutter's tracks inside the
  // atmosphere, where the IMM's prediction is the sigma-point one through drag).
  const scans = scenario.scans.slice(0, 25);

  it('IMM-MHT, one sensor: the same events, tracks (with their IMM states) and stats', () => {
    const { fast, events } = compare({ filter: 'imm' }, scans);
    expect(events).toBeGreaterThan(5);
    // One sensor, a scan every 2 s: no state is predicted to the same time twice.
    expect(fast.predictionsReused).toBe(0);
  }, 120_000);

  it('IMM-MHT and EKF-MHT with sensor-bias estimation, two sensors at the same times: the same results, with predictions reused', () => {
    const two = twoSensors(scans);
    const imm = compare({ filter: 'imm' }, two);
    expect(imm.events).toBeGreaterThan(5);
    expect(imm.fast.predictionsReused).toBeGreaterThan(100);
    const bias = compare({ filter: 'ekf', sensorBias: { ecefM: 200 } }, two);
    expect(bias.fast.predictionsReused).toBeGreaterThan(100);
    expect(bias.fast.sensorBiases().length).toBeGreaterThan(0);
  }, 120_000);
});
