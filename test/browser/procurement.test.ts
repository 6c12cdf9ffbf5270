import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

interface Proposal {
  id: string;
  closed: number;
  gaps: number;
  optimumClosed: number | null;
  changes: { member: string; units: number }[];
  commitments: { member: string }[];
  status: string;
}

describe('console procurement', () => {
  const node = useBrowserNode();

  it('shows the proposal over the pledged units, records it as EGY, and a changing member commits', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/procurement`);
    await node.actAs('EGY');
    await page.selectOption('[data-testid="procurement-alliance"]', 'joint-arab-force');
    await page.fill('[data-testid="procurement-budget"]', '4');
    // The console shows what the API computes: gaps closed of all gaps, changes, who gains.
    const api = await node.api<Proposal>(
      '/api/procurement/proposal?alliance=joint-arab-force&budget=4',
    );
    await expect
      .poll(() => page.locator('[data-testid="procurement-closed"]').first().textContent())
      .toContain(`Data gaps closed: ${api.body.closed} of ${api.body.gaps}`);
    expect(
      await page.locator('[data-testid="procurement-changes"]').first().textContent(),
    ).toContain(`${api.body.changes[0].member} ${api.body.changes[0].units} unit(s)`);
    await page.click('[data-testid="procurement-record"]');
    await page.waitForSelector('[data-testid^="procurement-status-"]');
    const [recorded] = (
      await node.api<Proposal[]>('/api/procurement/proposals?alliance=joint-arab-force')
    ).body;
    expect(recorded.status).toBe('open');

    const who = recorded.changes[0].member;
    await node.actAs(who);
    await page.goto(`${node.url}/#/procurement`);
    await page.click(`[data-testid="procurement-commit-${recorded.id}"]`);
    await expect
      .poll(() =>
        page.locator(`[data-testid="procurement-commitments-${recorded.id}"]`).textContent(),
      )
      .toContain(`${who} (`);
    // Both steps are signed acts of the members that took them.
    const acts = await node.api<{ acts: { actor: string; type: string }[] }>(
      `/api/record?subject=${recorded.id}`,
    );
    expect(acts.body.acts.map((a) => `${a.actor} ${a.type}`).sort()).toEqual(
      [`EGY procurement.proposed`, `${who} procurement.committed`].sort(),
    );
    await node.screenshot('console-procurement');
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
