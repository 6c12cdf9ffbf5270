import { fieldsOf } from '../core/objects.js';
import { randomUUID } from 'node:crypto';
import { badInput, conflict, TahalufError } from '../core/errors.js';
import {
  guardedFetch,
  type WebhookPost,
  MAX_WEBHOOKS_PER_MEMBER,
  webhookUrlProblem,
  type WebhookPolicy,
} from './webhook-target.js';
import type { Deps } from '../runtime/deps.js';
import { quoted } from '../core/quoted.js';
import { capXml, capTime, type CapMessage } from './cap-message.js';
import { CapLanguageBook } from './cap-languages.js';
import { FusionEngine, type FusionOutput } from './fusion-engine.js';
import { CapRelay } from './cap-relay.js';
import { WarningRepository } from './repository.js';
import { getNetwork, getScenario, scenarioLaunches } from './scenarios.js';
import { simulateExercise, type SimulatedReport } from './simulator.js';
import type { SensorNetwork } from './sensor-model.js';
import { DEFAULT_SENSOR_BIAS, defaultTrackerConfig } from './tracker-config.js';
import { WarningZones } from './warning-zones.js';
import {
  engineSnapshot,
  exerciseTrackerConfig,
  type DeliverableOutput,
  type EngineSnapshot,
} from './exercise-play.js';
import { ExercisePool } from './exercise-pool.js';
import type { AllianceLogPort } from '../registry/alliance-port.js';
import { CAP_SUMMARY_TYPE, capSummary } from './alliance-summary.js';

export type StreamEvent =
  | {
      type: 'cap';
      member: string;
      msgType: string;
      identifier: string;
      sent: string;
      threatId: string;
      polygon: [number, number][];
      impactTime: string;
    }
  | {
      type: 'threat';
      id: string;
      track: string;
      time: number;
      estimate: unknown;
      members: Record<string, number>;
      exercise: boolean;
    }
  | { type: 'track'; id: string; status: string; time: number; lla: number[]; exercise: boolean }
  | {
      type: 'exercise';
      id: string;
      state: 'started' | 'finished';
      scenario: string;
      drill?: string;
    };

interface Exercise {
  id: string;
  scenario: string;
  /** The engine of an exercise played here; null for one played in a worker (its snapshot instead). */
  engine: FusionEngine | null;
  snapshot?: EngineSnapshot;
  reports: SimulatedReport[];
  next: number;
  epochWall: number;
  epochSim: number;
  speed: number;
  end: number;
  timer?: NodeJS.Timeout;
  truth: {
    id: string;
    launch: { lat: number; lon: number };
    impact: { lat: number; lon: number };
    impactTime: number;
  }[];
}

/** Live reports processed per turn of the event loop (a 10,000-report request takes several turns). */
export const LIVE_SLICE = 2000;

/** Exercises simulated and played at once (#16.4); one more is refused with 503. */
export const MAX_RUNNING_EXERCISES = 3;
/** Finished exercises kept for the picture (#16.4: 21 exercises took RSS from 362 MB to 1,073 MB). */
export const MAX_RETAINED_EXERCISES = 5;

/**
 * The node's early-warning service: live reports (HTTP, bus) through one fusion engine, exercises through
 * their own, and delivery of every CAP message to the bus, the store (Atom feed), the console stream and webhooks.
 */
export class WarningService {
  readonly network: SensorNetwork;
  readonly zones: WarningZones;
  readonly live: FusionEngine;
  readonly repo: WarningRepository;
  readonly exercises = new Map<string, Exercise>();
  /** Instant exercises play in worker threads, off the event loop. */
  private pool = new ExercisePool();
  private listeners = new Set<(e: StreamEvent) => void>();
  private pending: Promise<unknown> = Promise.resolve();
  private flushScheduled = false;
  /** Arrival (ms, performance clock) of the oldest unprocessed live report, for latency. */
  private oldestArrival: number | null = null;
  readonly latencyMs: number[] = [];
  /** The latest CAP messages (newest last) for the console's message log. */
  readonly log: Extract<StreamEvent, { type: 'cap' }>[] = [];
  /** Publishes stored CAP messages on the bus, in order, whenever the bus is up (cap-relay.ts). */
  readonly capRelay: CapRelay;
  /** The alliance log on a federated node (null: standalone). */
  private readonly alliance: AllianceLogPort | null;
  /** The languages each member's civil defence asks its CAP messages in (one <info> per language). */
  readonly capLanguages: CapLanguageBook;

  constructor(
    private readonly deps: Deps,
    networkId = 'gulf-illustrative',
  ) {
    this.network = getNetwork(networkId);
    this.zones = new WarningZones(this.network.members);
    this.live = new FusionEngine({
      members: this.network.members,
      // Live: each radar's range/azimuth/elevation bias estimated per sensor (#18.8), shown in status.
      tracker: { ...defaultTrackerConfig(), sensorBias: { ...DEFAULT_SENSOR_BIAS } },
      zones: this.zones,
      status: 'Actual',
    });
    this.repo = new WarningRepository(deps.store.db);
    this.capRelay = new CapRelay(deps.bus, this.repo, () => deps.clock.now().getTime());
    this.alliance = deps.alliance;
    this.capLanguages = new CapLanguageBook(deps.store.db);
  }

  subscribe(fn: (e: StreamEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: StreamEvent) {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch {
        /* a broken listener must not stop delivery */
      }
    }
  }

  /**
   * A live report sent by `member` (HTTP principal, or the bus subject `warning.report.<member>`): refused
   * — and counted as rejected — unless the sender is in the sensor network and the report names one of
   * its own sensors. Only then is it validated and queued.
   */
  ingestFrom(member: string, raw: unknown): ReturnType<FusionEngine['ingest']> {
    const refuse = (
      reason: 'unknown_sensor' | 'not_your_sensor' | 'not_in_network',
      detail: string,
    ) => {
      this.live.rejected[reason] = (this.live.rejected[reason] ?? 0) + 1;
      return { ok: false as const, reason, detail };
    };
    if (!this.network.members.includes(member))
      return refuse('not_in_network', `${member} has no sensors in the ${this.network.id} network`);
    const { sensor, member: claimed } = fieldsOf(raw);
    const owner =
      typeof sensor === 'string'
        ? this.network.sensors.find((s) => s.id === sensor)?.member
        : undefined;
    if (typeof sensor === 'string' && !owner)
      return refuse(
        'unknown_sensor',
        `sensor ${sensor.slice(0, 64)} is not in the ${this.network.id} network`,
      );
    if (typeof sensor === 'string' && owner && owner !== member)
      return refuse('not_your_sensor', `sensor ${sensor} belongs to ${owner}`);
    if (claimed !== undefined && claimed !== member)
      return refuse(
        'not_your_sensor',
        `report claims member ${quoted(claimed).slice(0, 8)} but was sent by ${member}`,
      );
    return this.ingest(raw, member);
  }

  /**
   * Live reports (already attributed to their sender); processing is batched on the next tick, in
   * slices of `LIVE_SLICE` reports that yield to the event loop in between, so floods never block.
   */
  ingest(raw: unknown, member?: string): ReturnType<FusionEngine['ingest']> {
    const r = this.live.ingest(raw, this.deps.clock.now().getTime() / 1000, member);
    if (r.ok) {
      this.oldestArrival ??= performance.now();
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushLive());
      }
    }
    return r;
  }

  /**
   * A member's local tracks shared instead of raw reports (#18.8): checked all together (the first
   * fault refuses the whole batch and nothing is queued), then fused into the live picture at once.
   * Returns, per track in order, the live track it was fused into or started.
   */
  submitTracks(
    member: string,
    raw: readonly unknown[],
  ):
    | { ok: true; tracks: { track: string; liveTrack: string | null; started: boolean }[] }
    | { ok: false; status: 400 | 403 | 503; index?: number; field?: string; detail: string } {
    if (!this.network.members.includes(member))
      return {
        ok: false,
        status: 403,
        detail: `${member} has no sensors in the ${this.network.id} network`,
      };
    const c = this.live.checkTracks(raw, member, this.deps.clock.now().getTime() / 1000);
    if (!c.ok) return { ok: false, status: 400, index: c.index, field: c.field, detail: c.detail };
    if (!this.live.ingestTracks(c.tracks))
      return { ok: false, status: 503, detail: 'live queue full' };
    const before = new Set(this.live.tracker.tracks.keys());
    const out = this.flushLive();
    const into = new Map<string, string>();
    for (const e of out.events) if (e.fusedTrack) into.set(e.fusedTrack, e.track);
    return {
      ok: true,
      tracks: c.tracks.map((t) => {
        const live = into.get(`${member}/${t.track}`) ?? null;
        return { track: t.track, liveTrack: live, started: live !== null && !before.has(live) };
      }),
    };
  }

  /** Processes queued live reports now (also called by tests). Never throws: a failure is logged. */
  flushLive(): FusionOutput {
    this.flushScheduled = false;
    let out: FusionOutput;
    try {
      out = this.live.flush(this.deps.clock.now().getTime() / 1000, LIVE_SLICE);
    } catch (err) {
      console.error('warning: live processing failed; the queued reports were dropped', err);
      return { events: [], threats: [], caps: [] };
    } finally {
      // More queued than one slice: the rest after the event loop has had its turn.
      if (this.live.queued > 0 && !this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushLive());
      }
    }
    if (out.caps.length && this.oldestArrival !== null)
      this.latencyMs.push(performance.now() - this.oldestArrival);
    if (this.latencyMs.length > 1000) this.latencyMs.splice(0, this.latencyMs.length - 1000);
    this.oldestArrival = null;
    this.deliver(out, false);
    return out;
  }

  private deliver(out: DeliverableOutput, exercise: boolean) {
    for (const e of out.events) {
      if (e.status === 'tentative') continue;
      this.emit({
        type: 'track',
        id: e.track,
        status: e.status,
        time: e.time,
        lla: e.x.slice(0, 3),
        exercise,
      });
    }
    for (const th of out.threats)
      this.emit({
        type: 'threat',
        id: th.id,
        track: th.track,
        time: th.time,
        estimate: th.estimate,
        members: th.members,
        exercise,
      });
    for (const c of out.caps) this.issue(c);
  }

  /** Delivers a CAP message this node issued: console, store, webhooks, bus, alliance log. */
  issue(c: CapMessage) {
    const state = this.deps.registry.state(c.member);
    const xml = capXml(c, {
      languages: this.capLanguages.languagesOf(c.member),
      memberNames: state ? { en: state.nameEn, ar: state.nameAr } : undefined,
    });
    const ev = {
      type: 'cap' as const,
      member: c.member,
      msgType: c.msgType,
      identifier: c.identifier,
      sent: capTime(c.sent),
      threatId: c.threatId,
      polygon: c.polygon,
      impactTime: capTime(c.impactTime),
    };
    this.log.push(ev);
    if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    this.emit(ev);
    const row = {
      identifier: c.identifier,
      member: c.member,
      threat_id: c.threatId,
      msg_type: c.msgType,
      status: c.status,
      sent: capTime(c.sent),
      xml,
    };
    // Storage runs behind the warning path, in order; failures are logged, never thrown into it. Civil
    // defence's webhooks are called as soon as the message is stored; the bus gets it through the relay,
    // which never makes them wait (a NATS outage used to hold every webhook for the client's 5-s timeout).
    // A federated node's summary of a live message is queued for the alliance log in the transaction
    // that stores the message (alliance-summary.ts): stored implies "will be on the alliance log", also
    // across a crash or a NATS outage. Exercise messages stay on the node.
    const alliance = c.status === 'Actual' ? this.alliance : null;
    this.pending = this.pending
      .then(async () => {
        await this.deps.store.db.transaction().execute(async (tx) => {
          await new WarningRepository(tx).saveCap({ ...row, bus_pending: 1 });
          if (alliance) {
            const summary = capSummary(c);
            await alliance.enqueue(
              tx,
              alliance.nodeActor,
              CAP_SUMMARY_TYPE,
              summary.identifier,
              summary,
            );
          }
        });
        alliance?.publishQueued();
        for (const h of await this.repo.webhooks(c.member))
          void postWithRetries(h.url, xml, 5, guardedFetch(this.webhookPolicy()));
        this.capRelay.add({
          identifier: c.identifier,
          member: c.member,
          msg_type: c.msgType,
          sent: row.sent,
          xml,
        });
      })
      .catch((err) => console.error('warning: CAP delivery failed', err));
  }

  /** Waits for queued storage and, while the bus is up, bus deliveries (tests, shutdown). */
  async settled(): Promise<void> {
    await this.pending;
    await this.capRelay.idle();
  }

  /**
   * Waits until the summaries of the CAP messages stored so far are on the alliance log and applied on
   * this node (true), or `timeoutMs` passed (false); true at once on a standalone node.
   */
  async summariesSettled(timeoutMs = 30_000): Promise<boolean> {
    await this.pending;
    return this.alliance ? this.alliance.queuedSettled(timeoutMs) : true;
  }

  /** Webhook targets: https and public addresses only, unless the node runs in webhook development mode. */
  webhookPolicy(): WebhookPolicy {
    return { development: this.deps.config.webhooksDevelopment };
  }

  async addWebhook(member: string, url: string) {
    const problem = webhookUrlProblem(url, this.webhookPolicy());
    if (problem) throw badInput('body/url', problem);
    if ((await this.repo.webhooks(member)).length >= MAX_WEBHOOKS_PER_MEMBER)
      throw conflict(
        'too_many_webhooks',
        `a member may register at most ${MAX_WEBHOOKS_PER_MEMBER} webhooks`,
        'body/url',
      ).withDetail({ max: MAX_WEBHOOKS_PER_MEMBER });
    const row = { id: randomUUID(), member, url, created_at: this.deps.clock.now().toISOString() };
    await this.repo.addWebhook(row);
    return row;
  }

  /**
   * Starts an exercise: simulates it from the seed, then plays the reports at `speed`× real time (or all
   * at once when `instant`), through its own fusion engine with CAP status Exercise.
   */
  startExercise(
    scenarioId: string,
    seed: number,
    speed = 10,
    instant = false,
    drill?: { exerciseId: string; title: string },
    options: { sensorBias?: boolean } = {},
  ) {
    this.refuseWhenBusy();
    const sc = getScenario(scenarioId);
    const net = getNetwork(sc.network);
    const launches = scenarioLaunches(sc, net.members, seed);
    const epochSim = Math.floor(this.deps.clock.now().getTime() / 1000);
    const sim = simulateExercise(net, launches, {
      seed,
      epoch: epochSim,
      clutterScale: sc.clutterScale,
    });
    const id = `EX-${randomUUID().slice(0, 8)}`;
    // CAP 1.2: status Exercise, and the exercise identifier SHOULD appear in <note>.
    const label = drill
      ? `${id} (drill for forces exercise ${drill.exerciseId}: ${drill.title})`
      : id;
    const ex: Exercise = {
      id,
      scenario: scenarioId,
      reports: sim.reports,
      next: 0,
      epochWall: Date.now(),
      epochSim,
      speed,
      end: sim.end + 90,
      engine: new FusionEngine({
        members: net.members,
        tracker: exerciseTrackerConfig(options.sensorBias),
        zones: this.zones,
        status: 'Exercise',
        sender: 'tahaluf-ew-exercise@secretariat',
        exercise: label,
        wallClock: () => this.deps.clock.now().getTime(),
      }),
      truth: sim.trajectories.map((t) => ({
        id: t.spec.id,
        launch: t.spec.launch,
        impact: t.impact,
        impactTime: epochSim + t.spec.t0 + t.flightTime,
      })),
    };
    this.exercises.set(id, ex);
    this.emit({
      type: 'exercise',
      id,
      state: 'started',
      scenario: scenarioId,
      ...(drill ? { drill: drill.exerciseId } : {}),
    });
    if (instant) {
      for (let t = epochSim; t <= ex.end; t += 0.5) this.stepExercise(ex, t);
      this.finishExercise(ex);
    } else {
      ex.timer = setInterval(() => {
        const t = ex.epochSim + ((Date.now() - ex.epochWall) / 1000) * ex.speed;
        this.stepExercise(ex, Math.min(t, ex.end));
        if (t >= ex.end) this.finishExercise(ex);
      }, 200);
    }
    return {
      id,
      scenario: scenarioId,
      seed,
      speed,
      launches: launches.length,
      reports: sim.reports.length,
      epoch: epochSim,
      end: ex.end,
      status: 'Exercise' as const,
      note: label,
    };
  }

  /** Exercises playing (timed ones and those in the worker pool, queued included) are bounded: 503. */
  private refuseWhenBusy() {
    const running = [...this.exercises.values()].filter((e) => e.timer).length + this.pool.pending;
    if (running >= MAX_RUNNING_EXERCISES)
      throw new TahalufError(
        503,
        'exercises_busy',
        `${running} exercises are running (at most ${MAX_RUNNING_EXERCISES}): retry when one has finished`,
      ).withDetail({ running, max: MAX_RUNNING_EXERCISES });
  }

  /**
   * An instant exercise played in a worker thread (#16.4: a regional salvo held the event loop for
   * seconds): the same outputs as `startExercise(…, instant = true)`, delivered here afterwards, 20
   * per turn of the event loop.
   */
  async startInstantExercise(
    scenarioId: string,
    seed: number,
    speed = 10,
    drill?: { exerciseId: string; title: string },
    options: { sensorBias?: boolean } = {},
  ) {
    this.refuseWhenBusy();
    getScenario(scenarioId); // an unknown scenario is refused here, not in the worker
    const epochSim = Math.floor(this.deps.clock.now().getTime() / 1000);
    const id = `EX-${randomUUID().slice(0, 8)}`;
    const label = drill
      ? `${id} (drill for forces exercise ${drill.exerciseId}: ${drill.title})`
      : id;
    const played = this.pool.run({
      scenarioId,
      seed,
      epochSim,
      label,
      zoneMembers: this.network.members,
      clockOffsetMs: this.deps.clock.now().getTime() - Date.now(),
      ...(options.sensorBias ? { sensorBias: true } : {}),
    });
    this.emit({
      type: 'exercise',
      id,
      state: 'started',
      scenario: scenarioId,
      ...(drill ? { drill: drill.exerciseId } : {}),
    });
    const r = await played;
    const ex: Exercise = {
      id,
      scenario: scenarioId,
      engine: null,
      snapshot: r.snapshot,
      reports: [],
      next: 0,
      epochWall: Date.now(),
      epochSim,
      speed,
      end: r.end,
      truth: r.truth,
    };
    this.exercises.set(id, ex);
    for (let i = 0; i < r.outputs.length; i++) {
      this.deliver(r.outputs[i], true);
      if (i % 20 === 19) {
        // Let the CAP deliveries queued so far run, then the rest of the node.
        await this.settled();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.finishExercise(ex);
    return {
      id,
      scenario: scenarioId,
      seed,
      speed,
      launches: r.launches,
      reports: r.reports,
      epoch: epochSim,
      end: r.end,
      status: 'Exercise' as const,
      note: label,
    };
  }

  private stepExercise(ex: Exercise, simNow: number) {
    const engine = ex.engine!;
    while (ex.next < ex.reports.length && ex.reports[ex.next].arrival <= simNow) {
      const { arrival: _a, truth: _t, ...wire } = ex.reports[ex.next++];
      engine.ingest(wire, simNow);
    }
    this.deliver(engine.flush(simNow), true);
  }

  private finishExercise(ex: Exercise) {
    if (ex.timer) clearInterval(ex.timer);
    ex.timer = undefined;
    // The simulated reports are no longer needed once played: free them (the picture keeps the engine).
    ex.reports = [];
    this.emit({ type: 'exercise', id: ex.id, state: 'finished', scenario: ex.scenario });
    this.pruneExercises();
  }

  /** Keeps at most MAX_RETAINED_EXERCISES finished exercises (the oldest go first); running ones stay. */
  private pruneExercises() {
    const finished = [...this.exercises.values()].filter((e) => !e.timer);
    for (const old of finished.slice(0, Math.max(0, finished.length - MAX_RETAINED_EXERCISES)))
      this.exercises.delete(old.id);
  }

  /** Load and shedding of the live engine (queue, tentative tracks, rate-limited and shed reports). */
  status() {
    return { live: this.live.load(), latencyMs: this.latencyMs.slice(-100) };
  }

  /** The regional picture for the console. */
  picture() {
    const sources: [string, EngineSnapshot, Exercise | null][] = [
      ['live', engineSnapshot(this.live), null],
      ...[...this.exercises.values()].map((e): [string, EngineSnapshot, Exercise] => [
        e.id,
        e.snapshot ?? engineSnapshot(e.engine!),
        e,
      ]),
    ];
    return {
      network: this.network,
      log: this.log.slice(-100),
      sources: sources.map(([id, snap, ex]) => ({
        id,
        running: ex ? !!ex.timer : true,
        scenario: ex?.scenario ?? null,
        simTime: ex
          ? Math.min(ex.epochSim + ((Date.now() - ex.epochWall) / 1000) * ex.speed, ex.end)
          : this.deps.clock.now().getTime() / 1000,
        ...snap,
      })),
    };
  }

  stop() {
    this.capRelay.stop();
    for (const ex of this.exercises.values()) if (ex.timer) clearInterval(ex.timer);
    void this.pool.close();
  }
}

/** POSTs a CAP document to a webhook, retrying with exponential backoff (0.5, 1, 2, 4 s). */
export async function postWithRetries(
  url: string,
  xml: string,
  attempts = 5,
  fetchFn: WebhookPost = fetch,
): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      const r = await fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/cap+xml' },
        body: xml,
        signal: AbortSignal.timeout(5000),
      });
      if (r.ok) return true;
    } catch {
      /* retry */
    }
    if (i < attempts - 1) await new Promise((res) => setTimeout(res, 500 * 2 ** i));
  }
  return false;
}
