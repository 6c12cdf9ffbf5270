import { fieldsOf } from '../core/objects.js';
import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { dayOf } from '../core/dates.js';
import { badInput, messageOf } from '../core/errors.js';
import type { CliContext } from '../runtime/deps.js';
import { dyadYearsCsv, stateYearsCsv } from './atop-tables.js';
import { findAtopFiles, readAtopFiles } from './atop-import.js';
import { checkAttackedQuestion, type FieldNamer } from './query-check.js';
import type { ObligationAnswer } from './model.js';
import { freshTreatiesService, treatiesService } from './treaties-service.js';

const year = (v: string, field: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1815 || n > 2200)
    throw badInput(field, `${field} must be a year from 1815 to 2200, got '${v}'`);
  return n;
};

/** CLI names for the fields the API calls `query/<name>`. */
const cliField: FieldNamer = (name) => (name === 'attacked' ? 'state' : `--${name}`);

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/**
 * The answer as a readable report: a summary line, then one block per clause (alliance, article,
 * obligation and conditions) naming the states it binds, with the clause and short sources; then what
 * does not bind and why, and what the answer rests on (coverage).
 */
export function formatAnswer(
  a: ObligationAnswer,
  opts: { name?: (code: string) => string; width?: number } = {},
): string {
  const width = opts.width ?? 100;
  const label = (code: string) => {
    const n = opts.name?.(code);
    return n && n !== code ? `${n} (${code})` : code;
  };
  const name = (code: string, fallback?: string) =>
    fallback && fallback !== code ? fallback : code;
  const attackedName = label(a.attacked);
  const groups = new Map<
    string,
    { first: ObligationAnswer['bound'][number]; states: string[]; suspended: string[] }
  >();
  for (const o of a.bound) {
    const key = [
      o.allianceId,
      o.obligation,
      o.article ?? '',
      o.toward,
      JSON.stringify(o.conditions.map((c) => [c.kind, c.status, c.description])),
    ].join('|');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: o, states: [], suspended: [] }));
    g.states.push(name(o.state, o.stateName));
    if (o.suspended) g.suspended.push(o.state);
  }
  const states = new Set(a.bound.map((o) => o.state));
  const byAction = new Map<string, Set<string>>();
  for (const o of a.bound)
    byAction.set(o.action, (byAction.get(o.action) ?? new Set()).add(o.state));
  const alliances = new Set(a.bound.map((o) => o.allianceId));
  const out = [
    `If ${attackedName} is attacked on ${a.date}${a.attacker ? ` by ${label(a.attacker)}` : ''}${a.place ? ` in ${label(a.place)}` : ''}:`,
  ];
  // The API's own words first: the attacked state's standing (suspended, merged, not yet a party), then
  // who must defend by which kind of instrument, then conflicts; the counts follow.
  if (a.headline) out.push(a.headline);
  out.push(
    states.size
      ? `${states.size} state${states.size === 1 ? '' : 's'} bound under ${alliances.size} alliance${alliances.size === 1 ? '' : 's'}: ${[...byAction].map(([act, s]) => `${s.size} to ${act}`).join(', ')}.`
      : 'No state is bound to act on the data loaded (see coverage below).',
  );
  for (const c of a.conflicts ?? [])
    out.push(
      `CONFLICT — ${clip(c.text, width + 60)} [${c.article ?? ''}: ${clip(c.clause, width)}]`,
    );
  for (const g of groups.values()) {
    const o = g.first;
    const article =
      o.article ?? (o.origin === 'atop' ? 'article: not coded by ATOP' : 'article not public');
    out.push('', `${o.action.toUpperCase()} — ${o.allianceName} (${o.allianceId}), ${article}`);
    if (o.instrument && o.instrument.strength !== 'binding')
      out.push(
        `  instrument: ${o.instrument.type} (${o.instrument.strength}): ${clip(o.instrument.note, width)}`,
      );
    out.push(`  states (${g.states.length}): ${g.states.sort().join(', ')}`);
    out.push(`  clause: ${clip(o.summary, width)}`);
    out.push(
      `  conditions: ${o.conditions.length ? o.conditions.map((c) => `${c.kind} ${c.status}`).join('; ') : 'none'}`,
    );
    if (g.suspended.length)
      out.push(`  suspended party: ${clip(o.suspension ?? g.suspended.join(', '), width)}`);
    out.push(
      `  source: ${o.sources
        .slice(0, 2)
        .map((s) => clip(s.title, 70) + (s.url ? ` <${s.url}>` : ''))
        .join('; ')}${o.sources.length > 2 ? ` (+${o.sources.length - 2} more)` : ''}`,
    );
  }
  if (a.notBinding.length) {
    out.push('', 'Not binding:');
    for (const n of a.notBinding) out.push(`  ${n.allianceId}: ${clip(n.reason, width + 40)}`);
  }
  if (a.coverage) out.push('', `Coverage: ${a.coverage.note}`);
  return out.join('\n');
}

function bar(label: string) {
  const b = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        started = true;
        b.start(total, 0);
      }
      b.update(done);
    },
    stop: () => started && b.stop(),
  };
}

/** Writes the table, turning file-system failures into an error naming --out (no stack trace). */
export function writeCsv(file: string, csv: string): void {
  try {
    writeFileSync(file, csv);
  } catch (e) {
    const { code } = fieldsOf(e);
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : messageOf(e);
    throw badInput('--out', `cannot write ${file}: ${why}`);
  }
}

export function treatiesCli(program: Command, ctx: CliContext): void {
  program
    .command('obligations <state>')
    .description(
      'Who is bound to act if STATE is attacked on a date (table; --json for the API answer)',
    )
    .option('--date <YYYY-MM-DD>', 'date of the attack (default today)')
    .option('--attacker <ISO3>', 'the attacking state')
    .option('--place <ISO3>', 'where the attack takes place')
    .option('--json', 'print JSON')
    .action(
      async (
        state: string,
        o: { date?: string; attacker?: string; place?: string; json?: boolean },
      ) => {
        const deps = await ctx.open();
        try {
          // The same checks as GET /api/obligations (query-check.ts), naming the CLI's own fields.
          const today = dayOf(deps.clock.now());
          const q = checkAttackedQuestion(
            { attacked: state, date: o.date, attacker: o.attacker, place: o.place },
            { registry: deps.registry, today, field: cliField },
          );
          const s = await freshTreatiesService(deps);
          const a = {
            ...s.engine.attacked(q.attacked, q.date, { attacker: q.attacker, place: q.place }),
            coverage: s.coverage(q.date, today),
          };
          console.log(
            o.json
              ? JSON.stringify(a, null, 2)
              : formatAnswer(a, { name: (c) => s.engine.stateName(c) }),
          );
        } finally {
          await deps.close();
        }
      },
    );

  const atop = program
    .command('atop')
    .description('ATOP alliance data: import, directed dyad-years, state-years');
  atop
    .command('import <dir>')
    .description(
      "Import ATOP's member- and alliance-level CSV files from a folder downloaded from atopdata.org (all or nothing)",
    )
    .action(async (dir: string) => {
      const files = findAtopFiles(dir);
      const data = readAtopFiles(files);
      const deps = await ctx.open();
      const b = bar('ATOP import');
      try {
        const r = await (
          await treatiesService(deps)
        ).importAtop(data, dir, (done, total) => b.update(done, total));
        b.stop();
        console.log(
          `imported ${r.memberRows} member rows and ${r.allianceRows} alliances (sha256 ${r.sha256.slice(0, 16)}…, act ${r.id})`,
        );
      } finally {
        b.stop();
        await deps.close();
      }
    });
  for (const kind of ['dyad-years', 'state-years'] as const) {
    atop
      .command(kind)
      .description(
        kind === 'dyad-years'
          ? 'Directed dyad-years (ccode1 pledges to ccode2) from the imported ATOP rows'
          : 'State-years from the imported ATOP rows',
      )
      // ATOP's dyad-year data starts in 1816, its state-year data in 1815 (docs/atop-validation.md uses 1815).
      .option('--from <year>', 'first year', kind === 'dyad-years' ? '1816' : '1815')
      .option('--to <year>', 'last year (at most the last year of the imported data)', '2016')
      .option('--out <file.csv>', 'write here (default stdout)')
      .option(
        '--beyond-coverage',
        "allow years after the imported data's last year (alliances in force then are assumed to continue)",
      )
      .action(async (o: { from: string; to: string; out?: string; beyondCoverage?: boolean }) => {
        const from = year(o.from, '--from');
        const to = year(o.to, '--to');
        if (to < from) throw badInput('--to', '--to must not be before --from');
        const deps = await ctx.open();
        try {
          const s = await treatiesService(deps);
          if (!s.atop.members.length || !s.atopYears)
            throw badInput(
              'atop',
              'no ATOP data imported yet: run `tahaluf atop import DIR` first',
            );
          const end = s.atopYears.to;
          if (to > end) {
            const what = `the imported ATOP data ends in ${end}; rows for ${Math.max(from, end + 1)}–${to} would only repeat the alliances in force in ${end}`;
            if (!o.beyondCoverage)
              throw badInput(
                '--to',
                `--to ${to}: ${what} (use --to ${end}, or --beyond-coverage to write them anyway)`,
              );
            console.error(`warning: ${what}`);
          }
          const csv =
            kind === 'dyad-years'
              ? dyadYearsCsv(s.dyadYears(from, to))
              : stateYearsCsv(s.stateYears(from, to));
          if (o.out) {
            writeCsv(o.out, csv);
            console.error(`wrote ${csv.split('\n').length - 2} rows to ${o.out}`);
          } else process.stdout.write(csv);
        } finally {
          await deps.close();
        }
      });
  }
}
