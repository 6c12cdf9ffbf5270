import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, openTestNode, type TestNode } from '../app/testing.js';
import { warningService } from './module.js';
import { planTrajectory, referenceShot } from './trajectory.js';
import { diag, invSpd } from './linalg.js';
import { Prng } from './prng.js';

// #18.8 track-to-track fusion through the API: two members share their local tracks of one missile;
// the live engine fuses them into one track by covariance intersection instead of keeping the better
// one, and a bad batch is refused whole with 400 and changes nothing.
describe('POST /api/warning/tracks', () => {
  let node: TestNode;
  let app: FastifyInstance;
  let qat: string, bhr: string;
  const traj = planTrajectory(referenceShot());
  beforeAll(async () => {
    node = await openTestNode();
    app = await buildTestApp(node);
    qat = await node.tokenFor('QAT');
    bhr = await node.tokenFor('BHR');
  });
  afterAll(async () => {
    warningService(node).stop();
    await app.close();
    await node.close();
  });

  /** A member's local track of the missile at `now`: truth plus an error drawn from its covariance. */
  function localTrack(now: number, flight: number, sigmas: number[], rng: Prng, track: string) {
    const s = traj.stateAt(flight)!;
    return {
      track,
      time: now,
      x: s.map((v, i) => v + rng.normal() * sigmas[i]),
      P: diag(sigmas.map((v) => v * v)),
    };
  }
  const post = (token: string, payload: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/api/warning/tracks',
      headers: { authorization: `Bearer ${token}` },
      payload,
    });

  it('fuses two members’ tracks of one missile into one live track, tighter than either', async () => {
    const svc = warningService(node);
    const rng = new Prng(5);
    const now = Date.now() / 1000;
    // Qatar is precise along x and loose along y; Bahrain the other way round.
    const q = localTrack(now, 150, [200, 2000, 500, 20, 60, 30], rng, 'QT-7');
    const b = localTrack(now, 150, [2000, 200, 500, 60, 20, 30], rng, 'B:12');
    const first = await post(qat, { tracks: [q] });
    expect(first.statusCode).toBe(200);
    const [qa] = first.json().tracks;
    expect(qa).toMatchObject({ track: 'QT-7', started: true });
    const second = await post(bhr, { tracks: [b] });
    expect(second.statusCode).toBe(200);
    const [bh] = second.json().tracks;
    // Same object: fused into Qatar's live track, not a second track, and not started.
    expect(bh).toMatchObject({ track: 'B:12', liveTrack: qa.liveTrack, started: false });
    const live = svc.live.tracker.tracks.get(qa.liveTrack)!;
    expect(svc.live.tracker.tracks.size).toBe(1);
    expect([...live.sensors].sort()).toEqual(['track:BHR', 'track:QAT']);
    // Covariance intersection: tighter than either member on its loose axis, and consistent with
    // the truth (the fused error inside its own 99.9% ellipsoid, chi-square 6 dof: 22.5).
    expect(live.P[0][0]).toBeLessThan(2000 ** 2 / 4);
    expect(live.P[1][1]).toBeLessThan(2000 ** 2 / 4);
    const truth = traj.stateAt(150)!;
    const e = live.x.map((v, i) => v - truth[i]);
    const Pi = invSpd(live.P);
    const d2 = e.reduce((s, ei, i) => s + e.reduce((t, ej, j) => t + ei * Pi[i][j] * ej, 0), 0);
    expect(d2).toBeLessThan(22.5);
    // Qatar's next snapshot of the same track goes to the same live track.
    const again = await post(qat, {
      tracks: [localTrack(now + 2, 152, [200, 2000, 500, 20, 60, 30], rng, 'QT-7')],
    });
    expect(again.json().tracks[0]).toMatchObject({ liveTrack: qa.liveTrack, started: false });
    const status = await app.inject({
      method: 'GET',
      url: '/api/warning/status',
      headers: { authorization: `Bearer ${qat}` },
    });
    expect(status.json().live.sharedTracks).toMatchObject({ accepted: 3, fused: 2, started: 1 });
  });

  it('refuses a batch with one bad track with 400 naming it, and fuses none of it', async () => {
    const svc = warningService(node);
    const rng = new Prng(9);
    const now = Date.now() / 1000;
    const good = localTrack(now, 200, [300, 300, 300, 30, 30, 30], rng, 'QT-8');
    const notPd = { ...localTrack(now, 200, [300, 300, 300, 30, 30, 30], rng, 'QT-9') };
    notPd.P = notPd.P.map((row) => row.slice());
    notPd.P[0][1] = notPd.P[1][0] = 1e6; // |ρ| > 1: not positive definite
    const before = svc.live.tracksAccepted;
    const tracksBefore = svc.live.tracker.tracks.size;
    const res = await post(qat, { tracks: [good, notPd] });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/positive definite/);
    expect(JSON.stringify(res.json())).toContain('tracks/1/P');
    expect(svc.live.tracksAccepted).toBe(before);
    expect(svc.live.tracker.tracks.size).toBe(tracksBefore);
    // Shape errors are refused by the schema: a 5-D state, an unknown field.
    const short = await post(qat, { tracks: [{ ...good, x: good.x.slice(0, 5) }] });
    expect(short.statusCode).toBe(400);
    const extra = await post(qat, { tracks: [{ ...good, target: 'x' }] });
    expect(extra.statusCode).toBe(400);
    // Too old, or an absurd covariance that passes the shape.
    const old = await post(qat, { tracks: [{ ...good, time: now - 3600 }] });
    expect(old.statusCode).toBe(400);
    expect(old.json().detail).toMatch(/old/);
    const huge = await post(qat, {
      tracks: [{ ...good, P: diag([1e300, 1e300, 1e300, 1, 1, 1]) }],
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().detail).toMatch(/position block/);
    expect(svc.live.tracksAccepted).toBe(before);
    // A member outside the sensor network may not share tracks.
    const usa = await node.tokenFor('USA');
    const outsider = await post(usa, { tracks: [good] });
    expect(outsider.statusCode).toBe(403);
  });

  it('is in the OpenAPI document with its request and response schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/warning/tracks'].post;
    expect(op.requestBody.content['application/json'].schema.properties.tracks.maxItems).toBe(1000);
    expect(op.responses['200']).toBeDefined();
  });
});
