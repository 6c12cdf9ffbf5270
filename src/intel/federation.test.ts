import type { IntelTables } from './migrations.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Federation } from './federation.js';
import { hubFor } from './hub-registry.js';
import { collUrl, indicator, openIntelEnv, postHeaders, type IntelTestEnv } from './testing.js';

/**
 * Two nodes on loopback: A speaks for QAT, B for SAU (both in the GCC). A pulls from and pushes to
 * B's GCC collection over real HTTP. Also MISP #1720/#4200-style regressions: nothing outside the
 * releasable set travels, however many hops.
 */
describe('federation between two nodes on loopback', () => {
  let a: IntelTestEnv;
  let b: IntelTestEnv;
  let bUrl: string;
  let offline = false;
  let fed: Federation;
  const gets: string[] = [];
  beforeAll(async () => {
    a = await openIntelEnv('sqlite');
    b = await openIntelEnv('sqlite');
    const addr = await b.app.listen({ port: 0, host: '127.0.0.1' });
    bUrl = `${addr}/taxii2/api1/`;
    // B issues A's member (QAT) a token; A's node uses it to reach B.
    const token = (
      await b.auth('QAT', { clearance: 'TOP SECRET', user: 'node-a' })
    ).authorization.replace('Bearer ', '');
    const counting: typeof fetch = async (input, init) => {
      if (offline) throw new Error('connect ECONNREFUSED (peer offline)');
      gets.push(`${init?.method ?? 'GET'} ${input instanceof Request ? input.url : String(input)}`);
      return fetch(input, init);
    };
    fed = new Federation(a.node, counting);
    await fed.addPeer({
      name: 'node-b',
      apiRoot: bUrl,
      collection: 'gcc',
      token,
      peerMember: 'SAU',
      localCollection: 'gcc',
    });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const share = async (env: IntelTestEnv, member: string, objs: Record<string, unknown>[]) => {
    const r = await env.app.inject({
      method: 'POST',
      url: `${collUrl()}/objects/`,
      headers: postHeaders(await env.auth(member, { clearance: 'TOP SECRET', user: 'sharer' })),
      payload: JSON.stringify({ objects: objs }),
    });
    expect(JSON.parse(r.body).failure_count).toBe(0);
  };
  const idsAt = async (env: IntelTestEnv, member: string) => {
    const r = await env.app.inject({
      method: 'GET',
      url: `${collUrl()}/objects/?match[version]=all`,
      headers: await env.auth(member, { clearance: 'TOP SECRET' }),
    });
    return ((JSON.parse(r.body).objects ?? []) as { id: string }[]).map((o) => o.id).sort();
  };

  it('pushes only what is releasable to the peer member and pulls what the peer releases to us', async () => {
    const toGcc = indicator({ originator: 'QAT', rel: ['GCC'] });
    const qatOnly = indicator({ originator: 'QAT', rel: [] });
    const toKwt = indicator({ originator: 'QAT', rel: ['KWT'] });
    const red = indicator({ originator: 'QAT', rel: ['SAU'], tlp: 'red' });
    const secret = indicator({ originator: 'QAT', rel: ['SAU'], classification: 'TOP SECRET' });
    await share(a, 'QAT', [toGcc, qatOnly, toKwt, red, secret]);
    const fromSau = indicator({ originator: 'SAU', rel: ['GCC'] });
    const sauToPak = indicator({ originator: 'SAU', rel: ['PAK'] });
    await share(b, 'SAU', [fromSau, sauToPak]);

    const r = await fed.syncPeer('node-b');
    expect(r.pulled).toBe(1);
    // A is in secretariat mode here (no node member), so even the originator's TLP:RED is not relayed by it;
    // the link to B is accredited to SECRET (the default), so the TOP SECRET object stays home.
    expect(await idsAt(b, 'SAU')).toEqual([fromSau.id, toGcc.id, sauToPak.id].sort());
    expect((await idsAt(b, 'SAU')).includes(secret.id as string)).toBe(false);
    expect(await idsAt(b, 'KWT')).toEqual([fromSau.id, toGcc.id].sort());
    expect((await idsAt(b, 'SAU')).includes(qatOnly.id as string)).toBe(false);
    expect((await idsAt(b, 'SAU')).includes(red.id as string)).toBe(false);
    expect(await idsAt(a, 'QAT')).toContain(fromSau.id);
    expect(await idsAt(a, 'QAT')).not.toContain(sauToPak.id);
    // Labels travel unchanged: KWT at A still sees only what the originator released to it.
    expect(await idsAt(a, 'KWT')).toEqual([fromSau.id, toGcc.id, toKwt.id].sort());
  });

  it('an idle cycle is one GET answered {} and moves nothing', async () => {
    gets.length = 0;
    const r = await fed.syncPeer('node-b', 'scheduled');
    expect(r).toMatchObject({ pulled: 0, pushed: 0, requests: 1 });
    expect(gets).toHaveLength(1);
    expect(gets[0]).toMatch(/added_after=/);
  });

  it('a node that was offline catches up without duplicates', async () => {
    offline = true;
    const later = [
      indicator({ originator: 'QAT', rel: ['GCC'] }),
      indicator({ originator: 'QAT', rel: ['GCC'] }),
    ];
    await share(a, 'QAT', later);
    const sauLater = indicator({ originator: 'SAU', rel: ['QAT'] });
    await share(b, 'SAU', [sauLater]);
    await expect(fed.syncPeer('node-b')).rejects.toThrow(/offline/);
    offline = false;
    const before = await hubFor(b.node).repo.countObjects();
    const r = await fed.syncPeer('node-b');
    expect(r.pulled).toBe(1);
    expect(r.pushed).toBe(2);
    expect(await hubFor(b.node).repo.countObjects()).toBe(before + 2);
    const again = await fed.syncPeer('node-b');
    expect(again).toMatchObject({ pulled: 0, pushed: 0 });
    const all = await idsAt(b, 'SAU');
    expect(new Set(all).size).toBe(all.length);
  });

  it('records every sync as a signed act and the receipts show who received what', async () => {
    const acts = await a.node.record.list({ type: 'intel.synced' });
    expect(acts.length).toBeGreaterThanOrEqual(2);
    const rec = await a.app.inject({
      method: 'GET',
      url: '/api/intel/receipts',
      headers: { authorization: (await a.auth('QAT')).authorization },
    });
    const receipts = JSON.parse(rec.body).receipts as { recipient: string; channel: string }[];
    expect(receipts.filter((x) => x.channel === 'sync-push').map((x) => x.recipient)).toContain(
      'SAU',
    );
    // KWT read QAT's GCC-releasable objects at node A: its reads are receipts too; nobody else received any.
    expect([...new Set(receipts.map((x) => x.recipient))].sort()).toEqual(['KWT', 'SAU']);
  });

  it('verify: stored versions match the signed share and delete acts; a row slipped in beside the record is found', async () => {
    const { verifyIntel } = await import('./verify.js');
    expect((await verifyIntel(b.node)).every((f) => f.ok)).toBe(true);
    const row = await b.node.store.db
      .withTables<IntelTables>()
      .selectFrom('intel_objects')
      .selectAll()
      .limit(1)
      .executeTakeFirstOrThrow();
    await b.node.store.db
      .withTables<IntelTables>()
      .insertInto('intel_objects')
      .values({ ...row, seq: undefined, id: 'indicator--0b0e5ae1-8f5e-4c2a-9a51-3c7b1f0d2e11' })
      .execute();
    const findings = await verifyIntel(b.node);
    expect(
      findings.some(
        (f) => !f.ok && f.message.includes('indicator--0b0e5ae1-8f5e-4c2a-9a51-3c7b1f0d2e11'),
      ),
    ).toBe(true);
    await b.node.store.db
      .withTables<IntelTables>()
      .deleteFrom('intel_objects')
      .where('id', '=', 'indicator--0b0e5ae1-8f5e-4c2a-9a51-3c7b1f0d2e11')
      .execute();
    // One stored object's content changed after it was shared (one character of its name): found, and named.
    const stored = JSON.parse(row.object) as Record<string, unknown>;
    await b.node.store.db
      .withTables<IntelTables>()
      .updateTable('intel_objects')
      .set({ object: JSON.stringify({ ...stored, name: `${stored.name}!` }) })
      .where('seq', '=', row.seq)
      .execute();
    const altered = await verifyIntel(b.node);
    // Found twice: its hash is not the one the share act signed, and it is no longer the leaf its originator's
    // signed tree holds (#19.3, verify.ts checks the stored signatures too).
    expect(altered.filter((f) => !f.ok).map((f) => f.message)).toEqual([
      `stored ${row.id} version ${row.version}: ${row.originator}'s signature no longer proves it (it is not the leaf its signed tree holds)`,
      `stored ${row.id} version ${row.version} differs from the content its poster signed`,
    ]);
    await b.node.store.db
      .withTables<IntelTables>()
      .updateTable('intel_objects')
      .set({ object: row.object })
      .where('seq', '=', row.seq)
      .execute();
    expect((await verifyIntel(b.node)).every((f) => f.ok)).toBe(true);
  });

  it('MISP #1720/#4200 regression: a sharing-group object never reaches an outsider by sync, pull or relay', async () => {
    // SAU shares with SMDA (SAU+PAK) only; QAT's node (A) pulls from B as QAT: it must not receive it,
    // so it can never relay it to anyone; EGY pulling from B directly gets nothing either.
    const smda = indicator({ originator: 'SAU', rel: ['sau-pak-smda'], classification: 'SECRET' });
    await share(b, 'SAU', [smda]);
    await fed.syncPeer('node-b');
    expect(await idsAt(a, 'QAT')).not.toContain(smda.id);
    expect(await hubFor(a.node).repo.countObjects()).toBeGreaterThan(0);
    const inA = await a.node.store.db
      .withTables<IntelTables>()
      .selectFrom('intel_objects')
      .select('id')
      .where('id', '=', smda.id as string)
      .execute();
    expect(inA).toEqual([]);
    // A node relaying an object it legitimately holds cannot widen it: B refuses a label A could not post.
    const forged = { ...smda, modified: '2026-02-01T00:00:00.000Z' };
    const r = await b.app.inject({
      method: 'POST',
      url: `${collUrl()}/objects/`,
      headers: postHeaders(await b.auth('QAT')),
      payload: JSON.stringify({ objects: [forged] }),
    });
    expect(JSON.parse(r.body).failures[0].message).toMatch(/not releasable to the poster/);
    // EGY is outside the GCC collection altogether: 404, like a collection that does not exist.
    const egy = await b.app.inject({
      method: 'GET',
      url: `${collUrl()}/objects/`,
      headers: await b.auth('EGY'),
    });
    expect(egy.statusCode).toBe(404);
  });
});

/**
 * National nodes: each holds only its own member's key. QAT's node and SAU's node exchange in both
 * directions; what one receives is recorded in an act its own member signs, naming who posted it.
 */
describe('federation between two national nodes', () => {
  let qat: IntelTestEnv;
  let sau: IntelTestEnv;
  let fed: Federation;
  beforeAll(async () => {
    qat = await openIntelEnv('sqlite', undefined, {
      TAHALUF_MODE: 'national',
      TAHALUF_MEMBER: 'QAT',
    });
    sau = await openIntelEnv('sqlite', undefined, {
      TAHALUF_MODE: 'national',
      TAHALUF_MEMBER: 'SAU',
    });
    const addr = await sau.app.listen({ port: 0, host: '127.0.0.1' });
    const token = (
      await sau.auth('QAT', { clearance: 'SECRET', user: 'node-qat' })
    ).authorization.replace('Bearer ', '');
    fed = new Federation(qat.node, fetch);
    await fed.addPeer({
      name: 'node-sau',
      apiRoot: `${addr}/taxii2/api1/`,
      collection: 'gcc',
      token,
      peerMember: 'SAU',
      localCollection: 'gcc',
    });
  });
  afterAll(async () => {
    await qat?.close();
    await sau?.close();
  });

  it('pulls and pushes, and each node signs what it received with its own key', async () => {
    const post = async (env: IntelTestEnv, member: string, objs: Record<string, unknown>[]) =>
      JSON.parse(
        (
          await env.app.inject({
            method: 'POST',
            url: `${collUrl()}/objects/`,
            headers: postHeaders(await env.auth(member)),
            payload: JSON.stringify({ objects: objs }),
          })
        ).body,
      );
    const fromQat = indicator({ originator: 'QAT', rel: ['GCC'] });
    const fromSau = indicator({ originator: 'SAU', rel: ['GCC'] });
    expect((await post(qat, 'QAT', [fromQat])).success_count).toBe(1);
    expect((await post(sau, 'SAU', [fromSau])).success_count).toBe(1);
    const r = await fed.syncPeer('node-sau');
    expect(r).toMatchObject({ pulled: 1, pushed: 1 });
    // SAU's node got QAT's object by push: the act is SAU's (the only key it holds), naming QAT as poster.
    const atSau = await sau.node.record.list({ type: 'intel.shared' });
    expect(atSau.map((a) => [a.actor, (a.payload as { poster?: string }).poster])).toEqual([
      ['SAU', 'SAU'],
      ['SAU', 'QAT'],
    ]);
    const atQat = await qat.node.record.list({ type: 'intel.shared' });
    expect(atQat.map((a) => [a.actor, (a.payload as { poster?: string }).poster])).toEqual([
      ['QAT', 'QAT'],
      ['QAT', 'SAU'],
    ]);
    const { verifyIntel } = await import('./verify.js');
    expect((await verifyIntel(sau.node)).every((f) => f.ok)).toBe(true);
  });
});
