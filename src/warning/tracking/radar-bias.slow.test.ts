import { describe, expect, it } from 'vitest';
import { parseTrackerConfig } from '../tracker-config.js';
import { DEFAULT_IMM } from './imm.js';
import { radarBiasConsistency } from './phase-consistency.js';
import { referenceShot } from '../trajectory.js';

// #18.8 sensor bias through the Tracker: two radars with range/azimuth/elevation biases drawn per run
// from the estimator's prior, IMM with and without `sensorBias`; figures in docs/benchmarks.md
// (`npm run bench -- warning-bias`, 50 runs). Here 20 runs per profile, seeded, generous bounds. The
// truth's drag κ = 1/β is drawn per run from the filter's prior (`truthDrag: 'prior'`, a Bayesian
// consistency check: a NEES test is valid only for truths drawn from the filter's own prior; before
// 5 Dec this test used one β 5,000 kg/m², half a σ from the prior's mean, in every run).
describe('#18.8 radar bias: NEES through the tracker with and without bias estimation', () => {
  for (const profile of ['minimum-energy', 'lofted', 'depressed'] as const)
    it(
      `${profile}: with estimation the biased reports give a consistent free flight and re-entry, never over-confident; without it free flight is over-confident`,
      { timeout: 600_000 },
      () => {
        const prior = { range: 20, az: 0.01, el: 0.01 };
        const gate = { probability: 0.999999 };
        const out = radarBiasConsistency(
          {
            spec: referenceShot(profile, 5000),
            runs: 20,
            periodS: 2,
            seed: 7,
            sites: [
              { lat: 21.5, lon: 46, h: 0 },
              { lat: 23, lon: 50.5, h: 0 },
            ],
            sigma: { range: 50, az: 0.05, el: 0.05 },
            bias: { draw: prior },
            truthDrag: 'prior',
          },
          parseTrackerConfig({ filter: 'imm', gate }),
          parseTrackerConfig({ filter: 'imm', gate, sensorBias: prior }),
        );
        console.log(`#18.8 radar bias ${profile}: ${JSON.stringify(out)}`);
        expect(out.kappas).toHaveLength(20);
        expect(Math.min(...out.kappas)).toBeGreaterThanOrEqual(DEFAULT_IMM.drag!.kappaMin);
        expect(new Set(out.kappas).size).toBe(20);
        const [boost, ballistic, reentry] = out.biasedEstimated.figures;
        const [lo, hi] = ballistic.bounds;
        // Free flight: inside the 95% bounds of a 20-run average (margins of 10%).
        expect(ballistic.anees).toBeGreaterThan(0.9 * lo);
        expect(ballistic.anees).toBeLessThan(1.1 * hi);
        // Boost: not over-confident. Re-entry (#18: κ = 1/β estimated in the IMM's state): inside the
        // 95% bounds of a 20-run average with margins of 10%, with or without bias.
        expect(boost.anees).toBeLessThan(1.1 * hi);
        for (const f of [reentry, out.unbiased.figures[2]]) {
          expect(f.anees).toBeGreaterThan(0.9 * lo);
          expect(f.anees).toBeLessThan(1.1 * hi);
        }
        // The same reports without estimation: free flight grossly over-confident.
        expect(out.biased.figures[1].anees).toBeGreaterThan(1.5 * hi);
        expect(out.biased.figures[1].anees).toBeGreaterThan(2 * ballistic.anees);
        // RMSE within 1.2 of the no-bias bound in free flight and, without bias, in re-entry (its
        // bound: each run's truth's drag, κ unknown with the filter's prior); with bias and
        // estimation in re-entry within 5% of the unbiased case's ratio or of 1.2 (20 runs; 1.21 at
        // this seed for depressed, 1.15 in the 50-run bench). Boost within 1.25: a 20-run sample of
        // the 50-run bench's ≤ 1.2 (lofted with bias 1.22 here at seed 7 since the truth's κ is
        // drawn, which only reshuffles the boost's noise: κ is not used while climbing; 1.18 in
        // the bench).
        expect(boost.rmse / boost.sqrtPcrlb).toBeLessThanOrEqual(1.25);
        for (const f of [ballistic, out.unbiased.figures[2]])
          expect(f.rmse / f.sqrtPcrlb).toBeLessThanOrEqual(1.2);
        const unbiasedReentry = out.unbiased.figures[2];
        expect(reentry.rmse / reentry.sqrtPcrlb).toBeLessThanOrEqual(
          1.05 * Math.max(1.2, unbiasedReentry.rmse / unbiasedReentry.sqrtPcrlb),
        );
      },
    );
});
