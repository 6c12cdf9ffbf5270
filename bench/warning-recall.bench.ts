// Early-warning recall and timeliness over ≥ 1,000 simulated launches (issue 6 acceptance), run on
// worker_threads across the machine's cores: deterministic seeds split into batches, handed out to
// whichever worker is free; the result does not depend on scheduling (outcomes are sorted by seed).
import { Worker } from 'node:worker_threads';
import { cpus, loadavg } from 'node:os';
import type { RecallBatchResult, RecallLaunch } from './warning-recall.worker.js';

const LAUNCHES = Number(process.env.WARNING_RECALL_LAUNCHES ?? 1002);
const PER_EXERCISE = 6;
const BATCH = 3; // exercises per batch
const FIRST_SEED = 5000;
const TSX = import.meta.resolve('tsx/esm/api');
const WORKER = new URL('./warning-recall.worker.ts', import.meta.url).href;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');

export async function runRecall(
  launches = LAUNCHES,
  workers = Math.max(1, Math.min(cpus().length, 2)),
  sensorBias = false,
): Promise<{ results: RecallBatchResult[]; wallMs: number; workers: number }> {
  const exercises = Math.ceil(launches / PER_EXERCISE);
  const batches: number[][] = [];
  for (let s = 0; s < exercises; s += BATCH)
    batches.push(
      Array.from({ length: Math.min(BATCH, exercises - s) }, (_, k) => FIRST_SEED + s + k),
    );
  const results: RecallBatchResult[] = [];
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<void>((resolve, reject) => {
          // Node 20 loads a worker's entry before `--import tsx` hooks apply, so the entry is a tiny JS
          // bootstrap that registers tsx and then imports the TypeScript worker.
          const w = new Worker(
            `import(${JSON.stringify(TSX)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER)}); });`,
            { eval: true, workerData: { launchesPerExercise: PER_EXERCISE, sensorBias } },
          );
          const give = () => {
            if (next < batches.length) w.postMessage({ seeds: batches[next++] });
            else w.postMessage('stop');
          };
          w.on('message', (r: RecallBatchResult) => {
            results.push(r);
            process.stderr.write(
              `\rwarning-recall: ${results.reduce((a, b) => a + b.seeds.length, 0)}/${exercises} exercises, ${((Date.now() - t0) / 1000).toFixed(0)} s   `,
            );
            give();
          });
          w.on('error', reject);
          w.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`)),
          );
          give();
        }),
    ),
  );
  process.stderr.write('\n');
  results.sort((a, b) => a.seeds[0] - b.seeds[0]);
  return { results, wallMs: Date.now() - t0, workers };
}

export default async function run(): Promise<string> {
  return recallReport(false);
}

/**
 * The report; `sensorBias`: the live engine's tracker (the default plus sensor-bias estimation, as
 * warning-service.ts runs it) instead of the exercises' default (bench warning-recall-bias).
 */
export async function recallReport(sensorBias: boolean): Promise<string> {
  const load0 = loadavg()[0];
  const { results, wallMs, workers } = await runRecall(LAUNCHES, undefined, sensorBias);
  const all: RecallLaunch[] = results.flatMap((r) => r.launches);
  const warned = all.filter((o) => o.warned);
  const missed = all.filter((o) => !o.warned);
  const busyMs = results.reduce((a, r) => a + r.busyMs, 0);
  const reports = results.reduce((a, r) => a + r.reports, 0);
  const rejected = results.reduce((a, r) => a + r.rejected, 0);
  const reasons: Record<string, number> = {};
  for (const r of results)
    for (const [k, v] of Object.entries(r.reasons ?? {})) reasons[k] = (reasons[k] ?? 0) + v;
  const bands: [number, number][] = [
    [300, 600],
    [600, 1000],
    [1000, 2000],
    [2000, 3000.001],
  ];
  const rows = bands.map(([a, b]) => {
    const os = all.filter((o) => o.rangeKm >= a && o.rangeKm < b);
    const w = os.filter((o) => o.warned);
    const f = w.map((o) => o.coverFraction! * 100);
    const ft = os.map((o) => o.flightTimeS);
    const ow = w.map((o) => o.overWarningFirst ?? NaN).filter(Number.isFinite);
    const owl = w.map((o) => o.overWarning ?? NaN).filter(Number.isFinite);
    return `| ${a}–${Math.round(b)} km | ${os.length} | ${w.length} (${fmt((w.length / os.length) * 100)}%) | ${fmt(pct(ft, 0.5), 0)} s | ${fmt(pct(f, 0.5))}% | ${fmt(pct(f, 0.9))}% | ${fmt(Math.max(...f))}% | ${fmt(pct(ow, 0.5), 0)} | ${fmt(pct(owl, 0.5), 2)} | ${fmt(Math.max(...owl), 2)} |`;
  });
  const byProfile = ['minimum-energy', 'lofted', 'depressed'].map((p) => {
    const os = all.filter((o) => o.profile === p);
    const f = os.filter((o) => o.warned).map((o) => o.coverFraction! * 100);
    return `${p} ${os.filter((o) => o.warned).length}/${os.length} (median ${fmt(pct(f, 0.5))}%, max ${fmt(Math.max(...f))}%)`;
  });
  const f = warned.map((o) => o.coverFraction! * 100);
  // Per missile by its own threats (#18.5, #18.6).
  const ownF = all
    .map((o) => o.own.firstWarningFraction)
    .filter((x): x is number => x !== null)
    .map((x) => x * 100);
  const falseAlarms = all.flatMap((o) => o.own.falseAlarms);
  const faS = falseAlarms.map((x) => x.alertS);
  const early = results.flatMap((r) => r.earlyAllClears);
  const ownLine = `- **Per missile by its own threat** (a threat belongs to the launches whose tracks fed it; other missiles' warnings do not count): recall ${ownF.length}/${all.length} = ${fmt((ownF.length / all.length) * 100, 2)}%; first covering warning median **${fmt(pct(ownF, 0.5))}%**, p90 ${fmt(pct(ownF, 0.9))}%, max **${fmt(Math.max(...ownF))}%** of flight time; members at risk (territory holding the true impact) missed: ${all.reduce((a, o) => a + o.own.missed, 0)} of ${all.reduce((a, o) => a + o.own.atRisk, 0)}; **false-alarm members per launch ${fmt(falseAlarms.length / all.length, 2)}** (alerted by the launch's own threats, not at risk), their alert time (Alert → Cancel, or impact if later; summed over the launch's threats) median **${fmt(pct(faS, 0.5), 0)} s**, p90 ${fmt(pct(faS, 0.9), 0)} s, max ${fmt(Math.max(...faS), 0)} s, total ${fmt(faS.reduce((a, b) => a + b, 0) / 3600, 1)} member-hours; **all-clears to a member at risk before impact: ${all.reduce((a, o) => a + o.own.earlyAllClears, 0)}** (must be 0)${early.length ? ` (${early.map((e) => `seed ${e.seed} launch ${e.launchIndex} ${e.launch}: ${e.member} cleared by threat ${e.threat} at ${fmt(e.cancelAfterLaunchS, 1)} s after launch, true impact at ${fmt(e.impactAfterLaunchS, 1)} s (${fmt(e.beforeImpactS, 1)} s early), Cancel note "${e.note}"`).join('; ')})` : ''}; threats mixing missiles: ${results.reduce((a, r) => a + (r.mixedThreats ?? 0), 0)}.`;
  return [
    sensorBias
      ? "## Early warning: recall over 1,000+ launches with the live engine's tracker (sensor-bias estimation on)"
      : '## Early warning: recall over 1,000+ launches (src/warning)',
    '',
    `**${all.length} simulated launches** in ${results.reduce((a, r) => a + r.seeds.length, 0)} exercises (seeds ${FIRST_SEED}–${FIRST_SEED + results.reduce((a, r) => a + r.seeds.length, 0) - 1}) of ${PER_EXERCISE} launches within 60 s of each other, aimed at random points in random members' territories from random azimuths, ranges uniform in 300–3,000 km, profiles minimum-energy/lofted/depressed in equal odds, on the \`gulf-illustrative\` network (radars with Pd 0.9 and clutter, space-based IR launch detection with reporting delay, network delay, sensor bias); ${reports.toLocaleString('en')} reports, ${rejected} rejected${
      rejected
        ? ` (${Object.entries(reasons)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ')})`
        : ''
    }. Each exercise goes through \`runExercise\` exactly as \`tahaluf exercise run\` does (fusion engine in 0.5 s delivery steps, ${sensorBias ? "the live engine's tracker: the default ballistic ECEF EKF, Hungarian GNN, M-of-N, OOSM, plus sensor-bias estimation (`sensorBias` with the default prior, as `warning-service.ts` runs the live engine; exercises run without it)" : 'default tracker: ballistic ECEF EKF, Hungarian GNN, M-of-N, OOSM; the live engine adds sensor-bias estimation, measured in the `warning-recall-bias` section'}; 99% threatened area; CAP messages scored against the truth).`,
    '',
    `- **Recall: ${warned.length}/${all.length} = ${fmt((warned.length / all.length) * 100, 2)}%** of true impact points inside a warned area (a non-Cancel CAP polygon sent after launch and no later than impact) before impact. Target 100%.${missed.length ? ` Missed: ${missed.map((o) => `seed ${o.seed} ${o.launch} (${fmt(o.rangeKm, 0)} km ${o.profile})`).join(', ')}.` : ''}`,
    `- **Timeliness**, first covering warning as % of flight time after launch, over all launches: median **${fmt(pct(f, 0.5))}%** (target ≤ 20%), p90 ${fmt(pct(f, 0.9))}%, p99 ${fmt(pct(f, 0.99))}%, max **${fmt(Math.max(...f))}%** (target never later than 40%).`,
    `- By profile: ${byProfile.join('; ')}.`,
    ownLine,
    '',
    '| range | launches | warned before impact | median flight time | median first warning | p90 | max | over-warning at first warning (area / 99% ellipse), median | at last warning, median | at last warning, max |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    "Over-warning is the covering CAP polygon's area divided by the area of the 99% impact-confidence ellipse of the estimate it was built from. At the first warning it is large by design (while the missile is under power the area is stretched over every burnout speed along its heading); by the last warning its median is about 1 (the ellipse plus a 2 km floor); the max column shows the few launches whose last covering message was still an early, wide one.",
    '',
    `How: \`bench/warning-recall.bench.ts\` splits the seeds into batches of ${BATCH} exercises and hands them to ${workers} \`worker_threads\` (\`bench/warning-recall.worker.ts\`) as each becomes free; results are sorted by seed, so the figures do not depend on scheduling. Wall time ${fmt(wallMs / 1000, 0)} s; the workers were busy ${fmt(busyMs / 1000, 0)} s in total (${fmt(busyMs / all.length, 0)} ms of worker wall time per launch, simulation included; Node 20 has no per-thread CPU clock) on a machine shared with other work (load average ${fmt(load0)} at start, ${fmt(loadavg()[0])} at end, ${cpus().length} cores). \`WARNING_RECALL_LAUNCHES=N\` changes the count.`,
  ].join('\n');
}
