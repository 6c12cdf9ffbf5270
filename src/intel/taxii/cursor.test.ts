import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../store/testing.js';
import {
  collUrl,
  envelope,
  indicator,
  openIntelEnv,
  postHeaders,
  type IntelTestEnv,
  withoutSignatures,
} from '../testing.js';
import { CursorCodec } from './cursor.js';

/**
 * #19.2: TAXII `next` cursors are opaque and bound to the reader and the query. On the old code the
 * cursor was the store sequence: a reader subtracting two cursors counted the objects it may not see.
 */
describeEachDialect('TAXII next cursors (#19.2)', (dialect) => {
  /** Two stores: the same objects QAT may see; the second also holds objects only SAU may see between them. */
  let plain: IntelTestEnv;
  let hidden: IntelTestEnv;
  beforeAll(async () => {
    plain = await openIntelEnv(dialect);
    hidden = await openIntelEnv(dialect);
    for (let i = 0; i < 4; i++) {
      const seen = indicator({ originator: 'QAT', rel: ['GCC'] }, { name: `seen ${i}` });
      for (const env of [plain, hidden]) {
        env.clock.advance(1000);
        await post(env, 'QAT', [seen]);
      }
      // Both clocks move alike (date_added follows the clock); only the second store gets hidden objects.
      plain.clock.advance(10);
      hidden.clock.advance(10);
      // 3, 6, 9 objects QAT may not see between its own.
      await post(
        hidden,
        'SAU',
        Array.from({ length: 3 * (i + 1) }, () => indicator({ originator: 'SAU', rel: ['SAU'] })),
      );
    }
  });
  afterAll(async () => {
    await plain.close();
    await hidden.close();
  });
  async function post(env: IntelTestEnv, member: string, objects: unknown[]) {
    const r = await env.app.inject({
      method: 'POST',
      url: `${collUrl()}/objects/`,
      headers: postHeaders(await env.auth(member)),
      payload: envelope(objects),
    });
    expect(JSON.parse(r.body).failure_count).toBe(0);
  }
  async function pages(env: IntelTestEnv, path: string, member = 'QAT') {
    const h = await env.auth(member);
    const out: { body: Record<string, unknown>; next?: string }[] = [];
    let next: string | undefined;
    for (let i = 0; i < 10; i++) {
      const r = await env.app.inject({
        method: 'GET',
        url: `${collUrl()}/${path}${path.includes('?') ? '&' : '?'}limit=1${next ? `&next=${encodeURIComponent(next)}` : ''}`,
        headers: h,
      });
      expect(r.statusCode).toBe(200);
      const body = JSON.parse(r.body) as Record<string, unknown>;
      next = typeof body.next === 'string' ? body.next : undefined;
      // Two nodes sign with their own keys: signatures differ by key, not by what the reader may see
      // (signatures.test.ts and the leak property test cover them).
      const { next: _n, ...rest } = withoutSignatures(body);
      void _n;
      out.push({ body: rest, next });
      if (!next) break;
    }
    return out;
  }

  it('a reader sees the same pages whether or not objects it may not see were stored in between; cursors reveal no position', async () => {
    for (const path of ['objects/', 'manifest/']) {
      const a = await pages(plain, path);
      const b = await pages(hidden, path);
      expect(a).toHaveLength(4);
      expect(b.map((p) => p.body)).toEqual(a.map((p) => p.body));
      const cursors = [...a, ...b].flatMap((p) => (p.next ? [p.next] : []));
      expect(cursors).toHaveLength(6);
      // Opaque: no number in it, one fixed length, never the same twice.
      for (const c of cursors) {
        expect(c).not.toMatch(/^\d+$/);
        expect(c.length).toBe(cursors[0].length);
      }
      expect(new Set(cursors).size).toBe(cursors.length);
    }
  });

  it('a cursor works only for the reader and the query it was issued for', async () => {
    const first = await hidden.app.inject({
      method: 'GET',
      url: `${collUrl()}/objects/?limit=1&match[type]=indicator`,
      headers: await hidden.auth('QAT'),
    });
    const next = JSON.parse(first.body).next as string;
    const use = async (headers: Record<string, string>, q = '&match[type]=indicator', n = next) =>
      (
        await hidden.app.inject({
          method: 'GET',
          url: `${collUrl()}/objects/?limit=1${q}&next=${encodeURIComponent(n)}`,
          headers,
        })
      ).statusCode;
    expect(await use(await hidden.auth('QAT'))).toBe(200);
    // Another member, another user of the same member, the same user at another clearance.
    expect(await use(await hidden.auth('SAU'))).toBe(400);
    expect(await use(await hidden.auth('QAT', { user: 'someone-else' }))).toBe(400);
    expect(await use(await hidden.auth('QAT', { clearance: 'TOP SECRET' }))).toBe(400);
    // Other filters, another endpoint, a changed character, a number.
    expect(await use(await hidden.auth('QAT'), '')).toBe(400);
    const manifest = await hidden.app.inject({
      method: 'GET',
      url: `${collUrl()}/manifest/?limit=1&match[type]=indicator&next=${encodeURIComponent(next)}`,
      headers: await hidden.auth('QAT'),
    });
    expect(manifest.statusCode).toBe(400);
    const flipped = `${next.slice(0, 5)}${next[5] === 'A' ? 'B' : 'A'}${next.slice(6)}`;
    expect(await use(await hidden.auth('QAT'), undefined, flipped)).toBe(400);
    expect(await use(await hidden.auth('QAT'), undefined, '7')).toBe(400);
  });

  it('the codec: sealed positions round-trip only under their binding', () => {
    const c = new CursorCodec(Buffer.alloc(32, 7));
    const t = c.seal(123456, 'b');
    expect(c.open(t, 'b')).toBe(123456);
    expect(c.open(t, 'c')).toBeNull();
    expect(new CursorCodec(Buffer.alloc(32, 8)).open(t, 'b')).toBeNull();
    expect(c.seal(1, 'b').length).toBe(c.seal(Number.MAX_SAFE_INTEGER, 'b').length);
  });
});
