import type { RecordTables } from '../record/migrations.js';
import type { WarningTables } from './repository.js';
import type { DrillTables } from './drill-repository.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sharedPath } from '../../test/support/shared.js';
import { ManualClock } from '../core/clock.js';
import { openTestNode, buildTestApp, type TestNode } from '../app/testing.js';
import { warningService } from './module.js';
import { getNetwork, getScenario, scenarioLaunches } from './scenarios.js';
import { simulateExercise } from './simulator.js';
import { drillSeed } from './drills.js';

const JAF = 'joint-arab-force';
const XSD = sharedPath('standards/cap/CAP-v1.2.xsd');

describe('joint-exercise link: missile-warning drills planned by the forces module', () => {
  let node: TestNode;
  let app: FastifyInstance;
  const clock = new ManualClock('2026-01-10T08:00:00Z');
  const call = async (
    as: string | null, // an ISO3 member, 'public', or null (no token)
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ) => {
    const headers = as === 'public' ? {} : { authorization: `Bearer ${await node.tokenFor(as)}` };
    const res = await app.inject({ method, url, headers, payload: payload as object });
    return { status: res.statusCode, body: res.json() };
  };
  const plan = (title: string, scenario: string) => ({
    allianceId: JAF,
    title,
    aim: 'pass warnings to civil defence',
    scenario,
    participants: ['SAU', 'EGY'],
    hosts: ['SAU'],
    area: { name: 'Riyadh area', lon: 46.72, lat: 24.71 },
    from: '2026-02-01',
    to: '2026-02-05',
    units: [],
  });
  const drillsAs = async (as: string | null) =>
    (await call(as, 'GET', '/api/warning/drills')).body as {
      exerciseId: string;
      status: string;
      runs: { exercise: string; seed: number; by: string }[];
      scenario: string;
      participants: string[];
    }[];
  const until = async (f: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await f()); i++) await new Promise((r) => setTimeout(r, 10));
  };

  beforeAll(async () => {
    node = await openTestNode({ clock });
    await node.startModules(); // the warning module's bus subscriber
    app = await buildTestApp(node);
  });
  afterAll(async () => {
    await app?.close();
    await node?.close();
  });

  let drillId = '';
  it('records a drill as scheduled when the forces module plans a missile-warning-drill exercise, and nothing for other scenarios', async () => {
    const other = await call('SAU', 'POST', '/api/exercises', plan('Command post', 'command-post'));
    expect(other.status).toBe(201);
    const planned = await call(
      'SAU',
      'POST',
      '/api/exercises',
      plan('Gulf missile-warning drill', 'missile-warning-drill'),
    );
    expect(planned.status).toBe(201);
    drillId = planned.body.id;
    await until(async () => (await drillsAs(null)).length > 0);
    const all = await drillsAs(null);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      exerciseId: drillId,
      allianceId: JAF,
      title: 'Gulf missile-warning drill',
      status: 'scheduled',
      scenario: 'regional-salvo',
      participants: ['SAU', 'EGY'],
      runs: [],
    });
    // The drill points at the forces act that planned it.
    const acts = await node.store.db
      .withTables<RecordTables>()
      .selectFrom('record_acts')
      .select(['id', 'type', 'subject'])
      .where('subject', '=', drillId)
      .execute();
    expect(acts.map((a: { type: string }) => a.type)).toEqual(['forces.exercise.planned']);
    expect((all[0] as unknown as { plannedAct: string }).plannedAct).toBe(acts[0].id);
    // Participants see it; others do not.
    expect((await drillsAs('EGY')).map((d) => d.exerciseId)).toEqual([drillId]);
    expect(await drillsAs('QAT')).toEqual([]);
  });

  it(
    'runs the mapped warning scenario for a participant, every CAP message at status Exercise naming the exercise',
    { timeout: 120_000 },
    async () => {
      expect(
        (await call('public', 'POST', `/api/warning/drills/${drillId}/run`, { instant: true }))
          .status,
      ).toBe(401);
      expect(
        (await call('QAT', 'POST', `/api/warning/drills/${drillId}/run`, { instant: true })).status,
      ).toBe(403);
      expect(
        (await call('EGY', 'POST', '/api/warning/drills/no-such-exercise/run', { instant: true }))
          .status,
      ).toBe(404);
      const res = await call('EGY', 'POST', `/api/warning/drills/${drillId}/run`, {
        instant: true,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        drill: drillId,
        scenario: 'regional-salvo',
        seed: drillSeed(drillId, 1),
        status: 'Exercise',
        launches: 6,
      });
      const rows = (await node.store.db
        .withTables<WarningTables>()
        .selectFrom('warning_cap_messages')
        .selectAll()
        .execute()) as { status: string; xml: string; msg_type: string }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.msg_type))).toContain('Alert');
      for (const r of rows) {
        expect(r.status).toBe('Exercise');
        expect(r.xml).toContain('<status>Exercise</status>');
        expect(r.xml).not.toContain('<status>Actual</status>');
        expect(r.xml).toContain(
          `<note>EXERCISE ${res.body.id} (drill for forces exercise ${drillId}: Gulf missile-warning drill)`,
        );
      }
      const { validateXML } = await import('xmllint-wasm');
      const schema = readFileSync(XSD, 'utf8');
      for (const r of rows.slice(0, 5)) {
        const v = await validateXML({
          xml: [{ fileName: 'm.xml', contents: r.xml }],
          schema: [{ fileName: 'CAP-v1.2.xsd', contents: schema }],
        });
        expect(v.errors).toEqual([]);
      }
      const [d] = await drillsAs('SAU');
      expect(d.runs).toEqual([
        expect.objectContaining({ exercise: res.body.id, seed: drillSeed(drillId, 1), by: 'EGY' }),
      ]);
      // The secretariat may run it too, with its own seed; the next run gets the next default seed.
      const again = await call(null, 'POST', `/api/warning/drills/${drillId}/run`, { seed: 7 });
      expect(again.body).toMatchObject({ seed: 7, drill: drillId });
      warningService(node).stop();
      expect((await drillsAs(null))[0].runs.map((r) => r.by)).toEqual(['EGY', 'SECRETARIAT']);
    },
  );

  it('a cancelled exercise cannot run its drill', async () => {
    expect((await call('SAU', 'POST', `/api/exercises/${drillId}/cancel`)).status).toBe(200);
    await until(async () => (await drillsAs(null))[0].status === 'cancelled');
    expect((await drillsAs(null))[0].status).toBe('cancelled');
    expect(
      (await call('SAU', 'POST', `/api/warning/drills/${drillId}/run`, { instant: true })).body,
    ).toMatchObject({ status: 422, code: 'drill_cancelled' });
  });

  it(
    'live alerts fed by real reports are status Actual, with no exercise note',
    { timeout: 120_000 },
    async () => {
      const svc = warningService(node);
      const net = getNetwork('gulf-illustrative');
      const sim = simulateExercise(
        net,
        scenarioLaunches(getScenario('single-short'), net.members, 3),
        { seed: 3, epoch: Math.floor(clock.now().getTime() / 1000) },
      );
      const caps = [];
      for (const r of sim.reports) {
        const { arrival, truth: _t, ...wire } = r;
        clock.set(arrival * 1000);
        svc.ingest(wire);
        caps.push(...svc.flushLive().caps);
      }
      await svc.settled();
      expect(caps.length).toBeGreaterThan(0);
      for (const c of caps) {
        expect(c.status).toBe('Actual');
        expect(c.note ?? '').not.toContain('EXERCISE');
      }
    },
  );
});

describe('drills planned while the warning module was not running', () => {
  it('are picked up from the record when the module starts', async () => {
    const node = await openTestNode({ clock: new ManualClock('2026-01-10T08:00:00Z') });
    const app = await buildTestApp(node);
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/exercises',
        headers: { authorization: `Bearer ${await node.tokenFor('SAU')}` },
        payload: {
          allianceId: JAF,
          title: 'Early drill',
          aim: 'pass warnings',
          scenario: 'missile-warning-drill',
          participants: ['SAU'],
          hosts: ['SAU'],
          area: { name: 'Riyadh area', lon: 46.72, lat: 24.71 },
          from: '2026-02-01',
          to: '2026-02-02',
          units: [],
        },
      });
      expect(res.statusCode).toBe(201);
      expect(
        await node.store.db
          .withTables<DrillTables>()
          .selectFrom('warning_drills')
          .selectAll()
          .execute(),
      ).toEqual([]);
      await node.startModules();
      const rows = (await node.store.db
        .withTables<DrillTables>()
        .selectFrom('warning_drills')
        .selectAll()
        .execute()) as {
        exercise_id: string;
        status: string;
      }[];
      expect(rows.map((r) => [r.exercise_id, r.status])).toEqual([[res.json().id, 'scheduled']]);
    } finally {
      await app.close();
      await node.close();
    }
  });
});
