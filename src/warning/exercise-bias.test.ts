import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestNode, buildTestApp, type TestNode } from '../app/testing.js';
import { exerciseTrackerConfig } from './exercise-play.js';
import { warningService } from './module.js';
import { DEFAULT_SENSOR_BIAS } from './tracker-config.js';

// #18 leftover "live exercises run without bias estimation": an exercise's tracker estimates the
// radars' biases when the request asks for it (`sensorBias: true`), as the live engine always does.
describe('#18 exercises with sensor-bias estimation (opt-in)', () => {
  let node: TestNode;
  let app: FastifyInstance;
  let sec: string;
  beforeAll(async () => {
    node = await openTestNode();
    app = await buildTestApp(node);
    await node.startModules();
    sec = await node.tokenFor(null);
  });
  afterAll(async () => {
    warningService(node).stop();
    await app.close();
    await node.close();
  });

  it('the exercise tracker config: off by default, the live prior when asked', () => {
    expect(exerciseTrackerConfig().sensorBias).toBeUndefined();
    expect(exerciseTrackerConfig(true).sensorBias).toEqual(DEFAULT_SENSOR_BIAS);
  });

  for (const instant of [true, false])
    it(
      `${instant ? 'an instant (worker-played)' : 'a played'} exercise with sensorBias: true shows each radar's bias estimate in the picture; one without shows none`,
      { timeout: 300_000 },
      async () => {
        const svc = warningService(node);
        const start = async (sensorBias?: boolean) => {
          const r = await app.inject({
            method: 'POST',
            url: '/api/warning/exercises',
            headers: { authorization: `Bearer ${sec}` },
            payload: {
              scenario: 'single-short',
              seed: 2,
              ...(instant ? { instant: true } : { speed: 100 }),
              ...(sensorBias === undefined ? {} : { sensorBias }),
            },
          });
          expect(r.statusCode).toBe(201);
          return r.json<{ id: string }>().id;
        };
        const biases = (id: string) =>
          svc.picture().sources.find((s) => s.id === id)!.load.sensorBiases;
        const withBias = await start(true);
        if (!instant)
          // Played at 100× real time: wait (bounded) until a radar's estimate is in the picture.
          await expect
            .poll(() => biases(withBias).length, { timeout: 240_000, interval: 500 })
            .toBeGreaterThan(0);
        const est = biases(withBias);
        expect(est.length).toBeGreaterThan(0);
        for (const b of est) {
          expect(b.kind).toBe('rae');
          expect(b.units).toEqual(['m', 'deg', 'deg']);
          expect(b.tracks).toBeGreaterThan(0);
          expect([...b.bias, ...b.sigma].every(Number.isFinite)).toBe(true);
          // Never looser than the prior (σ 20 m, 0.01°, 0.01°).
          expect(b.sigma[0]).toBeLessThanOrEqual(DEFAULT_SENSOR_BIAS.rangeM + 1e-9);
        }
        const without = await start(instant ? undefined : false);
        await svc.settled();
        const source = () => svc.picture().sources.find((s) => s.id === without)!;
        // Not just an early look: the instant exercise has been played to its end (every report
        // through its tracker); the played one holds a confirmed track (bounded wait).
        if (instant) expect(source().accepted).toBeGreaterThan(100);
        else
          await expect
            .poll(() => source().tracks.length, { timeout: 240_000, interval: 500 })
            .toBeGreaterThan(0);
        expect(biases(without)).toEqual([]);
      },
    );
});
