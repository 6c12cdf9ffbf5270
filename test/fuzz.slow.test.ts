// #16 fuzz: every operation of the OpenAPI document and of TAXII gets seeded, bounded, generated requests
// (valid-ish and invalid bodies, params and queries, odd headers, U+0000, deep nesting, huge numbers) on
// SQLite and on PostgreSQL; no answer may be a 5xx, and afterwards `tahaluf verify`'s check reports OK.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../src/store/testing.js';
import { buildTestApp, openTestNode } from '../src/app/testing.js';
import { verifyNode } from '../src/app/verify-node.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const PER_OPERATION = Number(process.env.FUZZ_PER_OPERATION ?? 8);

/** mulberry32: a small seeded PRNG, so a failing case can be replayed with FUZZ_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
}

const ODD_STRINGS = [
  '',
  'a\u0000b',
  '\u0000',
  'x'.repeat(5000),
  '../../etc/passwd',
  '%00',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '2025-02-30',
  '9999-12-31T23:59:59Z',
  'QAT',
  'gcc',
  '\ud800',
  '🙂',
  '__proto__',
  'constructor',
];
const ODD_NUMBERS = [0, -1, 1e308, -1e308, 2 ** 64, 0.5, -0, Number.MAX_SAFE_INTEGER + 2];

/** A path segment; a lone surrogate cannot be encoded as UTF-8, so it goes as invalid UTF-8 bytes. */
function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function deep(levels: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

function generate(schema: Schema | undefined, rnd: () => number, depth = 0): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  // Now and then anything at all, in place of what the schema says.
  if (!schema || rnd() < 0.12)
    return pick<unknown>([
      null,
      pick(ODD_STRINGS),
      pick(ODD_NUMBERS),
      true,
      [],
      {},
      deep(rnd() < 0.5 ? 70 : 3000),
      { __proto__: { polluted: true } },
      [pick(ODD_STRINGS)],
    ]);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return generate(pick(alternatives), rnd, depth + 1);
  const type = Array.isArray(schema.type) ? pick(schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {}))
        if (schema.required?.includes(k) || rnd() < 0.6)
          out[k] = depth > 6 ? null : generate(s, rnd, depth + 1);
      if (rnd() < 0.15) out[pick(['extra', '__proto__', 'constructor', '\u0000'])] = 1;
      return out;
    }
    case 'array':
      return Array.from({ length: Math.floor(rnd() * 4) }, () =>
        depth > 6 ? null : generate(schema.items, rnd, depth + 1),
      );
    case 'integer':
    case 'number':
      return rnd() < 0.5
        ? Math.floor(rnd() * 100)
        : pick(ODD_NUMBERS.filter((n) => type === 'number' || Number.isInteger(n)));
    case 'boolean':
      return rnd() < 0.5;
    case 'null':
      return null;
    default:
      return rnd() < 0.5 ? pick(ODD_STRINGS) : `v${Math.floor(rnd() * 1000)}`;
  }
}

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; schema?: Schema }[];
  body?: Schema;
  taxii: boolean;
}

const TAXII_MEDIA = 'application/taxii+json;version=2.1';

/** TAXII 2.1 endpoints (served beside the OpenAPI document; their bodies are STIX envelopes). */
const TAXII_OPERATIONS: Operation[] = [
  ['GET', '/taxii2/'],
  ['GET', '/taxii2/{api}/'],
  ['GET', '/taxii2/{api}/collections/'],
  ['GET', '/taxii2/{api}/collections/{collection}/'],
  ['GET', '/taxii2/{api}/collections/{collection}/objects/'],
  ['POST', '/taxii2/{api}/collections/{collection}/objects/'],
  ['GET', '/taxii2/{api}/collections/{collection}/objects/{object}/'],
  ['DELETE', '/taxii2/{api}/collections/{collection}/objects/{object}/'],
  ['GET', '/taxii2/{api}/collections/{collection}/objects/{object}/versions/'],
  ['GET', '/taxii2/{api}/collections/{collection}/manifest/'],
  ['GET', '/taxii2/{api}/status/{status}/'],
].map(([method, path]) => ({
  method,
  path,
  taxii: true,
  parameters: ['added_after', 'limit', 'next', 'match[id]', 'match[type]', 'match[version]'].map(
    (name) => ({ name, in: 'query' }),
  ),
  body:
    method === 'POST'
      ? {
          type: 'object',
          properties: {
            objects: {
              type: 'array',
              items: {
                type: 'object',
                required: ['type', 'id', 'spec_version'],
                properties: {
                  type: { enum: ['indicator', 'report', 'identity', 'malware', 'relationship'] },
                  id: { type: 'string' },
                  spec_version: { enum: ['2.1', '2.0'] },
                  created: { type: 'string' },
                  modified: { type: 'string' },
                  name: { type: 'string' },
                  pattern: { type: 'string' },
                  pattern_type: { enum: ['stix', 'sigma'] },
                  valid_from: { type: 'string' },
                  object_refs: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        }
      : undefined,
}));

describeEachDialect('#16 fuzz over every OpenAPI operation and TAXII', (dialect) => {
  it('no 5xx for seeded generated requests, then verify OK', async () => {
    const node = await openTestNode({ dialect, seedModules: true });
    const app = await buildTestApp(node);
    try {
      const member = await node.tokenFor('QAT', { clearance: 'SECRET' });
      const secretariat = await node.tokenFor(null, { role: 'secretariat' });
      const doc = app.swagger() as {
        paths: Record<
          string,
          Record<
            string,
            {
              parameters?: Operation['parameters'];
              requestBody?: { content?: Record<string, { schema?: Schema }> };
            }
          >
        >;
      };
      const operations: Operation[] = [...TAXII_OPERATIONS];
      for (const [path, ops] of Object.entries(doc.paths))
        for (const [method, op] of Object.entries(ops))
          if (['get', 'post', 'put', 'patch', 'delete'].includes(method))
            operations.push({
              method: method.toUpperCase(),
              path,
              taxii: false,
              parameters: op.parameters ?? [],
              body: op.requestBody?.content?.['application/json']?.schema,
            });
      expect(operations.length).toBeGreaterThan(40);
      // Values that exist, so some requests get past the 404s.
      const taxiiRoot = (
        await app.inject({
          url: '/taxii2/',
          headers: { authorization: `Bearer ${member}`, accept: TAXII_MEDIA },
        })
      ).json<{ api_roots?: string[] }>();
      const apiRoot =
        taxiiRoot.api_roots?.[0]?.replace(/\/$/, '').split('/').filter(Boolean).pop() ?? 'api1';
      const collections =
        (
          await app.inject({
            url: `/taxii2/${apiRoot}/collections/`,
            headers: { authorization: `Bearer ${member}`, accept: TAXII_MEDIA },
          })
        ).json<{ collections?: { id: string }[] }>().collections ?? [];
      const known: Record<string, string[]> = {
        api: [apiRoot],
        collection: collections.map((c) => c.id),
        iso3: ['QAT', 'SAU'],
        id: ['gcc', 'QAT'],
      };
      const rnd = prng(SEED + (dialect === 'postgres' ? 1 : 0));
      const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
      const failures: string[] = [];
      let sent = 0;
      for (const op of operations)
        for (let n = 0; n < PER_OPERATION; n++) {
          const url =
            op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
              segment(
                rnd() < 0.5 && known[name]?.length
                  ? pick(known[name])
                  : String(generate({ type: 'string' }, rnd)),
              ),
            ) +
            (() => {
              const q = new URLSearchParams();
              for (const p of op.parameters)
                if (p.in === 'query' && rnd() < 0.5)
                  q.set(p.name, String(generate(p.schema ?? { type: 'string' }, rnd)));
              if (rnd() < 0.1) q.set('unknown', '\u0000');
              const s = q.toString();
              return s ? `?${s}` : '';
            })();
          const auth = pick([
            `Bearer ${member}`,
            `Bearer ${secretariat}`,
            undefined,
            'Bearer thf_bad.bad',
            `Basic ${Buffer.from(`qat:${member}`).toString('base64')}`,
          ]);
          const type = op.taxii
            ? pick([TAXII_MEDIA, 'application/json', 'text/plain'])
            : pick(['application/json', 'application/json', 'text/plain', 'application/xml']);
          const body =
            op.method === 'GET' || op.method === 'DELETE'
              ? undefined
              : rnd() < 0.1
                ? '{"unterminated": '
                : JSON.stringify(generate(op.body, rnd) ?? null);
          const r = await app.inject({
            method: op.method as 'GET',
            url,
            payload: body,
            headers: {
              ...(auth ? { authorization: auth } : {}),
              ...(body !== undefined ? { 'content-type': type } : {}),
              accept: op.taxii ? pick([TAXII_MEDIA, '*/*', 'text/html']) : 'application/json',
              ...(rnd() < 0.1 ? { 'idempotency-key': pick(ODD_STRINGS.slice(0, 5)) } : {}),
            },
          });
          sent++;
          if (r.statusCode >= 500)
            failures.push(
              `${r.statusCode} ${op.method} ${url.slice(0, 200)} ${body?.slice(0, 200) ?? ''} -> ${r.body.slice(0, 300)}`,
            );
        }
      expect(sent).toBeGreaterThan(300);
      expect(failures).toEqual([]);
      const report = await verifyNode(
        () => Promise.resolve({ ...node, close: () => Promise.resolve() }),
        { dataDir: '/nonexistent-test-data-dir' },
      );
      expect(report.lines.filter((l) => !l.ok)).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await app.close();
      await node.close();
    }
  }, 600_000);
});
