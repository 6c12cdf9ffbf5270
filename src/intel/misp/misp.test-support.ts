import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../../runtime/auth.js';
import { findCollection, type Collection } from '../collections.js';
import { hubFor } from '../hub-registry.js';
import { LABEL_POLICY, withLabel } from '../labels.js';
import { parseJson } from '../../store/json-column.js';
import type { IntelTestEnv } from '../testing.js';
import { readMispPath } from './import.js';
import { parseLabelMap, type LabelMap } from './label-map.js';
import { exportMisp, importMisp, type MispFeed } from './service.js';

/**
 * What the MISP suites share: attributes, events and maps written for the tests (not MISP's own files:
 * uuids v4, timestamps in Unix seconds), temporary folders, principals and collections.
 */
export const SG = '5a1f0c3e-9b2d-4e6f-8a7b-1c2d3e4f5a6b';
export const uuid = () => randomUUID();
export const attr = (type: string, value: string, extra: Record<string, unknown> = {}) => ({
  uuid: uuid(),
  type,
  category: 'Network activity',
  value,
  to_ids: true,
  distribution: '5',
  timestamp: '1767225600',
  comment: '',
  ...extra,
});

export const MAP = {
  distribution: { '0': [], '1': ['GCC'], '2': ['GCC'], '3': ['GCC', 'PAK'] },
  sharingGroups: { [SG]: ['QAT'] },
};
export const mapOf = (env: IntelTestEnv): LabelMap => parseLabelMap(MAP, env.node.registry);

/** A collection by alias (`gcc`, `member-sau`); throws when the registry has none. */
export const collectionOf = (env: IntelTestEnv, alias: string): Collection => {
  const c = findCollection(env.node.registry, alias);
  if (!c) throw new Error(`no ${alias} collection`);
  return c;
};

export const principal = (member: string): Principal => ({
  role: 'member',
  member,
  user: `test:${member}`,
  clearance: 'SECRET',
  tokenId: null,
});

/**
 * A suite's import and export under the suites' map (MAP): `importAs` reads the MISP file or feed folder
 * at `path` as `member` into `coll` (the `gcc` collection unless named), `exportFor` is `member`'s export.
 */
export const mispSteps = (env: IntelTestEnv) => ({
  importAs: (member: string, path: string, coll: Collection = collectionOf(env, 'gcc')) =>
    importMisp(env.node, readMispPath(path), principal(member), coll, mapOf(env)),
  exportFor: (member: string) => exportMisp(env.node, principal(member), mapOf(env)),
});

/** Temporary folders, removed by `clean` (call it in the suite's afterAll). */
export function tempDirs() {
  const made: string[] = [];
  return {
    dir: () => {
      const d = mkdtempSync(join(tmpdir(), 'tahaluf-misp-'));
      made.push(d);
      return d;
    },
    /** A folder made elsewhere, removed with the others. */
    keep: (d: string) => void made.push(d),
    clean: () => made.forEach((d) => rmSync(d, { recursive: true, force: true })),
  };
}

export const writeJson = (dir: string, name: string, doc: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return f;
};

/** An exported feed written as a MISP feed folder (`<uuid>.json` per event and manifest.json); returns `dir`. */
export const writeFeed = (dir: string, feed: MispFeed) => {
  for (const e of feed.events) writeJson(dir, `${e.uuid}.json`, { Event: e });
  writeJson(dir, 'manifest.json', feed.manifest);
  return dir;
};

/** A STIX object labelled by `originator`, releasable to `rel` (RESTRICTED, no TLP). */
export const labelled = (o: Record<string, unknown>, originator: string, rel: string[]) =>
  withLabel(o, {
    policy: LABEL_POLICY,
    classification: 'RESTRICTED',
    releasableTo: rel,
    originator,
    createdAt: '2026-01-01T00:00:00.000Z',
    tlp: null,
  });

/** Every object of a collection `member` may see (latest versions), through the hub. */
export async function visibleObjects(env: IntelTestEnv, coll: Collection, member: string) {
  const page = await hubFor(env.node).page(
    { collectionId: coll.id, limit: 10_000 },
    { member, clearance: 'SECRET' },
  );
  return page.rows.map((r) => parseJson(r.object));
}
