// The alliance log under load: a vote cast on the voter's own node, applied on all five nodes of a local
// federation (3 clustered nats-server with JetStream, stream R3, mutual TLS from clients and TLS on the
// routes through the harness's one TLS helper; secretariat + QAT, SAU, OMN, KWT node processes on SQLite,
// each with its own NATS user and client certificate), next to the same votes on one standalone node measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { startServer } from '../src/api/server.js';
import { makeRegistration } from '../src/federation/directory.js';
import { startFederation, waitUntil, type NodeHandle } from '../scripts/federation/harness.js';
import { fmt, nowMs, percentile, table } from './support.js';

// FEDERATION_BENCH_PROCEDURES: decisions voted on by the four national members (4 votes each).
const PROCEDURES = Number(process.env.FEDERATION_BENCH_PROCEDURES ?? 50);
const VOTERS = ['QAT', 'SAU', 'OMN', 'KWT'];

interface Measured {
  votes: number;
  wallS: number;
  ack: number[];
  applied: number[];
}

/** Four voters, each voting on every procedure in turn, the four loops concurrently. */
async function voteAll(
  ids: string[],
  vote: (voter: string, id: string) => Promise<void>,
): Promise<{ ack: number[]; wallS: number }> {
  const ack: number[] = [];
  const t0 = nowMs();
  await Promise.all(
    VOTERS.map(async (voter) => {
      for (const id of ids) {
        const s = nowMs();
        await vote(voter, id);
        ack.push(nowMs() - s);
      }
    }),
  );
  return { ack, wallS: (nowMs() - t0) / 1000 };
}

async function post(url: string, token: string, body: unknown): Promise<{ id?: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`${url}: ${res.status} ${text}`);
  return JSON.parse(text) as { id?: string };
}

const decision = (i: number) => ({
  charterId: 'gcc',
  kind: 'decision',
  decisionType: 'statement',
  title: `Bench statement ${i}`,
  matter: `bench-${i}`,
});

async function singleNode(): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-single-'));
  const server = await startServer(
    { ...loadConfig({}), dataDir, port: 0, host: '127.0.0.1' },
    { seedModules: false },
    { webDir: null },
  );
  try {
    const tokens: Record<string, string> = {};
    for (const m of VOTERS)
      tokens[m] = (
        await server.node.tokens.create({ user: `b-${m}`, member: m, role: 'member' })
      ).token;
    const ids: string[] = [];
    for (let i = 0; i < PROCEDURES; i++)
      ids.push((await post(`${server.url}/api/council/procedures`, tokens.QAT, decision(i))).id!);
    const { ack, wallS } = await voteAll(ids, async (voter, id) => {
      await post(`${server.url}/api/council/procedures/${id}/acts`, tokens[voter], {
        act: 'vote',
        choice: 'yes',
      });
    });
    return { votes: ack.length, wallS, ack, applied: ack };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function federated(): Promise<Measured> {
  const baseDir = mkdtempSync(join(tmpdir(), 'bench-federation-'));
  const fed = await startFederation({
    baseDir,
    // As members run it: every client over TLS with its own certificate (mutual TLS) and NATS user.
    tls: true,
    mutualTls: true,
    nodes: [
      { actor: 'SECRETARIAT' },
      { actor: 'QAT' },
      { actor: 'SAU' },
      { actor: 'OMN' },
      { actor: 'KWT', pinned: false },
    ],
  });
  try {
    const nodes = Object.values(fed.nodes);
    const status = (n: NodeHandle) =>
      n.api<{ lastStreamSeq: number }>('GET', '/api/federation/status').then((r) => r.body);
    const all = async (seq: number) =>
      waitUntil(`all nodes at ${seq}`, async () => {
        for (const n of nodes) if ((await status(n)).lastStreamSeq < seq) return false;
        return true;
      });
    const reg = await fed.nodes.SECRETARIAT.api<{ streamSeq: number }>(
      'POST',
      '/api/federation/keys',
      makeRegistration(fed.nodes.KWT.dataDir, 'KWT'),
    );
    await all(reg.body.streamSeq);
    const qat = fed.nodes.QAT;
    const ids: string[] = [];
    for (let i = 0; i < PROCEDURES; i++)
      ids.push((await post(`${qat.url}/api/council/procedures`, qat.token(), decision(i))).id!);
    await all((await status(qat)).lastStreamSeq);
    const { ack, wallS: castS } = await voteAll(ids, async (voter, id) => {
      const node = fed.nodes[voter];
      await post(`${node.url}/api/council/procedures/${id}/acts`, node.token(), {
        act: 'vote',
        choice: 'yes',
      });
    });
    const t0 = nowMs();
    await all((await status(qat)).lastStreamSeq);
    const wallS = castS + (nowMs() - t0) / 1000;
    // Applied on all nodes: the last node's apply time minus the act's own time (one machine, one clock).
    const appliedAt = new Map<string, { at: number; last: number }>();
    for (const n of nodes) {
      const log = await n.api<{
        entries: { type: string; at: string; actId: string; receivedAt: string }[];
      }>('GET', '/api/federation/log?status=applied&limit=1000');
      for (const e of log.body.entries) {
        if (e.type !== 'council.vote') continue;
        const prev = appliedAt.get(e.actId) ?? { at: Date.parse(e.at), last: 0 };
        prev.last = Math.max(prev.last, Date.parse(e.receivedAt));
        appliedAt.set(e.actId, prev);
      }
    }
    const applied = [...appliedAt.values()].map((v) => v.last - v.at);
    return { votes: ack.length, wallS, ack, applied };
  } finally {
    await fed.stop();
    rmSync(baseDir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<string> {
  const loadBefore = loadavg()[0];
  const single = await singleNode();
  const fed = await federated();
  const loadAfter = loadavg()[0];
  const row = (name: string, m: Measured, appliedLabel: boolean) => [
    name,
    m.votes,
    fmt(m.votes / m.wallS, 0),
    fmt(percentile(m.ack, 50), 1),
    fmt(percentile(m.ack, 99), 1),
    appliedLabel ? fmt(percentile(m.applied, 50), 1) : '(= answer)',
    appliedLabel ? fmt(percentile(m.applied, 99), 1) : '(= answer)',
  ];
  return [
    '## Federation: a vote cast on its own node, applied on all five nodes',
    '',
    `${PROCEDURES} GCC decisions (statement, unanimity of those present) opened on QAT's node; the four national members (QAT, SAU, OMN, KWT) each vote in every one, each on its own node through HTTP, the four voters concurrently (each voter's votes one after another). Federated: three clustered \`nats-server\` processes (JetStream, the alliance stream R3; mutual TLS from every node, each with its own client certificate and NATS user, and TLS on the cluster's routes) and five node processes (secretariat + four national, SQLite each), as \`npm run federation\` starts them; a vote is answered once the voter's node has signed it, published it, received it back from the stream and applied it; "applied on all 5" is the last node's apply time minus the act's own time (one machine, one clock). Single node: the same votes on one standalone node (embedded, holding every key) in the same run. Everything on one 2-core machine shared with other work: seven processes on two cores for the federation.`,
    '',
    table(
      [
        'setup',
        'votes',
        'votes/s',
        'answer p50 (ms)',
        'answer p99 (ms)',
        'applied on all p50 (ms)',
        'applied on all p99 (ms)',
      ],
      [row('single node', single, false), row('federation (5 nodes, NATS R3)', fed, true)],
    ),
    '',
    `Machine load average (1 min) ${fmt(loadBefore, 1)} before and ${fmt(loadAfter, 1)} after the run: figures taken on a busy machine are upper bounds.`,
    '',
    'Catch-up of a node 10,000 acts behind and the cost of a checkpoint and its cosignatures: "Alliance log: catch-up, checkpoint and cosignature" (`npm run bench -- alliance-tlog`).',
  ].join('\n');
}
