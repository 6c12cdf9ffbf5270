// Early-warning acceptance figures: recall and timeliness over many simulated launches, filter
// consistency (NEES) and error vs the posterior Cramér–Rao bound, tracker throughput vs a simple
// baseline, report→CAP latency. Everything runs on the illustrative simulator (data/warning/).
import { cpus, loadavg } from 'node:os';
import { runExercise, type LaunchOutcome } from '../src/warning/exercise-runner.js';
import {
  generatedScenario,
  getNetwork,
  scenarioLaunches,
  type Scenario,
} from '../src/warning/scenarios.js';
import { simulateExercise } from '../src/warning/simulator.js';
import { checkReport, type Measurement } from '../src/warning/measurement.js';
import { Tracker } from '../src/warning/tracker.js';
import { ReferenceTracker } from './warning-tracker-reference.js';
import { defaultTrackerConfig, parseTrackerConfig } from '../src/warning/tracker-config.js';
import { planTrajectory, referenceShot } from '../src/warning/trajectory.js';
import { ballisticModel } from '../src/warning/motion-models.js';
import { chi2Inv } from '../src/warning/chi-square.js';
import { Prng } from '../src/warning/prng.js';
import { openTestNode } from '../src/app/testing.js';
import { ManualClock } from '../src/core/clock.js';
import { warningService } from '../src/warning/module.js';
import { add, invSpd, mul, transpose, diag, type Mat } from '../src/warning/linalg.js';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const net = getNetwork('gulf-illustrative');

function recallSection(budgetMs: number): string {
  const outcomes: LaunchOutcome[] = [];
  const latencies: number[] = [];
  const latCpu: number[] = [];
  const t0 = Date.now();
  let seed = 100,
    reports = 0,
    rejected = 0;
  while (Date.now() - t0 < budgetMs) {
    const sc = generatedScenario(net.id);
    const r = runExercise(
      net,
      scenarioLaunches(sc, net.members, seed),
      { seed, epoch: 1.75e9 },
      { tracker: defaultTrackerConfig() },
    );
    outcomes.push(...r.outcomes);
    latencies.push(...r.capLatencyMs);
    latCpu.push(...r.capLatencyCpuMs);
    reports += r.sim.reports.length;
    rejected += Object.values(r.engine.rejected).reduce((a, b) => a + (b ?? 0), 0);
    seed++;
  }
  const warned = outcomes.filter((o) => o.warnedBeforeImpact);
  const bands: [number, number][] = [
    [300, 600],
    [600, 1000],
    [1000, 2000],
    [2000, 3000],
  ];
  const rows = bands.map(([a, b]) => {
    const os = warned.filter((o) => o.rangeKm >= a && o.rangeKm < b);
    const f = os.map((o) => o.coverFraction! * 100);
    const ow = os.map((o) => o.overWarningFirst ?? NaN).filter(Number.isFinite);
    const owl = os.map((o) => o.overWarning ?? NaN).filter(Number.isFinite);
    return `| ${a}–${b} km | ${os.length} | ${pct(f, 0.5).toFixed(1)}% | ${pct(f, 0.9).toFixed(1)}% | ${Math.max(...f).toFixed(1)}% | ${pct(ow, 0.5).toFixed(0)} | ${pct(owl, 0.5).toFixed(2)} |`;
  });
  const all = warned.map((o) => o.coverFraction! * 100);
  return [
    `### Recall and timeliness`,
    ``,
    `${outcomes.length} simulated launches in ${seed - 100} exercises of 6 near-simultaneous launches (300–3,000 km, minimum-energy/lofted/depressed, clutter, Pd 0.9 radars, network delay, sensor bias), ${reports} reports, ${rejected} rejected. This is a quick single-thread sample to go with the latency figures; **the acceptance run over 1,002 launches on both cores is the \`warning-recall\` section** (\`npm run bench -- warning-recall\`, about 5 minutes).`,
    ``,
    `- **Recall: ${warned.length}/${outcomes.length} = ${((warned.length / outcomes.length) * 100).toFixed(1)}%** of true impact points inside a warned area before impact (target 100%).`,
    `- First covering warning, % of flight time after launch: median **${pct(all, 0.5).toFixed(1)}%** (target ≤ 20%), max **${Math.max(...all).toFixed(1)}%** (target ≤ 40%).`,
    `- Report→CAP processing latency, per delivery batch that issued CAP (validation, tracking, impact prediction, zones, CAP build; in-process, storage/bus/webhooks run after): CPU time p50 ${pct(latCpu, 0.5).toFixed(1)} ms, **p99 ${pct(latCpu, 0.99).toFixed(1)} ms** (target < 50 ms); wall-clock on this shared machine (load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores) p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms. A batch holds every report that arrived in 0.5 s of exercise time.`,
    ``,
    `| range | launches warned | median first warning | p90 | max | over-warning at first warning (area / 99% ellipse), median | at last warning |`,
    `|---|---|---|---|---|---|---|`,
    ...rows,
    ``,
    `Over-warning at the first warning is large by design: while a missile is still under power the area is stretched over every burnout speed up to 5.5 km/s along its heading; it collapses to ≈1 (the 99% ellipse plus a 2 km floor) once the track is ballistic.`,
  ].join('\n');
}

function neesSection(runs: number): string {
  const tr = planTrajectory(referenceShot());
  const sigma = 300,
    dt = 4;
  const lines: string[] = [];
  for (const filter of ['ekf', 'ukf'] as const) {
    const cfg = parseTrackerConfig({
      model: 'ballistic',
      filter,
      processNoise: { q: 1e-4 },
      initiation: { m: 1, n: 1, velocitySigma: 3000 },
    });
    const rng = new Prng(filter === 'ekf' ? 1 : 2);
    let nees = 0,
      se = 0,
      n = 0,
      tEnd = 0;
    for (let k = 0; k < runs; k++) {
      const tk = new Tracker(cfg);
      for (let t = tr.tb + 10; t <= tr.tb + 200; t += dt) {
        const s = tr.stateAt(t)!;
        tk.processScan([
          {
            sensor: 'r',
            time: t,
            z: [0, 1, 2].map((i) => s[i] + rng.normal() * sigma),
            R: diag([sigma ** 2, sigma ** 2, sigma ** 2]),
            boost: false,
          },
        ]);
      }
      const [track] = [...tk.tracks.values()];
      tEnd = track.t;
      const e = track.x.map((v, i) => v - tr.stateAt(track.t)![i]);
      const Pi = invSpd(track.P);
      nees += e.reduce((s, ei, i) => s + ei * Pi[i].reduce((q, p, j) => q + p * e[j], 0), 0);
      se += e[0] ** 2 + e[1] ** 2 + e[2] ** 2;
      n++;
    }
    // PCRLB for zero process noise and linear position measurements: information recursion along the truth.
    let J: Mat = invSpd(
      diag([sigma ** 2, sigma ** 2, sigma ** 2, 3000 ** 2, 3000 ** 2, 3000 ** 2]),
    );
    const HtRH = diag([1 / sigma ** 2, 1 / sigma ** 2, 1 / sigma ** 2, 0, 0, 0]);
    for (let t = tr.tb + 10 + dt; t <= tEnd + 1e-9; t += dt) {
      const F = ballisticModel.F(tr.stateAt(t - dt)!, dt);
      J = add(
        invSpd(
          add(mul(mul(F, invSpd(J)), transpose(F)), diag([1e-9, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9])),
        ),
        HtRH,
      );
    }
    const crlb = invSpd(J);
    const bound = Math.sqrt(crlb[0][0] + crlb[1][1] + crlb[2][2]);
    const rmse = Math.sqrt(se / n);
    const anees = nees / n;
    const lo = chi2Inv(0.025, 6 * runs) / runs,
      hi = chi2Inv(0.975, 6 * runs) / runs;
    lines.push(
      `| ${filter.toUpperCase()} | ${runs} | ${anees.toFixed(2)} | [${lo.toFixed(2)}, ${hi.toFixed(2)}] | ${anees >= lo && anees <= hi ? 'yes' : 'no'} | ${rmse.toFixed(1)} m | ${bound.toFixed(1)} m | ${(rmse / bound).toFixed(2)}× |`,
    );
  }
  return [
    `### Filter consistency and accuracy`,
    ``,
    `Monte Carlo on one 1,000 km-class minimum-energy trajectory (free flight, 190 s of ECEF position reports every ${dt} s with σ = ${sigma} m per axis, no bias; the ballistic model with J2 and Earth rotation; process noise q = 1e-4 m²/s³). NEES of the 6-D state at the last update; 95% two-sided chi-square bounds for the average. PCRLB by the information recursion along the true trajectory with the same prior.`,
    ``,
    `| filter | runs | average NEES | 95% bounds | inside | position RMSE | √PCRLB (position) | ratio (target ≤ 1.5×) |`,
    `|---|---|---|---|---|---|---|---|`,
    ...lines,
  ].join('\n');
}

function throughputSection(): string {
  const sc = generatedScenario(net.id, { count: 40, windowS: 600, clutterScale: 3 });
  const sim = simulateExercise(net, scenarioLaunches(sc, net.members, 9), {
    seed: 9,
    epoch: 1.75e9,
    clutterScale: 3,
  });
  const items: { m: Measurement; arrival: number }[] = [];
  for (const r of sim.reports) {
    const c = checkReport(r);
    if (c.ok) items.push({ m: c.m, arrival: r.arrival });
  }
  // Delivered as FusionEngine.flush sees them: 0.5 s arrival windows, sorted by measurement time inside each.
  const scans: Measurement[][] = [];
  let i = 0;
  for (let w = sim.epoch; i < items.length; w += 0.5) {
    const batch: Measurement[] = [];
    while (i < items.length && items[i].arrival <= w) batch.push(items[i++].m);
    batch.sort(
      (a, b) => a.time - b.time || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0),
    );
    for (const m of batch) {
      const last = scans[scans.length - 1];
      if (last && last[0].sensor === m.sensor && last[0].time === m.time) last.push(m);
      else scans.push([m]);
    }
  }
  const time = (cfg: ReturnType<typeof parseTrackerConfig>, reference = false) => {
    const tk = reference ? new ReferenceTracker(cfg) : new Tracker(cfg);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const s of scans) {
      tk.processScan(s);
      tk.prune();
    }
    const c = process.cpuUsage(c0);
    return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0, stats: tk.stats };
  };
  // Best of 3 (after a JIT warm-up): contention from other processes only ever slows a run down.
  // Runs are interleaved (before, after, baseline, …) so a burst of load from other processes hits all alike.
  const cfgE = defaultTrackerConfig(),
    cfgU = parseTrackerConfig({ model: 'ballistic', filter: 'ukf' });
  const cfgB = parseTrackerConfig({
    model: 'cv3',
    processNoise: { q: 100 },
    initiation: { m: 3, n: 5, velocitySigma: 3000 },
  });
  time(cfgE);
  time(cfgE, true);
  const runs: Record<
    'before' | 'full' | 'ukfBefore' | 'ukf' | 'baseBefore' | 'base',
    ReturnType<typeof time>[]
  > = { before: [], full: [], ukfBefore: [], ukf: [], baseBefore: [], base: [] };
  for (let r = 0; r < 3; r++) {
    runs.before.push(time(cfgE, true));
    runs.full.push(time(cfgE));
    runs.base.push(time(cfgB));
    runs.baseBefore.push(time(cfgB, true));
    runs.ukfBefore.push(time(cfgU, true));
    runs.ukf.push(time(cfgU));
  }
  const pick = (xs: ReturnType<typeof time>[]) => xs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
  const full = pick(runs.full),
    ukf = pick(runs.ukf),
    base = pick(runs.base);
  const before = pick(runs.before),
    ukfBefore = pick(runs.ukfBefore),
    baseBefore = pick(runs.baseBefore);
  const same =
    JSON.stringify(full.stats) === JSON.stringify(before.stats) &&
    JSON.stringify(ukf.stats) === JSON.stringify(ukfBefore.stats) &&
    JSON.stringify(base.stats) === JSON.stringify(baseBefore.stats);
  const rate = (ms: number) => Math.round(items.length / (ms / 1000)).toLocaleString('en');
  const row = (name: string, x: ReturnType<typeof time>) =>
    `| ${name} | **${rate(x.cpuMs)}** | ${rate(x.wallMs)} | ${x.stats.oosm} | ${x.stats.confirmed} |`;
  return [
    `### Tracker throughput`,
    ``,
    `Busy scenario: 40 launches over 10 minutes, triple clutter, ${items.length} detections (${scans.length} scans) delivered in 0.5 s arrival windows as the fusion engine does; late reports across windows are fused by re-processing. Single thread on ${cpus()[0]?.model ?? 'CPU'}; the machine is shared (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores during this run), so the per-core figure uses the process's CPU time (user + system, including GC threads), best of 3 interleaved runs; wall-clock of that run is given beside it. Before the optimisation, the EKF figure ranged from about 35,000 to 55,000 across runs on this machine (48,258 in the last recorded run).`,
    ``,
    `| tracker | detections/s per core (CPU time) | detections/s (wall, shared machine) | OOSM re-processed | tracks confirmed |`,
    `|---|---|---|---|---|`,
    row('**ballistic ECEF + EKF + GNN (Hungarian) + M-of-N + OOSM** (optimised)', full),
    row('same, before optimisation (reference copy)', before),
    row('ballistic ECEF + UKF, same (optimised)', ukf),
    row('ballistic ECEF + UKF, before optimisation', ukfBefore),
    row('baseline: constant-velocity 3-D linear KF, same association (optimised)', base),
    row('baseline, before optimisation', baseBefore),
    ``,
    `Target: 50,000 detections/s per core. EKF after/before in this run: **×${(before.cpuMs / full.cpuMs).toFixed(2)}**; UKF ×${(ukfBefore.cpuMs / ukf.cpuMs).toFixed(2)}; baseline ×${(baseBefore.cpuMs / base.cpuMs).toFixed(2)}. The baseline is cheaper per prediction but, with no gravity, confirms many more broken tracks (${base.stats.confirmed} vs ${full.stats.confirmed}).`,
    ``,
    `The optimisation (found with \`node --cpu-prof\` on this scenario: about a fifth of the time was garbage collection of small matrices) replaced, on the tracker's hot path, the fine gate's innovation matrices and Cholesky factor, the update's S⁻¹/gain/K·S products and the prediction's F·P product by preallocated scratch buffers (\`gateD2\`, \`updateState\`, \`propagateCovariance\` in \`src/warning/kalman.ts\`), builds the gate cost row only for tracks with a measurement in their gate, allocates the Hungarian solver's work arrays once per assignment instead of once per row, builds the ballistic Jacobian in a scratch matrix, and replaced a linear \`includes\` over gated tracks by a set. Every floating-point operation is the same and in the same order, so the tracks are bit-for-bit identical: \`src/warning/tracker-equivalence.slow.test.ts\` compares every event and final track of the optimised tracker with the pre-optimisation one (\`bench/warning-tracker-reference.ts\`, a verbatim copy of tracker, Kalman functions, assignment and motion models as of commit c6f29f2) for EKF, UKF and CV, and this run's statistics (measurements assigned, OOSM, initiated, confirmed, deleted, merged) are ${same ? 'identical' : '**NOT identical**'} for before and after.`,
  ].join('\n');
}

export async function embeddedLatencySection(): Promise<string> {
  const clock = new ManualClock(1.75e12);
  const node = await openTestNode({ clock });
  try {
    const svc = warningService(node);
    const sc: Scenario = {
      id: 'lat',
      name: 'lat',
      network: net.id,
      generator: {
        count: 6,
        rangeKm: [300, 3000],
        windowS: 60,
        profiles: ['minimum-energy', 'lofted', 'depressed'],
      },
    };
    const sim = simulateExercise(net, scenarioLaunches(sc, net.members, 77), {
      seed: 77,
      epoch: 1.75e9,
    });
    const wall: number[] = [],
      cpu: number[] = [];
    let k = 0,
      messages = 0;
    for (const r of sim.reports) {
      const { arrival, truth: _t, ...wire } = r;
      clock.set(arrival * 1000);
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      svc.ingest(wire);
      const out = svc.flushLive(); // what the scheduled flush does on the next tick
      const c = process.cpuUsage(c0);
      messages += out.caps.length;
      if (out.caps.length) {
        wall.push(performance.now() - t0);
        cpu.push((c.user + c.system) / 1000);
      }
      if (++k % 200 === 0) await svc.settled();
    }
    await svc.settled();
    return [
      `### Report → CAP latency in the embedded default node`,
      ``,
      `A secretariat node (SQLite in memory, in-process bus) through \`WarningService\`: ${sim.reports.length} reports of 6 simulated launches fed one at a time in arrival order, each processed immediately (validation, dedup, tracking, impact prediction, zones, CAP build, console stream); ${wall.length} of them produced CAP messages (${messages} messages). Storing, bus publication and webhooks follow asynchronously and are not in the figure.`,
      ``,
      `| | p50 | p99 | max | target |`,
      `|---|---|---|---|---|`,
      `| CPU time, ms | ${pct(cpu, 0.5).toFixed(1)} | **${pct(cpu, 0.99).toFixed(1)}** | ${Math.max(...cpu).toFixed(1)} | p99 < 50 ms |`,
      `| wall-clock, ms (shared machine, load ${loadavg()[0].toFixed(1)}) | ${pct(wall, 0.5).toFixed(1)} | ${pct(wall, 0.99).toFixed(1)} | ${Math.max(...wall).toFixed(1)} | |`,
      ``,
      `Baseline for comparison: the same reports through the exercise runner in 0.5 s batches (above) — batching amortises tracking but adds up to 0.5 s of holding time, which the per-report path avoids.`,
    ].join('\n');
  } finally {
    await node.close();
  }
}

export default async function run(): Promise<string> {
  return [
    '## Early warning (src/warning)',
    '',
    recallSection(30_000),
    '',
    await embeddedLatencySection(),
    '',
    neesSection(40),
    '',
    throughputSection(),
  ].join('\n');
}
