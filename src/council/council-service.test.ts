import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { SECRETARIAT } from '../record/model.js';
import { describeEachDialect } from '../store/testing.js';
import { openTestNode, type TestNode } from '../app/testing.js';
import { CouncilService } from './council-service.js';
import { councilModule } from './module.js';

const refusedWith = async (p: Promise<unknown>, code: string) => {
  const err = await p.then(() => null, (e: unknown) => e as { status: number; code: string; message: string });
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
    const p = await svc.open('QAT', { charterId: 'gcc', kind: 'consultation', title: 'Consultations on the strike', matter: 'test-matter', grounds: ['security'], deadline: null });
    expect(p).toMatchObject({ status: 'open', openedBy: 'QAT', kind: 'consultation' });
    await svc.act(p.id, 'position', 'SAU', { stance: 'supports', statement: 'Full solidarity.' });
    const before = await node.record.count();
    expect(await refusedWith(svc.act(p.id, 'position', 'EGY', { stance: 'supports' }), 'not_a_member')).toMatch(/EGY is not a member of Gulf Cooperation Council/);
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
    const input = { charterId: 'gcc', kind: 'decision' as const, decisionType: 'use_of_force', title: 'Authorise force', matter: 'uof-matter', deadline: null };
    const why = await refusedWith(svc.open('QAT', input), 'consultation_required');
    expect(why).toBe("no authorisation of force without a completed consultation: no consultation on matter 'uof-matter' has closed in this council");
    const c = await svc.open('QAT', { charterId: 'gcc', kind: 'consultation', title: 'Consult', matter: 'uof-matter', grounds: ['security'], deadline: null });
    await refusedWith(svc.open('QAT', input), 'consultation_required'); // still open
    await svc.close(c.id, 'QAT', 'done');
    const d = await svc.open('QAT', input);
    for (const m of ['QAT', 'SAU', 'ARE', 'KWT']) await svc.act(d.id, 'vote', m, { choice: 'yes' });
    const closed = await svc.close(d.id, SECRETARIAT);
    expect(closed.outcome).toMatchObject({ status: 'adopted', bindingScope: 'all' });
  });

  it('votes: second vote, late vote and a suspended member are refused; the outcome is computed at the deadline', async () => {
    clock.set('2025-09-12T08:00:00Z');
    const d = await svc.open('KWT', { charterId: 'gcc', kind: 'decision', decisionType: 'substantive', title: 'A substantive matter', matter: 'sub', deadline: '2025-09-12T12:00:00.000Z' });
    await svc.act(d.id, 'vote', 'KWT', { choice: 'yes' });
    await svc.act(d.id, 'vote', 'OMN', { choice: 'abstain' });
    const before = await node.record.count();
    await refusedWith(svc.act(d.id, 'vote', 'KWT', { choice: 'no' }), 'already_voted');
    clock.set('2025-09-12T11:59:59Z');
    const live = await svc.act(d.id, 'vote', 'SAU', { choice: 'yes' });
    expect(live.procedure.liveOutcome).toMatchObject({ status: 'pending', provisional: 'no_quorum' });
    clock.set('2025-09-12T12:00:01Z');
    expect(await refusedWith(svc.act(d.id, 'vote', 'ARE', { choice: 'yes' }), 'deadline_passed')).toMatch(/deadline 2025-09-12T12:00:00.000Z has passed/);
    expect(await node.record.count()).toBe(before + 1);
    expect(await svc.closeDue()).toEqual([d.id]);
    const v = await svc.get(d.id);
    expect(v.outcome).toMatchObject({ status: 'no_quorum', reason: 'quorum not met: 3 present of 6, 4 needed' });

    clock.set('2015-06-01T00:00:00Z');
    const al = await svc.open('EGY', { charterId: 'arab-league', kind: 'decision', decisionType: 'general', title: 'A 2015 decision', matter: 'al-2015', deadline: null });
    expect(await refusedWith(svc.act(al.id, 'vote', 'SYR', { choice: 'yes' }), 'member_suspended')).toMatch(/SYR is suspended/);
  });

  it('Pact Art. 6: the aggressor may not vote on measures; Art. 7: a majority binds only acceptors', async () => {
    clock.set('2025-09-13T08:00:00Z');
    const m = await svc.open('KWT', { charterId: 'arab-league', kind: 'decision', decisionType: 'measures', title: 'Measures', matter: 'm', deadline: null, parties: [{ member: 'IRQ', role: 'aggressor' }, { member: 'KWT', role: 'attacked' }] });
    expect(await refusedWith(svc.act(m.id, 'vote', 'IRQ', { choice: 'no' }), 'party_excluded')).toMatch(/IRQ is the aggressor party/);
    const g = await svc.open('EGY', { charterId: 'arab-league', kind: 'decision', decisionType: 'general', title: 'General', matter: 'g', deadline: null });
    const members = ['DZA', 'BHR', 'COM', 'DJI', 'EGY', 'IRQ', 'JOR', 'KWT', 'LBN', 'LBY', 'MRT', 'MAR'];
    for (const mm of members) await svc.act(g.id, 'vote', mm, { choice: 'yes' });
    const out = (await svc.close(g.id, SECRETARIAT)).outcome!;
    expect(out).toMatchObject({ status: 'adopted', bindingScope: 'acceptors' });
    expect(out.bound).toEqual([...members].sort());
  });

  it('collective defence: the article must be named; members record assistance', async () => {
    clock.set('2025-09-14T08:00:00Z');
    const wrong = await refusedWith(svc.open('QAT', { charterId: 'gcc', kind: 'defence', title: 'Invoke', matter: 'def', article: 'Art. 5', deadline: null }), 'wrong_article');
    expect(wrong).toContain('GCC Joint Defence Agreement (2000), Art. 2');
    const inv = await svc.open('QAT', { charterId: 'gcc', kind: 'defence', title: 'Invoke', matter: 'def', article: 'GCC Joint Defence Agreement (2000), Art. 2', deadline: null });
    const r = await svc.act(inv.id, 'assistance', 'SAU', { kind: 'air-defence', description: 'Early-warning data sharing' });
    expect(r.procedure.assistance).toEqual([{ member: 'SAU', kind: 'air-defence', description: 'Early-warning data sharing', at: '2025-09-14T08:00:00.000Z' }]);
  });

  it('silence procedure: an objection one second before the deadline counts; one second after is refused', async () => {
    clock.set('2025-09-15T08:00:00Z');
    const s1 = await svc.open(SECRETARIAT, { charterId: 'nato-reference', kind: 'decision', decisionType: 'silence', title: 'Text', matter: 's1', deadline: '2025-09-15T12:00:00.000Z' });
    const s2 = await svc.open(SECRETARIAT, { charterId: 'nato-reference', kind: 'decision', decisionType: 'silence', title: 'Text', matter: 's2', deadline: '2025-09-15T12:00:00.000Z' });
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
      const p = await svc.open('KWT', { charterId: 'gcc', kind: 'decision', decisionType: 'appointment', title: 'Appoint SG', matter: `sg-${from}`, deadline: null, appointment: { office: 'secretary-general', person: 'Test Person', nationality: 'KWT', from } });
      for (const m of ['KWT', 'SAU', 'QAT', 'OMN']) await svc.act(p.id, 'vote', m, { choice: 'yes' });
      return svc.close(p.id, SECRETARIAT);
    };
    await appoint('2030-01-01');
    await appoint('2033-01-01');
    clock.set('2036-01-01T08:00:00Z');
    const third = svc.open('KWT', { charterId: 'gcc', kind: 'decision', decisionType: 'appointment', title: 'Third', matter: 'sg3', deadline: null, appointment: { office: 'secretary-general', person: 'Test Person', nationality: 'KWT', from: '2036-01-01' } });
    expect(await refusedWith(third, 'term_limit')).toMatch(/at most 2/);
    const o = await svc.offices('gcc', '2034-06-01');
    expect(o.secretaryGeneral).toMatchObject({ person: 'Test Person', termNumber: 2, to: '2036-01-01' });
    expect(o.chair?.holder).toMatch(/^[A-Z]{3}$/);
  });

  it('a member declines its turn in the chair by a signed act; the next in order takes it', async () => {
    const before = await svc.offices('gcc', '2027-12-15');
    const holder = before.chair!.holder;
    await refusedWith(svc.declineChair('QAT' === holder ? 'KWT' : 'QAT', 'gcc', before.chair!.from), 'not_your_turn');
    const after = await svc.declineChair(holder, 'gcc', before.chair!.from);
    expect(after.chair).toMatchObject({ inLine: holder, declined: [{ member: holder }] });
    expect(after.chair!.holder).not.toBe(holder);
  });

  it('two simultaneous votes by the same member: exactly one is recorded', async () => {
    clock.set('2025-09-16T08:00:00Z');
    const d = await svc.open('OMN', { charterId: 'gcc', kind: 'decision', decisionType: 'procedural', title: 'Race', matter: 'race', deadline: null });
    const results = await Promise.allSettled([svc.act(d.id, 'vote', 'BHR', { choice: 'yes' }), svc.act(d.id, 'vote', 'BHR', { choice: 'no' }), svc.act(d.id, 'vote', 'BHR', { choice: 'abstain' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('already_voted');
    expect((await svc.get(d.id)).votes.map((v) => v.member)).toEqual(['BHR']);
  });
});
