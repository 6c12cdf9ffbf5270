import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { ManualClock } from '../../src/core/clock.js';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { modules } from '../../src/app/modules.js';
import { registerAllianceCommands } from '../../src/cli/alliance-commands.js';

/**
 * #14.1/#14.3 accession through the CLI: `tahaluf alliance act`, `tahaluf council open|vote|close`,
 * `tahaluf alliance status`, `tahaluf obligations`, and `tahaluf events add` (#14.4). In-process, on a
 * test node (the commands are the ones `tahaluf` registers). A scenario, not a seeded fact.
 */
describe('tahaluf alliance / council / events CLI: Pakistan accedes to the Islamic NATO scenario', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await openTestNode({ clock: new ManualClock('2026-06-01T08:00:00Z'), modules });
  });
  afterAll(() => node?.close());

  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    const ctx = { open: async () => ({ ...node, close: async () => undefined }) };
    registerAllianceCommands(program, ctx);
    for (const m of modules) m.cli?.(program, ctx);
    const out: string[] = [];
    const log = vi
      .spyOn(console, 'log')
      .mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    try {
      await program.parseAsync(['node', 'tahaluf', ...args]);
    } finally {
      log.mockRestore();
    }
    return out.join('\n');
  };
  const act = (kind: string, as: string, ...rest: string[]) =>
    run('alliance', 'act', 'islamic-nato', kind, '--as', as, ...rest);

  it('records every step as a signed act, refuses the wrong ones, and the obligations answer follows', async () => {
    for (const s of ['SAU', 'TUR']) {
      await act('signature', s, '--state', s, '--date', '2026-01-10');
      await act('ratification', s, '--state', s, '--date', '2026-02-01');
      await act('deposit', s, '--state', s, '--date', '2026-02-15');
    }
    const eif = await act(
      'entry_into_force',
      'secretariat',
      '--date',
      '2026-03-01',
      '--provision',
      'defense|Art. 5|An armed attack on one party is an attack on all (scenario text)',
    );
    expect(eif).toContain('members of islamic-nato on 2026-03-01: SAU, TUR');
    await act('application', 'PAK', '--state', 'PAK', '--date', '2026-04-01');
    await expect(act('ratification', 'PAK', '--state', 'PAK')).rejects.toThrow(
      /cannot ratify .* it has not signed it/,
    );
    const opened = await run(
      'council',
      'open',
      '--as',
      'SAU',
      '--charter',
      'islamic-nato',
      '--type',
      'admission',
      '--matter',
      'admission-pak',
      '--title',
      'Admission of Pakistan',
    );
    const id = /opened (\S+)/.exec(opened)![1];
    await expect(
      act('admission', 'secretariat', '--state', 'PAK', '--decision', id),
    ).rejects.toThrow(/still open/);
    await run('council', 'vote', id, 'yes', '--as', 'SAU');
    await run('council', 'vote', id, 'yes', '--as', 'TUR');
    expect(await run('council', 'close', id, '--as', 'SAU')).toContain('adopted');
    await act('admission', 'secretariat', '--state', 'PAK', '--decision', id);
    await expect(
      act('admission', 'secretariat', '--state', 'PAK', '--decision', id),
    ).rejects.toThrow(/admitted twice/);
    await act('signature', 'PAK', '--state', 'PAK');
    await act(
      'declaration',
      'PAK',
      '--state',
      'PAK',
      '--article',
      'Art. 5',
      '--text',
      'Scenario declaration.',
    );
    await act('ratification', 'PAK', '--state', 'PAK');
    await act('deposit', 'secretariat', '--state', 'PAK');
    await act('entry_into_force', 'secretariat', '--state', 'PAK', '--date', '2026-06-20');

    const status = await run('alliance', 'status', 'islamic-nato');
    expect(status).toMatch(
      /PAK\s+2026-04-01\s+2026-06-01\s+2026-06-01\s+2026-06-01\s+2026-06-01\s+2026-06-20/,
    );
    expect(status).toContain('PAK declaration on Art. 5');

    const before = JSON.parse(
      await run('obligations', 'PAK', '--date', '2026-06-19', '--json'),
    ) as {
      bound: { allianceId: string }[];
    };
    const after = JSON.parse(await run('obligations', 'PAK', '--date', '2026-06-20', '--json')) as {
      bound: { allianceId: string; state: string }[];
    };
    expect(before.bound.filter((b) => b.allianceId === 'islamic-nato')).toEqual([]);
    expect(
      after.bound
        .filter((b) => b.allianceId === 'islamic-nato')
        .map((b) => b.state)
        .sort(),
    ).toEqual(['SAU', 'TUR']);
  });

  it('tahaluf events add records an event as the member\u2019s signed act, with its sources', async () => {
    const out = await run(
      'events',
      'add',
      '--as',
      'QAT',
      '--date',
      '2026-05-30',
      '--title',
      'Scenario: Qatar hosts a consultation',
      '--states',
      'QAT',
      '--alliances',
      'gcc',
      '--source',
      'Qatar News Agency|https://www.qna.org.qa/|2026-05-30',
    );
    expect(out).toMatch(/recorded event 2026-05-30-act-[0-9a-f]{12} as act #\d+ .*signed by QAT/);
    expect(
      node.registry.events().some((e) => e.title === 'Scenario: Qatar hosts a consultation'),
    ).toBe(true);
    await expect(
      run(
        'events',
        'add',
        '--as',
        'QAT',
        '--date',
        '2026-05-30',
        '--title',
        'No source',
        '--states',
        'QAT',
      ),
    ).rejects.toThrow(/at least one source/);
  });
});
