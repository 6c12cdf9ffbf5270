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
});
