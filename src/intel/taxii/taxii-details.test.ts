import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../store/testing.js';
import {
  collUrl,
  envelope,
  indicator,
  openIntelEnv,
  postHeaders,
  ROOT,
  type IntelTestEnv,
} from '../testing.js';
import { validateObject } from '../stix/validate.js';
import { nameUuid } from '../collections.js';

/** #19 point 4: TAXII 2.1 details (status timestamps and lists, DELETE's answer, pattern versions). */
describeEachDialect('TAXII 2.1 details (#19.4)', (dialect) => {
  let env: IntelTestEnv;
  let qat: Record<string, string>;
  beforeAll(async () => {
    env = await openIntelEnv(dialect);
    // A clock between milliseconds would hide the defect: a millisecond value has 3 digits.
    env.clock.set('2026-03-01T08:00:00.123Z');
    qat = await env.auth('QAT');
  });
  afterAll(() => env.close());
  const post = (objects: unknown[]) =>
    env.app.inject({
      method: 'POST',
      url: `${collUrl()}/objects/`,
      headers: postHeaders(qat),
      payload: envelope(objects),
    });

  it('4.3.1 request_timestamp is a TAXII timestamp with microseconds, on POST and on GET status', async () => {
    const r = await post([indicator({ originator: 'QAT', rel: ['GCC'] })]);
    const st = JSON.parse(r.body) as Record<string, unknown>;
    expect(st.request_timestamp).toBe('2026-03-01T08:00:00.123000Z');
    const again = JSON.parse(
      (
        await env.app.inject({
          method: 'GET',
          url: `${ROOT}/status/${String(st.id)}/`,
          headers: qat,
        })
      ).body,
    ) as Record<string, unknown>;
    expect(again.request_timestamp).toBe('2026-03-01T08:00:00.123000Z');
  });

  it('4.3.1 a status never carries an empty successes, failures or pendings list', async () => {
    const allGood = JSON.parse((await post([indicator({ originator: 'QAT', rel: ['GCC'] })])).body);
    expect(allGood.successes).toHaveLength(1);
    expect('failures' in allGood).toBe(false);
    expect('pendings' in allGood).toBe(false);
    expect(allGood).toMatchObject({ failure_count: 0, pending_count: 0 });
    const allBad = JSON.parse((await post([{ type: 'indicator' }])).body);
    expect(allBad.failures).toHaveLength(1);
    expect('successes' in allBad).toBe(false);
    const empty = JSON.parse((await post([])).body);
    expect(empty).toMatchObject({ total_count: 0, success_count: 0, failure_count: 0 });
    for (const k of ['successes', 'failures', 'pendings']) expect(k in empty).toBe(false);
    const fetched = JSON.parse(
      (await env.app.inject({ method: 'GET', url: `${ROOT}/status/${allBad.id}/`, headers: qat }))
        .body,
    );
    expect('successes' in fetched).toBe(false);
    expect('pendings' in fetched).toBe(false);
  });

  it('5.7 a successful DELETE is 200 with no body', async () => {
    const o = indicator({ originator: 'QAT', rel: ['GCC'] });
    await post([o]);
    const r = await env.app.inject({
      method: 'DELETE',
      url: `${collUrl()}/objects/${String(o.id)}/`,
      headers: qat,
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('');
  });

  it('an indicator with pattern_version 2.0 is judged by the STIX 2.0 pattern grammar, not 2.1', async () => {
    // STIX 2.0 writes START/STOP timestamps as plain strings; 2.1 needs t'…' literals.
    const v20 = "[file:name = 'x.exe'] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'";
    const base = indicator({ originator: 'QAT', rel: ['GCC'] }, { name: 'v2.0 pattern' });
    const as20 = { ...base, pattern: v20, pattern_version: '2.0' };
    expect(validateObject(as20)).toEqual([]);
    expect(JSON.parse((await post([as20])).body).success_count).toBe(1);
    // The same pattern claiming 2.1 (or no version: the object's own, 2.1) is refused.
    for (const claim of [{ pattern_version: '2.1' }, {}]) {
      const o = { ...indicator({ originator: 'QAT', rel: ['GCC'] }), pattern: v20, ...claim };
      expect(
        validateObject(o)
          .map((i) => i.message)
          .join(),
      ).toMatch(/well-formed STIX 2.1 pattern.*START needs a timestamp literal/);
    }
    // A 2.0 pattern is still checked against the 2.0 grammar: a bad START string is refused.
    const bad = {
      ...as20,
      pattern: "[file:name = 'x'] START 'yesterday' STOP '2016-07-01T00:00:00Z'",
    };
    expect(
      validateObject(bad)
        .map((i) => i.message)
        .join(),
    ).toMatch(/STIX 2.0 pattern/);
  });
});

describeEachDialect('the label extension-definition is served (#19.5)', (dialect) => {
  let env: IntelTestEnv;
  beforeAll(async () => {
    env = await openIntelEnv(dialect);
  });
  afterAll(() => env.close());

  it('GET objects/{the label extension id}/ answers the definition in every collection a member reads', async () => {
    const labelled = indicator({ originator: 'QAT', rel: ['GCC'] });
    const extId = Object.keys(labelled.extensions as Record<string, unknown>).find((k) =>
      k.startsWith('extension-definition--'),
    );
    expect(extId).toBeDefined();
    for (const [member, coll] of [
      ['QAT', collUrl()],
      ['SAU', `${ROOT}/collections/${nameUuid('alliance:arab-league')}`],
    ] as const) {
      const r = await env.app.inject({
        method: 'GET',
        url: `${coll}/objects/${String(extId)}/`,
        headers: await env.auth(member),
      });
      expect(r.statusCode).toBe(200);
      const objects = JSON.parse(r.body).objects as Record<string, unknown>[];
      expect(objects).toHaveLength(1);
      expect(objects[0]).toMatchObject({ type: 'extension-definition', id: extId });
      expect(validateObject(objects[0])).toEqual([]);
    }
  });
});
