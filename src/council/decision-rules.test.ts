import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decide,
  type Ballot,
  type Choice,
  type DecisionInput,
  type Objection,
  type RuleSpec,
} from './decision-rules.js';

const SIX = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];
const T0 = '2025-09-15T10:00:00.000Z';
const DEADLINE = '2025-09-15T12:00:00.000Z';
const BEFORE = '2025-09-15T11:59:59.000Z'; // one second before the deadline
const AFTER = '2025-09-15T12:00:01.000Z'; // one second after

const votes = (spec: Record<string, Choice>, at = T0): Ballot[] =>
  Object.entries(spec).map(([member, choice]) => ({ member, choice, at }));
const input = (over: Partial<DecisionInput>): DecisionInput => ({
  eligible: SIX,
  excluded: [],
  ballots: [],
  objections: [],
  deadline: DEADLINE,
  closedAt: null,
  now: T0,
  ...over,
});
const closed = (over: Partial<DecisionInput>) =>
  input({ closedAt: '2025-09-15T11:00:00.000Z', now: '2025-09-15T11:00:00.000Z', ...over });

describe('consensus', () => {
  const rule: RuleSpec = { kind: 'consensus' };
  it('adopts when nobody objects, with abstentions', () => {
    const o = decide(rule, closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', OMN: 'abstain' }) }));
    expect(o.status).toBe('adopted');
    expect(o.bound).toEqual(SIX);
    expect(o.tally).toMatchObject({ yes: 2, abstain: 1, present: 3 });
  });
  it('is blocked by one formal objection', () => {
    const o = decide(
      rule,
      closed({
        ballots: votes({ QAT: 'yes', SAU: 'yes' }),
        objections: [{ member: 'OMN', at: T0 }],
      }),
    );
    expect(o.status).toBe('not_adopted');
    expect(o.reason).toContain('OMN');
    expect(o.bound).toEqual([]);
  });
  it('is blocked by a "no" vote even when outnumbered (no tie-break)', () => {
    expect(
      decide(rule, closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'no' }) }))
        .status,
    ).toBe('not_adopted');
  });
  it('needs at least one member in favour: all abstaining is not consensus', () => {
    expect(
      decide(rule, closed({ ballots: votes({ QAT: 'abstain', SAU: 'abstain' }) })).reason,
    ).toBe('no member expressed support');
  });
  it('fails on quorum when the charter sets one', () => {
    const o = decide(
      { kind: 'consensus', quorum: { num: 2, den: 3 } },
      closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', OMN: 'yes' }) }),
    );
    expect(o.status).toBe('no_quorum');
    expect(o.tally.quorumNeeded).toBe(4);
  });
  it('objection one second before the deadline counts; one second after does not', () => {
    const base = { ballots: votes({ QAT: 'yes' }), now: AFTER };
    expect(
      decide(rule, input({ ...base, objections: [{ member: 'OMN', at: BEFORE }] })).status,
    ).toBe('not_adopted');
    const late = decide(rule, input({ ...base, objections: [{ member: 'OMN', at: AFTER }] }));
    expect(late.status).toBe('adopted');
    expect(late.tally.ignored[0].reason).toMatch(/not before the deadline/);
  });
  it('stays pending while open, telling what closing now would give', () => {
    const o = decide(rule, input({ ballots: votes({ QAT: 'yes' }) }));
    expect(o).toMatchObject({ status: 'pending', provisional: 'adopted', final: false });
  });
});

describe('silence procedure', () => {
  const rule: RuleSpec = { kind: 'silence' };
  it('is adopted at the deadline when silence holds', () => {
    expect(decide(rule, input({ now: BEFORE })).status).toBe('pending');
    const o = decide(rule, input({ now: DEADLINE }));
    expect(o.status).toBe('adopted');
    expect(o.bindingScope).toBe('all');
  });
  it('falls when a member breaks silence before the deadline (other members may still object until then)', () => {
    expect(
      decide(rule, input({ now: BEFORE, objections: [{ member: 'KWT', at: BEFORE }] })),
    ).toMatchObject({ status: 'pending', provisional: 'not_adopted' });
    const o = decide(
      rule,
      input({
        now: AFTER,
        objections: [
          { member: 'KWT', at: BEFORE },
          { member: 'OMN', at: BEFORE },
        ],
      }),
    );
    expect(o).toMatchObject({
      status: 'not_adopted',
      final: true,
      reason: 'silence broken by KWT, OMN before the deadline',
    });
  });
  it('ignores an objection one second after the deadline', () => {
    const o = decide(rule, input({ now: AFTER, objections: [{ member: 'KWT', at: AFTER }] }));
    expect(o.status).toBe('adopted');
    expect(o.tally.objections).toBe(0);
  });
  it('an objection exactly at the deadline is too late ("before it")', () => {
    expect(
      decide(rule, input({ now: AFTER, objections: [{ member: 'KWT', at: DEADLINE }] })).status,
    ).toBe('adopted');
  });
  it('has no quorum and no votes: adopted at the deadline with nobody present; ballots are ignored', () => {
    expect(
      decide(rule, input({ now: DEADLINE, ballots: votes({ QAT: 'no', SAU: 'abstain' }) })).status,
    ).toBe('adopted');
  });
  it('ignores objections from non-members', () => {
    const o = decide(rule, input({ now: AFTER, objections: [{ member: 'FRA', at: BEFORE }] }));
    expect(o.status).toBe('adopted');
    expect(o.tally.ignored).toEqual([
      { member: 'FRA', reason: 'objection from a state that may not take part' },
    ]);
  });
});

describe('unanimity of those present and voting, quorum two-thirds (GCC Supreme Council)', () => {
  const rule: RuleSpec = { kind: 'unanimity-present', quorum: { num: 2, den: 3 } };
  it('adopts with four present, all in favour', () => {
    expect(
      decide(rule, closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'yes' }) }))
        .status,
    ).toBe('adopted');
  });
  it('abstention does not break unanimity of those voting', () => {
    const o = decide(
      rule,
      closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'abstain' }) }),
    );
    expect(o.status).toBe('adopted');
    expect(o.tally).toMatchObject({ present: 4, abstain: 1 });
  });
  it('one vote against rejects', () => {
    expect(
      decide(
        rule,
        closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'yes', OMN: 'no' }) }),
      ).status,
    ).toBe('not_adopted');
  });
  it('three of six present is below the two-thirds quorum', () => {
    const o = decide(rule, closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes' }) }));
    expect(o.status).toBe('no_quorum');
    expect(o.reason).toBe('quorum not met: 3 present of 6, 4 needed');
  });
  it('a tie (3 for, 3 against) is not unanimity', () => {
    expect(
      decide(
        rule,
        closed({
          ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'no', OMN: 'no', BHR: 'no' }),
        }),
      ).status,
    ).toBe('not_adopted');
  });
  it('all present abstaining: quorum met but nobody in favour', () => {
    expect(
      decide(
        rule,
        closed({
          ballots: votes({ QAT: 'abstain', SAU: 'abstain', ARE: 'abstain', KWT: 'abstain' }),
        }),
      ).status,
    ).toBe('not_adopted');
  });
  it('a vote one second after the deadline is not counted', () => {
    const ballots = [
      ...votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes' }, BEFORE),
      ...votes({ KWT: 'yes' }, AFTER),
    ];
    expect(decide(rule, input({ ballots, now: AFTER })).status).toBe('no_quorum');
    const onTime = [
      ...votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes' }, BEFORE),
      ...votes({ KWT: 'yes' }, BEFORE),
    ];
    expect(decide(rule, input({ ballots: onTime, now: AFTER })).status).toBe('adopted');
  });
  it('counts only the first vote of a member', () => {
    const ballots = [
      ...votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'yes' }),
      { member: 'KWT', choice: 'no' as const, at: BEFORE },
    ];
    const o = decide(rule, closed({ ballots, closedAt: AFTER, now: AFTER, deadline: null }));
    expect(o.status).toBe('adopted');
    expect(o.tally.ignored).toEqual([{ member: 'KWT', reason: 'second vote by the same member' }]);
  });
});

describe('qualified majority', () => {
  const twoThirds: RuleSpec = {
    kind: 'qualified-majority',
    threshold: { num: 2, den: 3 },
    base: 'members',
  };
  it('4 of 6 reaches two-thirds; 3 of 6 does not', () => {
    expect(
      decide(
        twoThirds,
        closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'yes', OMN: 'no' }) }),
      ).status,
    ).toBe('adopted');
    expect(
      decide(
        twoThirds,
        closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'abstain' }) }),
      ).status,
    ).toBe('not_adopted');
  });
  it('abstention counts against when the base is all members, not when it is votes cast', () => {
    const ballots = votes({ QAT: 'yes', SAU: 'yes', ARE: 'abstain', KWT: 'abstain', OMN: 'no' });
    expect(decide(twoThirds, closed({ ballots })).status).toBe('not_adopted');
    expect(decide({ ...twoThirds, base: 'voting' }, closed({ ballots })).status).toBe('adopted');
  });
  it('a tie fails a strict simple majority', () => {
    const simple: RuleSpec = {
      kind: 'qualified-majority',
      threshold: { num: 1, den: 2 },
      strict: true,
      base: 'voting',
    };
    expect(
      decide(simple, closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'no', KWT: 'no' }) }))
        .status,
    ).toBe('not_adopted');
    expect(
      decide(simple, closed({ ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'no' }) }))
        .status,
    ).toBe('adopted');
  });
  it('quorum failure and nobody voting', () => {
    expect(
      decide(
        { ...twoThirds, quorum: { num: 1, den: 2 } },
        closed({ ballots: votes({ QAT: 'yes', SAU: 'yes' }) }),
      ).status,
    ).toBe('no_quorum');
    expect(decide({ ...twoThirds, base: 'voting' }, closed({})).status).toBe('not_adopted');
  });
  it('deadline edge: the deciding vote one second before counts, one after does not', () => {
    const early = votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes' }, T0);
    expect(
      decide(
        twoThirds,
        input({ ballots: [...early, { member: 'KWT', choice: 'yes', at: BEFORE }], now: AFTER }),
      ).status,
    ).toBe('adopted');
    expect(
      decide(
        twoThirds,
        input({ ballots: [...early, { member: 'KWT', choice: 'yes', at: AFTER }], now: AFTER }),
      ).status,
    ).toBe('not_adopted');
  });
});

describe('majority binding only the members that accept (Arab League Pact Art. 7)', () => {
  const rule: RuleSpec = { kind: 'majority-binding-acceptors' };
  it('unanimity binds every member', () => {
    const o = decide(
      rule,
      closed({ ballots: votes(Object.fromEntries(SIX.map((m) => [m, 'yes' as const]))) }),
    );
    expect(o).toMatchObject({ status: 'adopted', bindingScope: 'all', bound: SIX });
  });
  it('a majority binds only those that voted in favour, and records who', () => {
    const o = decide(
      rule,
      closed({
        ballots: votes({
          QAT: 'yes',
          SAU: 'yes',
          ARE: 'yes',
          KWT: 'yes',
          OMN: 'no',
          BHR: 'abstain',
        }),
      }),
    );
    expect(o).toMatchObject({
      status: 'adopted',
      bindingScope: 'acceptors',
      bound: ['ARE', 'KWT', 'QAT', 'SAU'],
    });
  });
  it('a tie (3 of 6) is not a majority', () => {
    expect(
      decide(
        rule,
        closed({
          ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'no', OMN: 'no', BHR: 'no' }),
        }),
      ).status,
    ).toBe('not_adopted');
  });
  it('abstention is not acceptance', () => {
    expect(
      decide(
        rule,
        closed({
          ballots: votes({
            QAT: 'yes',
            SAU: 'yes',
            ARE: 'abstain',
            KWT: 'abstain',
            OMN: 'abstain',
            BHR: 'abstain',
          }),
        }),
      ).status,
    ).toBe('not_adopted');
  });
  it('has no quorum: with nobody voting it is simply not adopted', () => {
    expect(decide(rule, closed({})).reason).toBe('0 in favour is not a majority of 6 members');
  });
  it('a late acceptance does not make the member bound', () => {
    const ballots = [
      ...votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'yes' }, BEFORE),
      { member: 'OMN', choice: 'yes' as const, at: AFTER },
    ];
    expect(decide(rule, input({ ballots, now: AFTER })).bound).toEqual([
      'ARE',
      'KWT',
      'QAT',
      'SAU',
    ]);
  });
});

describe("exclusion of a party's vote (Arab League Pact Art. 6)", () => {
  const rule: RuleSpec = {
    kind: 'unanimity-present',
    quorum: { num: 2, den: 3 },
    exclude: ['aggressor'],
  };
  it("the aggressor's vote against does not break unanimity", () => {
    const o = decide(
      rule,
      closed({
        excluded: [{ member: 'OMN', role: 'aggressor' }],
        ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'yes', OMN: 'no' }),
      }),
    );
    expect(o.status).toBe('adopted');
    expect(o.tally.counted).toBe(5);
    expect(o.tally.ignored[0].reason).toMatch(/aggressor party's vote is excluded/);
    expect(o.bound).not.toContain('OMN');
  });
  it('without the exclusion clause the same vote blocks', () => {
    const o = decide(
      { ...rule, exclude: undefined },
      closed({
        excluded: [{ member: 'OMN', role: 'aggressor' }],
        ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes', KWT: 'yes', OMN: 'no' }),
      }),
    );
    expect(o.status).toBe('not_adopted');
  });
  it('deadline edge: the last needed vote one second before counts, one second after does not', () => {
    const early = votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes' }, T0);
    const ex = [{ member: 'OMN', role: 'aggressor' as const }];
    expect(
      decide(
        rule,
        input({
          excluded: ex,
          ballots: [...early, { member: 'KWT', choice: 'yes', at: BEFORE }],
          now: AFTER,
        }),
      ).status,
    ).toBe('adopted');
    expect(
      decide(
        rule,
        input({
          excluded: ex,
          ballots: [...early, { member: 'KWT', choice: 'yes', at: AFTER }],
          now: AFTER,
        }),
      ).status,
    ).toBe('no_quorum');
  });
  it('exclusion shrinks the quorum base', () => {
    const o = decide(
      rule,
      closed({
        excluded: [
          { member: 'OMN', role: 'aggressor' },
          { member: 'BHR', role: 'attacked' },
        ],
        ballots: votes({ QAT: 'yes', SAU: 'yes', ARE: 'yes' }),
      }),
    );
    expect(o.tally.quorumNeeded).toBe(4); // BHR is 'attacked', not excluded by this rule: base 5
    expect(o.status).toBe('no_quorum');
  });
});

describe('order independence (property)', () => {
  const members = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU', 'EGY', 'FRA'];
  const rules: RuleSpec[] = [
    { kind: 'consensus' },
    { kind: 'silence' },
    { kind: 'unanimity-present', quorum: { num: 2, den: 3 }, exclude: ['aggressor'] },
    { kind: 'qualified-majority', threshold: { num: 2, den: 3 }, base: 'members' },
    { kind: 'majority-binding-acceptors' },
  ];
  const second = fc
    .integer({ min: 0, max: 20 })
    .map((s) => `2025-09-15T11:59:${String(40 + s).padStart(2, '0')}.000Z`);
  const ballot = fc.record({
    member: fc.constantFrom(...members),
    choice: fc.constantFrom<Choice>('yes', 'no', 'abstain'),
    at: second,
  });
  const objection = fc.record({ member: fc.constantFrom(...members), at: second });
  it('gives the same outcome for any arrival order of the same acts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...rules),
        fc.array(ballot, { maxLength: 14 }),
        fc.array(objection, { maxLength: 3 }),
        fc.boolean(),
        fc.func(fc.integer()),
        (rule, ballots: Ballot[], objections: Objection[], closedEarly, keyFn) => {
          const base = {
            eligible: SIX,
            excluded: [{ member: 'OMN', role: 'aggressor' as const }],
            deadline: DEADLINE,
            closedAt: closedEarly ? AFTER : null,
            now: AFTER,
          };
          const shuffle = <T>(xs: T[]) =>
            xs
              .map((x, i) => [keyFn(i), i, x] as const)
              .sort((a, b) => a[0] - b[0] || a[1] - b[1])
              .map((t) => t[2]);
          const a = decide(rule, { ...base, ballots, objections });
          const b = decide(rule, {
            ...base,
            ballots: shuffle(ballots),
            objections: shuffle(objections),
          });
          const c = decide(rule, {
            ...base,
            ballots: [...ballots].reverse(),
            objections: [...objections].reverse(),
          });
          expect(b).toEqual(a);
          expect(c).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });
});
