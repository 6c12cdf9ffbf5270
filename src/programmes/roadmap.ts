import type { ProgrammeState } from './model.js';

/** One milestone on the roadmap, for the member that owns it. */
export interface RoadmapRow {
  member: string;
  programmeId: string;
  programme: string;
  allianceId: string;
  area: string;
  milestoneId: string;
  milestone: string;
  due: string;
  status: 'open' | 'completed' | 'overdue';
  completedAt: string | null;
  illustrative: boolean;
}

/** Milestones of the programmes by owner and due date; `overdue` when open past `today`. */
export function roadmap(
  programmes: ProgrammeState[],
  o: { member?: string; today?: string } = {},
): RoadmapRow[] {
  const today = o.today ?? new Date().toISOString().slice(0, 10);
  const rows: RoadmapRow[] = [];
  for (const p of programmes)
    for (const m of p.milestones) {
      if (o.member && m.owner !== o.member) continue;
      rows.push({
        member: m.owner,
        programmeId: p.id,
        programme: p.title,
        allianceId: p.allianceId,
        area: p.area,
        milestoneId: m.id,
        milestone: m.title,
        due: m.due,
        status: m.status === 'completed' ? 'completed' : m.due < today ? 'overdue' : 'open',
        completedAt: m.completedAt,
        illustrative: p.illustrative,
      });
    }
  return rows.sort(
    (a, b) =>
      a.member.localeCompare(b.member) ||
      a.due.localeCompare(b.due) ||
      a.programmeId.localeCompare(b.programmeId) ||
      a.milestoneId.localeCompare(b.milestoneId),
  );
}

const COLUMNS: (keyof RoadmapRow)[] = [
  'member',
  'due',
  'status',
  'completedAt',
  'programme',
  'milestone',
  'area',
  'allianceId',
  'programmeId',
  'milestoneId',
  'illustrative',
];

/** RFC 4180 CSV; a cell starting with = + - @ is prefixed with ' (no formula injection in spreadsheets). */
export function roadmapCsv(rows: RoadmapRow[]): string {
  const cell = (v: string | boolean | null): string => {
    let s = v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return (
    [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') +
    '\r\n'
  );
}

/** RFC 5545 TEXT escaping: backslash, semicolon, comma, newline. */
const icsText = (s: string): string =>
  s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF + one space), never inside a character. */
function fold(line: string): string {
  const out: string[] = [];
  let cur = '',
    bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const icsDay = (d: string) => d.replace(/-/g, '');
const nextDay = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The roadmap as an iCalendar file (RFC 5545): one all-day event per milestone on its due date, named
 * "<owner>: <milestone> (<programme>)", its status in the description; `stamp` is the DTSTAMP (UTC).
 */
export function roadmapIcs(rows: RoadmapRow[], stamp: Date): string {
  const dtstamp = stamp
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tahaluf//Programme roadmap//EN',
    'CALSCALE:GREGORIAN',
  ];
  for (const r of rows)
    lines.push(
      'BEGIN:VEVENT',
      `UID:${r.programmeId}.${r.milestoneId}@tahaluf`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${icsDay(r.due)}`,
      `DTEND;VALUE=DATE:${icsDay(nextDay(r.due))}`,
      `SUMMARY:${icsText(`${r.member}: ${r.milestone} (${r.programme})`)}`,
      `DESCRIPTION:${icsText(
        `${r.status}${r.completedAt ? ` ${r.completedAt.slice(0, 10)}` : ''} · ${r.allianceId} · ${r.area}${r.illustrative ? ' · illustrative' : ''}`,
      )}`,
      `CATEGORIES:${icsText(r.area)}`,
      'END:VEVENT',
    );
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
