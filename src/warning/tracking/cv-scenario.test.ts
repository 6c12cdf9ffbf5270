import { describe, expect, it } from 'vitest';
import { cvScenarioLines, generateCvScenario } from './cv-scenario.js';

describe('seeded 2-D constant-velocity scenario with clutter', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(generateCvScenario({ seed: 4 })).toEqual(generateCvScenario({ seed: 4 }));
    expect(generateCvScenario({ seed: 5 }).scans).not.toEqual(
      generateCvScenario({ seed: 4 }).scans,
    );
  });

  it('detects live targets with about pD and adds about clutterRate clutter per scan', () => {
    let alive = 0,
      hits = 0,
      clutter = 0,
      scans = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const sc = generateCvScenario({ seed });
      sc.scans.forEach((s, k) => {
        scans++;
        alive += sc.truths[k].length;
        hits += s.detections.filter((d) => d.truth).length;
        clutter += s.detections.filter((d) => !d.truth).length;
        // a detection of a target lies near it (σ = 2 m: 8 m is 4σ per axis)
        for (const d of s.detections.filter((x) => x.truth)) {
          const t = sc.truths[k].find((x) => x.id === d.truth)!;
          expect(Math.hypot(d.z[0] - t.x[0], d.z[1] - t.x[1])).toBeLessThan(20);
        }
      });
    }
    // 20 runs × 100 scans: binomial / Poisson spread is far inside these margins.
    expect(hits / alive).toBeGreaterThan(0.88);
    expect(hits / alive).toBeLessThan(0.92);
    expect(clutter / scans).toBeGreaterThan(9.6);
    expect(clutter / scans).toBeLessThan(10.4);
  });

  it('writes tahaluf track input: pos detections with ids, an empty scan when nothing was seen', () => {
    const sc = generateCvScenario({
      seed: 1,
      clutterRate: 0,
      targets: 1,
      pD: 0.5,
      scans: 20,
      birthWithin: 1,
      lifeMin: 20,
      lifeMax: 20,
    });
    const lines = cvScenarioLines(sc).map((l) => JSON.parse(l) as Record<string, unknown>);
    const empties = sc.scans.filter((s) => s.detections.length === 0).length;
    expect(empties).toBeGreaterThan(0);
    expect(lines.filter((l) => l.empty === true)).toHaveLength(empties);
    expect(lines.find((l) => l.kind === 'pos')).toMatchObject({
      sensor: 'S1',
      R: [
        [4, 0],
        [0, 4],
      ],
    });
  });
});
