import type { ForcesBoard } from './forces-board.js';

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The forces board as a plain-text table (for `tahaluf forces report`). */
export function boardTable(b: ForcesBoard): string {
  const out: string[] = [];
  out.push(`Forces board: ${b.allianceId}`);
  if (b.headquarters)
    out.push(`Headquarters: ${b.headquarters.place.name} (host ${b.headquarters.host})`);
  out.push(
    `Pledges: ${b.pledges.length} (${b.pledges.reduce((s, p) => s + p.troops, 0).toLocaleString('en')} troops)${b.pledges.some((p) => p.illustrative) ? '; illustrative pledges marked *' : ''}`,
  );
  out.push(
    `Requirement: ${b.requirement ? `${b.requirement.title} [${b.requirement.id}], from ${b.requirement.startDate}, ${b.requirement.durationDays} days` : 'none stated'}`,
  );
  out.push('');
  out.push(
    [
      pad('capability', 24),
      pad('pledged', 9, true),
      pad('required', 9, true),
      pad('covered', 9, true),
      pad('short', 8, true),
    ].join(' '),
  );
  for (const c of b.capabilities)
    out.push(
      [
        pad(c.capability, 24),
        pad(String(c.pledged), 9, true),
        pad(String(c.required), 9, true),
        pad(String(c.covered), 9, true),
        pad(String(c.short), 8, true),
      ].join(' '),
    );
  if (b.generation) {
    const t = b.generation.totals;
    out.push(
      [
        pad('total', 24),
        pad('', 9),
        pad(String(t.required), 9, true),
        pad(String(t.covered), 9, true),
        pad(String(t.short), 8, true),
      ].join(' '),
    );
    out.push('');
    out.push('Burden shares');
    out.push(
      [
        pad('member', 8),
        pad('troops', 9, true),
        pad('units', 6, true),
        pad('share', 8, true),
        ...(b.generation.currency ? [pad(`cost ${b.generation.currency}`, 16, true)] : []),
      ].join(' '),
    );
    for (const m of b.generation.burden)
      out.push(
        [
          pad(
            m.member + (b.pledges.find((p) => p.member === m.member)?.illustrative ? '*' : ''),
            8,
          ),
          pad(String(m.troops), 9, true),
          pad(String(m.units), 6, true),
          pad(pct(m.share), 8, true),
          ...(m.cost !== null ? [pad(Math.round(m.cost).toLocaleString('en'), 16, true)] : []),
        ].join(' '),
      );
    const short = b.generation.lines.filter((l) => l.short > 0);
    if (short.length) {
      out.push('');
      out.push('Shortfalls');
      for (const l of short) {
        const why = Object.entries(l.excluded)
          .map(([k, v]) => `${k} ×${v}`)
          .join(', ');
        out.push(
          `  ${l.lineId} (${l.capability}): short ${l.short} of ${l.required}${why ? `; units left out: ${why}` : ''}`,
        );
      }
    }
  }
  out.push('');
  if (b.interop.dataIslands >= 0)
    out.push(
      `Interoperability: ${b.interop.units} units in ${b.interop.dataIslands} data-link island(s); gaps: data ${b.interop.gaps.data}, ammunition ${b.interop.gaps.ammunition}, fuel ${b.interop.gaps.fuel} pairs`,
    );
  return out.join('\n');
}

type CsvCell = string | number | null | undefined;
const csvCell = (v: CsvCell): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV: one row per capability, then one per member's burden share. */
export function boardCsv(b: ForcesBoard): string {
  const rows: CsvCell[][] = [
    [
      'alliance',
      'section',
      'key',
      'pledged',
      'required',
      'covered',
      'short',
      'troops_assigned',
      'share',
      'cost',
      'currency',
    ],
  ];
  for (const c of b.capabilities)
    rows.push([
      b.allianceId,
      'capability',
      c.capability,
      c.pledged,
      c.required,
      c.covered,
      c.short,
      '',
      '',
      '',
      '',
    ]);
  for (const m of b.generation?.burden ?? [])
    rows.push([
      b.allianceId,
      'member',
      m.member,
      '',
      '',
      '',
      '',
      m.troops,
      m.share.toFixed(4),
      m.cost === null ? '' : Math.round(m.cost),
      b.generation?.currency ?? '',
    ]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
