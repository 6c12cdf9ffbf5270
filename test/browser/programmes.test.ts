import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

describe('console programmes', () => {
  const node = useBrowserNode();

  it('from proposal to a completed milestone: propose as QAT, join and contribute as SAU, complete as QAT, export the roadmap', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/programmes`);
    await node.actAs('QAT');
    await page.selectOption('[data-testid="programmes-alliance"]', 'gcc');
    await page.fill(
      '[data-testid="programme-title"]',
      'Common standard for data links (browser test)',
    );
    await page.selectOption('[data-testid="programme-area"]', 'data-links');
    await page.fill(
      '[data-testid="programme-objective"]',
      'Every participating air force on one data link',
    );
    await page.fill('[data-testid="programme-ms-title"]', 'Gateway trial between two air forces');
    await page.fill('[data-testid="programme-ms-due"]', '2027-06-30');
    await page.click('[data-testid="programme-propose-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="programme-status"]').textContent())
      .toContain('proposed');
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    expect(id).toMatch(/^prog_/);

    await node.actAs('SAU');
    await page.goto(`${node.url}/#/programmes/${id}`);
    await page.click('[data-testid="programme-join"]');
    await expect
      .poll(() => page.locator('[data-testid="programme-participants"]').textContent())
      .toBe('Participants: Qatar and Saudi Arabia');
    await page.selectOption('[data-testid="contribution-kind"]', 'equipment');
    await page.fill('[data-testid="contribution-amount"]', '2');
    await page.fill('[data-testid="contribution-description"]', 'Link gateways for the trial');
    await page.click('[data-testid="contribution-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="programme-contributions"]').textContent())
      .toContain('Saudi Arabia: 2 items (equipment) — Link gateways for the trial');

    await node.actAs('QAT');
    await page.goto(`${node.url}/#/programmes/${id}`);
    await page.fill('[data-testid="milestone-evidence"]', 'Trial report circulated');
    await page.locator('[data-testid^="milestone-complete-"]').click();
    await expect
      .poll(() => page.locator('[data-testid^="milestone-status-"]').textContent())
      .toMatch(/^completed \d{4}-\d{2}-\d{2}$/);
    const history = await page.locator('[data-testid="programme-history"]').textContent();
    expect(history).toContain('Saudi Arabia: SAU joined');
    expect(history).toContain('completed by QAT');

    // Every step is a signed act of the member that took it.
    const acts = await node.api<{ acts: { actor: string; type: string }[] }>(
      `/api/record?subject=${id}`,
    );
    expect(acts.body.acts.map((a) => `${a.actor} ${a.type}`)).toEqual([
      'QAT programmes.proposed',
      'SAU programmes.joined',
      'SAU programmes.contribution.committed',
      'QAT programmes.milestone.completed',
    ]);

    // The roadmap shows QAT's milestone; the CSV export link serves the same row.
    await page.fill('[data-testid="roadmap-member"]', 'QAT');
    await expect
      .poll(() => page.locator('[data-testid="programmes-roadmap"]').textContent())
      .toContain('Gateway trial between two air forces');
    const href = await page.locator('[data-testid="roadmap-csv"]').getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv).toContain('QAT,2027-06-30,completed');
    // The same rows as an iCalendar file, and the programme as a bar on QAT's timeline.
    const icsHref = await page.locator('[data-testid="roadmap-ics"]').getAttribute('href');
    const ics = await page.evaluate(async (u) => (await fetch(u!)).text(), icsHref);
    expect(ics.replace(/\r\n /g, '')).toContain(
      'SUMMARY:QAT: Gateway trial between two air forces (Common standard for data links (browser test))',
    );
    expect(await page.locator(`[data-testid="roadmap-programme-QAT-${id}"]`).count()).toBe(1);
    // Seeded programmes say they are illustrative, and what they rest on.
    const seeded = (
      await node.api<{ id: string; illustrative: boolean; title: string }[]>(
        '/api/programmes?alliance=gcc',
      )
    ).body.find((p) => p.illustrative)!;
    await page.goto(`${node.url}/#/programmes/${seeded.id}`);
    await expect
      .poll(() => page.locator('[data-testid="programme-illustrative"]').textContent())
      .toMatch(/^Illustrative: .* Sources: /);
    await node.screenshot('console-programmes');
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 120_000);
});
