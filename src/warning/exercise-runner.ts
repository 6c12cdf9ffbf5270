import { ringContains } from './impact-predictor.js';
import { FusionEngine, type FusionOptions } from './fusion-engine.js';
import { simulateExercise, type ExerciseOutput, type SimOptions } from './simulator.js';
import type { SensorNetwork } from './sensor-model.js';
import type { LaunchSpec } from './trajectory.js';
import type { CapMessage } from './cap-message.js';
import { ringAreaKm2 } from './impact-predictor.js';

export interface LaunchOutcome {
  launch: string;
  rangeKm: number;
  profile: string;
  flightTimeS: number;
  /** Seconds after launch of the first message whose area covered the true impact point (null: never). */
  firstCoverS: number | null;
  coverFraction: number | null;
  warnedBeforeImpact: boolean;
  /** Covering warnings' area / their confidence-ellipse area (over-warning), first and last. */
  overWarningFirst: number | null;
  overWarning: number | null;
  /** The target state whose authority was warned, if inside a member's territory. */
  members: string[];
}

export interface ExerciseResult {
  sim: ExerciseOutput;
  outcomes: LaunchOutcome[];
  caps: CapMessage[];
  engine: FusionEngine;
  /** Per processed batch: wall-clock ms from the batch's oldest arrival to CAP issued (only batches that issued CAP). */
  capLatencyMs: number[];
  /** The same in process CPU time (robust on a shared machine). */
  capLatencyCpuMs: number[];
  /** Track id → launch id (or 'clutter') → number of that launch's reports that updated the track. */
  trackTruth: Map<string, Map<string, number>>;
  /** Threat id → the tracks whose estimates it carried. */
  threatTracks: Map<string, Set<string>>;
}

/**
 * Plays an exercise through the fusion engine in arrival order (reports delivered every `stepS` of
 * exercise time), then scores every launch against the truth.
 */
export function runExercise(
  net: SensorNetwork,
  launches: LaunchSpec[],
  sim: SimOptions,
  engineOpts: Omit<FusionOptions, 'members'>,
  opts: {
    stepS?: number;
    onProgress?: (done: number, total: number) => void;
    tamper?: (report: object, k: number) => unknown[];
  } = {},
): ExerciseResult {
  const out = simulateExercise(net, launches, sim);
  const engine = new FusionEngine({ ...engineOpts, members: net.members });
  const caps: CapMessage[] = [];
  const ellipse = new Map<string, number>();
  const latency: number[] = [];
  const latencyCpu: number[] = [];
  const ellipseOf = new Map<CapMessage, number>();
  const step = opts.stepS ?? 0.5;
  const truthOf = new Map<string, string>();
  for (const rep of out.reports) if (rep.id && rep.truth) truthOf.set(rep.id, rep.truth);
  const trackTruth = new Map<string, Map<string, number>>();
  const threatTracks = new Map<string, Set<string>>();
  let i = 0;
  // Run past the last impact until every alert has had its all-clear.
  for (
    let now = out.epoch;
    now <= out.end + 60 || (engine.issuer.activeAlerts().length > 0 && now < out.end + 4000);
    now += step
  ) {
    while (i < out.reports.length && out.reports[i].arrival <= now) {
      const { arrival: _a, truth: _t, ...wire } = out.reports[i++];
      for (const rep of opts.tamper ? opts.tamper(wire, i) : [wire]) engine.ingest(rep, now);
    }
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = engine.flush(now);
    const cpu = process.cpuUsage(c0);
    for (const th of r.threats) {
      ellipse.set(th.id, th.estimate.ellipseAreaKm2);
      const tracks = threatTracks.get(th.id) ?? new Set<string>();
      threatTracks.set(th.id, tracks.add(th.track));
    }
    for (const ev of r.events) {
      if (ev.report === undefined) continue;
      const label = truthOf.get(ev.report) ?? 'clutter';
      const counts = trackTruth.get(ev.track) ?? new Map<string, number>();
      trackTruth.set(ev.track, counts.set(label, (counts.get(label) ?? 0) + 1));
    }
    if (r.caps.length) {
      latency.push(performance.now() - t0);
      latencyCpu.push((cpu.user + cpu.system) / 1000);
    }
    for (const c of r.caps) {
      caps.push(c);
      ellipseOf.set(c, ellipse.get(c.threatId) ?? NaN);
    }
    opts.onProgress?.(i, out.reports.length);
  }
  const outcomes = out.trajectories.map((tr): LaunchOutcome => {
    const launchS = out.epoch + tr.spec.t0;
    const impactMs = (launchS + tr.flightTime) * 1000;
    const covering = caps.filter(
      (c) =>
        c.msgType !== 'Cancel' &&
        c.sent >= launchS * 1000 &&
        c.sent <= impactMs &&
        ringContains(c.polygon, tr.impact.lat, tr.impact.lon),
    );
    const first = covering[0];
    const last = covering[covering.length - 1];
    const ell = last ? ellipseOf.get(last) : undefined;
    const firstCoverS = first ? first.sent / 1000 - launchS : null;
    return {
      launch: tr.spec.id,
      rangeKm: tr.rangeKm,
      profile: tr.spec.profile,
      flightTimeS: tr.flightTime,
      firstCoverS,
      coverFraction: firstCoverS === null ? null : firstCoverS / tr.flightTime,
      warnedBeforeImpact: !!first,
      overWarningFirst:
        first && ellipseOf.get(first) ? ringAreaKm2(first.polygon) / ellipseOf.get(first)! : null,
      overWarning: last && ell ? ringAreaKm2(last.polygon) / ell : null,
      members: [...new Set(covering.map((c) => c.member))],
    };
  });
  return {
    sim: out,
    outcomes,
    caps,
    engine,
    capLatencyMs: latency,
    capLatencyCpuMs: latencyCpu,
    trackTruth,
    threatTracks,
  };
}
