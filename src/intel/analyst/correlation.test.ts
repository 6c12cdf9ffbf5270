import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useIntelEnv } from '../testing.js';
import { guessKind } from './correlation.js';
import { observablesOf } from './observables.js';
import { get, indicatorFor, post, sco } from './testing.js';

type Related = { id: string; via: string; shared: string[]; lifecycle: { state: string } };

describe('observables', () => {
  it('reads SCO values, hashes and the = / IN values of STIX patterns', () => {
    expect(observablesOf({ type: 'domain-name', value: 'Example.COM.' })).toEqual([
      { kind: 'domain', value: 'example.com' },
    ]);
    expect(
      observablesOf({
        type: 'indicator',
        pattern_type: 'stix',
        pattern:
          "[file:hashes.'SHA-256' = 'AB' OR ipv4-addr:value IN ('198.51.100.1', '198.51.100.2')] AND [domain-name:value LIKE '%x']",
      }).map((o) => `${o.kind}|${o.value}`),
    ).toEqual(['hash|ab', 'ip|198.51.100.1', 'ip|198.51.100.2']);
    expect(observablesOf({ type: 'indicator', pattern_type: 'sigma', pattern: 'x' })).toEqual([]);
    expect(guessKind('10.0.0.0/8')).toBe('ip');
    expect(guessKind('d41d8cd98f00b204e9800998ecf8427e')).toBe('hash');
    expect(guessKind('https://x.example/a')).toBe('url');
    expect(guessKind('a@b.example')).toBe('email');
    expect(guessKind('x.example')).toBe('domain');
  });
});

describe('correlation within visibility', () => {
  const env = useIntelEnv('sqlite');

  it('relates objects by shared values and relationships, only those the reader may see', async () => {
    const ip = '192.0.2.77';
    const sauInd = indicatorFor(
      { originator: 'SAU', rel: ['GCC'] },
      `[ipv4-addr:value = '${ip}']`,
      {
        name: 'SAU sees the host',
        confidence: 90,
        modified: '2026-02-28T00:00:00.000Z',
      },
    );
    const qatSco = sco({ originator: 'QAT', rel: ['GCC'] }, 'ipv4-addr', { value: ip });
    const kwtPrivate = indicatorFor({ originator: 'KWT' }, `[ipv4-addr:value = '${ip}']`, {
      name: 'KWT only',
      confidence: 90,
      modified: '2026-02-28T00:00:00.000Z',
    });
    const expired = indicatorFor(
      { originator: 'ARE', rel: ['GCC'] },
      `[ipv4-addr:value = '${ip}']`,
      {
        name: 'expired',
        confidence: 90,
        modified: '2026-02-28T00:00:00.000Z',
        valid_until: '2026-02-28T12:00:00Z',
      },
    );
    const report = {
      type: 'relationship',
      spec_version: '2.1',
      id: `relationship--${randomUUID()}`,
      created: '2026-02-28T00:00:00.000Z',
      modified: '2026-02-28T00:00:00.000Z',
      relationship_type: 'based-on',
      source_ref: sauInd.id,
      target_ref: qatSco.id,
    };
    expect((await post(env, 'SAU', [sauInd, report])).success_count).toBe(2);
    expect((await post(env, 'QAT', [qatSco])).success_count).toBe(1);
    expect((await post(env, 'KWT', [kwtPrivate])).success_count).toBe(1);
    expect((await post(env, 'ARE', [expired])).success_count).toBe(1);

    const byQat = (await get(env, 'QAT', `/api/intel/correlate?id=${sauInd.id as string}`)).json<{
      related: Related[];
    }>();
    expect(byQat.related.map((r) => r.id)).toEqual([qatSco.id]);
    expect(byQat.related[0].shared).toEqual([ip]);
    const withInactive = (
      await get(env, 'QAT', `/api/intel/correlate?id=${sauInd.id as string}&include=inactive`)
    ).json<{ related: Related[] }>();
    expect(withInactive.related.map((r) => r.id).sort()).toEqual([qatSco.id, expired.id].sort());
    // KWT sees its own private indicator too; QAT never does.
    const byKwt = (await get(env, 'KWT', `/api/intel/correlate?value=${ip}`)).json<{
      related: Related[];
    }>();
    expect(byKwt.related.map((r) => r.id).sort()).toEqual(
      [sauInd.id, qatSco.id, kwtPrivate.id].sort(),
    );
    const byQatValue = (await get(env, 'QAT', `/api/intel/correlate?value=${ip}`)).json<{
      related: Related[];
    }>();
    expect(byQatValue.related.map((r) => r.id)).not.toContain(kwtPrivate.id);
    // An object the reader may not see answers like a missing one.
    const hidden = await get(env, 'QAT', `/api/intel/correlate?id=${kwtPrivate.id as string}`);
    const missing = await get(env, 'QAT', `/api/intel/correlate?id=indicator--${randomUUID()}`);
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    // Relationship neighbours are found through the relationship (which SAU shared REL TO its own only here: default label GCC).
    const rel = (await get(env, 'SAU', `/api/intel/correlate?id=${sauInd.id as string}`)).json<{
      related: Related[];
    }>();
    expect(rel.related.find((r) => r.id === qatSco.id)).toBeTruthy();
    // A member outside the collection's community sees nothing.
    const egy = await get(env, 'EGY', `/api/intel/correlate?value=${ip}`);
    expect(egy.json<{ related: Related[] }>().related).toEqual([]);
  });

  it('leak property: what a reader gets equals the store filtered by an independent oracle', async () => {
    const members = ['SAU', 'QAT', 'KWT', 'OMN'];
    const rels = [[], ['GCC'], ['QAT'], ['KWT', 'OMN']];
    const values = ['203.0.113.10', '203.0.113.11', '203.0.113.12'];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            orig: fc.constantFrom(...members),
            rel: fc.constantFrom(...rels),
            value: fc.constantFrom(...values),
            asSco: fc.boolean(),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.constantFrom(...members),
        fc.constantFrom(...values),
        async (objs, reader, probe) => {
          // A fresh value space per run: the values are made unique with the run number.
          run++;
          const v = (x: string) =>
            x
              .replace(/\.\d+$/, (m) => `.${Number(m.slice(1)) + run * 3}`)
              .replace(/^203\.0\.113/, `10.${run % 250}.113`);
          const stored: { id: string; orig: string; rel: string[]; value: string }[] = [];
          for (const o of objs) {
            const obj = o.asSco
              ? sco({ originator: o.orig, rel: o.rel }, 'ipv4-addr', { value: v(o.value) })
              : indicatorFor(
                  { originator: o.orig, rel: o.rel },
                  `[ipv4-addr:value = '${v(o.value)}']`,
                  {
                    confidence: 90,
                    modified: '2026-02-28T00:00:00.000Z',
                  },
                );
            const st = await post(env, o.orig, [obj]);
            // Two members' copies of one SCO id never arise here: every SCO has its own random id.
            if (st.success_count === 1)
              stored.push({ id: obj.id as string, orig: o.orig, rel: o.rel, value: v(o.value) });
          }
          const sees = (s: (typeof stored)[number]) =>
            s.orig === reader || s.rel.includes(reader) || s.rel.includes('GCC');
          const want = stored
            .filter((s) => sees(s) && s.value === v(probe))
            .map((s) => s.id)
            .sort();
          const got = (await get(env, reader, `/api/intel/correlate?value=${v(probe)}`))
            .json<{ related: Related[] }>()
            .related.map((r) => r.id)
            .sort();
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 25, seed: 19 },
    );
  });
});
