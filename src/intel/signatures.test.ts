import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateEd25519, keyId, signEd25519 } from '../core/crypto.js';
import { describeEachDialect } from '../store/testing.js';
import type { Dialect } from '../store/database.js';
import { Federation } from './federation.js';
import { hubFor } from './hub-registry.js';
import type { IntelTables } from './migrations.js';
import {
  checkSignature,
  signObjects,
  SIGNATURES_PROPERTY,
  type ObjectSignature,
} from './signatures.js';
import { openSignedNodes, postObjects, type SignedNodes } from './signed-nodes.test-support.js';
import { collUrl, indicator, postHeaders, type IntelTestEnv } from './testing.js';

/**
 * #19.3: objects signed by their originating member travel with a detached signature (A → B → C), are
 * verified by every receiver against the key registered to the originator, and a missing, altered or
 * misattributed signature is refused (or, unsigned, flagged) with nothing of the object stored.
 *
 * Three national nodes, each holding only its own member's key: A = QAT, B = SAU, C = KWT. Each knows
 * the others' public keys from the alliance key directory (`alliance_keys`, rows as the directory file
 * loads them).
 */
describeEachDialect('signed objects across nodes (#19.3)', (dialect: Dialect) => {
  const nodes: Record<'A' | 'B' | 'C', IntelTestEnv> = {} as Record<'A' | 'B' | 'C', IntelTestEnv>;
  const keys: Record<string, { keyId: string; publicKey: string }> = {};
  let bFromA: Federation;
  let cFromB: Federation;
  let tamper: ((body: Record<string, unknown>) => void) | null = null;

  let net: SignedNodes | undefined;

  beforeAll(async () => {
    // A link's GET answers pass through `tamper` when a test sets it (a compromised relay or link).
    net = await openSignedNodes(dialect, { tamper: () => tamper });
    Object.assign(nodes, net.nodes);
    Object.assign(keys, net.keys);
    ({ bFromA, cFromB } = net);
  });
  afterAll(async () => {
    await net?.close();
  });

  const post = postObjects;
  const getOne = async (env: IntelTestEnv, member: string, id: string) => {
    const r = await env.app.inject({
      url: `${collUrl()}/objects/${id}/`,
      headers: await env.auth(member),
    });
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null };
  };
  // The stored rows of an id, each with its signature as served: rebuilt from the row's signed tree (#19.3,
  // migration 1610), or null when it has none.
  const rowsOf = async (env: IntelTestEnv, id: string) => {
    const rows = await env.node.store.db
      .withTables<IntelTables>()
      .selectFrom('intel_objects')
      .select([
        'id',
        'provenance',
        'signature',
        'sig_tree',
        'sig_index',
        'sig_path',
        'object',
        'upgraded_at',
      ])
      .where('id', '=', id)
      .execute();
    await hubFor(env.node).repo.attachSignatures(rows);
    return rows.map(({ sig_tree: _t, sig_index: _i, sig_path: _p, ...r }) => r);
  };
  const sharedActsNaming = async (env: IntelTestEnv, id: string) =>
    (await env.node.record.list({ type: 'intel.shared', limit: 10_000 })).filter((a) =>
      JSON.stringify(a.payload).includes(id),
    );
  const keyOf = (k: string) => {
    const e = Object.entries(keys).find(([, v]) => v.keyId === k);
    return e ? { actor: e[0], publicKey: e[1].publicKey } : undefined;
  };
  /** A signature of QAT's over `obj` made by a key that is registered, but to SAU. */
  const signedBy = (obj: Record<string, unknown>, signer: string, kid: string, pem: string) =>
    signObjects([obj], signer, kid, (m) => signEd25519(pem, m))[0];

  let fromQat: Record<string, unknown>;

  it('(a)+(c) the originator signs on ingest; the signature travels A → B → C and verifies on C as QAT’s', async () => {
    fromQat = indicator({ originator: 'QAT', rel: ['GCC'] });
    expect((await post(nodes.A, 'QAT', [fromQat])).success_count).toBe(1);
    const [atA] = await rowsOf(nodes.A, fromQat.id as string);
    expect(atA.provenance).toBe('signed');
    // Served beside the object, never inside it: the object's bytes are the ones posted.
    const served = await getOne(nodes.A, 'SAU', fromQat.id as string);
    expect(served.body.objects).toEqual([fromQat]);
    const sig = served.body[SIGNATURES_PROPERTY][0] as ObjectSignature;
    expect(sig).toMatchObject({ signer: 'QAT', key_id: keys.QAT.keyId });
    expect(JSON.stringify(served.body.objects[0])).not.toContain(sig.signature);
    expect(checkSignature(fromQat, sig, 'QAT', keyOf, new Set())).toBeNull();

    // B pulls from A; C pulls from B. Neither B nor C holds QAT's private key.
    expect((await bFromA.syncPeer('peer-QAT')).pulled).toBe(1);
    const [atB] = await rowsOf(nodes.B, fromQat.id as string);
    expect(atB.provenance).toBe('verified');
    const r = await cFromB.syncPeer('peer-SAU');
    expect(r.refused).toEqual([]);
    const [atC] = await rowsOf(nodes.C, fromQat.id as string);
    expect(atC.provenance).toBe('verified');
    expect(JSON.parse(atC.signature!)).toEqual(sig);
    const onC = await getOne(nodes.C, 'KWT', fromQat.id as string);
    expect(onC.body.objects).toEqual([fromQat]);
    expect(
      checkSignature(
        onC.body.objects[0],
        onC.body[SIGNATURES_PROPERTY][0],
        'QAT',
        keyOf,
        new Set(),
      ),
    ).toBeNull();
    // The manifest carries it too.
    const man = await nodes.C.app.inject({
      url: `${collUrl()}/manifest/?match[id]=${fromQat.id as string}`,
      headers: await nodes.C.auth('KWT'),
    });
    expect(
      man.json<{ objects: Record<string, unknown>[] }>().objects[0].x_tahaluf_signature,
    ).toEqual(sig);
  });

  it('(c) push: B pushes SAU’s object to A with SAU’s signature; A verifies it', async () => {
    const fromSau = indicator({ originator: 'SAU', rel: ['GCC'] });
    expect((await post(nodes.B, 'SAU', [fromSau])).success_count).toBe(1);
    const r = await bFromA.syncPeer('peer-QAT');
    expect(r.pushRefused).toEqual([]);
    const [atA] = await rowsOf(nodes.A, fromSau.id as string);
    expect(atA.provenance).toBe('verified');
    expect(JSON.parse(atA.signature!).signer).toBe('SAU');
  });

  it('(b) an object altered on the way is refused on pull; nothing of it is stored', async () => {
    const victim = indicator({ originator: 'QAT', rel: ['GCC'] });
    expect((await post(nodes.A, 'QAT', [victim])).success_count).toBe(1);
    await bFromA.syncPeer('peer-QAT');
    tamper = (body) => {
      for (const o of (body.objects ?? []) as Record<string, unknown>[])
        if (o.id === victim.id) o.name = 'benign host';
    };
    const r = await cFromB.syncPeer('peer-SAU').finally(() => {
      tamper = null;
    });
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]).toContain(victim.id as string);
    expect(r.refused[0]).toMatch(/signature refused: the object is not the one QAT signed/);
    expect(await rowsOf(nodes.C, victim.id as string)).toEqual([]);
    expect(await sharedActsNaming(nodes.C, victim.id as string)).toEqual([]);
    expect((await getOne(nodes.C, 'KWT', victim.id as string)).status).toBe(404);
  });

  it('(b) pushed to C directly: altered, signed for another member, by a key of another actor, forged bytes: each refused, the honest one stored', async () => {
    const honest = indicator({ originator: 'QAT', rel: ['GCC'] });
    // Signed at A, read from A by SAU (as B's node would), then relayed by SAU's user to C.
    await post(nodes.A, 'QAT', [honest]);
    const sigOf = async (id: string) =>
      (await getOne(nodes.A, 'SAU', id)).body[SIGNATURES_PROPERTY][0] as ObjectSignature;
    const honestSig = await sigOf(honest.id as string);
    const altered = indicator({ originator: 'QAT', rel: ['GCC'] });
    await post(nodes.A, 'QAT', [altered]);
    const alteredSig = await sigOf(altered.id as string);
    const alteredObj = { ...altered, pattern: "[ipv4-addr:value = '198.51.100.1']" };
    // SAU signs (with its own registered key) an object claiming QAT as originator.
    const claimed = indicator({ originator: 'QAT', rel: ['GCC'] });
    const sauPem = (await nodes.B.node.keyring.keyFor('SAU')).privateKeyPem;
    const asSau = signedBy(claimed, 'SAU', keys.SAU.keyId, sauPem);
    // SAU's key presented as QAT's.
    const misattributed = indicator({ originator: 'QAT', rel: ['GCC'] });
    const viaSauKey = signedBy(misattributed, 'QAT', keys.SAU.keyId, sauPem);
    // Right key id, wrong signature bytes.
    const forged = indicator({ originator: 'QAT', rel: ['GCC'] });
    const forgedSig = {
      ...signedBy(forged, 'QAT', keys.QAT.keyId, generateEd25519().privateKeyPem),
    };
    const st = await post(
      nodes.C,
      'SAU',
      [honest, alteredObj, claimed, misattributed, forged],
      [honestSig, alteredSig, asSau, viaSauKey, forgedSig],
    );
    expect(st.success_count).toBe(1);
    const why = new Map((st.failures ?? []).map((f) => [f.id, f.message]));
    expect(why.get(altered.id as string)).toMatch(/the object is not the one QAT signed/);
    expect(why.get(claimed.id as string)).toMatch(
      /signed by SAU, but the label names QAT as originator/,
    );
    expect(why.get(misattributed.id as string)).toMatch(
      new RegExp(`key ${keys.SAU.keyId} is registered to SAU, not to QAT`),
    );
    expect(why.get(forged.id as string)).toMatch(/does not verify with QAT's key/);
    for (const o of [altered, claimed, misattributed, forged]) {
      expect(await rowsOf(nodes.C, o.id as string)).toEqual([]);
      expect(await sharedActsNaming(nodes.C, o.id as string)).toEqual([]);
    }
    expect((await rowsOf(nodes.C, honest.id as string))[0].provenance).toBe('verified');
    // A signature envelope of the wrong length is a 400 and stores nothing.
    const bad = await nodes.C.app.inject({
      method: 'POST',
      url: `${collUrl()}/objects/`,
      headers: postHeaders(await nodes.C.auth('SAU')),
      payload: JSON.stringify({ objects: [forged], [SIGNATURES_PROPERTY]: [] }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(SIGNATURES_PROPERTY);
  });

  it('(b) unsigned or signed by an unknown key: flagged not verified by default, refused when signatures are required', async () => {
    const unsigned = indicator({ originator: 'QAT', rel: ['GCC'] });
    const unknown = indicator({ originator: 'QAT', rel: ['GCC'] });
    const stray = generateEd25519();
    const unknownSig = signedBy(unknown, 'QAT', keyId(stray.publicKeyPem), stray.privateKeyPem);
    const hub = hubFor(nodes.C.node);
    hub.requireSignatures = true;
    try {
      const st = await post(nodes.C, 'SAU', [unsigned, unknown], [null, unknownSig]);
      expect(st.success_count).toBe(0);
      const why = new Map((st.failures ?? []).map((f) => [f.id, f.message]));
      expect(why.get(unsigned.id as string)).toMatch(
        /an object of QAT relayed by SAU must carry QAT's signature/,
      );
      expect(why.get(unknown.id as string)).toMatch(/is not registered to QAT on this node/);
      expect(await rowsOf(nodes.C, unsigned.id as string)).toEqual([]);
      expect(await rowsOf(nodes.C, unknown.id as string)).toEqual([]);
    } finally {
      hub.requireSignatures = false;
    }
    const st = await post(nodes.C, 'SAU', [unsigned, unknown], [null, unknownSig]);
    expect(st.success_count).toBe(2);
    expect((await rowsOf(nodes.C, unsigned.id as string))[0]).toMatchObject({
      provenance: 'unverified',
      signature: null,
    });
    expect((await rowsOf(nodes.C, unknown.id as string))[0].provenance).toBe('unverified');
  });

  it('an object stored unverified is upgraded by a signed re-post of the same bytes, never downgraded, never by a signature for other bytes', async () => {
    const qat = await nodes.A.node.keyring.keyFor('QAT');
    const signQat = (o: Record<string, unknown>) =>
      signedBy(o, 'QAT', qat.keyId, qat.privateKeyPem);
    const obj = indicator({ originator: 'QAT', rel: ['GCC'] });
    const id = obj.id as string;
    // SAU relays QAT's object to C without a signature: stored, not verified.
    expect((await post(nodes.C, 'SAU', [obj])).success_count).toBe(1);
    expect((await rowsOf(nodes.C, id))[0]).toMatchObject({
      provenance: 'unverified',
      signature: null,
    });

    // A signature of QAT's over other bytes (another description, another version) carried beside the
    // stored object: refused, the stored row unchanged.
    for (const other of [
      { ...obj, description: 'altered' },
      { ...obj, modified: '2026-03-02T00:00:00.000Z' },
    ]) {
      const st = await post(nodes.C, 'SAU', [obj], [signQat(other)]);
      expect(st.success_count).toBe(0);
      expect(st.failures?.[0].message).toMatch(
        /signature refused: the object is not the one QAT signed/,
      );
      expect((await rowsOf(nodes.C, id))[0]).toMatchObject({
        provenance: 'unverified',
        signature: null,
      });
    }
    // Signed by a key this node does not know: still not verified, and the row is not touched.
    const stray = generateEd25519();
    const straySig = signedBy(obj, 'QAT', keyId(stray.publicKeyPem), stray.privateKeyPem);
    const stray1 = await post(nodes.C, 'SAU', [obj], [straySig]);
    expect(stray1.successes?.[0]).toMatchObject({ id, message: 'already stored' });
    expect((await rowsOf(nodes.C, id))[0]).toMatchObject({
      provenance: 'unverified',
      signature: null,
    });

    // Nothing was upgraded so far: no act says so.
    const upgradeActs = async () =>
      (await nodes.C.node.record.list({ type: 'intel.signature_verified', limit: 1000 })).filter(
        (a) => JSON.stringify(a.payload).includes(id),
      );
    expect(await upgradeActs()).toEqual([]);

    // The same bytes with QAT's valid signature: upgraded to verified, with that signature.
    const sig = signQat(obj);
    const st = await post(nodes.C, 'SAU', [obj], [sig]);
    expect(st.successes?.[0]).toMatchObject({
      id,
      message: 'already stored; its signature is now verified',
    });
    const [after] = await rowsOf(nodes.C, id);
    expect(after.provenance).toBe('verified');
    expect(JSON.parse(after.signature!)).toEqual(sig);
    expect(after.object).toBe(JSON.stringify(obj));
    const served = await getOne(nodes.C, 'KWT', id);
    expect(served.body[SIGNATURES_PROPERTY][0]).toEqual(sig);
    const api = await nodes.C.app.inject({
      url: `/api/intel/objects/${encodeURIComponent(id)}`,
      headers: await nodes.C.auth('KWT'),
    });
    const prov = api.json<{ provenance: Record<string, unknown> }>().provenance;
    expect(prov).toMatchObject({
      status: 'verified',
      verified: true,
      signer: 'QAT',
      receivedFrom: 'SAU',
      upgradedFrom: 'SAU',
    });
    expect(typeof prov.upgradedAt).toBe('string');
    expect(after.upgraded_at).toBe(prov.upgradedAt);
    // The upgrade is an act of the record, by the poster, naming the version and the signature now stored.
    const acts = await upgradeActs();
    expect(acts).toHaveLength(1);
    expect(acts[0].payload).toMatchObject({
      poster: 'SAU',
      objects: [
        {
          id,
          version: obj.modified,
          signer: 'QAT',
          key_id: qat.keyId,
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
        },
      ],
    });
    // Private as every intel act: signed by the national node that stored it (KWT, as its intel.shared acts),
    // in no public record view, and in no other member's own view.
    expect(acts[0].actor).toBe('KWT');
    const view = async (v: string, m: string) =>
      (
        await nodes.C.app.inject({
          url: `/api/record?view=${v}&limit=1000`,
          headers: await nodes.C.auth(m),
        })
      ).body;
    for (const m of ['KWT', 'SAU']) {
      expect(await view('public', m)).not.toContain(acts[0].id);
      expect(await view('public', m)).not.toContain('signature_verified');
    }
    expect(await view('own', 'SAU')).not.toContain(acts[0].id);
    expect(await view('own', 'KWT')).toContain(acts[0].id);

    // Never downgraded: unsigned, or signed by an unknown key, again: it stays verified with QAT's signature.
    for (const [sigs, note] of [
      [undefined, 'unsigned'],
      [[straySig], 'unknown key'],
    ] as const) {
      const again = await post(nodes.C, 'SAU', [obj], sigs ? [...sigs] : undefined);
      expect(again.successes?.[0], note).toMatchObject({ id, message: 'already stored' });
      const [row] = await rowsOf(nodes.C, id);
      expect(row.provenance, note).toBe('verified');
      expect(JSON.parse(row.signature!), note).toEqual(sig);
    }
    // The same key order aside: a re-post in another key order with the valid signature is the same
    // canonical form; a row already verified says nothing new.
    const reordered = Object.fromEntries(Object.entries(obj).reverse());
    const same = await post(nodes.C, 'SAU', [reordered], [sig]);
    expect(same.successes?.[0]).toMatchObject({ id, message: 'already stored' });
    // Re-posts that changed nothing recorded nothing more; the provenance keeps the first upgrade.
    expect(await upgradeActs()).toHaveLength(1);
    expect((await rowsOf(nodes.C, id))[0].upgraded_at).toBe(after.upgraded_at);

    // A version signed here by its originator stays 'signed' when a carried signature arrives for it.
    const own = indicator({ originator: 'QAT', rel: ['GCC'] });
    expect((await post(nodes.A, 'QAT', [own])).success_count).toBe(1);
    const [signedRow] = await rowsOf(nodes.A, own.id as string);
    const carried = await post(nodes.A, 'QAT', [own], [signQat(own)]);
    expect(carried.successes?.[0]).toMatchObject({ message: 'already stored' });
    expect((await rowsOf(nodes.A, own.id as string))[0]).toEqual(signedRow);
  });

  it('an object stored unverified in another key order is upgraded when the signature proves its canonical form', async () => {
    const qat = await nodes.A.node.keyring.keyFor('QAT');
    const obj = indicator({ originator: 'QAT', rel: ['GCC'] });
    const reordered = Object.fromEntries(Object.entries(obj).reverse());
    expect((await post(nodes.C, 'SAU', [reordered])).success_count).toBe(1);
    const sig = signedBy(obj, 'QAT', qat.keyId, qat.privateKeyPem);
    const st = await post(nodes.C, 'SAU', [obj], [sig]);
    expect(st.successes?.[0].message).toBe('already stored; its signature is now verified');
    const [row] = await rowsOf(nodes.C, obj.id as string);
    expect(row).toMatchObject({ provenance: 'verified', object: JSON.stringify(reordered) });
  });
});

describeEachDialect(
  'provenance in the console API and the OpenAPI document (#19.3)',
  (dialect: Dialect) => {
    const nodes: Record<'A' | 'B' | 'C', IntelTestEnv> = {} as Record<
      'A' | 'B' | 'C',
      IntelTestEnv
    >;
    let bFromA: Federation;
    let cFromB: Federation;
    let net: SignedNodes | undefined;

    beforeAll(async () => {
      // Every node knows QAT's and SAU's public keys (the alliance key directory), not KWT's.
      net = await openSignedNodes(dialect, { directory: ['QAT', 'SAU'] });
      Object.assign(nodes, net.nodes);
      ({ bFromA, cFromB } = net);
    });
    afterAll(async () => {
      await net?.close();
    });

    const objectApi = async (env: IntelTestEnv, member: string, id: string) => {
      const r = await env.app.inject({
        url: `/api/intel/objects/${encodeURIComponent(id)}`,
        headers: await env.auth(member),
      });
      expect(r.statusCode).toBe(200);
      return r.json<{
        provenance: Record<string, unknown>;
        nodes: { id: string; provenance: Record<string, unknown> }[];
      }>();
    };
    const feedItem = async (env: IntelTestEnv, member: string, id: string) => {
      const r = await env.app.inject({ url: '/api/intel/feed', headers: await env.auth(member) });
      return r
        .json<{ items: { id: string; provenance: Record<string, unknown> }[] }>()
        .items.find((i) => i.id === id);
    };

    it('says who originated an object, whether its signature verified here, its envelope, and whether another node forwarded it', async () => {
      const fromQat = indicator({ originator: 'QAT', rel: ['GCC'] });
      const id = fromQat.id as string;
      const qatKey = (await nodes.A.node.keyring.keyFor('QAT')).keyId;
      const posted = await nodes.A.app.inject({
        method: 'POST',
        url: `${collUrl()}/objects/`,
        headers: postHeaders(await nodes.A.auth('QAT', { clearance: 'SECRET' })),
        payload: JSON.stringify({ objects: [fromQat] }),
      });
      expect(posted.json<{ success_count: number }>().success_count).toBe(1);
      await bFromA.syncPeer('peer-QAT');
      await cFromB.syncPeer('peer-SAU');

      const atA = await objectApi(nodes.A, 'QAT', id);
      expect(atA.provenance).toMatchObject({
        originator: 'QAT',
        status: 'signed',
        verified: true,
        signer: 'QAT',
        keyId: qatKey,
        envelopeSize: 1,
        receivedFrom: 'QAT',
        forwarded: false,
      });
      expect(atA.provenance.signedAt).toBe(atA.provenance.storedAt);
      const envelope = atA.provenance.envelope;
      expect(typeof envelope).toBe('string');

      // B pulled it from A, QAT's own node: verified, not forwarded; the signing envelope is A's.
      const atB = await objectApi(nodes.B, 'SAU', id);
      expect(atB.provenance).toMatchObject({
        originator: 'QAT',
        status: 'verified',
        verified: true,
        signer: 'QAT',
        keyId: qatKey,
        envelope,
        signedAt: null,
        receivedFrom: 'QAT',
        forwarded: false,
      });
      // C pulled it from B: still QAT's verified signature, forwarded via SAU's node.
      const atC = await objectApi(nodes.C, 'KWT', id);
      expect(atC.provenance).toMatchObject({
        originator: 'QAT',
        status: 'verified',
        verified: true,
        signer: 'QAT',
        envelope,
        receivedFrom: 'SAU',
        forwarded: true,
      });
      // The feed and the graph nodes carry the same provenance.
      expect((await feedItem(nodes.C, 'KWT', id))?.provenance).toEqual(atC.provenance);
      expect(atC.nodes.find((n) => n.id === id)?.provenance).toEqual(atC.provenance);

      // Relayed by SAU's user without a signature: stored, not verified, forwarded.
      const bare = indicator({ originator: 'QAT', rel: ['GCC'] });
      await nodes.C.app.inject({
        method: 'POST',
        url: `${collUrl()}/objects/`,
        headers: postHeaders(await nodes.C.auth('SAU', { clearance: 'SECRET' })),
        payload: JSON.stringify({ objects: [bare] }),
      });
      expect((await objectApi(nodes.C, 'KWT', bare.id as string)).provenance).toMatchObject({
        originator: 'QAT',
        status: 'unverified',
        verified: false,
        signer: null,
        keyId: null,
        envelope: null,
        receivedFrom: 'SAU',
        forwarded: true,
      });

      // A row stored before signatures (and before the sender was recorded) reads as unsigned, sender unknown.
      const old = indicator({ originator: 'KWT', rel: ['GCC'] });
      await nodes.C.app.inject({
        method: 'POST',
        url: `${collUrl()}/objects/`,
        headers: postHeaders(await nodes.C.auth('KWT', { clearance: 'SECRET' })),
        payload: JSON.stringify({ objects: [old] }),
      });
      await nodes.C.node.store.db
        .withTables<IntelTables>()
        .updateTable('intel_objects')
        .set({
          signature: null,
          sig_tree: null,
          sig_index: null,
          sig_path: null,
          provenance: null,
          received_from: null,
        })
        .where('id', '=', old.id as string)
        .execute();
      expect((await objectApi(nodes.C, 'KWT', old.id as string)).provenance).toMatchObject({
        originator: 'KWT',
        status: 'unsigned',
        verified: false,
        signer: null,
        receivedFrom: null,
        forwarded: null,
      });
    });

    it('the OpenAPI document describes the provenance object and the signature envelope fields', async () => {
      const doc = (await nodes.A.app.inject('/api/openapi.json')).json<{
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      }>();
      const ok = (path: string, method = 'get') =>
        JSON.stringify(doc.paths[path]?.[method]?.responses?.['200'] ?? null);
      const objectDoc = ok('/api/intel/objects/{id}');
      for (const field of [
        'provenance',
        'originator',
        'verified',
        'keyId',
        'envelope',
        'signedAt',
        'receivedFrom',
        'forwarded',
      ])
        expect(objectDoc, field).toContain(`"${field}"`);
      expect(ok('/api/intel/feed')).toContain('"provenance"');
      const envelopeDoc = ok('/taxii2/{apiRoot}/collections/{collectionId}/objects/');
      expect(envelopeDoc).toContain(`"${SIGNATURES_PROPERTY}"`);
      for (const field of ['alg', 'signer', 'key_id', 'root', 'size', 'index', 'path', 'signature'])
        expect(envelopeDoc, field).toContain(`"${field}"`);
      expect(ok('/taxii2/{apiRoot}/collections/{collectionId}/objects/{objectId}/')).toContain(
        `"${SIGNATURES_PROPERTY}"`,
      );
      expect(ok('/taxii2/{apiRoot}/collections/{collectionId}/manifest/')).toContain(
        '"x_tahaluf_signature"',
      );
    });
  },
);
