import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { SECRETARIAT } from '../record/model.js';
import { describeEachDialect } from '../store/testing.js';
import { openTestNode, type TestNode } from '../app/testing.js';
import { CouncilService } from './council-service.js';
import { councilModule } from './module.js';

const refusedWith = async (p: Promise<unknown>, code: string) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e as { status: number; code: string; message: string },
  );
  expect(err, `expected refusal ${code}`).not.toBeNull();
  expect({ status: err!.status, code: err!.code }).toEqual({ status: 422, code });
  return err!.message;
};

describeEachDialect('council service', (dialect) => {
  let node: TestNode;
  let svc: CouncilService;
  const clock = new ManualClock('2025-09-10T08:00:00Z');
  beforeAll(async () => {
    node = await openTestNode({ dialect, clock, modules: [councilModule] });
    svc = new CouncilService(node);
  });
  afterAll(() => node?.close());

  it('a consultation: request, positions, refusals recorded nowhere, closing summary', async () => {
    clock.set('2025-09-10T08:00:00Z');
    const p = await svc.open('QAT', {
      charterId: 'gcc',
      kind: 'consultation',
      title: 'Consultations on the strike',
      matter: 'test-matter',
      grounds: ['security'],
      deadline: null,
    });
    expect(p).toMatchObject({ status: 'open', openedBy: 'QAT', kind: 'consultation' });
    await svc.act(p.id, 'position', 'SAU', { stance: 'supports', statement: 'Full solidarity.' });
    const before = await node.record.count();
    expect(
      await refusedWith(svc.act(p.id, 'position', 'EGY', { stance: 'supports' }), 'not_a_member'),
    ).toMatch(/EGY is not a member of Gulf Cooperation Council/);
    await refusedWith(svc.act(p.id, 'position', 'SAU', { stance: 'supports' }), 'already_stated');
    await refusedWith(svc.act(p.id, 'vote', 'KWT', { choice: 'yes' }), 'wrong_act');
    await refusedWith(svc.close(p.id, 'KWT'), 'not_allowed_to_close');
    expect(await node.record.count()).toBe(before);
    clock.advance(3600_000);
    const closed = await svc.close(p.id, 'QAT', 'Members expressed solidarity.');
    expect(closed).toMatchObject({ status: 'closed', summary: 'Members expressed solidarity.' });
    expect(closed.timeline.map((e) => e.actor)).toEqual(['QAT', 'SAU', 'QAT']);
    await refusedWith(svc.act(p.id, 'position', 'KWT', { stance: 'x' }), 'procedure_closed');
  });

  it('refuses a use-of-force decision until a consultation on that matter has closed, and says why', async () => {
    clock.set('2025-09-11T08:00:00Z');
    const input = {
      charterId: 'gcc',
      kind: 'decision' as const,
      decisionType: 'use_of_force',
      title: 'Authorise force',
      matter: 'uof-matter',
      deadline: null,
    };
    const why = await refusedWith(svc.open('QAT', input), 'consultation_required');
    expect(why).toBe(
      "no authorisation of force without a completed consultation: no consultation on matter 'uof-matter' has closed in this council",
    );
    const c = await svc.open('QAT', {
      charterId: 'gcc',
      kind: 'consultation',
      title: 'Consult',
      matter: 'uof-matter',
      grounds: ['security'],
      deadline: null,
    });
    await refusedWith(svc.open('QAT', input), 'consultation_required'); // still open
    await svc.close(c.id, 'QAT', 'done');
    const d = await svc.open('QAT', input);
    for (const m of ['QAT', 'SAU', 'ARE', 'KWT']) await svc.act(d.id, 'vote', m, { choice: 'yes' });
    const closed = await svc.close(d.id, SECRETARIAT);
    expect(closed.outcome).toMatchObject({ status: 'adopted', bindingScope: 'all' });
  });

  it('votes: second vote, late vote and a suspended member are refused; the outcome is computed at the deadline', async () => {
    clock.set('2025-09-12T08:00:00Z');
    const d = await svc.open('KWT', {
      charterId: 'gcc',
      kind: 'decision',
      decisionType: 'substantive',
      title: 'A substantive matter',
      matter: 'sub',
      deadline: '2025-09-12T12:00:00.000Z',
    });
    await svc.act(d.id, 'vote', 'KWT', { choice: 'yes' });
    await svc.act(d.id, 'vote', 'OMN', { choice: 'abstain' });
    const before = await node.record.count();
    await refusedWith(svc.act(d.id, 'vote', 'KWT', { choice: 'no' }), 'already_voted');
    clock.set('2025-09-12T11:59:59Z');
    const live = await svc.act(d.id, 'vote', 'SAU', { choice: 'yes' });
    expect(live.procedure.liveOutcome).toMatchObject({
      status: 'pending',
      provisional: 'no_quorum',
    });
    clock.set('2025-09-12T12:00:01Z');
    expect(
      await refusedWith(svc.act(d.id, 'vote', 'ARE', { choice: 'yes' }), 'deadline_passed'),
    ).toMatch(/deadline 2025-09-12T12:00:00.000Z has passed/);
    expect(await node.record.count()).toBe(before + 1);
    expect(await svc.closeDue()).toEqual([d.id]);
    const v = await svc.get(d.id);
    expect(v.outcome).toMatchObject({
      status: 'no_quorum',
      reason: 'quorum not met: 3 present of 6, 4 needed',
    });

    clock.set('2015-06-01T00:00:00Z');
    const al = await svc.open('EGY', {
      charterId: 'arab-league',
      kind: 'decision',
      decisionType: 'general',
      title: 'A 2015 decision',
      matter: 'al-2015',
      deadline: null,
    });
    expect(
      await refusedWith(svc.act(al.id, 'vote', 'SYR', { choice: 'yes' }), 'member_suspended'),
    ).toMatch(/SYR is suspended/);
  });

  it('Pact Art. 6: the aggressor may not vote on measures; Art. 7: a majority binds only acceptors', async () => {
    clock.set('2025-09-13T08:00:00Z');
    const m = await svc.open('KWT', {
      charterId: 'arab-league',
      kind: 'decision',
      decisionType: 'measures',
      title: 'Measures',
      matter: 'm',
      deadline: null,
      parties: [
        { member: 'IRQ', role: 'aggressor' },
        { member: 'KWT', role: 'attacked' },
      ],
    });
    expect(
      await refusedWith(svc.act(m.id, 'vote', 'IRQ', { choice: 'no' }), 'party_excluded'),
    ).toMatch(/IRQ is the aggressor party/);
    const g = await svc.open('EGY', {
      charterId: 'arab-league',
      kind: 'decision',
      decisionType: 'general',
      title: 'General',
      matter: 'g',
      deadline: null,
    });
    const members = [
      'DZA',
      'BHR',
      'COM',
      'DJI',
      'EGY',
      'IRQ',
      'JOR',
      'KWT',
      'LBN',
      'LBY',
      'MRT',
      'MAR',
    ];
    for (const mm of members) await svc.act(g.id, 'vote', mm, { choice: 'yes' });
    const out = (await svc.close(g.id, SECRETARIAT)).outcome!;
    expect(out).toMatchObject({ status: 'adopted', bindingScope: 'acceptors' });
    expect(out.bound).toEqual([...members].sort());
  });

  it('collective defence: the article must be named; members record assistance', async () => {
    clock.set('2025-09-14T08:00:00Z');
    const wrong = await refusedWith(
      svc.open('QAT', {
        charterId: 'gcc',
        kind: 'defence',
        title: 'Invoke',
        matter: 'def',
        article: 'Art. 5',
        deadline: null,
      }),
      'wrong_article',
    );
    expect(wrong).toContain('GCC Joint Defence Agreement (2000), Art. 2');
    const inv = await svc.open('QAT', {
      charterId: 'gcc',
      kind: 'defence',
      title: 'Invoke',
      matter: 'def',
      article: 'GCC Joint Defence Agreement (2000), Art. 2',
      deadline: null,
    });
    const r = await svc.act(inv.id, 'assistance', 'SAU', {
      kind: 'air-defence',
      description: 'Early-warning data sharing',
    });
    expect(r.procedure.assistance).toEqual([
      {
        member: 'SAU',
        kind: 'air-defence',
        description: 'Early-warning data sharing',
        at: '2025-09-14T08:00:00.000Z',
      },
    ]);
  });

  it('silence procedure: an objection one second before the deadline counts; one second after is refused', async () => {
    clock.set('2025-09-15T08:00:00Z');
    const s1 = await svc.open(SECRETARIAT, {
      charterId: 'nato-reference',
      kind: 'decision',
      decisionType: 'silence',
      title: 'Text',
      matter: 's1',
      deadline: '2025-09-15T12:00:00.000Z',
    });
    const s2 = await svc.open(SECRETARIAT, {
      charterId: 'nato-reference',
      kind: 'decision',
      decisionType: 'silence',
      title: 'Text',
      matter: 's2',
      deadline: '2025-09-15T12:00:00.000Z',
    });
    await refusedWith(svc.close(s2.id, SECRETARIAT), 'silence_running');
    await refusedWith(svc.act(s1.id, 'vote', 'FRA', { choice: 'no' }), 'wrong_act');
    clock.set('2025-09-15T11:59:59Z');
    await svc.act(s1.id, 'objection', 'FRA', { statement: 'objection' });
    clock.set('2025-09-15T12:00:01Z');
    await refusedWith(svc.act(s2.id, 'objection', 'FRA', { statement: 'late' }), 'deadline_passed');
    expect((await svc.closeDue()).sort()).toEqual([s1.id, s2.id].sort());
    expect((await svc.get(s1.id)).outcome?.status).toBe('not_adopted');
    expect((await svc.get(s2.id)).outcome?.status).toBe('adopted');
  });

  it('secretary-general: appointed by decision, three-year terms, at most two; offices on a date', async () => {
    const appoint = async (from: string) => {
      clock.set(`${from}T08:00:00Z`);
      const p = await svc.open('KWT', {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'appointment',
        title: 'Appoint SG',
        matter: `sg-${from}`,
        deadline: null,
        appointment: {
          office: 'secretary-general',
          person: 'Test Person',
          nationality: 'KWT',
          from,
        },
      });
      for (const m of ['KWT', 'SAU', 'QAT', 'OMN'])
        await svc.act(p.id, 'vote', m, { choice: 'yes' });
      return svc.close(p.id, SECRETARIAT);
    };
    await appoint('2030-01-01');
    await appoint('2033-01-01');
    clock.set('2036-01-01T08:00:00Z');
    const third = svc.open('KWT', {
      charterId: 'gcc',
      kind: 'decision',
      decisionType: 'appointment',
      title: 'Third',
      matter: 'sg3',
      deadline: null,
      appointment: {
        office: 'secretary-general',
        person: 'Test Person',
        nationality: 'KWT',
        from: '2036-01-01',
      },
    });
    expect(await refusedWith(third, 'term_limit')).toMatch(/at most 2/);
    const o = await svc.offices('gcc', '2034-06-01');
    expect(o.secretaryGeneral).toMatchObject({
      person: 'Test Person',
      termNumber: 2,
      to: '2036-01-01',
    });
    expect(o.chair?.holder).toMatch(/^[A-Z]{3}$/);
  });

  it('a member declines its turn in the chair by a signed act; the next in order takes it', async () => {
    clock.set('2026-01-10T08:00:00Z');
    const before = await svc.offices('gcc', '2027-12-15');
    const holder = before.chair!.holder;
    await refusedWith(
      svc.declineChair('QAT' === holder ? 'KWT' : 'QAT', 'gcc', before.chair!.from),
      'not_your_turn',
    );
    const after = await svc.declineChair(holder, 'gcc', before.chair!.from);
    expect(after.chair).toMatchObject({ inLine: holder, declined: [{ member: holder }] });
    expect(after.chair!.holder).not.toBe(holder);
  });

  it('secretaries-general on record are seeded from the charter data, with sources (C2)', async () => {
    const gcc = await svc.offices('gcc', '2026-11-22');
    expect(gcc.secretaryGeneral).toMatchObject({
      person: 'Jasem Mohamed Albudaiwi',
      nationality: 'KWT',
      from: '2026-02-01',
      termNumber: 2,
      to: '2029-02-01',
    });
    expect(gcc.secretaryGeneral!.sources!.length).toBeGreaterThan(0);
    expect((await svc.offices('gcc', '2023-06-01')).secretaryGeneral).toMatchObject({
      person: 'Jasem Mohamed Albudaiwi',
      termNumber: 1,
    });
    expect((await svc.offices('gcc', '2023-01-31')).secretaryGeneral).toBeNull(); // before the first holder on record
    expect((await svc.offices('arab-league', '2019-05-01')).secretaryGeneral).toMatchObject({
      person: 'Ahmed Aboul Gheit',
      nationality: 'EGY',
      termNumber: 1,
    });
    expect((await svc.offices('oic', '2024-01-01')).secretaryGeneral).toMatchObject({
      person: 'Hissein Brahim Taha',
      nationality: 'TCD',
      from: '2021-11-17',
    });
    const league = await svc.calendar('arab-league', '2026-01-01');
    expect(
      league.secretaryGeneral.map((t) => [t.from, t.termNumber, Boolean(t.unverified)]),
    ).toEqual([
      ['2016-07-03', 1, true],
      ['2021-07-03', 2, true],
    ]);
    for (const id of ['gcc', 'arab-league', 'oic'])
      for (const t of (await svc.calendar(id, '2026-01-01')).secretaryGeneral.filter((x) =>
        x.procedureId.startsWith('record:'),
      ))
        expect(t.sources!.length).toBeGreaterThan(0);
  });

  it('refuses declines of past, current or recorded terms, naming termFrom; a shifted decline is kept as lapsed (C1)', async () => {
    clock.set('2026-01-10T08:00:00Z');
    const acts = await node.record.count();
    // GCC rotation (Arabic order ARE, BHR, SAU, OMN, QAT, KWT), anchor QAT 2023-12: KWT held 2024-12; 2025-12 ARE in line, BHR on record (Sakhir).
    const past = await svc.declineChair('KWT', 'gcc', '2024-12-01').then(
      () => null,
      (e: { status: number; code: string; field?: string }) => e,
    );
    expect(past).toMatchObject({ status: 422, code: 'term_started', field: 'termFrom' });
    const current = await svc.declineChair('ARE', 'gcc', '2025-12-01').then(
      () => null,
      (e: { status: number; code: string; field?: string }) => e,
    );
    expect(current).toMatchObject({ status: 422, code: 'term_started', field: 'termFrom' });
    clock.set('2024-06-01T08:00:00Z'); // before the term, but the term is recorded history (recordedUntil 2025-12-01)
    const recorded = await svc.declineChair('KWT', 'gcc', '2024-12-01').then(
      () => null,
      (e: { status: number; code: string; field?: string }) => e,
    );
    expect(recorded).toMatchObject({ status: 422, code: 'term_recorded', field: 'termFrom' });
    expect(await node.record.count()).toBe(acts);
    clock.set('2026-01-10T08:00:00Z');
    const cal0 = await svc.calendar('gcc', '2028-12-01');
    expect(cal0.chair!.terms.filter((t) => t.from < '2025-12-01').map((t) => t.holder)).toEqual([
      'QAT',
      'KWT',
    ]);
    // SAU declined 2027-12 above (OMN holds it). BHR now declines 2026-12: SAU is in line for 2026-12 instead,
    // so SAU's 2027-12 decline no longer changes anything; it is kept on its term as lapsed and named in the answer.
    const res = await svc.declineChair('BHR', 'gcc', '2026-12-01');
    expect(res.chair).toMatchObject({
      inLine: 'BHR',
      holder: 'SAU',
      declined: [{ member: 'BHR' }],
    });
    expect(res.lapsedDeclines).toEqual([{ termFrom: '2027-12-01', member: 'SAU' }]);
    const cal = await svc.calendar('gcc', '2028-12-01');
    const t2027 = cal.chair!.terms.find((t) => t.from === '2027-12-01')!;
    expect(t2027).toMatchObject({
      inLine: 'OMN',
      holder: 'OMN',
      declined: [],
      lapsed: [{ member: 'SAU' }],
    });
    // Recorded history is untouched.
    expect(cal.chair!.terms.filter((t) => t.from < '2025-12-01').map((t) => t.holder)).toEqual([
      'QAT',
      'KWT',
    ]);
  });

  it('two simultaneous votes by the same member: exactly one is recorded', async () => {
    clock.set('2025-09-16T08:00:00Z');
    const d = await svc.open('OMN', {
      charterId: 'gcc',
      kind: 'decision',
      decisionType: 'procedural',
      title: 'Race',
      matter: 'race',
      deadline: null,
    });
    const results = await Promise.allSettled([
      svc.act(d.id, 'vote', 'BHR', { choice: 'yes' }),
      svc.act(d.id, 'vote', 'BHR', { choice: 'no' }),
      svc.act(d.id, 'vote', 'BHR', { choice: 'abstain' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect((r.reason as { code: string }).code).toBe('already_voted');
    expect((await svc.get(d.id)).votes.map((v) => v.member)).toEqual(['BHR']);
  });
});
