import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { collUrl, envelope, indicator, postHeaders, useIntelEnv } from './testing.js';

/**
 * I2: one id and version posted by two originators. A poster who can see the other originator's object is
 * refused (as for its own clash); a poster who cannot is accepted exactly as for a fresh object, and every
 * reader entitled to both copies gets both, in the order they were stored.
 */
describeEachDialect('same id and version from two originators (I2)', (dialect) => {
  const env = useIntelEnv(dialect);
  const get = async (member: string, url: string) =>
    env.app.inject({ method: 'GET', url, headers: await env.auth(member) });
  const post = async (member: string, objects: unknown[]) =>
    JSON.parse(
      (
        await env.app.inject({
          method: 'POST',
          url: `${collUrl()}/objects/`,
          headers: postHeaders(await env.auth(member)),
          payload: envelope(objects),
        })
      ).body,
    );
  const originators = async (member: string, url: string) => {
    const r = await get(member, url);
    return r.statusCode === 404
      ? null
      : ((JSON.parse(r.body).objects ?? []) as { x_tahaluf_label?: unknown; name: string }[]).map(
          (o) => o.name,
        );
  };
  /** The status resource without its id and timestamp. */
  const shape = (s: Record<string, unknown>) => ({
    ...s,
    id: undefined,
    request_timestamp: undefined,
  });

  it("QA scenario: KWT re-uses QAT's id and version under its own label; SAU and QAT see both, OMN and KWT KWT's", async () => {
    const qat = indicator({ originator: 'QAT', rel: ['QAT', 'SAU'] }, { name: 'by QAT' });
    expect((await post('QAT', [qat])).success_count).toBe(1);
    const kwt = indicator(
      { originator: 'KWT', rel: ['GCC'] },
      { id: qat.id as string, modified: qat.modified as string, name: 'by KWT' },
    );
    const fresh = indicator({ originator: 'KWT', rel: ['GCC'] }, { name: 'by KWT' });
    const sClash = await post('KWT', [kwt]);
    const sFresh = await post('KWT', [fresh]);
    // KWT cannot see QAT's object: its status is exactly that of a fresh object (nothing revealed).
    expect(shape(sClash)).toEqual({
      ...shape(sFresh),
      successes: [{ id: qat.id, version: qat.modified }],
    });
    expect(sFresh.successes).toEqual([{ id: fresh.id, version: fresh.modified }]);
    const url = `${collUrl()}/objects/${qat.id}/`;
    for (const q of [
      '',
      '?match[version]=all',
      '?match[version]=first',
      `?match[version]=${qat.modified}`,
    ])
      expect(await originators('SAU', url + q)).toEqual(['by QAT', 'by KWT']);
    const manifest = JSON.parse(
      (await get('SAU', `${collUrl()}/manifest/?match[id]=${qat.id}&match[version]=all`)).body,
    );
    expect(manifest.objects).toHaveLength(2);
    expect(JSON.parse((await get('SAU', `${url}versions/`)).body).versions).toEqual([qat.modified]);
    expect(await originators('OMN', url)).toEqual(['by KWT']);
    expect(await originators('QAT', url)).toEqual(['by QAT', 'by KWT']); // KWT's copy is REL TO GCC
    expect(await originators('KWT', url)).toEqual(['by KWT']);
    // SAU can see both: its own copy under that id and version is refused, with the same message as a clash with its own.
    const sau = indicator(
      { originator: 'SAU', rel: ['GCC'] },
      { id: qat.id as string, modified: qat.modified as string, name: 'by SAU' },
    );
    const sSau = await post('SAU', [sau]);
    expect(sSau.success_count).toBe(0);
    expect(sSau.failures).toEqual([
      {
        id: qat.id,
        version: qat.modified,
        message: 'a different object with this id and version is already stored',
      },
    ]);
    expect(await originators('SAU', url)).toEqual(['by QAT', 'by KWT']);
  });

  it('leak property: whether a clash is refused depends only on what the poster may see', async () => {
    const gcc = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...gcc),
        fc.constantFrom(...gcc),
        fc.subarray(gcc, { minLength: 0 }),
        async (first, second, rel) => {
          fc.pre(first !== second);
          const a = indicator({ originator: first, rel });
          await post(first, [a]);
          const b = indicator(
            { originator: second, rel: ['GCC'] },
            { id: a.id as string, modified: a.modified as string },
          );
          const control = indicator({ originator: second, rel: ['GCC'] });
          const sb = await post(second, [b]);
          const sc = await post(second, [control]);
          const sees = rel.includes(second);
          if (sees)
            expect(sb.failures.map((f: { message: string }) => f.message)).toEqual([
              'a different object with this id and version is already stored',
            ]);
          else
            expect({ ...shape(sb), successes: undefined }).toEqual({
              ...shape(sc),
              successes: undefined,
            });
          // The poster gets one copy: the other's (refused) or its own (stored), never one it may not read.
          const r = await get(second, `${collUrl()}/objects/${a.id}/?match[version]=all`);
          const objs = JSON.parse(r.body).objects as Record<string, unknown>[];
          expect(objs).toHaveLength(1);
          expect(JSON.stringify(objs[0])).toBe(JSON.stringify(sees ? a : b));
        },
      ),
      { numRuns: 12 },
    );
  });
});

/** The unique (collection, id, version, originator) rule is kept in code under the record lock (migration 1604). */
describeEachDialect('concurrent envelopes with the same object', (dialect) => {
  const env = useIntelEnv(dialect);

  it('store it once, and a different object under the same id and version is refused', async () => {
    const a = indicator({ originator: 'QAT', rel: ['GCC'] }, { name: 'first' });
    const changed = { ...a, name: 'changed' };
    const headers = postHeaders(await env.auth('QAT'));
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        env.app
          .inject({
            method: 'POST',
            url: `${collUrl()}/objects/`,
            headers,
            payload: envelope([i === 5 ? changed : a]),
          })
          .then((r) => JSON.parse(r.body)),
      ),
    );
    const rows = await env.app.inject({
      method: 'GET',
      url: `${collUrl()}/objects/${a.id}/?match[version]=all`,
      headers: await env.auth('QAT'),
    });
    const objs = JSON.parse(rows.body).objects as { name: string }[];
    expect(objs).toHaveLength(1);
    const stored = objs[0].name;
    // Whichever came first is stored; every same-content envelope succeeds, the other content is refused.
    for (const [i, s] of statuses.entries()) {
      const same = (i === 5 ? 'changed' : 'first') === stored;
      expect(s.success_count).toBe(same ? 1 : 0);
    }
  });
});

describeEachDialect('re-posting an object', (dialect) => {
  const env = useIntelEnv(dialect);
  const post = async (objects: unknown[]) =>
    JSON.parse(
      (
        await env.app.inject({
          method: 'POST',
          url: `${collUrl()}/objects/`,
          headers: postHeaders(await env.auth('QAT')),
          payload: envelope(objects),
        })
      ).body,
    );
  /** The same object with its keys (and its label's keys) in reverse order. */
  const reversed = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(o)
        .reverse()
        .map(([k, v]) => [
          k,
          v && typeof v === 'object' && !Array.isArray(v)
            ? reversed(v as Record<string, unknown>)
            : v,
        ]),
    );

  it('in another key order is the same object: already stored, and a duplicate within one envelope', async () => {
    const a = indicator({ originator: 'QAT', rel: ['GCC'] });
    expect((await post([a])).successes).toEqual([{ id: a.id, version: a.modified }]);
    const again = await post([reversed(a)]);
    expect(again.successes).toEqual([{ id: a.id, version: a.modified, message: 'already stored' }]);
    const b = indicator({ originator: 'QAT', rel: ['GCC'] });
    const twice = await post([b, reversed(b)]);
    expect(twice.success_count).toBe(2);
    expect(twice.successes.map((s: { message?: string }) => s.message ?? null).sort()).toEqual([
      'duplicate in envelope',
      null,
    ]);
    // One change of content is not the same object, in either place.
    const changed = { ...reversed(a), name: 'other' };
    expect((await post([changed])).failures[0].message).toBe(
      'a different object with this id and version is already stored',
    );
    const c = indicator({ originator: 'QAT', rel: ['GCC'] });
    expect((await post([c, { ...c, name: 'other' }])).failures[0].message).toBe(
      'the envelope holds two different objects with this id and version',
    );
    // Served as first posted, byte for byte.
    const r = await env.app.inject({
      method: 'GET',
      url: `${collUrl()}/objects/${a.id}/`,
      headers: await env.auth('QAT'),
    });
    expect(JSON.stringify(JSON.parse(r.body).objects[0])).toBe(JSON.stringify(a));
  });
});
