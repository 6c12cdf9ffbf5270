import { describe, expect, it } from 'vitest';
import { phaseConsistency } from './phase-consistency.js';

// #18.8: NEES and RMSE/√PCRLB per flight phase, IMM vs the tracker's single-model EKF (process noise
// switched on boost), 50 Monte Carlo runs per trajectory; figures in docs/benchmarks.md.
describe('#18.8 consistency per flight phase', () => {
  for (const profile of ['minimum-energy', 'lofted', 'depressed'] as const)
    it(
      `${profile}: IMM NEES inside the 95% bounds in boost and free flight, not over-confident in re-entry, RMSE/√PCRLB ≤ 1.2 in every phase`,
      { timeout: 600_000 },
      () => {
        const out = phaseConsistency({
          spec: {
            id: 'm',
            launch: { lat: 20, lon: 45 },
            target: { lat: 24, lon: 52 },
            t0: 0,
            profile,
            beta: 5000,
          },
          runs: 50,
          sigmaM: 300,
          periodS: 2,
          seed: 1,
        });
        console.log(`#18.8 ${profile}: ${JSON.stringify(out)}`);
        const [boost, ballistic, reentry] = out.imm;
        for (const f of [boost, ballistic]) {
          expect(f.anees).toBeGreaterThan(f.bounds[0]);
          expect(f.anees).toBeLessThan(f.bounds[1]);
        }
        // Depressed re-entry is under-confident (4.4 < 5.08): on the safe side, documented.
        expect(reentry.anees).toBeLessThan(reentry.bounds[1]);
        for (const f of out.imm) expect(f.rmse / f.sqrtPcrlb).toBeLessThanOrEqual(1.2);
        // The single-model filter is over-confident in boost and diverges in re-entry (no drag).
        expect(boost.anees).toBeLessThan(out.single[0].anees);
        expect(out.single[2].anees).toBeGreaterThan(100);
      },
    );
});
