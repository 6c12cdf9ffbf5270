// GNN, JPDA and MHT on two crossing targets (#18): 40 noise seeds each at a 53° crossing (vy = 1 m/s)
// and a 28° one (vy = 0.5 m/s). What each does, measured (docs/benchmarks.md has the counts):
// at 53° GNN swaps in a few runs, JPDA and MHT in no more; at 28° the two paths stay within the noise
// for several scans and every method swaps in a sizeable share of runs (the crossing is ambiguous).
import { describe, expect, it } from 'vitest';
import { runTrackCommand } from '../track-command.js';
import { parseTrackerConfig } from '../tracker-config.js';
import { crossingOutcome, crossingScenario } from './crossing.js';

const base = {
  model: 'cv2',
  processNoise: { q: 0.05, qBoost: 0.05, boostHoldS: 0 },
  initiation: { m: 3, n: 3, velocitySigma: 5 },
  deletion: { maxCoastS: 2.5, tentativeMaxCoastS: 2.5 },
};
const methods = {
  gnn: { method: 'gnn', confirmedFirst: true },
  jpda: { method: 'jpda', jpda: { pD: 0.9, clutterDensity: 1e-4 } },
  mht: {
    method: 'mht',
    jpda: { pD: 0.9, clutterDensity: 1e-4 },
    mht: { maxHypotheses: 10, nScan: 3 },
  },
};

async function swaps(association: object, vy: number) {
  let swapped = 0,
    lost = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const { lines, truth } = crossingScenario(seed, { vy });
    const out: string[] = [];
    async function* input() {
      for (const l of lines) yield l;
    }
    await runTrackCommand(
      input(),
      parseTrackerConfig({ ...base, association }),
      { write: (l) => out.push(l), warn: () => {} },
      { coasted: true },
    );
    const r = crossingOutcome(out, truth);
    if (r.swapped) swapped++;
    lost += r.lost;
  }
  return { swapped, lost };
}

describe('crossing targets: GNN, JPDA, MHT', () => {
  it(
    'at 53°: JPDA and MHT swap in no more runs than GNN, GNN swaps in some; all keep both targets',
    { timeout: 600_000 },
    async () => {
      const g = await swaps(methods.gnn, 1),
        j = await swaps(methods.jpda, 1),
        m = await swaps(methods.mht, 1);
      expect(g.swapped).toBeGreaterThan(0);
      expect(j.swapped).toBeLessThan(g.swapped);
      expect(m.swapped).toBeLessThan(g.swapped);
      // a target without a confirmed track within 10 m at the two check times: at most one of 160
      for (const r of [g, j, m]) expect(r.lost).toBeLessThanOrEqual(1);
    },
  );

  it(
    'at 28° every method swaps in a sizeable share of runs (documented, not a success)',
    { timeout: 600_000 },
    async () => {
      for (const a of Object.values(methods))
        expect((await swaps(a, 0.5)).swapped).toBeGreaterThanOrEqual(5);
    },
  );
});
