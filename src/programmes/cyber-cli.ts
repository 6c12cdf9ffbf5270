import type { Command } from 'commander';
import { badInput } from '../core/errors.js';
import { CLASSIFICATIONS, isClassification } from '../runtime/auth.js';
import type { CliContext } from '../runtime/deps.js';
import type { CaseReader } from './case-visibility.js';
import { CyberDesk } from './cyber-desk.js';
import type { CyberCase } from './cyber-model.js';

/** What `tahaluf cyber export` writes: the cases released to the member at the clearance. */
export async function exportCases(
  desk: CyberDesk,
  who: CaseReader,
): Promise<{ member: string | null; clearance: string; cases: CyberCase[] }> {
  return { member: who.member, clearance: who.clearance, cases: await desk.list(who) };
}

export function cyberCli(program: Command, ctx: CliContext): void {
  const cyber = program
    .command('cyber')
    .description('Cyber incident cases among programme participants');
  cyber
    .command('export')
    .requiredOption('--member <ISO3>', 'member whose view is exported (only cases released to it)')
    .option('--clearance <level>', 'clearance of the reading user', 'SECRET')
    .description('Write the cases a member\u2019s user may see as JSON to stdout')
    .action(async (o: { member: string; clearance: string }) => {
      if (!/^[A-Z]{3}$/.test(o.member)) throw badInput('--member', '--member is an ISO3 code');
      const clearance = o.clearance;
      if (!isClassification(clearance))
        throw badInput('--clearance', `--clearance is one of ${CLASSIFICATIONS.join(', ')}`);
      const node = await ctx.open();
      try {
        const out = await exportCases(new CyberDesk(node), {
          member: o.member,
          clearance,
        });
        console.log(JSON.stringify(out, null, 2));
      } finally {
        await node.close();
      }
    });
}
