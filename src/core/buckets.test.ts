import { expect, it } from 'vitest';
import { bucketOf, bucketWindow } from './buckets.js';

it('puts a timestamp in its UTC day, or in the ISO week (Monday) holding it', () => {
  expect(bucketOf('2026-12-04T23:59:59.999999Z', 'day')).toBe('2026-12-04');
  // 4 Dec 2026 is a Friday: its week starts on Monday 30 Nov.
  expect(bucketOf('2026-12-04T10:00:00Z', 'week')).toBe('2026-11-30');
  expect(bucketOf('2026-11-30', 'week')).toBe('2026-11-30');
  // A Sunday belongs to the week that started six days before, across a year's end.
  expect(bucketOf('2027-01-03T00:00:00+00:00', 'week')).toBe('2026-12-28');
});

it('lists the buckets that end with today, oldest first, and the days they cover', () => {
  expect(bucketWindow('day', 3, '2026-03-01')).toEqual({
    starts: ['2026-02-27', '2026-02-28', '2026-03-01'],
    from: '2026-02-27',
    to: '2026-03-01',
  });
  expect(bucketWindow('week', 2, '2026-12-04')).toEqual({
    starts: ['2026-11-23', '2026-11-30'],
    from: '2026-11-23',
    to: '2026-12-06',
  });
});
