import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { Classification } from '../runtime/auth.js';
import type { TahalufModule } from '../runtime/deps.js';
import { openTestStore } from '../store/testing.js';
import type { Dialect } from '../store/database.js';
import type { MessageBus } from '../bus/message-bus.js';
import { buildApp } from '../api/server.js';
import { openNode, type Node } from './node.js';

export interface TestNodeOptions {
  dialect?: Dialect;
  clock?: Clock;
  /** Run modules' demo seeds (default false: tests start from the registry alone). */
  seedModules?: boolean;
  modules?: TahalufModule[];
  bus?: MessageBus;
  /** Environment for the node's configuration, e.g. `{ TAHALUF_MODE: 'national', TAHALUF_MEMBER: 'QAT' }`. */
  env?: NodeJS.ProcessEnv;
}

export interface TestNode extends Node {
  /** A bearer token for a member user (or a secretariat user with `member: null`). */
  tokenFor(
    member: string | null,
    opts?: { role?: 'member' | 'secretariat'; clearance?: Classification; user?: string },
  ): Promise<string>;
}

/** A node on a fresh store (in-memory SQLite or a new PostgreSQL schema), in-process bus, keys in memory. */
export async function openTestNode(opts: TestNodeOptions = {}): Promise<TestNode> {
  const store = await openTestStore(opts.dialect ?? 'sqlite');
  // Rate limits are off in test nodes (tests run thousands of requests as one member from one address)
  // unless a test sets TAHALUF_RATE_LIMIT_* in `env` (src/api/rate-limits.test.ts does).
  const env = { TAHALUF_RATE_LIMIT_READS: '0', TAHALUF_RATE_LIMIT_WRITES: '0', ...opts.env };
  const config = { ...loadConfig(env), dataDir: '/nonexistent-test-data-dir', port: 0 };
  const node = await openNode(config, {
    store,
    clock: opts.clock,
    ephemeralKeys: true,
    seedModules: opts.seedModules ?? false,
    modules: opts.modules,
    bus: opts.bus,
  });
  return {
    ...node,
    async close() {
      await node.close();
      await store.close();
    },
    async tokenFor(member, o = {}) {
      const role = o.role ?? (member ? 'member' : 'secretariat');
      const { token } = await node.tokens.create({
        user: o.user ?? `test-${member ?? 'sec'}`,
        member,
        role,
        clearance: o.clearance ?? 'SECRET',
      });
      return token;
    },
  };
}

/** The full HTTP app over a test node, ready for `app.inject`. */
export function buildTestApp(node: Node): Promise<FastifyInstance> {
  return buildApp(node, { webDir: null });
}

/** A stand-in that reads through to a value set later (in a `beforeAll`), so suites need no `let`. */
export function lateBound<T extends object>(get: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = get();
      if (!target) throw new Error(`${what} is not ready yet (use it inside a test)`);
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A test node and its HTTP app for the enclosing `describe`, opened before its tests and closed after:
 * `const { node, app } = useTestApp({ dialect });`.
 */
export function useTestApp(opts: TestNodeOptions = {}): { node: TestNode; app: FastifyInstance } {
  let node: TestNode | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    node = await openTestNode(opts);
    app = await buildTestApp(node);
  });
  afterAll(async () => {
    await app?.close();
    await node?.close();
  });
  return {
    node: lateBound(() => node, 'the test node'),
    app: lateBound(() => app, 'the test app'),
  };
}
