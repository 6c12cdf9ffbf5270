import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../store/testing.js';
import {
  collUrl,
  envelope,
  GCC,
  indicator,
  openIntelEnv,
  postHeaders,
  ROOT,
  type IntelTestEnv,
} from '../testing.js';
import { nameUuid } from '../collections.js';
import { TAXII_MEDIA } from './media.js';

/** Black-box tests of TAXII 2.1 sections 3–5 (each `it` names the clause it checks). */
describeEachDialect('TAXII 2.1 server', (dialect) => {
  let env: IntelTestEnv;
  let qat: Record<string, string>;
  beforeAll(async () => {
    env = await openIntelEnv(dialect, 64 * 1024);
    qat = await env.auth('QAT');
  });
  afterAll(() => env.close());
  const get = (url: string, headers: Record<string, string>) =>
    env.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Record<string, string>, objects: unknown[]) =>
    env.app.inject({
      method: 'POST',
      url,
      headers: postHeaders(headers),
      payload: envelope(objects),
    });

  it('3.2/3.3 every response carries exactly application/taxii+json;version=2.1', async () => {
    for (const url of [
      '/taxii2/',
      `${ROOT}/`,
      `${ROOT}/collections/`,
      `${collUrl()}/`,
      `${collUrl()}/objects/`,
      `${collUrl()}/manifest/`,
      `${ROOT}/nope/`,
    ]) {
      const r = await get(url, qat);
      expect(r.headers['content-type'], url).toBe(TAXII_MEDIA);
    }
  });

  it('3.2 406 when the Accept header names no TAXII 2.1 type; accepts the versionless type', async () => {
    for (const accept of ['application/json', 'application/taxii+json;version=2.0', 'text/html']) {
      const r = await get(`${ROOT}/`, { ...qat, accept });
      expect(r.statusCode, accept).toBe(406);
      expect(JSON.parse(r.body).http_status).toBe('406');
    }
    expect((await get(`${ROOT}/`, { ...qat, accept: 'application/taxii+json' })).statusCode).toBe(
      200,
    );
  });

  it('3.5 401 without credentials (TAXII error body); HTTP Basic user:token and Bearer both work', async () => {
    const r = await get(`${ROOT}/`, { accept: TAXII_MEDIA });
    expect(r.statusCode).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ title: 'Unauthorized', http_status: '401' });
    expect(r.headers['www-authenticate']).toBe('Basic realm="tahaluf", Bearer');
    expect((await get(`${ROOT}/`, await env.auth('QAT', { basic: true }))).statusCode).toBe(200);
    const bad = await get(`${ROOT}/`, {
      accept: TAXII_MEDIA,
      authorization: 'Bearer thf_tok_00000000000000000000.aaaaaaaaaaaaaaaaaaaaaaaa',
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toBe(TAXII_MEDIA);
    expect(bad.headers['www-authenticate']).toBe('Basic realm="tahaluf", Bearer');
  });

  it('4.1 discovery lists the API root; 4.2 the API root names versions and max_content_length', async () => {
    const d = JSON.parse((await get('/taxii2/', qat)).body);
    expect(d.title).toBeTruthy();
    expect(d.api_roots).toHaveLength(1);
    expect(d.api_roots[0]).toMatch(/\/taxii2\/api1\/$/);
    const a = JSON.parse((await get(`${ROOT}/`, qat)).body);
    expect(a).toMatchObject({ versions: [TAXII_MEDIA], max_content_length: 64 * 1024 });
    expect((await get('/taxii2/api2/', qat)).statusCode).toBe(404);
  });

  it('5.1/5.2 collections per community with can_read/can_write; others are 404', async () => {
    const c = JSON.parse((await get(`${ROOT}/collections/`, qat)).body).collections as {
      id: string;
      alias: string;
      can_read: boolean;
      can_write: boolean;
      media_types: string[];
    }[];
    const aliases = c.map((x) => x.alias);
    expect(aliases).toEqual(expect.arrayContaining(['gcc', 'arab-league', 'member-qat']));
    expect(aliases).not.toContain('member-sau');
    expect(aliases).not.toContain('sau-pak-smda');
    for (const x of c)
      expect(x).toMatchObject({
        can_read: true,
        can_write: true,
        media_types: ['application/stix+json;version=2.1'],
      });
    expect(JSON.parse((await get(`${collUrl()}/`, qat)).body)).toMatchObject({
      id: GCC,
      alias: 'gcc',
    });
    const smda = nameUuid('alliance:sau-pak-smda');
    const miss = await get(`${ROOT}/collections/${smda}/`, qat);
    const none = await get(`${ROOT}/collections/00000000-0000-4000-8000-000000000000/`, qat);
    expect(miss.statusCode).toBe(404);
    expect(miss.body).toBe(none.body);
  });

  it('5.5 POST returns 202 with a status resource; invalid objects are failures, valid ones stored; 4.3 status can be fetched', async () => {
    const good = indicator({ originator: 'QAT', rel: ['GCC'] });
    const invalid = { ...indicator({ originator: 'QAT' }), modified: '2020-01-01T00:00:00.000Z' };
    const r = await post(`${collUrl()}/objects/`, qat, [good, invalid, { type: 'indicator' }]);
    expect(r.statusCode).toBe(202);
    const st = JSON.parse(r.body);
    expect(st).toMatchObject({
      status: 'complete',
      total_count: 3,
      success_count: 1,
      failure_count: 2,
      pending_count: 0,
    });
    expect(st.successes[0]).toMatchObject({ id: good.id, version: good.modified });
    expect(st.failures[0].message).toMatch(/modified/);
    const again = JSON.parse((await get(`${ROOT}/status/${st.id}/`, qat)).body);
    expect(again).toEqual(st);
    // Another member's user cannot see that status resource: the same 404 as a made-up id.
    const other = await get(`${ROOT}/status/${st.id}/`, await env.auth('SAU'));
    const madeUp = await get(
      `${ROOT}/status/7c1b2f58-6b8f-4d8a-9a38-2e4b9e2b7f11/`,
      await env.auth('SAU'),
    );
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe(madeUp.body);
  });

  it('5.5 415 for a non-TAXII Content-Type; 413 above max_content_length; 400 for a body that is not an envelope', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: `${collUrl()}/objects/`,
      headers: { ...qat, 'content-type': 'application/json' },
      payload: envelope([]),
    });
    expect(r.statusCode).toBe(415);
    expect(JSON.parse(r.body)).toMatchObject({ http_status: '415' });
    const big = await env.app.inject({
      method: 'POST',
      url: `${collUrl()}/objects/`,
      headers: postHeaders(qat),
      payload: JSON.stringify({ objects: [], pad: 'x'.repeat(70 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toBe(TAXII_MEDIA);
    const arr = await env.app.inject({
      method: 'POST',
      url: `${collUrl()}/objects/`,
      headers: postHeaders(qat),
      payload: '[1,2]',
    });
    expect(arr.statusCode).toBe(400);
  });

  it('5.4 GET objects: envelope, more/next, limit, added_after, X-TAXII-Date-Added headers, match filters', async () => {
    const h = await env.auth('KWT');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      env.clock.advance(1000);
      const o = indicator({ originator: 'KWT', rel: ['GCC'] });
      ids.push(o.id as string);
      expect((await post(`${collUrl()}/objects/`, h, [o])).statusCode).toBe(202);
    }
    const page1 = await get(`${collUrl()}/objects/?limit=2&match[type]=indicator`, h);
    const b1 = JSON.parse(page1.body);
    expect(b1.objects).toHaveLength(2);
    expect(b1.more).toBe(true);
    expect(page1.headers['x-taxii-date-added-first']).toBeTruthy();
    expect(
      page1.headers['x-taxii-date-added-last']! >= page1.headers['x-taxii-date-added-first']!,
    ).toBe(true);
    const seen = [...b1.objects];
    let next = b1.next;
    while (next) {
      const b = JSON.parse(
        (await get(`${collUrl()}/objects/?limit=2&match[type]=indicator&next=${next}`, h)).body,
      );
      seen.push(...(b.objects ?? []));
      next = b.more ? b.next : undefined;
    }
    expect(new Set(seen.map((o) => o.id)).size).toBe(seen.length);
    expect(seen.map((o) => o.id)).toEqual(expect.arrayContaining(ids));
    const after = JSON.parse(
      (
        await get(
          `${collUrl()}/objects/?added_after=${page1.headers['x-taxii-date-added-last']}`,
          h,
        )
      ).body,
    );
    expect(
      after.objects.every(
        (o: { id: string }) => !b1.objects.some((x: { id: string }) => x.id === o.id),
      ),
    ).toBe(true);
    const byId = JSON.parse(
      (await get(`${collUrl()}/objects/?match[id]=${ids[0]},${ids[1]}`, h)).body,
    );
    expect(byId.objects.map((o: { id: string }) => o.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(JSON.parse((await get(`${collUrl()}/objects/?match[type]=malware`, h)).body)).toEqual(
      {},
    );
    expect(
      JSON.parse(
        (await get(`${collUrl()}/objects/?match[spec_version]=2.1&match[id]=${ids[2]}`, h)).body,
      ).objects,
    ).toHaveLength(1);
    expect((await get(`${collUrl()}/objects/?limit=0`, h)).statusCode).toBe(400);
    expect((await get(`${collUrl()}/objects/?added_after=yesterday`, h)).statusCode).toBe(400);
  });

  it('I1: every object of one envelope gets its own date_added; limit=20 then added_after=Last returns the other 30', async () => {
    const h = await env.auth('QAT');
    env.clock.advance(1000);
    const objs = Array.from({ length: 50 }, () => indicator({ originator: 'QAT', rel: ['GCC'] }));
    const ids = new Set(objs.map((o) => o.id as string));
    expect(JSON.parse((await post(`${collUrl()}/objects/`, h, objs)).body).success_count).toBe(50);
    const manifest = JSON.parse((await get(`${collUrl()}/manifest/?match[type]=indicator`, h)).body)
      .objects as { id: string; date_added: string }[];
    const mine = manifest.filter((m) => ids.has(m.id)).map((m) => m.date_added);
    expect(new Set(mine).size).toBe(50);
    for (const d of mine) expect(d).toMatch(/\.\d{6}Z$/);
    // A reader that starts where the batch starts, reads 20, then polls added_after=X-TAXII-Date-Added-Last.
    const start = [...mine].sort()[0];
    const before = new Date(Date.parse(start) - 1).toISOString();
    const first = await get(`${collUrl()}/objects/?limit=20&added_after=${before}`, h);
    const got = (JSON.parse(first.body).objects as { id: string }[]).map((o) => o.id);
    expect(got.filter((id) => ids.has(id))).toHaveLength(20);
    const rest = JSON.parse(
      (
        await get(
          `${collUrl()}/objects/?added_after=${first.headers['x-taxii-date-added-last']}`,
          h,
        )
      ).body,
    ).objects as { id: string }[];
    const restMine = rest.map((o) => o.id).filter((id) => ids.has(id));
    expect(restMine).toHaveLength(30);
    expect(new Set([...got, ...restMine].filter((id) => ids.has(id))).size).toBe(50);
    // A cursor of any precision works: a second-precision cursor before the batch gives all 50.
    const sec = `${before.slice(0, 19)}Z`;
    const all = JSON.parse((await get(`${collUrl()}/objects/?added_after=${sec}`, h)).body)
      .objects as { id: string }[];
    expect(all.filter((o) => ids.has(o.id))).toHaveLength(50);
  });

  it('5.6/5.8/3.4 versions: match[version] last (default), first, all, a timestamp; the versions endpoint lists them', async () => {
    const h = await env.auth('OMN');
    const base = indicator(
      { originator: 'OMN', rel: ['GCC'] },
      { modified: '2026-01-01T00:00:00.000Z' },
    );
    const v2 = indicator(
      { originator: 'OMN', rel: ['GCC'] },
      { id: base.id as string, modified: '2026-01-02T00:00:00.000Z', name: 'v2' },
    );
    const v3 = indicator(
      { originator: 'OMN', rel: ['GCC'] },
      { id: base.id as string, modified: '2026-01-03T00:00:00.000Z', name: 'v3' },
    );
    await post(`${collUrl()}/objects/`, h, [base, v3, v2]);
    const url = `${collUrl()}/objects/${base.id}/`;
    const last = JSON.parse((await get(url, h)).body);
    expect(last.objects.map((o: { modified: string }) => o.modified)).toEqual([
      '2026-01-03T00:00:00.000Z',
    ]);
    const first = JSON.parse((await get(`${url}?match[version]=first`, h)).body);
    expect(first.objects[0].modified).toBe('2026-01-01T00:00:00.000Z');
    const all = JSON.parse((await get(`${url}?match[version]=all`, h)).body);
    expect(all.objects).toHaveLength(3);
    const one = JSON.parse((await get(`${url}?match[version]=2026-01-02T00:00:00.000Z`, h)).body);
    expect(one.objects.map((o: { name: string }) => o.name)).toEqual(['v2']);
    const versions = await get(`${url}versions/`, h);
    expect(JSON.parse(versions.body)).toEqual({
      more: false,
      versions: [
        '2026-01-01T00:00:00.000Z',
        '2026-01-02T00:00:00.000Z',
        '2026-01-03T00:00:00.000Z',
      ],
    });
    expect(versions.headers['x-taxii-date-added-first']).toBeTruthy();
    const manifest = JSON.parse(
      (await get(`${collUrl()}/manifest/?match[id]=${base.id}&match[version]=all`, h)).body,
    );
    expect(manifest.objects).toHaveLength(3);
    expect(manifest.objects[0]).toMatchObject({
      id: base.id,
      media_type: 'application/stix+json;version=2.1',
    });
    expect(
      (await get(`${collUrl()}/objects/indicator--00000000-0000-4000-8000-000000000000/`, h))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await get(
          `${collUrl()}/objects/indicator--00000000-0000-4000-8000-000000000000/versions/`,
          h,
        )
      ).statusCode,
    ).toBe(404);
  });

  it('5.5 re-posting the same object is idempotent; a different object under the same id and version fails', async () => {
    const h = await env.auth('BHR');
    const o = indicator({ originator: 'BHR', rel: ['GCC'] });
    await post(`${collUrl()}/objects/`, h, [o]);
    const again = JSON.parse((await post(`${collUrl()}/objects/`, h, [o])).body);
    expect(again.success_count).toBe(1);
    const changed = JSON.parse(
      (await post(`${collUrl()}/objects/`, h, [{ ...o, name: 'changed' }])).body,
    );
    expect(changed.failure_count).toBe(1);
    const all = JSON.parse((await get(`${collUrl()}/objects/${o.id}/?match[version]=all`, h)).body);
    expect(all.objects).toHaveLength(1);
  });

  it('SCOs are deduplicated by id: the same observable shared twice, and by two members, is served once', async () => {
    const sco = (m: string) => ({
      type: 'ipv4-addr',
      spec_version: '2.1',
      id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
      value: '198.51.100.3',
      extensions: {
        'extension-definition--3c1d7f0e-6a2b-4c59-8e13-95f0d2b7a641': {
          extension_type: 'property-extension',
          policy: 'TAHALUF',
          classification: 'RESTRICTED',
          releasable_to: ['GCC'],
          originator: m,
          creation_time: '2026-01-01T00:00:00.000Z',
        },
      },
    });
    const kwt = await env.auth('KWT');
    expect(
      JSON.parse((await post(`${collUrl()}/objects/`, qat, [sco('QAT'), sco('QAT')])).body)
        .success_count,
    ).toBe(2);
    expect(
      JSON.parse((await post(`${collUrl()}/objects/`, kwt, [sco('KWT')])).body).success_count,
    ).toBe(1);
    for (const v of ['last', 'all', 'first']) {
      const got = JSON.parse(
        (
          await get(
            `${collUrl()}/objects/?match[id]=${sco('QAT').id}&match[version]=${v}`,
            await env.auth('SAU'),
          )
        ).body,
      );
      expect(got.objects, v).toHaveLength(1);
    }
    const manifest = JSON.parse(
      (await get(`${collUrl()}/manifest/?match[id]=${sco('QAT').id}`, kwt)).body,
    );
    expect(manifest.objects).toHaveLength(1);
    expect(manifest.objects[0].version).toBeTruthy();
  });

  it('5.7 DELETE removes an object; only its originator may; then 404', async () => {
    const h = await env.auth('ARE');
    const o = indicator({ originator: 'ARE', rel: ['GCC'] });
    await post(`${collUrl()}/objects/`, h, [o]);
    const url = `${collUrl()}/objects/${o.id}/`;
    expect((await env.app.inject({ method: 'DELETE', url, headers: qat })).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'DELETE', url, headers: h })).statusCode).toBe(200);
    expect((await get(url, h)).statusCode).toBe(404);
  });

  it('objects without a label get REL TO the collection community, originator the poster, kept beside them', async () => {
    const plain = {
      type: 'malware',
      spec_version: '2.1',
      id: 'malware--7a4d6d3e-6e1f-4b8b-9d9a-1c2b3d4e5f60',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: 'X',
      is_family: true,
    };
    const st = JSON.parse((await post(`${collUrl()}/objects/`, qat, [plain])).body);
    expect(st.success_count).toBe(1);
    const got = JSON.parse(
      (await get(`${collUrl()}/objects/${plain.id}/`, await env.auth('SAU'))).body,
    );
    // The object is served as posted (#19.5); its label travels beside it in the envelope.
    expect(got.objects[0]).toEqual(plain);
    expect(got.x_tahaluf_labels[0]).toMatchObject({
      classification: 'RESTRICTED',
      releasable_to: ['gcc'],
      originator: 'QAT',
    });
    expect(
      (
        await get(
          `${collUrl()}/objects/${plain.id}/`,
          await env.auth('SAU', { clearance: 'PUBLIC', user: 'low' }),
        )
      ).statusCode,
    ).toBe(404);
  });
});
