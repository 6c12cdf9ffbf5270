import type { TokenTables } from '../runtime/tokens.js';
import { describe, expect, it, vi } from 'vitest';
import type { TahalufModule } from '../runtime/deps.js';
import { describeEachDialect } from '../store/testing.js';
import { useTestApp } from '../app/testing.js';

const TAXII = 'application/taxii+json;version=2.1';

/** JSON text of objects nested `depth` deep (built as text: JSON.stringify itself overflows the stack). */
const nested = (depth: number): string => '{"x":'.repeat(depth) + '"leaf"' + '}'.repeat(depth);

describeEachDialect('#16.9 U+0000 and deep nesting are answered 400, never 500', (dialect) => {
  const { node, app } = useTestApp({ dialect });

  it('#16.9 U+0000 in a URL path or query: 400 (GET /api/record/%00 was 500 on PostgreSQL)', async () => {
    for (const url of ['/api/record/%00', '/api/record?type=a%00b', '/api/alliances/g%00cc']) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().field, url).toBe('url');
    }
  });

  it('#16.9 U+0000 in a JSON body string or key: 400, nothing stored', async () => {
    const sec = { authorization: `Bearer ${await node.tokenFor(null)}` };
    const count = async () =>
      (
        await node.store.db
          .withTables<TokenTables>()
          .selectFrom('api_tokens')
          .select('id')
          .execute()
      ).length;
    const before = await count();
    for (const payload of [
      { user: 'a\u0000b', role: 'member', member: 'QAT' },
      { user: 'ok', role: 'member', member: 'QAT', ['k\u0000']: 1 },
    ]) {
      const r = await app.inject({ method: 'POST', url: '/api/tokens', headers: sec, payload });
      expect(r.statusCode).toBe(400);
    }
    expect(await count()).toBe(before);
  });

  it('#16.9 TAXII objects nested 10,000 deep: 400 as a TAXII error (was an unlogged 500)', async () => {
    const qat = { authorization: `Bearer ${await node.tokenFor('QAT')}`, accept: TAXII };
    const collections = JSON.parse(
      (await app.inject({ url: '/taxii2/api1/collections/', headers: qat })).body,
    ).collections as { id: string; can_write: boolean }[];
    const writable = collections.find((c) => c.can_write)!;
    const body = JSON.stringify({
      objects: [
        {
          type: 'indicator',
          spec_version: '2.1',
          id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
          created: '2025-01-01T00:00:00.000Z',
          modified: '2025-01-01T00:00:00.000Z',
          pattern: "[ipv4-addr:value = '203.0.113.1']",
          pattern_type: 'stix',
          valid_from: '2025-01-01T00:00:00Z',
          x_deep: '__DEEP__',
        },
      ],
    }).replace('"__DEEP__"', nested(10_000));
    const r = await app.inject({
      method: 'POST',
      url: `/taxii2/api1/collections/${writable.id}/objects/`,
      headers: { ...qat, 'content-type': TAXII },
      payload: body,
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ http_status: '400' });
    // The same on a JSON API route.
    const sec = { authorization: `Bearer ${await node.tokenFor(null)}` };
    const deep = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { ...sec, 'content-type': 'application/json' },
      payload: `{"user":"x","role":"member","member":"QAT","deep":${nested(10_000)}}`,
    });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().detail).toMatch(/deeper than/);
  });
});

describe('#16.9 every 500 is logged with a request id', () => {
  const failing: TahalufModule = {
    name: 'failing',
    routes(app) {
      app.get('/api/test-failure', () => {
        throw new Error('boom');
      });
    },
  };
  const { app } = useTestApp({ modules: [failing] });

  it('a 500 answer carries the request id it was logged under', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await app.inject('/api/test-failure');
    expect(r.statusCode).toBe(500);
    const requestId = r.json().requestId as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged.mock.calls.some((call) => String(call[0]).includes(requestId))).toBe(true);
    logged.mockRestore();
  });
});
