import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sharedPoller } from './poller.js';

describe('sharedPoller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('looks once per tick for every watcher present, and stops when the last one leaves', async () => {
    const looks: string[][] = [];
    const watch = sharedPoller<string>(
      (watchers) => {
        looks.push([...watchers]);
        return Promise.resolve();
      },
      1000,
      (e) => {
        throw e;
      },
    );
    const stopA = watch('a');
    const stopB = watch('b');
    const stopC = watch('c');
    await vi.advanceTimersByTimeAsync(1000);
    expect(looks).toEqual([['a', 'b', 'c']]);
    stopB();
    await vi.advanceTimersByTimeAsync(1000);
    expect(looks).toEqual([
      ['a', 'b', 'c'],
      ['a', 'c'],
    ]);
    stopA();
    stopC();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(looks).toHaveLength(2);
    // A watcher arriving later starts it again.
    const stopD = watch('d');
    await vi.advanceTimersByTimeAsync(1000);
    expect(looks.at(-1)).toEqual(['d']);
    stopD();
  });
});
