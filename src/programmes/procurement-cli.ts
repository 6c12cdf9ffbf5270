import type { Command } from 'commander';
import { badInput } from '../core/errors.js';
import type { CliContext } from '../runtime/deps.js';
import { ProcurementDesk } from './procurement-desk.js';
import type { ProcurementProposal, ProposalFigures } from './procurement-rules.js';

function asMember(v: string | undefined): string {
  if (!v || !/^[A-Z]{3}$/.test(v)) throw badInput('--as', '--as names the acting member (ISO3)');
  return v;
}

/** The proposal as `tahaluf procurement` prints it. */
export function procurementText(p: ProposalFigures & Partial<ProcurementProposal>): string {
  const lines: string[] = [];
  if (p.id) lines.push(`${p.id} · ${p.allianceId} · proposed by ${p.proposedBy} · ${p.status}`);
  if (!p.closed) {
    lines.push(`${p.units} units, ${p.gaps} data gaps: none closes within a budget of ${p.budget}`);
    return lines.join('\n');
  }
  lines.push(
    `common standard: ${p.standardName ?? p.standard} (${p.standard}); budget ${p.budget} units`,
    `data gaps closed: ${p.closed} of ${p.gaps} among ${p.units} units` +
      (p.optimumClosed === null ? '' : `; brute-force optimum ${p.optimumClosed}`),
    `equipment changes: ${p.changes.map((c) => `${c.member} ${c.units} unit(s)`).join(', ')}`,
    ...p.equip.map((e) => `  equip ${e.key} (${e.member})`),
    `members who gain a data link: ${p.gainers.join(', ')}`,
  );
  if (p.shortfalls.length)
    lines.push(
      `force-generation shortfalls: ${p.shortfalls.map((s) => `${s.capability} ${s.short}`).join(', ')}`,
    );
  for (const c of p.commitments ?? [])
    lines.push(
      `  committed: ${c.member} (${c.units.join(', ')}) ${c.at}${c.note ? ` — ${c.note}` : ''}`,
    );
  return lines.join('\n');
}

const budgetOf = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw badInput('--budget', '--budget is a whole number ≥ 1');
  return n;
};

export function procurementCli(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('procurement')
    .description('Defence-industrial proposals: a common data-link standard tied to the gaps');
  const run = async (fn: (desk: ProcurementDesk) => Promise<void>) => {
    const node = await ctx.open();
    try {
      await fn(new ProcurementDesk(node));
    } finally {
      await node.close();
    }
  };
  cmd
    .command('propose')
    .requiredOption('--alliance <id>', 'alliance whose pledged units are considered')
    .option('--budget <n>', 'how many units may be re-equipped', '4')
    .option('--as <ISO3>', 'record the proposal as a signed act of this member')
    .option('--json', 'print JSON')
    .description('Compute the proposal (and with --as record it)')
    .action((o: { alliance: string; budget: string; as?: string; json?: boolean }) =>
      run(async (desk) => {
        const p = o.as
          ? await desk.propose(asMember(o.as), o.alliance, budgetOf(o.budget))
          : await desk.compute(o.alliance, budgetOf(o.budget));
        console.log(o.json ? JSON.stringify(p, null, 2) : procurementText(p));
      }),
    );
  cmd
    .command('commit')
    .argument('<id>', 'proposal id')
    .requiredOption('--as <ISO3>', 'the committing member (its units in the proposal)')
    .option('--note <text>', 'e.g. the budget line or the delivery date', '')
    .description('Commit to re-equipping your units named in the proposal (a signed act)')
    .action((id: string, o: { as: string; note: string }) =>
      run(async (desk) => {
        console.log(procurementText(await desk.commit(asMember(o.as), id, o.note)));
      }),
    );
  cmd
    .command('list')
    .option('--alliance <id>')
    .option('--json', 'print JSON')
    .description('Recorded proposals and their commitments')
    .action((o: { alliance?: string; json?: boolean }) =>
      run(async (desk) => {
        const ps = await desk.list(o.alliance);
        console.log(
          o.json ? JSON.stringify(ps, null, 2) : ps.map((p) => procurementText(p)).join('\n\n'),
        );
      }),
    );
}
