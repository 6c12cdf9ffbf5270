import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { badInput } from '../../core/errors.js';
import type { Principal } from '../../runtime/auth.js';
import type { CliContext, Deps } from '../../runtime/deps.js';
import { memberCollectionAlias, type Collection } from '../collections.js';
import { readMispPath } from './import.js';
import { DEFAULT_LABEL_MAP, parseLabelMap, readLabelMap, type LabelMap } from './label-map.js';
import { exportMisp, importMisp } from './service.js';

/** What the intel CLI lends the MISP commands (its member and collection checks). */
export interface MispCliHelpers {
  principal(deps: Deps, member: string, clearance: string): Principal;
  collection(deps: Deps, alias: string, who: Principal): Collection;
}

const labelMapOf = (deps: Deps, file: string | undefined): LabelMap =>
  file ? parseLabelMap(readLabelMap(file), deps.registry, file) : DEFAULT_LABEL_MAP;

/** `tahaluf intel misp import PATH --as MEMBER [--label-map FILE]` and `tahaluf intel misp export DIR --for MEMBER`. */
export function mispCli(intel: Command, ctx: CliContext, h: MispCliHelpers): void {
  const misp = intel
    .command('misp')
    .description('MISP interoperability: core-format events and feeds, in and out, labels mapped');
  misp
    .command('import <path>')
    .description(
      'import a MISP core-format event file or a MISP feed folder (manifest.json + <uuid>.json); all or nothing',
    )
    .requiredOption('--as <ISO3>', 'member state importing (the originator of what is stored)')
    .option(
      '--label-map <file>',
      'JSON map of MISP distributions/sharing groups to labels (docs/intel.md)',
    )
    .option('--collection <alias>', "collection alias or id (default: the member's own collection)")
    .option('--clearance <level>', 'clearance of the importing user', 'SECRET')
    .action(
      async (
        path: string,
        o: { as: string; labelMap?: string; collection?: string; clearance: string },
      ) => {
        const events = readMispPath(path); // format checked before the node is opened
        const deps = await ctx.open();
        try {
          const who = h.principal(deps, o.as, o.clearance);
          const coll = h.collection(deps, o.collection ?? memberCollectionAlias(o.as), who);
          const map = labelMapOf(deps, o.labelMap);
          const bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: 'misp import [{bar}] {value}/{total} events' },
            cliProgress.Presets.shades_classic,
          );
          bar.start(events.length, 0);
          let r;
          try {
            r = await importMisp(deps, events, who, coll, map, (i) => bar.update(i));
          } finally {
            bar.stop();
          }
          const lines = [
            `${r.events} events, ${r.attributes} attributes: ${r.indicators} indicators, ${r.observedData} observed-data (${r.mispObjects} MISP objects), ${r.relationships} relationships, ${r.sightings} sightings, ${r.attackRelationships} ATT&CK relationships; ${r.stored} objects stored in ${coll.alias}, ${r.alreadyPresent} already present`,
          ];
          if (r.deleted) lines.push(`${r.deleted} attributes marked deleted in MISP, not imported`);
          for (const [reason, uuids] of r.skipped)
            lines.push(
              `not imported: ${uuids.length} attributes ${reason}: ${uuids.slice(0, 5).join(', ')}${uuids.length > 5 ? ', …' : ''}`,
            );
          for (const [type, uuids] of r.unsupported)
            lines.push(
              `not imported: ${uuids.length} attributes of type '${type}' (no STIX mapping): ${uuids.slice(0, 5).join(', ')}${uuids.length > 5 ? ', …' : ''}`,
            );
          process.stderr.write(`${lines.join('\n')}\n`);
        } finally {
          await deps.close();
        }
      },
    );
  misp
    .command('export <dir>')
    .description(
      'write what a member may see as a MISP feed folder (manifest.json, hashes.csv, <uuid>.json events)',
    )
    .requiredOption('--for <ISO3>', 'member whose view is exported')
    .option('--label-map <file>', 'the label map to map labels back to MISP distributions')
    .option('--clearance <level>', 'clearance of the reading user', 'SECRET')
    .action(async (dir: string, o: { for: string; labelMap?: string; clearance: string }) => {
      const deps = await ctx.open();
      try {
        const who = h.principal(deps, o.for, o.clearance);
        const map = labelMapOf(deps, o.labelMap);
        const feed = await exportMisp(deps, who, map);
        try {
          mkdirSync(dir, { recursive: true });
        } catch {
          throw badInput('dir', `cannot create folder ${dir}`);
        }
        for (const e of feed.events)
          writeFileSync(join(dir, `${e.uuid}.json`), `${JSON.stringify({ Event: e }, null, 1)}\n`);
        writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(feed.manifest, null, 1)}\n`);
        writeFileSync(join(dir, 'hashes.csv'), feed.hashes.map((l) => `${l}\n`).join(''));
        const attrs = feed.events.reduce((n, e) => n + e.Attribute.length, 0);
        const objects = feed.events.flatMap((e) => e.Object ?? []);
        const objectAttrs = objects.reduce((n, x) => n + x.Attribute.length, 0);
        process.stderr.write(
          `${feed.events.length} events, ${attrs} attributes${objects.length ? ` and ${objects.length} objects (${objectAttrs} attributes)` : ''} written to ${dir} for ${o.for}${feed.notRepresentable ? `; ${feed.notRepresentable} indicators have no MISP form (not exported)` : ''}\n`,
        );
      } finally {
        await deps.close();
      }
    });
}
