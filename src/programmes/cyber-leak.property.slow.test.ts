import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { useTestApp } from '../app/testing.js';
import { ManualClock } from '../core/clock.js';
import { CLASSIFICATIONS, type Classification } from '../runtime/auth.js';
import { describeEachDialect } from '../store/testing.js';
import { exportCases } from './cyber-cli.js';
import { CyberDesk } from './cyber-desk.js';
import type { CyberCase } from './cyber-model.js';

/**
 * Property (in the style of src/intel/leak.property.slow.test.ts): a cyber incident case shared among
 * three participants (the declarer and two it releases the case to) is invisible to a fourth member —
 * another participant of the same programme, at any clearance — by every path: the case list, search,
 * the case itself, offering help on it, the record (list, by subject, one act, inclusion proof) and the
 * CLI export. The oracle re-states the rule without case-visibility.ts.
 */
const GCC = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];
const SHAREABLE: Classification[] = ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'];
const GHOST = 'case_00000000000000000000000000';

interface Posted {
  id: string;
  token: string;
  declarer: string;
  recipients: string[];
  classification: Classification;
  actIds: string[];
}

describeEachDialect('cyber cases never leak to a fourth member (property-based)', (dialect) => {
  const clock = new ManualClock('2026-04-01T08:00:00Z');
  const { node, app } = useTestApp({ dialect, clock });
  const posted: Posted[] = [];
  let programmeId = '';
  const tokens = new Map<string, string>();
  const auth = async (member: string, clearance: Classification = 'TOP SECRET') => {
    const key = `${member}/${clearance}`;
    if (!tokens.has(key))
      tokens.set(key, await node.tokenFor(member, { clearance, user: `u-${clearance}` }));
    return { authorization: `Bearer ${tokens.get(key)}` };
  };
  const get = async (member: string, url: string, clearance?: Classification) =>
    app.inject({ method: 'GET', url, headers: await auth(member, clearance) });
  const post = async (member: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: await auth(member), payload });

  /** The oracle: who may see a case, from its declaration alone. */
  const sees = (p: Posted, member: string, clearance: Classification) =>
    CLASSIFICATIONS.indexOf(clearance) >= CLASSIFICATIONS.indexOf(p.classification) &&
    (p.declarer === member || p.recipients.includes(member));

  beforeAll(async () => {
    const r = await post('QAT', '/api/programmes', {
      allianceId: 'gcc',
      title: 'Cyber incident-response network',
      area: 'cyber',
      objectives: ['Coordinate incident response among participating CERTs'],
      governance: { rule: 'opt-in' },
    });
    programmeId = r.json<{ programme: { id: string } }>().programme.id;
    for (const m of GCC.filter((x) => x !== 'QAT'))
      expect((await post(m, `/api/programmes/${programmeId}/join`, {})).statusCode).toBe(200);
  });

  it('a case released to three participants is invisible to the fourth by every path', async () => {
    const scenario = fc.shuffledSubarray(GCC, { minLength: 4, maxLength: 4 }).chain((four) =>
      fc.record({
        declarer: fc.constant(four[0]),
        recipients: fc.constant([four[1], four[2]]),
        fourth: fc.constant(four[3]),
        classification: fc.constantFrom(...SHAREABLE),
        severity: fc.constantFrom('low', 'medium', 'high', 'critical'),
        offers: fc.subarray([four[1], four[2]]),
        status: fc.constantFrom(null, 'contained', 'recovering'),
        close: fc.boolean(),
        fourthClearance: fc.constantFrom(...CLASSIFICATIONS),
      }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        clock.advance(60_000);
        const token = `tok${dialect}${++n}x${Math.random().toString(36).slice(2, 8)}`;
        const declared = await post(s.declarer, '/api/cyber/cases', {
          programmeId,
          title: `Ransomware at a port authority ${token}`,
          description: `Encrypted terminal systems; marker ${token}`,
          severity: s.severity,
          classification: s.classification,
          releasableTo: s.recipients,
          requestedAssistance: ['forensics', 'malware analysis'],
          stixIds: ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
        });
        expect(declared.statusCode, declared.body).toBe(201);
        const c = declared.json<{ case: CyberCase; act: { id: string } }>();
        const p: Posted = {
          id: c.case.id,
          token,
          declarer: s.declarer,
          recipients: [...s.recipients],
          classification: s.classification,
          actIds: [c.act.id],
        };
        posted.push(p);
        const acted = async (r: Awaited<ReturnType<typeof post>>) => {
          expect(r.statusCode, r.body).toBeLessThan(300);
          p.actIds.push(r.json<{ act: { id: string } }>().act.id);
        };
        for (const m of s.offers)
          await acted(
            await post(m, `/api/cyber/cases/${p.id}/offers`, {
              kind: 'forensics',
              description: `team of 3 ${token}`,
            }),
          );
        if (s.status)
          await acted(
            await post(s.declarer, `/api/cyber/cases/${p.id}/status`, { status: s.status }),
          );
        if (s.close)
          await acted(
            await post(s.declarer, `/api/cyber/cases/${p.id}/close`, {
              summary: `restored ${token}`,
            }),
          );

        const f = s.fourth;
        const fc4 = s.fourthClearance;
        // API list: exactly the oracle's cases, never this one.
        const list = (await get(f, '/api/cyber/cases', fc4)).json<CyberCase[]>();
        expect(list.map((x) => x.id)).toEqual(
          posted.filter((x) => sees(x, f, fc4)).map((x) => x.id),
        );
        expect(JSON.stringify(list)).not.toContain(token);
        // Search by the case's own words.
        const search = await get(f, `/api/cyber/cases?q=${token}`, fc4);
        expect(search.json()).toEqual([]);
        // The case itself: indistinguishable from one that never existed.
        const ghost = await get(f, `/api/cyber/cases/${GHOST}`, fc4);
        const detail = await get(f, `/api/cyber/cases/${p.id}`, fc4);
        expect(detail.statusCode).toBe(404);
        expect(detail.body.replaceAll(p.id, GHOST)).toBe(ghost.body);
        const offer = await post(f, `/api/cyber/cases/${p.id}/offers`, {
          kind: 'x-help',
          description: 'probe',
        });
        const ghostOffer = await post(f, `/api/cyber/cases/${GHOST}/offers`, {
          kind: 'x-help',
          description: 'probe',
        });
        expect(offer.statusCode).toBe(404);
        expect(offer.body.replaceAll(p.id, GHOST)).toBe(ghostOffer.body);
        // The record: no act of the case listed, counted, or served one by one (nor its inclusion proof).
        for (const url of [
          '/api/record?typePrefix=cyber.&limit=1000',
          `/api/record?subject=${p.id}`,
        ]) {
          const r = (await get(f, url, fc4)).json<{
            acts: { id: string; subject: string | null }[];
            total: number;
          }>();
          expect(r.acts.filter((a) => p.actIds.includes(a.id))).toEqual([]);
          expect(JSON.stringify(r)).not.toContain(token);
        }
        expect(
          (await get(f, `/api/record?subject=${p.id}`, fc4)).json<{ total: number }>().total,
        ).toBe(0);
        for (const actId of p.actIds) {
          const one = await get(f, `/api/record/${actId}`, fc4);
          expect(one.statusCode).toBe(404);
          const proof = await get(f, `/api/record/proof/inclusion?actId=${actId}`, fc4);
          expect(proof.statusCode).toBe(404);
        }
        // The CLI export (the function `tahaluf cyber export --member` prints).
        const exported = await exportCases(new CyberDesk(node), { member: f, clearance: fc4 });
        expect(exported.cases.map((x) => x.id)).not.toContain(p.id);
        expect(JSON.stringify(exported)).not.toContain(token);

        // Not vacuous: the three it was shared among see it (at a clearance that reaches it).
        for (const m of [s.declarer, ...s.recipients]) {
          const mine = (await get(m, `/api/cyber/cases?q=${token}`)).json<CyberCase[]>();
          expect(mine.map((x) => x.id)).toEqual([p.id]);
          expect((await get(m, `/api/cyber/cases/${p.id}`)).statusCode).toBe(200);
        }
        expect(
          (
            await exportCases(new CyberDesk(node), {
              member: s.recipients[0],
              clearance: 'TOP SECRET',
            })
          ).cases.map((x) => x.id),
        ).toContain(p.id);
      }),
      { numRuns: dialect === 'sqlite' ? 25 : 10 },
    );
    // Replaying the record gives the stored cases.
    const findings = (
      await node.modules.find((m) => m.name === 'programmes')!.verify!(node)
    ).filter((x) => x.message.includes('cyber case'));
    expect(findings.length).toBe(posted.length);
    expect(findings.every((x) => x.ok)).toBe(true);
  });
});
