/**
 * How many requests the node handles at once, adapted to how fast it is answering (#16.11).
 *
 * A fixed in-flight limit is either too low for a fast machine or, as measured, far too high for a busy
 * one: 256 intel shares admitted at once on a node with a fraction of a core each waited ~10 s, every
 * client timed out, and the node spent its time on answers nobody read. By Little's law latency is
 * concurrency divided by throughput, so the limit follows the answers, as TCP's congestion window
 * follows acknowledgements (additive increase, multiplicative decrease):
 *
 * - a request answered within `targetMs`, when the limit held a request back in the last 10 × `targetMs`,
 *   raises the limit by 1/limit (about one more slot per round of answers); a node that is never full
 *   does not grow a limit it has not needed;
 * - a request answered later than `targetMs` while at least half the limit is in flight cuts the limit to
 *   `decrease` × itself, at most once per round: only a request that started after the last cut can cut
 *   again, so one slow burst counts once. A lone slow request (an import on a quiet node) is slow by its
 *   own work, not by crowding, and cuts nothing.
 *
 * - it starts at `initial` (default `max`) and, until the first cut, grows by one per timely answer while
 *   refusing (slow start, doubling per round), so a first burst of 1,000 connections is not admitted 256
 *   at once on a node that turns out to answer 17 a second (measured at load 14: 256 admitted requests
 *   would have needed 15 s, past every client's timeout).
 *
 * The limit stays between `min` (the node always serves a few) and `max` (TAHALUF_MAX_IN_FLIGHT).
 * Requests over the limit are answered 503 + Retry-After at once, by the caller (load-shedding.ts).
 */
export interface AdaptiveLimitOptions {
  min: number;
  max: number;
  /** Latency the node aims to answer within, in ms. */
  targetMs: number;
  /** Factor applied on a late answer, 0 < decrease < 1. */
  decrease?: number;
  /** Limit to start from, min..max (default max); grows by slow start until the first cut. */
  initial?: number;
}

export class AdaptiveLimit {
  private limitValue: number;
  private inFlightCount = 0;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private lastRefusedAt = Number.NEGATIVE_INFINITY;
  private cutOnce = false;
  private readonly decrease: number;

  constructor(private readonly options: AdaptiveLimitOptions) {
    const initial = options.initial ?? options.max;
    if (!(
      options.min >= 1 &&
      options.max >= options.min &&
      options.targetMs > 0 &&
      initial >= options.min &&
      initial <= options.max
    ))
      throw new RangeError('adaptive limit: need 1 <= min <= initial <= max and targetMs > 0');
    this.decrease = options.decrease ?? 0.7;
    this.limitValue = initial;
  }

  /** The current limit (a whole number of requests). */
  get limit(): number {
    return Math.floor(this.limitValue);
  }
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Takes a slot for a request arriving at `now` (ms); false when the node is at its limit. */
  tryAcquire(now: number): boolean {
    if (this.inFlightCount >= this.limit) {
      this.lastRefusedAt = now;
      return false;
    }
    this.inFlightCount++;
    return true;
  }

  /** Gives back the slot of a request that started at `startedAt` and finished at `now` (ms). */
  release(startedAt: number, now: number): void {
    const crowded = this.inFlightCount >= this.limit / 2;
    this.inFlightCount = Math.max(0, this.inFlightCount - 1);
    const { min, max, targetMs } = this.options;
    if (now - startedAt > targetMs) {
      if (crowded && startedAt > this.lastCutAt) {
        this.limitValue = Math.max(min, this.limitValue * this.decrease);
        this.lastCutAt = now;
        this.cutOnce = true;
      }
    } else if (now - this.lastRefusedAt <= 10 * targetMs) {
      this.limitValue = Math.min(max, this.limitValue + (this.cutOnce ? 1 / this.limitValue : 1));
    }
  }
}
