import { expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { useTestApp } from '../src/app/testing.js';
import { modules } from '../src/app/modules.js';
import type { RecordTables } from '../src/record/migrations.js';
import { verifyChain } from '../src/record/verify.js';
import { describeEachDialect } from '../src/store/testing.js';

/**
 * #14.1 accession end to end through the API: the "Islamic NATO" proposal's text enters into force for
 * two signatories, Pakistan applies, the parties' council decides by the charter's admission rule
 * (consensus, an assumption said in the charter data), Pakistan signs, ratifies, deposits, and the
 * obligations answer changes on its entry-into-force date. A scenario on this node, not a seeded fact.
 */
describeEachDialect('#14.1 life-cycle acts: accession to a proposed alliance', (dialect) => {
  const clock = new ManualClock('2026-06-01T08:00:00Z');
  const { node, app } = useTestApp({ clock, dialect, modules });
  const auth = async (member: string | null) => ({
    authorization: `Bearer ${await node.tokenFor(member)}`,
  });
  const act = async (as: string | null, body: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/api/alliances/islamic-nato/lifecycle',
      headers: await auth(as),
      payload: body,
    });
  const boundToward = async (state: string, date: string) => {
    const r = await app.inject({ url: `/api/obligations?attacked=${state}&date=${date}` });
    expect(r.statusCode).toBe(200);
    return r
      .json<{
        bound: { state: string; allianceId: string; obligation: string; article: string | null }[];
      }>()
      .bound.filter((b) => b.allianceId === 'islamic-nato')
      .map((b) => `${b.state} ${b.obligation} ${b.article}`)
      .sort();
  };

  it('founding signatories bring the text into force; Pakistan accedes through the council; obligations change on the day', async () => {
    const before = await node.record.count();
    // Nothing stored half-way: refused acts leave the record as it was.
    const early = await act('PAK', { kind: 'application', state: 'PAK', date: '2026-01-05' });
    expect(early.json()).toMatchObject({ status: 422, code: 'not_in_force' });
    const unsigned = await act('PAK', { kind: 'ratification', state: 'PAK', date: '2026-01-05' });
    expect(unsigned.json()).toMatchObject({ status: 422, code: 'not_signed' });
    const forOther = await act('SAU', { kind: 'signature', state: 'PAK', date: '2026-01-05' });
    expect(forOther.statusCode).toBe(403);
    expect(await node.record.count()).toBe(before);

    for (const s of ['SAU', 'TUR']) {
      expect((await act(s, { kind: 'signature', state: s, date: '2026-01-10' })).statusCode).toBe(
        201,
      );
      expect(
        (await act(s, { kind: 'ratification', state: s, date: '2026-02-01' })).statusCode,
      ).toBe(201);
      const dep = await act(s === 'SAU' ? s : null, {
        kind: 'deposit',
        state: s,
        date: '2026-02-15',
      });
      expect(dep.statusCode).toBe(201);
    }
    const twice = await act('SAU', { kind: 'signature', state: 'SAU', date: '2026-01-11' });
    expect(twice.json()).toMatchObject({ status: 409, code: 'already_signed' });
    const byMember = await act('SAU', { kind: 'entry_into_force', date: '2026-03-01' });
    expect(byMember.statusCode).toBe(403);
    const eif = await act(null, {
      kind: 'entry_into_force',
      date: '2026-03-01',
      provisions: [
        {
          obligation: 'defense',
          article: 'Art. 5',
          summary: 'An armed attack on one party is an attack on all (scenario text).',
        },
      ],
    });
    expect(eif.statusCode).toBe(201);
    expect(eif.json().members).toEqual(['SAU', 'TUR']);
    expect(await boundToward('SAU', '2026-02-28')).toEqual([]);
    expect(await boundToward('SAU', '2026-03-01')).toEqual(['TUR defense Art. 5']);

    expect(
      (await act('PAK', { kind: 'application', state: 'PAK', date: '2026-04-01' })).statusCode,
    ).toBe(201);
    const again = await act('PAK', { kind: 'application', state: 'PAK', date: '2026-04-02' });
    expect(again.json()).toMatchObject({ status: 409, code: 'already_applied' });

    // Admission needs an adopted decision of the charter's admission type, on this matter.
    const noDecision = await act(null, { kind: 'admission', state: 'PAK', date: '2026-06-01' });
    expect(noDecision.json()).toMatchObject({ status: 400, field: 'decision' });
    const open = async (matter: string, decisionType = 'admission') =>
      app.inject({
        method: 'POST',
        url: '/api/council/procedures',
        headers: await auth('SAU'),
        payload: {
          charterId: 'islamic-nato',
          kind: 'decision',
          decisionType,
          title: `Admission of Pakistan (${matter})`,
          matter,
        },
      });
    const wrong = await open('general-matter', 'general');
    expect(wrong.statusCode).toBe(201);
    const proc = await open('admission-pak');
    expect(proc.statusCode).toBe(201);
    const id = proc.json<{ id: string }>().id;
    const stillOpen = await act(null, {
      kind: 'admission',
      state: 'PAK',
      date: '2026-06-01',
      decision: id,
    });
    expect(stillOpen.json()).toMatchObject({ status: 422, code: 'decision_open' });
    for (const m of ['SAU', 'TUR'])
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/api/council/procedures/${id}/acts`,
            headers: await auth(m),
            payload: { act: 'vote', choice: 'yes' },
          })
        ).statusCode,
      ).toBe(201);
    const closed = await app.inject({
      method: 'POST',
      url: `/api/council/procedures/${id}/close`,
      headers: await auth('SAU'),
      payload: {},
    });
    expect(closed.json().outcome.status).toBe('adopted');
    const wrongId = wrong.json<{ id: string }>().id;
    const wrongType = await act(null, {
      kind: 'admission',
      state: 'PAK',
      date: '2026-06-01',
      decision: wrongId,
    });
    expect(wrongType.json()).toMatchObject({ status: 422, code: 'wrong_decision' });

    const admitted = await act(null, {
      kind: 'admission',
      state: 'PAK',
      date: '2026-06-01',
      decision: id,
    });
    expect(admitted.statusCode).toBe(201);
    expect(admitted.json().act).toMatchObject({
      actor: 'SECRETARIAT',
      type: 'registry.lifecycle.admission',
    });
    const double = await act(null, {
      kind: 'admission',
      state: 'PAK',
      date: '2026-06-01',
      decision: id,
    });
    expect(double.json()).toMatchObject({ status: 409, code: 'already_member' });

    expect(
      (await act('PAK', { kind: 'signature', state: 'PAK', date: '2026-06-01' })).statusCode,
    ).toBe(201);
    const reservation = await act('PAK', {
      kind: 'reservation',
      state: 'PAK',
      date: '2026-06-01',
      article: 'Art. 5',
      text: 'Scenario reservation: assistance subject to the approval of the national parliament.',
    });
    expect(reservation.statusCode).toBe(201);
    expect(
      (await act('PAK', { kind: 'ratification', state: 'PAK', date: '2026-06-01' })).statusCode,
    ).toBe(201);
    const leaveEarly = await act('PAK', { kind: 'withdrawal', state: 'PAK', date: '2026-06-01' });
    expect(leaveEarly.json()).toMatchObject({ status: 422, code: 'not_a_member' });
    const beforeDeposit = await act(null, {
      kind: 'entry_into_force',
      state: 'PAK',
      date: '2026-06-20',
    });
    expect(beforeDeposit.json()).toMatchObject({ status: 422, code: 'not_deposited' });
    expect(
      (await act('PAK', { kind: 'deposit', state: 'PAK', date: '2026-06-01' })).statusCode,
    ).toBe(201);
    const inForce = await act(null, { kind: 'entry_into_force', state: 'PAK', date: '2026-06-20' });
    expect(inForce.statusCode).toBe(201);
    expect(inForce.json().members).toEqual(['PAK', 'SAU', 'TUR']);

    // The obligations answer changes on the entry-into-force date, citing the act.
    expect(await boundToward('PAK', '2026-06-19')).toEqual([]);
    expect(await boundToward('PAK', '2026-06-20')).toEqual([
      'SAU defense Art. 5',
      'TUR defense Art. 5',
    ]);

    const status = await app.inject({ url: '/api/alliances/islamic-nato/lifecycle' });
    const pak = status
      .json<{ parties: { state: string; inForce: { date: string }; reservations: unknown[] }[] }>()
      .parties.find((p) => p.state === 'PAK')!;
    expect(pak.inForce.date).toBe('2026-06-20');
    expect(pak.reservations).toHaveLength(1);
    expect(status.json().status).toBe('in_force');
    expect((await verifyChain(node.store.db.withTables<RecordTables>())).ok).toBe(true);
  });

  it('withdrawal takes effect after the notice period; suspension needs the council; a restart re-projects the same memberships', async () => {
    const w = await act('TUR', { kind: 'withdrawal', state: 'TUR', date: '2026-06-01' });
    expect(w.statusCode).toBe(201);
    expect(w.json().progress.withdrawal).toMatchObject({
      date: '2026-06-01',
      effective: '2027-06-01',
    });
    const again = await act('TUR', { kind: 'withdrawal', state: 'TUR', date: '2026-06-01' });
    expect(again.json()).toMatchObject({ status: 409, code: 'withdrawal_pending' });
    const members = await app.inject({
      url: '/api/alliances/islamic-nato/members?date=2026-06-30',
    });
    expect(members.json().members.map((m: { state: string }) => m.state)).toEqual([
      'PAK',
      'SAU',
      'TUR',
    ]);
    const susp = await act(null, { kind: 'suspension', state: 'PAK', date: '2026-06-01' });
    expect(susp.json()).toMatchObject({ status: 422, code: 'no_suspension_rule' });
    // A seeded member's notice under its alliance's own rule (GCC: no clause, VCLT Art. 56(2) 12 months).
    const gcc = await app.inject({
      method: 'POST',
      url: '/api/alliances/gcc/lifecycle',
      headers: await auth('QAT'),
      payload: { kind: 'withdrawal', state: 'QAT', date: '2026-05-31', effective: '2026-12-31' },
    });
    expect(gcc.json()).toMatchObject({ status: 400, field: 'effective' });
    const notice = await app.inject({
      method: 'POST',
      url: '/api/alliances/gcc/lifecycle',
      headers: await auth('QAT'),
      payload: { kind: 'withdrawal', state: 'QAT', date: '2026-05-31' },
    });
    expect(notice.statusCode).toBe(201);
    expect(notice.json().progress.withdrawal.effective).toBe('2027-05-31');
    const gccOn = async (date: string) =>
      (await app.inject({ url: `/api/alliances/gcc/members?date=${date}` }))
        .json<{ members: { state: string }[] }>()
        .members.map((m) => m.state);
    expect(await gccOn('2027-05-30')).toContain('QAT');
    expect(await gccOn('2027-05-31')).not.toContain('QAT');
    const noRules = await app.inject({
      method: 'POST',
      url: '/api/alliances/oic/lifecycle',
      headers: await auth('PAK'),
      payload: { kind: 'withdrawal', state: 'PAK', date: '2026-06-01' },
    });
    expect(noRules.json()).toMatchObject({ status: 422, code: 'no_lifecycle_rules' });

    const snapshot = JSON.stringify(node.registry.memberships('islamic-nato'));
    await node.lifecycle.load();
    expect(JSON.stringify(node.registry.memberships('islamic-nato'))).toBe(snapshot);
    expect(node.lifecycle.conflicts).toEqual([]);
  });
});
