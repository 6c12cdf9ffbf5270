import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, openTestNode, type TestNode } from '../app/testing.js';
import { fromBase64, leafHash, verifyConsistency, verifyInclusion } from '../core/merkle.js';
import {
  checkNoteSignature,
  parseNote,
  COSIGNATURE_ED25519,
  NOTE_ED25519,
} from '../core/signed-note.js';
import type { RecordTables } from './migrations.js';
import type { TlogTables } from './tlog-tables.js';
import { leafData, publicLeafData, type PublicLeafFields } from './transparency-log.js';
import { ownView, PUBLIC_VIEW } from './views.js';

const logKeyOf = (cp: { log: { name: string; publicKey: string } }) =>
  ({ name: cp.log.name, publicKeyPem: cp.log.publicKey, type: NOTE_ED25519 }) as const;

describe.each(['sqlite', 'postgres'] as const)('transparency log API (#12.3) [%s]', (dialect) => {
  let node: TestNode;
  let app: FastifyInstance;
  let publicId: string;
  let secretId: string;
  let sec: { authorization: string };
  beforeAll(async () => {
    node = await openTestNode({
      dialect,
      modules: [{ name: 'probe', privateActPrefixes: ['probe.secret.'] }],
    });
    app = await buildTestApp(node);
    sec = { authorization: `Bearer ${await node.tokenFor(null)}` };
    publicId = (await node.record.append({ actor: 'QAT', type: 'probe.public', payload: { n: 1 } }))
      .id;
    secretId = (
      await node.record.append({ actor: 'QAT', type: 'probe.secret.shared', payload: { o: 'x' } })
    ).id;
    for (let i = 0; i < 5; i += 1)
      await node.record.append({ actor: 'SAU', type: 'probe.public', payload: { i } });
  });
  afterAll(async () => {
    await app.close();
    await node.close();
  });

  interface CheckpointBody {
    note: string;
    size: number;
    rootHash: string;
    log: { name: string; publicKey: string; keyId: string };
    cosignatures: { name: string; time: string }[];
    witness: { name: string; publicKey: string; inconsistencies: unknown[] };
  }

  /** Which log a proof is asked of: the one the caller receives by default, or its own view's. */
  interface LogAsk {
    view?: 'own';
    headers?: Record<string, string>;
  }
  const viewQuery = (ask: LogAsk) => (ask.view ? `view=${ask.view}&` : '');

  /**
   * Each entry, as served, is proved at its view position in the tree of `checkpoint`: the inclusion
   * answer holds `expected(entry)`, and its path leads from the leaf the client recomputes to the root.
   */
  const expectEachIncluded = async (
    served: PublicLeafFields[],
    checkpoint: CheckpointBody,
    ask: LogAsk,
    expected: (entry: PublicLeafFields) => Record<string, unknown>,
  ) => {
    for (const e of served) {
      const res = await app.inject({
        url: `/api/record/proof/inclusion?${viewQuery(ask)}actId=${e.id}`,
        headers: ask.headers,
      });
      expect(res.statusCode).toBe(200);
      const p = res.json<{
        leafIndex: number;
        treeSize: number;
        leafHash: string;
        proof: string[];
      }>();
      expect(p).toMatchObject({ ...expected(e), leafIndex: e.seq - 1, treeSize: checkpoint.size });
      const leaf = leafHash(publicLeafData(e));
      expect(Buffer.from(leaf).toString('base64')).toBe(p.leafHash);
      expect(
        verifyInclusion(
          p.leafIndex,
          p.treeSize,
          leaf,
          p.proof.map(fromBase64),
          fromBase64(checkpoint.rootHash),
        ),
      ).toBe(true);
    }
  };

  /** The log's consistency proof from `older` to `newer` starts at `older`'s root and verifies. */
  const expectExtends = async (older: CheckpointBody, newer: CheckpointBody, ask: LogAsk) => {
    const cons = (
      await app.inject({
        url: `/api/record/proof/consistency?${viewQuery(ask)}from=${older.size}&to=${newer.size}`,
        headers: ask.headers,
      })
    ).json<{ proof: string[]; fromRoot: string }>();
    expect(cons.fromRoot).toBe(older.rootHash);
    expect(
      verifyConsistency(
        older.size,
        newer.size,
        fromBase64(older.rootHash),
        fromBase64(newer.rootHash),
        cons.proof.map(fromBase64),
      ),
    ).toBe(true);
  };

  it('serves the latest checkpoint as a signed note with the log key and the witness cosignature', async () => {
    const res = await app.inject({ url: '/api/record/checkpoint', headers: sec });
    expect(res.statusCode).toBe(200);
    const cp = res.json<CheckpointBody>();
    const acts = await node.record.count();
    expect(cp.size).toBe(acts);
    expect(cp.note.startsWith(`${cp.log.name}\n${acts}\n${cp.rootHash}\n\n\u2014 `)).toBe(true);
    const note = parseNote(cp.note);
    const logKey = {
      name: cp.log.name,
      publicKeyPem: cp.log.publicKey,
      type: NOTE_ED25519,
    } as const;
    expect(checkNoteSignature(note, logKey)).toBe(true);
    const witnessKey = {
      name: cp.witness.name,
      publicKeyPem: cp.witness.publicKey,
      type: COSIGNATURE_ED25519,
    } as const;
    expect(checkNoteSignature(note, witnessKey)).toBe(true);
    expect(cp.cosignatures.map((c) => c.name)).toEqual([cp.witness.name]);
    expect(cp.witness.inconsistencies).toEqual([]);
  });

  it('proves an act is in the checkpointed tree, and one checkpoint extends another', async () => {
    const first = (
      await app.inject({ url: '/api/record/checkpoint', headers: sec })
    ).json<CheckpointBody>();
    const res = await app.inject({
      url: `/api/record/proof/inclusion?actId=${publicId}`,
      headers: sec,
    });
    expect(res.statusCode).toBe(200);
    const proof = res.json<{ seq: number; treeSize: number; leafHash: string; proof: string[] }>();
    expect(proof.treeSize).toBe(first.size);
    const act = (await node.record.get(publicId))!;
    // The client recomputes the leaf from the act it was shown, then checks the path to the root.
    expect(Buffer.from(leafHash(leafData(act))).toString('base64')).toBe(proof.leafHash);
    expect(
      verifyInclusion(
        proof.seq - 1,
        proof.treeSize,
        fromBase64(proof.leafHash),
        proof.proof.map(fromBase64),
        fromBase64(first.rootHash),
      ),
    ).toBe(true);

    await node.record.append({ actor: 'OMN', type: 'probe.public', payload: { later: true } });
    const second = (
      await app.inject({ url: '/api/record/checkpoint', headers: sec })
    ).json<CheckpointBody>();
    expect(second.size).toBe(first.size + 1);
    await expectExtends(first, second, { headers: sec });
  });

  it('gives no proof of a restricted act but to the secretariat, and names a bad size', async () => {
    const other = await node.tokenFor('SAU');
    const hidden = await app.inject({
      url: `/api/record/proof/inclusion?actId=${secretId}`,
      headers: { authorization: `Bearer ${other}` },
    });
    expect(hidden.statusCode).toBe(404);
    // Its own actor too: a private act is in no tree the public receives (#19.2).
    const own = await app.inject({
      url: `/api/record/proof/inclusion?actId=${secretId}`,
      headers: { authorization: `Bearer ${await node.tokenFor('QAT')}` },
    });
    expect(own.statusCode).toBe(404);
    const full = await app.inject({
      url: `/api/record/proof/inclusion?actId=${secretId}`,
      headers: sec,
    });
    expect(full.statusCode).toBe(200);
    const bad = await app.inject({
      url: '/api/record/proof/consistency?from=5&to=999',
      headers: sec,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ field: string; detail: string }>()).toMatchObject({ field: 'to' });
    const spec = (await app.inject({ url: '/api/openapi.json' })).json<{ paths: object }>();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/record/checkpoint',
        '/api/record/proof/inclusion',
        '/api/record/proof/consistency',
      ]),
    );
  });

  it('#19.2 regression: the public receives the log of the public view, which counts no private act', async () => {
    const anon = (await app.inject({ url: '/api/record/checkpoint' })).json<CheckpointBody>();
    const member = (
      await app.inject({
        url: '/api/record/checkpoint',
        headers: { authorization: `Bearer ${await node.tokenFor('SAU')}` },
      })
    ).json<CheckpointBody>();
    const full = (
      await app.inject({ url: '/api/record/checkpoint', headers: sec })
    ).json<CheckpointBody>();
    const publicCount = await node.views.count(PUBLIC_VIEW, {});
    const recordCount = await node.record.count();
    expect(recordCount).toBeGreaterThan(publicCount); // the store holds private acts
    // Before: the public checkpoint's size was the full record's count (private acts included).
    expect(anon.size).toBe(publicCount);
    expect(member.note).toBe(anon.note);
    expect(full.size).toBe(recordCount);
    expect(anon.log.name).toBe(`${full.log.name}/public`);
    expect(checkNoteSignature(parseNote(anon.note), { ...logKeyOf(anon) })).toBe(true);
    expect(anon.cosignatures.map((c) => c.name)).toEqual([anon.witness.name]);

    // Every public entry is proved at its view position from what /api/record serves, nothing else.
    const served = (await app.inject({ url: '/api/record?limit=1000' })).json<{
      acts: PublicLeafFields[];
    }>().acts;
    expect(served).toHaveLength(publicCount);
    await expectEachIncluded(served, anon, {}, (e) => ({ view: 'public', seq: e.seq }));
    const asFull = await app.inject({
      url: '/api/record/checkpoint?view=full',
      headers: { authorization: `Bearer ${await node.tokenFor('SAU')}` },
    });
    expect(asFull.statusCode).toBe(400);

    // A private act appended changes nothing the public receives; a public one extends its log by one.
    await node.record.append({ actor: 'QAT', type: 'probe.secret.shared', payload: { o: 'y' } });
    const same = (await app.inject({ url: '/api/record/checkpoint' })).json<CheckpointBody>();
    expect(same.note).toBe(anon.note);
    await node.record.append({ actor: 'OMN', type: 'probe.public', payload: { next: 1 } });
    const grown = (await app.inject({ url: '/api/record/checkpoint' })).json<CheckpointBody>();
    expect(grown.size).toBe(anon.size + 1);
    await expectExtends(anon, grown, {});
    const tooFar = await app.inject({
      url: `/api/record/proof/consistency?from=1&to=${grown.size + 1}`,
    });
    expect(tooFar.statusCode).toBe(400); // the public tree is the public view's length, not the record's
  });

  it('#19.2 a member proves its own private act in the log of its own view, which counts no other actor', async () => {
    const qat = { authorization: `Bearer ${await node.tokenFor('QAT')}` };
    const sau = { authorization: `Bearer ${await node.tokenFor('SAU')}` };
    const full = (
      await app.inject({ url: '/api/record/checkpoint', headers: sec })
    ).json<CheckpointBody>();
    const res = await app.inject({ url: '/api/record/checkpoint?view=own', headers: qat });
    expect(res.statusCode).toBe(200);
    const own = res.json<CheckpointBody & { origin: string }>();
    const ownCount = await node.views.count(ownView('QAT'), {});
    expect(ownCount).toBeGreaterThan(0);
    expect(own.size).toBe(ownCount);
    expect(own.origin).toBe(`${full.log.name}/own/qat`);
    expect(own.log.name).toBe(own.origin);
    // The checkpoint as published: signed by the log key under its origin, cosigned by the witness.
    const note = parseNote(own.note);
    expect(checkNoteSignature(note, logKeyOf(own))).toBe(true);
    expect(
      checkNoteSignature(note, {
        name: own.witness.name,
        publicKeyPem: own.witness.publicKey,
        type: COSIGNATURE_ED25519,
      }),
    ).toBe(true);

    // Each own entry, as /api/record?view=own serves it, is proved against that checkpoint's root.
    const served = (
      await app.inject({ url: '/api/record?view=own&limit=1000', headers: qat })
    ).json<{ acts: PublicLeafFields[] }>().acts;
    expect(served.map((e) => e.id)).toContain(secretId);
    expect(served).toHaveLength(ownCount);
    await expectEachIncluded(served, own, { view: 'own', headers: qat }, () => ({
      view: 'own',
      origin: own.origin,
    }));

    // Another member asking for QAT's private act gets, byte for byte, the answer for a missing act;
    // so does QAT asking for a public act in its own log.
    const missing = `${secretId.slice(0, -1)}${secretId.endsWith('0') ? '1' : '0'}`;
    expect(await node.record.get(missing)).toBeUndefined();
    const ask = async (id: string, headers: Record<string, string>, view = 'own') => {
      const r = await app.inject({
        url: `/api/record/proof/inclusion?view=${view}&actId=${id}`,
        headers,
      });
      return {
        status: r.statusCode,
        type: r.headers['content-type'],
        length: r.headers['content-length'],
        body: r.body.replaceAll(id, '<id>'),
      };
    };
    const absent = await ask(missing, sau);
    expect(absent.status).toBe(404);
    expect(await ask(secretId, sau)).toEqual(absent);
    expect(await ask(secretId, sau, 'public')).toEqual(await ask(missing, sau, 'public'));
    expect(await ask(publicId, qat)).toEqual(await ask(missing, qat));
    // Signed out, there is no own log to ask for.
    expect(
      (await app.inject({ url: '/api/record/proof/inclusion?view=own&actId=' + secretId }))
        .statusCode,
    ).toBe(400);

    // Another actor's private act leaves QAT's own log as it was; its own act extends it by one.
    await node.record.append({ actor: 'SAU', type: 'probe.secret.shared', payload: { s: 1 } });
    const sauOwn = (
      await app.inject({ url: '/api/record/checkpoint?view=own', headers: sau })
    ).json<CheckpointBody & { origin: string }>();
    expect(sauOwn).toMatchObject({ origin: `${full.log.name}/own/sau`, size: 1 });
    const same = (
      await app.inject({ url: '/api/record/checkpoint?view=own', headers: qat })
    ).json<CheckpointBody>();
    expect(same.note).toBe(own.note);
    await node.record.append({ actor: 'QAT', type: 'probe.secret.shared', payload: { o: 'z' } });
    const grown = (
      await app.inject({ url: '/api/record/checkpoint?view=own', headers: qat })
    ).json<CheckpointBody>();
    expect(grown.size).toBe(own.size + 1);
    await expectExtends(own, grown, { view: 'own', headers: qat });
  });

  it('#12.5 after the record is rewritten, the witness refuses and the checkpoint API shows the contradiction', async () => {
    const before = (
      await app.inject({ url: '/api/record/checkpoint', headers: sec })
    ).json<CheckpointBody>();
    const db = node.store.db.withTables<RecordTables & TlogTables>();
    await db.updateTable('record_acts').set({ payload: '{"n":2}' }).where('seq', '=', 2).execute();
    await db.deleteFrom('record_tree').execute();
    await node.record.append({ actor: 'SAU', type: 'probe.public', payload: { after: true } });
    const res = await app.inject({ url: '/api/record/checkpoint', headers: sec });
    expect(res.statusCode).toBe(200);
    const cp = res.json<CheckpointBody>();
    expect(cp.size).toBe(before.size); // the last checkpoint the witness cosigned
    expect(cp.witness.inconsistencies).toHaveLength(1);
    expect(cp.witness.inconsistencies[0]).toMatchObject({
      reason: expect.stringMatching(/not an extension of the tree of size/),
      held: expect.stringContaining(before.note.split('\n\n')[0]),
    });
  });
});
