import type { CouncilTables } from '../src/council/repository.js';
// The council under load: 100 procedures open at once, each voted on by the 57 OIC members through the
// HTTP API (Fastify inject: routing, schema validation, token auth, engine, signing, SQLite commit),
// then every act's signature verified and every outcome recomputed from the record.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEd25519, signEd25519, verifyEd25519 } from '../src/core/crypto.js';
import { loadConfig } from '../src/core/config.js';
import { dayOf } from '../src/core/dates.js';
import { openNode } from '../src/app/node.js';
import { buildApp } from '../src/api/server.js';
import { verifyChain } from '../src/record/verify.js';
import type { RecordTables } from '../src/record/migrations.js';
import { councilModule } from '../src/council/module.js';
import { CouncilService } from '../src/council/council-service.js';
import { verifyCouncil } from '../src/council/verify.js';
import { UNLIMITED, fmt, nowMs, percentile, table } from './support.js';

// COUNCIL_BENCH_PROCEDURES lowers the count for profiling; the reported figure uses 100.
const PROCEDURES = Number(process.env.COUNCIL_BENCH_PROCEDURES ?? 100);

export default async function run(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-council-'));
  const node = await openNode(
    { ...loadConfig(UNLIMITED), dataDir, port: 0 },
    { ephemeralKeys: true, modules: [councilModule], seedModules: false },
  );
  const app = await buildApp(node, { webDir: null });
  try {
    const svc = new CouncilService(node);
    const members = svc.membership(svc.charters.getOrThrow('oic'), dayOf(new Date())).active;
    const tokens = new Map<string, string>();
    for (const m of members) {
      tokens.set(
        m,
        (await node.tokens.create({ user: `bench-${m}`, member: m, role: 'member' })).token,
      );
      await node.keyring.keyFor(m);
    }
    const headers = (m: string) => ({ authorization: `Bearer ${tokens.get(m)}` });
    const ids: string[] = [];
    for (let i = 0; i < PROCEDURES; i++) {
      const opener = members[i % members.length];
      const res = await app.inject({
        method: 'POST',
        url: '/api/council/procedures',
        headers: headers(opener),
        payload: {
          charterId: 'oic',
          kind: 'decision',
          decisionType: 'statement',
          title: `Bench statement ${i}`,
          matter: `bench-${i}`,
          deadline: null,
        },
      });
      if (res.statusCode !== 201) throw new Error(`open failed: ${res.body}`);
      ids.push(res.json<{ id: string }>().id);
    }
    // 100 concurrent voting loops, one per procedure; each member votes once in each.
    const latencies: number[] = [];
    let refused = 0;
    const cpu0 = process.cpuUsage();
    const t0 = nowMs();
    await Promise.all(
      ids.map(async (id, p) => {
        for (let k = 0; k < members.length; k++) {
          const m = members[(k + p) % members.length];
          const s = nowMs();
          const res = await app.inject({
            method: 'POST',
            url: `/api/council/procedures/${id}/acts`,
            headers: headers(m),
            payload: { act: 'vote', choice: k % 10 === 9 ? 'abstain' : 'yes' },
          });
          latencies.push(nowMs() - s);
          if (res.statusCode !== 201) refused += 1;
        }
      }),
    );
    const voteS = (nowMs() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const votes = latencies.length;
    const t1 = nowMs();
    for (const id of ids) await svc.close(id, 'SECRETARIAT');
    const closeS = (nowMs() - t1) / 1000;
    const t2 = nowMs();
    const chain = await verifyChain(node.store.db.withTables<RecordTables>());
    const findings = await verifyCouncil(node, svc);
    const verifyS = (nowMs() - t2) / 1000;
    const bad = findings.filter((f) => !f.ok).length;
    if (!chain.ok || bad || refused)
      throw new Error(
        `bench run invalid: chain ${chain.ok}, ${bad} bad findings, ${refused} refused votes`,
      );
    // Store floor, measured now on the same file: a signed act + one projection row per transaction, sequential.
    const FLOOR_N = 500;
    const t4 = nowMs();
    for (let i = 0; i < FLOOR_N; i++)
      await node.record.transact(async (tx) => {
        await tx.append({
          actor: members[i % members.length],
          type: 'bench.floor',
          subject: 'floor',
          payload: { choice: 'yes' },
        });
        await tx.db
          .withTables<CouncilTables>()
          .insertInto('council_participation')
          .values({ procedure_id: 'floor', member: String(i), slot: 'vote', act_id: 'x' })
          .execute();
      });
    const floorPerS = FLOOR_N / ((nowMs() - t4) / 1000);
    // Physical floor for comparison: Ed25519 sign + verify of one act hash on this machine, no I/O.
    const kp = generateEd25519();
    const N = 5000;
    const t3 = nowMs();
    for (let i = 0; i < N; i++)
      verifyEd25519(kp.publicKeyPem, `h${i}`, signEd25519(kp.privateKeyPem, `h${i}`));
    const cryptoPerS = N / ((nowMs() - t3) / 1000);
    const actsPerS = votes / voteS;
    return [
      '## Council: 100 concurrent procedures × 57 members (OIC size)',
      '',
      `${PROCEDURES} decisions under the OIC charter (consensus) opened through the API, then ${PROCEDURES} concurrent loops (one per procedure) each cast the ${members.length} members' votes with \`app.inject\` (full Fastify path: bearer-token auth, TypeBox validation, membership check on the date, replay of the procedure from the record, Ed25519 signing, hash chaining, one SQLite transaction per vote on a WAL file with synchronous=FULL). Then all procedures are closed, the whole chain is verified (every signature) and every outcome recomputed from the record (\`verifyCouncil\`, as \`tahaluf verify\` does).`,
      '',
      table(
        [
          'votes cast',
          'wall time (s)',
          'votes/s',
          'p50 latency (ms)',
          'p99 latency (ms)',
          'max (ms)',
          'close 100 (s)',
          'verify chain + replay (s)',
          'acts verified',
        ],
        [
          [
            votes,
            fmt(voteS, 1),
            fmt(actsPerS, 0),
            fmt(percentile(latencies, 50), 1),
            fmt(percentile(latencies, 99), 1),
            fmt(Math.max(...latencies), 1),
            fmt(closeS, 2),
            fmt(verifyS, 2),
            chain.acts,
          ],
        ],
      ),
      '',
      `Every vote was accepted and signed; ${findings.length} procedures replayed with outcomes matching the stored ones. Latency is per request with ${PROCEDURES} requests in flight, so it includes queueing behind SQLite's single writer (one connection: each vote's transaction holds it while the procedure is re-derived and the act signed). The process used ${fmt(cpuS, 1)} s of CPU during the ${fmt(voteS, 1)} s vote phase (${fmt((cpuS / voteS) * 100, 0)} % of one core): the rest of the wall time is commit (fsync) waits and, on this shared 2-core machine, other processes.`,
      '',
      `Comparison: Ed25519 sign + verify alone runs at ${fmt(cryptoPerS, 0)}/s on this machine (the cryptographic floor of a signed, verified act); the council sustains ${fmt(actsPerS, 0)} votes/s, ${fmt((actsPerS / cryptoPerS) * 100, 1)} % of it. The store floor, measured right after on the same file — one signed act plus one projection row per transaction, no HTTP and no council logic — is ${fmt(floorPerS, 0)}/s: the council runs at **${fmt(actsPerS / floorPerS, 2)}×** that floor. The gap to that floor is the HTTP path (token auth, schema validation), the reads that re-derive the procedure from its acts inside each transaction, and queueing; in a CPU profile (30 procedures, same path) the transaction commit (fsync, synchronous=FULL) took about half of the process time, reading the procedure's acts and re-deriving it about a fifth, signing and appending about a tenth. A real 57-member council votes a handful of times a day: the headroom is several orders of magnitude.`,
    ].join('\n');
  } finally {
    await app.close();
    await node.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
