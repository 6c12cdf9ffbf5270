import { afterAll, beforeAll, expect, it } from 'vitest';
import { refused } from '../../src/core/errors.js';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { describeEachDialect } from '../../src/store/testing.js';
import { envelopeSubject } from '../../src/federation/envelope.js';
import type { FederationTables } from '../../src/federation/repository.js';
import { allianceDirectory } from '../support/alliance-directory.js';

/**
 * A node catching up applies the messages already arrived in one transaction, each in a savepoint (#12
 * catch-up speed). A rejected act in the middle of a batch is undone alone (even what its applier wrote
 * before refusing), and the batch ends exactly as the same messages applied one at a time.
 */
const directory = allianceDirectory(
  ['SECRETARIAT', 'QAT', 'SAU'],
  'tahaluf-alliance-batch-',
  'batch',
);

describeEachDialect('alliance log applied in batches', (dialect) => {
  const nodes: TestNode[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const node = await openTestNode({
        dialect,
        env: {
          TAHALUF_MODE: 'national',
          TAHALUF_MEMBER: 'QAT',
          TAHALUF_ALLIANCE_NATS: 'nats://127.0.0.1:4222',
          TAHALUF_ALLIANCE_DIRECTORY: directory.directoryFile,
        },
        modules: [],
      });
      // A test act type whose applier writes a row, then refuses when the payload says so.
      node.alliance!.register('test.note', async (tx, act) => {
        const p = act.payload as { refuse?: boolean };
        await tx
          .withTables<FederationTables>()
          .insertInto('alliance_keys')
          .values({
            key_id: `written-by-${act.id}`,
            actor: act.actor,
            public_key: 'x',
            source: 'test',
            stream_seq: act.seq,
            registered_at: act.at,
          })
          .execute();
        if (p.refuse) throw refused('test_refused', `act ${act.id} refused after writing`);
        return { ok: true };
      });
      nodes.push(node);
    }
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
  });

  it('#12 a rejection inside a batch is undone alone; batch and one-at-a-time reach the same log', async () => {
    const time = new Date().toISOString();
    const acts = [
      directory.sign('QAT', 'test.note', 'n1', {}),
      directory.sign('SAU', 'test.note', 'n2', { refuse: true }),
      directory.sign('SAU', 'test.note', 'n3', {}),
      directory.sign('QAT', 'test.note', 'n4', {}, { signer: 'SAU' }),
      directory.sign('QAT', 'test.note', 'n5', {}),
    ];
    const messages = acts.map((e, i) => ({
      natsSubject: envelopeSubject('alliance', e.actor, e.type),
      body: JSON.stringify(e),
      streamSeq: i + 1,
      streamTime: time,
    }));
    const [batched, single] = nodes;
    const outcomes = await batched.alliance!.processBatch(messages);
    expect(outcomes.map((o) => `${o.streamSeq}:${o.status}:${o.code}`)).toEqual([
      '1:applied:null',
      '2:rejected:test_refused',
      '3:applied:null',
      '4:rejected:key_not_of_actor',
      '5:applied:null',
    ]);
    for (const m of messages)
      await single.alliance!.processMessage(m.natsSubject, m.body, m.streamSeq, m.streamTime);
    const written = async (n: TestNode) =>
      (
        await n.store.db
          .withTables<FederationTables>()
          .selectFrom('alliance_keys')
          .select('key_id')
          .where('source', '=', 'test')
          .orderBy('key_id')
          .execute()
      ).map((r) => r.key_id);
    // The refused act's row is gone; the applied acts' rows stay.
    expect(await written(batched)).toEqual(
      [acts[0].id, acts[2].id, acts[4].id].map((id) => `written-by-${id}`).sort(),
    );
    expect(await written(batched)).toEqual(await written(single));
    const [a, b] = await Promise.all([batched.alliance!.status(), single.alliance!.status()]);
    expect(a).toMatchObject({ applied: 3, rejected: 2, lastStreamSeq: 5 });
    expect(a.logHash).toBe(b.logHash);
    // A batch that repeats held messages applies nothing twice.
    const again = await batched.alliance!.processBatch(messages);
    expect(again.map((o) => o.status)).toEqual(outcomes.map((o) => o.status));
    expect((await batched.alliance!.status()).applied).toBe(3);
    expect((await batched.alliance!.verifyLog()).problems).toEqual([]);
  });
});
