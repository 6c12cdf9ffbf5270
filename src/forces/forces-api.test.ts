import type { ForcesTables } from './repository.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { buildTestApp, openTestNode, useTestApp, type TestNode } from '../app/testing.js';
import { describeEachDialect } from '../store/testing.js';
import { verifyChain } from '../record/verify.js';
import type { RecordTables } from '../record/migrations.js';
import { verifyForces } from './verify.js';

const JAF = 'joint-arab-force';
const cairo = { name: 'Cairo area', lon: 31.24, lat: 30.04 };
const landUnit = (id: string, size: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  type: 'land',
  size,
  readinessDays: 20,
  durationDays: 365,
  homeBase: cairo,
  caveats: ['in_region_only'],
  equipment: [{ family: 'm1a2-abrams', quantity: 10 }],
  ...extra,
});

describeEachDialect('forces API', (dialect) => {
  const clock = new ManualClock('2026-01-10T08:00:00Z');
  const auth = async (member: string | null) => ({
    authorization: `Bearer ${await node.tokenFor(member)}`,
  });
  const call = async (
    as: string | null,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    payload?: unknown,
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: as === 'public' ? {} : await auth(as),
      payload: payload as object,
    });
    return { status: res.statusCode, body: res.json() };
  };
  const counts = async () => ({
    acts: await node.record.count(),
    pledges: (
      await node.store.db
        .withTables<ForcesTables>()
        .selectFrom('forces_pledges')
        .selectAll()
        .execute()
    ).length,
    units: (
      await node.store.db
        .withTables<ForcesTables>()
        .selectFrom('forces_units')
        .selectAll()
        .execute()
    ).length,
  });

  const { node, app } = useTestApp({ dialect, clock });

  it('records a pledge as the member and serves it by alliance, member and capability', async () => {
    const res = await call('EGY', 'POST', '/api/pledges', {
      allianceId: JAF,
      availableFrom: '2026-01-01',
      units: [
        landUnit('egy-bde-1', 5000),
        {
          ...landUnit('egy-med-1', 300),
          type: 'medical',
          caveats: [],
          equipment: [{ family: 'role-2-medical' }],
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      allianceId: JAF,
      member: 'EGY',
      status: 'raised',
      version: 1,
    });
    const land = await call('QAT', 'GET', `/api/pledges?alliance=${JAF}&capability=land`);
    expect(land.body.map((p: { member: string }) => p.member)).toEqual(['EGY']);
    expect(
      (await call('QAT', 'GET', `/api/pledges?alliance=${JAF}&capability=naval`)).body,
    ).toEqual([]);
    expect((await call('QAT', 'GET', `/api/pledges?member=SAU`)).body).toEqual([]);
    expect((await call('public', 'GET', '/api/pledges')).status).toBe(401);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await counts();
    const bad = async (
      units: unknown[],
      field: string,
      status = 400,
      extra: Record<string, unknown> = {},
    ) => {
      const res = await call('SAU', 'POST', '/api/pledges', {
        allianceId: JAF,
        availableFrom: '2026-01-01',
        units,
        ...extra,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.field).toBe(field);
      return res.body;
    };
    expect(
      (await bad([landUnit('a', 100), landUnit('b', -5)], 'body/units/1/size')).detail,
    ).toMatch(/negative/);
    expect(
      (
        await bad(
          [landUnit('a', 100, { equipment: [{ family: 'f-35' }] })],
          'body/units/0/equipment/0/family',
        )
      ).detail,
    ).toMatch(/unknown equipment 'f-35'/);
    await bad([landUnit('a', 100, { readinessDays: -1 })], 'body/units/0/readinessDays');
    expect((await bad([landUnit('a', 0)], 'body/units/0/size')).detail).toMatch(/at least 1/); // F3: a unit of nobody
    await bad([landUnit('a', 100), landUnit('a', 200)], 'body/units/1/id');
    await bad([landUnit('a', 100)], 'body/availableTo', 400, { availableTo: '2025-01-01' });
    await bad([landUnit('a', 100)], 'body/allianceId', 400, { allianceId: 'no-such-alliance' });
    expect(await counts()).toEqual(before);
  });

  it('refuses a pledge by a non-member, a suspended member and a withdrawn member', async () => {
    const before = await counts();
    const body = (allianceId: string) => ({
      allianceId,
      availableFrom: '1950-01-01',
      units: [landUnit('x-1', 100, { caveats: [] })],
    });
    const nonMember = await call('TUR', 'POST', '/api/pledges', body(JAF));
    expect(nonMember).toMatchObject({
      status: 422,
      body: { code: 'not_a_member', field: 'member' },
    });
    expect(nonMember.body.detail).toMatch(/TUR is not a member of/);
    try {
      clock.set('2015-06-01T00:00:00Z');
      const suspended = await call('SYR', 'POST', '/api/pledges', body('arab-league'));
      expect(suspended).toMatchObject({
        status: 422,
        body: { code: 'member_suspended', field: 'member' },
      });
      clock.set('1960-06-01T00:00:00Z');
      const left = await call('IRQ', 'POST', '/api/pledges', body('baghdad-pact-cento'));
      expect(left).toMatchObject({
        status: 422,
        body: { code: 'member_withdrawn', field: 'member' },
      });
      expect(left.body.detail).toMatch(/left .* on 1959-03-24/);
    } finally {
      clock.set('2026-01-10T08:00:00Z');
    }
    expect((await call(null, 'POST', '/api/pledges', body(JAF))).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('refuses pledging the same unit twice for overlapping periods', async () => {
    const before = await counts();
    const res = await call('EGY', 'POST', '/api/pledges', {
      allianceId: JAF,
      availableFrom: '2026-06-01',
      units: [landUnit('new-unit', 10), landUnit('egy-bde-1', 10)],
    });
    expect(res).toMatchObject({
      status: 409,
      body: { code: 'overlapping_booking', field: 'body/units/1/id' },
    });
    expect(await counts()).toEqual(before);
  });

  it('keeps a signed history: raised, amended, withdrawn; only the member may change its pledge', async () => {
    const raised = await call('JOR', 'POST', '/api/pledges', {
      allianceId: JAF,
      availableFrom: '2026-01-01',
      units: [landUnit('jor-qrf-1', 1000)],
    });
    const id = raised.body.id;
    expect(
      (
        await call('SAU', 'PATCH', `/api/pledges/${id}`, {
          availableFrom: '2026-01-01',
          units: [landUnit('jor-qrf-1', 10)],
        })
      ).status,
    ).toBe(403);
    // F2: ownership is checked before the body, so a non-owner gets 403 even for an invalid body.
    expect(
      (
        await call('SAU', 'PATCH', `/api/pledges/${id}`, {
          availableFrom: '2026-01-01',
          units: [landUnit('jor-qrf-1', -3)],
        })
      ).status,
    ).toBe(403);
    expect((await call('SAU', 'PATCH', `/api/pledges/${id}`, { units: 'nonsense' })).status).toBe(
      403,
    );
    const amended = await call('JOR', 'PATCH', `/api/pledges/${id}`, {
      availableFrom: '2026-01-01',
      units: [landUnit('jor-qrf-1', 1200), landUnit('jor-qrf-2', 600)],
    });
    expect(amended.body).toMatchObject({ status: 'amended', version: 2 });
    expect(amended.body.units).toHaveLength(2);
    const withdrawn = await call(
      'JOR',
      'DELETE',
      `/api/pledges/${id}?reason=${encodeURIComponent('forces needed at home')}`,
    );
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(
      (
        await call('JOR', 'PATCH', `/api/pledges/${id}`, {
          availableFrom: '2026-01-01',
          units: [landUnit('jor-qrf-1', 5)],
        })
      ).body.code,
    ).toBe('pledge_withdrawn');
    const got = await call('QAT', 'GET', `/api/pledges/${id}`);
    expect(
      got.body.history.map((h: { type: string; actor: string }) => `${h.actor} ${h.type}`),
    ).toEqual([
      'JOR forces.pledge.raised',
      'JOR forces.pledge.amended',
      'JOR forces.pledge.withdrawn',
    ]);
    expect((await call('QAT', 'GET', `/api/pledges?alliance=${JAF}&member=JOR`)).body).toEqual([]);
    expect(
      (await call('QAT', 'GET', `/api/pledges?alliance=${JAF}&member=JOR&includeWithdrawn=true`))
        .body,
    ).toHaveLength(1);
    const chain = await verifyChain(node.store.db.withTables<RecordTables>());
    expect(chain).toMatchObject({ ok: true, firstBroken: null });
    const findings = await verifyForces(node);
    expect(findings.length).toBeGreaterThanOrEqual(2);
    expect(findings.every((f) => f.ok)).toBe(true);
  });

  it('matches a stated requirement to pledges; a new pledge moves coverage', async () => {
    const stated = await call(null, 'POST', '/api/requirements', {
      allianceId: JAF,
      title: 'Regional defence',
      task: 'collective_defence',
      area: { name: 'Gulf', states: ['SAU', 'KWT'] },
      startDate: '2026-03-01',
      durationDays: 90,
      hostConsent: ['SAU', 'KWT'],
      lines: [
        { id: 'land', capability: 'land', personnel: 8000, maxReadinessDays: 30 },
        { id: 'med', capability: 'medical', personnel: 300, maxReadinessDays: 30 },
      ],
    });
    expect(stated.status).toBe(201);
    expect(stated.body.statedBy).toBe('SECRETARIAT');
    const gen1 = (await call('EGY', 'GET', `/api/requirements/${stated.body.id}/generation`)).body
      .result;
    expect(
      gen1.lines.map((l: { lineId: string; covered: number }) => [l.lineId, l.covered]),
    ).toEqual([
      ['land', 5000],
      ['med', 300],
    ]);
    await call('KWT', 'POST', '/api/pledges', {
      allianceId: JAF,
      availableFrom: '2026-01-01',
      units: [landUnit('kwt-mech-1', 900), landUnit('kwt-slow', 5000, { readinessDays: 60 })],
    });
    const gen2 = (await call('EGY', 'GET', `/api/requirements/${stated.body.id}/generation`)).body
      .result;
    expect(gen2.lines[0]).toMatchObject({ covered: 5900, short: 2100, excluded: { readiness: 1 } });
    expect(
      gen2.burden.map((b: { member: string; troops: number }) => [b.member, b.troops]),
    ).toEqual([
      ['EGY', 5300],
      ['KWT', 900],
    ]);
    const board = (await call('EGY', 'GET', `/api/forces/board/${JAF}`)).body;
    expect(board.capabilities.find((c: { capability: string }) => c.capability === 'land')).toEqual(
      { capability: 'land', pledged: 10900, required: 8000, covered: 5900, short: 2100 },
    );
    expect(
      (
        await call('EGY', 'PUT', `/api/forces/cost-formula/${JAF}`, {
          currency: 'USD',
          perTroopPerDay: 100,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(null, 'PUT', `/api/forces/cost-formula/${JAF}`, {
          currency: 'USD',
          perTroopPerDay: 100,
        })
      ).status,
    ).toBe(200);
    const gen3 = (await call('EGY', 'GET', `/api/requirements/${stated.body.id}/generation`)).body
      .result;
    expect(gen3.burden[1]).toMatchObject({ member: 'KWT', cost: 900 * 100 * 90 });
  });

  it('plans an exercise, detects conflicts, takes consent, and an after-action finding feeds the matrix', async () => {
    const p = (
      await call('SAU', 'POST', '/api/pledges', {
        allianceId: JAF,
        availableFrom: '2026-01-01',
        units: [
          {
            ...landUnit('sau-patriot-1', 900),
            type: 'air_and_missile_defence',
            caveats: [],
            readinessDays: 7,
            equipment: [{ family: 'patriot' }],
          },
        ],
      })
    ).body;
    const egy = (
      await call('EGY', 'POST', '/api/pledges', {
        allianceId: JAF,
        availableFrom: '2026-01-01',
        units: [
          {
            ...landUnit('egy-ad-1', 1500),
            type: 'air_and_missile_defence',
            caveats: [],
            readinessDays: 60,
            equipment: [{ family: 's-300vm' }],
          },
        ],
      })
    ).body;
    const plan = {
      allianceId: JAF,
      title: 'Missile-warning drill',
      aim: 'pass warnings',
      scenario: 'missile-warning-drill',
      participants: ['SAU', 'EGY'],
      hosts: ['SAU'],
      area: { name: 'Riyadh area', lon: 46.72, lat: 24.71 },
      from: '2026-02-01',
      to: '2026-02-05',
      units: [
        { pledgeId: p.id, unitId: 'sau-patriot-1' },
        { pledgeId: egy.id, unitId: 'egy-ad-1' },
      ],
    };
    // SAU may not book EGY's unit (members keep command of their forces); the secretariat plans for the council.
    expect((await call('SAU', 'POST', '/api/exercises', plan)).body).toMatchObject({
      status: 422,
      code: 'unit_not_own',
      field: 'body/units/1',
    });
    const planned = await call(null, 'POST', '/api/exercises', plan);
    expect(planned.status).toBe(201);
    expect(planned.body.conflicts.map((c: { code: string }) => c.code)).toEqual([
      'host_consent_missing',
      'readiness_not_met',
    ]);
    const before = await counts();
    const clash = await call('SAU', 'POST', '/api/exercises', {
      ...plan,
      title: 'Second drill',
      from: '2026-02-05',
      to: '2026-02-08',
      units: [{ pledgeId: p.id, unitId: 'sau-patriot-1' }],
    });
    expect(clash).toMatchObject({
      status: 409,
      body: { code: 'overlapping_booking', field: 'body/units/0' },
    });
    expect(
      (await call('SAU', 'POST', '/api/exercises', { ...plan, participants: ['TUR'] })).body,
    ).toMatchObject({ status: 422, field: 'body/participants/0' });
    expect(await counts()).toEqual(before);
    expect((await call('EGY', 'POST', `/api/exercises/${planned.body.id}/consent`)).status).toBe(
      403,
    );
    const consented = await call('SAU', 'POST', `/api/exercises/${planned.body.id}/consent`);
    expect(consented.body.conflicts.map((c: { code: string }) => c.code)).toEqual([
      'readiness_not_met',
    ]);
    // Gap before the exercise: Patriot and S-300VM share no data link.
    const m1 = (
      await call(
        'EGY',
        'GET',
        `/api/forces/interoperability?alliance=${JAF}&capability=air_and_missile_defence`,
      )
    ).body;
    const pair = (m: { cells: { a: string; b: string; data: string }[] }) =>
      m.cells.find(
        (c) =>
          [c.a, c.b].sort().join() ===
          [`${p.id}/sau-patriot-1`, `${egy.id}/egy-ad-1`].sort().join(),
      )!;
    expect(pair(m1).data).toBe('none');
    const two = (
      await call(
        'EGY',
        'GET',
        `/api/forces/interoperability?alliance=${JAF}&units=${encodeURIComponent(`${p.id}/sau-patriot-1,${egy.id}/egy-ad-1`)}`,
      )
    ).body;
    expect(two.units.map((u: { key: string }) => u.key).sort()).toEqual(
      [`${egy.id}/egy-ad-1`, `${p.id}/sau-patriot-1`].sort(),
    );
    expect(two.cells).toHaveLength(1);
    expect(
      (await call('EGY', 'GET', `/api/forces/interoperability?alliance=${JAF}&units=nope/x`)).body,
    ).toMatchObject({ status: 400, field: 'query/units' });
    expect(
      (await call('SAU', 'POST', `/api/exercises/${planned.body.id}/aar`, { lessons: ['x'] })).body
        .code,
    ).toBe('exercise_not_started');
    clock.set('2026-02-06T12:00:00Z');
    try {
      const aar = await call('EGY', 'POST', `/api/exercises/${planned.body.id}/aar`, {
        lessons: ['Warnings passed by voice relay took four minutes'],
        findings: [
          {
            familyA: 'patriot',
            familyB: 's-300vm',
            channel: 'data',
            result: 'works',
            note: 'track exchange through a national gateway',
          },
        ],
      });
      expect(aar.status).toBe(201);
      expect(aar.body).toMatchObject({
        status: 'completed',
        aar: { lessons: ['Warnings passed by voice relay took four minutes'] },
      });
      const m2 = (
        await call(
          'EGY',
          'GET',
          `/api/forces/interoperability?alliance=${JAF}&capability=air_and_missile_defence`,
        )
      ).body;
      expect(pair(m2).data).toBe('link');
      const replay = await verifyForces(node);
      expect(replay.find((f) => f.message.startsWith(`exercise ${planned.body.id}`))).toMatchObject(
        { ok: true, message: expect.stringContaining('completed, consents [SAU]') },
      );
      const bad = await call('EGY', 'POST', `/api/exercises/${planned.body.id}/aar`, {
        lessons: [],
        findings: [
          { familyA: 'patriot', familyB: 'iron-dome', channel: 'data', result: 'works', note: 'n' },
        ],
      });
      expect(bad.body).toMatchObject({ status: 400, field: 'body/findings/0/familyB' });
    } finally {
      clock.set('2026-01-10T08:00:00Z');
    }
  });
  it("refuses booking another member's unit, or a non-participant's; the owner can still book it (F1)", async () => {
    const qat = (
      await call('QAT', 'POST', '/api/pledges', {
        allianceId: JAF,
        availableFrom: '2026-01-01',
        units: [
          {
            ...landUnit('qat-amd-1', 400),
            type: 'air_and_missile_defence',
            caveats: [],
            readinessDays: 7,
            equipment: [{ family: 'patriot' }],
          },
        ],
      })
    ).body;
    const unit = [{ pledgeId: qat.id, unitId: 'qat-amd-1' }];
    const plan = (participants: string[], extra: Record<string, unknown> = {}) => ({
      allianceId: JAF,
      title: 'Booking test',
      aim: 'test',
      scenario: 'missile-warning-drill',
      participants,
      hosts: ['EGY'],
      area: cairo,
      from: '2027-03-01',
      to: '2027-03-10',
      units: unit,
      ...extra,
    });
    const before = await counts();
    const egyAlone = await call('EGY', 'POST', '/api/exercises', plan(['EGY']));
    expect(egyAlone).toMatchObject({
      status: 422,
      body: { code: 'unit_not_own', field: 'body/units/0' },
    });
    expect(egyAlone.body.detail).toMatch(/belongs to QAT/);
    const egyListingQat = await call('EGY', 'POST', '/api/exercises', plan(['EGY', 'QAT']));
    expect(egyListingQat).toMatchObject({
      status: 422,
      body: { code: 'unit_not_own', field: 'body/units/0' },
    });
    const council = await call(null, 'POST', '/api/exercises', plan(['EGY']));
    expect(council).toMatchObject({
      status: 422,
      body: { code: 'unit_not_participant', field: 'body/units/0' },
    });
    expect(await counts()).toEqual(before);
    const own = await call(
      'QAT',
      'POST',
      '/api/exercises',
      plan(['QAT'], { from: '2027-03-05', to: '2027-03-06', hosts: ['QAT'] }),
    );
    expect(own.status).toBe(201);
    expect(own.body.plannedBy).toBe('QAT');
  });
});

describeEachDialect('forces demo seed', (dialect) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await openTestNode({
      dialect,
      clock: new ManualClock('2026-01-10T08:00:00Z'),
      seedModules: true,
    });
  });
  afterAll(async () => node?.close());

  it("seeds Egypt's sourced pledge, illustrative others, the Cairo HQ and one missile-warning drill, idempotently", async () => {
    const app = await buildTestApp(node);
    try {
      const headers = { authorization: `Bearer ${await node.tokenFor('QAT')}` };
      const pledges = (
        await app.inject({ method: 'GET', url: '/api/pledges?alliance=joint-arab-force', headers })
      ).json();
      const egy = pledges.find((p: { member: string }) => p.member === 'EGY');
      expect(egy.units.reduce((s: number, u: { size: number }) => s + u.size, 0)).toBe(20000);
      expect(egy.illustrative).toBe(false);
      expect(egy.sources.map((s: { note?: string }) => s.note).join(' ')).toMatch(/20,000 troops/);
      expect(
        pledges
          .filter((p: { member: string }) => p.member !== 'EGY')
          .every((p: { illustrative: boolean }) => p.illustrative),
      ).toBe(true);
      // F4: the board is public (read-only), with Egypt's sourced pledge and the HQ; pledging still needs a member.
      const publicBoard = await app.inject({
        method: 'GET',
        url: '/api/forces/board/joint-arab-force',
      });
      expect(publicBoard.statusCode).toBe(200);
      expect(
        publicBoard.json().pledges.find((p: { member: string }) => p.member === 'EGY'),
      ).toMatchObject({ troops: 20000, sourced: true });
      expect(publicBoard.json().headquarters).toMatchObject({ host: 'EGY' });
      expect(
        (await app.inject({ method: 'GET', url: '/api/exercises?alliance=joint-arab-force' }))
          .statusCode,
      ).toBe(401);
      const hq = (
        await app.inject({ method: 'GET', url: '/api/forces/headquarters/joint-arab-force' })
      ).json();
      expect(hq).toMatchObject({ host: 'EGY', place: { name: 'Cairo' } });
      const exercises = (
        await app.inject({
          method: 'GET',
          url: '/api/exercises?alliance=joint-arab-force',
          headers,
        })
      ).json();
      expect(
        exercises.map((e: { scenario: string; status: string }) => `${e.scenario} ${e.status}`),
      ).toEqual(['missile-warning-drill planned']);
      const board = (
        await app.inject({ method: 'GET', url: '/api/forces/board/joint-arab-force', headers })
      ).json();
      expect(board.requirement.title).toMatch(/illustrative/);
      expect(board.capabilities.some((c: { short: number }) => c.short > 0)).toBe(true);
      expect(board.interop.dataIslands).toBeGreaterThan(1);
      const acts = await node.record.count();
      for (const m of node.modules) await m.seed?.(node);
      expect(await node.record.count()).toBe(acts);
    } finally {
      await app.close();
    }
  });

  it('#12.1 the demo pledges and HQ are signed by the illustrative identity, depicting the member, and replay as the member', async () => {
    const raised = await node.record.list({ type: 'forces.pledge.raised' });
    expect(raised.length).toBeGreaterThanOrEqual(10);
    expect(new Set(raised.map((a) => a.actor))).toEqual(new Set(['ILLUSTRATIVE']));
    const depicted = raised.map((a) => (a.payload as { depicts: string }).depicts).sort();
    expect(depicted).toEqual(expect.arrayContaining(['EGY', 'SAU', 'QAT', 'OMN']));
    const hq = await node.record.list({ type: 'forces.headquarters.recorded' });
    expect(hq.map((a) => [a.actor, (a.payload as { depicts: string }).depicts])).toEqual([
      ['ILLUSTRATIVE', 'EGY'],
    ]);
    const findings = (await node.modules.find((m) => m.name === 'forces')!.verify!(node)).filter(
      (f) => /^pledge /.test(f.message),
    );
    expect(findings.length).toBeGreaterThanOrEqual(10);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
  });
});
