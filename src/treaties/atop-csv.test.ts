import { describe, expect, it } from 'vitest';
import { parseAllianceLevel, parseMemberLevel } from './atop-csv.js';

// The member-level columns the parser requires, in this order.
const HEAD =
  'atopid,member,phase,yrent,moent,dayent,yrexit,moexit,dayexit,defense,offense,neutral,nonagg,consul';
const member = (entry: string, exit: string) =>
  `${HEAD}\n1005,200,0,1815,1,3,1815,2,8,1,0,0,0,1\n1015,300,0,${entry},${exit},1,0,0,0,1`;
const ALLIANCE_HEAD =
  'atopid,begyr,begmo,begday,endyr,endmo,endday,defense,offense,neutral,nonagg,consul';

describe('ATOP CSV dates', () => {
  it('rejects a day the month does not have, naming the row and field', () => {
    expect(() => parseMemberLevel(member('1815,2,30', '1816,1,1'), 'm.csv')).toThrow(
      /m\.csv row 3, field dayent: 1815-02 has 28 days, not 30/,
    );
    expect(() => parseMemberLevel(member('1815,4,31', '1816,1,1'), 'm.csv')).toThrow(
      /row 3, field dayent: 1815-04 has 30 days, not 31/,
    );
    expect(() => parseMemberLevel(member('1815,1,1', '1816,2,30'), 'm.csv')).toThrow(
      /row 3, field dayexit: 1816-02 has 29 days, not 30/,
    );
    expect(() => parseMemberLevel(member('1815,0,12', '0,0,0'), 'm.csv')).toThrow(
      /row 3, field dayent: day 12 given without a month/,
    );
  });

  it('rejects an exit before the entry within the same year (month, then day), naming the exit field', () => {
    expect(() => parseMemberLevel(member('1815,6,12', '1815,4,29'), 'm.csv')).toThrow(
      /row 3, field moexit: exit 1815-4 is before/,
    );
    expect(() => parseMemberLevel(member('1815,6,12', '1815,6,2'), 'm.csv')).toThrow(
      /row 3, field dayexit: exit 1815-6-2 is before/,
    );
    expect(() => parseMemberLevel(member('1815,6,12', '1814,0,0'), 'm.csv')).toThrow(
      /row 3, field yrexit: yrexit 1814 is before/,
    );
  });

  it('keeps accepting 0 (unknown month or day) and real dates, including 29 February in a leap year', () => {
    const rows = parseMemberLevel(
      `${HEAD}\n1,200,0,1816,2,29,1816,0,0,1,0,0,0,0\n1,300,0,1816,0,0,1816,3,0,1,0,0,0,0\n1,2,0,1816,6,0,1816,6,0,1,0,0,0,0\n1,20,0,1816,6,12,0,0,0,1,0,0,0,0`,
    );
    expect(rows.map((r) => [r.moent, r.dayent, r.yrexit])).toEqual([
      [2, 29, 1816],
      [0, 0, 1816],
      [6, 0, 1816],
      [6, 12, 0],
    ]);
  });

  it('checks alliance-level begin and end dates the same way', () => {
    expect(() =>
      parseAllianceLevel(`${ALLIANCE_HEAD}\n1005,1815,2,30,1816,0,0,1,0,0,0,0`, 'a.csv'),
    ).toThrow(/a\.csv row 2, field begday: 1815-02 has 28 days/);
    expect(() =>
      parseAllianceLevel(`${ALLIANCE_HEAD}\n1005,1815,5,1,1815,3,0,1,0,0,0,0`, 'a.csv'),
    ).toThrow(/row 2, field endmo: exit 1815-3 is before/);
  });
});

describe('ATOP CSV range errors', () => {
  it('says "below the minimum" instead of "outside 1..undefined" when a field has no maximum', () => {
    const text = `${HEAD}\n-5,200,0,1815,1,3,1815,2,8,1,0,0,0,1`;
    expect(() => parseMemberLevel(text, 'm.csv')).toThrow(
      /row 2, field atopid: -5 is below the minimum 1$/,
    );
    expect(() => parseMemberLevel(text, 'm.csv')).not.toThrow(/undefined/);
  });
});
