import { expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, tempDataDir } from '../support/cli.js';
import { openStore } from '../../src/store/database.js';
import { verifyChain } from '../../src/record/verify.js';
import type { RecordTables } from '../../src/record/migrations.js';

it('a process killed mid-append loses no acknowledged act and leaves no torn act', async () => {
  const dir = tempDataDir();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/support/append-loop.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, TAHALUF_DATA_DIR: dir, DATABASE_URL: '', NATS_URL: '' },
    },
  );
  let acked = 0;
  let buf = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) if (l) acked = Number(l);
      if (acked >= 300) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => resolve());
  });
  expect(acked).toBeGreaterThanOrEqual(300);
  const store = await openStore({ sqliteFile: join(dir, 'tahaluf.sqlite') });
  const report = await verifyChain(store.db.withTables<RecordTables>());
  await store.close();
  expect(report.ok, JSON.stringify(report.firstBroken)).toBe(true);
  // Every acknowledged act is there (the seeding act plus at least the acknowledged test acts).
  expect(report.acts).toBeGreaterThanOrEqual(acked);
});
