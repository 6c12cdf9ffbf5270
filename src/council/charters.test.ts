import { describe, expect, it } from 'vitest';
import { checkCharters, loadCharters } from './charters.js';

describe('charters as data', () => {
  const charters = loadCharters();
  it('loads every required charter, each rule with a source', () => {
    expect(charters.map((c) => c.id).sort()).toEqual([
      'arab-league',
      'arab-league-jdec',
      'gcc',
      'islamic-nato',
      'joint-arab-force',
      'nato-reference',
      'oic',
    ]);
    expect(checkCharters(charters)).toEqual([]);
  });
  it('encodes the sourced rules', () => {
    const by = Object.fromEntries(charters.map((c) => [c.id, c]));
    expect(by['arab-league'].decisions.measures.rule).toMatchObject({
      kind: 'qualified-majority',
      threshold: { num: 1, den: 1 },
      exclude: ['aggressor'],
    });
    expect(by['arab-league'].decisions.general.rule.kind).toBe('majority-binding-acceptors');
    expect(by['arab-league-jdec'].decisions.measures.unverified).toMatch(/unverified/);
    expect(by.gcc.decisions.substantive.rule).toEqual({
      kind: 'unanimity-present',
      quorum: { num: 2, den: 3 },
    });
    expect(by.gcc.secretaryGeneral).toMatchObject({ termYears: 3, maxTerms: 2, civilian: true });
    expect(by['nato-reference'].members).toHaveLength(19);
    expect(by['nato-reference'].decisions.silence.rule.kind).toBe('silence');
    expect(by['joint-arab-force'].chair?.anchor.firstInLine).toBe('EGY');
    expect(by['joint-arab-force'].decisions.use_of_force).toMatchObject({
      requiresConsultation: true,
      requiresRequest: true,
    });
  });
  it('reports a charter without sources, a bad fraction and an unknown rule', () => {
    const bad = structuredClone(charters[0]);
    bad.sources = [];
    bad.decisions.measures.rule = {
      kind: 'qualified-majority',
      threshold: { num: 3, den: 2 },
      base: 'members',
    };
    (bad.decisions.general.rule as { kind: string }).kind = 'coin-toss';
    expect(checkCharters([bad])).toEqual([
      'charter arab-league: no source',
      'charter arab-league decision measures: bad fraction',
      "charter arab-league decision general: unknown rule kind 'coin-toss'",
    ]);
  });
});
