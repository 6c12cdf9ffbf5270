import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { registerLogCommands } from '../../src/cli/log-commands.js';
import { ownView, PUBLIC_VIEW } from '../../src/record/views.js';

/**
 * #19.2 `tahaluf log --view public|own|full`: by default the log a signed-out reader is served (the
 * public view's), the full record's with a secretariat token, a member's own view's with that member's
 * token; the output names the log whose signed checkpoint it verified. In-process, on a test node.
 */
describe('tahaluf log CLI: which log, and whose checkpoint was verified (#19.2)', () => {
  let node: TestNode;
  let publicId: string;
  let secretId: string;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    node = await openTestNode({
      modules: [{ name: 'probe', privateActPrefixes: ['probe.secret.'] }],
    });
    publicId = (await node.record.append({ actor: 'QAT', type: 'probe.public', payload: { n: 1 } }))
      .id;
    secretId = (
      await node.record.append({ actor: 'QAT', type: 'probe.secret.shared', payload: { o: 1 } })
    ).id;
    for (let i = 0; i < 3; i += 1)
      await node.record.append({ actor: 'SAU', type: 'probe.public', payload: { i } });
    await node.record.append({ actor: 'SAU', type: 'probe.secret.shared', payload: { o: 2 } });
    tokens.sec = await node.tokenFor(null);
    tokens.QAT = await node.tokenFor('QAT');
    tokens.SAU = await node.tokenFor('SAU');
  });
  afterAll(() => node?.close());

  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    registerLogCommands(program, async () => ({ ...node, close: async () => undefined }));
    const out: string[] = [];
    const err: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    const error = vi
      .spyOn(console, 'error')
      .mockImplementation((...a) => void err.push(a.join(' ')));
    process.exitCode = 0;
    try {
      await program.parseAsync(['node', 'tahaluf', 'log', ...args]);
    } finally {
      write.mockRestore();
      log.mockRestore();
      error.mockRestore();
    }
    const code = process.exitCode;
    process.exitCode = 0;
    return { out: out.join(''), err: err.join('\n'), code };
  };

  it('checkpoint: the public view by default, the full record with a secretariat token only', async () => {
    const origin = node.transparency.origin;
    const pub = await run('checkpoint');
    const publicCount = await node.views.count(PUBLIC_VIEW, {});
    expect(pub.out.split('\n').slice(0, 2)).toEqual([`${origin}/public`, String(publicCount)]);
    expect(pub.err).toContain(
      `checkpoint of the public view's log (${origin}/public), signature verified: ${publicCount} entries`,
    );
    const full = await run('checkpoint', '--view', 'full', '--token', tokens.sec);
    const recordCount = await node.record.count();
    expect(recordCount).toBeGreaterThan(publicCount);
    expect(full.out.split('\n').slice(0, 2)).toEqual([origin, String(recordCount)]);
    expect(full.err).toContain(
      `checkpoint of the full record's log (${origin}), signature verified: ${recordCount} acts`,
    );
    await expect(run('checkpoint', '--view', 'full')).rejects.toThrow(/--token/);
    await expect(run('checkpoint', '--view', 'full', '--token', tokens.QAT)).rejects.toThrow(
      /secretariat only/,
    );
    await expect(run('checkpoint', '--view', 'full', '--token', 'thf_x.y')).rejects.toThrow(
      /not valid/,
    );
    await expect(run('checkpoint', '--view', 'every')).rejects.toThrow(/--view must be one of/);
    const json = JSON.parse((await run('checkpoint', '--json')).out) as {
      view: string;
      origin: string;
      size: number;
    };
    expect(json).toMatchObject({ view: 'public', origin: `${origin}/public`, size: publicCount });
  });

  it('inclusion: checked against the signed checkpoint of the log asked, a private act in its own log only', async () => {
    const origin = node.transparency.origin;
    const pub = await run('inclusion', publicId);
    expect(pub.code).toBe(0);
    expect(pub.err).toMatch(
      new RegExp(
        `is included: verified against the signed checkpoint of size \\d+ of the public view's log \\(${origin}/public\\)`,
      ),
    );
    await expect(run('inclusion', secretId)).rejects.toThrow(/in the public view's log/);
    const own = await run('inclusion', secretId, '--view', 'own', '--token', tokens.QAT);
    expect(own.code).toBe(0);
    const ownSize = await node.views.count(ownView('QAT'), {});
    expect(own.err).toContain(
      `(#1 in QAT's own view's log) is included: verified against the signed checkpoint of size ${ownSize} of QAT's own view's log (${origin}/own/qat)`,
    );
    expect(JSON.parse(own.out)).toMatchObject({ view: 'own', origin: `${origin}/own/qat`, seq: 1 });
    // Another member's token: QAT's private act is not in SAU's own log, said as of a missing act.
    const missing = `${secretId.slice(0, -1)}${secretId.endsWith('0') ? '1' : '0'}`;
    const refusal = async (id: string) =>
      run('inclusion', id, '--view', 'own', '--token', tokens.SAU).then(
        () => 'answered',
        (e: Error) => e.message.replaceAll(id, '<id>'),
      );
    expect(await refusal(secretId)).toBe(await refusal(missing));
    const full = await run('inclusion', secretId, '--view', 'full', '--token', tokens.sec);
    expect(full.code).toBe(0);
    expect(full.err).toContain(`of the full record's log (${origin})`);
  });

  it('consistency: in the log asked', async () => {
    const size = await node.views.count(PUBLIC_VIEW, {});
    const r = await run('consistency', '1', String(size));
    expect(r.code).toBe(0);
    expect(r.err).toContain(`of the public view's log (${node.transparency.origin}/public)`);
  });
});
