import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestNode, buildTestApp, type TestNode } from '../app/testing.js';
import { warningService } from './module.js';
import { checkReport } from './measurement.js';

const site = { lat: 25.3, lon: 51.2, h: 100 };
const goodR = [
  [2500, 0, 0],
  [0, 0.0025, 0],
  [0, 0, 0.0025],
];
const report = (time: number, extra: object = {}) => ({
  sensor: 'R-QAT-1',
  time,
  kind: 'rae',
  z: [300e3, 280, 12],
  R: goodR,
  site,
  ...extra,
});
const scaled = (s: number) => [
  [s, 0, 0],
  [0, s, 0],
  [0, 0, s],
];

describe('#18.1 input that cannot hurt the node', () => {
  let node: TestNode;
  let app: FastifyInstance;
  let qat: string;
  beforeAll(async () => {
    node = await openTestNode();
    app = await buildTestApp(node);
    qat = await node.tokenFor('QAT');
  });
  afterAll(async () => {
    warningService(node).stop();
    await app.close();
    await node.close();
  });

  const post = (payload: unknown) =>
    app.inject({
      method: 'POST',
      url: '/api/warning/reports',
      headers: { authorization: `Bearer ${qat}` },
      payload: payload as object,
    });

  it('#18.1 one report with R = 1e300·I is refused with a 400 naming body/R, and the node keeps running', async () => {
    const svc = warningService(node);
    const sau = await node.tokenFor('SAU');
    const now = node.clock.now().getTime() / 1000;
    // The plume sensor's ECEF form is taken as is: on the old code this report passed validation, made
    // a tentative track with P ≈ 1e300, the next ordinary report's update cancelled it to a
    // non-positive-definite P and the deferred processing threw out of setImmediate (process exit).
    const plume = (time: number, R: number[][], id: string) => ({
      id,
      sensor: 'S-IR-1',
      time,
      kind: 'ecef',
      z: [3801234, 4412345, 2689012],
      R,
      boost: true,
    });
    const postAs = (token: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/warning/reports',
        headers: { authorization: `Bearer ${token}` },
        payload: payload as object,
      });
    const single = await postAs(sau, plume(now, scaled(1e300), 'p0'));
    expect(single.statusCode).toBe(400);
    expect(single.json()).toMatchObject({ field: 'body/R' });
    const rae = await post(report(now, { R: scaled(1e300) }));
    expect(rae.statusCode).toBe(400);
    expect(rae.json()).toMatchObject({ field: 'body/R' });
    // In an array: a per-report rejection naming the field; the good reports next to it are taken.
    const batch = await postAs(sau, [
      plume(now, scaled(1e300), 'p1'),
      ...[1, 2, 3, 4].map((k) => plume(now + k, scaled(1e6), `p${k + 1}`)),
    ]);
    expect(batch.statusCode).toBe(200);
    expect(batch.json()).toMatchObject({
      accepted: 4,
      rejected: [{ index: 0, reason: 'bad_covariance' }],
    });
    expect(batch.json().rejected[0].detail).toMatch(/^body\/0\/R: /);
    // The deferred processing runs without throwing, and the node still answers.
    expect(() => svc.flushLive()).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    const pic = await app.inject({
      method: 'GET',
      url: '/api/warning/picture',
      headers: { authorization: `Bearer ${qat}` },
    });
    expect(pic.statusCode).toBe(200);
    expect(pic.json().sources[0].rejected.bad_covariance).toBe(3);
    expect(svc.live.rejected.processing_error ?? 0).toBe(0);
  });

  it('#18.1 covariances are bounded and checked after conversion: absurdly large, tiny, non-finite or indefinite ones are refused', () => {
    const now = 1_750_000_000;
    const at = { now };
    for (const R of [
      scaled(1e300), // converts to Infinity in ECEF
      scaled(1e30), // finite but σ far beyond any sensor
      scaled(1e-300), // σ below a millimetre / a nano-degree
      [
        [2500, 0, 0],
        [0, -1, 0],
        [0, 0, 0.0025],
      ],
      [
        [2500, 2500, 0],
        [2500, 2500, 0],
        [0, 0, 0.0025],
      ], // singular
    ]) {
      const checked = checkReport(report(now, { R }), at);
      expect(checked).toMatchObject({ ok: false, reason: 'bad_covariance', field: 'R' });
    }
    const ecef = {
      sensor: 'S-IR-1',
      time: now,
      kind: 'ecef',
      z: [3801234, 4412345, 2689012],
      R: scaled(1e300),
    };
    expect(checkReport(ecef, at)).toMatchObject({ ok: false, reason: 'bad_covariance' });
    expect(checkReport({ ...ecef, R: scaled(1e6) }, at)).toMatchObject({ ok: true });
    expect(checkReport(report(now), at)).toMatchObject({ ok: true });
  });

  it('#18.1 live processing never throws out of its loop: a failing scan is rejected and counted, later reports are processed', async () => {
    const svc = warningService(node);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const scan = vi.spyOn(svc.live.tracker, 'processScan');
    scan.mockImplementationOnce(() => {
      throw new Error('matrix not positive definite');
    });
    try {
      const now = node.clock.now().getTime() / 1000;
      const before = svc.live.rejected.processing_error ?? 0;
      expect((await post(report(now + 1, { id: 'bad-one' }))).statusCode).toBe(200);
      expect(() => svc.flushLive()).not.toThrow();
      expect(svc.live.rejected.processing_error).toBe(before + 1);
      expect(errors).toHaveBeenCalled();
      const processedBefore = svc.live.tracker.stats.measurements;
      expect((await post(report(now + 1.5, { id: 'good-one' }))).statusCode).toBe(200);
      svc.flushLive();
      expect(svc.live.tracker.stats.measurements).toBe(processedBefore + 1);
    } finally {
      scan.mockRestore();
      errors.mockRestore();
    }
  });
});

describe('#18.1 the tracker drops a track whose covariance broke instead of throwing', () => {
  it('#18.1 a track with a non-positive-definite covariance is deleted as a numerical failure', async () => {
    const { Tracker } = await import('./tracker.js');
    const { defaultTrackerConfig } = await import('./tracker-config.js');
    const tracker = new Tracker(defaultTrackerConfig());
    const at = (time: number) => ({
      sensor: 'S-IR-1',
      time,
      z: [3801234, 4412345, 2689012],
      R: scaled(1e6),
      boost: true,
    });
    tracker.processScan([at(100)]);
    const [track] = [...tracker.tracks.values()];
    track.P[0][1] = track.P[1][0] = 2e7; // |correlation| > 1: what cancellation did to P in #18.1
    let events: ReturnType<typeof tracker.processScan> = [];
    expect(() => (events = tracker.processScan([at(101)]))).not.toThrow();
    expect(events).toContainEqual(
      expect.objectContaining({ track: track.id, status: 'deleted', reason: 'numerical failure' }),
    );
  });
});
