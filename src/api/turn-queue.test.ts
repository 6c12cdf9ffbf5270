import { describe, expect, it } from 'vitest';
import { TurnQueue } from './turn-queue.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnQueue: at most perTurn requests start per turn of the event loop, in arrival order', () => {
  it('starts perTurn at once, the rest in later turns, first come first served', async () => {
    const queue = new TurnQueue({ perTurn: 3, maxWaiting: 100 });
    const started: number[] = [];
    for (let n = 0; n < 8; n++) expect(queue.enter(() => started.push(n))).toBe(true);
    expect(started).toEqual([0, 1, 2]);
    expect(queue.length).toBe(5);
    await nextTurn();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    await nextTurn();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(queue.length).toBe(0);
  });

  it('a newcomer never overtakes a waiting request, even when the turn has room', async () => {
    const queue = new TurnQueue({ perTurn: 2, maxWaiting: 100 });
    const started: string[] = [];
    for (const name of ['a', 'b', 'c']) queue.enter(() => started.push(name));
    await nextTurn();
    // The turn started c and has one more slot, but d arrives after c: it starts now (nobody waits).
    queue.enter(() => started.push('d'));
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    queue.enter(() => started.push('e'));
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    await nextTurn();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('refuses a request when maxWaiting are waiting, without running it', () => {
    const queue = new TurnQueue({ perTurn: 1, maxWaiting: 2 });
    const started: number[] = [];
    const entered = [0, 1, 2, 3].map((n) => queue.enter(() => started.push(n)));
    expect(entered).toEqual([true, true, true, false]);
    expect(started).toEqual([0]);
    expect(queue.length).toBe(2);
  });

  it('10,000 requests through a queue of perTurn 8 all start, in order, in 1,250 turns', async () => {
    const queue = new TurnQueue({ perTurn: 8, maxWaiting: 10_000 });
    const started: number[] = [];
    for (let n = 0; n < 10_000; n++) queue.enter(() => started.push(n));
    let turns = 0;
    while (queue.length > 0 && turns < 2000) {
      await nextTurn();
      turns++;
    }
    expect(started).toEqual(Array.from({ length: 10_000 }, (_, n) => n));
    expect(turns).toBeGreaterThanOrEqual(1249);
    expect(turns).toBeLessThanOrEqual(1251);
  });

  it('rejects a limit below one', () => {
    expect(() => new TurnQueue({ perTurn: 0, maxWaiting: 1 })).toThrow(RangeError);
  });

  it('#16 a request past its wait is refused at its turn without taking a slot: the ones behind it start', async () => {
    let clock = 0;
    const queue = new TurnQueue({
      perTurn: 4,
      maxWaiting: 1000,
      refusalsPerTurn: 32,
      maxWaitMs: () => 750,
      now: () => clock,
    });
    const started: number[] = [];
    const refused: number[] = [];
    // 4 start at once; 20 wait from t=0, then 20 more from t=500.
    for (let n = 0; n < 24; n++)
      queue.enter(
        () => started.push(n),
        () => refused.push(n),
      );
    clock = 500;
    for (let n = 24; n < 44; n++)
      queue.enter(
        () => started.push(n),
        () => refused.push(n),
      );
    expect(started).toEqual([0, 1, 2, 3]);
    // At t=800 the first 20 waiters are past 750 ms: all refused in this one turn (budget 32), and the turn
    // still starts its 4 from those behind them. Before, each refusal took one of the 4 slots: the last of
    // the 20 was answered 5 turns later and the fresh ones behind waited for it.
    clock = 800;
    await nextTurn();
    expect(refused).toEqual(Array.from({ length: 20 }, (_, n) => 4 + n));
    expect(started).toEqual([0, 1, 2, 3, 24, 25, 26, 27]);
    expect(queue.refused).toBe(20);
    expect(queue.length).toBe(16);
  });

  it('#16 refusals are paced by refusalsPerTurn, so 503s go out turn by turn (no flood of instant retries)', async () => {
    let clock = 0;
    const queue = new TurnQueue({
      perTurn: 2,
      maxWaiting: 1000,
      refusalsPerTurn: 10,
      maxWaitMs: () => 100,
      now: () => clock,
    });
    const refusedPerTurn: number[] = [];
    let refused = 0;
    queue.enter(() => undefined);
    queue.enter(() => undefined);
    for (let n = 0; n < 35; n++)
      queue.enter(
        () => undefined,
        () => refused++,
      );
    clock = 1000;
    for (let turn = 0; turn < 5; turn++) {
      const before = refused;
      await nextTurn();
      refusedPerTurn.push(refused - before);
    }
    expect(refusedPerTurn).toEqual([10, 10, 10, 5, 0]);
    expect(queue.length).toBe(0);
  });

  it('a request that gave no refuse is never refused, however long it waited', async () => {
    let clock = 0;
    const queue = new TurnQueue({
      perTurn: 1,
      maxWaiting: 10,
      maxWaitMs: () => 1,
      now: () => clock,
    });
    const started: string[] = [];
    queue.enter(() => started.push('a'));
    queue.enter(() => started.push('b'));
    clock = 1000;
    await nextTurn();
    expect(started).toEqual(['a', 'b']);
  });
});
