import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { dayOf, parseDay } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import type { CliContext } from '../runtime/deps.js';
import { dyadYearsCsv, stateYearsCsv } from './atop-tables.js';
import { findAtopFiles, readAtopFiles } from './atop-import.js';
import { isKnownCode } from './cow-iso.js';
import type { ObligationAnswer } from './model.js';
import { treatiesService } from './treaties-service.js';

const year = (v: string, field: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1800 || n > 2200) throw badInput(field, `${field} must be a year from 1800 to 2200, got '${v}'`);
  return n;
};

/** The answer as a plain-text table, one line per bound state. */
export function formatAnswer(a: ObligationAnswer): string {
  const rows = a.bound.map((o) => [
    o.state, o.action, o.allianceId, o.article ?? '—',
    o.conditions.length ? o.conditions.map((c) => `${c.kind}: ${c.status}`).join('; ') : 'none',
    o.suspended ? 'suspended party (see API for the text rule)' : '',
  ]);
  const head = ['STATE', 'BOUND TO', 'ALLIANCE', 'ARTICLE', 'CONDITIONS', 'NOTE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [`If ${a.attacked} is attacked on ${a.date}${a.attacker ? ` by ${a.attacker}` : ''}${a.place ? ` in ${a.place}` : ''}:`, ''];
  out.push(line(head), ...rows.map(line));
  if (!rows.length) out.push('(no state is bound)');
  if (a.notBinding.length) {
    out.push('', 'Not binding:');
    for (const n of a.notBinding) out.push(`  ${n.allianceId}: ${n.reason}`);
  }
  return out.join('\n');
}

function bar(label: string) {
  const b = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) (started = true), b.start(total, 0);
      b.update(done);
    },
    stop: () => started && b.stop(),
  };
}

export function treatiesCli(program: Command, ctx: CliContext): void {
  program
    .command('obligations <state>')
    .description('Who is bound to act if STATE is attacked on a date (table; --json for the API answer)')
    .option('--date <YYYY-MM-DD>', 'date of the attack (default today)')
    .option('--attacker <ISO3>', 'the attacking state')
    .option('--place <ISO3>', 'where the attack takes place')
    .option('--json', 'print JSON')
    .action(async (state: string, o: { date?: string; attacker?: string; place?: string; json?: boolean }) => {
      const deps = await ctx.open();
      try {
        for (const [name, v] of [['state', state], ['--attacker', o.attacker], ['--place', o.place]] as const)
          if (v !== undefined && !deps.registry.state(v) && !isKnownCode(v)) throw badInput(name, `${name} '${v}' is not a known state code`);
        const day = o.date ? parseDay(o.date, '--date') : dayOf(deps.clock.now());
        const a = (await treatiesService(deps)).engine.attacked(state, day, { attacker: o.attacker ?? null, place: o.place ?? null });
        console.log(o.json ? JSON.stringify(a, null, 2) : formatAnswer(a));
      } finally {
        await deps.close();
      }
    });

  const atop = program.command('atop').description('ATOP alliance data: import, directed dyad-years, state-years');
  atop
    .command('import <dir>')
    .description("Import ATOP's member- and alliance-level CSV files from a folder downloaded from atopdata.org (all or nothing)")
    .action(async (dir: string) => {
      const files = findAtopFiles(dir);
      const data = readAtopFiles(files);
      const deps = await ctx.open();
      const b = bar('ATOP import');
      try {
        const r = await (await treatiesService(deps)).importAtop(data, dir, b.update);
        b.stop();
        console.log(`imported ${r.memberRows} member rows and ${r.allianceRows} alliances (sha256 ${r.sha256.slice(0, 16)}…, act ${r.id})`);
      } finally {
        b.stop();
        await deps.close();
      }
    });
  for (const kind of ['dyad-years', 'state-years'] as const) {
    atop
      .command(kind)
      .description(kind === 'dyad-years' ? 'Directed dyad-years (ccode1 pledges to ccode2) from the imported ATOP rows' : 'State-years from the imported ATOP rows')
      .option('--from <year>', 'first year', '1816')
      .option('--to <year>', 'last year', '2016')
      .option('--out <file.csv>', 'write here (default stdout)')
      .action(async (o: { from: string; to: string; out?: string }) => {
        const from = year(o.from, '--from');
        const to = year(o.to, '--to');
        if (to < from) throw badInput('--to', '--to must not be before --from');
        const deps = await ctx.open();
        try {
          const s = await treatiesService(deps);
          if (!s.atop.members.length) throw badInput('atop', 'no ATOP data imported yet: run `tahaluf atop import DIR` first');
          const csv = kind === 'dyad-years' ? dyadYearsCsv(s.dyadYears(from, to)) : stateYearsCsv(s.stateYears(from, to));
          if (o.out) {
            writeFileSync(o.out, csv);
            console.error(`wrote ${csv.split('\n').length - 2} rows to ${o.out}`);
          } else process.stdout.write(csv);
        } finally {
          await deps.close();
        }
      });
  }
}
