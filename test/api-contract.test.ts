import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { federationRoutes } from '../src/api/federation-routes.js';
import { buildTestApp, openTestNode } from '../src/app/testing.js';
import type { AllianceLog } from '../src/federation/alliance-log.js';

/**
 * Every route documents the answer of its success status: a response schema (JSON routes: a TypeBox
 * schema that Fastify also serializes with; TAXII, CAP, CSV and event streams: their media type), a
 * 204 with no body, or a redirect. A route without one fails here, naming the route.
 */
type Operation = { responses?: Record<string, { content?: Record<string, unknown> }> };

function undocumented(paths: Record<string, Record<string, Operation>>): string[] {
  const missing: string[] = [];
  for (const [path, operations] of Object.entries(paths))
    for (const [method, operation] of Object.entries(operations)) {
      const documented = Object.entries(operation.responses ?? {}).some(
        ([status, answer]) =>
          (/^2\d\d$/.test(status) && (status === '204' || answer.content !== undefined)) ||
          /^3\d\d$/.test(status),
      );
      if (!documented) missing.push(`${method.toUpperCase()} ${path}`);
    }
  return missing;
}

it('documents the success answer of every route in the OpenAPI document', async () => {
  const node = await openTestNode();
  const app = await buildTestApp(node);
  try {
    const doc = (await app.inject('/api/openapi.json')).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    const paths = Object.keys(doc.paths);
    // The walk covers the JSON API, TAXII and CAP (a sanity check that the document is whole).
    expect(paths.some((p) => p.startsWith('/taxii2/'))).toBe(true);
    expect(paths.some((p) => p.startsWith('/cap/'))).toBe(true);
    expect(paths.filter((p) => p.startsWith('/api/')).length).toBeGreaterThan(100);
    expect(undocumented(doc.paths)).toEqual([]);
  } finally {
    await app.close();
    await node.close();
  }
});

it('documents the success answer of the federation routes (registered on an alliance node only)', async () => {
  const app = Fastify();
  const routes: { url: string; method: string; statuses: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const response: unknown = route.schema?.response;
    routes.push({
      url: route.url,
      method: String(route.method),
      statuses: response && typeof response === 'object' ? Object.keys(response) : [],
    });
  });
  // The routes are only registered here, never called: the alliance log behind them is not needed.
  const noAllianceLog: Partial<AllianceLog> = {};
  await app.register((instance, _opts, done) => {
    federationRoutes(instance, noAllianceLog as AllianceLog);
    done();
  });
  await app.ready();
  expect(routes.length).toBeGreaterThan(5);
  expect(
    routes
      .filter((r) => !r.statuses.some((status) => /^2\d\d$/.test(status)))
      .map((r) => `${r.method} ${r.url}`),
  ).toEqual([]);
  await app.close();
});

it('keeps the fields a JSON answer holds beyond those its schema names', async () => {
  const node = await openTestNode();
  const app = await buildTestApp(node);
  try {
    // GET /api/whoami names role, member, user, clearance and tokenId; an alliance names more than its
    // schema (sources, memberships): open schemas send every field as it is.
    const alliance = (await app.inject('/api/alliances/gcc')).json<Record<string, unknown>>();
    expect(alliance.id).toBe('gcc');
    expect(Array.isArray(alliance.memberships)).toBe(true);
    expect(Array.isArray(alliance.sources)).toBe(true);
    const charters = (await app.inject('/api/council/charters')).json<Record<string, unknown>[]>();
    const gcc = charters.find((c) => c.id === 'gcc');
    expect(gcc?.decisions).toBeTruthy();
    expect(Object.keys(gcc ?? {}).length).toBeGreaterThan(3);
  } finally {
    await app.close();
    await node.close();
  }
});
