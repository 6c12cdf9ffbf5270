// The alliance log (docs/federation.md): catch-up of a node 10,000 acts behind over the real NATS
// JetStream at 127.0.0.1:4222 (every act verified and applied by the council's rules, the Merkle tree
// extended, the checkpoint cosigned), then the cost of a checkpoint + cosignature by this node's witness
// (tree extended, root, consistency proof, witness state fsynced) and of checking another node's cosignature.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { loadConfig } from '../src/core/config.js';
import { generateEd25519, keyId, type KeyPair } from '../src/core/crypto.js';
import { checkpointText, cosign, COSIGNATURE_ED25519 } from '../src/core/signed-note.js';
import { openNode } from '../src/app/node.js';
import { openStore } from '../src/store/database.js';
import { councilModule } from '../src/council/module.js';
import { witnessName } from '../src/federation/alliance-tlog.js';
import { ENVELOPE_VERSION, envelopeSubject, signEnvelope } from '../src/federation/envelope.js';
import { fmt, nowMs, percentile, table } from './support.js';

const BEHIND = Number(process.env.ALLIANCE_BENCH_ACTS ?? 10_000);
const ROUNDS = 30;
const NATS = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const ACTORS = ['SECRETARIAT', 'QAT', 'SAU', 'OMN', 'KWT'];

/** A consultation per five acts: opened by QAT, a position each from SAU, OMN and KWT, closed by QAT. */
function* acts(keys: Record<string, KeyPair>, count: number) {
  let n = 0;
  const sign = (actor: string, type: string, subject: string, payload: object) =>
    signEnvelope(
      {
        v: ENVELOPE_VERSION,
        id: `act_b${(++n).toString(36)}${randomBytes(4).toString('hex')}`,
        at: new Date().toISOString(),
        actor,
        keyId: keyId(keys[actor].publicKeyPem),
        type,
        subject,
        payload,
      },
      keys[actor].privateKeyPem,
    );
  for (let p = 0; n < count; p++) {
    const id = `proc_bench${p.toString().padStart(8, '0')}`;
    yield sign('QAT', 'council.procedure.opened', id, {
      procedureId: id,
      charterId: 'gcc',
      kind: 'consultation',
      title: `Consultation ${p}`,
      matter: `bench-${p}`,
      grounds: ['security'],
      deadline: null,
    });
    for (const m of ['SAU', 'OMN', 'KWT'])
      yield sign(m, 'council.position', id, {
        procedureId: id,
        stance: 'supports',
        statement: 'Noted.',
      });
    yield sign('QAT', 'council.procedure.closed', id, { procedureId: id, summary: 'heard' });
  }
}

export default async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tahaluf-alliance-bench-'));
  const tag = randomBytes(3).toString('hex');
  const stream = `BENCH_${tag}`;
  const prefix = `bench${tag}`;
  const keys = Object.fromEntries(ACTORS.map((a) => [a, generateEd25519()]));
  const directoryFile = join(dir, 'directory.json');
  writeFileSync(
    directoryFile,
    JSON.stringify({
      alliance: 'GCC',
      witnessQuorum: 2,
      keys: ACTORS.map((actor) => ({ actor, publicKey: keys[actor].publicKeyPem })),
    }),
  );
  const nc = await connect({ servers: NATS.replace('nats://', '') });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
  try {
    // The stream already holds BEHIND acts when the node starts.
    // Acks can take seconds on a loaded machine: a long timeout, fewer in flight.
    const js = jetstream(nc, { timeout: 60_000 });
    const published = nowMs();
    const pending: Promise<unknown>[] = [];
    for (const e of acts(keys, BEHIND)) {
      pending.push(
        js.publish(envelopeSubject(prefix, e.actor, e.type), JSON.stringify(e), { msgID: e.id }),
      );
      if (pending.length >= 200) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    const publishMs = nowMs() - published;

    /**
     * A fresh OMN node (its own data folder) catches up with the whole stream. `statementCache: false` is
     * the code before prepared statements were cached (Kysely prepares every query), in the same run.
     */
    const catchUp = async (label: string, statementCache: boolean) => {
      const config = loadConfig({
        TAHALUF_MODE: 'national',
        TAHALUF_MEMBER: 'OMN',
        TAHALUF_DATA_DIR: join(dir, label),
        TAHALUF_ALLIANCE_NATS: NATS,
        TAHALUF_ALLIANCE_DIRECTORY: directoryFile,
        TAHALUF_ALLIANCE_STREAM: stream,
        TAHALUF_ALLIANCE_SUBJECT: prefix,
      });
      const store = await openStore({
        sqliteFile: join(config.dataDir, 'tahaluf.sqlite'),
        statementCache,
      });
      const node = await openNode(config, { modules: [councilModule], seedModules: false, store });
      const alliance = node.alliance!;
      const load = loadavg()[0];
      const started = nowMs();
      await alliance.start();
      const deadline = Date.now() + 30 * 60_000;
      while ((await alliance.status()).lastStreamSeq < BEHIND && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      const appliedMs = nowMs() - started;
      // The node's witness cosigns the whole log once it has caught up (debounced after the last act).
      while ((await alliance.tlog.summary()).latest?.size !== BEHIND && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const cosignedMs = nowMs() - started;
      const status = await alliance.status();
      await alliance.stop();
      return {
        node,
        alliance,
        appliedMs,
        cosignedMs,
        status,
        load: `${fmt(load, 1)} → ${fmt(loadavg()[0], 1)}`,
        close: async () => {
          await node.close();
          await store.close();
        },
      };
    };
    const uncached = await catchUp('omn-uncached', false);
    await uncached.close();
    const cached = await catchUp('omn', true);
    const { alliance, appliedMs, cosignedMs, status } = cached;
    try {
      // Checkpoint + cosignature after 10 new messages, then a cosignature of another node checked.
      let seq = BEHIND;
      const checkpointMs: number[] = [];
      const receiveMs: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < 10; i++)
          await alliance.processMessage(
            `${prefix}.QAT.council.vote`,
            '{"bench":true}',
            ++seq,
            new Date().toISOString(),
          );
        let t = nowMs();
        const note = await alliance.tlog.checkpoint();
        checkpointMs.push(nowMs() - t);
        if (!note) throw new Error('the witness did not cosign');
        const root = note.split('\n')[2];
        const body = checkpointText({ origin: alliance.tlog.origin, size: seq, rootHash: root });
        const line = cosign(
          body,
          {
            name: witnessName('SAU'),
            publicKeyPem: keys.SAU.publicKeyPem,
            type: COSIGNATURE_ED25519,
          },
          keys.SAU.privateKeyPem,
          Math.floor(Date.now() / 1000),
        );
        t = nowMs();
        const verdict = await alliance.tlog.receive('SAU', `${body}\n${line}`);
        receiveMs.push(nowMs() - t);
        if (verdict !== 'matches') throw new Error(`SAU's cosignature: ${verdict}`);
      }
      const final = (await alliance.tlog.summary()).final;
      return [
        '## Alliance log: catch-up, checkpoint and cosignature',
        '',
        `\`npm run bench -- alliance-tlog\`. One node (OMN, SQLite file, its own data folder) starts ${fmt(BEHIND, 0)} acts behind: the stream on the NATS server at ${NATS} already holds ${BEHIND / 5} GCC consultations (opened, three positions, closed), each act signed by its member. It consumes them, verifies each (subject, key of the actor, signature, replay, clock, the council's charter rules at the act's time) and applies it with its projection rows in one transaction, extends the alliance Merkle tree and has its witness cosign the checkpoint. Then ${ROUNDS} rounds of 10 new messages: the checkpoint with this node's cosignature (tree extended, root, consistency proof from the last cosigned size, witness state written and fsynced), and checking another member's cosignature of the same checkpoint (Ed25519 verification, comparison with this node's root, stored).`,
        '',
        table(
          ['measure', 'value'],
          [
            [
              `publishing the ${fmt(BEHIND, 0)} acts (200 in flight)`,
              `${fmt(publishMs / 1000, 1)} s`,
            ],
            [
              `catch-up: all ${fmt(BEHIND, 0)} verified and applied`,
              `${fmt(appliedMs / 1000, 1)} s (${fmt(BEHIND / (appliedMs / 1000), 0)} acts/s; load average ${cached.load})`,
            ],
            [
              'the same, same run, statements not cached (Kysely prepares every query)',
              `${fmt(uncached.appliedMs / 1000, 1)} s (${fmt(BEHIND / (uncached.appliedMs / 1000), 0)} acts/s; load average ${uncached.load}); cached / not cached: ${fmt(uncached.appliedMs / appliedMs, 2)}× faster`,
            ],
            [
              'against the 623.3 s of the code of 3 Dec 17:01Z (earlier run, load ~19)',
              `${fmt(623_300 / appliedMs, 1)}× faster (target 10×)`,
            ],
            [
              'catch-up to the checkpoint of the whole log cosigned',
              `${fmt(cosignedMs / 1000, 1)} s`,
            ],
            [
              'applied / rejected after catch-up (cached; not cached)',
              `${status.applied} / ${status.rejected}; ${uncached.status.applied} / ${uncached.status.rejected}`,
            ],
            [
              'checkpoint + own cosignature after 10 messages, p50 / p99',
              `${fmt(percentile(checkpointMs, 50))} / ${fmt(percentile(checkpointMs, 99))} ms`,
            ],
            [
              "another node's cosignature checked, p50 / p99",
              `${fmt(percentile(receiveMs, 50))} / ${fmt(percentile(receiveMs, 99))} ms`,
            ],
            [
              'final checkpoint (quorum 2) at the end',
              final
                ? `size ${final.size}, cosigned by ${final.cosigners.map((c) => c.witness).join(', ')}`
                : 'none',
            ],
          ],
        ),
      ].join('\n');
    } finally {
      await cached.close();
    }
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
