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
