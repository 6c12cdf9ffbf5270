import { describe, expect, it } from 'vitest';
import { clusteredAssign } from '../assignment.js';
import { confirmedFirstAssign } from './staged-assignment.js';

describe('confirmed tracks first (two-stage GNN)', () => {
  // Track 0 is confirmed, track 1 tentative; both gate report 0, only track 1 gates report 1.
  // Jointly the cheapest total is 0→1 (4) + 1→0 (1) = 5 < 0→0 (3) + 1→1 (9) = 12: the tentative
  // track takes report 0. Confirmed first, track 0 takes report 0 and the tentative one gets report 1.
  const pairs = [
    [
      { k: 0, d2: 3 },
      { k: 1, d2: 4 },
    ],
    [
      { k: 0, d2: 1 },
      { k: 1, d2: 9 },
    ],
  ];
  it('jointly, a tentative track can take the report a confirmed track wanted', () => {
    expect(clusteredAssign(pairs, 2, 15)).toEqual([1, 0]);
  });
  it('confirmed first, it cannot', () => {
    expect(confirmedFirstAssign(pairs, [true, false], 2, 15)).toEqual([0, 1]);
  });
  it('a tentative track gets nothing when the confirmed one used its only report', () => {
    expect(
      confirmedFirstAssign([[{ k: 0, d2: 2 }], [{ k: 0, d2: 1 }]], [true, false], 1, 15),
    ).toEqual([0, -1]);
  });
});
