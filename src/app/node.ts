import { messageOf } from '../core/errors.js';
import { join } from 'node:path';
import { systemClock, type Clock } from '../core/clock.js';
import { holdsMemberKeys, type Config } from '../core/config.js';
import { InProcessBus } from '../bus/in-process-bus.js';
import type { MessageBus } from '../bus/message-bus.js';
import { NatsBus } from '../bus/nats-bus.js';
import { AllianceLog } from '../federation/alliance-log.js';
import { allianceTlogMigrations } from '../federation/tlog-repository.js';
import { allianceOutboxMigrations } from '../federation/alliance-outbox.js';
import { federationMigrations } from '../federation/repository.js';
import { Keyring } from '../record/keyring.js';
import { recordMigrations, type RecordTables } from '../record/migrations.js';
import { ownView, RecordViews } from '../record/views.js';
import { RecordLog } from '../record/record-log.js';
import { ILLUSTRATIVE, SECRETARIAT } from '../record/model.js';
import { extendPins, pinFilePath } from '../record/pins.js';
import { tlogMigrations } from '../record/tlog-tables.js';
import {
  ownLogOrigin,
  ownViewLog,
  PUBLIC_LOG_SUFFIX,
  publicViewLog,
  TransparencyLog,
  type StoredCheckpoint,
} from '../record/transparency-log.js';
import { Witness } from '../record/witness.js';
import { Registry } from '../registry/registry.js';
import { loadSeedData, recordSeed } from '../registry/seed.js';
import { EventRecorder } from '../registry/event-acts.js';
import { lifecycleFor, type LifecycleRecorder } from '../registry/lifecycle-recorder.js';
import { DocumentStore, documentMigrations } from '../registry/documents.js';
import { lifecycleProjectionMigrations } from '../registry/lifecycle-stored.js';
import { documentAllianceActs, documentLogMigrations } from '../registry/documents-on-log.js';
import type { Deps, TahalufModule } from '../runtime/deps.js';
import { DAY_MS, TokenStore, tokenMigrations, type TokenTables } from '../runtime/tokens.js';
import { openStore, type Store } from '../store/database.js';
import { migrate } from '../store/migrator.js';
import { idempotencyMigrations } from '../runtime/idempotency-store.js';
import { oidcLoginMigrations } from '../runtime/oidc-logins.js';
import { modules as allModules } from './modules.js';
import { SEED_DIR } from './paths.js';

export interface NodeOptions {
  clock?: Clock;
  /** Use this store instead of opening one from the config (tests). */
  store?: Store;
  bus?: MessageBus;
  /** Keep member keys in memory only (tests). */
  ephemeralKeys?: boolean;
  modules?: TahalufModule[];
  /** Run each module's demo seed: always (default), never, or only when the database is new. */
  seedModules?: boolean | 'if-new';
  seedDir?: string;
}

export interface Node extends Deps {
  modules: TahalufModule[];
  /** The record as a Merkle tree with signed checkpoints, and this node's witness. */
  transparency: TransparencyLog;
  witness: Witness;
  /**
   * Signs a checkpoint of the record if it grew (cosigned by this node's witness) and pins, outside
   * the database, the public keys of actors, logs and witnesses not pinned yet (not for in-memory keys).
   */
  checkpoint(): Promise<StoredCheckpoint>;
  /**
   * The log of the record's public view (#19.2): its own Merkle tree over the public entries, signed by
   * the same key under its own origin (`…/public`) and cosigned by the same witness, so what the public
   * receives counts and positions public acts only.
   */
  publicTransparency: TransparencyLog;
  /** Signs a checkpoint of the public view's log if it grew (cosigned, keys pinned as `checkpoint`). */
  publicCheckpoint(): Promise<StoredCheckpoint>;
  /**
   * The log of an actor's own view (its private acts, #19.2): its own Merkle tree, signed by the same
   * key under `…/own/<actor>` and cosigned by the same witness, served to that actor's users (and the
   * secretariat) only, so a member proves its private acts without learning any other actor's count.
   */
  ownTransparency(actor: string): TransparencyLog;
  /** Signs a checkpoint of an actor's own view's log if it grew (cosigned, keys pinned). */
  ownCheckpoint(actor: string): Promise<StoredCheckpoint>;
  /** The public and per-actor views of the record, each numbered and chained on its own (#19.2). */
  views: RecordViews;
  /** Records timeline events as signed acts (POST /api/events); recorded ones are loaded at start. */
  events: EventRecorder;
  /** Life-cycle acts (accession … withdrawal); the registry's memberships are their projection on the seed. */
  lifecycle: LifecycleRecorder;
  /** Uploaded texts (treaties, charters, communiqués, resolutions), content-addressed. */
  documents: DocumentStore;
  /** Starts modules' background work (bus subscribers, schedulers). */
  startModules(): Promise<void>;
  close(): Promise<void>;
}

const CHECKPOINT_EVERY_MS = 10_000;

/** Assembles a node: store, bus, migrations, keys, record, registry, seeded data and modules. */
export async function openNode(config: Config, opts: NodeOptions = {}): Promise<Node> {
  const clock = opts.clock ?? systemClock;
  const mods = opts.modules ?? allModules;
  const store =
    opts.store ??
    (await openStore({
      databaseUrl: config.databaseUrl,
      pgSchema: config.pgSchema ?? undefined,
      sqliteFile: join(config.dataDir, 'tahaluf.sqlite'),
    }));
  const bus =
    opts.bus ??
    (config.natsUrl ? await NatsBus.connect({ url: config.natsUrl }) : new InProcessBus());
  await migrate(store, [
    recordMigrations,
    tlogMigrations,
    tokenMigrations,
    oidcLoginMigrations,
    idempotencyMigrations,
    documentMigrations,
    lifecycleProjectionMigrations,
    documentLogMigrations,
    federationMigrations,
    allianceTlogMigrations,
    allianceOutboxMigrations,
    ...mods.map((m) => m.migrations ?? {}),
  ]);
  // A national node holds its member's key only; a federated secretariat node the secretariat's only.
  const nodeActor = config.mode === 'national' ? config.nodeMember : SECRETARIAT;
  const allowed = holdsMemberKeys(config) ? null : new Set([nodeActor ?? SECRETARIAT]);
  const keyring = new Keyring(
    store.db.withTables<RecordTables>(),
    clock,
    opts.ephemeralKeys ? null : join(config.dataDir, 'keys'),
    allowed,
    // The node's own actor's key is held by its own node; any other member's by the secretariat.
    (actor) =>
      actor === ILLUSTRATIVE
        ? 'illustrative'
        : actor === (nodeActor ?? SECRETARIAT)
          ? 'member-node'
          : 'secretariat-custody',
  );
  const record = new RecordLog(store, keyring, clock, bus);
  // Acts committed while the bus was away (or by a process that died before publishing) go out now.
  record.outbox?.start();
  const seed = loadSeedData(opts.seedDir ?? SEED_DIR);
  const registry = new Registry(seed);
  const tokens = new TokenStore(store.db.withTables<TokenTables>(), clock, {
    acceptDemo: config.demoLogin,
    defaultTtlMs: config.tokenDays * DAY_MS,
  });
  const fresh = (await record.count()) === 0;
  if (config.mode === 'secretariat') {
    // The secretariat node holds an identity for every state that belongs to a seeded alliance.
    if (!opts.ephemeralKeys && holdsMemberKeys(config))
      for (const actor of new Set([SECRETARIAT, ...seed.memberships.map((m) => m.state)]))
        await keyring.keyFor(actor);
    else await keyring.keyFor(SECRETARIAT);
    await recordSeed(record, seed);
  } else if (config.nodeMember) await keyring.keyFor(config.nodeMember);
  const alliance = config.alliance
    ? new AllianceLog(
        store,
        keyring,
        clock,
        config.alliance,
        nodeActor ?? SECRETARIAT,
        opts.ephemeralKeys ? null : join(config.dataDir, 'witness'),
      )
    : null;
  const deps: Deps = {
    config,
    clock,
    store,
    bus,
    record,
    keyring,
    registry,
    tokens,
    alliance,
    ports: {},
  };
  for (const m of mods) Object.assign(deps.ports, m.provides?.(deps));
  const events = new EventRecorder(record, registry);
  await events.load();
  const lifecycle = lifecycleFor(deps);
  const documents = new DocumentStore(store, record, registry, alliance);
  lifecycle.documents = documents;
  await lifecycle.load();
  for (const c of lifecycle.conflicts)
    console.error(`[registry] life-cycle act ${c.actId} no longer applies: ${c.message}`);
  if (alliance) {
    await alliance.loadDirectory();
    for (const m of mods)
      for (const [type, applier] of Object.entries(m.allianceActs?.(deps) ?? {}))
        alliance.register(type, applier);
    // Registry life-cycle acts (accession, suspension, withdrawal …) travel on the log too; a batch that
    // is rolled back (an outage) leaves the in-memory projection ahead: rebuild it from what was committed.
    for (const [type, applier] of Object.entries(lifecycle.allianceActs()))
      alliance.register(type, applier);
    // Uploaded texts are registered on the log (hash and articles) so every node checks acts citing them.
    for (const [type, applier] of Object.entries(documentAllianceActs(registry)))
      alliance.register(type, applier);
    alliance.onRollback(() => lifecycle.rebuildAfterRollback());
  }
  const seedModules = opts.seedModules ?? true;
  if (seedModules === true || (seedModules === 'if-new' && fresh))
    for (const m of mods) if (m.seed) await m.seed(deps);
  const logActor =
    config.mode === 'national' && config.nodeMember ? config.nodeMember : SECRETARIAT;
  const witness = Witness.open(
    opts.ephemeralKeys ? null : join(config.dataDir, 'witness'),
    `tahaluf/witness/${logActor.toLowerCase()}`,
    clock,
  );
  const transparency = new TransparencyLog(
    store,
    keyring,
    clock,
    `tahaluf/record/${logActor.toLowerCase()}`,
    logActor,
    witness,
  );
  const views = new RecordViews(
    store,
    keyring,
    mods.flatMap((m) => m.privateActPrefixes ?? []),
  );
  const publicTransparency = new TransparencyLog(
    store,
    keyring,
    clock,
    `${transparency.origin}${PUBLIC_LOG_SUFFIX}`,
    logActor,
    witness,
    publicViewLog(() => views.catchUp()),
  );
  const ownLogs = new Map<string, TransparencyLog>();
  const ownTransparency = (actor: string): TransparencyLog => {
    let log = ownLogs.get(actor);
    if (!log) {
      log = new TransparencyLog(
        store,
        keyring,
        clock,
        ownLogOrigin(transparency.origin, actor),
        logActor,
        witness,
        ownViewLog(actor, () => views.catchUp()),
      );
      ownLogs.set(actor, log);
    }
    return log;
  };
  const pin = async (): Promise<void> => {
    if (!opts.ephemeralKeys) {
      const identities = await store.db
        .withTables<RecordTables>()
        .selectFrom('identities')
        .select(['actor', 'key_id', 'public_key'])
        .execute();
      extendPins(pinFilePath(config.dataDir), {
        identities: identities.map((i) => ({
          actor: i.actor,
          keyId: i.key_id,
          publicKey: i.public_key,
        })),
        logs: [
          { origin: transparency.origin, publicKey: (await transparency.logKey()).publicKeyPem },
          {
            origin: publicTransparency.origin,
            publicKey: (await publicTransparency.logKey()).publicKeyPem,
          },
          ...(await Promise.all(
            [...ownLogs.values()].map(async (l) => ({
              origin: l.origin,
              publicKey: (await l.logKey()).publicKeyPem,
            })),
          )),
        ],
        witnesses: [{ name: witness.name, publicKey: witness.key.publicKeyPem }],
      });
    }
  };
  const publicCheckpoint = async (): Promise<StoredCheckpoint> => {
    const cp = await publicTransparency.checkpoint();
    await pin();
    return cp;
  };
  const ownCheckpoint = async (actor: string): Promise<StoredCheckpoint> => {
    const cp = await ownTransparency(actor).checkpoint();
    await pin();
    return cp;
  };
  // The actors with private acts (an own view) when the full record grew since the last look (an own
  // view grows only with it).
  let ownSeenAt = -1;
  const ownViewActors = async (fullSize: number): Promise<string[]> => {
    if (fullSize === ownSeenAt) return [];
    const db = store.db.withTables<RecordTables>();
    const actors = await db.selectFrom('identities').select('actor').distinct().execute();
    const found: string[] = [];
    for (const { actor } of actors) {
      const any = await db
        .selectFrom('record_views')
        .select('vseq')
        .where('view', '=', ownView(actor))
        .where('vseq', '=', 1)
        .executeTakeFirst();
      if (any) found.push(actor);
    }
    ownSeenAt = fullSize;
    return found;
  };
  // The full record's checkpoint, the public view's and each own view's beside it (all held by the
  // witness).
  const checkpoint = async (): Promise<StoredCheckpoint> => {
    const cp = await transparency.checkpoint();
    await publicTransparency.checkpoint();
    for (const actor of await ownViewActors(cp.size)) await ownTransparency(actor).checkpoint();
    await pin();
    return cp;
  };
  const stoppers: (() => Promise<void>)[] = [];
  return {
    ...deps,
    modules: mods,
    views,
    transparency,
    publicTransparency,
    witness,
    checkpoint,
    publicCheckpoint,
    ownTransparency,
    ownCheckpoint,
    events,
    lifecycle,
    documents,
    async startModules() {
      // Catch up with the alliance log before modules' schedulers act on the state it builds.
      if (alliance) await alliance.start();
      for (const m of mods) {
        const stop = m.start ? await m.start(deps) : undefined;
        if (stop) stoppers.push(stop);
      }
      // A checkpoint at start, then every CHECKPOINT_EVERY_MS while the record grows.
      let warned = false;
      const tick = () =>
        checkpoint().catch((err: unknown) => {
          if (!warned) console.error(`[transparency] checkpoint failed: ${messageOf(err)}`);
          warned = true;
        });
      await tick();
      // Life-cycle acts recorded by another process (the CLI) reach this node's registry within 2 s.
      const lifecycleTimer = setInterval(
        () =>
          void lifecycle
            .fresh()
            .catch((err: unknown) => console.error(`[registry] ${messageOf(err)}`)),
        2000,
      );
      lifecycleTimer.unref();
      stoppers.push(() => {
        clearInterval(lifecycleTimer);
        return Promise.resolve();
      });
      const timer = setInterval(() => void tick(), CHECKPOINT_EVERY_MS);
      timer.unref();
      stoppers.push(() => {
        clearInterval(timer);
        return Promise.resolve();
      });
    },
    async close() {
      for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
      await alliance?.stop();
      await record.outbox?.stop();
      await bus.close().catch(() => undefined);
      if (!opts.store) await store.close();
    },
  };
}
