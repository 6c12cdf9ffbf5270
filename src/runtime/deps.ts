import type { FastifyInstance } from 'fastify';
import type { Command } from 'commander';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { MessageBus } from '../bus/message-bus.js';
import type { AllianceApplier, AllianceLog } from '../federation/alliance-log.js';
import type { Keyring } from '../record/keyring.js';
import type { RecordLog } from '../record/record-log.js';
import type { Registry } from '../registry/registry.js';
import type { Migrations, Store } from '../store/database.js';
import type { Ports } from './ports.js';
import type { TokenStore } from './tokens.js';

/** What a module gets from the node: handed in, never imported as globals. */
export interface Deps {
  config: Config;
  clock: Clock;
  store: Store;
  bus: MessageBus;
  record: RecordLog;
  keyring: Keyring;
  registry: Registry;
  tokens: TokenStore;
  /** The alliance log when this node is part of a federation (TAHALUF_ALLIANCE_NATS); null when standalone. */
  alliance: AllianceLog | null;
  /** Read ports other modules provide (runtime/ports.ts); filled by the node from `TahalufModule.provides`. */
  ports: Ports;
}

export interface VerifyFinding {
  module: string;
  ok: boolean;
  /** e.g. "procedure proc_… outcome recomputed: adopted (matches stored)". */
  message: string;
  actId?: string;
}

export interface CliContext {
  /** Opens the node's store, bus, record and registry (migrated and seeded); close when done. */
  open(): Promise<Deps & { close(): Promise<void>; modules: TahalufModule[] }>;
}

/**
 * A domain module (treaties, council, forces, intel, warning) as the node composes it. Every part
 * is optional; `api/` and `cli/` only compose what modules export.
 */
export interface TahalufModule {
  name: string;
  migrations?: Migrations;
  /** Registers HTTP routes with full paths (`/api/obligations`, `/taxii2/…`, `/cap/…`). */
  routes?(app: FastifyInstance, deps: Deps): Promise<void> | void;
  /** Loads the module's seeded demo data; must be idempotent (runs on every start). */
  seed?(deps: Deps): Promise<void>;
  /** Starts background work (bus subscribers, schedulers); returns a stopper. */
  start?(deps: Deps): Promise<(() => Promise<void>) | void>;
  /** Adds subcommands to the `tahaluf` CLI. */
  cli?(program: Command, ctx: CliContext): void;
  /**
   * Act types (prefixes) whose existence is itself restricted (e.g. `intel.`: which objects were shared).
   * `/api/record` shows them only to the secretariat and to the member that acted.
   */
  privateActPrefixes?: string[];
  /**
   * Act types this module publishes on the alliance log (federated nodes) and how every node applies them:
   * the applier checks the actor's right (throwing a TahalufError rejects the act) and writes projections.
   */
  allianceActs?(deps: Deps): Record<string, AllianceApplier>;
  /** Read ports this module offers the others (runtime/ports.ts), e.g. the forces module's `forces`. */
  provides?(deps: Deps): Partial<Ports>;
  /** Replays the module's procedures from the record and checks stored outcomes (for `tahaluf verify`). */
  verify?(deps: Deps): Promise<VerifyFinding[]>;
  /**
   * What the module's relays hold for the bus, by relay name (e.g. `warning.cap`), for /api/health:
   * the pending count and the oldest one's age. Must be cheap (health is polled).
   */
  relays?(deps: Deps): Record<string, RelayBacklog>;
}

/** A relay's backlog as /api/health shows it. */
export interface RelayBacklog {
  pending: number;
  oldestPendingAt: string | null;
  oldestPendingAgeSeconds: number | null;
}
