import { describe, expect, it } from 'vitest';
import {
  councilAgreement,
  exerciseParticipation,
  intelligencePairs,
  intelligenceSharing,
  interoperabilityIndex,
  milestonesMetIndex,
  programmeParticipation,
  treatyOverlap,
} from './cohesion-indices.js';

/** Each expected value below is computed by hand in the comment above it. */
describe('cohesion indices (hand-computed)', () => {
  it('treaty overlap: mean Jaccard over pairs', () => {
    const of: Record<string, string[]> = {
      A: ['gcc', 'arab-league', 'oic'],
      B: ['gcc', 'arab-league'],
      C: ['oic'],
    };
    // AB: {gcc,al}/{gcc,al,oic} = 2/3; AC: {oic}/{gcc,al,oic} = 1/3; BC: {}/{gcc,al,oic} = 0.
    // mean = (2/3 + 1/3 + 0) / 3 = 1/3
    const v = treatyOverlap(['A', 'B', 'C'], (m) => new Set(of[m]));
    expect(v.den).toBe(3);
    expect(v.value).toBeCloseTo(1 / 3, 12);
    expect(treatyOverlap(['A'], () => new Set()).value).toBeNull();
  });

  it('council agreement: pairs of co-voters voting alike', () => {
    const members = new Set(['A', 'B', 'C', 'D']);
    const d1 = {
      votes: new Map([
        ['A', 'yes'],
        ['B', 'yes'],
        ['C', 'no'],
      ]),
    };
    const d2 = {
      votes: new Map([
        ['A', 'abstain'],
        ['D', 'abstain'],
        ['X', 'abstain'],
      ]),
    };
    // d1: AB alike, AC no, BC no → 1 of 3; d2: AD alike (X is not a member) → 1 of 1. Total 2 of 4 = 0.5
    expect(councilAgreement(members, [d1, d2])).toEqual({ value: 0.5, num: 2, den: 4 });
    expect(councilAgreement(members, []).value).toBeNull();
  });

  it('exercise participation: members in at least one exercise', () => {
    // A and C took part (A twice, counted once; B and D not at all; X is not a member) → 2 of 4 = 0.5
    expect(
      exerciseParticipation(
        ['A', 'B', 'C', 'D'],
        [{ participants: ['A', 'X'] }, { participants: ['C', 'A'] }],
      ),
    ).toEqual({ value: 0.5, num: 2, den: 4 });
  });

  it('intelligence shared: members that shared at least once', () => {
    // A of A, B, C → 1/3
    expect(intelligenceSharing(['A', 'B', 'C'], new Set(['A', 'Z']))).toEqual({
      value: 1 / 3,
      num: 1,
      den: 3,
    });
  });

  it('milestones met: completed by the due date, of those due', () => {
    const ms = [
      { due: '2026-01-31', completedOn: '2026-01-30' }, // due, met
      { due: '2026-02-28', completedOn: '2026-03-02' }, // due, late: not met
      { due: '2026-03-31', completedOn: null }, // due, open: not met
      { due: '2026-12-31', completedOn: '2026-03-01' }, // not due yet on 2026-04-01: not counted
    ];
    // 1 met of 3 due
    expect(milestonesMetIndex(ms, '2026-04-01')).toEqual({ value: 1 / 3, num: 1, den: 3 });
    // On 2026-02-01 only the first is due, and met: 1 of 1
    expect(milestonesMetIndex(ms, '2026-02-01')).toEqual({ value: 1, num: 1, den: 1 });
  });

  it('programme participation: members in at least one programme', () => {
    // B and D of 4 → 0.5
    expect(programmeParticipation(['A', 'B', 'C', 'D'], new Set(['B', 'D', 'Q']))).toEqual({
      value: 0.5,
      num: 2,
      den: 4,
    });
  });
});

describe('cohesion indices added for #17 (hand-computed)', () => {
  it('intelligence shared between pairs: pairs with a release in either direction', () => {
    // Members A B C D: 6 pairs. A→B and B→A are one pair; C→D one; A→X (not a member) and D→D none.
    // {A,B} and {C,D}: 2 of 6.
    const v = intelligencePairs(
      ['A', 'B', 'C', 'D'],
      [
        ['A', 'B'],
        ['B', 'A'],
        ['C', 'D'],
        ['A', 'X'],
        ['D', 'D'],
      ],
    );
    expect(v).toEqual({ value: 2 / 6, num: 2, den: 6 });
    expect(intelligencePairs(['A'], []).value).toBeNull();
  });
  it('interoperability: connected unit pairs over all unit pairs', () => {
    // 4 units: 6 pairs, 2 connected → 1/3; no forces module → nothing to measure.
    expect(interoperabilityIndex({ pairs: 6, connected: 2 })).toEqual({
      value: 1 / 3,
      num: 2,
      den: 6,
    });
    expect(interoperabilityIndex({ pairs: 0, connected: 0 }).value).toBeNull();
    expect(interoperabilityIndex(null).value).toBeNull();
  });
});
