import { expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { useTestApp } from '../app/testing.js';
import { describeEachDialect } from '../store/testing.js';
import { programmesModule } from './module.js';
import type { ProgrammeState } from './model.js';

describeEachDialect('programmes API: proposal to a completed milestone', (dialect) => {
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  const { node, app } = useTestApp({ dialect, clock });
  const auth = async (member: string | null) => ({
    authorization: `Bearer ${await node.tokenFor(member)}`,
  });
  const post = async (member: string | null, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: await auth(member), payload: payload ?? {} });

  it('opt-in: propose, join, outsiders stay out, contribute, complete — each a signed act; verify replays it', async () => {
    const proposed = await post('QAT', '/api/programmes', {
      allianceId: 'gcc',
      title: 'Cyber incident-response network',
      area: 'cyber',
      objectives: ['A 24/7 point of contact in every participating CERT'],
      governance: { rule: 'opt-in' },
      milestones: [{ title: 'Points of contact named', due: '2026-06-30', owner: 'QAT' }],
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const p = proposed.json().programme as ProgrammeState;
    expect(proposed.json().act).toMatchObject({ actor: 'QAT', type: 'programmes.proposed' });
    expect(p).toMatchObject({ status: 'proposed', participants: [{ member: 'QAT' }] });

    // Others stay out without blocking: OMN does nothing, SAU joins, the programme is active.
    const join = await post('SAU', `/api/programmes/${p.id}/join`);
    expect(join.statusCode, join.body).toBe(200);
    expect(join.json().programme.status).toBe('active');
    expect(join.json().programme.participants.map((x: { member: string }) => x.member)).toEqual([
      'QAT',
      'SAU',
    ]);
    // A non-member of the GCC is refused, and nothing is recorded.
    const before = await node.record.count();
    const egy = await post('EGY', `/api/programmes/${p.id}/join`);
    expect(egy.statusCode).toBe(422);
    expect(egy.json()).toMatchObject({ code: 'not_a_member' });
    // OMN, not taking part, cannot contribute.
    const omn = await post('OMN', `/api/programmes/${p.id}/contributions`, {
      kind: 'personnel',
      description: 'analysts',
      amount: 4,
      unit: 'persons',
    });
    expect(omn.json()).toMatchObject({ status: 422, code: 'not_a_participant' });
    const badUnit = await post('SAU', `/api/programmes/${p.id}/contributions`, {
      kind: 'money',
      description: 'seed fund',
      amount: 1000000,
      unit: 'dollars',
    });
    expect(badUnit.json()).toMatchObject({ status: 400, field: 'unit' });
    expect(await node.record.count()).toBe(before);

    const money = await post('SAU', `/api/programmes/${p.id}/contributions`, {
      kind: 'money',
      description: 'Shared malware-analysis lab',
      amount: 2500000,
      unit: 'USD',
    });
    expect(money.statusCode, money.body).toBe(201);
    expect(money.json().act).toMatchObject({
      actor: 'SAU',
      type: 'programmes.contribution.committed',
    });

    const ms = p.milestones[0];
    const notOwner = await post('SAU', `/api/programmes/${p.id}/milestones/${ms.id}/complete`, {
      evidence: 'list circulated',
    });
    expect(notOwner.json()).toMatchObject({ code: 'not_the_owner' });
    clock.advance(86_400_000);
    const done = await post('QAT', `/api/programmes/${p.id}/milestones/${ms.id}/complete`, {
      evidence: 'Contact list circulated to participants',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().programme.milestones[0]).toMatchObject({
      status: 'completed',
      completedBy: 'QAT',
      completedAt: '2026-03-03T08:00:00.000Z',
    });
    const twice = await post('QAT', `/api/programmes/${p.id}/milestones/${ms.id}/complete`, {
      evidence: 'again',
    });
    expect(twice.json()).toMatchObject({ code: 'milestone_completed' });

    const left = await post('SAU', `/api/programmes/${p.id}/leave`, { reason: 'budget' });
    expect(left.json().programme).toMatchObject({
      status: 'proposed',
      former: [{ member: 'SAU' }],
    });

    const acts = await node.record.list({ subject: p.id });
    expect(acts.map((a) => [a.actor, a.type])).toEqual([
      ['QAT', 'programmes.proposed'],
      ['SAU', 'programmes.joined'],
      ['SAU', 'programmes.contribution.committed'],
      ['QAT', 'programmes.milestone.completed'],
      ['SAU', 'programmes.left'],
    ]);
    const findings = (await programmesModule.verify!(node)).filter((f) => f.message.includes(p.id));
    expect(findings).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('council governance: joining goes through a GCC decision opened with relatedTo; the closing act settles it', async () => {
    await node.startModules();
    const proposed = await post('KWT', '/api/programmes', {
      allianceId: 'gcc',
      title: 'Joint air-and-missile-warning integration',
      area: 'air-missile-warning',
      objectives: ['Shared early-warning picture among participants'],
      governance: {
        rule: 'council',
        charterId: 'gcc',
        decisionType: 'substantive',
        requiredFor: ['join'],
      },
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const id = (proposed.json().programme as ProgrammeState).id;
    const direct = await post('BHR', `/api/programmes/${id}/join`);
    expect(direct.json()).toMatchObject({ status: 422, code: 'council_decision_required' });

    const req = await post('BHR', `/api/programmes/${id}/requests`, { action: 'join' });
    expect(req.statusCode, req.body).toBe(201);
    const { request, councilProcedure } = req.json<{
      request: { id: string; status: string };
      councilProcedure: Record<string, unknown>;
    }>();
    expect(request.status).toBe('pending');
    expect(councilProcedure).toMatchObject({
      charterId: 'gcc',
      kind: 'decision',
      decisionType: 'substantive',
    });

    // Nothing to settle before the council decides.
    const early = await post('BHR', `/api/programmes/${id}/requests/${request.id}/settle`);
    expect(early.json()).toMatchObject({ status: 422, code: 'council_pending' });

    const open = await post('BHR', '/api/council/procedures', councilProcedure);
    expect(open.statusCode, open.body).toBe(201);
    const procId = open.json().id as string;
    for (const m of ['BHR', 'KWT', 'OMN', 'QAT', 'SAU'])
      expect(
        (await post(m, `/api/council/procedures/${procId}/acts`, { act: 'vote', choice: 'yes' }))
          .statusCode,
      ).toBe(201);
    const close = await post('BHR', `/api/council/procedures/${procId}/close`, {});
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json().outcome?.status ?? close.json().liveOutcome?.status).toBe('adopted');

    // The close was announced on the bus; the programme settled the request (signed by the secretariat).
    const after = (
      await app.inject({ method: 'GET', url: `/api/programmes/${id}` })
    ).json<ProgrammeState>();
    expect(after.requests[0]).toMatchObject({ status: 'approved', procedureId: procId });
    expect(after.participants.map((x) => x.member)).toEqual(['KWT', 'BHR']);
    const settled = await node.record.list({ subject: id, type: 'programmes.request.settled' });
    expect(settled.map((a) => a.actor)).toEqual(['SECRETARIAT']);
    const again = await post('BHR', `/api/programmes/${id}/requests/${request.id}/settle`);
    expect(again.json()).toMatchObject({ code: 'request_settled' });

    const findings = (await programmesModule.verify!(node)).filter(
      (f) => f.message.includes(id) || f.message.includes(request.id),
    );
    expect(findings.length).toBe(2);
    expect(findings.every((f) => f.ok)).toBe(true);
  });

  it('roadmap per member, as JSON and CSV', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/api/programmes/roadmap?member=QAT&format=csv',
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const lines = r.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'member,due,status,completedAt,programme,milestone,area,allianceId,programmeId,milestoneId,illustrative',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual([
      ['QAT', '2026-06-30', 'completed'],
    ]);
    const j = await app.inject({ method: 'GET', url: '/api/programmes/roadmap?member=SAU' });
    expect(j.json()).toEqual({ rows: [] });
  });

  it('roadmap as iCalendar: one all-day event per milestone, RFC 5545 lines', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/api/programmes/roadmap?member=QAT&format=ics',
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/calendar');
    const ics = r.body;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    // Every line ends in CRLF and none is longer than 75 octets (folded lines continue with a space).
    for (const line of ics.slice(0, -2).split('\r\n'))
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20260630\r\nDTEND;VALUE=DATE:20260701');
    expect(unfolded).toContain(
      'SUMMARY:QAT: Points of contact named (Cyber incident-response network)',
    );
    expect(unfolded).toMatch(/DESCRIPTION:completed \d{4}-\d{2}-\d{2} · gcc · cyber/);
  });
});
