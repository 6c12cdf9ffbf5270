import type { Command } from 'commander';
import { warningCli } from '../warning/cli.js';

/**
 * Commands that need no node (no database, no server, no other module): for these the CLI registers only
 * the owning module's commands, so they start without loading every module (#18.7, `tahaluf track`).
 */
export const standaloneCommands: Record<string, (program: Command) => void> = {
  track: warningCli,
  exercise: warningCli,
};
