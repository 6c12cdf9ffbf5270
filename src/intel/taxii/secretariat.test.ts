import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubFor } from '../hub-registry.js';
import {
  collUrl,
  envelope,
  indicator,
  openIntelEnv,
  postHeaders,
  ROOT,
  type IntelTestEnv,
} from '../testing.js';

/**
 * #19 follow-up: "the secretariat token POSTing to collection gcc on a fresh node gives 404". The GCC
 * collection exists on a fresh node (a GCC member posts to it); the secretariat is no member state, so it
 * has no rights on any collection (collections.ts `rightsOn`) and, as for every caller without rights, the
 * collection answers exactly as a missing one (docs/intel.md "Who sees what"). A refusal, not a missing
 * collection: nothing is stored.
 */
describe('the secretariat and the GCC collection on a fresh node', () => {
  let env: IntelTestEnv;
  let sec: Record<string, string>;
  let qat: Record<string, string>;
  beforeAll(async () => {
    env = await openIntelEnv('sqlite');
    sec = await env.auth(null);
    qat = await env.auth('QAT');
  });
  afterAll(() => env.close());
  const post = (h: Record<string, string>, url = `${collUrl()}/objects/`) =>
    env.app.inject({
      method: 'POST',
      url,
      headers: postHeaders(h),
      payload: envelope([indicator({ originator: 'QAT', rel: ['GCC'] })]),
    });

  it('a GCC member posts to gcc (the collection exists); the secretariat gets the 404 of a missing collection and stores nothing', async () => {
    const member = await post(qat);
    expect(member.statusCode, member.body).toBe(202);
    const before = await hubFor(env.node).repo.countObjects();
    const refused = await post(sec);
    const missing = await post(sec, `${collUrl(randomUUID())}/objects/`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(missing.body);
    expect(JSON.parse(refused.body)).toMatchObject({
      http_status: '404',
      description: 'the collection does not exist',
    });
    expect(await hubFor(env.node).repo.countObjects()).toBe(before);
    // Consistent with its collections list: the secretariat is in no collection's community.
    const list = await env.app.inject({ url: `${ROOT}/collections/`, headers: sec });
    expect(list.statusCode).toBe(200);
    expect(JSON.parse(list.body)).toEqual({});
    const one = await env.app.inject({ url: `${collUrl()}/`, headers: sec });
    expect(one.statusCode).toBe(404);
  });

  it('the console routes refuse the secretariat as no member state', async () => {
    const share = await env.app.inject({
      method: 'POST',
      url: '/api/intel/share',
      headers: { authorization: sec.authorization, 'content-type': 'application/json' },
      payload: JSON.stringify({
        collection: 'gcc',
        name: 'x',
        classification: 'RESTRICTED',
        releasableTo: ['GCC'],
      }),
    });
    expect(share.statusCode).toBe(403);
    const misp = await env.app.inject({
      method: 'POST',
      url: '/api/intel/import/misp?collection=gcc',
      headers: { authorization: sec.authorization, 'content-type': 'application/json' },
      payload: JSON.stringify({ Event: { uuid: randomUUID(), info: 'x', Attribute: [] } }),
    });
    expect(misp.statusCode).toBe(403);
  });
});
