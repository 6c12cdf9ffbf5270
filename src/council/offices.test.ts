import { describe, expect, it } from 'vitest';
import { CharterBook } from './charters.js';
import {
  addMonths,
  arabicSortKey,
  chairOn,
  chairTerms,
  checkAppointment,
  rotationOrder,
  secretaryGeneralOn,
  type RotationInput,
} from './offices.js';

const book = new CharterBook();
const league = book.getOrThrow('arab-league');
const gcc = book.getOrThrow('gcc');
const LEAGUE = Object.keys(league.chair!.names!);

const rotation = (
  charterId: string,
  members: string[],
  declines: RotationInput['declines'] = [],
): RotationInput => {
  const spec = book.getOrThrow(charterId).chair!;
  const names = spec.names ?? book.getOrThrow(spec.namesFrom!).chair!.names!;
  return { spec, membersOn: () => members, nameOf: (m) => names[m], declines };
};

describe('rotation order', () => {
  it('sorts Arabic names ignoring the article and hamza forms', () => {
    expect(arabicSortKey('الأردن')).toBe('اردن');
    const order = rotationOrder(LEAGUE, 'alpha-ar', (m) => league.chair!.names![m]);
    expect(order.slice(0, 4)).toEqual(['JOR', 'ARE', 'BHR', 'TUN']);
    expect(order.slice(-4)).toEqual(['EGY', 'MAR', 'MRT', 'YEM']);
  });
  it('GCC in Arabic order: UAE, Bahrain, Saudi Arabia, Oman, Qatar, Kuwait', () => {
    expect(
      rotationOrder(
        ['KWT', 'QAT', 'SAU', 'OMN', 'BHR', 'ARE'],
        'alpha-ar',
        (m) => gcc.chair!.names![m],
      ),
    ).toEqual(['ARE', 'BHR', 'SAU', 'OMN', 'QAT', 'KWT']);
  });
  it('English order is case-insensitive', () => {
    expect(rotationOrder(['B', 'A'], 'alpha-en', (m) => (m === 'A' ? 'egypt' : 'Algeria'))).toEqual(
      ['B', 'A'],
    );
  });
});

describe('Arab League summit presidency 2016–2018 (replay with declines)', () => {
  const terms = chairTerms(rotation('arab-league', LEAGUE), '2019-06-01');
  it('2016: Morocco declined, Mauritania (next in order) held it', () => {
    expect(terms[0]).toEqual({
      from: '2016-01-01',
      to: '2017-01-01',
      inLine: 'MAR',
      holder: 'MRT',
      declined: [{ member: 'MAR' }],
      projected: false,
    });
  });
  it('2017: Yemen declined, Jordan (next, wrapping round) held it', () => {
    expect(terms[1]).toMatchObject({ inLine: 'YEM', holder: 'JOR', declined: [{ member: 'YEM' }] });
  });
  it('2018: Saudi Arabia instead of the UAE; the order then resumes after the UAE', () => {
    expect(terms[2]).toMatchObject({
      inLine: 'ARE',
      holder: 'SAU',
      declined: [{ member: 'ARE', substitute: 'SAU' }],
    });
    expect(terms[3]).toMatchObject({
      from: '2019-01-01',
      inLine: 'BHR',
      holder: 'BHR',
      projected: true,
    });
  });
  it('answers who chairs on a date, and nobody before the anchor', () => {
    expect(chairOn(rotation('arab-league', LEAGUE), '2017-03-29')?.holder).toBe('JOR');
    expect(chairOn(rotation('arab-league', LEAGUE), '2015-12-31')).toBeNull();
  });
  it('a decline recorded as an act passes the turn on; two declines in a row pass it twice', () => {
    const r = rotation('arab-league', LEAGUE, [
      { termFrom: '2019-01-01', member: 'BHR' },
      { termFrom: '2019-01-01', member: 'TUN' },
    ]);
    expect(chairOn(r, '2019-03-31')).toMatchObject({ inLine: 'BHR', holder: 'DZA' });
  });
  it('a suspended member is skipped (Syria absent from the order)', () => {
    const without = LEAGUE.filter((m) => m !== 'SYR');
    const t = chairTerms(
      {
        ...rotation('arab-league', without),
        spec: {
          ...league.chair!,
          anchor: { from: '2016-01-01', firstInLine: 'SDN' },
          declines: [],
        },
      },
      '2016-12-31',
    );
    expect(t[0].holder).toBe('SDN');
    const t2 = chairTerms(
      {
        ...rotation('arab-league', without),
        spec: {
          ...league.chair!,
          anchor: { from: '2016-01-01', firstInLine: 'SYR' },
          declines: [],
        },
      },
      '2016-12-31',
    );
    expect(t2[0].holder).toBe('SOM');
  });
});

describe('proposed joint Arab force: command rotates, Egypt first', () => {
  it('starts with Egypt, then Morocco', () => {
    const t = chairTerms(rotation('joint-arab-force', LEAGUE), '2027-01-01');
    expect(t.map((x) => x.holder)).toEqual(['EGY', 'MAR']);
  });
});

describe('secretary-general (GCC: three-year terms, at most two)', () => {
  const spec = gcc.secretaryGeneral!;
  const first = {
    procedureId: 'p1',
    person: 'A. National',
    nationality: 'KWT',
    from: '2020-02-01',
  };
  const second = { ...first, procedureId: 'p2', from: '2023-02-01' };
  it('holds office for three years from the appointment', () => {
    expect(secretaryGeneralOn(spec, [first], '2023-01-31')?.person).toBe('A. National');
    expect(secretaryGeneralOn(spec, [first], '2023-02-01')).toBeNull();
    expect(secretaryGeneralOn(spec, [first, second], '2024-01-01')).toMatchObject({
      termNumber: 2,
      to: '2026-02-01',
    });
  });
  it('refuses a third term, and a non-member national', () => {
    const isMember = (m: string) => ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'].includes(m);
    expect(() => checkAppointment(spec, [first], { ...second }, isMember)).not.toThrow();
    expect(() =>
      checkAppointment(spec, [first, second], { ...second, from: '2026-02-01' }, isMember),
    ).toThrow(/at most 2/);
    expect(() => checkAppointment(spec, [], { ...first, nationality: 'EGY' }, isMember)).toThrow(
      /national of a member state/,
    );
  });
  it('addMonths clamps to the end of the month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-12-01', 12)).toBe('2024-12-01');
  });
});
