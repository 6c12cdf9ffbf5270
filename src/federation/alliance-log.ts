import { checkActPayload, type PayloadFor } from '../record/act-catalogue.js';
import { fieldsOf } from '../core/objects.js';
import './acts.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
} from '@nats-io/jetstream';
import { sha256Hex } from '../core/crypto.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { forbidden, refused, TahalufError, messageOf, type DetailParams } from '../core/errors.js';
import type { Keyring } from '../record/keyring.js';
import { SECRETARIAT } from '../record/model.js';
import type { SharedDb, SharedTransaction, Store } from '../store/database.js';
import { checkRegistration, readDirectoryFile } from './directory.js';
import {
  ENVELOPE_VERSION,
  envelopeHash,
  envelopeSubject,
  parseEnvelope,
  readStoredEnvelope,
  signEnvelope,
  verifyEnvelope,
  type AllianceEnvelope,
} from './envelope.js';
import * as repo from './repository.js';
import { AllianceTransparency } from './alliance-tlog.js';
import { AllianceOutbox } from './alliance-outbox.js';

/** An act of the alliance log as a module applies it; `seq` is the stream sequence (the alliance's order). */
export interface AllianceAct<P = unknown> {
  id: string;
  seq: number;
  at: string;
  actor: string;
  keyId: string;
  type: string;
  subject: string | null;
  payload: P;
}

/**
 * Applies one verified act: checks the actor's right to it (throwing a TahalufError with the reason, which
 * rejects the act) and writes the module's projection rows through `tx`. Must be deterministic: the same
 * log gives the same result on every node. Any other error is an outage: the act is retried, not rejected.
 */
export type AllianceApplier = (tx: SharedTransaction, act: AllianceAct) => Promise<unknown>;

export interface AllianceConfig {
  /** NATS servers of the alliance (the client fails over between them). */
  servers: string[];
  stream: string;
  /** Subject prefix: acts travel on `<prefix>.<actor>.<type>`. */
  subjectPrefix: string;
  /** Stream replicas when this node creates the stream (3 over a cluster of three servers). */
  replicas: number;
  /** The directory file pinning the alliance's public keys. */
  directoryFile: string;
  /** This member's NATS user and password (permissions per member are set on the servers). */
  user?: string | null;
  password?: string | null;
  /**
   * PEM file of the CA that signed the servers' certificates: the connection then requires TLS and
   * verifies the server against it (TAHALUF_ALLIANCE_TLS_CA).
   */
  tlsCaFile?: string | null;
  /** Client certificate and key (PEM files) for servers that require mutual TLS. */
  tlsCertFile?: string | null;
  tlsKeyFile?: string | null;
}

export interface Outcome {
  streamSeq: number;
  status: 'applied' | 'rejected';
  code: string | null;
  reason: string | null;
  act: AllianceAct | null;
  /** What the applier returned (applied acts on this node only). */
  result?: unknown;
  /**
   * A rejection's field, reader's-language code and values, as the module refused the act (on the node
   * that applied it, in memory: the submitter's refusal carries them to its console).
   */
  detail?: { field?: string; detailCode: string; detailParams: DetailParams };
}

/** A message of the alliance stream as the consumer hands it over. */
export interface StreamMessage {
  natsSubject: string;
  body: string;
  streamSeq: number;
  streamTime: string;
}

/** Most stream messages applied in one database transaction while catching up. */
const MAX_BATCH = 256;

/** Largest accepted gap between an act's own time and the time the stream stored it. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
export const KEY_REGISTERED = 'alliance.key.registered';
const SUBMIT_WAIT_MS = 30_000;
const PUBLISH_ATTEMPTS = 20;
const WATCHDOG_MS = 3000;
const CHECKPOINT_DEBOUNCE_MS = 300;
const REBROADCAST_MS = 2000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The alliance log: acts that concern several members, signed on the acting member's node, ordered by a
 * NATS JetStream stream. Every node consumes the stream from its last applied position and verifies each
 * envelope (shape, subject, key of that actor, signature, replay, clock skew) before the module that
 * registered the act type checks the actor's right and applies it, in one transaction with the log row.
 */
export class AllianceLog {
  private appliers = new Map<string, AllianceApplier>();
  private rollbackHooks: (() => Promise<void>)[] = [];
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private messages: ConsumerMessages | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private waiters = new Map<string, (o: Outcome) => void>();
  private checkpointTimer: NodeJS.Timeout | null = null;
  private checkpointRun: Promise<void> = Promise.resolve();
  private rebroadcast: NodeJS.Timeout | null = null;
  readonly alliance: string;
  /** The alliance log's Merkle tree, checkpoints and this node's witness. */
  readonly tlog: AllianceTransparency;
  /** Acts this node's modules queue in their own transactions, published at least once (alliance-outbox.ts). */
  readonly outbox: AllianceOutbox;

  constructor(
    private store: Store,
    private keyring: Keyring,
    private clock: Clock,
    readonly config: AllianceConfig,
    /** The member this node speaks for (SECRETARIAT on the secretariat's node). */
    readonly nodeActor: string,
    /** Folder of this node's witness state (`<data>/witness`); null: in memory (tests). */
    witnessDir: string | null = null,
  ) {
    const dir = readDirectoryFile(config.directoryFile);
    this.alliance = dir.alliance;
    this.tlog = new AllianceTransparency(
      store,
      keyring,
      clock,
      dir.alliance,
      nodeActor,
      config.subjectPrefix,
      witnessDir,
      dir.witnessQuorum,
    );
    this.outbox = new AllianceOutbox(store, this, clock);
  }

  /** Subject the witness of `actor` publishes its cosigned checkpoints on (outside the stream). */
  witnessSubject(actor: string): string {
    return `${this.config.subjectPrefix}-witness.${actor}`;
  }

  /**
   * Cosigns this node's checkpoint a moment after the log grew (debounced, one at a time) and publishes
   * the cosigned note to the other nodes.
   */
  private scheduleCheckpoint(): void {
    if (!this.running || this.checkpointTimer) return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      this.checkpointRun = this.checkpointRun.then(() =>
        this.checkpointAndPublish().then(
          () => undefined,
          (e: unknown) => console.error('[alliance] checkpoint failed:', messageOf(e)),
        ),
      );
    }, CHECKPOINT_DEBOUNCE_MS);
  }

  /**
   * Cosigns the current tree (if it grew) and publishes the note; when this node's witness refused its own
   * tree (a truncated or forked copy), publishes that refused checkpoint instead, so the other nodes see
   * it. Returns what was announced (null: nothing new).
   */
  async checkpointAndPublish(): Promise<string | null> {
    const note = (await this.tlog.checkpoint()) ?? this.tlog.takeRefusal();
    if (note && this.nc && !this.nc.isClosed())
      this.nc.publish(this.witnessSubject(this.nodeActor), note);
    return note;
  }

  private listenToWitnesses(): void {
    const prefix = `${this.config.subjectPrefix}-witness.`;
    const sub = this.nc!.subscribe(`${prefix}*`);
    void (async () => {
      for await (const m of sub) {
        const witness = m.subject.slice(prefix.length);
        if (witness === this.nodeActor) continue;
        await this.tlog
          .receive(witness, m.string())
          .catch((e: unknown) =>
            console.error('[alliance] cosignature not handled:', messageOf(e)),
          );
      }
    })();
    // Nodes that joined or restarted later get this node's head again (the last cosigned note, or the
    // checkpoint of its own tree its witness refused since).
    this.rebroadcast = setInterval(() => {
      const note = this.tlog.headNote();
      if (note && this.nc && !this.nc.isClosed())
        this.nc.publish(this.witnessSubject(this.nodeActor), note);
    }, REBROADCAST_MS);
    this.rebroadcast.unref();
  }

  private get db(): Kysely<repo.FederationTables> {
    return this.store.db.withTables<repo.FederationTables>();
  }

  /**
   * Called after a batch's transaction was rolled back (an outage, retried later): a module that keeps
   * state in memory beside its tables rebuilds it from what was committed.
   */
  onRollback(hook: () => Promise<void>): void {
    this.rollbackHooks.push(hook);
  }

  /** A module declares an act type it publishes and how every node applies it. */
  register(type: string, applier: AllianceApplier): void {
    if (this.appliers.has(type)) throw new Error(`alliance act type ${type} registered twice`);
    this.appliers.set(type, applier);
  }

  carries(type: string): boolean {
    return this.appliers.has(type);
  }

  /** Loads the pinned keys of the directory file (idempotent; run at every start). */
  async loadDirectory(): Promise<void> {
    const dir = readDirectoryFile(this.config.directoryFile);
    // The quorum is the directory's: a node opened on an empty directory (quorum 1) and reloaded once the
    // members' keys were pinned must not call a checkpoint final on its own witness's cosignature alone.
    this.tlog.quorum = dir.witnessQuorum;
    const now = this.clock.now().toISOString();
    for (const k of dir.keys)
      await repo.insertKey(this.db, {
        key_id: k.keyId,
        actor: k.actor,
        public_key: k.publicKey,
        source: 'directory',
        stream_seq: null,
        registered_at: now,
      });
  }

  get connected(): boolean {
    return this.nc !== null && !this.nc.isClosed();
  }

  /** Connects to the alliance's NATS servers, makes sure the stream exists and starts consuming. */
  async start(): Promise<void> {
    if (this.running) return;
    this.nc = await connect({
      servers: this.config.servers.map((s) => s.replace(/^nats:\/\//, '')),
      name: `tahaluf-${this.nodeActor}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
      ...(this.config.user ? { user: this.config.user, pass: this.config.password ?? '' } : {}),
      ...natsTls(this.config),
    });
    await this.ensureStream();
    this.js = jetstream(this.nc, { timeout: 5000 });
    this.running = true;
    this.listenToWitnesses();
    this.loop = this.consumeLoop();
    this.scheduleCheckpoint();
    this.outbox.start();
  }

  async stop(): Promise<void> {
    await this.outbox.stop();
    this.running = false;
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    if (this.rebroadcast) clearInterval(this.rebroadcast);
    await this.checkpointRun;
    await this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
    await this.nc?.drain().catch(() => undefined);
    this.nc = null;
  }

  private async ensureStream(): Promise<void> {
    // A cluster that has just started elects its JetStream leader first (until then even the account
    // information the manager asks for times out): retry for up to a minute or two.
    let lastError: unknown;
    for (let attempt = 0; attempt < 120; attempt++) {
      let jsm;
      try {
        jsm = await jetstreamManager(this.nc!, { timeout: 5000 });
      } catch (e) {
        lastError = e;
        await sleep(500);
        continue;
      }
      try {
        await jsm.streams.info(this.config.stream);
        return;
      } catch (e) {
        lastError = e;
        if (!/not found/i.test(messageOf(e))) {
          await sleep(500);
          continue;
        }
      }
      try {
        await jsm.streams.add({
          name: this.config.stream,
          subjects: [`${this.config.subjectPrefix}.>`],
          num_replicas: this.config.replicas,
          storage: StorageType.File,
          retention: RetentionPolicy.Limits,
          duplicate_window: 120 * 1e9,
        });
        return;
      } catch (e) {
        lastError = e;
        await sleep(500);
      }
    }
    throw new Error(`alliance stream ${this.config.stream} unavailable: ${String(lastError)}`);
  }

  /**
   * Every few seconds: when this node is behind the stream and has not moved since the last look, its
   * consumer is stuck (e.g. it lived on a NATS server that died): close it, so the loop starts a new one
   * from the last applied position.
   */
  private startWatchdog(): () => void {
    let previous = -1;
    let checking = false;
    const timer = setInterval(() => {
      if (checking || !this.running || !this.nc) return;
      checking = true;
      void (async () => {
        try {
          const jsm = await jetstreamManager(this.nc!, { timeout: 3000 });
          const info = await jsm.streams.info(this.config.stream);
          const mine = await repo.lastSeq(this.db);
          if (mine < info.state.last_seq && mine === previous) {
            console.error(
              `[alliance] consumer stalled at ${mine} of ${info.state.last_seq}: restarting it`,
            );
            await this.messages?.close().catch(() => undefined);
          }
          previous = mine;
        } catch {
          // the stream is electing a leader or the connection is moving: look again next time
        } finally {
          checking = false;
        }
      })();
    }, WATCHDOG_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Consumes from the last applied position; on any interruption resumes from there. */
  private async consumeLoop(): Promise<void> {
    const stopWatchdog = this.startWatchdog();
    try {
      await this.consumeUntilStopped();
    } finally {
      stopWatchdog();
    }
  }

  private async consumeUntilStopped(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const from = (await repo.lastSeq(this.db)) + 1;
        const consumer = await this.js!.consumers.get(this.config.stream, {
          filter_subjects: `${this.config.subjectPrefix}.>`,
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: from,
        });
        // Short pulls (heartbeat every 2.5 s) notice a dead server quickly; the watchdog covers the rest.
        this.messages = await consumer.consume({ max_messages: 256, expires: 5000 });
        await this.drainInBatches(this.messages, () => {
          failures = 0;
        });
      } catch (e) {
        if (this.running) console.error('[alliance] consumer interrupted:', messageOf(e));
      }
      await this.messages?.close().catch(() => undefined);
      if (!this.running) break;
      failures++;
      await sleep(Math.min(5000, 200 * failures));
    }
  }

  /**
   * Applies the consumer's messages in batches of what has already arrived (one commit per batch, up to
   * MAX_BATCH): a reader moves messages into a bounded buffer as they come, the applier takes everything
   * buffered at once. Returns when the consumer ends; a failed batch closes it and throws.
   */
  private async drainInBatches(messages: ConsumerMessages, progressed: () => void): Promise<void> {
    const buffer: StreamMessage[] = [];
    let ended = false;
    const wake: { applier: (() => void) | null; reader: (() => void) | null } = {
      applier: null,
      reader: null,
    };
    const reader = (async () => {
      try {
        for await (const m of messages) {
          buffer.push({
            natsSubject: m.subject,
            body: m.string(),
            streamSeq: m.seq,
            streamTime: m.time.toISOString(),
          });
          wake.applier?.();
          // Bounded: the reader waits while two batches are waiting to be applied.
          while (buffer.length >= 2 * MAX_BATCH && this.running)
            await new Promise<void>((r) => (wake.reader = r));
        }
      } finally {
        ended = true;
        wake.applier?.();
      }
    })();
    try {
      while (this.running) {
        if (!buffer.length) {
          if (ended) break;
          await new Promise<void>((r) => (wake.applier = r));
          wake.applier = null;
          continue;
        }
        const batch = buffer.splice(0, MAX_BATCH);
        wake.reader?.();
        await this.processBatch(batch);
        progressed();
      }
    } finally {
      await messages.close().catch(() => undefined);
      wake.reader?.();
      await reader.catch(() => undefined);
    }
  }

  /**
   * Verifies and applies (or rejects, keeping the evidence) one stream message. Idempotent per stream
   * sequence: a message this node already holds is skipped, so nothing is applied twice.
   */
  async processMessage(
    natsSubject: string,
    body: string,
    streamSeq: number,
    streamTime: string,
  ): Promise<Outcome> {
    const [outcome] = await this.processBatch([{ natsSubject, body, streamSeq, streamTime }]);
    return outcome;
  }

  /**
   * Verifies and applies consecutive stream messages in ONE database transaction (a node catching up
   * commits once per batch, not once per act), each in its own savepoint: a rejected act is rolled back
   * alone and kept as evidence, the others stay applied. Any other error (an outage) rolls the whole
   * batch back and is thrown: the consumer retries from its last committed position, so nothing is
   * applied twice or skipped. Waiting submitters hear of their acts once the batch is committed.
   */
  async processBatch(messages: StreamMessage[]): Promise<Outcome[]> {
    if (!messages.length) return [];
    let outcomes: Outcome[];
    try {
      outcomes = await this.store.db.transaction().execute(async (shared) => {
        const trx = shared.withTables<repo.FederationTables>();
        const out: Outcome[] = [];
        let head: string | null | undefined;
        const seqs = messages.map((m) => m.streamSeq);
        const held = new Map(
          (await repo.entriesBetween(trx, Math.min(...seqs), Math.max(...seqs))).map((r) => [
            Number(r.stream_seq),
            r,
          ]),
        );
        // Keys read during the batch; emptied after a key registration (which may add one).
        const keys = new Map<string, repo.KeyRow | undefined>();
        for (const m of messages) {
          const known = held.get(m.streamSeq);
          if (known) {
            out.push(this.outcomeOf(known));
            continue;
          }
          head ??= (await repo.lastHash(trx)) ?? '';
          const done = await this.processOne(shared, m, head, keys);
          if (done.status === 'applied') head = done.logHash;
          if (done.outcome.act?.type === KEY_REGISTERED) keys.clear();
          out.push(done.outcome);
        }
        return out;
      });
    } catch (err) {
      for (const hook of this.rollbackHooks)
        await hook().catch((e: unknown) =>
          console.error('[alliance] rebuilding after a rollback failed:', messageOf(e)),
        );
      // Another process may have written these entries meanwhile; otherwise it is an outage: retry later.
      const again = await Promise.all(
        messages.map((m) => repo.entryAt(this.db, m.streamSeq).catch(() => undefined)),
      );
      if (again.every((r) => r)) return again.map((r) => this.outcomeOf(r!));
      throw err;
    }
    for (const o of outcomes) if (o.act) this.waiters.get(o.act.id)?.(o);
    this.scheduleCheckpoint();
    return outcomes;
  }

  /** One message inside the batch's transaction, in a savepoint so that a rejection undoes it alone. */
  private async processOne(
    shared: SharedTransaction,
    m: StreamMessage,
    head: string,
    keys: Map<string, repo.KeyRow | undefined>,
  ): Promise<
    | { status: 'applied'; logHash: string; outcome: Outcome }
    | { status: 'rejected'; outcome: Outcome }
  > {
    const trx = shared.withTables<repo.FederationTables>();
    const { natsSubject, body, streamSeq, streamTime } = m;
    const parsed = parseEnvelope(body);
    const envelope = parsed.ok ? parsed.envelope : null;
    const act: AllianceAct | null = envelope
      ? {
          id: envelope.id,
          seq: streamSeq,
          at: envelope.at,
          actor: envelope.actor,
          keyId: envelope.keyId,
          type: envelope.type,
          subject: envelope.subject,
          payload: envelope.payload,
        }
      : null;
    const row = (
      status: 'applied' | 'rejected',
      code: string | null,
      reason: string | null,
    ): repo.LogRow => ({
      stream_seq: streamSeq,
      act_id: envelope?.id ?? null,
      actor: envelope?.actor ?? null,
      key_id: envelope?.keyId ?? null,
      type: envelope?.type ?? null,
      subject: envelope?.subject ?? null,
      at: envelope?.at ?? null,
      stream_time: streamTime,
      envelope: body,
      nats_subject: natsSubject,
      status,
      code,
      reason,
      log_hash: null,
      received_at: this.clock.now().toISOString(),
    });
    await sql`savepoint alliance_act`.execute(trx);
    try {
      if (!parsed.ok) throw new Rejection('malformed', `${parsed.field}: ${parsed.reason}`);
      const e = envelope!;
      await this.verify(trx, natsSubject, e, streamTime, keys);
      const result = await this.applyVerified(shared, act!);
      const entry = row('applied', null, null);
      entry.log_hash = sha256Hex(head + envelopeHash(e));
      await repo.insertEntry(trx, entry);
      await sql`release savepoint alliance_act`.execute(trx);
      return {
        status: 'applied',
        logHash: entry.log_hash,
        outcome: { streamSeq, status: 'applied', code: null, reason: null, act, result },
      };
    } catch (err) {
      const rejection =
        err instanceof Rejection
          ? err
          : err instanceof TahalufError
            ? new Rejection(err.code, err.message)
            : // A payload of the wrong shape fails the same way on every node: reject it, never retry it.
              err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError
              ? new Rejection('invalid_act', `the act cannot be applied: ${err.message}`)
              : null;
      if (!rejection) throw err;
      await sql`rollback to savepoint alliance_act`.execute(trx);
      await sql`release savepoint alliance_act`.execute(trx);
      await repo.insertEntry(trx, row('rejected', rejection.code, rejection.message));
      return {
        status: 'rejected',
        outcome: {
          streamSeq,
          status: 'rejected',
          code: rejection.code,
          reason: rejection.message,
          act,
          ...(err instanceof TahalufError
            ? {
                detail: {
                  field: err.field,
                  detailCode: err.detailCode,
                  detailParams: err.detailParams,
                },
              }
            : {}),
        },
      };
    }
  }

  /** The checks every node runs, in this order, before a module sees the act. */
  private async verify(
    trx: Transaction<repo.FederationTables>,
    natsSubject: string,
    e: AllianceEnvelope,
    streamTime: string,
    keys: Map<string, repo.KeyRow | undefined>,
  ): Promise<void> {
    const expected = envelopeSubject(this.config.subjectPrefix, e.actor, e.type);
    if (natsSubject !== expected)
      throw new Rejection(
        'subject_mismatch',
        `published on ${natsSubject}, but an act of ${e.actor} of type ${e.type} travels on ${expected}`,
      );
    if (!keys.has(e.keyId)) keys.set(e.keyId, await repo.keyById(trx, e.keyId));
    const key = keys.get(e.keyId);
    if (!key)
      throw new Rejection('unknown_key', `key ${e.keyId} is not in the alliance's key directory`);
    if (key.actor !== e.actor)
      throw new Rejection(
        'key_not_of_actor',
        `key ${e.keyId} is registered to ${key.actor}, not to ${e.actor}: an act signed for another member`,
      );
    if (!verifyEnvelope(e, key.public_key))
      throw new Rejection(
        'bad_signature',
        `the signature does not verify with ${e.actor}'s key ${e.keyId}: the act was altered or forged`,
      );
    // A genuine act seen again (an altered copy failed the signature above).
    const earlier = await repo.appliedEntryOf(trx, e.id);
    if (earlier)
      throw new Rejection(
        'replay',
        `act ${e.id} was already applied at stream sequence ${earlier.stream_seq}; a second copy is ignored`,
      );
    const skew = Math.abs(Date.parse(e.at) - Date.parse(streamTime));
    if (skew > MAX_CLOCK_SKEW_MS)
      throw new Rejection(
        'clock_skew',
        `the act says ${e.at} but the stream stored it at ${streamTime} (more than ${MAX_CLOCK_SKEW_MS / 60000} minutes apart)`,
      );
  }

  private async applyVerified(trx: SharedTransaction, act: AllianceAct): Promise<unknown> {
    if (act.type === KEY_REGISTERED) return this.applyKeyRegistration(trx, act);
    const applier = this.appliers.get(act.type);
    if (!applier)
      throw new Rejection(
        'unknown_type',
        `no module of this node applies acts of type ${act.type}`,
      );
    return applier(trx, act);
  }

  private async applyKeyRegistration(
    shared: SharedTransaction,
    act: AllianceAct,
  ): Promise<unknown> {
    const trx = shared.withTables<repo.FederationTables>();
    if (act.actor !== SECRETARIAT)
      throw new Rejection('not_allowed', `only the secretariat registers keys, not ${act.actor}`);
    let reg;
    try {
      reg = checkRegistration(act.payload);
    } catch (e) {
      throw new Rejection('invalid_registration', messageOf(e));
    }
    const existing = await repo.keyById(trx, reg.keyId);
    if (existing)
      throw new Rejection(
        'key_known',
        `key ${reg.keyId} is already registered to ${existing.actor}`,
      );
    await repo.insertKey(trx, {
      key_id: reg.keyId,
      actor: reg.member,
      public_key: reg.publicKey,
      source: 'act',
      stream_seq: act.seq,
      registered_at: act.at,
    });
    return { member: reg.member, keyId: reg.keyId };
  }

  private outcomeOf(r: repo.LogRow): Outcome {
    return {
      streamSeq: Number(r.stream_seq),
      status: r.status,
      code: r.code,
      reason: r.reason,
      act: r.act_id ? rowToAllianceAct(r) : null,
    };
  }

  /**
   * Signs an act with `actor`'s key held on this node, publishes it on the alliance stream, and waits until
   * this node has applied it (the result) or rejected it (thrown, with the reason every node records).
   */
  async submit<T extends string, P extends PayloadFor<T>>(
    actor: string,
    type: T,
    subject: string | null,
    payload: P,
  ): Promise<Outcome & { status: 'applied' }> {
    checkActPayload(type, payload);
    if (!this.js || !this.running)
      throw new TahalufError(
        503,
        'alliance_unavailable',
        'this node is not connected to the alliance stream',
      );
    if (actor !== this.nodeActor)
      throw forbidden(`this node acts for ${this.nodeActor}, not for ${actor}`);
    const envelope = await this.signAct(actor, type, subject, payload, newId('act'));
    const done = new Promise<Outcome>((resolve) => this.waiters.set(envelope.id, resolve));
    try {
      const streamSeq = await this.publish(envelope);
      const timeout = sleep(SUBMIT_WAIT_MS).then(() => null);
      let outcome = await Promise.race([done, timeout]);
      outcome ??= await repo
        .entryAt(this.db, streamSeq)
        .then((r) => (r ? this.outcomeOf(r) : null));
      if (!outcome)
        throw new TahalufError(
          504,
          'not_yet_applied',
          `act ${envelope.id} is in the alliance log at sequence ${streamSeq} but this node has not applied it yet`,
        ).withDetail({ act: envelope.id, seq: streamSeq });
      if (outcome.status === 'rejected')
        throw refused(
          outcome.code ?? 'rejected',
          outcome.reason ?? 'rejected by the alliance log',
          outcome.detail?.field,
        ).withDetail(outcome.detail?.detailParams ?? {}, outcome.detail?.detailCode);
      return { ...outcome, status: 'applied' as const };
    } finally {
      this.waiters.delete(envelope.id);
    }
  }

  /** Whether this node is connected to the alliance stream and consuming it. */
  get active(): boolean {
    return this.running && this.js !== null;
  }

  /**
   * Signs an act with `actor`'s key held on this node (refused when that key is not in the alliance's
   * key directory), at this node's current time.
   */
  async signAct<P>(
    actor: string,
    type: string,
    subject: string | null,
    payload: P,
    id: string,
  ): Promise<AllianceEnvelope<P>> {
    const key = await this.keyring.keyFor(actor);
    const registered = await repo.keyById(this.db, key.keyId);
    if (!registered || registered.actor !== actor)
      throw refused(
        'key_not_registered',
        `${actor}'s key ${key.keyId} on this node is not in the alliance's key directory: register it first (tahaluf node register)`,
      ).withDetail({ actor, key: key.keyId });
    return signEnvelope(
      {
        v: ENVELOPE_VERSION,
        id,
        at: this.clock.now().toISOString(),
        actor,
        keyId: key.keyId,
        type,
        subject,
        payload: JSON.parse(JSON.stringify(payload)) as P,
      },
      key.privateKeyPem,
    );
  }

  /**
   * Queues an act inside `tx`, the transaction that commits its cause; the outbox publishes it after the
   * commit, at least once, also after a crash (alliance-outbox.ts). Returns the act id.
   */
  async enqueue(
    tx: SharedTransaction,
    actor: string,
    type: string,
    subject: string | null,
    payload: unknown,
  ): Promise<string> {
    if (actor !== this.nodeActor)
      throw forbidden(`this node acts for ${this.nodeActor}, not for ${actor}`);
    return this.outbox.enqueue(tx, { id: newId('act'), actor, type, subject, payload });
  }

  /** Publishes queued acts now (after the commit that queued them). */
  publishQueued(): void {
    this.outbox.kick();
  }

  /** Resolves true once every queued act is on the stream and applied (or rejected) here. */
  queuedSettled(timeoutMs: number): Promise<boolean> {
    return this.outbox.idle(timeoutMs);
  }

  /** The stream's last sequence (0 when empty). */
  async streamHead(): Promise<number> {
    const jsm = await jetstreamManager(this.nc!, { timeout: 5000 });
    return (await jsm.streams.info(this.config.stream)).state.last_seq;
  }

  /** Whether this node's log holds an entry (applied or rejected) of act `actId`. */
  async holds(actId: string): Promise<boolean> {
    return (await repo.entriesOfAct(this.db, actId)).length > 0;
  }

  /** Publishes an envelope once (the outbox retries on its own schedule). */
  publishOnce(envelope: AllianceEnvelope): Promise<number> {
    return this.publish(envelope, undefined, 1);
  }

  /** Publishes an envelope (de-duplicated by act id), retrying through a server's failover. */
  async publish(
    envelope: AllianceEnvelope,
    natsSubject?: string,
    attempts = PUBLISH_ATTEMPTS,
  ): Promise<number> {
    if (!this.js) throw new TahalufError(503, 'alliance_unavailable', 'not connected');
    const subject =
      natsSubject ?? envelopeSubject(this.config.subjectPrefix, envelope.actor, envelope.type);
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        const ack = await this.js.publish(subject, JSON.stringify(envelope), {
          msgID: envelope.id,
          timeout: 5000,
        });
        return ack.seq;
      } catch (e) {
        lastError = e;
        await sleep(250 * (attempt + 1));
      }
    }
    throw new TahalufError(
      503,
      'alliance_unavailable',
      `could not publish to the alliance stream: ${messageOf(lastError)}`,
    );
  }

  async status() {
    const [head, counts, lastSeq, keys] = await Promise.all([
      repo.headHash(this.db),
      repo.counts(this.db),
      repo.lastSeq(this.db),
      repo.listKeys(this.db),
    ]);
    const own = await this.keyring.keyFor(this.nodeActor);
    return {
      alliance: this.alliance,
      node: this.nodeActor,
      /** This node's own key (it holds no other member's): its id in the key directory. */
      nodeKey: { keyId: own.keyId, custody: 'member-node' as const },
      stream: this.config.stream,
      connected: this.connected,
      lastStreamSeq: lastSeq,
      applied: counts.applied,
      rejected: counts.rejected,
      logHash: head.hash,
      keys: keys.length,
      checkpoint: await this.checkpointStatus(),
    };
  }

  private async checkpointStatus() {
    const s = await this.tlog.summary();
    const brief = (v: typeof s.latest) =>
      v && { size: v.size, rootHash: v.rootHash, cosigners: v.cosigners.map((c) => c.witness) };
    return {
      treeSize: s.treeSize,
      latest: brief(s.latest),
      final: brief(s.final),
      quorum: s.quorum,
      warning: s.warning,
    };
  }

  entries(q: Parameters<typeof repo.listEntries>[1]) {
    return repo.listEntries(this.db, q).then((rows) => rows.map(entryView));
  }

  keys() {
    return repo.listKeys(this.db).then((rows) =>
      rows.map((k) => ({
        keyId: k.key_id,
        actor: k.actor,
        publicKey: k.public_key,
        source: k.source,
        streamSeq: k.stream_seq === null ? null : Number(k.stream_seq),
        registeredAt: k.registered_at,
      })),
    );
  }

  /** Applied acts about `subject` (type prefix e.g. `council.`), in alliance order; through `db` inside a transaction. */
  async actsOf(subject: string, typePrefix: string, db?: SharedDb): Promise<AllianceAct[]> {
    const rows = await repo.appliedActsOf(
      (db ?? this.store.db).withTables<repo.FederationTables>(),
      subject,
      typePrefix,
    );
    return rows.map(rowToAllianceAct);
  }

  /** Every applied act whose type starts with `typePrefix`, in alliance order (verification replays). */
  async appliedActs(typePrefix: string): Promise<AllianceAct[]> {
    const rows = await this.db
      .selectFrom('alliance_log')
      .selectAll()
      .where('status', '=', 'applied')
      .where('type', 'like', `${typePrefix}%`)
      .orderBy('stream_seq')
      .execute();
    return rows.map(rowToAllianceAct);
  }

  /** The applied acts with these act ids (by the `alliance_log_act` index), in alliance order. */
  async appliedActsByIds(actIds: readonly string[]): Promise<AllianceAct[]> {
    const out: AllianceAct[] = [];
    const ids = [...new Set(actIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('alliance_log')
        .selectAll()
        .where('act_id', 'in', ids.slice(i, i + 500))
        .where('status', '=', 'applied')
        .orderBy('stream_seq')
        .execute();
      out.push(...rows.map(rowToAllianceAct));
    }
    return out;
  }

  /**
   * Re-checks this node's copy of the alliance log: keys against the directory file and the registration
   * acts that brought them, every applied entry's signature by a key of its actor registered before it, and
   * the running hash. Returns the problems found (none: the copy is intact).
   */
  async verifyLog(): Promise<{ checked: number; problems: string[] }> {
    const problems: string[] = [];
    const pinned = new Map(
      readDirectoryFile(this.config.directoryFile).keys.map((k) => [k.keyId, k]),
    );
    const keys = new Map((await repo.listKeys(this.db)).map((k) => [k.key_id, k]));
    for (const k of keys.values()) {
      const pin = pinned.get(k.key_id);
      if (
        k.source === 'directory' &&
        (!pin || pin.actor !== k.actor || pin.publicKey !== k.public_key)
      )
        problems.push(
          `key ${k.key_id} (${k.actor}) is in the database as pinned but not in the directory file`,
        );
      if (k.source === 'act') {
        const entry =
          k.stream_seq === null ? undefined : await repo.entryAt(this.db, Number(k.stream_seq));
        const payload =
          entry?.status === 'applied' ? readStoredEnvelope(entry.envelope).payload : null;
        const p = fieldsOf(payload);
        if (
          entry?.type !== KEY_REGISTERED ||
          p.keyId !== k.key_id ||
          p.member !== k.actor ||
          p.publicKey !== k.public_key
        )
          problems.push(
            `key ${k.key_id} (${k.actor}) does not match the registration act that should have brought it`,
          );
      }
    }
    let previous = '';
    let checked = 0;
    let after = 0;
    for (let page = 0; page < 1_000_000; page++) {
      const rows = await repo.listEntries(this.db, {
        status: 'applied',
        afterSeq: after,
        limit: 1000,
      });
      if (!rows.length) break;
      for (const r of rows) {
        after = Number(r.stream_seq);
        checked++;
        const parsed = parseEnvelope(r.envelope);
        if (!parsed.ok) {
          problems.push(
            `#${after}: stored envelope unreadable (${parsed.field}: ${parsed.reason})`,
          );
          continue;
        }
        const e = parsed.envelope;
        const key = keys.get(e.keyId);
        if (
          !key ||
          key.actor !== e.actor ||
          (key.stream_seq !== null && Number(key.stream_seq) >= after)
        )
          problems.push(
            `#${after} (${e.id}): not signed by a key of ${e.actor} registered before it`,
          );
        else if (!verifyEnvelope(e, key.public_key))
          problems.push(`#${after} (${e.id}): signature of ${e.actor} does not verify (altered)`);
        if (
          r.act_id !== e.id ||
          r.actor !== e.actor ||
          r.type !== e.type ||
          r.subject !== e.subject
        )
          problems.push(`#${after}: indexed columns differ from the stored envelope (edited)`);
        const hash = sha256Hex(previous + envelopeHash(e));
        if (hash !== r.log_hash)
          problems.push(
            `#${after}: running hash differs (an entry before it was removed, added or changed)`,
          );
        previous = r.log_hash ?? hash;
      }
    }
    return { checked, problems };
  }

  /** Resolves once this node's log reaches `streamSeq` (bounded by `timeoutMs`); false on timeout. */
  async waitFor(streamSeq: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await repo.lastSeq(this.db)) >= streamSeq) return true;
      await sleep(100);
    }
    return false;
  }
}

function rowToAllianceAct(r: repo.LogRow): AllianceAct {
  const e = readStoredEnvelope(r.envelope);
  return {
    id: e.id,
    seq: Number(r.stream_seq),
    at: e.at,
    actor: e.actor,
    keyId: e.keyId,
    type: e.type,
    subject: e.subject,
    payload: e.payload,
  };
}

export function entryView(r: repo.LogRow) {
  let envelope: unknown = r.envelope;
  try {
    envelope = JSON.parse(r.envelope);
  } catch {
    // kept as the raw text received: it is the evidence
  }
  return {
    streamSeq: Number(r.stream_seq),
    status: r.status,
    code: r.code,
    reason: r.reason,
    actId: r.act_id,
    actor: r.actor,
    keyId: r.key_id,
    type: r.type,
    subject: r.subject,
    at: r.at,
    streamTime: r.stream_time,
    /** When this node applied (or rejected) it. */
    receivedAt: r.received_at,
    logHash: r.log_hash,
    envelope,
  };
}

/** The `tls` option of a NATS connection: the CA that checks the servers and, for mutual TLS, our certificate. */
function natsTls(config: AllianceConfig) {
  const cert =
    config.tlsCertFile && config.tlsKeyFile
      ? { certFile: config.tlsCertFile, keyFile: config.tlsKeyFile }
      : {};
  if (!config.tlsCaFile && !config.tlsCertFile) return {};
  return { tls: { ...(config.tlsCaFile ? { caFile: config.tlsCaFile } : {}), ...cert } };
}
