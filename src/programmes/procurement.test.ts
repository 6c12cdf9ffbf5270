import { describe, expect, it } from 'vitest';
import {
  bruteForceProposal,
  dataGaps,
  evaluate,
  greedyProposal,
  randomInstance,
  type ProcUnit,
} from './procurement.js';

describe('defence-industrial proposal: common standard closing data gaps', () => {
  it('a hand-worked instance: Link 16 on two units closes the most gaps', () => {
    const units: ProcUnit[] = [
      { key: 'a', member: 'SAU', dataLinks: ['link16'] },
      { key: 'b', member: 'SAU', dataLinks: ['link16'] },
      { key: 'c', member: 'QAT', dataLinks: ['link11'] },
      { key: 'd', member: 'OMN', dataLinks: [] },
    ];
    // Gaps: a-c, a-d, b-c, b-d, c-d (a-b share link16) = 5.
    expect(dataGaps(units).length).toBe(5);
    // Equip c and d with link16: all 5 gaps close; 2 members change (QAT, OMN).
    const best = bruteForceProposal(units, 2)!;
    expect(best).toMatchObject({
      standard: 'link16',
      changes: [
        { member: 'OMN', units: 1 },
        { member: 'QAT', units: 1 },
      ],
    });
    expect(best.closed.length).toBe(5);
    expect(best.gainers).toEqual(['OMN', 'QAT', 'SAU']);
    expect(greedyProposal(units, 2)!.closed.length).toBe(5);
    // One unit only: c or d with link16 closes 2 (with a and b).
    expect(bruteForceProposal(units, 1)!.closed.length).toBe(2);
    expect(evaluate(units, 'link11', ['d']).closed).toEqual([['c', 'd']]);
  });

  it('greedy against the brute-force optimum on 120 random instances of up to 12 units', () => {
    let sumRatio = 0,
      optimal = 0,
      worst = 1,
      n = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const size = 4 + (seed % 9); // 4..12 units
      const units = randomInstance(seed, size, 2 + (seed % 4), 2 + (seed % 3));
      const budget = 1 + (seed % 4);
      const opt = bruteForceProposal(units, budget);
      const gr = greedyProposal(units, budget);
      if (!opt) {
        expect(gr).toBeNull();
        continue;
      }
      // The greedy's proposal is feasible and never beats the optimum.
      expect(gr).not.toBeNull();
      expect(gr!.equip.length).toBeLessThanOrEqual(budget);
      expect(evaluate(units, gr!.standard, gr!.equip).closed).toEqual(gr!.closed);
      expect(gr!.closed.length).toBeLessThanOrEqual(opt.closed.length);
      const ratio = gr!.closed.length / opt.closed.length;
      sumRatio += ratio;
      worst = Math.min(worst, ratio);
      if (ratio === 1) optimal++;
      n++;
    }
    // Reported in docs/benchmarks.md (bench/procurement.bench.ts measures the same instances).
    expect(n).toBeGreaterThan(80);
    expect(sumRatio / n).toBeGreaterThanOrEqual(0.9);
    expect(worst).toBeGreaterThan(0);
    expect(optimal / n).toBeGreaterThan(0.5);
  });
});
