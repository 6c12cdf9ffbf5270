import { Command } from 'commander';
import { loadConfig, ConfigError } from '../core/config.js';
import { isTahalufError } from '../core/errors.js';
import type { CliContext } from '../runtime/deps.js';
import { standaloneCommands } from '../app/standalone-cli.js';

/** A plain sentence for the operating-system errors a user can fix; null for anything else (printed in full). */
function systemErrorText(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  switch (e?.code) {
    case 'EADDRINUSE':
      return `error: port ${e.port ?? ''} is already in use: stop the other program or set PORT to a free port`;
    case 'EACCES':
    case 'EPERM':
      return `error: permission denied: ${e.path ?? e.address ?? e.message}`;
    case 'ENOENT':
      return `error: no such file or folder: ${e.path ?? e.message}`;
    case 'ENOTDIR':
    case 'EISDIR':
      return `error: ${e.path ?? ''} is not the kind of path expected (${e.code === 'EISDIR' ? 'a folder' : 'not a folder'})`;
    case 'ECONNREFUSED':
      return `error: could not connect to ${e.address ?? ''}:${e.port ?? ''} (is the database or NATS server running? check DATABASE_URL / NATS_URL)`;
    default:
      return null;
  }
}

const program = new Command();
program
  .name('tahaluf')
  .description(
    'Tahaluf: the platform a collective-security alliance runs on. Configuration comes from the environment (see README).',
  )
  .version('0.1.0')
  .showHelpAfterError();

// `tahaluf intel export gcc --member KWT | head`: the reader closing the pipe early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

try {
  // A command that needs no node (`track`, `exercise`) loads only its own module; every other command
  // loads the node and every module, imported here rather than at the top so `track` starts fast (#18.7).
  const standalone = Object.hasOwn(standaloneCommands, process.argv[2] ?? '')
    ? standaloneCommands[process.argv[2]]
    : undefined;
  if (standalone) standalone(program);
  else await registerAll(program);
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else if (isTahalufError(err))
    console.error(`error: ${err.message}${err.field ? ` (field: ${err.field})` : ''}`);
  else console.error(systemErrorText(err) ?? err);
  process.exit(1);
}

async function registerAll(program: Command): Promise<void> {
  const [{ openNode }, { modules }, core, log, federation, alliance] = await Promise.all([
    import('../app/node.js'),
    import('../app/modules.js'),
    import('./core-commands.js'),
    import('./log-commands.js'),
    import('./federation-commands.js'),
    import('./alliance-commands.js'),
  ]);
  const ctx: CliContext = {
    async open() {
      // Modules' demo data is loaded on a new database; `tahaluf seed` and `tahaluf start` reload it.
      return openNode(loadConfig(), { seedModules: 'if-new' });
    },
  };
  core.registerCoreCommands(program, ctx);
  log.registerLogCommands(program);
  federation.registerFederationCommands(program, ctx);
  alliance.registerAllianceCommands(program, ctx);
  for (const m of modules) m.cli?.(program, ctx);
}
