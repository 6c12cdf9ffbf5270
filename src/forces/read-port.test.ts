import { describe, expect, it } from 'vitest';
import type { Act } from '../record/model.js';
import { shippedCatalogue } from './catalogue.js';
import { dataExchangeOf, unitsAndFindingsOn } from './read-port.js';

let seq = 0;
const act = (at: string, actor: string, type: string, payload: object): Act => ({
  seq: ++seq,
  id: `act_${seq}`,
  at,
  actor,
  keyId: 'k',
  type,
  subject: null,
  payload,
  prevHash: '',
  hash: '',
  signature: '',
});
const unit = (id: string, families: string[]) => ({
  id,
  name: id,
  equipment: families.map((family) => ({ family, count: 1 })),
});

/** The acts the interoperability index reads, with every expected figure worked out by hand. */
const acts: Act[] = [
  act('2026-01-10T09:00:00.000Z', 'SAU', 'forces.pledge.raised', {
    pledgeId: 'p1',
    allianceId: 'gcc',
    availableFrom: '2026-01-01',
    availableTo: null,
    // a: F-16 (Link 16), b: Abrams (no data link, SINCGARS voice only)
    units: [unit('a', ['f-16-block50plus']), unit('b', ['m1a2-abrams'])],
  }),
  act('2026-02-01T09:00:00.000Z', 'QAT', 'forces.pledge.raised', {
    pledgeId: 'p2',
    allianceId: 'gcc',
    availableFrom: '2026-02-01',
    availableTo: '2026-12-31',
    // c: Rafale (Link 16), d: Leopard 2A7 (no data link)
    units: [unit('c', ['rafale']), unit('d', ['leopard-2a7'])],
  }),
  // Another alliance's pledge never counts.
  act('2026-02-01T10:00:00.000Z', 'EGY', 'forces.pledge.raised', {
    pledgeId: 'p3',
    allianceId: 'joint-arab-force',
    availableFrom: '2026-01-01',
    availableTo: null,
    units: [unit('e', ['rafale'])],
  }),
  act('2026-02-10T09:00:00.000Z', 'SAU', 'forces.exercise.planned', {
    exerciseId: 'x1',
    allianceId: 'gcc',
  }),
  // The exercise found the Abrams and the F-16 can exchange data after all (a gateway): a-b now links.
  act('2026-02-20T09:00:00.000Z', 'SAU', 'forces.exercise.aar_recorded', {
    exerciseId: 'x1',
    findings: [
      {
        familyA: 'm1a2-abrams',
        familyB: 'f-16-block50plus',
        channel: 'data',
        result: 'works',
        note: 'gateway',
      },
    ],
  }),
  act('2026-04-01T09:00:00.000Z', 'QAT', 'forces.pledge.withdrawn', { pledgeId: 'p2' }),
];

const reading = (day: string) => {
  const { units, findings } = unitsAndFindingsOn('gcc', day, acts);
  return dataExchangeOf(units, shippedCatalogue(), findings);
};

describe('forces read port: unit pairs that can exchange data (hand-computed)', () => {
  it('before any pledge: no unit, no pair', () => {
    expect(reading('2026-01-05')).toEqual({ units: 0, pairs: 0, connected: 0 });
  });
  it('one pledge: a-b is the only pair, no common data link', () => {
    expect(reading('2026-01-31')).toEqual({ units: 2, pairs: 1, connected: 0 });
  });
  it('two pledges: 4 units, 6 pairs, only a-c (Link 16) connected', () => {
    // pairs: ab no, ac Link 16, ad no, bc no, bd no, cd no → 1 of 6
    expect(reading('2026-02-15')).toEqual({ units: 4, pairs: 6, connected: 1 });
  });
  it("after the exercise's finding a-b links too: 2 of 6", () => {
    expect(reading('2026-03-01')).toEqual({ units: 4, pairs: 6, connected: 2 });
  });
  it("after QAT's withdrawal: a and b only, linked by the finding: 1 of 1", () => {
    expect(reading('2026-04-02')).toEqual({ units: 2, pairs: 1, connected: 1 });
  });
  it('an act after the day is not read', () => {
    expect(reading('2026-03-31')).toEqual({ units: 4, pairs: 6, connected: 2 });
  });
});
