import { describe, expect, it } from 'vitest';
import { dateFor, dayBefore, isDay } from './dates.js';

const now = '2026-11-22';
const cento = { founded: '1955-02-24', ended: '1979-10-09' };
const gcc = { founded: '1981-05-25', ended: null };

describe('date when switching alliance', () => {
  it('opens an ended alliance on its last day unless the chosen date falls in its life', () => {
    expect(dateFor(cento, null, now)).toBe('1979-10-08');
    expect(dateFor(cento, '1960-01-01', now)).toBe('1960-01-01');
    expect(dateFor(cento, '1950-01-01', now)).toBe('1979-10-08');
  });

  it('goes back to today when a chosen date predates the alliance, else keeps it', () => {
    expect(dateFor(gcc, '1979-10-08', now)).toBeNull();
    expect(dateFor(gcc, '2001-01-01', now)).toBe('2001-01-01');
    expect(dateFor(gcc, null, now)).toBeNull();
    expect(dateFor({ founded: null, ended: null }, '1900-01-01', now)).toBe('1900-01-01');
  });

  it('reads and steps days', () => {
    expect(dayBefore('2025-03-01')).toBe('2025-02-28');
    expect(isDay('2025-09-09')).toBe(true);
    expect(isDay('2025-9-9')).toBe(false);
    expect(isDay(undefined)).toBe(false);
  });
});
