import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, openTestNode, type TestNode } from '../app/testing.js';
import type { RecordTables } from './migrations.js';
import { contentHash, verifyViewEntries, verifyViews, type ViewAct } from './views.js';

/**
 * #19.2 record numbering: before, a public reader got each visible act's full-record `seq` and
 * `prevHash`, so 2 private acts between two public ones showed as a gap of 2 and the second public act
 * pointed at a hidden one. Views number and chain the acts a reader may see on their own.
 */
describe('record views: numbering and links reveal no private act', () => {
  let node: TestNode;
  let app: FastifyInstance;
  const hidden: string[] = [];
  beforeAll(async () => {
    node = await openTestNode({
      modules: [{ name: 'probe', privateActPrefixes: ['probe.secret.'] }],
    });
    app = await buildTestApp(node);
    for (let i = 0; i < 4; i++) {
      await node.record.append({ actor: 'QAT', type: 'probe.public', payload: { i } });
      for (let j = 0; j < i; j++) {
        const a = await node.record.append({
          actor: j % 2 ? 'SAU' : 'QAT',
          type: 'probe.secret.shared',
          payload: { i, j },
        });
        if (j % 2) hidden.push(a.id, a.hash, contentHash(a));
      }
    }
  });
  afterAll(async () => {
    await app.close();
    await node.close();
  });

  const keys = async () =>
    new Map(
      (await app.inject({ url: '/api/identities' }))
        .json<{ keyId: string; actor: string; publicKey: string }[]>()
        .map((k) => [k.keyId, { actor: k.actor, pem: k.publicKey }]),
    );
  const read = async (url: string, member?: string) => {
    const r = await app.inject({
      url,
      headers: member ? { authorization: `Bearer ${await node.tokenFor(member)}` } : {},
    });
    expect(r.statusCode).toBe(200);
    return { body: r.body, ...r.json<{ acts: ViewAct[]; total: number }>() };
  };

  it('serves the public view numbered 1..n, chained on its own, verifiable by anyone', async () => {
    const full = await node.record.list({ typePrefix: 'probe.' });
    // The full record has gaps between the public acts (this is what was served before).
    expect(full.filter((a) => a.type === 'probe.public').map((a) => a.seq)).not.toEqual([
      full[0].seq,
      full[0].seq + 1,
      full[0].seq + 2,
      full[0].seq + 3,
    ]);
    const pub = await read('/api/record');
    const probes = pub.acts.filter((a) => a.type.startsWith('probe.'));
    expect(probes.map((a) => a.type)).toEqual(Array(4).fill('probe.public'));
    expect(pub.acts.map((a) => a.seq)).toEqual(pub.acts.map((_, i) => i + 1));
    expect(verifyViewEntries(pub.acts, await keys())).toMatchObject({ ok: true, unsigned: 0 });
    for (const h of hidden) expect(pub.body).not.toContain(h);
    // Paging by the view's numbers, as the console does.
    const page = await read(`/api/record?afterSeq=${pub.total - 2}&limit=2`);
    expect(page.acts.map((a) => a.seq)).toEqual([pub.total - 1, pub.total]);
  });

  it("serves each member its own private acts as a view of their own, and no one else's", async () => {
    const sau = await read('/api/record?view=own', 'SAU');
    expect(sau.acts.map((a) => [a.seq, a.actor, a.view])).toEqual([
      [1, 'SAU', 'own:SAU'],
      [2, 'SAU', 'own:SAU'],
    ]);
    expect(verifyViewEntries(sau.acts, await keys()).ok).toBe(true);
    const qat = await read('/api/record?view=own', 'QAT');
    expect(qat.acts.every((a) => a.actor === 'QAT')).toBe(true);
    for (const h of hidden) expect(qat.body).not.toContain(h);
  });

  it('tahaluf verify checks the views against the record and names an altered act', async () => {
    const db = node.store.db.withTables<RecordTables>();
    expect(await verifyViews(node.views, db, await keys())).toMatchObject({ ok: true });
    const victim = (await node.record.list({ type: 'probe.public' }))[1];
    await db
      .updateTable('record_views')
      .set({ content_hash: '0'.repeat(64) })
      .where('act_id', '=', victim.id)
      .execute();
    const broken = await verifyViews(node.views, db, await keys());
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken?.id).toBe(victim.id);
    await db
      .updateTable('record_views')
      .set({ content_hash: contentHash(victim) })
      .where('act_id', '=', victim.id)
      .execute();
    expect(await verifyViews(node.views, db, await keys())).toMatchObject({ ok: true });
  });

  it('signs an act older than views over its content at catch-up when the key is held', async () => {
    const db = node.store.db.withTables<RecordTables>();
    const a = await node.record.append({ actor: 'QAT', type: 'probe.public', payload: { old: 1 } });
    await db
      .updateTable('record_acts')
      .set({ content_signature: null })
      .where('id', '=', a.id)
      .execute();
    const pub = await read('/api/record?limit=1000');
    const entry = pub.acts.find((x) => x.id === a.id)!;
    expect(entry.signature).toBeTruthy();
    expect(verifyViewEntries(pub.acts, await keys()).ok).toBe(true);
  });
});
