import { expect, it } from 'vitest';
import { useTestApp } from '../app/testing.js';
import { ManualClock } from '../core/clock.js';
import { describeEachDialect } from '../store/testing.js';
import { SECRETARIAT } from '../record/model.js';
import type { CohesionPoint } from './cohesion-reader.js';

describeEachDialect(
  'cohesion API: indices from the record, recorded and recomputed by verify',
  (dialect) => {
    const clock = new ManualClock('2026-05-01T08:00:00Z');
    const { node, app } = useTestApp({ dialect, clock });
    const post = async (member: string | null, url: string, payload: object) =>
      app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${await node.tokenFor(member)}` },
        payload,
      });
    const decide = async (votes: Record<string, string>, matter: string) => {
      const open = await post('QAT', '/api/council/procedures', {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'statement',
        title: 'Statement on maritime security',
        matter,
      });
      expect(open.statusCode, open.body).toBe(201);
      for (const [m, choice] of Object.entries(votes))
        expect(
          (
            await post(m, `/api/council/procedures/${open.json<{ id: string }>().id}/acts`, {
              act: 'vote',
              choice,
            })
          ).statusCode,
        ).toBe(201);
    };
    const verifyCohesion = async () =>
      (await node.modules.find((m) => m.name === 'programmes')!.verify!(node)).filter((f) =>
        f.message.startsWith('cohesion'),
      );

    it('computes each index from the acts by the day, records it signed, and verify recomputes the same', async () => {
      const p = await post('QAT', '/api/programmes', {
        allianceId: 'gcc',
        title: 'Economic resilience fund',
        area: 'economy',
        objectives: ['A fund for supply shocks'],
        governance: { rule: 'opt-in' },
        milestones: [{ title: 'Statute drafted', due: '2026-05-10', owner: 'QAT' }],
      });
      const prog = p.json<{ programme: { id: string; milestones: { id: string }[] } }>().programme;
      await post('SAU', `/api/programmes/${prog.id}/join`, {});
      clock.advance(86_400_000);
      await post('QAT', `/api/programmes/${prog.id}/milestones/${prog.milestones[0].id}/complete`, {
        evidence: 'Statute circulated',
      });
      // QAT and SAU vote alike, KWT differs: 1 pair of 3 alike.
      await decide({ QAT: 'yes', SAU: 'yes', KWT: 'no' }, 'cohesion-test-1');

      const r = await app.inject({
        method: 'GET',
        url: '/api/cohesion?alliance=gcc&from=2026-04-01&to=2026-06-01&step=month',
      });
      expect(r.statusCode, r.body).toBe(200);
      const [apr, may, jun] = r.json<{ points: CohesionPoint[] }>().points;
      expect([apr.day, may.day, jun.day]).toEqual(['2026-04-01', '2026-05-01', '2026-06-01']);
      expect(jun.members).toEqual(['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU']);
      // Before any act: nothing to measure, nobody in a programme.
      expect(apr.indices.councilAgreement.value).toBeNull();
      expect(apr.indices.milestonesMet.value).toBeNull();
      expect(apr.indices.programmeParticipation).toEqual({ value: 0, num: 0, den: 6 });
      // 1 June: agreement 1 of 3 pairs; 2 of 6 members in a programme; the one milestone due was met.
      expect(jun.indices.councilAgreement).toEqual({ value: 1 / 3, num: 1, den: 3 });
      expect(jun.indices.programmeParticipation).toEqual({ value: 2 / 6, num: 2, den: 6 });
      expect(jun.indices.milestonesMet).toEqual({ value: 1, num: 1, den: 1 });
      expect(jun.indices.exerciseParticipation).toEqual({ value: 0, num: 0, den: 6 });
      expect(jun.indices.intelligenceShared).toEqual({ value: 0, num: 0, den: 6 });
      // Six GCC members: 15 pairs; each pair shares at least the GCC and the Arab League.
      expect(jun.indices.treatyOverlap.den).toBe(15);
      expect(jun.indices.treatyOverlap.value).toBeGreaterThan(0);

      // Recorded as a signed act of the secretariat; verify recomputes it from the acts before it.
      const rec = await post(null, '/api/cohesion/records', {
        allianceId: 'gcc',
        day: '2026-06-01',
      });
      expect(rec.statusCode, rec.body).toBe(201);
      expect(rec.json<{ point: CohesionPoint }>().point).toEqual(jun);
      expect(
        (await post('QAT', '/api/cohesion/records', { allianceId: 'gcc', day: '2026-06-01' }))
          .statusCode,
      ).toBe(403);
      // Later acts change the live series but not the recorded value, which still verifies.
      await decide({ QAT: 'no', SAU: 'yes' }, 'cohesion-test-2');
      const live = (
        await app.inject({
          method: 'GET',
          url: '/api/cohesion?alliance=gcc&from=2026-06-01&to=2026-06-01',
        })
      ).json<{ points: CohesionPoint[] }>().points[0];
      expect(live.indices.councilAgreement).toEqual({ value: 1 / 4, num: 1, den: 4 });
      const findings = await verifyCohesion();
      expect(findings).toEqual([
        expect.objectContaining({
          ok: true,
          message: expect.stringContaining('gcc on 2026-06-01'),
        }),
      ]);

      // GCC and the proposed joint Arab force on the same measures.
      const cmp = await app.inject({
        method: 'GET',
        url: '/api/cohesion/compare?alliances=gcc,joint-arab-force&from=2026-06-01&to=2026-06-01',
      });
      expect(cmp.statusCode, cmp.body).toBe(200);
      const body = cmp.json<{ alliances: Record<string, CohesionPoint[]> }>();
      expect(Object.keys(body.alliances)).toEqual(['gcc', 'joint-arab-force']);
      expect(body.alliances['joint-arab-force'][0].members.length).toBeGreaterThan(6);

      // Per programme: 2 of 6 GCC members take part; its milestone was met.
      const pc = await app.inject({
        method: 'GET',
        url: `/api/cohesion/programmes/${prog.id}?from=2026-06-01&to=2026-06-01`,
      });
      expect(pc.json()).toMatchObject({
        points: [{ participation: { num: 2, den: 6 }, milestonesMet: { value: 1 } }],
      });
      expect(
        (
          await app.inject({
            method: 'GET',
            url: '/api/cohesion?alliance=nope&from=2026-06-01&to=2026-06-01',
          })
        ).statusCode,
      ).toBe(422);
    });

    it('interoperability from the forces matrix and intelligence pairs from share labels, recorded and verified', async () => {
      const unit = (id: string, type: string, family: string) => ({
        id,
        name: id,
        type,
        size: 100,
        readinessDays: 10,
        durationDays: 180,
        homeBase: { name: 'Base', lon: 46.7, lat: 24.7 },
        caveats: [],
        equipment: [{ family, quantity: 4 }],
      });
      const sau = await post('SAU', '/api/pledges', {
        allianceId: 'gcc',
        availableFrom: '2026-05-01',
        units: [unit('sau-f16', 'air', 'f-16-block50plus'), unit('sau-mbt', 'land', 'm1a2-abrams')],
      });
      expect(sau.statusCode, sau.body).toBe(201);
      const qat = await post('QAT', '/api/pledges', {
        allianceId: 'gcc',
        availableFrom: '2026-05-01',
        units: [unit('qat-rafale', 'air', 'rafale')],
      });
      expect(qat.statusCode, qat.body).toBe(201);
      // SAU releases a report to QAT and KWT: pairs {SAU,QAT} and {SAU,KWT}.
      const share = await post('SAU', '/api/intel/share', {
        collection: 'gcc',
        name: 'Phishing wave against ports',
        classification: 'RESTRICTED',
        releasableTo: ['QAT', 'KWT'],
      });
      expect(share.statusCode, share.body).toBe(201);
      const at = async (who: string | null) =>
        (
          await app.inject({
            method: 'GET',
            url: '/api/cohesion?alliance=gcc&from=2026-06-02&to=2026-06-02',
            headers:
              who === 'public' ? {} : { authorization: `Bearer ${await node.tokenFor(who)}` },
          })
        ).json<{ points: CohesionPoint[] }>().points[0];
      const sec = await at(null);
      // 3 units, 3 pairs: F-16 and Rafale share Link 16; the Abrams has no data link → 1 of 3.
      expect(sec.indices.interoperability).toEqual({ value: 1 / 3, num: 1, den: 3 });
      // 6 members, 15 pairs; 2 pairs exchanged intelligence.
      expect(sec.indices.intelligencePairs).toEqual({ value: 2 / 15, num: 2, den: 15 });
      // A member counts only its own share acts (the poster sees 2, a recipient 0), the public none.
      expect((await at('SAU')).indices.intelligencePairs.num).toBe(2);
      expect((await at('QAT')).indices.intelligencePairs.num).toBe(0);
      const pub = await at('public');
      expect(pub.indices.intelligencePairs.num).toBe(0);
      expect(pub.indices.interoperability).toEqual(sec.indices.interoperability);
      // Only counts leave: no object id, label or act id in the answer.
      expect(JSON.stringify(sec)).not.toMatch(/report--|label|act_/);
      const rec = await post(null, '/api/cohesion/records', {
        allianceId: 'gcc',
        day: '2026-06-02',
      });
      expect(rec.statusCode, rec.body).toBe(201);
      expect(rec.json<{ point: CohesionPoint }>().point).toEqual(sec);
      // SAU withdraws its pledge: the live value changes, the recorded ones still verify.
      const pledgeId = sau.json<{ id: string }>().id;
      const withdrawn = await app.inject({
        method: 'DELETE',
        url: `/api/pledges/${pledgeId}`,
        headers: { authorization: `Bearer ${await node.tokenFor('SAU')}` },
      });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect((await at(null)).indices.interoperability.den).toBe(0);
      const findings = await verifyCohesion();
      expect(findings.map((f) => f.ok)).toEqual([true, true]);
      expect(findings[1].message).toContain('gcc on 2026-06-02');
    });

    it('verify refuses a recorded value that the record does not give: one index changed', async () => {
      const rec = await post(null, '/api/cohesion/records', {
        allianceId: 'gcc',
        day: '2026-06-01',
      });
      expect(rec.statusCode, rec.body).toBe(201);
      const point = rec.json<{ point: CohesionPoint }>().point;
      expect(point.indices.treatyOverlap.den).toBe(15);
      // The same point signed again by the secretariat, but with a treaty overlap the record does not give.
      const forged = {
        ...point,
        indices: {
          ...point.indices,
          treatyOverlap: {
            ...point.indices.treatyOverlap,
            num: point.indices.treatyOverlap.num + 1,
          },
        },
      };
      const act = await node.record.append({
        actor: SECRETARIAT,
        type: 'cohesion.recorded',
        subject: 'cohesion:gcc:2026-06-01',
        payload: forged,
      });
      const findings = await verifyCohesion();
      // Every value recorded by the earlier tests still verifies; the forged one does not.
      expect(findings.filter((f) => !f.ok)).toEqual([
        expect.objectContaining({
          actId: act.id,
          message: expect.stringContaining('recomputation differs'),
        }),
      ]);
      expect(findings.filter((f) => f.ok).length).toBeGreaterThanOrEqual(3);
    });
  },
);
