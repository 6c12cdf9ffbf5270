import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { CLASSIFICATIONS, type Classification, type Principal } from '../runtime/auth.js';
import type { CliContext } from '../runtime/deps.js';
import { findCollection } from './collections.js';
import { Federation } from './federation.js';
import { hubFor } from './hub-registry.js';
import { bundleIssues, describeIssues } from './stix/validate.js';
import { randomUUID } from '../core/ids.js';

const cliPrincipal = (member: string, clearance: string): Principal => {
  if (!/^[A-Z]{3}$/.test(member)) throw new Error('--member must be an ISO 3166 alpha-3 code');
  if (!CLASSIFICATIONS.includes(clearance as Classification)) throw new Error(`--clearance must be one of ${CLASSIFICATIONS.join(', ')}`);
  return { role: 'member', member, user: `cli:${member}`, clearance: clearance as Classification, tokenId: null };
};

/** `tahaluf intel import|export|peer|sync`. */
export function intelCli(program: Command, ctx: CliContext): void {
  const intel = program.command('intel').description('STIX 2.1 intelligence: import and export bundles, federation with other nodes');

  intel.command('import <bundle>')
    .description('validate, label and store a STIX 2.1 bundle (objects without a label get REL TO the collection community)')
    .requiredOption('--member <ISO3>', 'member state sharing the bundle')
    .option('--collection <alias>', 'collection alias or id (default: the member\'s own collection)')
    .option('--clearance <level>', 'clearance of the sharing user', 'SECRET')
    .action(async (file: string, o: { member: string; collection?: string; clearance: string }) => {
      const bundle = JSON.parse(readFileSync(file, 'utf8')) as { objects?: unknown[] };
      const issues = bundleIssues(bundle);
      if (issues.length) throw new Error(`not a STIX 2.1 bundle: ${describeIssues(issues)}`);
      const deps = await ctx.open();
      try {
        const coll = findCollection(deps.registry, o.collection ?? `member-${o.member.toLowerCase()}`);
        if (!coll) throw new Error(`no collection '${o.collection}'`);
        const who = cliPrincipal(o.member, o.clearance);
        const hub = hubFor(deps);
        const objects = bundle.objects ?? [];
        const bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'import [{bar}] {value}/{total} objects' }, cliProgress.Presets.shades_classic);
        bar.start(objects.length, 0);
        let ok = 0;
        const failures: string[] = [];
        for (let i = 0; i < objects.length; i += 500) {
          const st = await hub.ingest(coll, objects.slice(i, i + 500), who, 'cli');
          ok += st.success_count;
          failures.push(...st.failures.map((f) => `${f.id || '(no id)'}: ${f.message}`));
          bar.update(Math.min(i + 500, objects.length));
        }
        bar.stop();
        process.stderr.write(`${ok} stored or already present, ${failures.length} refused\n${failures.slice(0, 20).join('\n')}${failures.length ? '\n' : ''}`);
        if (failures.length) process.exitCode = 1;
      } finally {
        await deps.close();
      }
    });

  intel.command('export <collection>')
    .description('write the collection as a STIX 2.1 bundle to stdout, as the given member\'s user may see it')
    .requiredOption('--member <ISO3>', 'member whose view is exported')
    .option('--clearance <level>', 'clearance of the exporting user', 'SECRET')
    .action(async (collection: string, o: { member: string; clearance: string }) => {
      const deps = await ctx.open();
      try {
        const coll = findCollection(deps.registry, collection);
        if (!coll) throw new Error(`no collection '${collection}'`);
        const who = cliPrincipal(o.member, o.clearance);
        const hub = hubFor(deps);
        const objects: unknown[] = [];
        let next: string | null = null;
        do {
          const page = await hub.page({ collectionId: coll.id, versions: ['all'], limit: 1000, next }, who);
          objects.push(...page.rows.map((r) => JSON.parse(r.object)));
          await hub.recordReceipts(page.rows, who, 'export');
          next = page.next;
        } while (next);
        process.stdout.write(`${JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects }, null, 1)}\n`);
      } finally {
        await deps.close();
      }
    });

  const peer = intel.command('peer').description('federation peers (other national nodes)');
  peer.command('add')
    .requiredOption('--name <name>').requiredOption('--api-root <url>').requiredOption('--collection <id>')
    .requiredOption('--token <token>').requiredOption('--peer-member <ISO3>').requiredOption('--local-collection <alias>')
    .option('--interval <seconds>', 'scheduled sync interval', '60')
    .option('--clearance <level>', 'highest classification the link and the peer node are accredited for', 'SECRET')
    .action(async (o: { name: string; apiRoot: string; collection: string; token: string; peerMember: string; localCollection: string; interval: string; clearance: string }) => {
      const deps = await ctx.open();
      try {
        await new Federation(deps).addPeer({ ...o, intervalS: Number(o.interval), clearance: o.clearance as Classification });
        process.stdout.write(`peer ${o.name} added\n`);
      } finally {
        await deps.close();
      }
    });
  intel.command('sync').description('sync now with every peer (or one)').option('--peer <name>')
    .action(async (o: { peer?: string }) => {
      const deps = await ctx.open();
      try {
        const fed = new Federation(deps);
        for (const p of await fed.peers()) {
          if (o.peer && p.name !== o.peer) continue;
          const r = await fed.syncPeer(p.name);
          process.stdout.write(`${r.peer}: pulled ${r.pulled}, pushed ${r.pushed} (${r.requests} requests)\n`);
        }
      } finally {
        await deps.close();
      }
    });
}
