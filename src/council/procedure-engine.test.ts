import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CharterBook } from './charters.js';
import type { OpenPayload } from './model.js';
import {
  ACT,
  apply,
  checkAct,
  checkOpen,
  closingOutcome,
  openState,
  replayProcedure,
  type ActLike,
  type EngineContext,
} from './procedure-engine.js';

const book = new CharterBook();
const GCC = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];
const ctxFor = (
  charterId: string,
  members = GCC,
  closed: { matter: string; seq: number }[] = [],
): EngineContext => ({
  charter: book.getOrThrow(charterId),
  membership: () => ({ active: members, suspended: ['SYR'] }),
  closedConsultation: (matter, beforeSeq) => {
    const c = closed.find((x) => x.matter === matter && x.seq < beforeSeq);
    return c ? { procedureId: 'c', closedAt: '2025-01-01T00:00:00.000Z' } : null;
  },
});
const opened = (p: Partial<OpenPayload>, actor = 'QAT'): ActLike => ({
  id: 'a0',
  seq: 1,
  at: '2025-09-15T08:00:00.000Z',
  actor,
  type: ACT.opened,
  payload: {
    procedureId: 'p1',
    charterId: 'gcc',
    kind: 'decision',
    decisionType: 'substantive',
    title: 't',
    matter: 'm',
    deadline: '2025-09-15T12:00:00.000Z',
    ...p,
  },
});

describe('procedure engine', () => {
  it('refuses acts with a clear reason: suspended, non-member, wrong article', () => {
    const ctx = ctxFor('gcc');
    const s = openState(opened({}));
    expect(() =>
      checkAct(ctx, s, 'vote', 'SYR', { choice: 'yes' }, '2025-09-15T09:00:00.000Z'),
    ).toThrow(/SYR is suspended/);
    expect(() =>
      checkAct(ctx, s, 'vote', 'EGY', { choice: 'yes' }, '2025-09-15T09:00:00.000Z'),
    ).toThrow(/EGY is not a member/);
    expect(() =>
      checkOpen(
        ctx,
        'QAT',
        { ...(opened({ kind: 'defence', article: 'Art. 5' }).payload as OpenPayload) },
        '2025-09-15T08:00:00.000Z',
        2,
      ),
    ).toThrow(/GCC Joint Defence Agreement/);
  });

  it('a use-of-force decision adopted by votes is refused at closing when no consultation closed before it', () => {
    const ctx = ctxFor('gcc');
    const s = openState(opened({ decisionType: 'use_of_force', deadline: null }));
    for (const [i, m] of ['QAT', 'SAU', 'KWT', 'ARE'].entries())
      apply(ctx, s, {
        id: `v${i}`,
        seq: 2 + i,
        at: '2025-09-15T09:00:00.000Z',
        actor: m,
        type: ACT.vote,
        payload: { choice: 'yes' },
      });
    const r = closingOutcome(ctx, s, '2025-09-15T10:00:00.000Z', 10);
    expect(r.outcome.status).toBe('not_adopted');
    expect(r.refusal).toMatch(/no authorisation of force without a completed consultation/);
    expect(
      closingOutcome(
        ctxFor('gcc', GCC, [{ matter: 'm', seq: 9 }]),
        s,
        '2025-09-15T10:00:00.000Z',
        10,
      ).outcome.status,
    ).toBe('adopted');
    // A consultation closed after the decision's closing act does not count.
    expect(
      closingOutcome(
        ctxFor('gcc', GCC, [{ matter: 'm', seq: 11 }]),
        s,
        '2025-09-15T10:00:00.000Z',
        10,
      ).outcome.status,
    ).toBe('not_adopted');
  });

  it('replay flags an act that should never have been recorded (a vote after the deadline)', () => {
    const ctx = ctxFor('gcc');
    const acts: ActLike[] = [
      opened({}),
      {
        id: 'late',
        seq: 2,
        at: '2025-09-15T12:00:01.000Z',
        actor: 'SAU',
        type: ACT.vote,
        payload: { choice: 'yes' },
      },
    ];
    const r = replayProcedure(ctx, acts);
    expect(r.anomalies).toEqual([
      {
        actId: 'late',
        reason: 'the deadline 2025-09-15T12:00:00.000Z has passed (now 2025-09-15T12:00:01.000Z)',
      },
    ]);
    expect(r.state.votes).toEqual([]);
  });

  it('property: the outcome does not depend on the order in which valid acts arrive', () => {
    const ctx = ctxFor('gcc');
    const vote = fc.record({
      member: fc.constantFrom(...GCC),
      choice: fc.constantFrom('yes', 'no', 'abstain'),
      minute: fc.integer({ min: 1, max: 200 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(vote, { selector: (v) => v.member, maxLength: 6 }),
        fc.func(fc.integer()),
        (votes, key) => {
          const run = (order: typeof votes) => {
            const s = openState(opened({ deadline: null }));
            order.forEach((v, i) => {
              const at = new Date(
                Date.parse('2025-09-15T08:00:00.000Z') + v.minute * 60_000,
              ).toISOString();
              checkAct(ctx, s, 'vote', v.member, { choice: v.choice }, at);
              apply(ctx, s, {
                id: `v${i}`,
                seq: 2 + i,
                at,
                actor: v.member,
                type: ACT.vote,
                payload: { choice: v.choice },
              });
            });
            return closingOutcome(ctx, s, '2025-09-15T13:00:00.000Z', 100).outcome;
          };
          const shuffled = votes
            .map((v, i) => [key(i), i, v] as const)
            .sort((a, b) => a[0] - b[0] || a[1] - b[1])
            .map((t) => t[2]);
          expect(run(shuffled)).toEqual(run(votes));
          expect(run([...votes].reverse())).toEqual(run(votes));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('replay re-checks the opening act', () => {
  it('flags a use-of-force decision opened with no closed consultation before it', () => {
    const ctx = ctxFor('gcc', GCC, [{ matter: 'm', seq: 5 }]);
    const r = replayProcedure(ctx, [
      { ...opened({ decisionType: 'use_of_force', deadline: null }), seq: 3 },
    ]);
    expect(r.anomalies).toEqual([
      {
        actId: 'a0',
        reason:
          "no authorisation of force without a completed consultation: no consultation on matter 'm' has closed in this council",
      },
    ]);
    expect(
      replayProcedure(ctx, [
        { ...opened({ decisionType: 'use_of_force', deadline: null }), seq: 6 },
      ]).anomalies,
    ).toEqual([]);
  });
});
