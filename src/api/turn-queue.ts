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
 * milliseconds. A request that waited longer than the caller allows is answered 503 at its turn (cheap)
 * rather than served late; one whose client has gone is dropped. With the queue full, a request is
 * answered 503 at once.
 */
export interface TurnQueueOptions {
  /** Requests started per turn, >= 1. */
  perTurn: number;
  /** Requests waiting at most; one more is refused. */
  maxWaiting: number;
}

interface Waiting {
  run: () => void;
}

export class TurnQueue {
  private readonly waiting: Waiting[] = [];
  /** Index of the first waiting request (the array is compacted when half of it has been served). */
  private head = 0;
  private startedThisTurn = 0;
  private turnScheduled = false;

  constructor(private readonly options: TurnQueueOptions) {
    if (!(options.perTurn >= 1 && options.maxWaiting >= 0))
      throw new RangeError('turn queue: need perTurn >= 1 and maxWaiting >= 0');
  }

  /** Requests waiting for a turn. */
  get length(): number {
    return this.waiting.length - this.head;
  }

  /**
   * Starts `run` now if this turn has room and nobody is waiting, else at a later turn in arrival order.
   * Returns false, without running it, when `maxWaiting` requests are already waiting.
   */
  enter(run: () => void): boolean {
    this.scheduleTurn();
    if (this.length === 0 && this.startedThisTurn < this.options.perTurn) {
      this.startedThisTurn++;
      run();
      return true;
    }
    if (this.length >= this.options.maxWaiting) return false;
    this.waiting.push({ run });
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
    while (this.length > 0 && this.startedThisTurn < this.options.perTurn) {
      const next = this.waiting[this.head++];
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
