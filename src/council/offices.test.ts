import { describe, expect, it } from 'vitest';
import { CharterBook, checkCharters } from './charters.js';
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

describe('#14.5 recorded summit presidencies win over the projected rotation', () => {
  it('Arab League 2024: Bahrain (Manama, 16 May 2024) holds the term the rule gave Sudan, on record', () => {
    const t = chairTerms(rotation('arab-league', LEAGUE), '2024-06-01').find(
      (x) => x.from === '2024-01-01',
    )!;
    expect(t).toMatchObject({ inLine: 'SDN', holder: 'BHR', projected: false });
    expect(t.record?.note).toMatch(/Manama, 16 May 2024/);
    expect(t.record?.sources.length).toBeGreaterThan(0);
    expect(chairOn(rotation('arab-league', LEAGUE), '2024-05-16')?.holder).toBe('BHR');
  });
  it('Arab League 2025: Syria gave up its turn, Iraq (Baghdad, 17 May 2025) held it; 2026 is projected after Syria', () => {
    const terms = chairTerms(rotation('arab-league', LEAGUE), '2026-06-01');
    const t2025 = terms.find((x) => x.from === '2025-01-01')!;
    expect(t2025).toMatchObject({
      inLine: 'SYR',
      holder: 'IRQ',
      declined: [{ member: 'SYR', substitute: 'IRQ' }],
      projected: false,
    });
    expect(t2025.record?.sources.map((s) => s.title).join(' ')).toMatch(/Baghdad/);
    expect(terms.find((x) => x.from === '2026-01-01')).toMatchObject({
      inLine: 'SOM',
      projected: true,
    });
    // 2019-2023 stay projections (those summits did not follow calendar terms)
    expect(terms.find((x) => x.from === '2023-01-01')?.projected).toBe(true);
  });
  it('GCC from December 2025: Bahrain (46th summit, Sakhir, 3 Dec 2025), not the UAE the rule had in line', () => {
    const r = rotation('gcc', ['ARE', 'BHR', 'SAU', 'OMN', 'QAT', 'KWT']);
    const t = chairOn(r, '2025-12-03')!;
    expect(t).toMatchObject({ from: '2025-12-01', inLine: 'ARE', holder: 'BHR', projected: false });
    expect(t.record?.note).toMatch(/Sakhir, 3 Dec 2025/);
    expect(t.record?.sources.map((s) => s.title).join(' ')).toMatch(/KUNA/);
    expect(chairOn(r, '2024-12-10')).toMatchObject({ holder: 'KWT', projected: false });
    expect(chairOn(r, '2026-12-10')?.projected).toBe(true);
  });
  it('a holding that does not fall on a term start is refused by the charter check', () => {
    const bad = book.all.map((c) =>
      c.id === 'gcc'
        ? {
            ...c,
            chair: {
              ...c.chair!,
              held: [{ termFrom: '2025-12-03', member: 'BHR', sources: [{ title: 'x' }] }],
            },
          }
        : c,
    );
    expect(checkCharters(bad).join('\n')).toMatch(/2025-12-03 is not the start of a term/);
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
