import { describe, expect, it } from 'vitest';
import { parseTrackerConfig } from '../tracker-config.js';
import { radarBiasConsistency } from './phase-consistency.js';
import { referenceShot } from '../trajectory.js';

// #18 NEES in boost: the bench's acceptance cell (`npm run bench -- warning-bias`, table 'prior', 50
// runs, seed 1) for the depressed profile through the Tracker. Before the IMM's boost modes carried
// the thrust acceleration as a state (white-acceleration q 4000 instead), this boost NEES was
// under-confident: 4.86 without bias and 4.95 with bias and estimation, below 5.08.
describe('#18 IMM boost with a thrust-acceleration state', () => {
  it(
    'depressed: boost NEES inside the 95% bounds without bias and with bias and estimation',
    { timeout: 900_000 },
    () => {
      const prior = { range: 20, az: 0.01, el: 0.01 };
      const gate = { probability: 0.999999 };
      const out = radarBiasConsistency(
        {
          spec: referenceShot('depressed', 5000),
          runs: 50,
          periodS: 2,
          seed: 1,
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
      const boost = [out.unbiased.figures[0], out.biasedEstimated.figures[0]];
      console.log(`#18 IMM boost depressed: ${JSON.stringify(boost)}`);
      for (const f of boost) {
        expect(f.phase).toBe('boost');
        expect(f.anees).toBeGreaterThan(f.bounds[0]);
        expect(f.anees).toBeLessThan(f.bounds[1]);
        expect(f.rmse / f.sqrtPcrlb).toBeLessThanOrEqual(1.2);
      }
    },
  );
});
