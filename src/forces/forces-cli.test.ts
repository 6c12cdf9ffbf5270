import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../../test/support/cli.js';

describe('tahaluf forces report', () => {
  const dir = tempDataDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the seeded board as a table and writes the same figures as CSV', () => {
    const csv = join(dir, 'jaf.csv');
    const res = runCli(['forces', 'report', 'joint-arab-force', '--csv', csv], {
      TAHALUF_DATA_DIR: dir,
    });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('Forces board: joint-arab-force');
    expect(res.stdout).toContain('Headquarters: Cairo (host EGY)');
    expect(res.stdout).toMatch(/^land\s+\d+\s+20000\s+\d+\s+\d+$/m);
    expect(res.stdout).toContain('Burden shares');
    const rows = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(rows[0]).toEqual([
      'alliance',
      'section',
      'key',
      'pledged',
      'required',
      'covered',
      'short',
      'troops_assigned',
      'share',
      'cost',
      'currency',
    ]);
    const land = rows.find((r) => r[1] === 'capability' && r[2] === 'land')!;
    const tableLand = /^land\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/m.exec(res.stdout)!;
    expect(land.slice(3, 7)).toEqual(tableLand.slice(1, 5));
    const egy = rows.find((r) => r[1] === 'member' && r[2] === 'EGY')!;
    expect(Number(egy[7])).toBeGreaterThan(0);
  });

  it('names an unknown alliance', () => {
    const res = runCli(['forces', 'report', 'no-such-alliance'], { TAHALUF_DATA_DIR: dir });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("alliance 'no-such-alliance' does not exist");
  });
});
