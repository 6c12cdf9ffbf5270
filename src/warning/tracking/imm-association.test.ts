import { describe, expect, it } from 'vitest';
import { Tracker } from '../tracker.js';
import { defaultTrackerConfig, parseTrackerConfig } from '../tracker-config.js';
import {
  ballisticClutterScenario,
  clutterDensity,
  DEFAULT_BALLISTIC_CLUTTER,
  runBallisticClutter,
} from './ballistic-clutter.js';
import { createTracker } from './create-tracker.js';
import { MhtTracker } from './mht.js';

// #18: the IMM (boost / free flight / re-entry) with JPDA (IMM-JPDA) and with MHT (a full IMM per
// hypothesis), next to GNN. Short runs here; the whole flight in clutter is imm-association.slow.test.ts.
describe('#18 IMM with JPDA and MHT', () => {
  it("config: filter 'imm' is accepted with every association method; what stays unsupported is refused by name", () => {
    for (const method of ['gnn', 'jpda', 'mht'] as const) {
      const cfg = parseTrackerConfig({ filter: 'imm', association: { method } });
      expect(cfg).toMatchObject({ imm: true, filter: 'ekf', association: { method } });
    }
    expect(
      createTracker(parseTrackerConfig({ filter: 'imm', association: { method: 'mht' } })),
    ).toBeInstanceOf(MhtTracker);
    expect(
      createTracker(parseTrackerConfig({ filter: 'imm', association: { method: 'jpda' } })),
    ).toBeInstanceOf(Tracker);
    // Still refused: the IMM outside the ballistic model and the Tracker class asked for MHT.
    // Sensor-bias estimation is taken with JPDA and MHT (every hypothesis carries the augmented
    // state; sensor-bias.test.ts).
    expect(() =>
      parseTrackerConfig({ model: 'cv3', filter: 'imm', association: { method: 'jpda' } }),
    ).toThrow(/ballistic/);
    for (const method of ['jpda', 'mht'] as const)
      expect(
        parseTrackerConfig({ filter: 'imm', sensorBias: true, association: { method } }).sensorBias,
      ).toBeDefined();
    expect(
      createTracker(
        parseTrackerConfig({ filter: 'imm', sensorBias: true, association: { method: 'mht' } }),
      ),
    ).toBeInstanceOf(MhtTracker);
    const mht = parseTrackerConfig({ filter: 'imm', association: { method: 'mht' } });
    expect(() => new Tracker(mht)).toThrow(/GNN or JPDA/);
    expect(() => new MhtTracker({ ...mht, model: 'cv3' })).toThrow(/ballistic/);
    expect(() => new Tracker({ ...defaultTrackerConfig('cv3'), imm: true })).toThrow(/IMM/);
  });

  it('the first 100 s of a shot in clutter: IMM-JPDA and IMM-MHT hold the missile, with mode probabilities that favour boost while it boosts', () => {
    // 2 clutter reports a scan in a 20 km cube around the missile (boost ends at 70 s).
    const o = { ...DEFAULT_BALLISTIC_CLUTTER, seed: 4, clutterRate: 2 };
    const full = ballisticClutterScenario(o);
    const sc = { ...full, scans: full.scans.filter((s) => s[0].time <= 100) };
    for (const method of ['jpda', 'mht'] as const) {
      const cfg = parseTrackerConfig({
        filter: 'imm',
        association: { method, jpda: { pD: o.pD, clutterDensity: clutterDensity(o) } },
      });
      // Scored from 50 s: a confirmed track within 3 km of the missile at every scan.
      const r = runBallisticClutter(sc, cfg, { settleS: 40 });
      expect(r.coverage, method).toBe(1);
      expect(r.rmseM, method).toBeLessThan(1000);
      // 50–70 s (boost): the boost mode carries most of the probability.
      expect(r.modeMatch!.boost, method).toBeGreaterThan(0.7);
      for (const tr of r.tracker.tracks.values()) {
        expect(tr.imm, method).toBeDefined();
        expect(tr.imm!.mu.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      }
    }
  });
});
