import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import {
  collUrl,
  indicator,
  openIntelEnv,
  type IntelTestEnv,
  withoutSignatures,
} from './testing.js';
import { postAll } from './post.test-support.js';

/**
 * #19.2 property: whatever number of objects a reader may not see is stored between the objects it may
 * see, in separate envelopes or inside the same envelope, everything the reader receives while paging
 * (bodies with their date_added, `more`, cursor lengths, date headers) is the same as in a store without
 * them. Two stores get the same visible objects at the same times; the second also gets hidden ones in
 * between: inside the visible envelopes, in envelopes of their own in the same millisecond before them
 * (the clock moving 150 µs per envelope), and 10 ms after them. On the old code the `next` cursor was the
 * store sequence, an envelope's date_added values were 1 µs apart whatever their labels (the gap between
 * two visible objects counted the hidden ones), and until the microsecond base each hidden envelope in the
 * same millisecond moved the next visible ones on by a millisecond. And paging by `added_after` =
 * X-TAXII-Date-Added-Last alone, at the same limit, gets every visible object once, in page order.
 */
const READERS = ['QAT', 'KWT'];
/** Labels of visible objects: QAT's, KWT's and one both read (so each reader sees two labels in one envelope). */
const VIEWS = [['QAT'], ['KWT'], ['QAT', 'KWT']];

describeEachDialect(
  'cursors and date_added reveal nothing about hidden objects (property-based)',
  (dialect) => {
    it('paging is identical with and without hidden objects in between', async () => {
      await fc.assert(
        fc.asyncProperty(
          // Envelopes: how many envelopes of hidden objects (1–4 each) come in the same millisecond before it;
          // per visible object, how many hidden objects precede it in the same envelope (0–3) and who may see
          // it; then how many hidden objects follow in an envelope of their own (0–5).
          fc.array(
            fc.record({
              before: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
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
              const both = [plain, hidden];
              for (const { before, objects, hiddenAfter } of plan) {
                for (const env of both) env.clock.advance(1000);
                for (const n of before) {
                  // Storing takes longer than the stride per object: the clock moves between envelopes.
                  for (const env of both) env.clock.advance(0.15);
                  await postAll(hidden, Array.from({ length: n }, secret));
                }
                const seen = objects.map(([, rel]) => indicator({ originator: 'SAU', rel }));
                const mixed = objects.flatMap(([hiddenBefore], i) => [
                  ...Array.from({ length: hiddenBefore }, secret),
                  seen[i],
                ]);
                for (const env of both) env.clock.advance(0.15);
                await postAll(plain, seen);
                await postAll(hidden, mixed);
                for (const env of both) env.clock.advance(10);
                if (hiddenAfter) await postAll(hidden, Array.from({ length: hiddenAfter }, secret));
              }
              for (const reader of READERS) {
                const a = await read(plain, reader, path, limit);
                const b = await read(hidden, reader, path, limit);
                expect(b).toEqual(a);
                expect(await readByAddedAfter(hidden, reader, path, limit)).toEqual(
                  await readByAddedAfter(hidden, reader, path, 1000),
                );
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

/** The ids a reader gets paging by `added_after` = the last X-TAXII-Date-Added-Last alone (no `next`). */
async function readByAddedAfter(env: IntelTestEnv, member: string, path: string, limit: number) {
  const h = await env.auth(member);
  const ids: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < 60; i++) {
    const r = await env.app.inject({
      method: 'GET',
      url: `${collUrl()}/${path}?limit=${limit}${after ? `&added_after=${after}` : ''}`,
      headers: h,
    });
    const parsed = JSON.parse(r.body) as { more?: boolean; objects?: { id: string }[] };
    ids.push(...(parsed.objects ?? []).map((o) => o.id));
    if (!parsed.more) break;
    after = String(r.headers['x-taxii-date-added-last']);
  }
  return ids;
}
