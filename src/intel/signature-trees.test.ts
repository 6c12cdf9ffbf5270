import { afterAll, beforeAll, expect, it } from 'vitest';
import { signEd25519 } from '../core/crypto.js';
import { describeEachDialect } from '../store/testing.js';
import type { Dialect } from '../store/database.js';
import { intelMigrations, type IntelTables } from './migrations.js';
import { IntelRepository } from './repository.js';
import {
  checkSignature,
  decodeLeaves,
  encodeLeaves,
  objectLeaf,
  signObjects,
  SIGNATURES_PROPERTY,
  type ObjectSignature,
} from './signatures.js';
import { openSignedNodes, postObjects, type SignedNodes } from './signed-nodes.test-support.js';
import { collUrl, indicator, type IntelTestEnv } from './testing.js';
import { verifyIntel } from './verify.js';

/**
 * #19.3 storage (migration 1610): the fields the objects of one signed tree share (signature, signer, key,
 * root, size) are stored once, in `intel_sig_trees`; each object's row keeps only its leaf index (and its own
 * audit path when the tree's leaves are not all known here). What a receiver gets is unchanged: every served
 * object carries its originator's detached signature and inclusion proof, rebuilt from the shared row.
 *
 * Nodes A = QAT, B = SAU, C = KWT (signed-nodes.test-support.ts): B pulls from A as SAU, C from B as KWT.
 */
describeEachDialect('signed trees stored once (#19.3, migration 1610)', (dialect: Dialect) => {
  let net: SignedNodes;
  let nodes: SignedNodes['nodes'];

  beforeAll(async () => {
    net = await openSignedNodes(dialect);
    nodes = net.nodes;
  });
  afterAll(async () => {
    await net?.close();
  });

  const db = (env: IntelTestEnv) => env.node.store.db.withTables<IntelTables>();
  const post = postObjects;
  /** GET of objects by id as `member`: the objects and the signatures served beside them. */
  const served = async (env: IntelTestEnv, member: string, ids: string[]) => {
    const r = await env.app.inject({
      url: `${collUrl()}/objects/?match[id]=${ids.join(',')}`,
      headers: await env.auth(member),
    });
    const body = r.json<{ objects?: Record<string, unknown>[]; [k: string]: unknown }>();
    const objects = body.objects ?? [];
    const sigs = (body[SIGNATURES_PROPERTY] ?? []) as (ObjectSignature | null)[];
    return new Map(objects.map((o, i) => [o.id as string, { object: o, sig: sigs[i] ?? null }]));
  };
  const rowsOf = (env: IntelTestEnv, ids: string[]) =>
    db(env)
      .selectFrom('intel_objects')
      .select(['id', 'provenance', 'signature', 'sig_tree', 'sig_index', 'sig_path', 'object'])
      .where('id', 'in', ids)
      .orderBy('seq')
      .execute();
  const treesOf = (env: IntelTestEnv, treeIds: string[]) =>
    db(env).selectFrom('intel_sig_trees').selectAll().where('tree_id', 'in', treeIds).execute();
  /** The originator's key as a receiver knows it (the alliance key directory), nothing else. */
  const keyOf = (k: string) => {
    const e = Object.entries(net.keys).find(([, v]) => v.keyId === k);
    return e ? { actor: e[0], publicKey: e[1].publicKey } : undefined;
  };
  /** Checks a served signature proof by proof (path to root, then Ed25519), as any receiver would. */
  const proves = (obj: Record<string, unknown>, sig: ObjectSignature | null, originator: string) =>
    sig ? checkSignature(obj, sig, originator, keyOf, new Set()) : { message: 'no signature' };

  let shared: Record<string, unknown>[] = [];

  it('stores one tree row for an envelope signed here and for the same tree verified on another node', async () => {
    shared = Array.from({ length: 5 }, () => indicator({ originator: 'QAT', rel: ['GCC'] }));
    const ids = shared.map((o) => o.id as string);
    expect((await post(nodes.A, 'QAT', shared)).success_count).toBe(5);
    const atA = await rowsOf(nodes.A, ids);
    expect(atA.map((r) => r.provenance)).toEqual(Array(5).fill('signed'));
    // One tree named by all five rows, each with its own index and no per-row signature or path.
    expect(new Set(atA.map((r) => r.sig_tree)).size).toBe(1);
    expect(atA.map((r) => r.sig_index)).toEqual([0, 1, 2, 3, 4]);
    expect(atA.every((r) => r.signature === null && r.sig_path === null)).toBe(true);
    const [treeA] = await treesOf(nodes.A, [atA[0].sig_tree!]);
    expect(treeA).toMatchObject({ signer: 'QAT', key_id: net.keys.QAT.keyId, size: 5 });
    // Its leaves are the objects' leaves, in order.
    const leaves = decodeLeaves(treeA.leaves!, 5)!;
    expect(leaves.map((l) => Buffer.from(l).toString('hex'))).toEqual(
      shared.map((o) => Buffer.from(objectLeaf(o)).toString('hex')),
    );

    // B pulls the whole tree from A: proven whole, stored once with its leaves, the same tree id.
    expect((await net.bFromA.syncPeer('peer-QAT')).pulled).toBe(5);
    const atB = await rowsOf(nodes.B, ids);
    expect(atB.map((r) => r.provenance)).toEqual(Array(5).fill('verified'));
    expect(new Set(atB.map((r) => r.sig_tree))).toEqual(new Set([atA[0].sig_tree]));
    expect(atB.every((r) => r.signature === null && r.sig_path === null)).toBe(true);
    const treesB = await treesOf(nodes.B, [atA[0].sig_tree!]);
    expect(treesB).toHaveLength(1);
    expect(treesB[0].leaves).toBe(treeA.leaves);
  });

  it('serves each object with a proof rebuilt from the shared row that verifies against the originator’s key, after forwarding', async () => {
    const ids = shared.map((o) => o.id as string);
    // B forwards QAT's objects to C; C verifies them with QAT's key only.
    const r = await net.cFromB.syncPeer('peer-SAU');
    expect(r.refused).toEqual([]);
    for (const env of [nodes.A, nodes.B, nodes.C]) {
      const got = await served(env, 'KWT', ids);
      expect(got.size).toBe(5);
      for (const [i, o] of shared.entries()) {
        const s = got.get(o.id as string)!;
        expect(s.object).toEqual(o);
        expect(s.sig).toMatchObject({ signer: 'QAT', size: 5, index: i });
        expect(proves(s.object, s.sig, 'QAT')).toBeNull();
        // Not a proof for another object of the tree, nor under another originator.
        expect(proves(shared[(i + 1) % 5], s.sig, 'QAT')).not.toBeNull();
        expect(proves(s.object, s.sig, 'SAU')).not.toBeNull();
      }
    }
    const atC = await rowsOf(nodes.C, ids);
    expect(atC.map((r) => r.provenance)).toEqual(Array(5).fill('verified'));
    // The manifest's record carries the same signature.
    const man = await nodes.C.app.inject({
      url: `${collUrl()}/manifest/?match[id]=${ids[2]}`,
      headers: await nodes.C.auth('KWT'),
    });
    const rec = man.json<{ objects: Record<string, unknown>[] }>().objects[0];
    expect(proves(shared[2], rec.x_tahaluf_signature as ObjectSignature, 'QAT')).toBeNull();
  });

  it('keeps the carried path of an object whose tree arrived in part, and serves the signature it came with', async () => {
    const qat = await nodes.A.node.keyring.keyFor('QAT');
    const four = Array.from({ length: 4 }, () => indicator({ originator: 'QAT', rel: ['GCC'] }));
    const sigs = signObjects(four, 'QAT', qat.keyId, (m) => signEd25519(qat.privateKeyPem, m));
    // SAU relays two of the four to B (a TAXII POST of part of QAT's envelope).
    expect((await post(nodes.B, 'SAU', four.slice(1, 3), sigs.slice(1, 3))).success_count).toBe(2);
    const rows = await rowsOf(
      nodes.B,
      four.slice(1, 3).map((o) => o.id as string),
    );
    expect(rows.map((r) => r.provenance)).toEqual(['verified', 'verified']);
    expect(rows.map((r) => JSON.parse(r.sig_path!))).toEqual([sigs[1].path, sigs[2].path]);
    const [tree] = await treesOf(nodes.B, [rows[0].sig_tree!]);
    expect(tree.leaves).toBeNull();
    const got = await served(nodes.B, 'KWT', [four[1].id as string]);
    expect(got.get(four[1].id as string)?.sig).toEqual(sigs[1]);
  });

  it('migrates a row stored with the old per-row signature column: it is served with the same proof, which still verifies', async () => {
    const objs = Array.from({ length: 3 }, () => indicator({ originator: 'QAT', rel: ['GCC'] }));
    const ids = objs.map((o) => o.id as string);
    expect((await post(nodes.A, 'QAT', objs)).success_count).toBe(3);
    const before = await served(nodes.A, 'KWT', ids);
    // Every signed row of A as migration 1609 left it: the whole signature JSON in the row, no tree table.
    const all = await db(nodes.A)
      .selectFrom('intel_objects')
      .select(['seq', 'signature', 'sig_tree', 'sig_index', 'sig_path'])
      .where('sig_tree', 'is not', null)
      .execute();
    await new IntelRepository(nodes.A.node.store).attachSignatures(all);
    for (const r of all)
      await db(nodes.A)
        .updateTable('intel_objects')
        .set({ signature: r.signature })
        .where('seq', '=', r.seq)
        .execute();
    expect(all.length).toBeGreaterThanOrEqual(3);
    await db(nodes.A).schema.dropTable('intel_sig_trees').execute();
    for (const col of ['sig_tree', 'sig_index', 'sig_path'])
      await db(nodes.A).schema.alterTable('intel_objects').dropColumn(col).execute();

    await intelMigrations['1610_intel_signature_trees'].up(nodes.A.node.store.db);

    const rows = await rowsOf(nodes.A, ids);
    expect(rows.every((r) => r.signature === null && r.sig_tree && r.sig_path)).toBe(true);
    expect(new Set(rows.map((r) => r.sig_tree)).size).toBe(1);
    // Read by a repository with nothing cached: the proof comes from the migrated rows alone.
    const fresh = new IntelRepository(nodes.A.node.store);
    await fresh.attachSignatures(rows);
    for (const [i, r] of rows.entries()) {
      const sig = JSON.parse(r.signature!) as ObjectSignature;
      expect(sig).toEqual(before.get(ids[i])!.sig);
      expect(proves(objs[i], sig, 'QAT')).toBeNull();
    }
    // Every migrated row of A still proves its object, the earlier envelopes' too.
    const findings = await verifyIntel(nodes.A.node);
    expect(findings.every((f) => f.ok)).toBe(true);
    expect(findings[0].message).toMatch(new RegExp(`; ${all.length} originator signatures`));
  });

  it('detects a shared tree row altered in storage: verify reports it and a receiver refuses the served proof', async () => {
    const objs = Array.from({ length: 3 }, () => indicator({ originator: 'QAT', rel: ['GCC'] }));
    const ids = objs.map((o) => o.id as string);
    expect((await post(nodes.A, 'QAT', objs)).success_count).toBe(3);
    // (with the three of the migration test before)
    expect((await net.bFromA.syncPeer('peer-QAT')).pulled).toBe(6);
    expect((await verifyIntel(nodes.B.node)).every((f) => f.ok)).toBe(true);
    const [row] = await rowsOf(nodes.B, [ids[0]]);
    const [tree] = await treesOf(nodes.B, [row.sig_tree!]);
    const tamper = (set: Partial<IntelTables['intel_sig_trees']>) =>
      db(nodes.B)
        .updateTable('intel_sig_trees')
        .set(set)
        .where('tree_id', '=', tree.tree_id)
        .execute();
    // A new repository (nothing cached) reads what is stored now, as a restarted node would serve it.
    const servedNow = async () => {
      const rows = await rowsOf(nodes.B, ids);
      await new IntelRepository(nodes.B.node.store).attachSignatures(rows);
      return rows.map((r) => JSON.parse(r.signature!) as ObjectSignature);
    };

    // 1. Another object's leaf swapped into the shared leaves: the leaves no longer rebuild the signed root.
    const leaves = decodeLeaves(tree.leaves!, 3)!;
    await tamper({
      leaves: encodeLeaves([objectLeaf(indicator({ originator: 'QAT' })), ...leaves.slice(1)]),
    });
    let findings = await verifyIntel(nodes.B.node);
    expect(findings.some((f) => !f.ok && /do not rebuild the signed root/.test(f.message))).toBe(
      true,
    );
    // Object 0's own proof does not use its leaf (only its siblings'); the proofs of the other two do.
    const afterSwap = await servedNow();
    expect(proves(objs[1], afterSwap[1], 'QAT')).not.toBeNull();
    expect(proves(objs[2], afterSwap[2], 'QAT')).not.toBeNull();

    // 2. The signature altered (another valid-looking signature of QAT's key over other bytes).
    const qat = await nodes.A.node.keyring.keyFor('QAT');
    await tamper({ leaves: tree.leaves, signature: signEd25519(qat.privateKeyPem, 'other bytes') });
    findings = await verifyIntel(nodes.B.node);
    expect(
      findings.some(
        (f) => !f.ok && /signature over its signed tree does not verify/.test(f.message),
      ),
    ).toBe(true);
    for (const [i, sig] of (await servedNow()).entries())
      expect(proves(objs[i], sig, 'QAT')).toMatchObject({
        message: expect.stringMatching(/does not verify/),
      });

    // 3. The signer changed to another member: the proof no longer names the label's originator.
    await tamper({ signature: tree.signature, signer: 'SAU' });
    findings = await verifyIntel(nodes.B.node);
    expect(findings.some((f) => !f.ok)).toBe(true);
    for (const [i, sig] of (await servedNow()).entries())
      expect(proves(objs[i], sig, 'QAT')).not.toBeNull();

    // Restored, everything verifies again.
    await tamper({ signer: tree.signer });
    expect((await verifyIntel(nodes.B.node)).every((f) => f.ok)).toBe(true);
    for (const [i, sig] of (await servedNow()).entries())
      expect(proves(objs[i], sig, 'QAT')).toBeNull();
  });

  it('serves every signature of a page whose trees outnumber the tree cache (70 one-object envelopes)', async () => {
    // Regression (4 Dec): loading a page's missing trees into the shared 32-tree cache could evict another
    // tree of the same page before its rows were filled in, and those objects went out unsigned.
    const objects = Array.from({ length: 70 }, () =>
      indicator({ originator: 'QAT', rel: ['GCC'] }),
    );
    for (const o of objects) expect((await post(nodes.A, 'QAT', [o])).success_count).toBe(1);
    const ids = objects.map((o) => o.id as string);
    const got = await served(nodes.A, 'QAT', ids);
    expect(got.size).toBe(70);
    const unsigned = ids.filter((id) => !got.get(id)?.sig);
    expect(unsigned).toEqual([]);
    for (const o of objects)
      expect(
        proves(got.get(o.id as string)!.object, got.get(o.id as string)!.sig, 'QAT'),
      ).toBeNull();
  });
});
