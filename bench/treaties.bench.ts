// Treaty obligations: "X attacked on D" queries against the in-memory engine (hand-coded treaties +
// all of ATOP 4.01 imported), the same query through HTTP, and the full 1816-2016 directed dyad-year table.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { openNode } from '../src/app/node.js';
import { buildApp } from '../src/api/server.js';
import { treatiesModule } from '../src/treaties/module.js';
import { treatiesService } from '../src/treaties/treaties-service.js';
import { findAtopFiles, readAtopFiles } from '../src/treaties/atop-import.js';
import { dyadYears, dyadYearsCsv, stateYears } from '../src/treaties/atop-tables.js';
import { UNLIMITED, fmt, nowMs, percentile, table } from './support.js';

const ATOP_DIR =
  process.env.TAHALUF_ATOP_DIR ?? new URL('../../shared/data/atop', import.meta.url).pathname;
const QUERY_TARGET_MS = 1;
const DYAD_TARGET_MS = 2000;

export default async function run(): Promise<string> {
  if (!existsSync(ATOP_DIR))
    return `ATOP files not found in ${ATOP_DIR} (set TAHALUF_ATOP_DIR): benchmark not run.`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-treaties-'));
  const node = await openNode(
    { ...loadConfig(UNLIMITED), dataDir, port: 0 },
    { ephemeralKeys: true, modules: [treatiesModule], seedModules: false },
  );
  const app = await buildApp(node, { webDir: null });
  try {
    const svc = await treatiesService(node);
    const data = readAtopFiles(findAtopFiles(ATOP_DIR));
    const i0 = nowMs();
    await svc.importAtop(data, ATOP_DIR);
    const importMs = nowMs() - i0;
    const engine = svc.engine;

    // Scenarios: the seeds' golden cases, plus the heaviest state in ATOP (USA, 1990: every Rio/NATO/ANZUS pledge).
    const scenarios: [string, string, string][] = [
      ['QAT', '2025-09-09', 'Qatar, 2025-09-09 (golden)'],
      ['SAU', '2025-09-18', 'Saudi Arabia, 2025-09-18 (golden)'],
      ['SYR', '2015-06-01', 'Syria, 2015-06-01 (suspended)'],
      ['USA', '1990-06-01', 'United States, 1990-06-01 (heaviest: most ATOP pledges)'],
    ];
    // Each query is timed twice: wall clock (what a caller waits, including time the OS gives other
    // processes on this shared machine) and CPU time of this process (process.cpuUsage, per batch of
    // BATCH queries, divided by BATCH), which preemption by other processes does not inflate.
    const rows: (string | number)[][] = [];
    const N = 5000;
    const BATCH = 10;
    let worstWall = 0;
    let worstCpu = 0;
    const measure = (state: string, day: string) => {
      for (let i = 0; i < 1000; i++) engine.attacked(state, day); // warm-up: JIT and caches
      const wall: number[] = [];
      const cpu: number[] = [];
      let bound = 0;
      for (let b = 0; b < N / BATCH; b++) {
        const c0 = process.cpuUsage();
        for (let i = 0; i < BATCH; i++) {
          const t = nowMs();
          bound = engine.attacked(state, day).bound.length;
          wall.push(nowMs() - t);
        }
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000 / BATCH);
      }
      return { wall, cpu, bound };
    };
    for (const [state, day, label] of scenarios) {
      const { wall, cpu, bound } = measure(state, day);
      worstWall = Math.max(worstWall, percentile(wall, 95));
      worstCpu = Math.max(worstCpu, percentile(cpu, 95));
      rows.push([
        label,
        bound,
        fmt(percentile(wall, 50) * 1000, 0),
        fmt(percentile(wall, 95) * 1000, 0),
        fmt(percentile(cpu, 50) * 1000, 0),
        fmt(percentile(cpu, 95) * 1000, 0),
        `${fmt(QUERY_TARGET_MS / percentile(cpu, 95), 1)}×`,
      ]);
    }

    // Random states and dates over 1816-2025, to avoid measuring one hot path.
    const codes = [...new Set(engine.blocs.flatMap((b) => b.parties.map((p) => p.state)))];
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const random: number[] = [];
    const randomCpu: number[] = [];
    for (let b = 0; b < 2000; b++) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < BATCH; i++) {
        const state = codes[Math.floor(rnd() * codes.length)];
        const day = `${1816 + Math.floor(rnd() * 210)}-0${1 + Math.floor(rnd() * 9)}-15`;
        const t = nowMs();
        engine.attacked(state, day);
        if (b >= 200) random.push(nowMs() - t);
      }
      const c = process.cpuUsage(c0);
      if (b >= 200) randomCpu.push((c.user + c.system) / 1000 / BATCH);
    }
    rows.push([
      `random state and date (${codes.length} states, 18,000 queries)`,
      '—',
      fmt(percentile(random, 50) * 1000, 0),
      fmt(percentile(random, 95) * 1000, 0),
      fmt(percentile(randomCpu, 50) * 1000, 0),
      fmt(percentile(randomCpu, 95) * 1000, 0),
      `${fmt(QUERY_TARGET_MS / percentile(randomCpu, 95), 1)}×`,
    ]);
    const load = loadavg()[0];

    const http: number[] = [];
    for (let i = 0; i < 1200; i++) {
      const t = nowMs();
      const r = await app.inject({
        method: 'GET',
        url: '/api/obligations?attacked=QAT&date=2025-09-09',
      });
      if (r.statusCode !== 200) throw new Error(r.body);
      if (i >= 200) http.push(nowMs() - t);
    }

    // Full directed dyad-year table, 1816-2016: best and median of 5 runs (generation incl. sort), then CSV.
    const dy: number[] = [];
    const dyCpu: number[] = [];
    let cells = 0;
    for (let i = 0; i < 5; i++) {
      const t = nowMs();
      const c0 = process.cpuUsage();
      cells = dyadYears(data.members, 1816, 2016).length;
      const c = process.cpuUsage(c0);
      dy.push(nowMs() - t);
      dyCpu.push((c.user + c.system) / 1000);
    }
    const table5 = dyadYears(data.members, 1816, 2016);
    const c0 = nowMs();
    const csv = dyadYearsCsv(table5);
    const csvMs = nowMs() - c0;
    const s0 = nowMs();
    const sy = stateYears(data.members, 1815, 2016).length;
    const syMs = nowMs() - s0;
    const dyMedian = percentile(dy, 50);

    return [
      '## Treaty obligations',
      '',
      `Engine: hand-coded treaties of the seeds plus all of ATOP 4.01 imported (${data.members.length} member rows, ${data.alliances.length} alliances; ${engine.blocs.length} alliances in the index). ` +
        `The import itself (one SQLite transaction with its signed act) took ${fmt(importMs, 0)} ms.`,
      '',
      `### "X attacked on D": in-memory engine, after 1,000 warm-up queries; ${fmt(N, 0)} timed queries per scenario`,
      '',
      table(
        [
          'scenario',
          'bound entries',
          'wall p50 µs',
          'wall p95 µs',
          'CPU p50 µs',
          'CPU p95 µs',
          'headroom vs 1 ms (CPU p95)',
        ],
        rows,
      ),
      '',
      `Wall: process.hrtime around each call. CPU: process.cpuUsage over batches of ${BATCH} calls, divided by ${BATCH}. ` +
        `Load average during the run: ${fmt(load, 1)} on ${cpus().length} cores, so the wall-clock tail includes time this process was not scheduled. ` +
        `Worst scenario p95: CPU ${fmt(worstCpu * 1000, 0)} µs, wall ${fmt(worstWall * 1000, 0)} µs, against the 1 ms target (${worstCpu < QUERY_TARGET_MS ? 'met on CPU time' : 'NOT met on CPU time'}${worstWall < QUERY_TARGET_MS ? ' and on wall time' : '; not met on wall time under this load'}). ` +
        `Through HTTP (Fastify inject: routing, query validation, engine, response schema serialisation of ~100 entries) the Qatar query takes p50 ${fmt(percentile(http, 50), 2)} ms, p95 ${fmt(percentile(http, 95), 2)} ms wall (1,000 requests after 200 warm-up).`,
      '',
      '### Directed dyad-year table 1816–2016 from the ATOP 4.01 member file',
      '',
      table(
        ['what', 'figure'],
        [
          ['dyad-years produced', fmt(cells, 0)],
          ['generation incl. sort: median of 5', `${fmt(dyMedian, 0)} ms`],
          ['generation: best of 5', `${fmt(Math.min(...dy), 0)} ms`],
          [
            'generation: CPU time, median of 5 (includes GC threads)',
            `${fmt(percentile(dyCpu, 50), 0)} ms`,
          ],
          ['CSV serialisation', `${fmt(csvMs, 0)} ms (${fmt(csv.length / 2 ** 20, 1)} MiB)`],
          ['state-year table 1815–2016', `${fmt(syMs, 0)} ms (${fmt(sy, 0)} state-years)`],
          [
            'target',
            `< ${fmt(DYAD_TARGET_MS, 0)} ms: ${dyMedian < DYAD_TARGET_MS ? 'met' : 'NOT met'}, ${fmt(DYAD_TARGET_MS / dyMedian, 1)}× headroom`,
          ],
        ],
      ),
      '',
      'Method: one pass over alliance phases; for each ordered pair of member rows of the same phase the overlapping years are OR-ed into a bit set keyed by (ccode1, ccode2, year) in a Map, then sorted. ' +
        'The machine is shared (2 cores, other engineers running tests), so figures vary from run to run; the ratio to the target is the point.',
    ].join('\n');
  } finally {
    await app.close();
    await node.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
