import { expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { useTestApp } from '../app/testing.js';
import { describeEachDialect } from '../store/testing.js';
import type { ProcurementProposal, ProposalFigures } from './procurement-rules.js';

const unit = (id: string, type: string, family: string) => ({
  id,
  name: id,
  type,
  size: 100,
  readinessDays: 10,
  durationDays: 180,
  homeBase: { name: 'Base', lon: 50.5, lat: 26.2 },
  caveats: [],
  equipment: [{ family, quantity: 4 }],
});

describeEachDialect(
  'procurement API: proposal from the forces matrix, commitments as signed acts',
  (dialect) => {
    const clock = new ManualClock('2026-03-02T08:00:00Z');
    const { node, app } = useTestApp({ dialect, clock });
    const auth = async (member: string | null) => ({
      authorization: `Bearer ${await node.tokenFor(member)}`,
    });
    const post = async (member: string | null, url: string, payload?: object) =>
      app.inject({ method: 'POST', url, headers: await auth(member), payload: payload ?? {} });

    it('proposes a common standard over the pledged units, records it and each changing member commits', async () => {
      // Five GCC units: only the F-16 and the Rafale share a data link (Link 16): 10 pairs, 9 gaps.
      for (const [m, units] of [
        [
          'SAU',
          [unit('sau-f16', 'air', 'f-16-block50plus'), unit('sau-mbt', 'land', 'm1a2-abrams')],
        ],
        ['QAT', [unit('qat-rafale', 'air', 'rafale'), unit('qat-mbt', 'land', 'leopard-2a7')]],
        ['KWT', [unit('kwt-helo', 'air', 'uh-60-black-hawk')]],
      ] as const) {
        const r = await post(m, '/api/pledges', {
          allianceId: 'gcc',
          availableFrom: '2026-03-01',
          units,
        });
        expect(r.statusCode, r.body).toBe(201);
      }
      const compute = async (budget: number) => {
        const r = await app.inject({
          method: 'GET',
          url: `/api/procurement/proposal?alliance=gcc&budget=${budget}`,
        });
        expect(r.statusCode, r.body).toBe(200);
        return r.json<ProposalFigures>();
      };
      // Budget 1: Link 16 on any one of the three other units closes its 2 gaps (with the F-16 and the Rafale).
      const one = await compute(1);
      expect(one).toMatchObject({
        standard: 'link-16',
        units: 5,
        gaps: 9,
        closed: 2,
        optimumClosed: 2,
      });
      expect(one.changes).toHaveLength(1);
      // Budget 2: four Link 16 units, 6 pairs, one already linked: 5 closed, two members change.
      expect(await compute(2)).toMatchObject({ closed: 5, optimumClosed: 5 });
      // Budget 3: every unit on Link 16: all 9 gaps close; SAU, QAT and KWT each re-equip one unit.
      const three = await compute(3);
      expect(three).toMatchObject({
        standard: 'link-16',
        closed: 9,
        optimumClosed: 9,
        shortfalls: [],
      });
      expect(three.equip.map((e) => e.key.split('/')[1]).sort()).toEqual([
        'kwt-helo',
        'qat-mbt',
        'sau-mbt',
      ]);
      expect(three.changes).toEqual([
        { member: 'KWT', units: 1 },
        { member: 'QAT', units: 1 },
        { member: 'SAU', units: 1 },
      ]);
      expect(three.gainers).toEqual(['KWT', 'QAT', 'SAU']);

      // Recorded as SAU's signed act.
      const rec = await post('SAU', '/api/procurement/proposals', { allianceId: 'gcc', budget: 3 });
      expect(rec.statusCode, rec.body).toBe(201);
      const p = rec.json<ProcurementProposal>();
      expect(p).toMatchObject({ proposedBy: 'SAU', status: 'open', closed: 9, commitments: [] });
      const [act] = await node.record.list({ subject: p.id });
      expect(act).toMatchObject({ actor: 'SAU', type: 'procurement.proposed' });
      // Outsiders and members with nothing to change are refused; nothing is recorded.
      const before = await node.record.count();
      expect(
        (await post('OMN', `/api/procurement/proposals/${p.id}/commitments`)).json(),
      ).toMatchObject({
        code: 'not_changing',
      });
      expect((await post('EGY', `/api/procurement/proposals/${p.id}/commitments`)).statusCode).toBe(
        422,
      );
      expect((await post(null, `/api/procurement/proposals/${p.id}/commitments`)).statusCode).toBe(
        403,
      );
      expect(await node.record.count()).toBe(before);
      // QAT commits (once), then KWT and SAU: the proposal is committed.
      const q = await post('QAT', `/api/procurement/proposals/${p.id}/commitments`, {
        note: 'Link 16 terminals in the 2027 budget',
      });
      expect(q.statusCode, q.body).toBe(201);
      expect(q.json<ProcurementProposal>()).toMatchObject({
        status: 'open',
        commitments: [{ member: 'QAT', note: 'Link 16 terminals in the 2027 budget' }],
      });
      expect(q.json<ProcurementProposal>().commitments[0].units[0]).toMatch(/\/qat-mbt$/);
      expect(
        (await post('QAT', `/api/procurement/proposals/${p.id}/commitments`)).json(),
      ).toMatchObject({
        code: 'already_committed',
      });
      await post('KWT', `/api/procurement/proposals/${p.id}/commitments`);
      const last = await post('SAU', `/api/procurement/proposals/${p.id}/commitments`);
      expect(last.json<ProcurementProposal>().status).toBe('committed');
      expect((await node.record.list({ subject: p.id })).map((a) => [a.actor, a.type])).toEqual([
        ['SAU', 'procurement.proposed'],
        ['QAT', 'procurement.committed'],
        ['KWT', 'procurement.committed'],
        ['SAU', 'procurement.committed'],
      ]);
      const list = await app.inject({
        method: 'GET',
        url: '/api/procurement/proposals?alliance=gcc',
      });
      expect(list.json<ProcurementProposal[]>().map((x) => x.id)).toEqual([p.id]);
      // tahaluf verify refolds the proposal from its acts.
      const findings = (
        await node.modules.find((m) => m.name === 'programmes')!.verify!(node)
      ).filter((f) => f.message.includes('procurement'));
      expect(findings).toEqual([expect.objectContaining({ ok: true })]);
      // An unknown alliance or budget is a bad request.
      expect(
        (await app.inject({ method: 'GET', url: '/api/procurement/proposal?alliance=nope' }))
          .statusCode,
      ).toBe(400);
      expect(
        (
          await app.inject({
            method: 'GET',
            url: '/api/procurement/proposal?alliance=gcc&budget=0',
          })
        ).statusCode,
      ).toBe(400);
    });
  },
);
