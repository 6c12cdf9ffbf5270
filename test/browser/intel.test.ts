import { describe, expect, it } from 'vitest';
import { actingMember, chooseMember, useBrowserNode } from './harness.js';

describe('console intelligence', () => {
  const node = useBrowserNode();

  it('a report shared by SAU REL TO QAT appears for QAT and not for OMN', async () => {
    const { page } = node;
    const title = `Browser-test report ${Date.now()}`;
    await page.goto(`${node.url}/#/intel`);
    await node.actAs('SAU');
    await page.waitForSelector('[data-testid="intel-share-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="intel-share-collection"] option').count())
      .toBeGreaterThan(0);
    await page.selectOption('[data-testid="intel-share-collection"]', 'gcc');
    await page.fill('[data-testid="intel-share-name"]', title);
    await page.selectOption('[data-testid="intel-share-classification"]', 'CONFIDENTIAL');
    await page.check('[data-testid="intel-share-rel-QAT"]');
    // The preview (map and list) names who the label reaches today in this collection: QAT and the originator.
    await expect
      .poll(() => page.locator('[data-testid="intel-share-reach"]').textContent())
      .toBe('2 members: Qatar, Saudi Arabia');
    await expect
      .poll(() =>
        page
          .locator('[data-testid="intel-share-map"] path.shaded')
          .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-iso3')).sort()),
      )
      .toEqual(['QAT', 'SAU']);
    await page.click('[data-testid="intel-share-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="intel-share-message"]').getAttribute('data-id'))
      .toMatch(/^report--/);
    // Said in words (#13.10): the title and who receives it, not the raw id.
    expect(await page.locator('[data-testid="intel-share-message"]').textContent()).toMatch(
      /^Shared “.+” \(TLP:[A-Z+]+\); 2 members receive it today: Qatar and Saudi Arabia\. Signed in the record\./,
    );
    await expect
      .poll(() => page.locator('[data-testid="intel-feed"]').textContent())
      .toContain(title);
    await node.screenshot('intel-shared-by-sau');

    // Switch member the way a user does, with the header's picker (no reload): the view must refetch as QAT.
    await chooseMember(page, 'QAT');
    await page.waitForSelector('[data-testid="intel-feed-row"]');
    await expect
      .poll(() => page.locator('[data-testid="intel-feed"]').textContent())
      .toContain(title);
    expect(await page.locator('[data-testid="intel-feed"]').textContent()).toContain(
      'CONFIDENTIAL REL TO QAT',
    );
    await page.locator('[data-testid="intel-feed-row"]', { hasText: title }).click();
    await page.waitForSelector('[data-testid="intel-graph"] circle');
    await node.screenshot('intel-seen-by-qat');

    await chooseMember(page, 'OMN');
    await expect.poll(() => actingMember(page)).toBe('OMN');
    await page.waitForSelector('[data-testid="intel-feed"]');
    await expect.poll(() => page.locator('[data-testid="intel-feed"] table').count()).toBe(1);
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid="intel-feed"]').textContent()).not.toContain(title);
    await node.screenshot('intel-not-seen-by-omn');
  });
});
