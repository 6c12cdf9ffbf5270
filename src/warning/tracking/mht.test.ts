import { describe, expect, it } from 'vitest';
import type { Measurement } from '../measurement.js';
import { parseTrackerConfig } from '../tracker-config.js';
import { createTracker } from './create-tracker.js';
import { MhtTracker } from './mht.js';

const R = [
  [1, 0],
  [0, 1],
];
const cfg = parseTrackerConfig({
  model: 'cv2',
  initiation: { m: 3, n: 3, velocitySigma: 5 },
  deletion: { maxCoastS: 2.5, tentativeMaxCoastS: 2.5 },
  association: {
    method: 'mht',
    jpda: { pD: 0.9, clutterDensity: 1e-4 },
    mht: { maxHypotheses: 5, nScan: 2 },
  },
});

describe('track-oriented MHT', () => {
  it('is what createTracker builds for association.method mht', () => {
    expect(createTracker(cfg)).toBeInstanceOf(MhtTracker);
  });

  it('two separate targets: two confirmed tracks with stable ids, hypotheses bounded', () => {
    const tk = new MhtTracker(cfg);
    const ids = new Set<string>();
    for (let k = 0; k < 15; k++) {
      const scan: Measurement[] = [
        { sensor: 's', time: k, z: [k, 0], R, boost: false, id: `a${k}` },
        { sensor: 's', time: k, z: [100 - k, 50], R, boost: false, id: `b${k}` },
      ];
      tk.processScan(scan);
      tk.prune();
      if (k >= 3) for (const t of tk.tracks.values()) if (t.status === 'confirmed') ids.add(t.id);
    }
    const confirmed = [...tk.tracks.values()].filter((t) => t.status === 'confirmed');
    expect(confirmed).toHaveLength(2);
    expect(ids.size).toBe(2); // the same two ids throughout
    const a = confirmed.find((t) => t.x[1] < 25)!;
    expect(a.x[0]).toBeCloseTo(14, 0);
    expect(a.x[2]).toBeCloseTo(1, 0); // vx ≈ 1 m/s
  });

  it('a target that stops being seen is deleted after the coast limit', () => {
    const tk = new MhtTracker(cfg);
    const events = [];
    for (let k = 0; k < 10; k++) {
      const scan: Measurement[] = [{ sensor: 's', time: k, z: [100, 100], R, boost: false }];
      if (k < 5) scan.push({ sensor: 's', time: k, z: [k, 0], R, boost: false });
      events.push(...tk.processScan(scan), ...tk.prune());
    }
    expect(events.some((e) => e.status === 'deleted' && e.reason === 'coasted')).toBe(true);
    expect([...tk.tracks.values()].filter((t) => t.status === 'confirmed')).toHaveLength(1);
  });
});
