import { expect, it, vi } from 'vitest';

// Each test spawns the CLI several times; on a loaded 2-core machine that takes a while.
vi.setConfig({ testTimeout: 180_000 });
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { runCli, tempDataDir } from '../support/cli.js';

const require = createRequire(import.meta.url);

it('tahaluf verify passes on a fresh database and names the act after one stored byte changes', () => {
  const dir = tempDataDir();
  const env = { TAHALUF_DATA_DIR: dir };
  const seed = runCli(['seed'], env);
  expect(seed.status, seed.stderr).toBe(0);
  const ok = runCli(['verify', '--quiet'], env);
  expect(ok.status, ok.stderr).toBe(0);
  expect(ok.stdout).toMatch(/record OK: \d+ acts/);

  // Change one byte of the first act's stored payload, directly in the SQLite file.
  const Database = require('libsql');
  const db = new Database(join(dir, 'tahaluf.sqlite'));
  const row = db.prepare('select seq, id, payload from record_acts order by seq limit 1').get() as {
    seq: number;
    id: string;
    payload: string;
  };
  const i = row.payload.indexOf('"states":') + 9;
  const changed =
    row.payload.slice(0, i) + String((Number(row.payload[i]) + 1) % 10) + row.payload.slice(i + 1);
  expect(changed.length).toBe(row.payload.length);
  db.prepare('update record_acts set payload = ? where seq = ?').run(changed, row.seq);
  db.close();

  const bad = runCli(['verify', '--quiet'], env);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain(`record BROKEN at act #${row.seq} (${row.id})`);
});

it('a second start reuses the data: seeding twice keeps every act and adds none', () => {
  const dir = tempDataDir();
  const env = { TAHALUF_DATA_DIR: dir };
  const count = (out: string) => Number(/(\d+) acts in the record/.exec(out)?.[1]);
  const first = runCli(['seed'], env);
  const second = runCli(['seed'], env);
  expect(first.status, first.stderr).toBe(0);
  expect(count(second.stdout)).toBe(count(first.stdout));
});

it('rejects bad configuration listing every problem', () => {
  const r = runCli(['seed'], {
    PORT: 'eighty',
    DATABASE_URL: 'mysql://x',
    TAHALUF_MODE: 'national',
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/PORT must be an integer/);
  expect(r.stderr).toMatch(/DATABASE_URL must start with postgres/);
  expect(r.stderr).toMatch(/TAHALUF_MEMBER must be/);
});

it('exports memberships as CSV and members as GeoJSON, and names a bad option', () => {
  const dir = tempDataDir();
  const csv = runCli(['export', '--what', 'memberships', '--alliance', 'gcc'], {
    TAHALUF_DATA_DIR: dir,
  });
  expect(csv.status, csv.stderr).toBe(0);
  const lines = csv.stdout.trim().split('\n');
  expect(lines[0]).toBe('alliance,state,state_name,role,from,to,suspensions,certainty,sources');
  expect(
    lines
      .slice(1)
      .map((l) => l.split(',')[1])
      .sort(),
  ).toEqual(['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU']);
  const geo = runCli(
    ['export', '--what', 'members-geojson', '--alliance', 'gcc', '--date', '2025-09-09'],
    { TAHALUF_DATA_DIR: dir },
  );
  const fc = JSON.parse(geo.stdout);
  expect(fc.features).toHaveLength(6);
  expect(fc.features.every((f: { geometry: unknown }) => f.geometry)).toBe(true);
  const bad = runCli(['export', '--what', 'nonsense'], { TAHALUF_DATA_DIR: dir });
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/--what/);
});

it('explains operating-system errors in a sentence, without a stack trace', () => {
  const dir = tempDataDir();
  const r = runCli(['export', '--what', 'events', '--out', '/nonexistent-folder/x.csv'], {
    TAHALUF_DATA_DIR: dir,
  });
  expect(r.status).toBe(1);
  expect(r.stderr.trim()).toBe('error: no such file or folder: /nonexistent-folder/x.csv');
});
