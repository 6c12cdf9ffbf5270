/**
 * Requests started per turn of the event loop, in arrival order (#16.6, client timeouts).
 *
 * Why: libuv accepts one connection per turn of the loop (libuv PR #3696, in Node 20: "don't accept()
 * connections in a loop"; it relies on the listening socket still being readable next turn). A turn
 * handles every request whose bytes arrived since the last one, so with 1,000 busy keep-alive
 * connections a turn took ~100 ms and the node accepted about 10 new connections a second: measured with
 * strace, one `accept4` per ~100 ms and never an EAGAIN, while the kernel held 86–160 finished handshakes
 * in the listen queue. A client whose connection waited there 10 s timed out without the node having
 * seen it, so it could not even be answered 503. A plain `http.createServer` on the same machine showed
 * the same (62 client timeouts at 1,000 connections, 1,000 connections accepted only after 8 s).
 *
 * What: at most `perTurn` requests start in one turn; the others wait here, first come first served, and
 * start in the next turns (a `setImmediate` chain). Each turn then does a bounded amount of work, so the
 * loop comes back to the listening socket, and to the connections that have new bytes, every few
 * milliseconds. With the queue full, a request is refused at once (`enter` returns false).
 *
 * A request that waits longer than `maxWaitMs()` is refused at its turn (its `refuse` is called instead
 * of `run`: the caller answers 503, which is cheap). Refusals do not take one of the turn's `perTurn`
 * slots: they have their own budget, `refusalsPerTurn`, so a queue whose head has expired is answered in
 * a few turns instead of holding the requests behind it past their own deadline. The budget keeps the
 * 503s paced by turns, and a turn's work bounded (at most perTurn starts and perTurn refusals by
 * default): a 503 costs about as much as a cached public GET, and answering them without a bound made
 * clients that retry at once flood the loop (measured before the turn queue). Waiting is in arrival order, so the
 * expired requests are always at the head.
 */
export interface TurnQueueOptions {
  /** Requests started per turn, >= 1. */
  perTurn: number;
  /** Requests waiting at most; one more is refused. */
  maxWaiting: number;
  /** Waiting requests refused per turn once past their wait (default perTurn). */
  refusalsPerTurn?: number;
  /** How long a request may wait for its turn, read at each turn (ms; default: no limit). */
  maxWaitMs?: () => number;
  /** Clock in ms (default Date.now); tests drive it by hand. */
  now?: () => number;
}

interface Waiting {
  run: () => void;
  refuse: (() => void) | undefined;
  enteredAt: number;
}

export class TurnQueue {
  private readonly waiting: Waiting[] = [];
  /** Index of the first waiting request (the array is compacted when half of it has been served). */
  private head = 0;
  private startedThisTurn = 0;
  private turnScheduled = false;
  private refusedCount = 0;
  private readonly now: () => number;
  private readonly maxWaitMs: () => number;
  private readonly refusalsPerTurn: number;

  constructor(private readonly options: TurnQueueOptions) {
    this.refusalsPerTurn = options.refusalsPerTurn ?? options.perTurn;
    if (!(options.perTurn >= 1 && options.maxWaiting >= 0 && this.refusalsPerTurn >= 1))
      throw new RangeError(
        'turn queue: need perTurn >= 1, maxWaiting >= 0 and refusalsPerTurn >= 1',
      );
    this.now = options.now ?? Date.now;
    this.maxWaitMs = options.maxWaitMs ?? (() => Number.POSITIVE_INFINITY);
  }

  /** Requests waiting for a turn. */
  get length(): number {
    return this.waiting.length - this.head;
  }

  /** Requests refused at their turn for having waited too long, since the queue was made. */
  get refused(): number {
    return this.refusedCount;
  }

  /**
   * Starts `run` now if this turn has room and nobody is waiting, else at a later turn in arrival order;
   * `refuse` is called instead of `run` if the request is still waiting `maxWaitMs()` after it entered.
   * Returns false, without running either, when `maxWaiting` requests are already waiting.
   */
  enter(run: () => void, refuse?: () => void): boolean {
    this.scheduleTurn();
    if (this.length === 0 && this.startedThisTurn < this.options.perTurn) {
      this.startedThisTurn++;
      run();
      return true;
    }
    if (this.length >= this.options.maxWaiting) return false;
    this.waiting.push({ run, refuse, enteredAt: this.now() });
    return true;
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(this.turn);
  }

  private readonly turn = (): void => {
    this.turnScheduled = false;
    this.startedThisTurn = 0;
    let refusedThisTurn = 0;
    const now = this.now();
    const maxWait = this.maxWaitMs();
    while (this.length > 0) {
      const next = this.waiting[this.head];
      if (next.refuse && now - next.enteredAt > maxWait) {
        if (refusedThisTurn >= this.refusalsPerTurn) break;
        this.head++;
        refusedThisTurn++;
        this.refusedCount++;
        next.refuse();
        continue;
      }
      if (this.startedThisTurn >= this.options.perTurn) break;
      this.head++;
      this.startedThisTurn++;
      next.run();
    }
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    // Another turn when requests still wait; one is also needed to reset the count of a turn in which
    // requests started directly.
    if (this.length > 0 || this.startedThisTurn > 0) this.scheduleTurn();
  };
}
