import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { busKinds, describeEachBus, openTestBus } from './testing.js';
import { subjectMatches, type BusMessage, type MessageBus } from './message-bus.js';

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('matches NATS-style wildcards', () => {
  expect(subjectMatches('record.>', 'record.council.vote')).toBe(true);
  expect(subjectMatches('record.>', 'record')).toBe(false);
  expect(subjectMatches('warning.cap.*', 'warning.cap.QAT')).toBe(true);
  expect(subjectMatches('warning.cap.*', 'warning.cap.QAT.x')).toBe(false);
  expect(subjectMatches('a.b', 'a.b')).toBe(true);
  expect(subjectMatches('a.b', 'a.c')).toBe(false);
});

describeEachBus('bus', (kind) => {
  let bus: MessageBus;
  beforeEach(async () => {
    bus = await openTestBus(kind);
  });
  afterEach(async () => {
    await bus.close();
  });

  it('delivers to matching subscribers only, in publish order', async () => {
    const got: BusMessage<{ n: number }>[] = [];
    const other: unknown[] = [];
    await bus.subscribe<{ n: number }>('warning.cap.*', (m) => void got.push(m));
    await bus.subscribe('record.>', (m) => void other.push(m));
    for (let n = 0; n < 5; n++) await bus.publish(`warning.cap.${n % 2 ? 'QAT' : 'SAU'}`, { n });
    await until(() => got.length === 5);
    expect(got.map((m) => m.data.n)).toEqual([0, 1, 2, 3, 4]);
    expect(got[1].subject).toBe('warning.cap.QAT');
    expect(other).toEqual([]);
  });

  it('drops a duplicate publish with the same id', async () => {
    const got: unknown[] = [];
    await bus.subscribe('record.x', (m) => void got.push(m.data));
    await bus.publish('record.x', { a: 1 }, { id: 'act_1' });
    await bus.publish('record.x', { a: 1 }, { id: 'act_1' });
    await bus.publish('record.x', { a: 2 }, { id: 'act_2' });
    await until(() => got.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('stops delivering after unsubscribe, and a failing handler does not stop others', async () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const sa = await bus.subscribe('t.s', (m) => void a.push(m.data));
    await bus.subscribe('t.s', () => {
      throw new Error('handler failure (expected in this test)');
    });
    await bus.subscribe('t.s', (m) => void b.push(m.data));
    await bus.publish('t.s', 1);
    await until(() => a.length === 1 && b.length === 1);
    await sa.unsubscribe();
    await bus.publish('t.s', 2);
    await until(() => b.length === 2);
    expect(a).toEqual([1]);
  });

  it('rejects invalid subjects', async () => {
    await expect(bus.publish('bad subject', 1)).rejects.toThrow(/invalid subject/);
  });
});

// Durable consumers are a JetStream feature; the in-process bus does not outlive its process.
if (busKinds.includes('nats'))
  describe('bus durability [nats]', () => {
    const kind = 'nats' as const;
    it('a durable subscriber resumes after a restart without losing or repeating messages', async () => {
      const bus = await openTestBus(kind);
      const got: number[] = [];
      const sub = await bus.subscribe<number>('warning.cap.QAT', (m) => void got.push(m.data), {
        durable: 'qat-civil-defence',
        newOnly: false,
      });
      await bus.publish('warning.cap.QAT', 1);
      await until(() => got.length === 1);
      await sub.unsubscribe();
      await bus.publish('warning.cap.QAT', 2); // published while the subscriber is away
      await bus.publish('warning.cap.QAT', 3);
      await bus.subscribe<number>('warning.cap.QAT', (m) => void got.push(m.data), {
        durable: 'qat-civil-defence',
      });
      await until(() => got.length === 3);
      expect(got).toEqual([1, 2, 3]);
      await bus.close();
    });
  });
