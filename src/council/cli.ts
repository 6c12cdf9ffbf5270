import { isOneOf } from '../core/objects.js';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { dayOf, parseDay } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import { SECRETARIAT } from '../record/model.js';
import type { CliContext } from '../runtime/deps.js';
import { CouncilService } from './council-service.js';
import { describeRule } from './decision-rules.js';
import { verifyCouncil } from './verify.js';

/** `tahaluf council list|show|replay|charters|offices`. */
export function councilCli(program: Command, ctx: CliContext): void {
  const council = program
    .command('council')
    .description(
      'Council procedures: agenda, timelines, outcomes, offices; replay outcomes from the record',
    );

  council
    .command('list')
    .description('The agenda: procedures, newest first')
    .option('--charter <id>', 'only this charter (gcc, arab-league, oic, nato-reference, …)')
    .option('--status <status>', 'open | closed')
    .action(async (o: { charter?: string; status?: string }) => {
      const node = await ctx.open();
      try {
        const rows = await new CouncilService(node).list({
          charterId: o.charter,
          status: o.status,
          limit: 1000,
        });
        for (const r of rows) {
          const outcome = r.outcome?.status ?? r.status;
          console.log(
            `${r.id}  ${r.openedAt.slice(0, 16)}  ${r.charterId.padEnd(16)} ${(r.decisionType ?? r.kind).padEnd(13)} ${outcome.padEnd(12)} ${r.title}`,
          );
        }
        if (!rows.length) console.log('no procedures');
      } finally {
        await node.close();
      }
    });

  council
    .command('show <id>')
    .description("A procedure's timeline (who said what when), tally and outcome")
    .option('--json', 'print the full state as JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const node = await ctx.open();
      try {
        const v = await new CouncilService(node).get(id);
        if (o.json) return void console.log(JSON.stringify(v, null, 2));
        console.log(
          `${v.title}\n${v.charterId} · ${v.kind}${v.rule ? ` · ${v.rule}` : ''} · matter ${v.matter} · ${v.status}${v.deadline ? ` · deadline ${v.deadline}` : ''}`,
        );
        for (const e of v.timeline) console.log(`  ${e.at}  ${e.actor.padEnd(11)} ${e.summary}`);
        const out = v.liveOutcome;
        if (out) {
          console.log(
            `outcome: ${out.status}${out.final ? '' : ` (would be ${out.provisional})`} — ${out.reason}`,
          );
          console.log(
            `tally: yes ${out.tally.yes}, no ${out.tally.no}, abstain ${out.tally.abstain}, objections ${out.tally.objections}, present ${out.tally.present}/${out.tally.counted}`,
          );
          if (out.bound.length) console.log(`bound (${out.bindingScope}): ${out.bound.join(', ')}`);
        }
        if (v.summary) console.log(`summary: ${v.summary}`);
      } finally {
        await node.close();
      }
    });

  const actorOf = (as: string): string => {
    if (as.toLowerCase() === 'secretariat') return SECRETARIAT;
    if (!/^[A-Z]{3}$/.test(as))
      throw badInput('--as', `'${as}' is not an ISO3 code or 'secretariat'`);
    return as;
  };

  council
    .command('open')
    .description(
      'Open a decision under the charter\u2019s rule, signed by --as (e.g. an admission: matter admission-pak)',
    )
    .requiredOption('--as <actor>', 'the member that opens it (ISO3) or secretariat')
    .requiredOption('--charter <id>', 'charter id (arab-league, gcc, islamic-nato, …)')
    .requiredOption(
      '--type <decisionType>',
      'the charter\u2019s decision type (admission, suspension, substantive, …)',
    )
    .requiredOption('--matter <slug>', 'what it is about, e.g. admission-pak')
    .requiredOption('--title <title>', 'the text\u2019s title')
    .option('--deadline <iso>', 'ISO 8601 time')
    .action(
      async (o: {
        as: string;
        charter: string;
        type: string;
        matter: string;
        title: string;
        deadline?: string;
      }) => {
        const actor = actorOf(o.as);
        if (!/^[a-z0-9][a-z0-9-]{1,119}$/.test(o.matter))
          throw badInput('--matter', 'a slug: lower-case letters, digits and hyphens');
        const node = await ctx.open();
        try {
          const v = await new CouncilService(node).open(actor, {
            charterId: o.charter,
            kind: 'decision',
            decisionType: o.type,
            title: o.title,
            matter: o.matter,
            deadline: o.deadline ?? null,
          });
          console.log(`opened ${v.id} (${v.rule ?? v.kind}) on matter ${v.matter}`);
        } finally {
          await node.close();
        }
      },
    );

  council
    .command('vote <procedure> <choice>')
    .description('Vote yes, no or abstain in an open decision, signed by --as')
    .requiredOption('--as <actor>', 'the voting member (ISO3)')
    .action(async (id: string, choice: string, o: { as: string }) => {
      if (!isOneOf(['yes', 'no', 'abstain'], choice))
        throw badInput('choice', `'${choice}' is not yes, no or abstain`);
      const actor = actorOf(o.as);
      const node = await ctx.open();
      try {
        const r = await new CouncilService(node).act(id, 'vote', actor, {
          choice,
        });
        const out = r.procedure.liveOutcome;
        console.log(
          `recorded ${r.act.type} #${r.act.seq} by ${actor}${out ? `; would be ${out.provisional} if closed now` : ''}`,
        );
      } finally {
        await node.close();
      }
    });

  council
    .command('close <procedure>')
    .description(
      'Close a procedure (its opener or the secretariat); the outcome is computed by the rule',
    )
    .requiredOption('--as <actor>', 'the opener (ISO3) or secretariat')
    .option('--summary <text>', 'a closing summary')
    .action(async (id: string, o: { as: string; summary?: string }) => {
      const actor = actorOf(o.as);
      const node = await ctx.open();
      try {
        const v = await new CouncilService(node).close(id, actor, o.summary);
        console.log(
          `closed ${id}: ${v.outcome ? `${v.outcome.status} — ${v.outcome.reason}` : 'no outcome'}`,
        );
      } finally {
        await node.close();
      }
    });

  council
    .command('replay')
    .description(
      'Replay every procedure from the signed record and recompute its outcome (exit 1 on any mismatch)',
    )
    .option('--quiet', 'no progress bar')
    .action(async (o: { quiet?: boolean }) => {
      const node = await ctx.open();
      const bar = o.quiet
        ? null
        : new cliProgress.SingleBar(
            {
              format: 'replaying procedures [{bar}] {value}/{total}',
              stream: process.stderr,
              noTTYOutput: !process.env.CI,
            },
            cliProgress.Presets.shades_classic,
          );
      let started = false;
      try {
        const findings = await verifyCouncil(node, new CouncilService(node), (done, total) => {
          if (!bar) return;
          if (!started) {
            bar.start(total, 0);
            started = true;
          }
          bar.update(done);
        });
        if (started) bar?.stop();
        for (const f of findings)
          (f.ok ? console.log : console.error)(`${f.ok ? 'ok  ' : 'FAIL'} ${f.message}`);
        process.exitCode = findings.every((f) => f.ok) ? 0 : 1;
      } finally {
        await node.close();
      }
    });

  council
    .command('charters')
    .description('Charters: decision rules with their sources, offices')
    .action(async () => {
      const node = await ctx.open();
      try {
        for (const c of new CouncilService(node).charters.all) {
          console.log(`${c.id} — ${c.name} (${c.body})`);
          for (const [type, d] of Object.entries(c.decisions))
            console.log(
              `  ${type.padEnd(12)} ${describeRule(d.rule)}${d.unverified ? ' [unverified]' : ''} — ${d.sources.map((s) => s.title).join('; ')}`,
            );
        }
      } finally {
        await node.close();
      }
    });

  council
    .command('offices')
    .description('Who holds which office on a date')
    .requiredOption('--charter <id>', 'charter id')
    .option('--date <YYYY-MM-DD>', 'default today')
    .option('--json', 'print the offices as JSON')
    .action(async (o: { charter: string; date?: string; json?: boolean }) => {
      const node = await ctx.open();
      try {
        const day = o.date ? parseDay(o.date, 'date') : dayOf(node.clock.now());
        const v = await new CouncilService(node).offices(o.charter, day);
        if (o.json) return void console.log(JSON.stringify(v, null, 2));
        console.log(`${v.charterId} offices on ${v.date}`);
        console.log(`${'office'.padEnd(34)} ${'holder'.padEnd(28)} ${'term'.padEnd(25)} note`);
        const row = (office: string, holder: string, term: string, note: string) =>
          console.log(
            `${office.padEnd(34)} ${holder.padEnd(28)} ${term.padEnd(25)} ${note}`.trimEnd(),
          );
        const c = v.chair;
        if (c) {
          const notes = [
            c.declined.length
              ? `in line ${c.inLine}; declined: ${c.declined.map((d) => d.member + (d.substitute ? ` (→ ${d.substitute})` : '')).join(', ')}`
              : '',
            c.lapsed?.length ? `lapsed declines: ${c.lapsed.map((d) => d.member).join(', ')}` : '',
            c.projected ? 'projected by the rule, not a record' : '',
          ].filter(Boolean);
          row(c.title, c.holder, `${c.from} → ${c.to}`, notes.join('; '));
        } else row('chair', '—', '', 'no rotating chair, or none on this date');
        const sg = v.secretaryGeneral;
        if (sg)
          row(
            'Secretary-General',
            `${sg.person} (${sg.nationality})`,
            `${sg.from} → ${sg.to}`,
            [
              `term ${sg.termNumber}`,
              sg.unverified ? `[unverified: ${sg.unverified}]` : '',
              sg.sources?.length ? `source: ${sg.sources[0].title}` : '',
            ]
              .filter(Boolean)
              .join('; '),
          );
        else row('Secretary-General', '—', '', 'none on record for this date');
      } finally {
        await node.close();
      }
    });
}
