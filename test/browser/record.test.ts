import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

describe('console record (#13.8)', () => {
  const node = useBrowserNode();

  it('verifies the record, the transparency log and the replays from the console, per chain and log', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/record`);
    // Public: the button asks to sign in first (the API refuses the public).
    await page.waitForSelector('[data-testid="record-verify-button"]');
    expect(await page.locator('[data-testid="record-verify-button"]').isDisabled()).toBe(true);
    expect((await node.api('/api/record/verify', { body: {} })).status).toBe(401);

    await node.actAs('QAT');
    await page.locator('[data-testid="record-verify-button"]').click();
    await expect
      .poll(() => page.locator('[data-testid="record-verify-summary"]').textContent(), {
        timeout: 60_000,
      })
      .toMatch(/^Verified: [\d,]+ acts, every check passed/);
    const lines = page.locator('[data-testid="record-verify-lines"] tbody tr');
    const areas = await lines.evaluateAll((rs) =>
      rs.map((r) => `${r.getAttribute('data-area')}:${r.getAttribute('data-result')}`),
    );
    expect(areas).toContain('record:ok');
    expect(areas.some((a) => a.startsWith('transparency:'))).toBe(true);
    expect(areas.some((a) => a.startsWith('council:'))).toBe(true);
    expect(areas.every((a) => !a.endsWith(':failed'))).toBe(true);
    expect(await lines.first().textContent()).toContain('Record hash chain and signatures');
    await node.screenshot('record-verified');
    expect(node.pageErrors).toEqual([]);
  });

  it('lists acts newest first and opens one with Enter', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/record`);
    await page.waitForSelector('[data-testid="record-row"]');
    const seqs = await page
      .locator('[data-testid="record-row"]')
      .evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-seq'))));
    expect(seqs.length).toBeGreaterThan(1);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const head = await node.api<{ total: number }>('/api/record?limit=1');
    expect(seqs[0]).toBe(head.body.total);
    const first = page.locator('[data-testid="record-row"]').first();
    await first.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.act-detail');
    expect(await first.getAttribute('aria-current')).toBe('true');
  });
});
