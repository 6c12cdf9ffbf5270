// Worker for bench/warning-recall.bench.ts: runs whole exercises (one seed each) as the parent hands
// out batches of seeds, and sends back per-launch outcomes plus the time it took. Deterministic per seed.
import { parentPort, workerData } from 'node:worker_threads';
import { runExercise } from '../src/warning/exercise-runner.js';
import { scoreByOwnThreat, type EarlyAllClear } from '../src/warning/exercise-scoring.js';
import { generatedScenario, getNetwork, scenarioLaunches } from '../src/warning/scenarios.js';
import { DEFAULT_SENSOR_BIAS, defaultTrackerConfig } from '../src/warning/tracker-config.js';

export interface RecallLaunch {
  seed: number;
  launch: string;
  rangeKm: number;
  profile: string;
  flightTimeS: number;
  coverFraction: number | null;
  warned: boolean;
  overWarningFirst: number | null;
  overWarning: number | null;
  /** Scored by the launch's own threats only (#18.5, #18.6). */
  own: {
    firstWarningFraction: number | null;
    atRisk: number;
    missed: number;
    falseAlarms: { member: string; alertS: number }[];
    earlyAllClears: number;
  };
}
/** busyMs: the worker's wall time on the batch (Node 20 has no per-thread CPU clock; process.cpuUsage counts every thread). */
export interface RecallBatchResult {
  seeds: number[];
  launches: RecallLaunch[];
  reports: number;
  rejected: number;
  reasons: Record<string, number>;
  busyMs: number;
  /** Threats carrying tracks of more than one missile. */
  mixedThreats: number;
  /** Each all-clear sent to a member at risk before the true impact, named by its seed (#18.3). */
  earlyAllClears: (EarlyAllClear & { seed: number })[];
}

const { launchesPerExercise, sensorBias } = workerData as {
  launchesPerExercise: number;
  /** The live engine's tracker (warning-service.ts): the default with sensor-bias estimation on. */
  sensorBias?: boolean;
};
const tracker = sensorBias
  ? { ...defaultTrackerConfig(), sensorBias: { ...DEFAULT_SENSOR_BIAS } }
  : defaultTrackerConfig();
const net = getNetwork('gulf-illustrative');
const scenario = generatedScenario(net.id, { count: launchesPerExercise });

parentPort!.on('message', (msg: { seeds: number[] } | 'stop') => {
  if (msg === 'stop') {
    parentPort!.close();
    return;
  }
  const t0 = performance.now();
  const out: RecallBatchResult = {
    seeds: msg.seeds,
    launches: [],
    reports: 0,
    rejected: 0,
    reasons: {},
    busyMs: 0,
    mixedThreats: 0,
    earlyAllClears: [],
  };
  for (const seed of msg.seeds) {
    const r = runExercise(
      net,
      scenarioLaunches(scenario, net.members, seed),
      { seed, epoch: 1.75e9 },
      { tracker },
    );
    out.reports += r.sim.reports.length;
    out.rejected += Object.values(r.engine.rejected).reduce((a, b) => a + (b ?? 0), 0);
    for (const [k, v] of Object.entries(r.engine.rejected))
      out.reasons[k] = (out.reasons[k] ?? 0) + (v ?? 0);
    const own = scoreByOwnThreat(r);
    out.mixedThreats += own.mixedThreats.length;
    for (const e of own.earlyAllClears) out.earlyAllClears.push({ seed, ...e });
    for (const o of r.outcomes) {
      const mine = own.outcomes.find((x) => x.launch === o.launch)!;
      out.launches.push({
        seed,
        launch: o.launch,
        rangeKm: o.rangeKm,
        profile: o.profile,
        flightTimeS: o.flightTimeS,
        coverFraction: o.coverFraction,
        warned: o.warnedBeforeImpact,
        overWarningFirst: o.overWarningFirst,
        overWarning: o.overWarning,
        own: {
          firstWarningFraction: mine.firstWarningFraction,
          atRisk: mine.atRisk.length,
          missed: mine.missed.length,
          falseAlarms: mine.falseAlarms,
          earlyAllClears: own.earlyAllClears.filter((e) => e.launch === o.launch).length,
        },
      });
    }
  }
  out.busyMs = performance.now() - t0;
  parentPort!.postMessage(out);
});
