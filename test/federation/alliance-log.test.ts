import { afterAll, beforeAll, expect, it } from 'vitest';
import { allianceDirectory } from '../support/alliance-directory.js';
import type { FederationTables } from '../../src/federation/repository.js';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { councilModule, councilService } from '../../src/council/module.js';
import { describeEachDialect } from '../../src/store/testing.js';
import { lifecycleFor } from '../../src/registry/lifecycle-recorder.js';
import { Registry } from '../../src/registry/registry.js';
import {
  envelopeSubject,
  signEnvelope,
  type AllianceEnvelope,
} from '../../src/federation/envelope.js';

/**
 * The alliance log without NATS: the same stream messages fed to a node's `processMessage` in stream order,
 * as its consumer would. Every other member's act is signed with a key only the test holds.
 */
const ACTORS = ['SECRETARIAT', 'QAT', 'SAU', 'OMN', 'KWT', 'BHR', 'ARE', 'EGY'] as const;
const directory = allianceDirectory(ACTORS, 'tahaluf-alliance-', 'test');
const { keys, directoryFile } = directory;

const env = {
  TAHALUF_MODE: 'national',
  TAHALUF_MEMBER: 'QAT',
  TAHALUF_ALLIANCE_NATS: 'nats://127.0.0.1:4222',
  TAHALUF_ALLIANCE_DIRECTORY: directoryFile,
};

const now = () => new Date().toISOString();
function envelope(
  actor: string,
  type: string,
  subject: string,
  payload: Record<string, unknown>,
  signer = actor,
): AllianceEnvelope {
  return directory.sign(actor, type, subject, payload, { signer, at: now() });
}

describeEachDialect('alliance log (applied by one node, fed in stream order)', (dialect) => {
  let node: TestNode;
  let seq = 0;
  const messages: { subject: string; body: string; seq: number; time: string }[] = [];
  const feed = (e: AllianceEnvelope | string, subject?: string) => {
    const body = typeof e === 'string' ? e : JSON.stringify(e);
    const natsSubject =
      subject ??
      (typeof e === 'string'
        ? 'alliance.QAT.council.vote'
        : envelopeSubject('alliance', e.actor, e.type));
    const message = { subject: natsSubject, body, seq: ++seq, time: now() };
    messages.push(message);
    return node.alliance!.processMessage(message.subject, message.body, message.seq, message.time);
  };
  beforeAll(async () => {
    node = await openTestNode({ dialect, env, modules: [councilModule] });
  });
  afterAll(() => node?.close());

  const consultation = 'proc_fedtestconsult01';
  const decision = 'proc_fedtestdecision1';

  it('a GCC consultation then a decision, each act signed by its member, applied in stream order', async () => {
    const open = await feed(
      envelope('QAT', 'council.procedure.opened', consultation, {
        procedureId: consultation,
        charterId: 'gcc',
        kind: 'consultation',
        title: 'Consultations on shipping attacks',
        matter: 'gulf-shipping',
        grounds: ['security'],
        deadline: null,
      }),
    );
    expect(open.status, open.reason ?? '').toBe('applied');
    for (const member of ['SAU', 'OMN', 'KWT'])
      expect(
        (
          await feed(
            envelope(member, 'council.position', consultation, {
              procedureId: consultation,
              stance: 'supports',
              statement: 'Solidarity.',
            }),
          )
        ).status,
      ).toBe('applied');
    expect(
      (
        await feed(
          envelope('QAT', 'council.procedure.closed', consultation, {
            procedureId: consultation,
            summary: 'heard',
          }),
        )
      ).status,
    ).toBe('applied');
    await feed(
      envelope('QAT', 'council.procedure.opened', decision, {
        procedureId: decision,
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'use_of_force',
        title: 'Joint air patrols',
        matter: 'gulf-shipping',
        deadline: null,
      }),
    );
    for (const member of ['QAT', 'SAU', 'OMN', 'KWT'])
      expect(
        (
          await feed(
            envelope(member, 'council.vote', decision, { procedureId: decision, choice: 'yes' }),
          )
        ).status,
      ).toBe('applied');
    const view = await councilService(node).get(decision);
    expect(view.votes.map((v) => v.member)).toEqual(['QAT', 'SAU', 'OMN', 'KWT']);
    expect(view.timeline.map((t) => t.seq)).toEqual([6, 7, 8, 9, 10]);
    // The registry reads a decision a life-cycle act cites through the council's port (Ports.councilProcedures).
    expect(await node.lifecycle.decision(decision)).toMatchObject({
      procedureId: decision,
      kind: 'decision',
      decisionType: 'use_of_force',
      status: null,
      closedAt: null,
    });
    // Without the council module's port, the registry finds no decision (it no longer reads the table).
    const withoutCouncil = lifecycleFor({
      record: node.record,
      clock: node.clock,
      store: node.store,
      alliance: node.alliance,
      registry: new Registry(node.registry.seed()),
      ports: {},
    });
    expect(await withoutCouncil.decision(decision)).toBeNull();
  });

  it('#12 an act signed for another member, an altered act, a replayed act and a non-member vote are rejected with the evidence', async () => {
    // QAT's node signs an act that says SAU voted: SAU's key is not QAT's.
    const forged = await feed(
      envelope('SAU', 'council.vote', decision, { procedureId: decision, choice: 'no' }, 'QAT'),
    );
    expect(forged).toMatchObject({ status: 'rejected', code: 'key_not_of_actor' });
    // BHR's genuine vote, altered in transit from yes to no.
    const genuine = envelope('BHR', 'council.vote', decision, {
      procedureId: decision,
      choice: 'yes',
    });
    const altered = await feed({ ...genuine, payload: { procedureId: decision, choice: 'no' } });
    expect(altered).toMatchObject({ status: 'rejected', code: 'bad_signature' });
    // A vote already applied, published again (past the stream's de-duplication window).
    const first = envelope('ARE', 'council.vote', decision, {
      procedureId: decision,
      choice: 'yes',
    });
    expect((await feed(first)).status).toBe('applied');
    expect(await feed(first)).toMatchObject({ status: 'rejected', code: 'replay' });
    // EGY has a registered key but is not a member of the GCC.
    const outsider = await feed(
      envelope('EGY', 'council.vote', decision, { procedureId: decision, choice: 'no' }),
    );
    expect(outsider).toMatchObject({ status: 'rejected', code: 'not_a_member' });
    // The module's reader's-language code and values travel with the outcome to the submitter.
    expect(outsider.detail).toMatchObject({
      detailCode: 'not_a_member',
      detailParams: { member: 'EGY' },
    });
    // An act on another member's subject; garbage; an act stamped an hour away from the stream's time.
    expect(
      await feed(
        envelope('OMN', 'council.vote', decision, { procedureId: decision, choice: 'no' }),
        'alliance.QAT.council.vote',
      ),
    ).toMatchObject({ status: 'rejected', code: 'subject_mismatch' });
    expect(await feed('{not json')).toMatchObject({ status: 'rejected', code: 'malformed' });
    const late = signEnvelope(
      {
        ...envelope('BHR', 'council.vote', decision, {}),
        at: new Date(Date.now() - 3600_000).toISOString(),
        payload: { procedureId: decision, choice: 'yes' },
      },
      keys.BHR.privateKeyPem,
    );
    expect(await feed(late)).toMatchObject({ status: 'rejected', code: 'clock_skew' });

    const view = await councilService(node).get(decision);
    expect(view.votes.map((v) => `${v.member}:${v.choice}`)).toEqual([
      'QAT:yes',
      'SAU:yes',
      'OMN:yes',
      'KWT:yes',
      'ARE:yes',
    ]);
    const rejected = await node.alliance!.entries({ status: 'rejected' });
    expect(rejected.map((e) => e.code)).toEqual([
      'key_not_of_actor',
      'bad_signature',
      'replay',
      'not_a_member',
      'subject_mismatch',
      'malformed',
      'clock_skew',
    ]);
    // The evidence is the message as received.
    expect(rejected[1].envelope).toMatchObject({ id: genuine.id, payload: { choice: 'no' } });
  });

  it('closing applies the charter rule; a second node fed the same stream reaches the same outcome and log hash', async () => {
    const close = await feed(
      envelope('QAT', 'council.procedure.closed', decision, { procedureId: decision }),
    );
    expect(close.status).toBe('applied');
    const outcome = (await councilService(node).get(decision)).outcome;
    expect(outcome?.status).toBe('adopted');
    // A redelivered message (same stream sequence) is not applied twice.
    const last = messages.at(-1)!;
    await node.alliance!.processMessage(last.subject, last.body, last.seq, last.time);
    const status = await node.alliance!.status();
    expect(status).toMatchObject({ applied: 12, rejected: 7, lastStreamSeq: 19 });

    const other = await openTestNode({
      dialect,
      env: { ...env, TAHALUF_MEMBER: 'SAU' },
      modules: [councilModule],
    });
    try {
      for (const m of messages)
        await other.alliance!.processMessage(m.subject, m.body, m.seq, m.time);
      expect((await councilService(other).get(decision)).outcome).toEqual(outcome);
      expect((await other.alliance!.status()).logHash).toBe(status.logHash);
    } finally {
      await other.close();
    }
  });
  it("verifyLog re-checks this node's copy: intact, then an altered act and a removed act are named", async () => {
    expect(await node.alliance!.verifyLog()).toEqual({ checked: 12, problems: [] });
    const db = node.store.db.withTables<FederationTables>();
    const votes = await db
      .selectFrom('alliance_log')
      .selectAll()
      .where('type', '=', 'council.vote')
      .where('status', '=', 'applied')
      .orderBy('stream_seq')
      .execute();
    const altered = votes[0];
    await db
      .updateTable('alliance_log')
      .set({ envelope: altered.envelope.replace('"choice":"yes"', '"choice":"no"') })
      .where('stream_seq', '=', altered.stream_seq)
      .execute();
    await db.deleteFrom('alliance_log').where('stream_seq', '=', votes[1].stream_seq).execute();
    const { problems } = await node.alliance!.verifyLog();
    expect(problems).toEqual([
      `#${altered.stream_seq} (${altered.act_id}): signature of ${altered.actor} does not verify (altered)`,
      `#${altered.stream_seq}: running hash differs (an entry before it was removed, added or changed)`,
      `#${votes[2].stream_seq}: running hash differs (an entry before it was removed, added or changed)`,
    ]);
  });
});
