/** Injectable time source: deadlines, tracks and acts take time from here, never from Date directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and replays: time moves only when told to. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string | number = '2025-01-01T00:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date | string | number): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
