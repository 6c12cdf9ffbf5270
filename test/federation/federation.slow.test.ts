import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { keyId } from '../../src/core/crypto.js';
import { makeRegistration } from '../../src/federation/directory.js';
import {
  ENVELOPE_VERSION,
  signEnvelope,
  type AllianceEnvelope,
} from '../../src/federation/envelope.js';
import { TEST_PG_URL } from '../../src/store/testing.js';
import { runCliAsync } from '../support/cli.js';
import {
  natsClientOptions,
  startFederation,
  waitUntil,
  type Federation,
  type NodeHandle,
} from '../../scripts/federation/harness.js';

/**
 * The federation on loopback, as members would run it: three clustered nats-server processes with JetStream
 * (the alliance stream replicated R3), mutual TLS from every client (a CA made for the run, a client
 * certificate and a NATS user per member, the harness's one TLS helper) and TLS on the cluster's routes,
 * and five node processes, each holding only its own key: the
 * secretariat and SAU and KWT on SQLite, QAT and OMN on PostgreSQL. Slow: processes start through tsx.
 */
vi.setConfig({ testTimeout: 900_000, hookTimeout: 600_000 });

const baseDir = mkdtempSync(join(tmpdir(), 'tahaluf-federation-test-'));
const run = process.env.TAHALUF_TEST_RUN ?? Date.now().toString(36);
const schema = (actor: string) =>
  `t_${run}_fed_${actor.toLowerCase()}_${randomBytes(3).toString('hex')}`;
const streamName = `ALLIANCE_${randomBytes(3).toString('hex')}`;
let fed: Federation;
let nodes: NodeHandle[];

beforeAll(async () => {
  fed = await startFederation({
    baseDir,
    streamName,
    tls: true,
    mutualTls: true,
    nodes: [
      { actor: 'SECRETARIAT' },
      { actor: 'QAT', databaseUrl: TEST_PG_URL, pgSchema: schema('QAT') },
      { actor: 'SAU' },
      { actor: 'OMN', databaseUrl: TEST_PG_URL, pgSchema: schema('OMN') },
      { actor: 'KWT', pinned: false },
    ],
  });
  nodes = Object.values(fed.nodes);
});

afterAll(async () => {
  await fed?.stop();
  rmSync(baseDir, { recursive: true, force: true });
});

interface Status {
  lastStreamSeq: number;
  applied: number;
  rejected: number;
  logHash: string | null;
  connected: boolean;
}
interface Entry {
  streamSeq: number;
  status: string;
  code: string | null;
  actId: string | null;
  envelope: AllianceEnvelope;
}
interface Procedure {
  id: string;
  status: string;
  votes: { member: string; choice: string }[];
  positions: { member: string }[];
  outcome: { status: string } | null;
}

const post = async <T>(node: NodeHandle, path: string, body: unknown): Promise<T> => {
  const res = await node.api<T>('POST', path, body);
  expect([200, 201], `${node.actor} POST ${path}: ${JSON.stringify(res.body)}`).toContain(
    res.status,
  );
  return res.body;
};
const get = async <T>(node: NodeHandle, path: string): Promise<T> => {
  const res = await node.api<T>('GET', path);
  expect(res.status, `${node.actor} GET ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
};
const statusOf = (node: NodeHandle) => get<Status>(node, '/api/federation/status');

/** Waits until every node has applied the stream up to the same position, then returns their statuses. */
async function converged(atLeast: number): Promise<Status[]> {
  return waitUntil(
    `every node to apply the alliance log up to ${atLeast}`,
    async () => {
      const all = await Promise.all(nodes.map(statusOf));
      const top = Math.max(...all.map((s) => s.lastStreamSeq));
      return top >= atLeast && all.every((s) => s.lastStreamSeq === top) ? all : null;
    },
    120_000,
  );
}

/** The NATS server that leads the alliance stream's replica group. */
async function streamLeader() {
  const nc = await natsAs('ADMIN');
  try {
    const info = await (await jetstreamManager(nc)).streams.info(streamName);
    const server = fed.nats.find((n) => n.name === info.cluster?.leader?.replace('alliance-', ''));
    expect(server, `stream leader ${info.cluster?.leader}`).toBeDefined();
    return server!;
  } finally {
    await nc.close();
  }
}

/** Waits until `node` has applied the alliance log as far as `source` had (a member votes on what it sees). */
async function caughtUp(node: NodeHandle, source: NodeHandle): Promise<void> {
  const target = (await statusOf(source)).lastStreamSeq;
  await waitUntil(
    `${node.actor} to apply the alliance log up to ${target}`,
    async () => (await statusOf(node)).lastStreamSeq >= target,
    120_000,
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n${node.actor}'s output:\n${node.log.join('').slice(-3000)}`);
  });
}

const natsAs = (who: string) => connect(natsClientOptions(fed, who));

/**
 * How a connection attempt ends, within 20 s: over several servers a TLS handshake the server refuses can
 * leave the client's promise pending forever (seen with @nats-io/transport-node), which is no connection.
 */
async function connectOutcome(
  options: Parameters<typeof connect>[0],
): Promise<'connected' | 'refused' | 'no connection'> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = connect(options).then(
    async (nc) => {
      await nc.close();
      return 'connected' as const;
    },
    () => 'refused' as const,
  );
  const limit = new Promise<'no connection'>((r) => {
    timer = setTimeout(() => r('no connection'), 20_000);
  });
  try {
    return await Promise.race([attempt, limit]);
  } finally {
    clearTimeout(timer);
  }
}

const acknowledged: string[] = [];
let decisionId = '';

it('#12 a GCC consultation and then a decision, each vote cast on its own node, survive a NATS server and a national node killed with SIGKILL', async () => {
  const { SECRETARIAT: sec, QAT: qat, SAU: sau, OMN: omn, KWT: kwt } = fed.nodes;
  // The servers take clients over TLS only, and only with a certificate the alliance's CA signed.
  for (const server of fed.nats) expect(server.log.join('')).toMatch(/TLS required for client/);
  expect(await connectOutcome(natsClientOptions(fed, 'QAT', { withCert: false }))).not.toBe(
    'connected',
  );
  expect(await connectOutcome(natsClientOptions(fed, 'QAT', { withCa: false }))).not.toBe(
    'connected',
  );
  // KWT joins: its key is registered by a secretariat act on the alliance log.
  const registered = await post<{ streamSeq: number }>(
    sec,
    '/api/federation/keys',
    makeRegistration(kwt.dataDir, 'KWT'),
  );
  await converged(registered.streamSeq);

  const consultation = await post<Procedure>(qat, '/api/council/procedures', {
    charterId: 'gcc',
    kind: 'consultation',
    title: 'Consultations on attacks on shipping',
    matter: 'gulf-shipping',
    grounds: ['security'],
  });
  for (const node of [sau, omn]) {
    await caughtUp(node, qat);
    const r = await post<{ act: { id: string } }>(
      node,
      `/api/council/procedures/${consultation.id}/acts`,
      { act: 'position', stance: 'supports', statement: `${node.actor} stands with Qatar.` },
    );
    acknowledged.push(r.act.id);
  }

  // During the procedure: one NATS server (the stream's leader, so a new one must be elected) and one
  // national node die without warning.
  const leader = await streamLeader();
  await Promise.all([fed.kill(leader), fed.kill(kwt)]);
  await post(qat, `/api/council/procedures/${consultation.id}/close`, { summary: 'heard' });
  const decision = await post<Procedure>(qat, '/api/council/procedures', {
    charterId: 'gcc',
    kind: 'decision',
    decisionType: 'use_of_force',
    title: 'Joint maritime patrols',
    matter: 'gulf-shipping',
  });
  decisionId = decision.id;
  for (const node of [qat, sau, omn]) {
    await caughtUp(node, qat);
    const r = await post<{ act: { id: string } }>(
      node,
      `/api/council/procedures/${decision.id}/acts`,
      { act: 'vote', choice: 'yes' },
    );
    acknowledged.push(r.act.id);
  }

  // Both come back; KWT catches up from its last applied position, then votes on its own node.
  await fed.restartNats(leader);
  await fed.restartNode(kwt);
  await waitUntil('KWT to catch up with the decision', async () => {
    const res = await kwt.api<Procedure>('GET', `/api/council/procedures/${decision.id}`);
    return res.status === 200 && res.body.votes.length === 3;
  });
  const kwtVote = await post<{ act: { id: string } }>(
    kwt,
    `/api/council/procedures/${decision.id}/acts`,
    { act: 'vote', choice: 'yes' },
  );
  acknowledged.push(kwtVote.act.id);
  const head = await statusOf(qat);
  const statuses = await converged(head.lastStreamSeq);

  // Every node: the same applied log (hash), the same votes and live tally.
  expect(new Set(statuses.map((s) => s.logHash)).size).toBe(1);
  expect(new Set(statuses.map((s) => s.applied)).size).toBe(1);
  for (const node of nodes) {
    const p = await get<Procedure>(node, `/api/council/procedures/${decision.id}`);
    expect(p.votes.map((v) => `${v.member}:${v.choice}`).sort(), node.actor).toEqual([
      'KWT:yes',
      'OMN:yes',
      'QAT:yes',
      'SAU:yes',
    ]);
    const c = await get<Procedure>(node, `/api/council/procedures/${consultation.id}`);
    expect(c.status).toBe('closed');
    // Nothing acknowledged is lost, nothing is applied twice.
    const log = await get<{ entries: Entry[] }>(
      node,
      '/api/federation/log?status=applied&limit=1000',
    );
    const ids = log.entries.map((e) => e.actId);
    expect(new Set(ids).size, node.actor).toBe(ids.length);
    for (const id of acknowledged) expect(ids, `${node.actor} lacks ${id}`).toContain(id);
  }
});

it('#12 a node publishing an act signed for another member, an altered act, a replayed act and a vote by a non-member are rejected by every node, with the evidence', async () => {
  const { SECRETARIAT: sec, QAT: qat, SAU: sau } = fed.nodes;
  expect(decisionId).not.toBe('');
  // EGY gets a registered key (it is a state, but not a GCC member).
  const egyDir = mkdtempSync(join(baseDir, 'egy-'));
  const egyRegistration = makeRegistration(egyDir, 'EGY');
  await post(sec, '/api/federation/keys', egyRegistration);

  // QAT's NATS credentials cannot publish under another member's subjects.
  const qatConnection = await natsAs('QAT');
  try {
    const refused = await jetstream(qatConnection, { timeout: 5000 })
      .publish('alliance.SAU.council.vote', '{}')
      .then(
        () => null,
        (e: Error) => e,
      );
    expect(refused?.message).toMatch(/permission|timeout/i);
  } finally {
    await qatConnection.close();
  }

  // A rogue publisher past the servers' permissions (their operator's credentials, as a compromised NATS
  // server would be): it holds QAT's key (QAT's node turned bad) and EGY's. Every node still refuses.
  const nc = await natsAs('ADMIN');
  try {
    const js = jetstream(nc, { timeout: 10_000 });
    const pemOf = (dir: string, actor: string) =>
      readFileSync(join(dir, 'keys', `${actor}.pem`), 'utf8').split(
        /(?=-----BEGIN PUBLIC KEY-----)/,
      );
    const [qatPrivate, qatPublic] = pemOf(qat.dataDir, 'QAT');
    const [egyPrivate, egyPublic] = pemOf(egyDir, 'EGY');
    const unsigned = (actor: string, publicKey: string, payload: Record<string, unknown>) => ({
      v: ENVELOPE_VERSION,
      id: `act_rogue${randomBytes(8).toString('hex')}`,
      at: new Date().toISOString(),
      actor,
      keyId: keyId(publicKey),
      type: 'council.vote',
      subject: decisionId,
      payload: { procedureId: decisionId, ...payload },
    });
    const publish = (e: AllianceEnvelope) =>
      js.publish(`alliance.${e.actor}.${e.type}`, JSON.stringify(e), {
        msgID: randomBytes(8).toString('hex'),
      });

    const forged = signEnvelope(unsigned('BHR', qatPublic, { choice: 'no' }), qatPrivate);
    const sauLog = await get<{ entries: Entry[] }>(
      sau,
      '/api/federation/log?status=applied&limit=1000',
    );
    const sauVote = sauLog.entries.find(
      (e) => e.envelope.actor === 'SAU' && e.envelope.type === 'council.vote',
    )!.envelope;
    const altered = { ...sauVote, payload: { ...(sauVote.payload as object), choice: 'no' } };
    const outsider = signEnvelope(unsigned('EGY', egyPublic, { choice: 'no' }), egyPrivate);
    const acks: { seq: number }[] = [];
    for (const e of [forged, altered, sauVote, outsider]) acks.push(await publish(e));
    await converged(Math.max(...acks.map((a) => a.seq)));

    for (const node of nodes) {
      const rejected = await get<{ entries: Entry[] }>(node, '/api/federation/rejected');
      const codeOf = (seq: number) => rejected.entries.find((e) => e.streamSeq === seq)?.code;
      expect(
        acks.map((a) => codeOf(a.seq)),
        node.actor,
      ).toEqual(['key_not_of_actor', 'bad_signature', 'replay', 'not_a_member']);
      // The evidence is the message as received.
      expect(rejected.entries.find((e) => e.streamSeq === acks[1].seq)?.envelope).toMatchObject({
        id: sauVote.id,
        payload: { choice: 'no' },
      });
      const p = await get<Procedure>(node, `/api/council/procedures/${decisionId}`);
      expect(p.votes.map((v) => `${v.member}:${v.choice}`).sort()).toEqual([
        'KWT:yes',
        'OMN:yes',
        'QAT:yes',
        'SAU:yes',
      ]);
    }
  } finally {
    await nc.close();
  }

  // The evidence is shown by the CLI too (SAU's node, read while it serves).
  const cli = await runCliAsync(['federation', 'rejected'], {
    TAHALUF_MODE: 'national',
    TAHALUF_MEMBER: 'SAU',
    TAHALUF_DATA_DIR: sau.dataDir,
    TAHALUF_ALLIANCE_NATS: fed.nats.map((n) => n.url).join(','),
    TAHALUF_ALLIANCE_DIRECTORY: fed.directoryFile,
    TAHALUF_ALLIANCE_TLS_CA: fed.tls!.caFile,
    TAHALUF_ALLIANCE_TLS_CERT: fed.tls!.clients.SAU.certFile,
    TAHALUF_ALLIANCE_TLS_KEY: fed.tls!.clients.SAU.keyFile,
  });
  expect(cli.status, cli.stderr).toBe(0);
  for (const code of ['key_not_of_actor', 'bad_signature', 'replay', 'not_a_member'])
    expect(cli.stdout).toContain(code);

  // The decision closes on QAT's node; every node computes the same outcome and log hash.
  await post(qat, `/api/council/procedures/${decisionId}/close`, {});
  const statuses = await converged((await statusOf(qat)).lastStreamSeq);
  expect(new Set(statuses.map((s) => s.logHash)).size).toBe(1);
  for (const node of nodes) {
    const p = await get<Procedure>(node, `/api/council/procedures/${decisionId}`);
    expect({ node: node.actor, status: p.status, outcome: p.outcome?.status }).toEqual({
      node: node.actor,
      status: 'closed',
      outcome: 'adopted',
    });
  }
});

interface CheckpointView {
  size: number;
  rootHash: string;
  note: string;
  cosigners: { witness: string }[];
}
interface CheckpointSummary {
  node: string;
  quorum: number;
  treeSize: number;
  latest: CheckpointView | null;
  final: CheckpointView | null;
  warning: string | null;
}

it('#12 every node ends with the same alliance checkpoint root, and a final checkpoint carries the cosignatures of the quorum', async () => {
  const size = (await statusOf(fed.nodes.QAT)).lastStreamSeq;
  const summaries = await waitUntil(
    'every node to hold a final checkpoint of the whole alliance log',
    async () => {
      const all = await Promise.all(
        nodes.map((n) => get<CheckpointSummary>(n, '/api/federation/checkpoint')),
      );
      return all.every((s) => s.final?.size === size && s.latest?.size === size) && all;
    },
    120_000,
  );
  expect(new Set(summaries.map((s) => s.final!.rootHash)).size).toBe(1);
  for (const s of summaries) {
    expect(s.quorum).toBe(3);
    expect(s.final!.cosigners.length, s.node).toBeGreaterThanOrEqual(3);
    // The note carries each cosigner's line (C2SP tlog-cosignature), the body names the alliance log.
    expect(
      s.final!.note.startsWith(`tahaluf/alliance/gcc\n${size}\n${s.final!.rootHash}\n\n`),
    ).toBe(true);
    for (const c of s.final!.cosigners)
      expect(s.final!.note).toContain(
        `\u2014 tahaluf/alliance-witness/${c.witness.toLowerCase()} `,
      );
    expect(s.warning, s.node).toBeNull();
  }
  // Proofs from one node verify against the root every node holds.
  const proof = await get<{ rootHash: string; proof: string[] }>(
    fed.nodes.OMN,
    `/api/federation/proof/inclusion?streamSeq=1&treeSize=${size}`,
  );
  expect(proof.rootHash).toBe(summaries[0].final!.rootHash);
  const consistency = await get<{ fromRoot: string; toRoot: string }>(
    fed.nodes.SAU,
    `/api/federation/proof/consistency?from=1&to=${size}`,
  );
  expect(consistency.toRoot).toBe(summaries[0].final!.rootHash);
});

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* filesUnder(p);
    else yield p;
  }
}

it("#12 no private key of one member is readable by another member's node (files, database and API of every node)", async () => {
  const privateKeyBody = (node: NodeHandle) =>
    readFileSync(join(node.dataDir, 'keys', `${node.actor}.pem`), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'))
      .join('');
  const secrets = Object.fromEntries(nodes.map((n) => [n.actor, privateKeyBody(n)]));
  for (const node of nodes) {
    // Its key folder holds its own key only.
    expect(readdirSync(join(node.dataDir, 'keys')), node.actor).toEqual([`${node.actor}.pem`]);
    // No other member's private key anywhere in its files (SQLite database and WAL included)…
    const others = Object.entries(secrets).filter(([actor]) => actor !== node.actor);
    for (const file of filesUnder(node.dataDir)) {
      const bytes = readFileSync(file).toString('latin1');
      for (const [actor, secret] of others)
        expect(bytes.includes(secret), `${actor}'s private key in ${file}`).toBe(false);
    }
    // …nor in its PostgreSQL schema…
    if (node.schema) {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        const tables = await client.query<{ table_name: string }>(
          'select table_name from information_schema.tables where table_schema = $1',
          [node.schema],
        );
        for (const { table_name } of tables.rows) {
          const rows = await client.query<{ t: string }>(
            `select row_to_json(x)::text as t from "${node.schema}"."${table_name}" x`,
          );
          const text = rows.rows.map((r) => r.t).join('\n');
          for (const [actor, secret] of Object.entries(secrets))
            expect(
              text.includes(secret),
              `${actor}'s private key in ${node.schema}.${table_name}`,
            ).toBe(false);
        }
      } finally {
        await client.end();
      }
    }
    // …nor in anything its API serves.
    for (const path of [
      '/api/identities',
      '/api/federation/keys',
      '/api/federation/status',
      '/api/federation/log?limit=1000',
      '/api/federation/rejected',
      '/api/record?limit=1000',
    ]) {
      const res = await fetch(node.url + path, {
        headers: { authorization: `Bearer ${node.token()}` },
      });
      const text = await res.text();
      expect(res.status, `${node.actor} ${path}`).toBe(200);
      expect(text).not.toContain('PRIVATE KEY');
      for (const [actor, secret] of Object.entries(secrets))
        expect(
          text.includes(secret),
          `${actor}'s private key served by ${node.actor} ${path}`,
        ).toBe(false);
    }
  }
});
