import { Command } from 'commander';
import { loadConfig, ConfigError } from '../core/config.js';
import { isTahalufError } from '../core/errors.js';
import { openNode } from '../app/node.js';
import { modules } from '../app/modules.js';
import type { CliContext } from '../runtime/deps.js';
import { registerCoreCommands } from './core-commands.js';

const program = new Command();
program
  .name('tahaluf')
  .description('Tahaluf: the platform a collective-security alliance runs on. Configuration comes from the environment (see README).')
  .version('0.1.0')
  .showHelpAfterError();

const ctx: CliContext = {
  async open() {
    // Modules' demo data is loaded on a new database; `tahaluf seed` and `tahaluf start` reload it.
    return openNode(loadConfig(), { seedModules: 'if-new' });
  },
};

registerCoreCommands(program, ctx);
for (const m of modules) m.cli?.(program, ctx);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else if (isTahalufError(err)) console.error(`error: ${err.message}${err.field ? ` (field: ${err.field})` : ''}`);
  else console.error(err);
  process.exit(1);
}
