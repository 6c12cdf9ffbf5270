import { FusionEngine, type FusionOutput } from './fusion-engine.js';

/** What delivery (stream, CAP, bus, Atom) needs of an engine's output: lean enough to cross threads. */
export interface DeliverableOutput {
  events: Pick<FusionOutput['events'][number], 'track' | 'status' | 'time' | 'x'>[];
  threats: FusionOutput['threats'];
  caps: FusionOutput['caps'];
}
import { getNetwork, getScenario, scenarioLaunches } from './scenarios.js';
import { simulateExercise } from './simulator.js';
import { DEFAULT_SENSOR_BIAS, defaultTrackerConfig, type TrackerConfig } from './tracker-config.js';
import { WarningZones } from './warning-zones.js';

/** What the regional picture shows of one fusion engine (live or an exercise's). */
export function engineSnapshot(e: FusionEngine) {
  const shared = e.tracker.sharedSources();
  return {
    accepted: e.accepted,
    rejected: e.rejected,
    load: e.load(),
    tracks: [...e.tracker.tracks.values()]
      .filter((t) => t.status === 'confirmed')
      .map((t) => ({
        id: t.id,
        time: t.t,
        x: t.x.slice(0, 3),
        boosting: e.tracker.isBoosting(t),
        /** Members' local tracks fused into it (`member/track`, POST /api/warning/tracks). */
        shared: shared.get(t.id) ?? [],
      })),
    threats: [...e.threats.values()].map((t) => ({
      id: t.id,
      time: t.time,
      impact: { lat: t.estimate.lat, lon: t.estimate.lon, time: t.estimate.time },
      polygon: t.estimate.polygon,
      areaKm2: t.estimate.areaKm2,
      members: t.members,
      launch: t.estimate.launch,
    })),
    alerts: e.issuer.activeAlerts(),
  };
}
export type EngineSnapshot = ReturnType<typeof engineSnapshot>;

/** An instant exercise to play from start to end (plain data: it crosses to a worker thread). */
export interface InstantExerciseInput {
  scenarioId: string;
  seed: number;
  /** Exercise time at the start (s since the epoch). */
  epochSim: number;
  /** The exercise label for CAP <note>. */
  label: string;
  /** Members of the node's warning zones. */
  zoneMembers: string[];
  /** The node's clock minus Date.now() at the start (ms), for CAP `sent` times. */
  clockOffsetMs: number;
  /** Sensor-bias estimation in the exercise's tracker (`exerciseTrackerConfig`). */
  sensorBias?: boolean;
}

/**
 * The tracker of an exercise's engine: the defaults, with sensor-bias estimation (#18.8) when asked
 * (`sensorBias` in POST /api/warning/exercises; the live engine always runs with it). Off by
 * default, so exercises and their documented scores stay as they were.
 */
export function exerciseTrackerConfig(sensorBias = false): TrackerConfig {
  return sensorBias
    ? { ...defaultTrackerConfig(), sensorBias: { ...DEFAULT_SENSOR_BIAS } }
    : defaultTrackerConfig();
}

export interface InstantExerciseResult {
  launches: number;
  reports: number;
  end: number;
  truth: {
    id: string;
    launch: { lat: number; lon: number };
    impact: { lat: number; lon: number };
    impactTime: number;
  }[];
  /** Every non-empty output of the engine, in order, for delivery (stream, CAP, bus, Atom). */
  outputs: DeliverableOutput[];
  snapshot: EngineSnapshot;
}

/**
 * Simulates an exercise and plays all of it through its own fusion engine, as `startExercise` does
 * with `instant`, but as a pure computation that returns what to deliver: seconds of CPU for a
 * regional salvo, so it runs in a worker thread (`exercise-pool.ts`).
 */
export function playInstantExercise(input: InstantExerciseInput): InstantExerciseResult {
  const sc = getScenario(input.scenarioId);
  const net = getNetwork(sc.network);
  const launches = scenarioLaunches(sc, net.members, input.seed);
  const sim = simulateExercise(net, launches, {
    seed: input.seed,
    epoch: input.epochSim,
    clutterScale: sc.clutterScale,
  });
  const engine = new FusionEngine({
    members: net.members,
    tracker: exerciseTrackerConfig(input.sensorBias),
    zones: new WarningZones(input.zoneMembers),
    status: 'Exercise',
    sender: 'tahaluf-ew-exercise@secretariat',
    exercise: input.label,
    wallClock: () => Date.now() + input.clockOffsetMs,
  });
  const end = sim.end + 90;
  const outputs: DeliverableOutput[] = [];
  let next = 0;
  for (let t = input.epochSim; t <= end; t += 0.5) {
    while (next < sim.reports.length && sim.reports[next].arrival <= t) {
      const { arrival: _a, truth: _t, ...wire } = sim.reports[next++];
      engine.ingest(wire, t);
    }
    const out = engine.flush(t);
    // Tentative tracks are not shown; of the rest, the position only (no covariance).
    const events = out.events
      .filter((e) => e.status !== 'tentative')
      .map((e) => ({ track: e.track, status: e.status, time: e.time, x: e.x.slice(0, 3) }));
    if (events.length || out.threats.length || out.caps.length)
      outputs.push({ events, threats: out.threats, caps: out.caps });
  }
  return {
    launches: launches.length,
    reports: sim.reports.length,
    end,
    truth: sim.trajectories.map((tr) => ({
      id: tr.spec.id,
      launch: tr.spec.launch,
      impact: tr.impact,
      impactTime: input.epochSim + tr.spec.t0 + tr.flightTime,
    })),
    outputs,
    snapshot: engineSnapshot(engine),
  };
}
