import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import {
  collUrl,
  envelope,
  indicator,
  openIntelEnv,
  postHeaders,
  type IntelTestEnv,
  withoutSignatures,
} from './testing.js';

/**
 * #19.2 property: whatever number of objects a reader may not see is stored between the objects it may
 * see, in separate envelopes or inside the same envelope, everything the reader receives while paging
 * (bodies with their date_added, `more`, cursor lengths, date headers) is the same as in a store without
 * them. Two stores get the same visible objects at the same times; the second also gets hidden ones in
 * between. On the old code the `next` cursor was the store sequence, and an envelope's date_added values
 * were 1 µs apart whatever their labels (the gap between two visible objects counted the hidden ones).
 */
const READERS = ['QAT', 'KWT'];
/** Labels of visible objects: QAT's, KWT's and one both read (so each reader sees two labels, and ties). */
const VIEWS = [['QAT'], ['KWT'], ['QAT', 'KWT']];

describeEachDialect(
  'cursors and date_added reveal nothing about hidden objects (property-based)',
  (dialect) => {
    it('paging is identical with and without hidden objects in between', async () => {
      await fc.assert(
        fc.asyncProperty(
          // Envelopes: per visible object, how many hidden objects precede it in the same envelope (0–3) and
          // who may see it; then how many hidden objects follow in an envelope of their own (0–5).
          fc.array(
            fc.record({
              objects: fc.array(
                fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(...VIEWS)),
                { minLength: 1, maxLength: 3 },
              ),
              hiddenAfter: fc.integer({ min: 0, max: 5 }),
            }),
            { minLength: 1, maxLength: 4 },
          ),
          fc.integer({ min: 1, max: 3 }),
          fc.constantFrom('objects/', 'manifest/'),
          async (plan, limit, path) => {
            const plain = await openIntelEnv(dialect);
            const hidden = await openIntelEnv(dialect);
            const secret = () => indicator({ originator: 'SAU', rel: ['OMN'] });
            try {
              for (const { objects, hiddenAfter } of plan) {
                const seen = objects.map(([, rel]) => indicator({ originator: 'SAU', rel }));
                const mixed = objects.flatMap(([hiddenBefore], i) => [
                  ...Array.from({ length: hiddenBefore }, secret),
                  seen[i],
                ]);
                for (const [env, objs] of [
                  [plain, seen],
                  [hidden, mixed],
                ] as const) {
                  env.clock.advance(1000);
                  await post(env, objs);
                  env.clock.advance(10);
                }
                if (hiddenAfter) await post(hidden, Array.from({ length: hiddenAfter }, secret));
              }
              for (const reader of READERS) {
                const a = await read(plain, reader, path, limit);
                const b = await read(hidden, reader, path, limit);
                expect(b).toEqual(a);
              }
            } finally {
              await plain.close();
              await hidden.close();
            }
          },
        ),
        { numRuns: dialect === 'sqlite' ? 15 : 6 },
      );
    });
  },
);

async function post(env: IntelTestEnv, objects: unknown[]) {
  const r = await env.app.inject({
    method: 'POST',
    url: `${collUrl()}/objects/`,
    headers: postHeaders(await env.auth('SAU')),
    payload: envelope(objects),
  });
  expect(JSON.parse(r.body).failure_count).toBe(0);
}

/**
 * What the reader observes, page by page. A sealed cursor is random bytes of a fixed length: its length is
 * what the reader can observe. A cursor in clear (digits) is observed as it is.
 */
async function read(env: IntelTestEnv, member: string, path: string, limit: number) {
  const h = await env.auth(member);
  const seen: unknown[] = [];
  let next: string | undefined;
  for (let i = 0; i < 20; i++) {
    const r = await env.app.inject({
      method: 'GET',
      url: `${collUrl()}/${path}?limit=${limit}${next ? `&next=${next}` : ''}`,
      headers: h,
    });
    const parsed = JSON.parse(r.body) as Record<string, unknown>;
    next = typeof parsed.next === 'string' ? parsed.next : undefined;
    // Two nodes sign with their own keys: signatures differ by key, not by what the reader may see
    // (signatures.test.ts and the leak property test cover them).
    const body = withoutSignatures(parsed);
    seen.push({
      status: r.statusCode,
      body: { ...body, next: next && /^\d+$/.test(next) ? next : next?.length },
      first: r.headers['x-taxii-date-added-first'],
      last: r.headers['x-taxii-date-added-last'],
    });
    if (!next) break;
  }
  return seen;
}
