import { expect, it } from 'vitest';
import { roadmapIcs, type RoadmapRow } from './roadmap.js';

it('iCalendar: text escaped, long lines folded at 75 octets without splitting a character', () => {
  const row: RoadmapRow = {
    member: 'OMN',
    programmeId: 'prog_1',
    programme: 'صندوق الصمود الاقتصادي; fund, phase 1',
    allianceId: 'gcc',
    area: 'economy',
    milestoneId: 'ms_1',
    milestone: 'نظام الصندوق الأساسي معتمد من جميع الدول المشاركة في البرنامج',
    due: '2027-12-31',
    status: 'open',
    completedAt: null,
    illustrative: true,
  };
  const ics = roadmapIcs([row], new Date('2026-12-03T10:20:30.456Z'));
  const lines = ics.slice(0, -2).split('\r\n');
  for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  // Unfolding (RFC 5545 §3.1) gives back the whole line; no replacement character from a split.
  const unfolded = ics.replace(/\r\n /g, '');
  expect(unfolded).not.toContain('\uFFFD');
  expect(unfolded).toContain(
    'SUMMARY:OMN: نظام الصندوق الأساسي معتمد من جميع الدول المشاركة في البرنامج (صندوق الصمود الاقتصادي\\; fund\\, phase 1)',
  );
  expect(unfolded).toContain('DTSTART;VALUE=DATE:20271231\r\nDTEND;VALUE=DATE:20280101');
  expect(unfolded).toContain('DTSTAMP:20261203T102030Z');
  expect(unfolded).toContain('DESCRIPTION:open · gcc · economy · illustrative');
});
