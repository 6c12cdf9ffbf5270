import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestNode, type TestNode } from '../app/testing.js';
import { isTahalufError } from '../core/errors.js';
import type { CliContext } from '../runtime/deps.js';
import { findAtopFiles, readAtopFiles } from './atop-import.js';
import { formatAnswer, treatiesCli, writeCsv } from './cli.js';
import { treatiesModule } from './module.js';
import { treatiesService } from './treaties-service.js';
import { ATOP_TEST_DIR } from './testing.js';

describe('treaties CLI', () => {
  let node: TestNode;
  const out = mkdtempSync(join(tmpdir(), 'treaties-cli-'));
  // The CLI closes what ctx.open() gives it; keep the test node open across commands.
  const ctx: CliContext = {
    open: () => Promise.resolve({ ...node, close: () => Promise.resolve() }),
  };
  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    treatiesCli(program, ctx);
    const log: string[] = [];
    const err: string[] = [];
    const l = vi.spyOn(console, 'log').mockImplementation((...a) => void log.push(a.join(' ')));
    const e = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    try {
      await program.parseAsync(['node', 'tahaluf', ...args]);
      return { stdout: log.join('\n'), stderr: err.join('\n') };
    } finally {
      l.mockRestore();
      e.mockRestore();
    }
  };
  const failure = async (...args: string[]) => {
    try {
      await run(...args);
    } catch (e) {
      if (isTahalufError(e)) return { field: e.field, message: e.message };
      throw e;
    }
    throw new Error(`tahaluf ${args.join(' ')} did not fail`);
  };

  beforeAll(async () => {
    node = await openTestNode({ modules: [treatiesModule] });
  });
  afterAll(async () => {
    await node?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('validates `obligations` exactly as the API does', async () => {
    expect(await failure('obligations', 'QAT', '--attacker', 'QAT')).toEqual({
      field: '--attacker',
      message: 'attacker must differ from attacked',
    });
    expect(await failure('obligations', 'QAT', '--date', '2025-02-30')).toMatchObject({
      field: '--date',
    });
    expect(await failure('obligations', 'QAT', '--date', '1700-01-01')).toMatchObject({
      field: '--date',
      message: expect.stringMatching(/before 1815-01-01/),
    });
    expect(await failure('obligations', 'QAT', '--date', '2999-01-01')).toMatchObject({
      field: '--date',
    });
    expect(await failure('obligations', 'ZZZ')).toMatchObject({
      field: 'state',
      message: "attacked 'ZZZ' is not a known state code",
    });
    expect(await failure('obligations', 'qat')).toMatchObject({ field: 'state' });
    expect(await failure('obligations', 'QAT', '--place', 'NOPE')).toMatchObject({
      field: '--place',
    });
  });

  it('prints a readable table grouped by clause, with names, a summary line, conditions and sources', async () => {
    const { stdout } = await run('obligations', 'QAT', '--date', '2025-09-09');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('If Qatar (QAT) is attacked on 2025-09-09:');
    // #14.3: the API's headline comes first (who must defend, by which instrument, conflicts), then the counts.
    expect(lines[1]).toMatch(/^19 states are bound by treaty to defend Qatar\./);
    expect(lines[2]).toMatch(
      /^\d+ states bound under 3 alliances: \d+ to defend, \d+ to consult, \d+ to not attack\.$/,
    );
    expect(stdout).toMatch(
      /^CONFLICT — Egypt is also bound by the Treaty of Peace .* Art\. VI\(5\)/m,
    );
    const gcc = lines.findIndex((l) =>
      l.startsWith('DEFEND — GCC Joint Defence Agreement (gcc-jda), Art. 2'),
    );
    expect(gcc).toBeGreaterThan(0);
    expect(lines[gcc + 1]).toBe(
      '  states (5): Bahrain, Kuwait, Oman, Saudi Arabia, United Arab Emirates',
    );
    expect(lines[gcc + 2]).toMatch(/^ {2}clause: /);
    expect(lines[gcc + 3]).toBe('  conditions: none');
    expect(lines[gcc + 4]).toMatch(/^ {2}source: Joint Defence Agreement/);
    expect(stdout).toMatch(/Not binding:\n[\s\S]*imctc: A counter-terrorism coalition/);
    expect(stdout).toMatch(/Coverage: .*not imported/);
    // One block per clause, not one line per state per clause (was 114 lines).
    expect(lines.length).toBeLessThan(50);
    expect(stdout).not.toMatch(/^(ARE|BHR|KWT)\s/m);
  });

  it('#14.3 Qatar on 1960-01-01: says Qatar was not yet a party instead of a bare "0 states bound"', async () => {
    const { stdout } = await run('obligations', 'QAT', '--date', '1960-01-01');
    const lines = stdout.split('\n');
    expect(lines[1]).toBe(
      'Qatar was not yet a party to any alliance Tahaluf knows of on 1960-01-01: its first is League of Arab States, from 1971-09-11. No state was bound by a treaty to defend it on that date.',
    );
  });

  it('#14.3 an executive order is labelled as such, not as a treaty (Qatar, 2025-10-02)', async () => {
    const { stdout } = await run('obligations', 'QAT', '--date', '2025-10-02');
    expect(stdout).toMatch(/United States also undertakes to defend Qatar by executive act/);
    expect(stdout).toMatch(/instrument: executive_act \(revocable\)/);
  });

  it('labels ATOP clauses "article: not coded by ATOP"', () => {
    const a = {
      attacked: 'POL',
      date: '1939-09-01',
      attacker: null,
      place: null,
      notBinding: [],
      bound: [
        {
          state: 'GBR',
          stateName: 'United Kingdom',
          toward: 'POL',
          obligation: 'defense' as const,
          action: 'defend',
          allianceId: 'atop-2535',
          allianceName: 'ATOP alliance 2535 (1939)',
          article: null,
          summary: 'ATOP 2535: defense obligation as coded by ATOP',
          conditions: [],
          suspended: false,
          origin: 'atop' as const,
          atopId: 2535,
          instrument: { type: 'treaty' as const, strength: 'binding' as const, note: 'ATOP' },
          conditional: false,
          sources: [{ title: 'ATOP' }],
        },
      ],
      headline: '',
      standing: [],
      conflicts: [],
    };
    expect(formatAnswer(a, { name: (c) => (c === 'POL' ? 'Poland' : c) })).toMatch(
      /If Poland \(POL\)[\s\S]*DEFEND — ATOP alliance 2535 \(1939\) \(atop-2535\), article: not coded by ATOP\n {2}states \(1\): United Kingdom/,
    );
  });

  it('refuses dyad-years past the imported data, prints a clear --out error, and defaults state-years to 1815', async () => {
    expect(await failure('atop', 'dyad-years', '--from', '2010', '--to', '2020')).toMatchObject({
      field: 'atop',
    });
    await (
      await treatiesService(node)
    ).importAtop(readAtopFiles(findAtopFiles(ATOP_TEST_DIR)), ATOP_TEST_DIR);

    const past = await failure(
      'atop',
      'dyad-years',
      '--from',
      '2015',
      '--to',
      '2020',
      '--out',
      join(out, 'd.csv'),
    );
    expect(past.field).toBe('--to');
    expect(past.message).toMatch(/the imported ATOP data ends in 2016/);
    expect(existsSync(join(out, 'd.csv'))).toBe(false);
    const forced = await run(
      'atop',
      'dyad-years',
      '--from',
      '2016',
      '--to',
      '2017',
      '--out',
      join(out, 'd.csv'),
      '--beyond-coverage',
    );
    expect(forced.stderr).toMatch(/warning: the imported ATOP data ends in 2016/);

    const missing = await failure(
      'atop',
      'dyad-years',
      '--from',
      '2000',
      '--to',
      '2001',
      '--out',
      '/nonexistent/x.csv',
    );
    expect(missing).toEqual({
      field: '--out',
      message: 'cannot write /nonexistent/x.csv: its folder does not exist',
    });
    expect(() => writeCsv(out, 'x')).toThrow(/cannot write .*: it is a folder/);

    await run('atop', 'state-years', '--to', '1816', '--out', join(out, 's.csv'));
    const years = readFileSync(join(out, 's.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[1]));
    expect(Math.min(...years)).toBe(1815);
    await run('atop', 'dyad-years', '--to', '1817', '--out', join(out, 'dy.csv'));
    const dyears = readFileSync(join(out, 'dy.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[2]));
    expect(Math.min(...dyears)).toBe(1816);
  });
});
