import { describe, expect, it } from 'vitest';
import { ManualClock, microsOf, systemClock, systemMicros } from './clock.js';

describe('clock microseconds', () => {
  it('the system clock reads microseconds that never decrease', () => {
    let prev = microsOf(systemClock);
    for (let i = 0; i < 20_000; i++) {
      const us = microsOf(systemClock);
      expect(us).toBeGreaterThanOrEqual(prev);
      prev = us;
    }
  });
  it('follows the wall clock when it is set, and back', () => {
    const near = (wallMs: () => number, read: () => number) => {
      // Bounded: a reading pair the process was paused between is not compared (see systemMicros).
      for (let i = 0; i < 1000; i++) {
        const us = read();
        if (Math.abs(us - wallMs() * 1000) < 2000) return true;
      }
      return false;
    };
    const set = Date.now() + 60_000;
    expect(
      near(
        () => set,
        () => systemMicros(set),
      ),
    ).toBe(true);
    expect(
      near(
        () => Date.now(),
        () => systemMicros(),
      ),
    ).toBe(true);
  });
  it('a manual clock keeps fractions of a millisecond, and a clock without micros gives ms × 1000', () => {
    const c = new ManualClock(5);
    c.advance(0.25);
    expect(c.micros()).toBe(5250);
    expect(c.now().getTime()).toBe(5);
    expect(microsOf({ now: () => new Date(7) })).toBe(7000);
  });
});
