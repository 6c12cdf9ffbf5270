/** Injectable time source: deadlines, tracks and acts take time from here, never from Date directly. */
export interface Clock {
  now(): Date;
  /** Microseconds since the epoch, where the clock has them (TAXII `date_added`, #19.2); else `now()` × 1000. */
  micros?(): number;
}

/** µs to add to `performance.now()` × 1000 for the wall clock's microsecond (re-anchored by `systemMicros`). */
let anchorUs = performance.timeOrigin * 1000;

/**
 * The wall clock to the microsecond: the monotonic `performance` clock anchored to `Date.now()` (at the
 * middle of its millisecond), and re-anchored when it is more than a millisecond outside that millisecond
 * (the first reading, the wall clock set, or a drift over a long run), so values stay within 2 ms of `now()`,
 * which other code compares them with. The two clocks are compared only when read within 0.2 ms of each
 * other (not when the process was paused between the readings), so a busy machine causes no re-anchoring.
 * `wallMs` stands for `Date.now()` in tests.
 */
export function systemMicros(wallMs?: number): number {
  const p1 = performance.now();
  const wall = wallMs ?? Date.now();
  const p2 = performance.now();
  if (p2 - p1 < 0.2) {
    const at = anchorUs + p1 * 1000;
    if (at < wall * 1000 - 1000 || at >= wall * 1000 + 2000)
      anchorUs = wall * 1000 + 500 - p1 * 1000;
  }
  return Math.floor(anchorUs + p2 * 1000);
}

export const systemClock: Clock = { now: () => new Date(), micros: () => systemMicros() };

/** Microseconds since the epoch from any clock. */
export const microsOf = (clock: Clock): number => clock.micros?.() ?? clock.now().getTime() * 1000;

/** A clock for tests and replays: time moves only when told to (`advance` takes fractions of a millisecond). */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string | number = '2025-01-01T00:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(Math.floor(this.t));
  }
  micros(): number {
    return Math.round(this.t * 1000);
  }
  set(at: Date | string | number): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
