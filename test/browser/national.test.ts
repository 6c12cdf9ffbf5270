import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { actingMember, chooseMember, pickerOptions, useBrowserNode } from './harness.js';

describe('console on a national node', () => {
  const node = useBrowserNode({ env: { TAHALUF_MODE: 'national', TAHALUF_MEMBER: 'QAT' } });

  it('offers no demo login; a user signs in with the token its node issued and shares as QAT', async () => {
    const { page } = node;
    const env = { TAHALUF_MODE: 'national', TAHALUF_MEMBER: 'QAT', TAHALUF_DATA_DIR: node.dataDir };
    const created = runCli(['token', 'create', '--user', 'analyst', '--member', 'QAT'], env);
    expect(created.status, created.stderr).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1)!;

    await page.goto(`${node.url}/#/intel`);
    await expect
      .poll(() => pickerOptions(page))
      .toEqual(['Public (no member)', 'Sign in with a token…']);

    await chooseMember(page, '__token__');
    await page.fill('[data-testid="token-input"]', 'thf_not.a-token');
    await page.click('[data-testid="token-submit"]');
    await expect
      .poll(() => page.locator('.picker-error').textContent())
      .toContain('The API token is unknown, malformed, expired or revoked.');

    await page.fill('[data-testid="token-input"]', token);
    await page.click('[data-testid="token-submit"]');
    await expect.poll(() => actingMember(page)).toBe('QAT');
    await page.waitForSelector('[data-testid="intel-share-submit"]');
    await page.fill('[data-testid="intel-share-name"]', 'Shared from the national node');
    await page.click('[data-testid="intel-share-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="intel-share-message"]').getAttribute('data-id'))
      .toMatch(/^report--/);
    expect(await page.locator('[data-testid="intel-share-message"]').textContent()).toContain(
      'Shared “Shared from the national node”',
    );
    await expect
      .poll(() => page.locator('[data-testid="intel-feed"]').textContent())
      .toContain('Shared from the national node');
    await node.screenshot('national-node-signed-in');

    // The act is signed by QAT's key, the only one this node holds.
    const acts = await node.api<{ acts: { actor: string; type: string }[] }>(
      '/api/record?type=intel.shared&view=own',
      { token },
    );
    expect(acts.status).toBe(200);
    expect(acts.body.acts.map((a) => a.actor)).toEqual(['QAT']);
  }, 120_000); // the CLI (a process through tsx) takes 10-20 s on a loaded machine
});
