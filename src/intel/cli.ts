import { parseJson } from '../store/json-column.js';
import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  CLASSIFICATIONS,
  isClassification,
  type Classification,
  type Principal,
} from '../runtime/auth.js';
import type { CliContext, Deps } from '../runtime/deps.js';
import {
  allCollections,
  findCollection,
  memberCollectionAlias,
  rightsOn,
  type Collection,
} from './collections.js';
import { badInput, messageOf } from '../core/errors.js';
import { Federation } from './federation.js';
import { hubFor } from './hub-registry.js';
import { LABELS_PROPERTY } from './labels.js';
import { bundleIssues, describeIssues } from './stix/validate.js';
import { randomUUID } from '../core/ids.js';
import {
  readMispDirectory,
  readWarningListFile,
  removeList,
  saveLists,
  storedLists,
} from './analyst/warninglists.js';
import type { AnalystTables } from './analyst/migrations.js';
import { readAttackFile, saveCatalogue } from './analyst/attack.js';
import { mispCli } from './misp/cli.js';

/** The CLI's user for `member`, after checking the member is a state of the registry and the clearance a level. */
const cliPrincipal = (registry: Deps['registry'], member: string, clearance: string): Principal => {
  if (!/^[A-Z]{3}$/.test(member))
    throw badInput('--member', `'${member}' is not an ISO 3166 alpha-3 code (e.g. QAT)`);
  if (!registry.state(member))
    throw badInput('--member', `'${member}' is not a state in the registry`);
  if (!isClassification(clearance))
    throw badInput('--clearance', `'${clearance}' is not one of ${CLASSIFICATIONS.join(', ')}`);
  return {
    role: 'member',
    member,
    user: `cli:${member}`,
    clearance,
    tokenId: null,
  };
};

/** The collection named by `alias` that `who` may read or write today, or a sentence saying why not. */
function collectionFor(
  deps: Deps,
  alias: string,
  who: Principal,
  need: 'read' | 'write',
  option: string,
): Collection {
  const coll = findCollection(deps.registry, alias);
  if (!coll)
    throw badInput(option, `no collection '${alias}' (\`tahaluf intel collections\` lists them)`);
  const day = hubFor(deps).today();
  if (!rightsOn(coll, who, day, deps.registry)[need]) {
    throw badInput(
      option,
      `${who.member} is not in the community of collection '${coll.alias}' on ${day}, so its users may not ${need} it`,
    );
  }
  return coll;
}

function readBundle(file: string): { objects?: unknown[]; [LABELS_PROPERTY]?: unknown } {
  const text = readFileSync(file, 'utf8'); // a missing file: the CLI prints "no such file or folder"
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch (e) {
    throw badInput('bundle', `${file} is not JSON: ${messageOf(e)}`);
  }
  const issues = bundleIssues(bundle);
  if (issues.length)
    throw badInput('bundle', `${file} is not a STIX 2.1 bundle: ${describeIssues(issues)}`);
  return bundle as { objects?: unknown[]; [LABELS_PROPERTY]?: unknown };
}

/** `tahaluf intel collections|import|export|peer|sync`. */
export function intelCli(program: Command, ctx: CliContext): void {
  const intel = program
    .command('intel')
    .description('STIX 2.1 intelligence: import and export bundles, federation with other nodes');

  intel
    .command('collections')
    .description(
      'list the TAXII collections (one per alliance in force, one per state), or those a member may read and write today',
    )
    .option('--member <ISO3>', "only the collections this member's users may read and write")
    .action(async (o: { member?: string }) => {
      const deps = await ctx.open();
      try {
        const who = o.member ? cliPrincipal(deps.registry, o.member, 'SECRET') : null;
        const day = hubFor(deps).today();
        const rows = allCollections(deps.registry).filter(
          (c) => !who || rightsOn(c, who, day, deps.registry).read,
        );
        for (const c of rows) process.stdout.write(`${c.alias.padEnd(22)} ${c.id}  ${c.title}\n`);
      } finally {
        await deps.close();
      }
    });

  intel
    .command('import <bundle>')
    .description(
      'validate, label and store a STIX 2.1 bundle (objects without a label get RESTRICTED, REL TO the collection community); exit 1 if any object is refused',
    )
    .requiredOption('--member <ISO3>', 'member state sharing the bundle')
    .option('--collection <alias>', "collection alias or id (default: the member's own collection)")
    .option('--clearance <level>', 'clearance of the sharing user', 'SECRET')
    .action(async (file: string, o: { member: string; collection?: string; clearance: string }) => {
      const bundle = readBundle(file);
      const deps = await ctx.open();
      try {
        const who = cliPrincipal(deps.registry, o.member, o.clearance);
        const coll = collectionFor(
          deps,
          o.collection ?? memberCollectionAlias(o.member),
          who,
          'write',
          '--collection',
        );
        const hub = hubFor(deps);
        const objects = bundle.objects ?? [];
        // Labels carried beside the objects (#19.5), as `intel export` writes them: entry i labels object i.
        const carried = bundle[LABELS_PROPERTY];
        if (carried !== undefined && (!Array.isArray(carried) || carried.length !== objects.length))
          throw badInput(
            'bundle',
            `${file}: ${LABELS_PROPERTY} must be a list as long as objects (entry i labels object i, null for none)`,
          );
        const bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: 'import [{bar}] {value}/{total} objects' },
          cliProgress.Presets.shades_classic,
        );
        bar.start(objects.length, 0);
        let ok = 0;
        const failures: string[] = [];
        for (let i = 0; i < objects.length; i += 500) {
          const st = await hub.ingest(coll, objects.slice(i, i + 500), who, 'cli', undefined, {
            labels: Array.isArray(carried) ? carried.slice(i, i + 500) : undefined,
          });
          ok += st.success_count;
          failures.push(...st.failures.map((f) => `${f.id || '(no id)'}: ${f.message}`));
          bar.update(Math.min(i + 500, objects.length));
        }
        bar.stop();
        const more = failures.length > 20 ? `… and ${failures.length - 20} more\n` : '';
        process.stderr.write(
          `${ok} stored or already present in ${coll.alias}, ${failures.length} refused\n${failures.slice(0, 20).join('\n')}${failures.length ? '\n' : ''}${more}`,
        );
        if (failures.length) process.exitCode = 1;
      } finally {
        await deps.close();
      }
    });

  intel
    .command('export <collection>')
    .description(
      "write the collection as a STIX 2.1 bundle to stdout, as the given member's user may see it",
    )
    .requiredOption('--member <ISO3>', 'member whose view is exported')
    .option('--clearance <level>', 'clearance of the exporting user', 'SECRET')
    .action(async (collection: string, o: { member: string; clearance: string }) => {
      const deps = await ctx.open();
      try {
        const who = cliPrincipal(deps.registry, o.member, o.clearance);
        const coll = collectionFor(deps, collection, who, 'read', 'collection');
        const hub = hubFor(deps);
        const objects: unknown[] = [];
        // Labels kept beside objects stored with their originators' bytes (#19.5), parallel to `objects`.
        const labels: unknown[] = [];
        let next: string | null = null;
        do {
          const page = await hub.page(
            { collectionId: coll.id, versions: ['all'], limit: 1000, next },
            who,
          );
          objects.push(...page.rows.map((r) => parseJson(r.object)));
          labels.push(...page.rows.map((r) => (r.beside_label ? parseJson(r.beside_label) : null)));
          await hub.recordReceipts(page.rows, who, 'export');
          next = page.next;
        } while (next);
        process.stdout.write(
          `${JSON.stringify(
            {
              type: 'bundle',
              id: `bundle--${randomUUID()}`,
              objects,
              ...(labels.some((l) => l !== null) ? { [LABELS_PROPERTY]: labels } : {}),
            },
            null,
            1,
          )}\n`,
        );
      } finally {
        await deps.close();
      }
    });

  mispCli(intel, ctx, {
    principal: (deps, member, clearance) => cliPrincipal(deps.registry, member, clearance),
    collection: (deps, alias, who) => collectionFor(deps, alias, who, 'write', '--collection'),
  });

  const lists = intel
    .command('warninglist')
    .description(
      'warning lists of well-known values (public resolvers, cloud ranges…): an indicator naming one is stored but flagged',
    );
  lists
    .command('add <file>')
    .description(
      'store a list from a MISP warninglists list.json file (replaces a list of the same name)',
    )
    .action(async (file: string) => {
      const list = readWarningListFile(file); // validated before the node is opened: nothing stored on error
      const deps = await ctx.open();
      try {
        await saveLists(deps.store, [list], 'user', deps.clock.now().toISOString());
        process.stdout.write(
          `warning list '${list.name}' stored: ${list.list.length} entries (${list.type})\n`,
        );
      } finally {
        await deps.close();
      }
    });
  lists
    .command('load-misp <dir>')
    .description(
      'store every lists/<name>/list.json of a MISP warninglists folder you downloaded (all or none)',
    )
    .action(async (dir: string) => {
      const found = readMispDirectory(dir); // every file validated first: one bad file stores nothing
      const deps = await ctx.open();
      try {
        await saveLists(deps.store, found, 'misp', deps.clock.now().toISOString());
        const entries = found.reduce((n, l) => n + l.list.length, 0);
        process.stdout.write(
          `${found.length} warning lists stored from ${dir} (${entries} entries)\n`,
        );
      } finally {
        await deps.close();
      }
    });
  lists
    .command('list')
    .description('the warning lists stored on this node')
    .action(async () => {
      const deps = await ctx.open();
      try {
        const rows = await storedLists(deps.store.db.withTables<AnalystTables>());
        if (!rows.length) process.stdout.write('no warning lists stored\n');
        for (const r of rows)
          process.stdout.write(
            `${r.list.name.padEnd(40)} ${r.list.type.padEnd(9)} ${String(r.list.list.length).padStart(7)} entries  ${r.source}, ${r.loadedAt}\n`,
          );
      } finally {
        await deps.close();
      }
    });
  lists
    .command('remove <name>')
    .description('remove a stored warning list by name')
    .action(async (name: string) => {
      const deps = await ctx.open();
      try {
        if (!(await removeList(deps.store, name)))
          throw badInput(
            'name',
            `no warning list named '${name}' (\`tahaluf intel warninglist list\`)`,
          );
        process.stdout.write(`warning list '${name}' removed\n`);
      } finally {
        await deps.close();
      }
    });

  intel
    .command('attack')
    .description(
      'the MITRE ATT&CK catalogue, imported from a bundle you downloaded (nothing is bundled)',
    )
    .command('import <file>')
    .description(
      'validate an ATT&CK STIX bundle (e.g. enterprise-attack.json) and replace the stored catalogue with its techniques (all or nothing)',
    )
    .action(async (file: string) => {
      const catalogue = readAttackFile(file); // validated before the node is opened: nothing stored on error
      const deps = await ctx.open();
      try {
        const bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: 'attack import [{bar}] {value}/{total} techniques' },
          cliProgress.Presets.shades_classic,
        );
        bar.start(catalogue.techniques.length, 0);
        await saveCatalogue(deps.store, catalogue, deps.clock.now().toISOString(), (d) =>
          bar.update(d),
        );
        bar.stop();
        const current = catalogue.techniques.filter((t) => !t.deprecated).length;
        process.stdout.write(
          `ATT&CK catalogue stored from ${file}: ${catalogue.techniques.length} techniques (${current} current), ${catalogue.tactics.length} tactics\n`,
        );
      } finally {
        await deps.close();
      }
    });

  const peer = intel.command('peer').description('federation peers (other national nodes)');
  peer
    .command('add')
    .requiredOption('--name <name>')
    .requiredOption('--api-root <url>')
    .requiredOption('--collection <id>')
    .requiredOption('--token <token>')
    .requiredOption('--peer-member <ISO3>')
    .requiredOption('--local-collection <alias>')
    .option('--interval <seconds>', 'scheduled sync interval', '60')
    .option(
      '--clearance <level>',
      'highest classification the link and the peer node are accredited for',
      'SECRET',
    )
    .action(
      async (o: {
        name: string;
        apiRoot: string;
        collection: string;
        token: string;
        peerMember: string;
        localCollection: string;
        interval: string;
        clearance: string;
      }) => {
        const deps = await ctx.open();
        try {
          await new Federation(deps).addPeer({
            ...o,
            intervalS: Number(o.interval),
            clearance: o.clearance as Classification,
          });
          process.stdout.write(`peer ${o.name} added\n`);
        } finally {
          await deps.close();
        }
      },
    );
  intel
    .command('sync')
    .description('sync now with every peer (or one)')
    .option('--peer <name>')
    .action(async (o: { peer?: string }) => {
      const deps = await ctx.open();
      try {
        const fed = new Federation(deps);
        for (const p of await fed.peers()) {
          if (o.peer && p.name !== o.peer) continue;
          const r = await fed.syncPeer(p.name);
          process.stdout.write(
            `${r.peer}: pulled ${r.pulled}, pushed ${r.pushed} (${r.requests} requests)${r.refused.length ? `, ${r.refused.length} pulled refused` : ''}${r.pushRefused.length ? `, ${r.pushRefused.length} refused by the peer` : ''}\n`,
          );
          for (const x of [...r.refused, ...r.pushRefused].slice(0, 20))
            process.stdout.write(`  refused ${x}\n`);
        }
      } finally {
        await deps.close();
      }
    });
}
