import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../core/config.js';
import { openNode, type Node } from '../app/node.js';
import { buildTestApp, openTestNode, type TestNode } from '../app/testing.js';
import { describeEachDialect } from '../store/testing.js';
import { findAtopFiles, readAtopFiles } from './atop-import.js';
import { treatiesModule } from './module.js';
import { TreatiesService, treatiesService } from './treaties-service.js';
import { ATOP_TEST_DIR } from './testing.js';

const defenders = (body: any) =>
  body.bound
    .filter((o: any) => o.obligation === 'defense')
    .map((o: any) => o.state)
    .sort();

/**
 * `tahaluf atop import` runs in its own process while `npm start` serves the same data
 * dir; an embedded node's bus is in-process, so the server must notice the newer import act itself.
 */
describe('a running server sees an ATOP import made by another process on the same data dir (SQLite file)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'treaties-fresh-'));
  const open = () =>
    openNode(
      { ...loadConfig({}), dataDir, port: 0 },
      { modules: [treatiesModule], seedModules: false },
    );
  let server: Node;
  let app: FastifyInstance;
  beforeAll(async () => {
    server = await open();
    app = await buildTestApp(server);
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers POL 1939 from ATOP after the CLI node imports, without a restart', async () => {
    const get = async (url: string) => (await app.inject({ method: 'GET', url })).json();
    expect(defenders(await get('/api/obligations?attacked=POL&date=1939-09-01'))).toEqual([]);
    (await treatiesService(server)).freshnessCheckMs = 0; // the default rate limit (2 s) would only delay this

    // The "CLI": a second node over the same SQLite file, with its own store, bus and service.
    const cli = await open();
    try {
      await (
        await treatiesService(cli)
      ).importAtop(readAtopFiles(findAtopFiles(ATOP_TEST_DIR)), ATOP_TEST_DIR);
    } finally {
      await cli.close();
    }

    const after = await get('/api/obligations?attacked=POL&date=1939-09-01');
    expect(defenders(after)).toEqual(expect.arrayContaining(['FRA', 'GBR']));
    expect(after.coverage.atopImported).toBe(true);
    const t = await get('/api/treaties');
    expect(t.atop.memberRows).toBe(2398);
    expect(t.atop.lastImport).not.toBeNull();
  });
});

describeEachDialect('treaties service freshness', (dialect) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await openTestNode({ dialect, modules: [treatiesModule] });
  });
  afterAll(async () => {
    await node?.close();
  });

  it('reloads on a newer import act, and only checks the record once per interval', async () => {
    const served = await treatiesService(node);
    served.freshnessCheckMs = 60_000;
    await served.fresh();
    // Another service instance (as in another process) imports into the same database.
    const other = await TreatiesService.open(node);
    await other.importAtop(readAtopFiles(findAtopFiles(ATOP_TEST_DIR)), 'elsewhere');
    // Within the interval the served engine is not re-checked …
    expect((await served.fresh()).atop.members.length).toBe(0);
    // … and at the next check it reloads.
    served.freshnessCheckMs = 0;
    expect((await served.fresh()).atop.members.length).toBe(2398);
    expect(served.atopYears).toEqual({ from: 1815, to: 2016 });
    expect(served.engine.web('USA', '1980-06-01').gives.some((o) => o.origin === 'atop')).toBe(
      true,
    );
  });
});
