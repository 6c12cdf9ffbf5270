import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { openTestNode, type TestNode } from '../app/testing.js';
import type { RecordTables } from '../record/migrations.js';
import { councilCli } from './cli.js';
import { councilModule } from './module.js';

describe('tahaluf council CLI', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await openTestNode({ modules: [councilModule], seedModules: true });
  });
  afterAll(() => node?.close());

  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    councilCli(program, { open: async () => ({ ...node, close: async () => undefined }) });
    const out: string[] = [];
    const log = vi
      .spyOn(console, 'log')
      .mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const err = vi
      .spyOn(console, 'error')
      .mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    process.exitCode = 0;
    try {
      await program.parseAsync(['node', 'tahaluf', 'council', ...args]);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    const code = process.exitCode;
    process.exitCode = 0;
    return { out: out.join('\n'), code };
  };

  it('lists the seeded agenda and shows a timeline', async () => {
    const list = await run('list', '--charter', 'nato-reference');
    expect(list.out).toContain('Prudent planning for the defence of Turkey');
    const id = list.out
      .split('\n')
      .find((l) => l.includes('silence'))!
      .split(' ')[0];
    const show = await run('show', id);
    expect(show.out).toContain(
      'outcome: not_adopted — silence broken by BEL, DEU, FRA before the deadline',
    );
    expect(show.out).toMatch(/2003-02-10T07:30:00.000Z {2}FRA/);
  });

  it('replay recomputes every outcome; a tampered act makes it fail, naming the act', async () => {
    expect((await run('replay', '--quiet')).code).toBe(0);
    const db = node.store.db.withTables<RecordTables>();
    const act = await db
      .selectFrom('record_acts')
      .selectAll()
      .where('type', '=', 'council.objection')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('record_acts')
      .set({ payload: act.payload.replace('silence', 'silencE') })
      .where('id', '=', act.id)
      .execute();
    const r = await run('replay', '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`FAIL act ${act.id}`);
    await db
      .updateTable('record_acts')
      .set({ payload: act.payload })
      .where('id', '=', act.id)
      .execute();
  });

  it('prints offices on a date and the charters', async () => {
    expect(
      JSON.parse(
        (await run('offices', '--charter', 'arab-league', '--date', '2018-04-15', '--json')).out,
      ).chair,
    ).toMatchObject({ holder: 'SAU', inLine: 'ARE' });
    // C3: a table by default, like the other commands.
    const table = (await run('offices', '--charter', 'arab-league', '--date', '2018-04-15')).out;
    expect(() => JSON.parse(table)).toThrow();
    const lines = table.split('\n');
    expect(lines[0]).toBe('arab-league offices on 2018-04-15');
    expect(lines[1]).toMatch(/^office +holder +term +note$/);
    expect(lines.find((l) => l.startsWith('Presidency of the summit'))).toMatch(
      / SAU +2018-01-01 → 2019-01-01 +in line ARE; declined: ARE \(→ SAU\)$/,
    );
    expect(lines.find((l) => l.startsWith('Secretary-General'))).toMatch(
      /Ahmed Aboul Gheit \(EGY\) +2016-07-03 → 2021-07-03 +term 1/,
    );
    expect((await run('charters')).out).toMatch(/measures +2\/3 of members \[unverified\]/);
  });
});
