import { describe, expect, it } from 'vitest';
import { patternIssues } from './pattern.js';

// In the slow tier, which runs each file in its own process: process.cpuUsage() counts the whole process,
// so in the unit tier's worker threads another file's work would be charged to this measurement.
describe('STIX pattern validation cost', () => {
  it('is roughly linear in the pattern length', () => {
    const make = (n: number) =>
      `[${Array.from({ length: n }, (_, i) => `file:size = ${i}`).join(' OR ')}]`;
    // A complexity guard, not a speed target. CPU time of this thread (wall time is stretched at
    // random on a busy machine), best of three. Sizes 64x apart: a linear parser costs ~64x, up to
    // ~4x more once the tree outgrows the caches and the young generation (measured here: 0.8 µs
    // per comparison at 10,000, 3.5 µs from 40,000 on); a quadratic one would cost ~4,096x.
    const cpuMs = (pattern: string) => {
      let best = Infinity;
      for (let round = 0; round < 3; round++) {
        const before = process.cpuUsage();
        patternIssues(pattern);
        const used = process.cpuUsage(before);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      return best;
    };
    cpuMs(make(1000)); // warm up the JIT
    const small = cpuMs(make(1000));
    const large = cpuMs(make(64_000));
    expect(large).toBeLessThan(Math.max(small, 0.5) * 64 * 16);
  });
});
