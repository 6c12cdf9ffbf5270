import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical-json.js';
import { ManualClock } from '../../src/core/clock.js';
import { keyId, signEd25519 } from '../../src/core/crypto.js';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { describeEachDialect } from '../../src/store/testing.js';
import { KEY_REGISTERED } from '../../src/federation/alliance-log.js';
import { AllianceTransparency } from '../../src/federation/alliance-tlog.js';
import type { AllianceTlogTables } from '../../src/federation/tlog-repository.js';
import type { FederationTables } from '../../src/federation/repository.js';
import { allianceDirectory } from '../support/alliance-directory.js';

/**
 * #12: a node whose copy of the alliance log is truncated by one message is caught by every OTHER node,
 * not only by `tahaluf verify` on the tampered copy. Four nodes are fed the same stream and hand each
 * other what they announce on `<prefix>-witness.<ACTOR>` (as over NATS); then OMN's copy loses its last
 * message, once with its witness state intact (it refuses its own tree and announces the refused,
 * smaller checkpoint) and once with its witness state gone too (it cosigns the smaller tree afresh).
 */
const MEMBERS = ['QAT', 'SAU', 'OMN', 'KWT'] as const;
const fixture = allianceDirectory(['SECRETARIAT'], 'tahaluf-alliance-trunc-', 'trunc');

function registration(member: string, publicKey: string, privateKey: string): string {
  const id = keyId(publicKey);
  const proof = signEd25519(
    privateKey,
    canonicalJson({ purpose: 'tahaluf-alliance-key', member, keyId: id }),
  );
  return JSON.stringify(
    fixture.sign('SECRETARIAT', KEY_REGISTERED, `key:${id}`, {
      member,
      keyId: id,
      publicKey,
      proof,
    }),
  );
}

describeEachDialect('alliance log truncated on one node', (dialect) => {
  const nodes: Record<string, TestNode> = {};
  const clocks: Record<string, ManualClock> = {};
  const stream: { subject: string; body: string; seq: number; time: string }[] = [];
  const push = (body: string, subject = 'alliance.SECRETARIAT.alliance.key.registered') =>
    stream.push({ subject, body, seq: stream.length + 1, time: new Date().toISOString() });
  const feed = async () => {
    for (const actor of MEMBERS)
      for (const m of stream)
        await nodes[actor].alliance!.processMessage(m.subject, m.body, m.seq, m.time);
  };
  /** What `actor` announces reaches every other node; returns each receiver's verdict. */
  const announce = async (actor: string, note: string | null) => {
    expect(note).not.toBeNull();
    const verdicts: Record<string, string> = {};
    for (const to of MEMBERS)
      if (to !== actor) verdicts[to] = await nodes[to].alliance!.tlog.receive(actor, note!);
    return verdicts;
  };
  const truncateByOne = async (node: TestNode) => {
    const db = node.store.db.withTables<FederationTables & AllianceTlogTables>();
    const top = await db
      .selectFrom('alliance_log')
      .select((eb) => eb.fn.max('stream_seq').as('top'))
      .executeTakeFirstOrThrow();
    await db.deleteFrom('alliance_log').where('stream_seq', '=', Number(top.top)).execute();
    await db.deleteFrom('alliance_tree').execute();
  };

  beforeAll(async () => {
    for (const actor of MEMBERS) {
      clocks[actor] = new ManualClock(Date.now());
      nodes[actor] = await openTestNode({
        dialect,
        clock: clocks[actor],
        env: {
          TAHALUF_MODE: 'national',
          TAHALUF_MEMBER: actor,
          TAHALUF_ALLIANCE_NATS: 'nats://127.0.0.1:4222',
          TAHALUF_ALLIANCE_DIRECTORY: fixture.directoryFile,
        },
        modules: [],
      });
    }
    for (const actor of MEMBERS) {
      const key = await nodes[actor].keyring.keyFor(actor);
      push(registration(actor, key.publicKeyPem, key.privateKeyPem));
    }
    push('{"garbage":1}', 'alliance.QAT.council.vote');
    push('{"garbage":2}', 'alliance.SAU.council.vote');
    push('{"garbage":3}', 'alliance.KWT.council.vote');
    await feed();
    // Every node cosigns size 7 and every other node holds that cosignature.
    for (const actor of MEMBERS) {
      const verdicts = await announce(actor, await nodes[actor].alliance!.checkpointAndPublish());
      expect(Object.values(verdicts)).toEqual(['matches', 'matches', 'matches']);
    }
  });
  afterAll(async () => {
    for (const n of Object.values(nodes)) await n.close();
  });

  it('#12 witness state intact: the truncated node refuses its own tree and every other node records the truncation', async () => {
    const omn = nodes.OMN;
    await truncateByOne(omn);
    clocks.OMN.advance(60_000);
    // OMN's witness still remembers size 7: it refuses size 6 and announces the refused checkpoint.
    const announced = await omn.alliance!.checkpointAndPublish();
    expect(announced).toMatch(/^tahaluf\/alliance\/gcc\n6\n/);
    expect((await omn.alliance!.tlog.evidence()).map((e) => e.kind)).toEqual(['truncation']);
    // The periodic re-announcement carries the same refused head, not the old size-7 note.
    expect(omn.alliance!.tlog.headNote()).toBe(announced);
    expect(await announce('OMN', announced)).toEqual({
      QAT: 'truncation',
      SAU: 'truncation',
      KWT: 'truncation',
    });
    for (const actor of ['QAT', 'SAU', 'KWT']) {
      const tlog = nodes[actor].alliance!.tlog;
      const evidence = await tlog.evidence();
      expect(evidence.map((e) => `${e.kind}:${e.witness}:${e.size}`)).toEqual(['truncation:OMN:6']);
      expect(evidence[0].reason).toMatch(
        /OMN's node cosigned size 7 of the alliance log at .* and size 6 later, at .*: its log shrank by 1 message/,
      );
      // Both signed notes are kept: OMN's cosignature of size 7 and its later one of size 6.
      expect(evidence[0].held).toMatch(/^tahaluf\/alliance\/gcc\n7\n/);
      expect(evidence[0].offered).toBe(announced);
      expect((await tlog.summary()).warning).toMatch(/inconsistent signed checkpoints/);
      // The honest nodes' own final checkpoint is unaffected.
      expect((await tlog.summary()).final?.size).toBe(7);
    }
  });

  it('#12 witness state gone too: the node cosigns its shorter log afresh, and every other node still records the truncation', async () => {
    // SAU's copy and its witness state both lost (a fresh witness over SAU's store and key).
    const sau = nodes.SAU;
    await truncateByOne(sau);
    clocks.SAU.advance(60_000);
    const fresh = new AllianceTransparency(
      sau.store,
      sau.keyring,
      clocks.SAU,
      'GCC',
      'SAU',
      'alliance',
      null,
      3,
    );
    const note = await fresh.checkpoint();
    expect(note).toMatch(/^tahaluf\/alliance\/gcc\n6\n/);
    // Its own tree at 6 is consistent with everyone's: only the order in time gives it away.
    const verdicts = await announce('SAU', note);
    expect(verdicts).toEqual({ QAT: 'truncation', OMN: 'truncation', KWT: 'truncation' });
    for (const actor of ['QAT', 'KWT']) {
      const kinds = (await nodes[actor].alliance!.tlog.evidence()).map(
        (e) => `${e.kind}:${e.witness}:${e.size}`,
      );
      expect(kinds).toContain('truncation:SAU:6');
    }
    // Received in the other order (the later, smaller note first, the earlier size-7 note afterwards),
    // the shrink is still recorded: a fifth observer that missed both.
    const late = await openTestNode({
      dialect,
      env: {
        TAHALUF_MODE: 'national',
        TAHALUF_MEMBER: 'QAT',
        TAHALUF_ALLIANCE_NATS: 'nats://127.0.0.1:4222',
        TAHALUF_ALLIANCE_DIRECTORY: fixture.directoryFile,
      },
      modules: [],
    });
    try {
      for (const m of stream) await late.alliance!.processMessage(m.subject, m.body, m.seq, m.time);
      expect(await late.alliance!.tlog.receive('SAU', note!)).toBe('matches');
      const earlier = (await nodes.QAT.alliance!.tlog.summary()).final!.note;
      expect(await late.alliance!.tlog.receive('SAU', earlier)).toBe('truncation');
      const [e] = await late.alliance!.tlog.evidence();
      expect(`${e.kind}:${e.witness}:${e.size}`).toBe('truncation:SAU:6');
      expect(e.held).toMatch(/^tahaluf\/alliance\/gcc\n7\n/);
      expect(e.offered).toBe(note);
    } finally {
      await late.close();
    }
  });

  it('#12 a witness growing normally raises nothing', async () => {
    push('{"garbage":4}', 'alliance.OMN.council.vote');
    for (const m of stream.slice(-1))
      await nodes.KWT.alliance!.processMessage(m.subject, m.body, m.seq, m.time);
    clocks.KWT.advance(1000);
    const verdicts = await announce('KWT', await nodes.KWT.alliance!.checkpointAndPublish());
    // QAT has not consumed message 8 yet (pending); none records anything against KWT.
    expect(new Set(Object.values(verdicts))).toEqual(new Set(['pending']));
    for (const actor of ['QAT', 'SAU', 'OMN'])
      expect(
        (await nodes[actor].alliance!.tlog.evidence()).filter((e) => e.witness === 'KWT'),
      ).toEqual([]);
  });
});
