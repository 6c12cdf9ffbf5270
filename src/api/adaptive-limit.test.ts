import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from './adaptive-limit.js';

/** Fills the limiter: how many of `n` arrivals got a slot. */
const admit = (limit: AdaptiveLimit, n: number, now = 0) => {
  let admitted = 0;
  for (let i = 0; i < n; i++) if (limit.tryAcquire(now)) admitted++;
  return admitted;
};

describe('#16.11 adaptive in-flight limit (AIMD on answer latency)', () => {
  it('admits up to the limit and refuses the rest at once', () => {
    const limit = new AdaptiveLimit({ min: 2, max: 8, targetMs: 100 });
    expect(admit(limit, 20)).toBe(8);
    expect(limit.inFlight).toBe(8);
  });

  it('a late round cuts the limit once, not once per late answer', () => {
    const limit = new AdaptiveLimit({ min: 2, max: 100, targetMs: 100, decrease: 0.5 });
    admit(limit, 100);
    // All 100 started at t=0 and are answered at t=1000: late. Only the first cuts (they all started
    // before the cut), so the limit halves once.
    for (let i = 0; i < 100; i++) limit.release(0, 1000);
    expect(limit.limit).toBe(50);
    // Requests that started after the cut, late again while the node is crowded, cut again.
    expect(admit(limit, 50, 1001)).toBe(50);
    limit.release(1001, 2000);
    expect(limit.limit).toBe(25);
  });

  it('a lone slow request on a quiet node cuts nothing', () => {
    const limit = new AdaptiveLimit({ min: 2, max: 64, targetMs: 100 });
    for (let i = 0; i < 50; i++) {
      expect(limit.tryAcquire(i * 1000)).toBe(true);
      limit.release(i * 1000, i * 1000 + 30_000); // a 30-s import, alone
    }
    expect(limit.limit).toBe(64);
  });

  it('never goes below min, and climbs back by about one slot per round of timely answers while full', () => {
    const limit = new AdaptiveLimit({ min: 4, max: 64, targetMs: 100, decrease: 0.5 });
    let t = 0;
    for (let round = 0; round < 20; round++) {
      const n = admit(limit, 1000, t);
      t += 1000;
      for (let i = 0; i < n; i++) limit.release(t - 500, t); // late, started after the previous cut
    }
    expect(limit.limit).toBe(4);
    // Timely answers while the limit is what holds requests back: +1/limit each, so +1 per full round.
    for (let round = 0; round < 10; round++) {
      const n = admit(limit, 1000, t);
      expect(n).toBe(limit.limit - (limit.inFlight - n));
      for (let i = 0; i < n; i++) limit.release(t, t + 10);
      t += 10;
    }
    expect(limit.limit).toBeGreaterThanOrEqual(13);
    expect(limit.limit).toBeLessThanOrEqual(15);
  });

  it('timely answers while the node is not full do not raise the limit past what was ever needed', () => {
    const limit = new AdaptiveLimit({ min: 2, max: 32, targetMs: 100, decrease: 0.5 });
    admit(limit, 32);
    for (let i = 0; i < 32; i++) limit.release(0, 1000); // cut to 16
    expect(limit.limit).toBe(16);
    for (let i = 0; i < 1000; i++) {
      admit(limit, 1, 2000 + i);
      limit.release(2000 + i, 2001 + i); // one at a time: never full
    }
    expect(limit.limit).toBe(16);
  });

  it('starts at `initial` and doubles per round of timely answers (slow start) until the first cut', () => {
    const limit = new AdaptiveLimit({ min: 4, max: 256, targetMs: 100, initial: 32 });
    expect(admit(limit, 1000, 0)).toBe(32);
    // A round: every admitted request answered in time while others were refused.
    const round = (t: number) => {
      const n = limit.inFlight;
      for (let i = 0; i < n; i++) limit.release(t - 10, t);
      return admit(limit, 1000, t);
    };
    expect(round(50)).toBe(64);
    expect(round(100)).toBe(128);
    expect(round(150)).toBe(256);
    expect(round(200)).toBe(256);
    // A late round while crowded cuts once; growth is additive afterwards (about one per round).
    const n = limit.inFlight;
    for (let i = 0; i < n; i++) limit.release(250, 1000);
    expect(limit.limit).toBe(179);
    admit(limit, 1000, 1000);
    for (let i = 0; i < 179; i++) limit.release(990, 1000);
    expect(limit.limit).toBe(180);
  });

  it('refuses impossible settings', () => {
    expect(() => new AdaptiveLimit({ min: 2, max: 8, targetMs: 100, initial: 1 })).toThrow(
      RangeError,
    );
    expect(() => new AdaptiveLimit({ min: 2, max: 8, targetMs: 100, initial: 9 })).toThrow(
      RangeError,
    );
    expect(() => new AdaptiveLimit({ min: 0, max: 8, targetMs: 100 })).toThrow(RangeError);
    expect(() => new AdaptiveLimit({ min: 9, max: 8, targetMs: 100 })).toThrow(RangeError);
    expect(() => new AdaptiveLimit({ min: 1, max: 8, targetMs: 0 })).toThrow(RangeError);
  });
});
