import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { PACKAGE_ROOT, WEB_DIST } from '../app/paths.js';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import { dayOf, parseDay } from '../core/dates.js';
import { badInput } from '../core/errors.js';
import { CLASSIFICATIONS, isClassification } from '../runtime/auth.js';
import type { CliContext, Deps } from '../runtime/deps.js';
import { verifyNode } from '../app/verify-node.js';
import { startServer } from '../api/server.js';
import { openNode } from '../app/node.js';
import { DAY_MS, HOUR_MS } from '../runtime/tokens.js';
import {
  SIGNIN_CODE_MINUTES,
  consoleUrl,
  recordConsoleUrl,
  signinLink,
} from '../api/signin-link.js';
import { membershipsCsv, membersGeoJson, eventsCsv } from '../registry/export.js';
import { progressBar } from './progress.js';

/**
 * The console is a separate Vite bundle (`npm start` builds it first). When `tahaluf start` runs without
 * it, build it now if Vite is installed; otherwise say so, and serve the API alone.
 */
function ensureConsoleBuilt(): boolean {
  if (existsSync(join(WEB_DIST, 'index.html'))) return true;
  const require = createRequire(import.meta.url);
  let vite: string;
  try {
    vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    return false;
  }
  console.error('tahaluf: building the console (first start)…');
  try {
    execFileSync(
      process.execPath,
      [vite, 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'],
      { cwd: PACKAGE_ROOT, stdio: 'inherit' },
    );
  } catch {
    return false;
  }
  return existsSync(join(WEB_DIST, 'index.html'));
}

export function registerCoreCommands(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(
      'Serve the console and the API (embedded default: SQLite under TAHALUF_DATA_DIR, in-process bus, seeded alliance)',
    )
    .action(async () => {
      const config = loadConfig();
      const consoleBuilt = ensureConsoleBuilt();
      const server = await startServer(config, { seedModules: true }, { logger: true });
      const tokenFile = join(config.dataDir, 'secrets', 'admin-token');
      if (config.mode === 'secretariat' && !(await adminTokenValid(server.node, tokenFile))) {
        const { token } = await server.node.tokens.create({
          user: 'admin',
          member: null,
          role: 'secretariat',
          clearance: 'TOP SECRET',
        });
        mkdirSync(join(config.dataDir, 'secrets'), { recursive: true, mode: 0o700 });
        writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
      }
      const shown = config.port === 0 ? server.url.replace(/\/$/, '') : config.publicUrl;
      recordConsoleUrl(config.dataDir, shown);
      if (consoleBuilt)
        console.log(
          `Tahaluf is serving the console at ${shown}/ and the API docs at ${shown}/api/docs`,
        );
      else
        console.log(
          `Tahaluf is serving the API at ${shown}/api (docs at ${shown}/api/docs); the console is not built: run 'npm run build:web'`,
        );
      console.log(
        `store: ${server.node.store.dialect}, bus: ${server.node.bus.kind}, acts in the record: ${await server.node.record.count()}`,
      );
      if (config.mode === 'secretariat' && existsSync(tokenFile))
        console.log(`secretariat admin token: ${tokenFile}`);
      if (consoleBuilt) {
        const link = await signinLink(server.node, shown);
        if (link)
          console.log(
            `sign in to the console (one-time link, valid ${SIGNIN_CODE_MINUTES} min; a new one: tahaluf token signin-link):\n  ${link}`,
          );
      }
      if (config.demoLogin)
        console.log(
          `demo login is ON (TAHALUF_DEMO_LOGIN=1): the console at ${config.publicUrl} lets anyone on this machine act as a member state`,
        );
      if (config.alliance)
        console.log(
          `federated: council acts travel on the alliance log (stream ${config.alliance.stream} on ${config.alliance.servers.join(', ')}); this node signs only as ${config.mode === 'national' ? config.nodeMember : 'SECRETARIAT'} (tahaluf federation status)`,
        );
      if (config.mode === 'national') {
        console.log(
          `national node of ${config.nodeMember}: it holds only ${config.nodeMember}'s key. Users' tokens: tahaluf token create --user NAME --member ${config.nodeMember}; peers: tahaluf intel peer add --help`,
        );
      }
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });

  program
    .command('seed')
    .description(
      'Create the database, run migrations and load the seeded alliance data (idempotent)',
    )
    .action(async () => {
      const node = await openNode(loadConfig(), { seedModules: true });
      // A first checkpoint: the witness holds it and the public keys are pinned, outside the database.
      await node.checkpoint();
      console.log(
        `seeded: ${node.registry.states().length} states, ${node.registry.alliances().length} alliances, ${await node.record.count()} acts in the record`,
      );
      await node.close();
    });

  program
    .command('verify')
    .description(
      "Check the whole record: every act's hash, chain link and signature (keys pinned outside the database), the record against checkpoints held outside it (truncation, rewrite, fork), then replay each module's procedures against its projections",
    )
    .option('--quiet', 'no progress bar')
    .option('--pins <file>', 'pinned public keys (default <data>/pins/keys.json)')
    .option(
      '--checkpoint <file>',
      'a signed checkpoint held elsewhere (repeatable)',
      (value: string, list: string[]) => [...list, value],
      Array.of<string>(),
    )
    .option('--witness-dir <dir>', 'witness state folder (default <data>/witness)')
    .option('--evidence', 'print the signed notes that prove each failure')
    .action(
      async (opts: {
        quiet?: boolean;
        pins?: string;
        checkpoint: string[];
        witnessDir?: string;
        evidence?: boolean;
      }) => {
        const config = loadConfig();
        const bar = opts.quiet ? null : progressBar('verifying acts');
        const report = await verifyNode(() => ctx.open(), {
          dataDir: config.dataDir,
          pinsFile: opts.pins,
          checkpointFiles: opts.checkpoint,
          witnessDir: opts.witnessDir,
          onProgress: (done, total) => bar?.update(done, total),
        });
        bar?.stop();
        for (const line of report.lines) {
          (line.ok ? console.log : console.error)(
            `${line.ok ? (line.warn ? 'WARN' : 'ok  ') : 'FAIL'} [${line.area}] ${line.message}`,
          );
          if (!line.ok && line.evidence?.length)
            for (const note of line.evidence)
              console.error(
                opts.evidence
                  ? note.replace(/^/gm, '      | ')
                  : `      evidence: ${note.split('\n').slice(0, 3).join(' / ')} (--evidence prints the signed note)`,
              );
        }
        console.log(
          report.ok
            ? `record OK: ${report.acts} acts verified`
            : `record FAILED verification (${report.lines.filter((l) => !l.ok).length} findings)`,
        );
        process.exitCode = report.ok ? 0 : 1;
      },
    );

  program
    .command('export')
    .description(
      'Export reference data: memberships or events as CSV, or an alliance’s members on a date as GeoJSON',
    )
    .requiredOption('--what <what>', 'memberships | events | members-geojson')
    .option('--alliance <id>', 'alliance id (memberships, members-geojson)')
    .option('--date <YYYY-MM-DD>', 'date for members-geojson (default today)')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (opts: { what: string; alliance?: string; date?: string; out?: string }) => {
      const node = await ctx.open();
      try {
        let text: string;
        if (opts.what === 'memberships') text = membershipsCsv(node.registry, opts.alliance);
        else if (opts.what === 'events') text = eventsCsv(node.registry);
        else if (opts.what === 'members-geojson') {
          if (!opts.alliance)
            throw badInput('--alliance', '--alliance is required for members-geojson');
          const day = opts.date ? parseDay(opts.date, '--date') : dayOf(node.clock.now());
          text = JSON.stringify(membersGeoJson(node.registry, opts.alliance, day));
        } else
          throw badInput(
            '--what',
            `--what must be memberships, events or members-geojson, got '${opts.what}'`,
          );
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
      } finally {
        await node.close();
      }
    });

  const token = program.command('token').description('API tokens (stored hashed; shown once)');
  token
    .command('create')
    .description(
      'Create a token for a member user (--member) or a secretariat user (--secretariat); printed once',
    )
    .requiredOption('--user <name>', 'user name')
    .option('--member <ISO3>', 'member state of the user')
    .option('--secretariat', 'a secretariat (administrator) user')
    .option('--clearance <level>', `one of ${CLASSIFICATIONS.join(', ')}`, 'RESTRICTED')
    .option('--expires <duration>', 'lifetime: <n>d or <n>h (default TAHALUF_TOKEN_DAYS, 90 days)')
    .action(
      async (o: {
        user: string;
        member?: string;
        secretariat?: boolean;
        clearance: string;
        expires?: string;
      }) => {
        if (!o.member === !o.secretariat)
          throw badInput('--member', 'give exactly one of --member ISO3 or --secretariat');
        const ttlMs = o.expires === undefined ? undefined : parseDuration(o.expires);
        const node = await ctx.open();
        try {
          if (o.member && !node.registry.state(o.member))
            throw badInput('--member', `unknown state '${o.member}'`);
          // As the token store checks it (same field and message), so that it is typed a level.
          const clearance = o.clearance;
          if (!isClassification(clearance))
            throw badInput('clearance', `clearance must be one of ${CLASSIFICATIONS.join(', ')}`);
          const {
            token: t,
            id,
            expiresAt,
          } = await node.tokens.create({
            user: o.user,
            member: o.member ?? null,
            role: o.member ? 'member' : 'secretariat',
            clearance,
            ttlMs,
          });
          console.error(
            `token ${id} for ${o.user} (${o.member ?? 'secretariat'}, clearance ${o.clearance}, expires ${expiresAt}); shown once:`,
          );
          console.log(t);
        } finally {
          await node.close();
        }
      },
    );
  token
    .command('revoke <id>')
    .description('Revoke a token by its id (tok_…)')
    .action(async (id: string) => {
      const node = await ctx.open();
      try {
        if (!(await node.tokens.revoke(id))) throw badInput('id', `no live token '${id}'`);
        console.log(`revoked ${id}`);
      } finally {
        await node.close();
      }
    });
  token
    .command('signin-link')
    .description(
      `Print a one-time console sign-in link (valid ${SIGNIN_CODE_MINUTES} min) for the node's operator`,
    )
    .action(async () => {
      const node = await ctx.open();
      try {
        const link = await signinLink(node, consoleUrl(node.config, process.env));
        if (!link) throw badInput('mode', 'no operator to sign in as on this node');
        console.log(link);
      } finally {
        await node.close();
      }
    });
  token
    .command('admin')
    .description('Print the secretariat admin token written on first start')
    .action(() => {
      const f = join(loadConfig().dataDir, 'secrets', 'admin-token');
      if (!existsSync(f))
        throw badInput('admin-token', `no admin token yet at ${f}: run 'tahaluf start' once`);
      process.stdout.write(readFileSync(f, 'utf8'));
    });
}

async function adminTokenValid(node: Deps, file: string): Promise<boolean> {
  if (!existsSync(file)) return false;
  return (await node.tokens.resolve(readFileSync(file, 'utf8').trim())) !== null;
}

/** '90d' or '12h' to milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d{1,5})([dh])$/.exec(text.trim());
  const amount = m ? Number(m[1]) : 0;
  if (!m || amount < 1)
    throw badInput('--expires', `--expires must look like 90d or 12h, got '${text}'`);
  return amount * (m[2] === 'd' ? DAY_MS : HOUR_MS);
}
