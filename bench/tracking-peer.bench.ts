// #18: our tracker against Stone Soup (dstl/Stone-Soup) on the standard metrics — OSPA (c = 10 m,
// p = 1) and SIAP completeness / spuriousness / ambiguity — on our seeded multi-target 2-D
// constant-velocity scenario with clutter, both configured the same way, run in the same benchmark.
// Stone Soup is not part of this repository: set TAHALUF_STONESOUP_PATH to a source checkout
// (default ../Stone-Soup beside the repository); without it the peer is skipped with a message.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chi2Inv } from '../src/warning/chi-square.js';
import type { Measurement } from '../src/warning/measurement.js';
import { createTracker } from '../src/warning/tracking/create-tracker.js';
import { parseTrackerConfig, type TrackerConfig } from '../src/warning/tracker-config.js';
import { runTrackCommand } from '../src/warning/track-command.js';
import {
  cvScenarioLines,
  generateCvScenario,
  type CvScenario,
} from '../src/warning/tracking/cv-scenario.js';
import {
  framesFromHistories,
  framesFromTrackOutput,
  scoreFrames,
  type EstimateFrame,
  type Score,
} from '../src/warning/tracking/evaluate.js';
import { fmt, table } from './support.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** The settings both trackers share (Stone Soup's names in docs/benchmarks.md). */
export const SHARED = {
  q: 0.05,
  gateProbability: 0.9995,
  velocitySigma: 5,
  /** Confirm after m consecutive hits (a miss while tentative deletes). */
  m: 3,
  /** A confirmed track is deleted after this many consecutive missed scans. */
  deleteMisses: 3,
};

export function ourConfig(extra: Record<string, unknown> = {}): TrackerConfig {
  return parseTrackerConfig({
    model: 'cv2',
    processNoise: { q: SHARED.q, qBoost: SHARED.q, boostHoldS: 0 },
    gate: { probability: SHARED.gateProbability },
    // M-of-N with n = m: every scan while tentative must hit (Stone Soup: min_points = m, holding
    // track deleted after 1 missed scan).
    initiation: { m: SHARED.m, n: SHARED.m, velocitySigma: SHARED.velocitySigma },
    // `tahaluf track` prunes after each scan's association: a track whose coast exceeds
    // deleteMisses − 0.5 s is deleted at the scan of its deleteMisses-th consecutive miss (1 s scans),
    // as Stone Soup's UpdateTimeStepsDeleter(deleteMisses) does.
    deletion: {
      maxCoastS: SHARED.deleteMisses - 0.5,
      tentativeMaxCoastS: SHARED.deleteMisses - 0.5,
    },
    association: { method: 'gnn', confirmedFirst: true },
    ...extra,
  });
}

async function* iter(lines: string[]) {
  for (const l of lines) yield l;
}

export async function runOurs(
  sc: CvScenario,
  config: TrackerConfig,
): Promise<{ out: string[]; cpuMs: number; confirmed: number }> {
  const out: string[] = [];
  const c0 = process.cpuUsage();
  const r = await runTrackCommand(
    iter(cvScenarioLines(sc)),
    config,
    { write: (l) => out.push(l), warn: () => {} },
    { coasted: true },
  );
  const c = process.cpuUsage(c0);
  return { out, cpuMs: (c.user + c.system) / 1000, confirmed: r.stats.confirmed };
}

interface PeerOut {
  online: EstimateFrame[];
  histories: { id: string; states: { time: number; pos: [number, number] }[] }[];
  cpuSeconds: number;
}

function runPeer(path: string, sc: CvScenario): PeerOut {
  const job = {
    scans: sc.scans.map((s) => ({
      time: s.time,
      detections: s.detections.map((d) => ({ id: d.id, z: d.z })),
    })),
    config: {
      q: SHARED.q,
      R: [
        [sc.options.sigma ** 2, 0],
        [0, sc.options.sigma ** 2],
      ],
      gate: chi2Inv(SHARED.gateProbability, 2),
      velocitySigma: SHARED.velocitySigma,
      m: SHARED.m,
      holdingMisses: 1,
      deleteMisses: SHARED.deleteMisses,
    },
  };
  const r = spawnSync(
    process.env.TAHALUF_PYTHON ?? 'python3',
    [join(here, 'peer', 'stonesoup_cv.py')],
    {
      input: JSON.stringify(job),
      env: { ...process.env, PYTHONPATH: path },
      maxBuffer: 256 * 2 ** 20,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`Stone Soup run failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as PeerOut;
}

function peerRevision(path: string): string {
  const g = spawnSync('git', ['-C', path, 'describe', '--tags', '--always', '--long'], {
    encoding: 'utf8',
  });
  const h = spawnSync('git', ['-C', path, 'log', '-1', '--format=%H %cs'], { encoding: 'utf8' });
  return g.status === 0 && h.status === 0
    ? `${g.stdout.trim()} (commit ${h.stdout.trim()})`
    : 'revision unknown (not a git checkout)';
}

const PEER_CONFIG = [
  '| setting | Tahaluf (`tahaluf track --config`) | Stone Soup component |',
  '|---|---|---|',
  '| motion model | `model: cv2`, `processNoise.q` = q | `CombinedLinearGaussianTransitionModel([ConstantVelocity(q)] × 2)` (same Q) |',
  '| measurement | `pos` reports with the scenario R | `LinearGaussian(mapping=(0, 2), noise_covar=R)` |',
  '| filter | Kalman (linear model: EKF = KF) | `KalmanPredictor`, `KalmanUpdater` |',
  '| gate and miss cost | chi-square on νᵀS⁻¹ν at `gate.probability`; unassigned at the same value | `DistanceHypothesiser(SquaredMahalanobis(), missed_distance = same value)` |',
  "| association | GNN, optimal (Hungarian per cluster), `association.confirmedFirst: true` | `GNNWith2DAssignment` for tracks, then for the initiator's holding tracks on the rest |",
  '| initiation | single point, zero velocity, `initiation.velocitySigma`; M-of-N with m = n = 3 | `MultiMeasurementInitiator(min_points=3)` with the same prior, holding tracks `UpdateTimeStepsDeleter(1)` |',
  "| deletion | `deletion.maxCoastS` 2.5 s, checked after each scan's association | `UpdateTimeStepsDeleter(3)` |",
  '| not the same | confirmed tracks whose states are statistically the same target are merged every 2 s (the less certain one deleted) | no merging |',
].join('\n');

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

interface Row {
  ospa: number[];
  C: number[];
  S: number[];
  A: number[];
}
const newRow = (): Row => ({ ospa: [], C: [], S: [], A: [] });
const push = (row: Row, s: Score) => {
  row.ospa.push(s.ospa);
  row.C.push(s.siap.completeness);
  row.S.push(s.siap.spuriousness);
  row.A.push(s.siap.ambiguity);
};

export default async function run(): Promise<string> {
  const peerPath = resolve(
    process.env.TAHALUF_STONESOUP_PATH ?? join(here, '..', '..', 'Stone-Soup'),
  );
  const havePeer = existsSync(join(peerPath, 'stonesoup', '__init__.py'));
  const ours = { online: newRow(), retrospective: newRow() };
  const peer = { online: newRow(), retrospective: newRow() };
  let detections = 0,
    oursCpuMs = 0,
    peerCpuS = 0;
  const config = ourConfig();
  await runOurs(generateCvScenario({ seed: 99 }), config); // JIT warm-up
  for (const seed of SEEDS) {
    const sc = generateCvScenario({ seed });
    const times = sc.scans.map((s) => s.time);
    detections += sc.scans.reduce((a, s) => a + s.detections.length, 0);
    const o = await runOurs(sc, config);
    oursCpuMs += o.cpuMs;
    push(ours.online, scoreFrames(sc, framesFromTrackOutput(o.out, times, 'online')));
    push(ours.retrospective, scoreFrames(sc, framesFromTrackOutput(o.out, times, 'retrospective')));
    if (havePeer) {
      const p = runPeer(peerPath, sc);
      peerCpuS += p.cpuSeconds;
      push(peer.online, scoreFrames(sc, p.online));
      push(peer.retrospective, scoreFrames(sc, framesFromHistories(p.histories, times)));
    }
  }
  const o = generateCvScenario({ seed: 1 }).options;
  const lines: string[] = [
    '## Tracking against Stone Soup on the standard metrics (#18)',
    '',
    `Scenario (ours, \`src/warning/tracking/cv-scenario.ts\`, seeds ${SEEDS[0]}–${SEEDS[SEEDS.length - 1]}): ${o.targets} targets in 2-D, born at random in the first ${o.birthWithin} scans and living ${o.lifeMin}–${o.lifeMax} scans, starting in ±${o.startHalfWidth} m with up to ±${o.speedMax} m/s per axis, moving by the white-noise-acceleration model (q = ${o.q} m²/s³); ${o.scans} scans ${o.dt} s apart; detection probability ${o.pD}; position noise σ = ${o.sigma} m per axis; Poisson clutter, mean ${o.clutterRate} per scan, uniform over ±${o.areaHalfWidth} m. ${detections} detections over the ${SEEDS.length} runs.`,
    '',
    `Metrics (\`src/warning/tracking/metrics.ts\`, one implementation scoring both trackers): OSPA with c = 10 m, p = 1 on position, averaged over scans; SIAP completeness C (truth-scans tracked / truth-scans), spuriousness S (track-scans farther than 10 m from every truth / track-scans) and ambiguity A (associated track-scans / tracked truth-scans), a track joining the nearest truth within 10 m. **Online**: at each scan, the confirmed tracks the tracker reported then (updated or coasted). **Retrospective**: every state of every track ever confirmed, including its tentative start (Stone Soup's track histories).`,
    '',
    `Shared configuration: constant-velocity model with q = ${SHARED.q} m²/s³ per axis; the scenario's R; Kalman filter; chi-square gate at probability ${SHARED.gateProbability} on the squared Mahalanobis distance (${fmt(chi2Inv(SHARED.gateProbability, 2), 2)}), which is also the cost of leaving a track unassigned; global nearest neighbour by optimal assignment; single-point initiation at zero velocity with σ_v = ${SHARED.velocitySigma} m/s; confirmation after ${SHARED.m} consecutive hits (a miss while tentative deletes); a confirmed track deleted after ${SHARED.deleteMisses} consecutive missed scans.`,
    '',
  ];
  const avg = (r: Row) => ({ ospa: mean(r.ospa), C: mean(r.C), S: mean(r.S), A: mean(r.A) });
  const rows: (string | number)[][] = [];
  for (const mode of ['online', 'retrospective'] as const) {
    const a = avg(ours[mode]);
    rows.push([
      `Tahaluf (\`tahaluf track --coasted\`), ${mode}`,
      fmt(a.ospa, 3),
      fmt(a.C, 3),
      fmt(a.S, 3),
      fmt(a.A, 3),
    ]);
    if (havePeer) {
      const b = avg(peer[mode]);
      rows.push([`Stone Soup, ${mode}`, fmt(b.ospa, 3), fmt(b.C, 3), fmt(b.S, 3), fmt(b.A, 3)]);
      rows.push([
        `**ratio Tahaluf / Stone Soup**, ${mode}`,
        `**${fmt(a.ospa / b.ospa, 3)}** (lower is better)`,
        `**${fmt(a.C / b.C, 3)}** (higher)`,
        `**${fmt(a.S / b.S, 3)}** (lower)`,
        fmt(a.A / b.A, 3),
      ]);
    }
  }
  lines.push(
    table(
      [
        'tracker, scoring',
        'mean OSPA (m)',
        'SIAP completeness',
        'SIAP spuriousness',
        'SIAP ambiguity',
      ],
      rows,
    ),
    '',
  );
  if (havePeer) {
    const wins = SEEDS.filter((_, i) => ours.online.ospa[i] <= peer.online.ospa[i]).length;
    const diffs = SEEDS.map((_, i) => ours.online.ospa[i] - peer.online.ospa[i]);
    const md = mean(diffs);
    const se = Math.sqrt(
      diffs.reduce((a, d) => a + (d - md) ** 2, 0) / (diffs.length - 1) / diffs.length,
    );
    lines.push(
      `Paired per run (online OSPA, Tahaluf − Stone Soup): mean ${fmt(md, 3)} m ± ${fmt(se, 3)} m (standard error over ${SEEDS.length} runs).`,
      '',
      PEER_CONFIG,
      '',
      "Found by this comparison and fixed (first run, 3 Dec 2026, same scenario and seeds): online OSPA 3.10 m vs Stone Soup 2.79 m, spuriousness 0.079 vs 0.054. (1) `tahaluf track` deleted tracks before a scan was associated, so a track was written as coasting one scan longer than Stone Soup keeps it, or, with a shorter limit, lost its last chance; it now associates, then deletes. (2) Tentative tracks competed with confirmed tracks for the same reports in one assignment, so a clutter-started tentative track with its wide gate could take a confirmed track's report, breaking the track and starting a duplicate; `association.confirmedFirst` assigns confirmed tracks first. The **retrospective** difference comes from the scoring, not the tracking: a Stone Soup track's history keeps the predicted state of the scan at which it was deleted, which no online user saw; Tahaluf does not write that state.",
      '',
    );
    lines.push(
      `Per run (online OSPA): Tahaluf ≤ Stone Soup in ${wins} of ${SEEDS.length} runs. Stone Soup ${peerRevision(peerPath)}, run from its source checkout (PYTHONPATH) with ${process.env.TAHALUF_PYTHON ?? 'python3'}; CPU time over all runs: Tahaluf ${fmt(oursCpuMs / 1000, 2)} s (Node, whole \`tahaluf track\` pipeline incl. JSON parsing), Stone Soup ${fmt(peerCpuS, 2)} s (Python, tracking loop only).`,
    );
  } else
    lines.push(
      `**Stone Soup skipped**: no checkout at ${peerPath} (set TAHALUF_STONESOUP_PATH to a source checkout of https://github.com/dstl/Stone-Soup; it needs numpy and scipy). Only Tahaluf's figures are shown.`,
    );
  lines.push('', await methodsSection());
  return lines.join('\n');
}

const METHODS: Record<string, Record<string, unknown>> = {
  'GNN (confirmed first)': {},
  JPDA: { association: { method: 'jpda', jpda: { pD: 0.9, clutterDensity: 10 / 400 ** 2 } } },
  'MHT (10 hypotheses per track, 3-scan pruning)': {
    association: {
      method: 'mht',
      jpda: { pD: 0.9, clutterDensity: 10 / 400 ** 2 },
      mht: { maxHypotheses: 10, nScan: 3 },
    },
  },
};

/** GNN, JPDA and MHT on the same scenario: metrics and detections/s per core (tracker only). */
async function methodsSection(): Promise<string> {
  const scenarios = SEEDS.map((seed) => generateCvScenario({ seed }));
  const scans = scenarios.map((sc) =>
    sc.scans
      .filter((s) => s.detections.length)
      .map((s): Measurement[] =>
        s.detections.map((d) => ({
          id: d.id,
          sensor: 'S1',
          time: s.time,
          z: d.z,
          R: [
            [sc.options.sigma ** 2, 0],
            [0, sc.options.sigma ** 2],
          ],
          boost: false,
        })),
      ),
  );
  const detections = scans.flat(2).length;
  const rows: (string | number)[][] = [];
  for (const [name, extra] of Object.entries(METHODS)) {
    const cfg = ourConfig(extra);
    const r = newRow();
    for (const sc of scenarios) {
      const o = await runOurs(sc, cfg);
      push(
        r,
        scoreFrames(
          sc,
          framesFromTrackOutput(
            o.out,
            sc.scans.map((x) => x.time),
            'online',
          ),
        ),
      );
    }
    // Throughput: the tracker alone (processScan + prune), CPU time, best of 3 after a warm-up.
    const once = () => {
      const c0 = process.cpuUsage();
      for (const run of scans) {
        const tk = createTracker(cfg);
        for (const s of run) {
          tk.processScan(s);
          tk.prune();
        }
      }
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000;
    };
    once();
    const ms = Math.min(once(), once(), once());
    rows.push([
      name,
      fmt(mean(r.ospa), 3),
      fmt(mean(r.C), 3),
      fmt(mean(r.S), 3),
      `**${Math.round(detections / (ms / 1000)).toLocaleString('en')}**`,
    ]);
  }
  return [
    '### GNN, JPDA and MHT (`association.method`)',
    '',
    `Same scenario and seeds, same settings as above (\`association\` as named; JPDA and MHT with P_D = 0.9 and the scenario's clutter density 6.25e-5 m⁻²), online scoring. Throughput: ${detections} detections through the tracker library alone (\`createTracker\`, processScan + prune, no JSON), process CPU time, best of 3 after a warm-up, one thread.`,
    '',
    table(
      [
        'association',
        'mean OSPA (m)',
        'SIAP completeness',
        'SIAP spuriousness',
        'detections/s per core',
      ],
      rows,
    ),
    '',
    "Crossing targets (`src/warning/tracking/crossing.slow.test.ts`, 40 noise seeds, σ = 2 m, P_D = 0.9, no clutter): at a 53° crossing GNN swapped the two tracks in 3 runs, JPDA in 1, MHT in 2; at 28° the two paths stay within the noise for several scans and GNN swapped in 10, JPDA in 17, MHT in 10 (deeper MHT, 30 hypotheses and 6-scan pruning: 14). JPDA weights every report in the gate, which keeps tracks apart at the wider crossing and blurs them at the narrow one; this MHT does not beat GNN on the narrow crossing. (JPDA: 0 and 16 swaps before its tentative tracks were associated by GNN on the reports the confirmed tracks leave, 4 Dec 2026; that change took JPDA's OSPA from 2.984 m to 2.799 m and its spuriousness from 0.069 to 0.053 in the table above.)",
  ].join('\n');
}
