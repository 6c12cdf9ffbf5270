import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestNode, buildTestApp, type TestNode } from '../app/testing.js';
import { warningService } from './module.js';
import { postWithRetries } from './warning-service.js';

describe('warning API', () => {
  let node: TestNode;
  let app: FastifyInstance;
  let qat: string, sec: string;
  beforeAll(async () => {
    node = await openTestNode();
    app = await buildTestApp(node);
    await node.startModules(); // the bus subscriber (module.start)
    qat = await node.tokenFor('QAT');
    sec = await node.tokenFor(null);
  });
  afterAll(async () => {
    warningService(node).stop();
    await app.close();
    await node.close();
  });

  it('rejects invalid reports with reasons and counts them; accepts valid ones', async () => {
    const now = Date.now() / 1000;
    const good = {
      sensor: 'R-QAT-1',
      time: now,
      kind: 'rae',
      z: [300e3, 280, 12],
      R: [
        [2500, 0, 0],
        [0, 0.0025, 0],
        [0, 0, 0.0025],
      ],
      site: { lat: 25.3, lon: 51.2, h: 100 },
    };
    const res = await app.inject({
      method: 'POST',
      url: '/api/warning/reports',
      headers: { authorization: `Bearer ${qat}` },
      payload: [good, { ...good, z: [1, 2] }, { ...good, time: 'x' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: [
        { index: 1, reason: 'bad_measurement' },
        { index: 2, reason: 'bad_time' },
      ],
    });
    const theirs = await app.inject({
      method: 'POST',
      url: '/api/warning/reports',
      headers: { authorization: `Bearer ${qat}` },
      payload: [{ ...good, sensor: 'R-OMN-1' }],
    });
    expect(theirs.json()).toMatchObject({
      accepted: 0,
      rejected: [{ index: 0, reason: 'not_your_sensor' }],
    });
    const anon = await app.inject({ method: 'POST', url: '/api/warning/reports', payload: [good] });
    expect(anon.statusCode).toBe(401);
    const pic = await app.inject({
      method: 'GET',
      url: '/api/warning/picture',
      headers: { authorization: `Bearer ${qat}` },
    });
    expect(pic.json().sources[0].rejected).toMatchObject({ bad_measurement: 1, bad_time: 1 });
  });

  it("refuses made-up sensors, other members' sensors and senders outside the sensor network (HTTP and bus), and counts them", async () => {
    const svc = warningService(node);
    const now = Date.now() / 1000;
    const good = {
      sensor: 'R-QAT-1',
      time: now,
      kind: 'rae',
      z: [300e3, 280, 12],
      R: [
        [2500, 0, 0],
        [0, 0.0025, 0],
        [0, 0, 0.0025],
      ],
      site: { lat: 25.3, lon: 51.2, h: 100 },
    };
    const post = async (token: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/warning/reports',
        headers: { authorization: `Bearer ${token}` },
        payload: payload as object,
      });
    const before = { ...svc.live.rejected },
      accepted0 = svc.live.accepted;
    const nope = await post(qat, { ...good, sensor: 'NOPE-9' });
    expect(nope.statusCode).toBe(422);
    expect(nope.json()).toMatchObject({ code: 'unknown_sensor', field: 'body/sensor' });
    const omn = await post(qat, { ...good, sensor: 'R-OMN-1' });
    expect(omn.statusCode).toBe(403);
    expect(omn.json()).toMatchObject({ code: 'not_your_sensor', field: 'body/sensor' });
    const usa = await post(await node.tokenFor('USA'), { ...good, sensor: 'US-1' });
    expect(usa.statusCode).toBe(403);
    expect(usa.json()).toMatchObject({ code: 'not_in_network', field: 'body/sensor' });
    const batch = await post(qat, [good, { ...good, sensor: 'NOPE-9', time: now + 0.1 }]);
    expect(batch.json()).toMatchObject({
      accepted: 1,
      rejected: [
        { index: 1, reason: 'unknown_sensor', detail: expect.stringContaining('body/1/sensor') },
      ],
    });
    // The bus: the subject names the sender; the same rule applies.
    await node.bus.publish('warning.report.QAT', [
      { ...good, sensor: 'NOPE-9', time: now + 0.2 },
      { ...good, sensor: 'R-OMN-1', time: now + 0.3 },
      { ...good, member: 'OMN', time: now + 0.4 },
    ]);
    await node.bus.publish('warning.report.USA', { ...good, sensor: 'US-1', time: now + 0.5 });
    await expect
      .poll(() => svc.live.rejected.not_in_network ?? 0)
      .toBe((before.not_in_network ?? 0) + 2);
    expect(svc.live.rejected.unknown_sensor).toBe((before.unknown_sensor ?? 0) + 3);
    expect(svc.live.rejected.not_your_sensor).toBe((before.not_your_sensor ?? 0) + 3);
    expect(svc.live.accepted).toBe(accepted0 + 1);
  });

  it(
    'runs an exercise, stores CAP per member, serves the Atom feed and publishes on the bus',
    { timeout: 120_000 },
    async () => {
      const seen: string[] = [];
      await node.bus.subscribe('warning.cap.>', (m) => void seen.push(m.subject));
      const r = await app.inject({
        method: 'POST',
        url: '/api/warning/exercises',
        headers: { authorization: `Bearer ${sec}` },
        payload: { scenario: 'single-short', seed: 1, instant: true },
      });
      expect(r.statusCode).toBe(201);
      expect(r.json().launches).toBe(1);
      await warningService(node).settled();
      expect(seen).toContain('warning.cap.QAT');
      const feed = await app.inject({
        method: 'GET',
        url: '/cap/QAT.atom',
        headers: { authorization: `Bearer ${qat}` },
      });
      expect(feed.statusCode).toBe(200);
      expect(feed.headers['content-type']).toMatch(/atom\+xml/);
      expect(feed.body).toContain('<msgType>Alert</msgType>');
      expect(feed.body).toContain('<msgType>Cancel</msgType>');
      expect(feed.body).toContain('<status>Exercise</status>');
      const id = /urn:tahaluf:cap:([^<]+)</.exec(feed.body)![1];
      const one = await app.inject({
        method: 'GET',
        url: `/cap/messages/${id}.xml`,
        headers: { authorization: `Bearer ${qat}` },
      });
      expect(one.body).toContain(
        '<geocode><valueName>ISO3166-1-alpha-3</valueName><value>QAT</value></geocode>',
      );
      // Another member cannot read Qatar's feed.
      const other = await app.inject({
        method: 'GET',
        url: '/cap/QAT.atom',
        headers: { authorization: `Bearer ${await node.tokenFor('EGY')}` },
      });
      expect(other.statusCode).toBe(403);
    },
  );

  it('takes reports from member nodes over the bus, and streams events to the console', async () => {
    const svc = warningService(node);
    const before = svc.live.accepted;
    const events: string[] = [];
    const off = svc.subscribe((e) => events.push(e.type));
    const now = Date.now() / 1000;
    await node.bus.publish('warning.report.QAT', [
      {
        sensor: 'R-QAT-1',
        time: now,
        kind: 'ecef',
        z: [3.6e6, 4.5e6, 2.7e6],
        R: [
          [1e4, 0, 0],
          [0, 1e4, 0],
          [0, 0, 1e4],
        ],
      },
      {
        sensor: 'R-QAT-1',
        time: now,
        kind: 'ecef',
        z: [NaN, 0, 0],
        R: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
      },
    ]);
    await expect.poll(() => svc.live.accepted).toBe(before + 1);
    expect(svc.live.rejected.bad_measurement).toBeGreaterThanOrEqual(1);
    const stored = async () => (await svc.repo.recentCaps('QAT', 10_000)).length;
    await svc.settled();
    const n0 = await stored();
    let qatCaps = 0;
    const off2 = svc.subscribe((e) => {
      if (e.type === 'cap' && e.member === 'QAT') qatCaps++;
    });
    svc.startExercise('single-short', 4, 10, true);
    off();
    off2();
    await svc.settled();
    // The second exercise's messages get their own identifiers: every one stored, none lost to a clash.
    expect(qatCaps).toBeGreaterThan(0);
    expect(await stored()).toBe(n0 + qatCaps);
    expect(events).toContain('exercise');
    expect(events).toContain('threat');
    expect(events).toContain('cap');
  });

  it(
    'an instant exercise never sends CAP dated in the future: sent is the real time, the simulated time is a parameter (W3)',
    { timeout: 120_000 },
    async () => {
      const svc = warningService(node);
      const ids: string[] = [];
      const off = svc.subscribe((e) => {
        if (e.type === 'cap') ids.push(e.identifier);
      });
      const r = await app.inject({
        method: 'POST',
        url: '/api/warning/exercises',
        headers: { authorization: `Bearer ${sec}` },
        payload: { scenario: 'single-short', seed: 3, instant: true },
      });
      off();
      expect(r.statusCode).toBe(201);
      await svc.settled();
      const after = node.clock.now().getTime();
      expect(ids.length).toBeGreaterThan(2);
      let simulatedAhead = 0;
      for (const id of ids) {
        const row = (await svc.repo.cap(id))!;
        const sent = Date.parse(/<sent>([^<]+)<\/sent>/.exec(row.xml)![1]);
        expect(sent).toBeLessThanOrEqual(after);
        const sim = Date.parse(
          /<valueName>ExerciseSimulatedTime<\/valueName><value>([^<]+)</.exec(row.xml)![1],
        );
        expect(sim).toBeGreaterThanOrEqual(sent);
        if (sim > after) simulatedAhead++;
        // Time to impact counts in exercise time.
        const impact = Date.parse(
          /<valueName>PredictedImpactTime<\/valueName><value>([^<]+)</.exec(row.xml)![1],
        );
        const tti = Number(
          /<valueName>TimeToImpactSeconds<\/valueName><value>([^<]+)</.exec(row.xml)![1],
        );
        if (row.msg_type !== 'Cancel')
          expect(Math.abs(tti - Math.max(0, (impact - sim) / 1000))).toBeLessThanOrEqual(1);
      }
      // The exercise did run ahead of the wall clock (that is what used to leak into <sent>).
      expect(simulatedAhead).toBeGreaterThan(0);
    },
  );

  it('registers webhooks; delivery retries until the receiver accepts', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/warning/webhooks',
      headers: { authorization: `Bearer ${qat}` },
      payload: { member: 'QAT', url: 'https://cd.example/qat-cap' },
    });
    expect(r.statusCode).toBe(201);
    // Link-local / cloud metadata addresses are refused, naming body/url (nit).
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://[fe80::1]/x',
      'http://[::ffff:169.254.169.254]/',
      'http://2852039166/',
      'http://metadata.google.internal/x',
      'ftp://x/y',
      'http://127.0.0.1:9/cap', // #16.7: loopback, and plain http outside development
    ]) {
      const bad = await app.inject({
        method: 'POST',
        url: '/api/warning/webhooks',
        headers: { authorization: `Bearer ${qat}` },
        payload: { member: 'QAT', url },
      });
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json().field, url).toBe('body/url');
    }
    // An unknown member's feed is 404, not an empty 200 (nit).
    const zzz = await app.inject({
      method: 'GET',
      url: '/cap/ZZZ.atom',
      headers: { authorization: `Bearer ${sec}` },
    });
    expect(zzz.statusCode).toBe(404);
    let calls = 0;
    const flaky = (async () => {
      calls++;
      return { ok: calls >= 3 } as Response;
    }) as unknown as typeof fetch;
    expect(await postWithRetries('http://x', '<alert/>', 5, flaky)).toBe(true);
    expect(calls).toBe(3);
  });
});
