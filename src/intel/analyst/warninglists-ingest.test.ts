import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../../../test/support/cli.js';
import { useIntelEnv } from '../testing.js';
import type { AnalystTables } from './migrations.js';
import { indicatorFor, post } from './testing.js';
import { parseWarningList, saveLists, warningMatcher } from './warninglists.js';

describe('warning lists on ingest', () => {
  const env = useIntelEnv('sqlite');

  it('an indicator naming a listed value is stored, flagged in the status and kept as a hit', async () => {
    const store = env.node.store;
    const resolvers = parseWarningList(
      {
        name: 'test resolvers',
        type: 'cidr',
        list: ['192.0.2.0/28'],
        matching_attributes: ['ip-dst'],
      },
      'test',
    );
    await saveLists(store, [resolvers], 'user', '2026-01-01T00:00:00.000Z');
    const flagged = indicatorFor(
      { originator: 'SAU', rel: ['GCC'] },
      "[ipv4-addr:value = '192.0.2.5']",
    );
    const clean = indicatorFor(
      { originator: 'SAU', rel: ['GCC'] },
      "[ipv4-addr:value = '192.0.2.77']",
    );
    const status = await post(env, 'SAU', [flagged, clean]);
    expect(status.success_count).toBe(2);
    const byId = new Map(status.successes?.map((s) => [s.id, s.message]));
    expect(byId.get(flagged.id as string)).toMatch(
      /matches warning list 'test resolvers' \(192\.0\.2\.5\)/,
    );
    expect(byId.get(clean.id as string) ?? '').not.toMatch(/warning list/);
    const hits = await store.db
      .withTables<AnalystTables>()
      .selectFrom('intel_warning_hits')
      .selectAll()
      .execute();
    expect(hits.map((h) => [h.id, h.list_name, h.value])).toEqual([
      [flagged.id, 'test resolvers', '192.0.2.5'],
    ]);

    // The flag is in the console API's answers (feed, search, object) for a reader who may see the object.
    const h = { authorization: (await env.auth('QAT')).authorization };
    const feed = (await env.app.inject({ url: '/api/intel/feed', headers: h })).json<{
      items: { id: string; warnings: { list: string; value: string }[] }[];
    }>();
    const byItem = new Map(feed.items.map((i) => [i.id, i.warnings]));
    expect(byItem.get(String(flagged.id))).toEqual([
      { list: 'test resolvers', value: '192.0.2.5' },
    ]);
    expect(byItem.get(String(clean.id))).toEqual([]);
    const one = await env.app.inject({
      url: `/api/intel/objects/${String(flagged.id)}`,
      headers: h,
    });
    expect(one.json().warnings).toEqual([{ list: 'test resolvers', value: '192.0.2.5' }]);
    const found = await env.app.inject({
      url: `/api/intel/search?q=${String(flagged.id)}`,
      headers: h,
    });
    expect(found.json().items[0].warnings).toEqual([
      { list: 'test resolvers', value: '192.0.2.5' },
    ]);
  });
});

describe('the warning-list matcher cache', () => {
  const env = useIntelEnv('sqlite');

  it('is rebuilt only when the lists change, here or by another process', async () => {
    const store = env.node.store;
    const first = await warningMatcher(store, 0);
    // Unchanged lists: the same compiled matcher (the probe only reads count and latest load time).
    expect(await warningMatcher(store, 0)).toBe(first);
    // Another process stores a list (no in-process invalidation): seen at the next probe.
    await store.db
      .withTables<AnalystTables>()
      .insertInto('intel_warninglists')
      .values({
        name: 'other process',
        type: 'string',
        entries: JSON.stringify(['x.example']),
        matching_attributes: JSON.stringify(['domain']),
        description: '',
        version: '1',
        source: 'user',
        loaded_at: '2026-02-01T00:00:00.000Z',
      })
      .execute();
    expect(await warningMatcher(store, 60_000)).toBe(first); // within the probe interval: cached
    const second = await warningMatcher(store, 0);
    expect(second).not.toBe(first);
    expect(second.size).toBe(first.size + 1);
    // A change made here is seen at once, whatever the interval.
    await saveLists(
      store,
      [parseWarningList({ name: 'here', type: 'string', list: ['y.example'] }, 'test')],
      'user',
      '2026-02-02T00:00:00.000Z',
    );
    expect((await warningMatcher(store, 60_000)).size).toBe(second.size + 1);
  });
});

describe('tahaluf intel warninglist', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  // Seven CLI processes (tsx): a while on a loaded 2-core machine.
  it('adds, loads a MISP folder (all or none), lists and removes', { timeout: 240_000 }, () => {
    const data = tempDataDir();
    const files = tempDataDir();
    dirs.push(data, files);
    const env = { TAHALUF_DATA_DIR: data };
    const write = (path: string, doc: unknown) => {
      mkdirSync(join(files, path, '..'), { recursive: true });
      writeFileSync(join(files, path), JSON.stringify(doc));
    };
    write('one.json', { name: 'mine', type: 'hostname', list: ['example.org'] });
    const add = runCli(['intel', 'warninglist', 'add', join(files, 'one.json')], env);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain("warning list 'mine' stored: 1 entries (hostname)");

    // A MISP download with one bad list: nothing of it is stored.
    write('misp/lists/a/list.json', { name: 'a', type: 'cidr', list: ['198.51.100.0/24'] });
    write('misp/lists/b/list.json', { name: 'b', type: 'cidr', list: ['not-an-ip'] });
    const bad = runCli(['intel', 'warninglist', 'load-misp', join(files, 'misp')], env);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(
      /lists\/b\/list\.json: "list"\[0\] 'not-an-ip' is not an IP address/,
    );
    let listed = runCli(['intel', 'warninglist', 'list'], env);
    expect(listed.stdout).toContain('mine');
    expect(listed.stdout).not.toMatch(/^a /m);

    write('misp/lists/b/list.json', { name: 'b', type: 'string', list: ['x'] });
    const load = runCli(['intel', 'warninglist', 'load-misp', join(files, 'misp')], env);
    expect(load.status, load.stderr).toBe(0);
    expect(load.stdout).toContain('2 warning lists stored');
    listed = runCli(['intel', 'warninglist', 'list'], env);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['a', 'b', 'mine']);

    expect(runCli(['intel', 'warninglist', 'remove', 'mine'], env).status).toBe(0);
    const again = runCli(['intel', 'warninglist', 'remove', 'mine'], env);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/no warning list named 'mine'/);
  });
});
