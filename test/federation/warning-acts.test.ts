import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { allianceDirectory } from '../support/alliance-directory.js';
import { keyId } from '../../src/core/crypto.js';
import {
  nationalAllianceEnv,
  northQatarEstimate,
  writeDirectoryWithNodeKeys,
} from '../support/cap-summaries.js';
import { buildTestApp, openTestNode, type TestNode } from '../../src/app/testing.js';
import { envelopeSubject, type AllianceEnvelope } from '../../src/federation/envelope.js';
import { describeEachDialect } from '../../src/store/testing.js';
import { warningModule, warningService } from '../../src/warning/module.js';
import { AlertIssuer } from '../../src/warning/alert-issuer.js';
import type { CapMessage } from '../../src/warning/cap-message.js';
import {
  appliedCapSummaries,
  CAP_SUMMARY_TYPE,
  capSummary,
  verifyCapSummaries,
  type CapSummary,
} from '../../src/warning/alliance-summary.js';

/**
 * Warning on the alliance log (#12: "warning: CAP issue summaries"): a CAP Alert, Update and Cancel issued
 * by QAT's node (the real issuer and delivery path) each put a summary on the alliance log (the real NATS
 * at 127.0.0.1:4222), signed with QAT's own key, which every node verifies and applies: the same summaries
 * everywhere, with no sensor data. Forged, unauthorised and malformed summaries are rejected by every node;
 * `tahaluf verify`'s warning check names an edited projection row.
 */
const NATS = 'nats://127.0.0.1:4222';
describeEachDialect('warning CAP summaries on the alliance log', (dialect) => {
  const fixture = allianceDirectory(['SECRETARIAT', 'SAU', 'USA'], 'tahaluf-warning-acts-', 'warn');
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  const stream = `WARNACTS_${dialect}_${run}`.toUpperCase();
  const prefix = `warnacts-${dialect}-${run}`;
  const nodes: TestNode[] = [];
  const env = (member: string) =>
    nationalAllianceEnv(member, {
      natsUrl: NATS,
      directoryFile: fixture.directoryFile,
      stream,
      subjectPrefix: prefix,
    });

  beforeAll(async () => {
    for (const member of ['QAT', 'OMN'])
      nodes.push(await openTestNode({ dialect, env: env(member), modules: [warningModule] }));
    await writeDirectoryWithNodeKeys(fixture, ['SECRETARIAT', 'SAU', 'USA'], nodes);
    for (const n of nodes) await n.alliance!.loadDirectory();
    for (const n of nodes) await n.alliance!.start();
  }, 120_000);

  afterAll(async () => {
    for (const n of nodes) {
      warningService(n).stop();
      await n.close();
    }
    const nc = await connect({ servers: '127.0.0.1:4222' });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
    await nc.close();
  });

  /** Publishes a hand-made envelope, then the verdict of every node on it. */
  const publishRaw = async (e: AllianceEnvelope) => {
    const seq = await nodes[0].alliance!.publish(e, envelopeSubject(prefix, e.actor, e.type));
    const out: string[] = [];
    for (const n of nodes) {
      expect(await n.alliance!.waitFor(seq, 30_000)).toBe(true);
      const [entry] = await n.alliance!.entries({ afterSeq: seq - 1, limit: 1 });
      out.push(`${entry.status}:${entry.code}`);
    }
    return out;
  };

  let issued: CapMessage[] = [];

  it("#12 QAT's node issues Alert, Update, Cancel: each summary is signed by QAT and applied by every node", async () => {
    const [qat, omn] = nodes;
    const svc = warningService(qat);
    const issuer = new AlertIssuer({
      sender: 'tahaluf@qat',
      status: 'Actual',
      idPrefix: run,
      wallClock: () => Date.now(),
    });
    const now = Date.now();
    const t = now / 1000;
    issued = [
      ...issuer.onThreat('thr1', northQatarEstimate(t, 400), new Map([['QAT', 3]]), now),
      ...issuer.onThreat('thr1', northQatarEstimate(t, 100), new Map([['QAT', 2]]), now + 6000),
      ...issuer.tick(now + 10 * 60_000),
    ];
    expect(issued.map((c) => c.msgType)).toEqual(['Alert', 'Update', 'Cancel']);
    for (const c of issued) svc.issue(c);
    expect(await svc.summariesSettled(30_000)).toBe(true);
    const head = await qat.alliance!.streamHead();
    for (const n of nodes) expect(await n.alliance!.waitFor(head, 30_000)).toBe(true);

    const qatKey = await qat.keyring.keyFor('QAT');
    for (const n of nodes) {
      const entries = (await n.alliance!.entries({ limit: 100 })).filter(
        (e) => e.type === CAP_SUMMARY_TYPE,
      );
      expect(entries.map((e) => [e.status, e.actor, e.keyId, e.subject])).toEqual(
        issued.map((c) => ['applied', 'QAT', qatKey.keyId, c.identifier]),
      );
      const summaries = await appliedCapSummaries(n.store.db);
      expect(summaries.map((s) => [s.identifier, s.msgType, s.actor, s.members])).toEqual(
        issued.map((c) => [c.identifier, c.msgType, 'QAT', ['QAT']]).reverse(),
      );
      expect(summaries[2].area).toEqual({
        bbox: [25.5, 51.2, 25.7, 51.4],
        vertices: 5,
        confidence: 0.99,
        zones: 3,
      });
      expect(summaries[0].references).toEqual([issued[0].identifier, issued[1].identifier]);
      // A summary, not the message: no polygon, no impact time, no CAP document.
      const payload = JSON.stringify(entries[0].envelope);
      expect(payload).not.toContain('polygon');
      expect(payload).not.toContain('impactTime');
      expect(payload).not.toContain('<alert');
      expect(await verifyCapSummaries(n.store.db, n.alliance!)).toEqual([
        expect.objectContaining({ ok: true }),
      ]);
    }
    // Shown by the API on OMN's node (public to read, like the alliance log).
    const app = await buildTestApp(omn);
    try {
      const r = await app.inject({ url: '/api/warning/alliance-caps?actor=QAT' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({
        federated: true,
        summaries: [{ identifier: issued[2].identifier, msgType: 'Cancel', actor: 'QAT' }, {}, {}],
      });
      // Each summary's signing key, looked up by its act id (the act QAT's key signed).
      const listed = r.json<{ summaries: { keyId: string | null }[] }>().summaries;
      expect(listed.map((x) => x.keyId)).toEqual([qatKey.keyId, qatKey.keyId, qatKey.keyId]);
    } finally {
      await app.close();
    }
    // An exercise message stays on the node.
    const drill = new AlertIssuer({
      sender: 'tahaluf@qat',
      status: 'Exercise',
      idPrefix: `x${run}`,
    });
    for (const c of drill.onThreat('thr2', northQatarEstimate(t, 400), new Map([['QAT', 1]]), now))
      svc.issue(c);
    expect(await svc.summariesSettled(30_000)).toBe(true);
    expect(await appliedCapSummaries(qat.store.db)).toHaveLength(3);
    expect(await qat.alliance!.outbox.pending()).toBe(0);
  }, 120_000);

  it('#12 forged, unauthorised and malformed CAP summaries are rejected by every node; an edited projection row is named', async () => {
    const [qat, omn] = nodes;
    const base = (over: Partial<CapSummary> = {}): CapSummary => ({
      ...capSummary(issued[0]),
      identifier: `ew-${randomUUID()}`,
      references: [],
      sender: 'tahaluf@sau',
      ...over,
    });
    const signed = (actor: string, s: CapSummary, signer = actor) =>
      fixture.sign(actor, CAP_SUMMARY_TYPE, s.identifier, { ...s }, { signer });

    // SAU's genuine Alert is applied everywhere.
    const sauAlert = base();
    expect(await publishRaw(signed('SAU', sauAlert))).toEqual(nodes.map(() => 'applied:null'));
    // Signed for SAU with the USA key.
    expect(await publishRaw(signed('SAU', base(), 'USA'))).toEqual(
      nodes.map(() => 'rejected:key_not_of_actor'),
    );
    // USA is not a member of the warning network.
    expect(await publishRaw(signed('USA', base()))).toEqual(nodes.map(() => 'rejected:forbidden'));
    // A member outside the network addressed.
    expect(await publishRaw(signed('SAU', base({ members: ['QAT', 'IRN'] })))).toEqual(
      nodes.map(() => 'rejected:not_in_network'),
    );
    // SAU cancelling QAT's alert: an Update or Cancel refers only to the issuer's own earlier messages.
    expect(
      await publishRaw(
        signed('SAU', base({ msgType: 'Cancel', references: [issued[0].identifier] })),
      ),
    ).toEqual(nodes.map(() => 'rejected:unknown_reference'));
    // The same identifier a second time (in a new act).
    expect(await publishRaw(signed('SAU', { ...sauAlert }))).toEqual(
      nodes.map(() => 'rejected:duplicate_identifier'),
    );
    // More than a summary: sensor reports attached.
    const leaky = fixture.sign(
      'SAU',
      CAP_SUMMARY_TYPE,
      'ew-leak',
      { ...base({ identifier: 'ew-leak' }), reports: [{ sensor: 'r1', range: 1 }] },
      {},
    );
    expect(await publishRaw(leaky)).toEqual(nodes.map(() => 'rejected:invalid_summary'));
    for (const n of nodes) expect(await appliedCapSummaries(n.store.db)).toHaveLength(4);

    // An edited projection row on OMN's node is named by the verify check; QAT's is clean.
    await omn.store.db
      .withTables<{ warning_alliance_caps: { identifier: string; members: string } }>()
      .updateTable('warning_alliance_caps')
      .set({ members: JSON.stringify(['KWT']) })
      .where('identifier', '=', issued[0].identifier)
      .execute();
    const findings = await verifyCapSummaries(omn.store.db, omn.alliance!);
    expect(findings).toEqual([
      expect.objectContaining({
        ok: false,
        message: expect.stringMatching(
          new RegExp(`${issued[0].identifier}: projection edited: members is \\["KWT"\\]`),
        ),
      }),
    ]);
    expect((await verifyCapSummaries(qat.store.db, qat.alliance!))[0].ok).toBe(true);
  }, 180_000);

  it('#12 each summary keeps the id of the key that signed its act: the API reads it, verify checks it', async () => {
    const [qat, omn] = nodes;
    const qatKey = await qat.keyring.keyFor('QAT');
    const sauKeyId = keyId(fixture.keys.SAU.publicKeyPem);
    type KeyRow = { identifier: string; actor: string; key_id: string | null };
    const table = (n: TestNode) => n.store.db.withTables<{ warning_alliance_caps: KeyRow }>();
    for (const n of nodes) {
      const rows = await table(n)
        .selectFrom('warning_alliance_caps')
        .select(['identifier', 'actor', 'key_id'])
        .orderBy('identifier')
        .execute();
      expect(rows).toHaveLength(4);
      for (const r of rows) expect(r.key_id).toBe(r.actor === 'QAT' ? qatKey.keyId : sauKeyId);
    }
    const byIds = vi.spyOn(omn.alliance!, 'appliedActsByIds');
    const app = await buildTestApp(omn);
    try {
      const listed = async () =>
        (await app.inject({ url: '/api/warning/alliance-caps' })).json<{
          summaries: { identifier: string; keyId: string | null }[];
        }>().summaries;
      // Stored keys: the alliance log is not asked.
      const first = await listed();
      expect(first.map((x) => x.keyId).sort()).toEqual(
        [qatKey.keyId, qatKey.keyId, qatKey.keyId, sauKeyId].sort(),
      );
      expect(byIds).not.toHaveBeenCalled();
      // A row applied before the key was stored (key_id null): looked up by its act id only.
      await table(omn)
        .updateTable('warning_alliance_caps')
        .set({ key_id: null })
        .where('identifier', '=', issued[1].identifier)
        .execute();
      expect(await listed()).toEqual(first);
      expect(byIds).toHaveBeenCalledTimes(1);
      expect(byIds.mock.calls[0][0]).toHaveLength(1);
    } finally {
      byIds.mockRestore();
      await app.close();
    }
    // An edited key id is named by verify.
    await table(qat)
      .updateTable('warning_alliance_caps')
      .set({ key_id: sauKeyId })
      .where('identifier', '=', issued[2].identifier)
      .execute();
    expect(await verifyCapSummaries(qat.store.db, qat.alliance!)).toEqual([
      expect.objectContaining({
        ok: false,
        message: expect.stringContaining(
          `${issued[2].identifier}: projection edited: keyId is "${sauKeyId}"`,
        ),
      }),
    ]);
  }, 120_000);
});
