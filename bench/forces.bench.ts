// Force generation: 57 members × 200 pledged units each matched against a 40-line requirement, in memory
// and end to end (pledges read from the store), against the target of 200 ms and against a naive
// first-fit matcher (the obvious peer), with the coverage each reaches and the upper bound on coverage.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { openNode } from '../src/app/node.js';
import { openStore, type Store } from '../src/store/database.js';
import { TEST_PG_URL } from '../src/store/testing.js';
import { forcesModule } from '../src/forces/module.js';
import { PledgeDesk } from '../src/forces/pledge-desk.js';
import { ForceGenerator, poolOf } from '../src/forces/force-generator.js';
import { exclusionOf, generateForce, type PooledUnit } from '../src/forces/force-generation.js';
import { shippedCatalogue } from '../src/forces/catalogue.js';
import { SECRETARIAT } from '../src/record/model.js';
import { CAVEAT_CODES, UNIT_TYPES, type Requirement, type Unit } from '../src/forces/model.js';
import type { TaskingContext } from '../src/forces/caveat-rules.js';
import { fmt, nowMs, percentile, table } from './support.js';

const MEMBERS = 57;
const UNITS = 200;
const LINES = 40;
const ALLIANCE = 'oic';
const TARGET_MS = 200;

/** Small deterministic PRNG (mulberry32) so every run matches the same data. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const families = [...shippedCatalogue().families.keys()];

function unitsFor(member: string, r: () => number): Unit[] {
  return Array.from({ length: UNITS }, (_, i) => {
    const caveats = CAVEAT_CODES.filter(() => r() < 0.08);
    return {
      id: `${member.toLowerCase()}-u${i}`,
      name: `${member} unit ${i}`,
      type: UNIT_TYPES[Math.floor(r() * UNIT_TYPES.length)],
      size: 50 + Math.floor(r() * 1500),
      readinessDays: Math.floor(r() * 60),
      durationDays: 60 + Math.floor(r() * 400),
      homeBase: { name: `${member} base`, lon: -15 + r() * 110, lat: -10 + r() * 50 },
      caveats,
      equipment: [{ family: families[Math.floor(r() * families.length)], quantity: 1 }],
    };
  });
}

function requirementBody(r: () => number, members: string[]) {
  return {
    allianceId: ALLIANCE,
    title: 'Benchmark requirement (synthetic)',
    task: 'collective_defence',
    area: { name: 'synthetic area', states: members.slice(0, 6) },
    startDate: '2027-01-01',
    durationDays: 120,
    hostConsent: members.slice(0, 4),
    lines: Array.from({ length: LINES }, (_, i) => ({
      id: `line-${i}`,
      capability: UNIT_TYPES[i % UNIT_TYPES.length],
      personnel: 40_000 + Math.floor(r() * 160_000),
      maxReadinessDays: 7 + Math.floor(r() * 45),
    })),
  };
}

/** The peer: lines in stated order, units in pledge order, first fit — what a spreadsheet would do. */
function naiveFirstFit(req: Requirement, pool: PooledUnit[], ctx: TaskingContext): number {
  const end = new Date(Date.parse(`${req.startDate}T00:00:00Z`) + req.durationDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const used = new Uint8Array(pool.length);
  let covered = 0;
  for (const line of req.lines) {
    let c = 0;
    for (let i = 0; i < pool.length && c < line.personnel; i++) {
      if (
        used[i] ||
        pool[i].unit.type !== line.capability ||
        exclusionOf(pool[i], line, req, ctx, undefined, end)
      )
        continue;
      used[i] = 1;
      c += pool[i].unit.size;
    }
    covered += Math.min(c, line.personnel);
  }
  return covered;
}

function timeIt(n: number, fn: () => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = nowMs();
    fn();
    out.push(nowMs() - t);
  }
  return out;
}

async function onStore(
  label: string,
  store: Store,
): Promise<{ row: (string | number)[]; extra?: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-forces-'));
  const node = await openNode(
    { ...loadConfig({}), dataDir },
    { store, ephemeralKeys: true, seedModules: false, modules: [forcesModule] },
  );
  try {
    const today = new Date().toISOString().slice(0, 10);
    const members = node.registry
      .membersOn(ALLIANCE, today)
      .filter((m) => m.role === 'member' && !m.suspended)
      .map((m) => m.state);
    if (members.length < MEMBERS)
      throw new Error(
        `${ALLIANCE} has ${members.length} active members in the seeded registry, need ${MEMBERS}`,
      );
    const r = rng(7);
    const desk = new PledgeDesk(node, shippedCatalogue());
    for (const m of members.slice(0, MEMBERS))
      await desk.raise(m, {
        allianceId: ALLIANCE,
        availableFrom: '2026-01-01',
        units: unitsFor(m, r),
      });
    const gen = new ForceGenerator(node);
    const req = await gen.state(SECRETARIAT, requirementBody(r, members));
    const c0 = nowMs();
    await gen.generate(req.id); // first call: parses every pledge
    const firstCall = nowMs() - c0;
    for (let i = 0; i < 3; i++) await gen.generate(req.id); // warm-up
    const e2e: number[] = [];
    const e2eCpu: number[] = [];
    let result = (await gen.generate(req.id)).result;
    for (let i = 0; i < 15; i++) {
      const t = nowMs();
      const c = process.cpuUsage();
      result = (await gen.generate(req.id)).result;
      const cu = process.cpuUsage(c);
      e2e.push(nowMs() - t);
      e2eCpu.push((cu.user + cu.system) / 1000);
    }
    const pool = poolOf(
      await (
        await import('../src/forces/repository.js')
      ).ForcesRepository.on(node.store.db).pledges({ allianceId: ALLIANCE }),
    );
    const ctx: TaskingContext = {
      task: req.task,
      area: req.area,
      mandates: req.mandates,
      hostConsent: req.hostConsent,
      activeMembers: node.registry.resolveCommunity(ALLIANCE, req.startDate),
    };
    const cold = timeIt(1, () => generateForce(req, pool, ctx))[0];
    timeIt(20, () => generateForce(req, pool, ctx));
    const pure = timeIt(30, () => generateForce(req, pool, ctx));
    const naive = timeIt(30, () => naiveFirstFit(req, pool, ctx));
    const naiveCovered = naiveFirstFit(req, pool, ctx);
    const t = result.totals;
    const p50 = percentile(e2e, 50);
    return {
      row: [
        label,
        pool.length.toLocaleString('en'),
        fmt(cold, 1),
        fmt(percentile(pure, 50), 1),
        fmt(percentile(pure, 95), 1),
        fmt(firstCall, 1),
        fmt(p50, 1),
        fmt(percentile(e2e, 95), 1),
        fmt(percentile(e2eCpu, 50), 1),
        p50 <= TARGET_MS ? `${fmt(TARGET_MS / p50, 1)}× under` : `${fmt(p50 / TARGET_MS, 1)}× over`,
        fmt(percentile(naive, 50), 1),
        `${fmt((100 * t.covered) / t.upperBound, 2)} %`,
        `${fmt((100 * naiveCovered) / t.upperBound, 2)} %`,
      ],
      extra: `required ${t.required.toLocaleString('en')}, upper bound ${t.upperBound.toLocaleString('en')}, matched ${t.covered.toLocaleString('en')} (naive first-fit ${naiveCovered.toLocaleString('en')})`,
    };
  } finally {
    await node.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<string> {
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  const sqliteDir = mkdtempSync(join(tmpdir(), 'bench-forces-db-'));
  const s = await onStore(
    'SQLite file',
    await openStore({ sqliteFile: join(sqliteDir, 'b.sqlite') }),
  );
  rows.push(s.row);
  if (s.extra) notes.push(`SQLite: ${s.extra}`);
  rmSync(sqliteDir, { recursive: true, force: true });
  notes.push(
    `Load average when measured: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} on a machine shared with other work, so p95 figures are noisy.`,
  );
  try {
    const schema = `bench_forces_${Date.now().toString(36)}`;
    const pg = await openStore({ databaseUrl: TEST_PG_URL, pgSchema: schema, poolSize: 4 });
    try {
      const p = await onStore('PostgreSQL 15 (local)', pg);
      rows.push(p.row);
    } finally {
      const cleanup = await openStore({ databaseUrl: TEST_PG_URL });
      await cleanup.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await cleanup.close();
    }
  } catch (err) {
    notes.push(`PostgreSQL not measured: ${(err as Error).message}`);
  }
  return `## Forces: force generation

${MEMBERS} members of the OIC (from the seeded registry) each pledge ${UNITS} units (random type, size 50–1,549, readiness 0–59 days,
duration, about 8 % chance of each national caveat, one equipment family), stored as signed pledge acts. A requirement of
${LINES} lines (5 per capability, 40,000–199,999 personnel each, so lines compete for scarce units, readiness limits 7–51 days, collective defence in six member
states, four of which consented) is matched by \`generateForce\` (scarcest line first, exclusive units first, best fit, a
repair pass). **Pure** times the matcher on the in-memory pool (30 runs after 20 warm-ups; the first, cold run is reported too); **end to end** times
\`ForceGenerator.generate\`: read the alliance's pledges from the store, parse, match (15 runs after 3 warm-ups).
Target: under ${TARGET_MS} ms end to end. The peer is a naive first-fit matcher (lines in stated order, units in pledge order),
what a spreadsheet would do; coverage is shown as a share of the upper bound Σ min(demand, eligible supply), which no
matching can exceed. The first end-to-end call parses every stored pledge (about 3 MB of JSON); later calls re-read only
pledge ids and last-act ids and re-parse pledges changed since (\`ForcesRepository.pledgesCached\`). "CPU" is the
node process's own CPU time per call (\`process.cpuUsage\`): on SQLite it includes the database work (same thread), on
PostgreSQL it excludes the server's; on a loaded shared machine it is the steadier figure.

${table(['store', 'units', 'pure cold ms', 'pure p50 ms', 'pure p95 ms', 'end-to-end first call ms', 'end-to-end p50 ms', 'end-to-end p95 ms', 'end-to-end CPU p50 ms', 'p50 vs 200 ms target', 'naive first-fit p50 ms', 'coverage (of bound)', 'naive coverage (of bound)'], rows)}

${notes.map((n) => `- ${n}`).join('\n')}
`;
}
