import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { allianceDirectory } from '../support/alliance-directory.js';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { dayOf } from '../../src/core/dates.js';
import { addMonths } from '../../src/registry/lifecycle.js';
import { envelopeSubject, type AllianceEnvelope } from '../../src/federation/envelope.js';
import type { Outcome } from '../../src/federation/alliance-log.js';
import { describeEachDialect } from '../../src/store/testing.js';
import { verifyNode } from '../../src/app/verify-node.js';
import type { LifecycleProjectionTables } from '../../src/registry/lifecycle-stored.js';

/**
 * Registry life-cycle acts on the alliance log (#12): a member's withdrawal is signed on that member's own
 * node, published on the real NATS JetStream at 127.0.0.1:4222, and applied by every node from the log, so
 * every node's registry projection is the same; a node that joins later rebuilds it from the log alone.
 * Forged, altered and unauthorised life-cycle acts are rejected by every node and change nothing.
 */
const NATS = 'nats://127.0.0.1:4222';
describeEachDialect('registry life-cycle acts on the alliance log', (dialect) => {
  // Test-held keys (the nodes' own keys are added to this dialect's directory once the nodes made them).
  const fixture = allianceDirectory(['SECRETARIAT', 'SAU', 'KWT'], 'tahaluf-registry-acts-', 'reg');
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  const stream = `REGACTS_${dialect}_${run}`.toUpperCase();
  const prefix = `regacts-${dialect}-${run}`;
  const nodes: TestNode[] = [];
  const env = (member: string) => ({
    TAHALUF_MODE: 'national',
    TAHALUF_MEMBER: member,
    TAHALUF_ALLIANCE_NATS: NATS,
    TAHALUF_ALLIANCE_DIRECTORY: fixture.directoryFile,
    TAHALUF_ALLIANCE_STREAM: stream,
    TAHALUF_ALLIANCE_SUBJECT: prefix,
  });
  const today = dayOf(new Date());

  /** Adds these nodes' own public keys to the directory file and reloads it on every node. */
  const pinNodeKeys = async (all: TestNode[]) => {
    const keys = [
      ...['SECRETARIAT', 'SAU', 'KWT'].map((actor) => ({
        actor,
        publicKey: fixture.keys[actor].publicKeyPem,
      })),
      ...(await Promise.all(
        all.map(async (n) => ({
          actor: n.config.nodeMember!,
          publicKey: (await n.keyring.keyFor(n.config.nodeMember!)).publicKeyPem,
        })),
      )),
    ];
    writeFileSync(fixture.directoryFile, JSON.stringify({ alliance: 'GCC', keys }));
    for (const n of all) await n.alliance!.loadDirectory();
  };

  /** Publishes a hand-made envelope through QAT's connection, then waits for every node to decide it. */
  const publishRaw = async (e: AllianceEnvelope, actor = e.actor): Promise<Outcome[]> => {
    const seq = await nodes[0].alliance!.publish(e, envelopeSubject(prefix, actor, e.type));
    const out: Outcome[] = [];
    for (const n of nodes) {
      expect(await n.alliance!.waitFor(seq, 30_000)).toBe(true);
      const [entry] = await n.alliance!.entries({ afterSeq: seq - 1, limit: 1 });
      out.push({
        streamSeq: entry.streamSeq,
        status: entry.status,
        code: entry.code,
        reason: entry.reason,
        act: null,
      });
    }
    return out;
  };

  const kwtStillMember = () => {
    for (const n of nodes) {
      const kwt = n.registry.memberships('gcc').find((m) => m.state === 'KWT');
      expect(kwt?.to ?? null).toBeNull();
      expect(n.lifecycle.progress('gcc').find((p) => p.state === 'KWT')?.withdrawal ?? null).toBe(
        null,
      );
    }
  };

  beforeAll(async () => {
    for (const member of ['QAT', 'OMN'])
      nodes.push(await openTestNode({ dialect, env: env(member), modules: [] }));
    await pinNodeKeys(nodes);
    for (const n of nodes) await n.alliance!.start();
  }, 120_000);

  afterAll(async () => {
    for (const n of nodes) await n.close();
    const nc = await connect({ servers: '127.0.0.1:4222' });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  it("#12 QAT's withdrawal, signed on QAT's node, is verified and applied by OMN's node; a late node rebuilds it from the log", async () => {
    const [qat, omn] = nodes;
    const qatKey = await qat.keyring.keyFor('QAT');
    // OMN's node holds no QAT private key: it can only verify.
    expect(await omn.keyring.keyFor('OMN')).not.toMatchObject({ keyId: qatKey.keyId });
    const act = await qat.lifecycle.recordAct('QAT', {
      kind: 'withdrawal',
      allianceId: 'gcc',
      state: 'QAT',
      date: today,
    });
    expect(act.type).toBe('registry.lifecycle.withdrawal');
    // Not in QAT's local record: on a federated node the act lives on the alliance log.
    expect(await qat.record.list({ typePrefix: 'registry.lifecycle.' })).toEqual([]);
    expect(await omn.alliance!.waitFor(act.seq, 30_000)).toBe(true);
    const effective = addMonths(today, 12);
    for (const n of nodes) {
      const [entry] = await n.alliance!.entries({ afterSeq: act.seq - 1, limit: 1 });
      expect(entry).toMatchObject({
        status: 'applied',
        actor: 'QAT',
        keyId: qatKey.keyId,
        type: 'registry.lifecycle.withdrawal',
        subject: 'gcc/QAT',
      });
      expect(n.registry.memberships('gcc').find((m) => m.state === 'QAT')?.to).toBe(effective);
      expect(n.registry.isActiveMember('gcc', 'QAT', today)).toBe(true);
      expect(n.registry.isActiveMember('gcc', 'QAT', effective)).toBe(false);
      expect(n.lifecycle.progress('gcc').find((p) => p.state === 'QAT')?.withdrawal).toMatchObject({
        date: today,
        effective,
        actId: act.actId,
      });
      expect((await n.alliance!.verifyLog()).problems).toEqual([]);
      expect(await n.lifecycle.acts('gcc')).toEqual([
        expect.objectContaining({ actId: act.actId, actor: 'QAT', seq: act.seq }),
      ]);
    }
    // A second notice is refused on QAT's node before anything is published.
    await expect(
      qat.lifecycle.recordAct('QAT', {
        kind: 'withdrawal',
        allianceId: 'gcc',
        state: 'QAT',
        date: today,
      }),
    ).rejects.toMatchObject({
      code: 'withdrawal_pending',
      detailCode: 'withdrawal_pending',
      detailParams: { member: 'QAT', alliance: 'gcc', date: effective },
    });

    // A node that joins afterwards (KWT here) builds the same projection from the log alone.
    const late = await openTestNode({ dialect, env: env('BHR'), modules: [] });
    nodes.push(late);
    await pinNodeKeys(nodes);
    await late.alliance!.start();
    expect(await late.alliance!.waitFor(act.seq, 60_000)).toBe(true);
    expect(late.registry.memberships('gcc').find((m) => m.state === 'QAT')?.to).toBe(effective);
    // And a restart-style rebuild of OMN's projection gives the same memberships.
    const before = JSON.stringify(omn.registry.memberships('gcc'));
    await omn.lifecycle.load();
    expect(JSON.stringify(omn.registry.memberships('gcc'))).toBe(before);
    expect(JSON.stringify(late.registry.memberships('gcc'))).toBe(before);
  }, 180_000);

  it('#12 a forged, an altered, an unsigned and an unauthorised withdrawal are rejected by every node and change nothing', async () => {
    const type = 'registry.lifecycle.withdrawal';
    const kwtWithdrawal = { kind: 'withdrawal', allianceId: 'gcc', state: 'KWT', date: today };

    // Signed for KWT with SAU's key (a node signing an act for another member).
    const forged = fixture.sign('KWT', type, 'gcc/KWT', kwtWithdrawal, { signer: 'SAU' });
    const f = await publishRaw(forged);
    expect(f.map((o) => `${o.status}:${o.code}`)).toEqual(
      nodes.map(() => 'rejected:key_not_of_actor'),
    );

    // KWT's genuine act for another day, altered in transit (the date changed): the signature fails.
    const genuine = fixture.sign('KWT', type, 'gcc/KWT', { ...kwtWithdrawal, date: '2026-01-01' });
    const altered = { ...genuine, payload: kwtWithdrawal };
    const a = await publishRaw(altered);
    expect(a.map((o) => `${o.status}:${o.code}`)).toEqual(
      nodes.map(() => 'rejected:bad_signature'),
    );

    // No signature at all.
    const unsigned = { ...fixture.sign('KWT', type, 'gcc/KWT', kwtWithdrawal), signature: '' };
    const u = await publishRaw(unsigned);
    expect(u.every((o) => o.status === 'rejected')).toBe(true);
    expect(new Set(u.map((o) => o.code)).size).toBe(1);

    // Genuinely signed by SAU, but a withdrawal is the act of the state itself, not of another member.
    const bySau = fixture.sign('SAU', type, 'gcc/KWT', kwtWithdrawal);
    const s = await publishRaw(bySau);
    expect(s.map((o) => `${o.status}:${o.code}`)).toEqual(nodes.map(() => 'rejected:forbidden'));
    expect(s[0].reason).toMatch(/act of KWT itself/);

    // A life-cycle act whose subject does not match its payload.
    const mislabelled = fixture.sign('KWT', type, 'gcc/SAU', kwtWithdrawal);
    const m = await publishRaw(mislabelled);
    expect(m.map((o) => o.status)).toEqual(nodes.map(() => 'rejected'));

    kwtStillMember();
    // The rejected acts are kept as evidence with the body as received.
    const rejected = await nodes[1].alliance!.entries({ status: 'rejected', limit: 100 });
    expect(rejected.map((r) => r.actId)).toEqual(
      expect.arrayContaining([forged.id, altered.id, bySau.id, mislabelled.id]),
    );

    // KWT's own, genuinely signed notice is applied everywhere.
    const own = fixture.sign('KWT', type, 'gcc/KWT', kwtWithdrawal);
    const o = await publishRaw(own);
    expect(o.map((x) => x.status)).toEqual(nodes.map(() => 'applied'));
    for (const n of nodes)
      expect(n.registry.memberships('gcc').find((x) => x.state === 'KWT')?.to).toBe(
        addMonths(today, 12),
      );
  }, 180_000);

  it('#12 tahaluf verify replays the life-cycle acts from the alliance log and names an edited, a deleted and an added registry projection row', async () => {
    // A copy: a fresh node fed the same stream.
    const copy = await openTestNode({ dialect, env: env('ARE'), modules: [] });
    nodes.push(copy);
    await pinNodeKeys(nodes);
    await copy.alliance!.start();
    const last = Math.max(
      ...(await nodes[0].alliance!.entries({ limit: 1000 })).map((e) => e.streamSeq),
    );
    expect(await copy.alliance!.waitFor(last, 60_000)).toBe(true);
    const verify = () =>
      verifyNode(async () => ({ ...copy, modules: [], close: async () => undefined }), {
        dataDir: fixture.dir,
      });
    for (const n of nodes) {
      const clean = await n.lifecycle.verifyAgainstLog();
      expect(clean.problems).toEqual([]);
      expect(clean.acts).toBe(2);
    }
    const before = await verify();
    expect(before.lines.filter((l) => l.area === 'registry')).toEqual([
      expect.objectContaining({ ok: true, message: expect.stringMatching(/2 life-cycle acts/) }),
    ]);

    const rows = copy.store.db.withTables<LifecycleProjectionTables>();
    const qat = await rows
      .selectFrom('registry_lifecycle_projection')
      .selectAll()
      .where('alliance_id', '=', 'gcc')
      .where('state', '=', 'QAT')
      .executeTakeFirstOrThrow();
    // QAT's withdrawal edited away: still a member for ever.
    await rows
      .updateTable('registry_lifecycle_projection')
      .set({ projection: qat.projection.replace(/"to":"[0-9-]+"/, '"to":null') })
      .where('alliance_id', '=', 'gcc')
      .where('state', '=', 'QAT')
      .execute();
    // KWT's row deleted; a row for SAU added.
    await rows
      .deleteFrom('registry_lifecycle_projection')
      .where('alliance_id', '=', 'gcc')
      .where('state', '=', 'KWT')
      .execute();
    await rows
      .insertInto('registry_lifecycle_projection')
      .values({ ...qat, state: 'SAU' })
      .execute();
    const after = await verify();
    expect(after.ok).toBe(false);
    const messages = after.lines
      .filter((l) => l.area === 'registry' && !l.ok)
      .map((l) => l.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^gcc\/QAT: projection edited: registry_lifecycle_projection holds .*"to":null/,
        ),
        expect.stringMatching(/^gcc\/KWT: missing from registry_lifecycle_projection/),
        expect.stringMatching(
          /^gcc\/SAU: row in registry_lifecycle_projection that no life-cycle act/,
        ),
      ]),
    );
    expect(messages).toHaveLength(3);
    // The other nodes' projections are untouched.
    expect((await nodes[1].lifecycle.verifyAgainstLog()).problems).toEqual([]);
  }, 180_000);

  it('#12 a text cited by hash is checked by every node: registered on the log by its uploader, a citation of an unregistered text (or of one only a forged registration named) rejected everywhere', async () => {
    const [qat, omn] = nodes;
    const content = 'Article 1. Notice of withdrawal is given to the depositary.';
    const uploaded = await qat.documents.upload('QAT', {
      documentId: 'gcc-withdrawal-notice',
      title: 'Notice of withdrawal',
      kind: 'other',
      language: 'en',
      allianceId: 'gcc',
      articles: [{ article: '1', from: 0, to: content.length }],
      content,
    });
    // Registered on the log and applied by every node; the text itself stays on QAT's node.
    const last = Math.max(
      ...(await qat.alliance!.entries({ limit: 1000 })).map((e) => e.streamSeq),
    );
    for (const n of nodes) {
      expect(await n.alliance!.waitFor(last, 30_000)).toBe(true);
      const [entry] = await n.alliance!.entries({ afterSeq: last - 1, limit: 1 });
      expect(entry).toMatchObject({
        status: 'applied',
        actor: 'QAT',
        type: 'registry.document.registered',
        subject: uploaded.sha256,
      });
      expect(JSON.stringify(entry.envelope)).not.toContain('depositary');
    }
    expect(await omn.documents.versionsOf(uploaded.sha256)).toEqual([]);

    const type = 'registry.lifecycle.withdrawal';
    const withdrawal = (extra: Record<string, unknown>) =>
      fixture.sign('SAU', type, 'gcc/SAU', {
        kind: 'withdrawal',
        allianceId: 'gcc',
        state: 'SAU',
        date: today,
        ...extra,
      });
    // Citing a text never registered on the log: every node rejects it (before, only the submitter checked).
    const unknown = await publishRaw(withdrawal({ documentSha256: 'ab'.repeat(32) }));
    expect(unknown.map((o) => `${o.status}:${o.code}`)).toEqual(
      nodes.map(() => 'rejected:not_found'),
    );
    expect(unknown[0].reason).toMatch(/registered on the alliance log/);
    // A forged registration (signed for KWT with SAU's key) registers nothing.
    const forgedReg = fixture.sign(
      'KWT',
      'registry.document.registered',
      'cd'.repeat(32),
      {
        sha256: 'cd'.repeat(32),
        documentId: 'forged-text',
        language: 'en',
        title: 'Forged text',
        kind: 'other',
        allianceId: 'gcc',
        articles: [],
        chars: 10,
      },
      { signer: 'SAU' },
    );
    expect((await publishRaw(forgedReg)).map((o) => o.code)).toEqual(
      nodes.map(() => 'key_not_of_actor'),
    );
    const viaForged = await publishRaw(withdrawal({ documentSha256: 'cd'.repeat(32) }));
    expect(viaForged.map((o) => o.code)).toEqual(nodes.map(() => 'not_found'));
    for (const n of nodes)
      expect(n.registry.memberships('gcc').find((m) => m.state === 'SAU')?.to ?? null).toBeNull();

    // The registered text, cited by SAU (which never held it): applied by every node.
    const ok = await publishRaw(withdrawal({ documentSha256: uploaded.sha256 }));
    expect(ok.map((o) => o.status)).toEqual(nodes.map(() => 'applied'));
    for (const n of nodes)
      expect(n.registry.memberships('gcc').find((m) => m.state === 'SAU')?.to).toBe(
        addMonths(today, 12),
      );
  }, 180_000);
});
