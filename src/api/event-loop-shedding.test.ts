import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestNode, type TestNode } from '../app/testing.js';
import { buildApp } from './server.js';
import type { EventLoopDelaySource } from './event-loop-delay.js';

/**
 * #16.6 shedding on the event loop's delay: while the loop runs later than
 * TAHALUF_MAX_EVENT_LOOP_DELAY_MS, requests are answered 503 + Retry-After at their turn instead of being
 * started, health still answers and reports it. The delay is a fake the test sets (no clock, no real
 * stall), so the test does not depend on the machine's speed.
 */
describe('#16 load shedding on event-loop delay', () => {
  let delayMs = 0;
  let stopped = false;
  const fakeDelay: EventLoopDelaySource = {
    delayMs: () => delayMs,
    stop: () => (stopped = true),
  };
  let node: TestNode | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    node = await openTestNode({
      env: { TAHALUF_MAX_EVENT_LOOP_DELAY_MS: '200', TAHALUF_REQUESTS_PER_TURN: '8' },
    });
    app = await buildApp(node, { webDir: null, eventLoopDelay: fakeDelay });
  });
  afterAll(async () => {
    await app?.close();
    await node?.close();
  });
  interface Health {
    load: {
      shed: { eventLoopLate: number; waitedTooLong: number; atDoor: number };
      eventLoopDelayMs: number;
      eventLoopLate: boolean;
      waitingForTurn: number;
    };
  }
  const health = async () => (await app!.inject('/api/health')).json<Health>();

  it('reads the limit from TAHALUF_MAX_EVENT_LOOP_DELAY_MS', () => {
    expect(node!.config.maxEventLoopDelayMs).toBe(200);
  });

  it('a timely loop: requests are served; health reports the delay', async () => {
    delayMs = 40;
    expect((await app!.inject('/api/states')).statusCode).toBe(200);
    const { load } = await health();
    expect(load.eventLoopDelayMs).toBe(40);
    expect(load.eventLoopLate).toBe(false);
    expect(load.shed.eventLoopLate).toBe(0);
  });

  it('a late loop: requests started at once and those waiting are answered 503 + Retry-After; health answers', async () => {
    delayMs = 450;
    // 30 at once: 8 start in this turn (refused at once, the loop being late), 22 wait and are refused at
    // their turn.
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => app!.inject('/api/alliances')),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 503));
    for (const answer of answers) {
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.json<{ code: string }>().code).toBe('overloaded');
    }
    const { load } = await health();
    expect(load.eventLoopDelayMs).toBe(450);
    expect(load.eventLoopLate).toBe(true);
    expect(load.shed.eventLoopLate).toBe(30);
    expect(load.shed.waitedTooLong).toBe(0);
    expect(load.waitingForTurn).toBe(0);
  });

  it('served again as soon as the loop is timely; counts kept', async () => {
    delayMs = 150;
    const answers = await Promise.all(Array.from({ length: 30 }, () => app!.inject('/api/states')));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    const { load } = await health();
    expect(load.eventLoopLate).toBe(false);
    expect(load.shed.eventLoopLate).toBe(30);
  });

  it('a source given by the caller is left to the caller to stop', async () => {
    expect(stopped).toBe(false);
  });
});

describe('#16 without TAHALUF_MAX_EVENT_LOOP_DELAY_MS the delay is measured and reported, not acted on', () => {
  let node: TestNode | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    node = await openTestNode();
    app = await buildApp(node, { webDir: null });
  });
  afterAll(async () => {
    await app?.close();
    await node?.close();
  });

  it('health reports the measured delay, never late; the defaults are read', async () => {
    expect(node!.config.maxEventLoopDelayMs).toBe(0);
    expect(node!.config.maxTurnWaitMs).toBe(750);
    expect((await app!.inject('/api/states')).statusCode).toBe(200);
    const { load } = (await app!.inject('/api/health')).json<{
      load: { eventLoopDelayMs: number; eventLoopLate: boolean; shed: { eventLoopLate: number } };
    }>();
    expect(load.eventLoopDelayMs).toBeGreaterThanOrEqual(0);
    expect(load.eventLoopLate).toBe(false);
    expect(load.shed.eventLoopLate).toBe(0);
  });
});
