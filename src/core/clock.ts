/** Injectable time source: deadlines, tracks and acts take time from here, never from Date directly. */
export interface Clock {
  now(): Date;
  /** Microseconds since the epoch, where the clock has them (TAXII `date_added`, #19.2); else `now()` × 1000. */
  micros?(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  micros: () => Math.floor((performance.timeOrigin + performance.now()) * 1000),
};

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
