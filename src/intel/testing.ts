import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../core/clock.js';
import { afterAll, beforeAll } from 'vitest';
import { buildTestApp, lateBound, openTestNode, type TestNode } from '../app/testing.js';
import type { Classification } from '../runtime/auth.js';
import type { Dialect } from '../store/database.js';
import { nameUuid } from './collections.js';
import { LABEL_POLICY, withLabel } from './labels.js';
import { createIntelModule } from './module.js';
import { TLP2_IDS, type Tlp } from './stix/marking.js';
import { TAXII_MEDIA } from './taxii/media.js';

/** Test helpers for the intel suites (imported by tests only). */
export const ROOT = '/taxii2/api1';
export const GCC = nameUuid('alliance:gcc');
export const collUrl = (c = GCC) => `${ROOT}/collections/${c}`;

export interface IntelTestEnv {
  node: TestNode;
  app: FastifyInstance;
  clock: ManualClock;
  auth(
    member: string | null,
    o?: { clearance?: Classification; user?: string; basic?: boolean },
  ): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function openIntelEnv(
  dialect: Dialect = 'sqlite',
  maxContentLength = 256 * 1024,
  env?: NodeJS.ProcessEnv,
): Promise<IntelTestEnv> {
  const clock = new ManualClock('2026-03-01T08:00:00.000Z');
  const node = await openTestNode({
    dialect,
    clock,
    env,
    modules: [createIntelModule({ maxContentLength, federationTickMs: 0 })],
  });
  const app = await buildTestApp(node);
  const tokens = new Map<string, string>();
  return {
    node,
    app,
    clock,
    async auth(member, o = {}) {
      const key = `${member}|${o.clearance ?? 'SECRET'}|${o.user ?? ''}`;
      let t = tokens.get(key);
      if (!t)
        tokens.set(
          key,
          (t = await node.tokenFor(member, {
            clearance: o.clearance ?? 'SECRET',
            user: o.user ?? `analyst-${member}`,
          })),
        );
      const authorization = o.basic
        ? `Basic ${Buffer.from(`${o.user ?? 'analyst'}:${t}`).toString('base64')}`
        : `Bearer ${t}`;
      return { authorization, accept: TAXII_MEDIA };
    },
    async close() {
      await app.close();
      await node.close();
    },
  };
}

/** An intel test environment for the enclosing `describe`, opened before its tests and closed after. */
export function useIntelEnv(...args: Parameters<typeof openIntelEnv>): IntelTestEnv {
  let env: IntelTestEnv | undefined;
  beforeAll(async () => {
    env = await openIntelEnv(...args);
  });
  afterAll(() => env?.close());
  return lateBound(() => env, 'the intel test environment');
}

export interface LabelSpec {
  classification?: Classification;
  rel?: string[];
  originator: string;
  tlp?: Tlp;
}

let tick = 0;
/** A labelled indicator (new id unless given; `modified` moves on each call so versions differ). */
export function indicator(
  l: LabelSpec,
  o: { id?: string; modified?: string; name?: string } = {},
): Record<string, unknown> {
  const t = new Date(Date.UTC(2026, 0, 1) + tick++ * 1000).toISOString();
  const obj: Record<string, unknown> = {
    type: 'indicator',
    spec_version: '2.1',
    id: o.id ?? `indicator--${randomUUID()}`,
    created: '2025-12-01T00:00:00.000Z',
    modified: o.modified ?? t,
    name: o.name ?? 'suspicious host',
    pattern: "[ipv4-addr:value = '203.0.113.7']",
    pattern_type: 'stix',
    valid_from: '2025-12-01T00:00:00Z',
    ...(l.tlp ? { object_marking_refs: [TLP2_IDS[l.tlp]] } : {}),
  };
  return withLabel(obj, {
    policy: LABEL_POLICY,
    classification: l.classification ?? 'RESTRICTED',
    releasableTo: l.rel ?? [],
    originator: l.originator,
    createdAt: '2026-01-01T00:00:00.000Z',
    tlp: l.tlp ?? null,
  });
}

export const envelope = (objects: unknown[]) => JSON.stringify({ objects });

/**
 * A TAXII objects or manifest answer without the signatures carried beside its objects
 * (`x_tahaluf_signatures`, and `x_tahaluf_signature` on manifest records): two nodes sign with their own
 * keys, so tests comparing what two nodes serve a reader compare it without them.
 */
export function withoutSignatures(answer: Record<string, unknown>): Record<string, unknown> {
  const { x_tahaluf_signatures: _signatures, ...rest } = answer;
  void _signatures;
  if (!Array.isArray(rest.objects)) return rest;
  return {
    ...rest,
    objects: rest.objects.map((o: Record<string, unknown>) => {
      const { x_tahaluf_signature: _signature, ...record } = o;
      void _signature;
      return record;
    }),
  };
}
export const postHeaders = (h: Record<string, string>) => ({ ...h, 'content-type': TAXII_MEDIA });
