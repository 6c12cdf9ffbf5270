import { afterAll, beforeAll, expect, it } from 'vitest';
import { allianceDirectory } from '../support/alliance-directory.js';
import { buildTestApp, openTestNode, type TestNode } from '../../src/app/testing.js';
import { forcesModule } from '../../src/forces/module.js';
import { ForcesRepository } from '../../src/forces/repository.js';
import { describeEachDialect } from '../../src/store/testing.js';
import { envelopeSubject } from '../../src/federation/envelope.js';

/**
 * Joint exercises on the alliance log (#12): planned, a host nation's consent, cancelled, each signed by
 * its actor and checked by every node with the forces module's rules at the act's date. Two nodes fed the
 * same stream end with the same exercises.
 */
const ACTORS = ['SECRETARIAT', 'QAT', 'SAU', 'OMN', 'EGY'] as const;
const directory = allianceDirectory(ACTORS, 'tahaluf-exercise-acts-', 'exercise');

const unit = (id: string) => ({
  id,
  name: id,
  type: 'land',
  size: 800,
  readinessDays: 20,
  durationDays: 365,
  homeBase: { name: 'Riyadh area', lon: 46.7, lat: 24.7 },
  caveats: [],
  equipment: [],
});

describeEachDialect('exercises and host-nation consent on the alliance log', (dialect) => {
  const nodes: TestNode[] = [];
  const stream: { subject: string; body: string; seq: number; time: string }[] = [];
  /** Publishes an act to the (simulated) stream; every node applies it; returns each node's outcome. */
  const feed = async (
    actor: string,
    type: string,
    subject: string,
    payload: Record<string, unknown>,
  ) => {
    const e = directory.sign(actor, type, subject, payload);
    const m = {
      subject: envelopeSubject('alliance', actor, type),
      body: JSON.stringify(e),
      seq: stream.length + 1,
      time: new Date().toISOString(),
    };
    stream.push(m);
    const outcomes = [];
    for (const n of nodes)
      outcomes.push(await n.alliance!.processMessage(m.subject, m.body, m.seq, m.time));
    // Every node decides the same.
    expect(new Set(outcomes.map((o) => `${o.status}:${o.code}`)).size).toBe(1);
    return outcomes[0];
  };
  const exercise = (id: string, over: Record<string, unknown> = {}) => ({
    exerciseId: id,
    allianceId: 'gcc',
    title: `Exercise ${id}`,
    aim: 'Host-nation support drill',
    scenario: 'command-post',
    participants: ['SAU', 'QAT'],
    hosts: ['OMN'],
    area: { name: 'Muscat', lon: 58.4, lat: 23.6 },
    from: '2027-03-01',
    to: '2027-03-05',
    units: [{ pledgeId: 'pledge_sau1', unitId: 'sau1-bde' }],
    ...over,
  });

  beforeAll(async () => {
    for (const member of ['QAT', 'OMN'])
      nodes.push(
        await openTestNode({
          dialect,
          env: {
            TAHALUF_MODE: 'national',
            TAHALUF_MEMBER: member,
            TAHALUF_ALLIANCE_NATS: 'nats://127.0.0.1:4222',
            TAHALUF_ALLIANCE_DIRECTORY: directory.directoryFile,
          },
          modules: [forcesModule],
        }),
      );
    const pledge = await feed('SAU', 'forces.pledge.raised', 'pledge_sau1', {
      pledgeId: 'pledge_sau1',
      allianceId: 'gcc',
      availableFrom: '2026-01-01',
      units: [unit('sau1-bde')],
    });
    expect(pledge.status, pledge.reason ?? '').toBe('applied');
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
  });

  it('#12 an exercise planned by its unit owner, consented by its host, then cancelled: applied alike on every node', async () => {
    const planned = await feed(
      'SAU',
      'forces.exercise.planned',
      'exercise_x1',
      exercise('exercise_x1'),
    );
    expect(planned.status, planned.reason ?? '').toBe('applied');
    const consent = await feed('OMN', 'forces.exercise.consented', 'exercise_x1', {
      exerciseId: 'exercise_x1',
      host: 'OMN',
    });
    expect(consent.status, consent.reason ?? '').toBe('applied');
    for (const n of nodes)
      expect(await ForcesRepository.on(n.store.db).exercise('exercise_x1')).toMatchObject({
        status: 'planned',
        plannedBy: 'SAU',
        consents: ['OMN'],
        actId: consent.act!.id,
      });
    // The console/API view on OMN's node no longer warns of a missing consent.
    const omnToken = await nodes[1].tokenFor('OMN');
    const app = await buildTestApp(nodes[1]);
    const res = await app.inject({
      method: 'GET',
      url: '/api/exercises/exercise_x1',
      headers: { authorization: `Bearer ${omnToken}` },
    });
    await app.close();
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res.json<{ conflicts: { code: string }[] }>().conflicts.map((c) => c.code),
    ).not.toContain('host_consent_missing');
    const cancelled = await feed('SAU', 'forces.exercise.cancelled', 'exercise_x1', {
      exerciseId: 'exercise_x1',
      reason: 'weather',
    });
    expect(cancelled.status, cancelled.reason ?? '').toBe('applied');
    for (const n of nodes)
      expect((await ForcesRepository.on(n.store.db).exercise('exercise_x1'))?.status).toBe(
        'cancelled',
      );
  });

  it("#12 consent by a non-host, a consent naming another host, a second consent, another member booking SAU's unit and a cancellation by a non-planner are rejected by every node", async () => {
    expect(
      (
        await feed(
          'SAU',
          'forces.exercise.planned',
          'exercise_x2',
          exercise('exercise_x2', { from: '2027-06-01', to: '2027-06-02' }),
        )
      ).status,
    ).toBe('applied');
    const notHost = await feed('QAT', 'forces.exercise.consented', 'exercise_x2', {
      exerciseId: 'exercise_x2',
      host: 'QAT',
    });
    expect(notHost).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(notHost.reason).toMatch(/QAT is not a host of exercise exercise_x2/);
    const forOther = await feed('QAT', 'forces.exercise.consented', 'exercise_x2', {
      exerciseId: 'exercise_x2',
      host: 'OMN',
    });
    expect(forOther.status).toBe('rejected');
    expect(forOther.reason).toMatch(/own signer as host/);
    expect(
      (
        await feed('OMN', 'forces.exercise.consented', 'exercise_x2', {
          exerciseId: 'exercise_x2',
          host: 'OMN',
        })
      ).status,
    ).toBe('applied');
    const twice = await feed('OMN', 'forces.exercise.consented', 'exercise_x2', {
      exerciseId: 'exercise_x2',
      host: 'OMN',
    });
    expect(twice).toMatchObject({ status: 'rejected', code: 'already_consented' });
    const foreignUnit = await feed(
      'QAT',
      'forces.exercise.planned',
      'exercise_x3',
      exercise('exercise_x3', { from: '2027-09-01', to: '2027-09-02' }),
    );
    expect(foreignUnit).toMatchObject({ status: 'rejected', code: 'unit_not_own' });
    const outsider = await feed(
      'EGY',
      'forces.exercise.planned',
      'exercise_x4',
      exercise('exercise_x4', { from: '2027-10-01', to: '2027-10-02', units: [] }),
    );
    expect(outsider.status).toBe('rejected');
    expect(outsider.reason).toMatch(/EGY/);
    const notPlanner = await feed('OMN', 'forces.exercise.cancelled', 'exercise_x2', {
      exerciseId: 'exercise_x2',
      reason: null,
    });
    expect(notPlanner).toMatchObject({ status: 'rejected', code: 'forbidden' });
    for (const n of nodes) {
      const repo = ForcesRepository.on(n.store.db);
      expect(await repo.exercise('exercise_x2')).toMatchObject({
        status: 'planned',
        consents: ['OMN'],
      });
      expect(await repo.exercise('exercise_x3')).toBeUndefined();
      expect(await repo.exercise('exercise_x4')).toBeUndefined();
    }
    // Both nodes hold the same applied log.
    const [a, b] = await Promise.all(nodes.map((n) => n.alliance!.status()));
    expect(a.logHash).toBe(b.logHash);
    expect(a.rejected).toBe(b.rejected);
  });
});
