import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json.js';
import { generateEd25519, keyId, signEd25519 } from '../../src/core/crypto.js';
import { fromBase64, leafHash, verifyConsistency, verifyInclusion } from '../../src/core/merkle.js';
import { checkpointText, cosign, COSIGNATURE_ED25519 } from '../../src/core/signed-note.js';
import { systemClock } from '../../src/core/clock.js';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { describeEachDialect } from '../../src/store/testing.js';
import { KEY_REGISTERED } from '../../src/federation/alliance-log.js';
import {
  allianceLeafData,
  AllianceTransparency,
  witnessName,
} from '../../src/federation/alliance-tlog.js';
import { ENVELOPE_VERSION, signEnvelope } from '../../src/federation/envelope.js';
import type { AllianceTlogTables } from '../../src/federation/tlog-repository.js';
import type { FederationTables } from '../../src/federation/repository.js';

/**
 * The alliance log as a Merkle tree and its cross-node witnessing, without NATS: four nodes are fed the
 * same stream messages (registrations of their own keys by the secretariat, then acts), cosign their
 * checkpoints and hand each other the cosigned notes, as they would over NATS.
 */
const secretariat = generateEd25519();
const dir = mkdtempSync(join(tmpdir(), 'tahaluf-alliance-tlog-'));
const directoryFile = join(dir, 'directory.json');
writeFileSync(
  directoryFile,
  JSON.stringify({
    alliance: 'GCC',
    witnessQuorum: 3,
    keys: [{ actor: 'SECRETARIAT', publicKey: secretariat.publicKeyPem }],
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MEMBERS = ['QAT', 'SAU', 'OMN', 'KWT'] as const;
let counter = 0;

function message(
  seq: number,
  body: string,
  subject = 'alliance.SECRETARIAT.alliance.key.registered',
) {
  return { subject, body, seq, time: new Date().toISOString() };
}

/** The secretariat's act registering a node's key (the node proves possession with its private key). */
function registration(member: string, publicKey: string, privateKey: string): string {
  const id = keyId(publicKey);
  const proof = signEd25519(
    privateKey,
    canonicalJson({ purpose: 'tahaluf-alliance-key', member, keyId: id }),
  );
  return JSON.stringify(
    signEnvelope(
      {
        v: ENVELOPE_VERSION,
        id: `act_tlog${++counter}`,
        at: new Date().toISOString(),
        actor: 'SECRETARIAT',
        keyId: keyId(secretariat.publicKeyPem),
        type: KEY_REGISTERED,
        subject: `key:${id}`,
        payload: { member, keyId: id, publicKey, proof },
      },
      secretariat.privateKeyPem,
    ),
  );
}

describeEachDialect('alliance log as a Merkle tree, witnessed by every node', (dialect) => {
  const nodes: Record<string, TestNode> = {};
  const stream: ReturnType<typeof message>[] = [];
  const feed = async (only?: string[]) => {
    for (const actor of only ?? MEMBERS)
      for (const m of stream)
        await nodes[actor].alliance!.processMessage(m.subject, m.body, m.seq, m.time);
  };
  /** Each node cosigns; every note reaches every other node. */
  const exchange = async (actors: readonly string[] = MEMBERS) => {
    const notes: [string, string][] = [];
    for (const a of actors) {
      const note = await nodes[a].alliance!.checkpointAndPublish();
      if (note) notes.push([a, note]);
    }
    for (const [from, note] of notes)
      for (const to of actors) if (to !== from) await nodes[to].alliance!.tlog.receive(from, note);
    return notes;
  };

  beforeAll(async () => {
    for (const actor of MEMBERS)
      nodes[actor] = await openTestNode({
        dialect,
        env: {
          TAHALUF_MODE: 'national',
          TAHALUF_MEMBER: actor,
          TAHALUF_ALLIANCE_NATS: 'nats://127.0.0.1:4222',
          TAHALUF_ALLIANCE_DIRECTORY: directoryFile,
        },
        modules: [],
      });
    for (const actor of MEMBERS) {
      const key = await nodes[actor].keyring.keyFor(actor);
      stream.push(
        message(stream.length + 1, registration(actor, key.publicKeyPem, key.privateKeyPem)),
      );
    }
    stream.push(message(stream.length + 1, '{not json', 'alliance.QAT.council.vote'));
  });
  afterAll(async () => {
    for (const n of Object.values(nodes)) await n.close();
  });

  it('#12 every node builds the same tree; a checkpoint cosigned by the quorum is final, with proofs that verify', async () => {
    await feed();
    await exchange();
    const summaries = await Promise.all(MEMBERS.map((a) => nodes[a].alliance!.tlog.summary()));
    expect(new Set(summaries.map((s) => s.latest?.rootHash)).size).toBe(1);
    for (const s of summaries) {
      expect(s.final?.size).toBe(5);
      expect(s.final?.cosigners.map((c) => c.witness).sort()).toEqual([...MEMBERS].sort());
      expect(s.warning).toBeNull();
    }
    // The final note carries every member's cosignature line (C2SP tlog-cosignature).
    const final = summaries[0].final!;
    expect(
      final.note.startsWith(
        checkpointText({ origin: 'tahaluf/alliance/gcc', size: 5, rootHash: final.rootHash }),
      ),
    ).toBe(true);
    for (const m of MEMBERS) expect(final.note).toContain(`\u2014 ${witnessName(m)} `);

    // Inclusion: the leaf recomputed from the message as received, up to the final root.
    const tlog = nodes.SAU.alliance!.tlog;
    const m = stream[4];
    const proof = await tlog.inclusion(5, 5);
    const leaf = leafHash(
      allianceLeafData(
        {
          stream_seq: 5,
          nats_subject: m.subject,
          stream_time: m.time,
          envelope: m.body,
          actor: null,
          type: null,
        },
        'alliance',
      ),
    );
    expect(
      verifyInclusion(4, 5, leaf, proof.proof.map(fromBase64), fromBase64(final.rootHash)),
    ).toBe(true);
    const altered = leafHash(
      allianceLeafData(
        {
          stream_seq: 5,
          nats_subject: m.subject,
          stream_time: m.time,
          envelope: '{not json!',
          actor: null,
          type: null,
        },
        'alliance',
      ),
    );
    expect(
      verifyInclusion(4, 5, altered, proof.proof.map(fromBase64), fromBase64(final.rootHash)),
    ).toBe(false);

    // The log grows: the new final checkpoint is consistent with the old one.
    stream.push(message(6, '{"garbage":1}', 'alliance.OMN.council.vote'));
    await feed();
    await exchange();
    const next = (await tlog.summary()).final!;
    expect(next.size).toBe(6);
    const c = await tlog.consistency(5, 6);
    expect(
      verifyConsistency(
        5,
        6,
        fromBase64(final.rootHash),
        fromBase64(next.rootHash),
        c.proof.map(fromBase64),
      ),
    ).toBe(true);
  });

  it('#12 a node holding a forked log is caught by every other node (split view), and it catches them; both signed notes are kept', async () => {
    // KWT's copy of message 7 differs (a forked stream, or an edited copy): the tree diverges.
    stream.push(message(7, '{"x":1}', 'alliance.SAU.council.vote'));
    await feed(['QAT', 'SAU', 'OMN']);
    await nodes.KWT.alliance!.processMessage(
      'alliance.SAU.council.vote',
      '{"x":2}',
      7,
      stream[6].time,
    );
    await exchange();
    for (const a of ['QAT', 'SAU', 'OMN']) {
      const evidence = await nodes[a].alliance!.tlog.evidence();
      expect(evidence.map((e) => `${e.kind}:${e.witness}:${e.size}`)).toEqual(['split_view:KWT:7']);
      expect(evidence[0].held).toContain('tahaluf/alliance/gcc\n7\n');
      expect(evidence[0].offered).toContain(`\u2014 ${witnessName('KWT')} `);
      expect((await nodes[a].alliance!.tlog.summary()).warning).toMatch(
        /inconsistent signed checkpoints/,
      );
    }
    const kwt = await nodes.KWT.alliance!.tlog.evidence();
    expect(kwt.map((e) => `${e.kind}:${e.witness}`).sort()).toEqual([
      'split_view:OMN',
      'split_view:QAT',
      'split_view:SAU',
    ]);
    // The three honest nodes still make size 7 final among themselves (quorum 3); KWT's view is not.
    expect(
      (await nodes.QAT.alliance!.tlog.summary()).final?.cosigners.map((c) => c.witness).sort(),
    ).toEqual(['OMN', 'QAT', 'SAU']);
    expect((await nodes.KWT.alliance!.tlog.summary()).final?.size).toBe(6);
  });

  it('#12 a witness that cosigns two roots for one size is recorded as equivocating', async () => {
    const key = await nodes.OMN.keyring.keyFor('OMN');
    const forged = checkpointText({
      origin: 'tahaluf/alliance/gcc',
      size: 7,
      rootHash: Buffer.alloc(32, 7).toString('base64'),
    });
    const line = cosign(
      forged,
      { name: witnessName('OMN'), publicKeyPem: key.publicKeyPem, type: COSIGNATURE_ED25519 },
      key.privateKeyPem,
      Math.floor(Date.now() / 1000),
    );
    expect(await nodes.SAU.alliance!.tlog.receive('OMN', `${forged}\n${line}`)).toBe(
      'equivocation',
    );
    // A note whose cosignature is not OMN's key is ignored, not recorded against OMN.
    expect(await nodes.SAU.alliance!.tlog.receive('QAT', `${forged}\n${line}`)).toMatch(/^ignored/);
    const kinds = (await nodes.SAU.alliance!.tlog.evidence()).map((e) => `${e.kind}:${e.witness}`);
    expect(kinds).toContain('equivocation:OMN');
  });

  it('#12 the witness keeps what it cosigned across restarts: a truncated or rewritten copy is refused with the evidence', async () => {
    const witnessDir = mkdtempSync(join(dir, 'witness-'));
    const node = nodes.QAT;
    const open = () =>
      new AllianceTransparency(
        node.store,
        node.keyring,
        systemClock,
        'GCC',
        'QAT',
        'alliance',
        witnessDir,
        3,
      );
    expect(await open().checkpoint()).toMatch(/^tahaluf\/alliance\/gcc\n7\n/);
    // Truncated by one message (the row and its tree nodes deleted), then the node restarts.
    const db = node.store.db.withTables<FederationTables & AllianceTlogTables>();
    const removed = await db
      .selectFrom('alliance_log')
      .selectAll()
      .where('stream_seq', '=', 7)
      .executeTakeFirstOrThrow();
    await db.deleteFrom('alliance_log').where('stream_seq', '=', 7).execute();
    await db.deleteFrom('alliance_tree').execute();
    const restarted = open();
    expect(await restarted.checkpoint()).toBeNull();
    const truncation = (await restarted.evidence()).find((e) => e.kind === 'truncation');
    expect(truncation?.reason).toMatch(/holds 6 messages, but its witness cosigned size 7/);
    expect(restarted.witnessFile.read().inconsistencies.map((i) => i.kind)).toEqual(['truncation']);
    // Put back with another body (a rewrite at the same size), then grown by one: a fork.
    await db
      .insertInto('alliance_log')
      .values({ ...removed, envelope: '{"x":3}' })
      .execute();
    await node.alliance!.processMessage(
      'alliance.QAT.council.vote',
      '{"y":1}',
      8,
      new Date().toISOString(),
    );
    await db.deleteFrom('alliance_tree').execute();
    expect(await open().checkpoint()).toBeNull();
    expect(
      open()
        .witnessFile.read()
        .inconsistencies.map((i) => i.kind),
    ).toEqual(['truncation', 'fork']);
  });
});
