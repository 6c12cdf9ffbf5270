import { rmSync } from 'node:fs';
import { afterAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { runCli, runCliAsync, tempDataDir } from '../support/cli.js';

// Spawns the CLI several times; on a loaded 2-core machine that takes a while.
vi.setConfig({ testTimeout: 240_000 });

const dirs: string[] = [];
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tokenOf = (out: string): string => {
  const t = out.trim().split('\n').at(-1) ?? '';
  expect(t).toMatch(/^thf_/);
  return t;
};

/**
 * Two national nodes as members would run them: fresh data directories, all modules and their seeds
 * (as `tahaluf start` opens them), QAT's node driven through the CLI in its own processes, SAU's node
 * serving HTTP. SAU shares one report with QAT and one with KWT; QAT's node syncs and receives exactly
 * the first.
 */
it('national nodes start from nothing, and one pulls from the other by the CLI only what is released to it', async () => {
  const dirA = tempDataDir();
  const dirB = tempDataDir();
  dirs.push(dirA, dirB);
  const envA = { TAHALUF_MODE: 'national', TAHALUF_MEMBER: 'QAT', TAHALUF_DATA_DIR: dirA };
  const envB = { TAHALUF_MODE: 'national', TAHALUF_MEMBER: 'SAU', TAHALUF_DATA_DIR: dirB };

  // A fresh national node seeds (it used to fail: the forces demo acts need keys a national node lacks).
  const seedA = runCli(['seed'], envA);
  expect(seedA.status, seedA.stderr).toBe(0);
  const qatNodeToken = tokenOf(
    runCli(['token', 'create', '--user', 'qat-node', '--member', 'QAT'], envB).stdout,
  );
  const sauAnalyst = tokenOf(
    runCli(
      ['token', 'create', '--user', 'analyst', '--member', 'SAU', '--clearance', 'SECRET'],
      envB,
    ).stdout,
  );

  server = await startServer(
    loadConfig({ ...envB, PORT: '0', HOST: '127.0.0.1' }),
    { seedModules: true },
    { webDir: null },
  );
  const share = async (name: string, releasableTo: string[]) => {
    const res = await fetch(`${server!.url}/api/intel/share`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sauAnalyst}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        collection: 'gcc',
        name,
        classification: 'RESTRICTED',
        releasableTo,
        tlp: 'AMBER',
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const forQat = await share('For Qatar', ['QAT']);
  const forKwt = await share('For Kuwait', ['KWT']);

  const add = runCli(
    [
      'intel',
      'peer',
      'add',
      '--name',
      'sau',
      '--api-root',
      `${server.url}/taxii2/api1/`,
      '--collection',
      'gcc',
      '--token',
      qatNodeToken,
      '--peer-member',
      'SAU',
      '--local-collection',
      'gcc',
    ],
    envA,
  );
  expect(add.status, add.stderr).toBe(0);
  const again = runCli(
    [
      'intel',
      'peer',
      'add',
      '--name',
      'sau',
      '--api-root',
      'ftp://x',
      '--collection',
      'gcc',
      '--token',
      qatNodeToken,
      '--peer-member',
      'XXX',
      '--local-collection',
      'gcc',
    ],
    envA,
  );
  expect(again.status).toBe(1);
  expect(again.stderr).toContain(
    "--name: a peer named 'sau' exists already; --api-root: 'ftp://x' is not an http(s) URL of a TAXII API root; --peer-member: 'XXX' is not a state in the registry",
  );

  const sync = await runCliAsync(['intel', 'sync'], envA);
  expect(sync.status, sync.stderr).toBe(0);
  expect(sync.stdout).toMatch(/^sau: pulled 2, pushed 0 /); // the report and its identity

  const exported = runCli(['intel', 'export', 'gcc', '--member', 'QAT'], envA);
  expect(exported.status, exported.stderr).toBe(0);
  const ids = (JSON.parse(exported.stdout) as { objects: { id: string }[] }).objects.map(
    (o) => o.id,
  );
  expect(ids).toContain(forQat);
  expect(ids).not.toContain(forKwt);

  // An idle second cycle moves nothing; QAT's record (its sync act signed by QAT's own key) verifies.
  expect((await runCliAsync(['intel', 'sync'], envA)).stdout).toMatch(/^sau: pulled 0, pushed 0 /);
  const verify = runCli(['verify', '--quiet'], envA);
  expect(verify.status, verify.stderr).toBe(0);
});
