import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../../test/support/cli.js';
import type { ProgrammeState } from './model.js';
import type { ProcurementProposal } from './procurement-rules.js';

describe('tahaluf programme', () => {
  const dir = tempDataDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => {
    const r = runCli(['programme', ...args], { TAHALUF_DATA_DIR: dir });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  it('proposes, joins, completes a milestone, shows it and exports the roadmap as CSV', () => {
    const out = cli(
      'propose',
      '--as',
      'OMN',
      '--alliance',
      'gcc',
      '--title',
      'Economic resilience fund',
      '--area',
      'economy',
      '--objective',
      'A joint fund for supply shocks',
      '--milestone',
      'Fund statute drafted|2027-03-31',
    );
    const id = /proposed (prog_\S+)/.exec(out)![1];
    cli('join', id, '--as', 'KWT');
    const s = JSON.parse(cli('show', id, '--json')) as ProgrammeState;
    expect(s.participants.map((p) => p.member)).toEqual(['OMN', 'KWT']);
    cli('complete', id, s.milestones[0].id, '--as', 'OMN', '--evidence', 'Statute circulated');
    const csv = join(dir, 'roadmap.csv');
    expect(cli('roadmap', '--member', 'OMN', '--csv', csv)).toContain('completed');
    expect(readFileSync(csv, 'utf8')).toContain('OMN,2027-03-31,completed');
    // A refusal is named and exits 1.
    const r = runCli(['programme', 'join', id, '--as', 'EGY'], { TAHALUF_DATA_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('EGY is not an active member of gcc');
  });

  it('procurement: computes the proposal over the demo pledges, records it and a member commits', () => {
    const run = (...args: string[]) => {
      const r = runCli(['procurement', ...args], { TAHALUF_DATA_DIR: dir });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const text = run('propose', '--alliance', 'joint-arab-force', '--budget', '4');
    expect(text).toMatch(/data gaps closed: \d+ of \d+ among \d+ units/);
    const p = JSON.parse(
      run('propose', '--alliance', 'joint-arab-force', '--budget', '4', '--as', 'EGY', '--json'),
    ) as ProcurementProposal;
    expect(p).toMatchObject({ proposedBy: 'EGY', status: 'open', budget: 4 });
    expect(p.closed).toBeGreaterThan(0);
    const who = p.changes[0].member;
    expect(run('commit', p.id, '--as', who, '--note', 'terminals ordered')).toContain(
      `committed: ${who}`,
    );
    const [listed] = JSON.parse(
      run('list', '--alliance', 'joint-arab-force', '--json'),
    ) as ProcurementProposal[];
    expect(listed.commitments.map((c) => c.member)).toEqual([who]);
    // A member with nothing to change is refused, named, exit 1.
    const outsider = ['EGY', 'SAU', 'JOR', 'KWT'].find(
      (m) => !p.changes.some((c) => c.member === m),
    )!;
    const r = runCli(['procurement', 'commit', p.id, '--as', outsider], { TAHALUF_DATA_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no unit to re-equip');
  });
});
