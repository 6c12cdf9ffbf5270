import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNode, type Node } from '../src/app/node.js';
import { loadConfig } from '../src/core/config.js';
import { findCollection, type Collection } from '../src/intel/collections.js';
import { hubFor } from '../src/intel/hub-registry.js';
import type { IntelHub } from '../src/intel/intel-hub.js';
import { LABEL_POLICY, withLabel, type ConfidentialityLabel } from '../src/intel/labels.js';
import { createIntelModule } from '../src/intel/module.js';
import type { Classification, Principal } from '../src/runtime/auth.js';
import { openStore, type Store } from '../src/store/database.js';

/** Percentile of a sample (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const fmt = (n: number, digits = 2): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    : String(n);

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export function table(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Environment for a benchmarked node: no per-principal rate limits (a benchmark is one client at full speed). */
export const UNLIMITED = { TAHALUF_RATE_LIMIT_READS: '0', TAHALUF_RATE_LIMIT_WRITES: '0' };

/** CPU time (user + system) of this process, ms: what the work cost, whatever the other tenants of the cores did meanwhile. */
export const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

/** A benchmarked intelligence node: SQLite file store in a scratch directory, the intel module only. */
export interface IntelBenchNode {
  dir: string;
  store: Store;
  node: Node;
  hub: IntelHub;
  /** Closes the node and the store and removes the scratch directory. */
  close(): Promise<void>;
}

/**
 * Opens the node the intel benchmarks measure (bench/intel*.bench.ts): a fresh SQLite file store (the
 * store's own settings: WAL, synchronous=FULL), no seeded modules, ephemeral keys, no per-principal rate
 * limits, the intel module without federation ticks and with a 64 MiB envelope limit.
 */
export async function openIntelBenchNode(prefix: string): Promise<IntelBenchNode> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = await openStore({ sqliteFile: join(dir, 'intel.sqlite') });
  try {
    const node = await openNode(
      { ...loadConfig(UNLIMITED), dataDir: dir, port: 0 },
      {
        store,
        ephemeralKeys: true,
        seedModules: false,
        modules: [createIntelModule({ federationTickMs: 0, maxContentLength: 64 * 1024 * 1024 })],
      },
    );
    return {
      dir,
      store,
      node,
      hub: hubFor(node),
      async close() {
        try {
          await node.close();
          await store.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A collection of the bench node's registry (an alliance collection such as 'arab-league' or 'gcc'). */
export function benchCollection(node: Node, name: string): Collection {
  const coll = findCollection(node.registry, name);
  if (!coll) throw new Error(`no ${name} collection`);
  return coll;
}

/**
 * Indicator number `i` as the intel benchmarks share it: created/modified one second apart from
 * 2026-01-01, an IPv4 pattern derived from `i`, labelled with `label` (policy TAHALUF, no TLP).
 */
export function benchIndicator(
  i: number,
  label: Pick<ConfidentialityLabel, 'classification' | 'releasableTo' | 'originator'> & {
    createdAt?: string;
  },
): Record<string, unknown> {
  const t = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  return withLabel(
    {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${randomUUID()}`,
      created: t,
      modified: t,
      name: `indicator ${i}`,
      pattern: `[ipv4-addr:value = '10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}']`,
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
      indicator_types: ['malicious-activity'],
    },
    {
      policy: LABEL_POLICY,
      classification: label.classification,
      releasableTo: label.releasableTo,
      originator: label.originator,
      createdAt: label.createdAt ?? t,
      tlp: null,
    },
  );
}

/** A member state's user posting or reading intelligence in a benchmark. */
export const memberPrincipal = (
  member: string,
  clearance: Classification,
  user = 'bench',
): Principal => ({ role: 'member', member, user, clearance, tokenId: null });
