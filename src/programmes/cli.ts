import { isOneOf } from '../core/objects.js';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { badInput } from '../core/errors.js';
import type { CliContext, Deps } from '../runtime/deps.js';
import {
  AREAS,
  CONTRIBUTION_KINDS,
  COUNCIL_ACTIONS,
  type Governance,
  type MilestoneInput,
  type ProgrammeState,
} from './model.js';
import { ProgrammeDesk } from './programme-desk.js';
import { roadmap, roadmapCsv } from './roadmap.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

async function withDesk<T>(ctx: CliContext, fn: (desk: ProgrammeDesk, deps: Deps) => Promise<T>) {
  const node = await ctx.open();
  try {
    return await fn(new ProgrammeDesk(node), node);
  } finally {
    await node.close();
  }
}

function asMember(v: string | undefined): { member: string } {
  if (!v || !/^[A-Z]{3}$/.test(v)) throw badInput('--as', '--as names the acting member (ISO3)');
  return { member: v };
}

/** `--council gcc:substantive:join,complete` → governance. */
function governanceOf(v: string | undefined): Governance {
  if (!v) return { rule: 'opt-in' };
  const [charterId, decisionType, acts] = v.split(':');
  // Checked as the desk checks it (same field and message), so that the list is typed as actions.
  const requiredFor = (acts ?? 'join').split(',').map((action) => {
    if (!isOneOf(COUNCIL_ACTIONS, action))
      throw badInput(
        'governance.requiredFor',
        `governance.requiredFor lists distinct acts among ${COUNCIL_ACTIONS.join(', ')}`,
      );
    return action;
  });
  return { rule: 'council', charterId, decisionType, requiredFor };
}

/** `"Title|2026-06-30"` or `"Title|2026-06-30|QAT"` → milestone (owner defaults to the proposer). */
function milestoneOf(v: string, owner: string): MilestoneInput {
  const [title, due, who] = v.split('|');
  if (!title || !due)
    throw badInput('--milestone', `--milestone is "title|YYYY-MM-DD[|OWNER]", got '${v}'`);
  return { title, due, owner: who ?? owner };
}

export function printProgramme(s: ProgrammeState): void {
  console.log(`${s.title}${s.illustrative ? ' (illustrative)' : ''}`);
  console.log(
    `${s.id} · ${s.allianceId} · ${s.area} · ${s.status} · ${s.governance.rule === 'council' ? `council ${s.governance.charterId}/${s.governance.decisionType} decides ${s.governance.requiredFor.join(', ')}` : 'opt-in'}`,
  );
  console.log(`participants: ${s.participants.map((p) => p.member).join(', ') || 'none'}`);
  for (const o of s.objectives) console.log(`  objective: ${o}`);
  for (const m of s.milestones)
    console.log(`  milestone ${m.id}  ${m.due}  ${m.owner}  ${m.status.padEnd(9)} ${m.title}`);
  for (const c of s.contributions)
    console.log(`  contribution ${c.member} ${c.kind} ${c.amount} ${c.unit}: ${c.description}`);
  for (const r of s.requests)
    console.log(
      `  request ${r.id} ${r.member} ${r.action} ${r.status}${r.procedureId ? ` (council ${r.procedureId})` : ''}`,
    );
}

/** `tahaluf programme …`: the CLI acts as the operator, for the member named by `--as`. */
export function programmeCli(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('programme')
    .description('Cooperation programmes: propose, join, leave, contribute, milestones, roadmap');

  cmd
    .command('list')
    .option('--alliance <id>', 'only this alliance')
    .option('--member <ISO3>', 'only programmes this member takes (or took) part in')
    .description('Programmes with status and participants')
    .action((o: { alliance?: string; member?: string }) =>
      withDesk(ctx, async (desk) => {
        const rows = await desk.list({ allianceId: o.alliance, member: o.member });
        for (const s of rows)
          console.log(
            `${s.id}  ${s.allianceId.padEnd(16)} ${s.status.padEnd(8)} ${s.participants
              .map((p) => p.member)
              .join(',')
              .padEnd(24)} ${s.title}${s.illustrative ? ' (illustrative)' : ''}`,
          );
        if (!rows.length) console.log('no programmes');
      }),
    );

  cmd
    .command('show <id>')
    .option('--json', 'the full state as JSON')
    .description(
      'A programme: participants, objectives, milestones, contributions, council requests',
    )
    .action((id: string, o: { json?: boolean }) =>
      withDesk(ctx, async (desk) => {
        const s = await desk.get(id);
        if (o.json) console.log(JSON.stringify(s, null, 2));
        else printProgramme(s);
      }),
    );

  cmd
    .command('propose')
    .requiredOption('--as <ISO3>', 'proposing member')
    .requiredOption('--alliance <id>', 'alliance whose members may take part')
    .requiredOption('--title <text>', 'title')
    .requiredOption('--area <area>', AREAS.join(' | '))
    .requiredOption('--objective <text>', 'an objective (repeat)', collect)
    .option('--milestone <title|due[|owner]>', 'a milestone (repeat)', collect)
    .option(
      '--council <charter:decisionType:acts>',
      'council governance, e.g. gcc:substantive:join,complete (default: opt-in)',
    )
    .description('Propose a programme; the proposer takes part (a signed act)')
    .action(
      (o: {
        as: string;
        alliance: string;
        title: string;
        area: string;
        objective: string[];
        milestone?: string[];
        council?: string;
      }) =>
        withDesk(ctx, async (desk) => {
          const as = asMember(o.as);
          const area = o.area;
          if (!isOneOf(AREAS, area))
            throw badInput('--area', `--area is one of ${AREAS.join(', ')}`);
          const r = await desk.propose(as, {
            allianceId: o.alliance,
            title: o.title,
            area,
            objectives: o.objective,
            governance: governanceOf(o.council),
            milestones: (o.milestone ?? []).map((m) => milestoneOf(m, as.member)),
          });
          console.log(`proposed ${r.programme.id} (act #${r.act.seq})`);
        }),
    );

  const simple = (
    name: string,
    what: string,
    run: (
      desk: ProgrammeDesk,
      as: { member: string },
      id: string,
      o: Record<string, string>,
    ) => Promise<{ act: { seq: number } }>,
  ) =>
    cmd
      .command(`${name} <id>`)
      .requiredOption('--as <ISO3>', 'acting member')
      .option('--reason <text>', 'why (leave)')
      .description(what)
      .action((id: string, o: Record<string, string>) =>
        withDesk(ctx, async (desk) => {
          const r = await run(desk, asMember(o.as), id, o);
          console.log(`${name}: act #${r.act.seq}`);
        }),
      );
  simple('join', 'Join a programme (opt in)', (d, as, id) => d.join(as, id));
  simple('leave', 'Leave a programme', (d, as, id, o) => d.leave(as, id, o.reason));

  cmd
    .command('commit <id>')
    .requiredOption('--as <ISO3>', 'committing member')
    .requiredOption('--kind <kind>', CONTRIBUTION_KINDS.join(' | '))
    .requiredOption('--amount <n>', 'amount')
    .requiredOption('--unit <unit>', 'currency (ISO 4217) | persons | items | datasets')
    .requiredOption('--description <text>', 'what is contributed')
    .description('Commit a contribution (a signed act)')
    .action(
      (
        id: string,
        o: { as: string; kind: string; amount: string; unit: string; description: string },
      ) =>
        withDesk(ctx, async (desk) => {
          const amount = Number(o.amount);
          const kind = o.kind;
          if (!isOneOf(CONTRIBUTION_KINDS, kind))
            throw badInput('kind', `kind is one of ${CONTRIBUTION_KINDS.join(', ')}`);
          const r = await desk.commit(asMember(o.as), id, {
            kind,
            amount,
            unit: o.unit,
            description: o.description,
          });
          console.log(`committed ${r.programme.contributions.at(-1)!.id} (act #${r.act.seq})`);
        }),
    );

  cmd
    .command('milestone <id>')
    .requiredOption('--as <ISO3>', 'participant adding it')
    .requiredOption('--title <text>', 'title')
    .requiredOption('--due <YYYY-MM-DD>', 'due date')
    .option('--owner <ISO3>', 'owner (default: --as)')
    .description('Add a milestone')
    .action((id: string, o: { as: string; title: string; due: string; owner?: string }) =>
      withDesk(ctx, async (desk) => {
        const as = asMember(o.as);
        const r = await desk.addMilestone(as, id, {
          title: o.title,
          due: o.due,
          owner: o.owner ?? as.member,
        });
        console.log(`milestone ${r.programme.milestones.at(-1)!.id} (act #${r.act.seq})`);
      }),
    );

  cmd
    .command('complete <id> <milestoneId>')
    .requiredOption('--as <ISO3>', 'the owner')
    .requiredOption('--evidence <text>', 'evidence of completion')
    .description('Complete a milestone')
    .action((id: string, mid: string, o: { as: string; evidence: string }) =>
      withDesk(ctx, async (desk) => {
        const r = await desk.completeMilestone(asMember(o.as), id, mid, o.evidence);
        console.log(`completed ${mid} (act #${r.act.seq})`);
      }),
    );

  cmd
    .command('request <id>')
    .requiredOption('--as <ISO3>', 'requesting member')
    .requiredOption('--action <action>', COUNCIL_ACTIONS.join(' | '))
    .option('--milestone <id>', 'complete: the milestone')
    .option('--evidence <text>', 'complete: the evidence')
    .description(
      'Ask the council to decide (when the charter requires it); prints the decision to open',
    )
    .action(
      (id: string, o: { as: string; action: string; milestone?: string; evidence?: string }) =>
        withDesk(ctx, async (desk) => {
          const action = o.action;
          if (!isOneOf(COUNCIL_ACTIONS, action))
            throw badInput('--action', `--action is one of ${COUNCIL_ACTIONS.join(', ')}`);
          const r = await desk.fileRequest(asMember(o.as), id, action, {
            milestoneId: o.milestone,
            evidence: o.evidence,
          });
          console.log(`request ${r.request.id} (act #${r.act.seq}); open the council decision:`);
          console.log(JSON.stringify(r.councilProcedure, null, 2));
        }),
    );

  cmd
    .command('settle <id> <requestId>')
    .description("Enter the council's outcome on a request once its decision has closed")
    .action((id: string, rid: string) =>
      withDesk(ctx, async (desk) => {
        const r = await desk.settle(id, rid);
        console.log(
          `${rid}: ${r.programme.requests.find((x) => x.id === rid)!.status} (act #${r.act.seq})`,
        );
      }),
    );

  cmd
    .command('roadmap')
    .option('--alliance <id>', 'only this alliance')
    .option('--member <ISO3>', 'only milestones this member owns')
    .option('--csv <file>', 'write the roadmap as CSV to this file')
    .description('Milestones on a timeline, per member')
    .action((o: { alliance?: string; member?: string; csv?: string }) =>
      withDesk(ctx, async (desk) => {
        const rows = roadmap(await desk.list({ allianceId: o.alliance }), { member: o.member });
        for (const r of rows)
          console.log(
            `${r.member}  ${r.due}  ${r.status.padEnd(9)} ${r.programme} — ${r.milestone}`,
          );
        if (!rows.length) console.log('no milestones');
        if (o.csv) {
          writeFileSync(o.csv, roadmapCsv(rows));
          console.error(`wrote ${o.csv}`);
        }
      }),
    );
}
