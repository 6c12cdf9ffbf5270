import { describe, expect, it } from 'vitest';
import { detectConflicts } from './exercise-rules.js';
import type { Exercise, Pledge } from './model.js';
import { unit } from './test-fixtures.test-support.js';

const pledge = (
  id: string,
  member: string,
  units: Pledge['units'],
  extra: Partial<Pledge> = {},
): Pledge => ({
  id,
  allianceId: 'a',
  member,
  status: 'raised',
  version: 1,
  availableFrom: '2025-01-01',
  availableTo: null,
  units,
  illustrative: true,
  sources: [],
  raisedAt: '',
  updatedAt: '',
  lastActId: '',
  ...extra,
});
const pledges = new Map([
  [
    'p-sau',
    pledge('p-sau', 'SAU', [
      unit('patriot', 'air_and_missile_defence', 900, { readinessDays: 10 }),
      unit('slow', 'land', 900, { readinessDays: 90 }),
    ]),
  ],
  [
    'p-kwt',
    pledge('p-kwt', 'KWT', [
      unit('home', 'air_and_missile_defence', 300, { caveats: ['home_territory_only'] }),
    ]),
  ],
  ['p-old', pledge('p-old', 'QAT', [unit('gone', 'air', 100)], { status: 'withdrawn' })],
]);
const ex = (units: Exercise['units'], extra: Partial<Exercise> = {}) => ({
  id: 'ex1',
  allianceId: 'a',
  title: 'drill',
  aim: 'aim',
  scenario: 'missile-warning-drill' as const,
  participants: ['SAU', 'KWT'],
  hosts: ['SAU'],
  area: { name: 'Riyadh', lon: 46.7, lat: 24.7 },
  from: '2026-03-01',
  to: '2026-03-05',
  units,
  consents: ['SAU'],
  illustrative: true,
  ...extra,
});
const base = {
  pledges,
  others: [],
  today: '2026-01-01',
  activeMembers: new Set(['SAU', 'KWT', 'QAT']),
};

describe('exercise conflicts', () => {
  it('a clean plan has none', () => {
    expect(detectConflicts(ex([{ pledgeId: 'p-sau', unitId: 'patriot' }]), base)).toEqual([]);
  });
  it('finds a unit booked in two places on overlapping days, but not on disjoint days', () => {
    const other = {
      id: 'ex0',
      title: 'earlier drill',
      from: '2026-03-05',
      to: '2026-03-09',
      status: 'planned' as const,
      units: [{ pledgeId: 'p-sau', unitId: 'patriot' }],
    };
    const c = detectConflicts(ex([{ pledgeId: 'p-sau', unitId: 'patriot' }]), {
      ...base,
      others: [other],
    });
    expect(c).toEqual([
      expect.objectContaining({
        code: 'unit_double_booked',
        severity: 'error',
        field: 'body/units/0',
      }),
    ]);
    expect(
      detectConflicts(ex([{ pledgeId: 'p-sau', unitId: 'patriot' }]), {
        ...base,
        others: [{ ...other, from: '2026-03-06' }],
      }),
    ).toEqual([]);
    expect(
      detectConflicts(ex([{ pledgeId: 'p-sau', unitId: 'patriot' }]), {
        ...base,
        others: [{ ...other, status: 'cancelled' }],
      }),
    ).toEqual([]);
  });
  it('flags readiness not met, missing host consent, caveats, unknown and withdrawn units', () => {
    const c = detectConflicts(
      ex(
        [
          { pledgeId: 'p-sau', unitId: 'slow' },
          { pledgeId: 'p-kwt', unitId: 'home' },
          { pledgeId: 'p-old', unitId: 'gone' },
          { pledgeId: 'p-sau', unitId: 'nope' },
        ],
        { consents: [] },
      ),
      base,
    );
    const codes = c.map((x) => `${x.code}${x.field ? ' ' + x.field : ''}`);
    expect(codes).toEqual([
      'host_consent_missing body/hosts',
      'readiness_not_met body/units/0',
      'caveat_forbids body/units/1',
      'unit_unavailable body/units/2',
      'unit_not_participant body/units/2',
      'unknown_unit body/units/3',
    ]);
    expect(c[1].message).toMatch(/needs 90 days' notice; the exercise starts in 59/);
    // A non-participant's unit is refused, not merely warned about (F1).
    expect(c.find((x) => x.code === 'unit_not_participant')?.severity).toBe('error');
  });
});
