// #18: the IMM (boost / free flight / re-entry) with each association — GNN, JPDA (IMM-JPDA) and MHT
// (a full IMM per hypothesis) — on a seeded ballistic shot in clutter: detections/s per core (process
// CPU time, the three in the same run) and the tracks' accuracy; the single EKF with the same
// associations as a reference. `npm run bench -- warning-imm-association`.
import { loadavg } from 'node:os';
import type { Measurement } from '../src/warning/measurement.js';
import { parseTrackerConfig, type TrackerConfig } from '../src/warning/tracker-config.js';
import {
  ballisticClutterScenario,
  clutterDensity,
  DEFAULT_BALLISTIC_CLUTTER,
  runBallisticClutter,
  type BallisticClutterScenario,
} from '../src/warning/tracking/ballistic-clutter.js';
import { createTracker } from '../src/warning/tracking/create-tracker.js';
import { cpuMs, fmt, table } from './support.js';

const SEEDS = (process.env.TAHALUF_BENCH_IMM_SEEDS ?? '1,2,3').split(',').map(Number);
const CLUTTER = Number(process.env.TAHALUF_BENCH_IMM_CLUTTER ?? 4);
const METHODS = ['gnn', 'jpda', 'mht'] as const;

/** The tracker alone over every scan (processScan + prune), CPU ms. */
function cpuOf(scans: Measurement[][], config: TrackerConfig): number {
  const tk = createTracker(config);
  const c0 = process.cpuUsage();
  for (const scan of scans) {
    tk.processScan(scan);
    tk.prune(scan[0].time);
  }
  return cpuMs(process.cpuUsage(c0));
}

export default async function run(): Promise<string> {
  const loads = [loadavg()[0]];
  const t0 = Date.now();
  const o0 = { ...DEFAULT_BALLISTIC_CLUTTER, clutterRate: CLUTTER };
  const scenarios: BallisticClutterScenario[] = SEEDS.map((seed) =>
    ballisticClutterScenario({ ...o0, seed }),
  );
  const detections = scenarios.reduce((a, s) => a + s.detections, 0);
  const config = (filter: 'imm' | 'ekf', method: (typeof METHODS)[number]) =>
    parseTrackerConfig({
      filter,
      association: { method, jpda: { pD: o0.pD, clutterDensity: clutterDensity(o0) } },
    });
  // JIT warm-up: one pass of every configuration over another seed.
  const warm = ballisticClutterScenario({ ...o0, seed: 99 });
  for (const filter of ['imm', 'ekf'] as const)
    for (const method of METHODS) cpuOf(warm.scans, config(filter, method));
  // Throughput: per configuration the best of 3 passes over all seeds, passes interleaved across
  // configurations so the machine's other tenants weigh on each alike.
  const best = new Map<string, number>();
  for (let pass = 0; pass < 3; pass++) {
    for (const filter of ['imm', 'ekf'] as const)
      for (const method of METHODS) {
        const key = `${filter}-${method}`;
        const ms = scenarios.reduce((a, s) => a + cpuOf(s.scans, config(filter, method)), 0);
        best.set(key, Math.min(best.get(key) ?? Infinity, ms));
      }
    loads.push(loadavg()[0]);
  }
  // Accuracy: scored runs (not timed).
  const rows: (string | number)[][] = [];
  for (const filter of ['imm', 'ekf'] as const)
    for (const method of METHODS) {
      const runs = scenarios.map((s) =>
        runBallisticClutter(s, config(filter, method), { settleS: 60 }),
      );
      const mean = (f: (r: (typeof runs)[number]) => number) =>
        runs.reduce((a, r) => a + f(r), 0) / runs.length;
      const cpu = best.get(`${filter}-${method}`)!;
      const label = `${filter === 'imm' ? '**IMM**' : 'EKF'} + ${method.toUpperCase()}`;
      rows.push([
        label,
        `**${fmt(detections / (cpu / 1000), 0)}**`,
        fmt(cpu / 1000, 2),
        fmt(
          mean((r) => r.rmseM),
          0,
        ),
        fmt(
          mean((r) => r.coverage),
          3,
        ),
        fmt(
          mean((r) => r.falseTracks),
          1,
        ),
        fmt(
          mean((r) => r.truthTracks),
          1,
        ),
        runs[0].modeMatch
          ? `${fmt(
              mean((r) => r.modeMatch!.boost),
              2,
            )} / ${fmt(
              mean((r) => r.modeMatch!.ballistic),
              2,
            )} / ${fmt(
              mean((r) => r.modeMatch!.reentry),
              2,
            )}`
          : '—',
      ]);
    }
  loads.push(loadavg()[0]);
  const imm = (m: string) => best.get(`imm-${m}`)!;
  return [
    '### IMM with GNN, JPDA and MHT on a ballistic shot in clutter (#18)',
    '',
    `Tracker config \`filter: 'imm'\` with \`association.method\` \`gnn\`, \`jpda\` (IMM-JPDA: joint events weighted by the IMM's mode-mixed likelihood Σⱼ μⱼ⁻·N(ν_j; 0, S_j), each mode updated with its own mode-conditioned association probabilities, \`src/warning/tracking/imm-pda.ts\`) or \`mht\` (every hypothesis a full IMM, scored by that likelihood). Scenario (\`src/warning/tracking/ballistic-clutter.ts\`, seeds ${SEEDS.join(', ')}): one 1,000 km-class minimum-energy shot (20°N 45°E → 24°N 52°E, re-entry drag β 5,000 kg/m²), a scan every 2 s from 10 s after launch to impact (264 scans), the missile detected with P_D ${o0.pD}, isotropic ECEF noise σ ${o0.sigmaM} m, and Poisson clutter, ${CLUTTER} reports a scan uniform in a 20 km cube centred on the missile (density ${clutterDensity(o0).toExponential(2)} m⁻³, the value JPDA and MHT are given); ${detections} detections in all. Default tracker settings otherwise (gate 0.9995, M-of-N 3/5, single-point initiation at zero velocity with σ 3,000 m/s, MHT 10 hypotheses per track and 3-scan pruning).`,
    '',
    `Throughput: the tracker library alone (\`createTracker\`, processScan + prune per scan), process CPU time over the ${SEEDS.length} seeds, best of 3 passes after a warm-up, the configurations interleaved in each pass, one thread. Accuracy (separate, untimed runs, mean over seeds): position RMSE of the nearest confirmed track within 3 km of the missile, and the share of scans with one, from 70 s after launch (60 s after the first report) to impact; confirmed tracks never within 3 km of the missile (false tracks) and those that were (the missile's track and clutter tracks that passed near it); the mean probability of the true phase's mode (boost; free flight; re-entry below 80 km, descending) on the missile's track.`,
    '',
    table(
      [
        'filter + association',
        'detections/s per core',
        'CPU s',
        'RMSE, m',
        'coverage',
        'false tracks',
        'tracks near the missile',
        'μ of the true mode: boost / free flight / re-entry',
      ],
      rows,
    ),
    '',
    `Same run, CPU-time ratios: IMM-JPDA costs ${fmt(imm('jpda') / imm('gnn'), 2)}× IMM-GNN and IMM-MHT ${fmt(imm('mht') / imm('gnn'), 1)}× (the MHT predicts every hypothesis' three modes at every scan, and every report starts a hypothesis tree; the IMM's prediction with drag is most of its cost). ${((Date.now() - t0) / 1000).toFixed(0)} s wall; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on this machine (2 cores shared), so CPU time, not wall time, is the measure.`,
    '',
    "JPDA before 4 Dec 2026 21:30Z (run 18:48Z, same scenario and seeds): tentative tracks took the JPDA mixture, whose spread over the clutter in a new track's wide gate kept them wide, so clutter kept confirming them: 66 false tracks with the IMM and 66.3 with the EKF (GNN 24.7 and 21.7), at 4,539 and 9,872 detections/s per core (the clutter's tentative tracks also made the JPDA clusters large). Tentative tracks are now associated by GNN on the reports the confirmed tracks leave (`src/warning/tracking/jpda-false-tracks.test.ts`).",
  ].join('\n');
}
