import { describe, expect, it } from 'vitest';
import { actingMember, chooseMember, useBrowserNode } from './harness.js';

describe('console intelligence', () => {
  const node = useBrowserNode();

  it('a new user: the volume chart says why it is empty and how intelligence arrives; the default label reads REL TO GCC, not the raw id', async () => {
    const { page } = node;
    // A fresh node holds no intelligence: no empty axes, but what is missing and how it comes.
    await page.goto(`${node.url}/#/intel`);
    await node.actAs('QAT');
    const empty = page.locator('[data-testid="intel-volume-empty"]');
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(
      /^Nothing you may see was shared from .+ to .+: there is nothing to draw yet\.Intelligence arrives when members share it: a report from “Share a report” below, STIX 2\.1 objects posted to this node’s TAXII collections/,
    );
    expect(await page.locator('[data-testid="intel-volume-chart-svg"]').count()).toBe(0);
    await node.screenshot('intel-volume-empty');

    // SAU posts an indicator without a label over TAXII: the node gives it the default, REL TO the collection's community.
    const sau = await node.api<{ token: string }>('/api/auth/demo-login', {
      body: { member: 'SAU' },
    });
    const now = new Date().toISOString();
    const posted = await fetch(`${node.url}/taxii2/api1/collections/gcc/objects/`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sau.body.token}`,
        accept: 'application/taxii+json;version=2.1',
        'content-type': 'application/taxii+json;version=2.1',
      },
      body: JSON.stringify({
        objects: [
          {
            type: 'indicator',
            spec_version: '2.1',
            id: `indicator--${crypto.randomUUID()}`,
            created: now,
            modified: now,
            name: 'Unlabelled C2 host',
            pattern: "[ipv4-addr:value = '198.51.100.7']",
            pattern_type: 'stix',
            valid_from: now,
          },
        ],
      }),
    });
    expect((await posted.json()).success_count).toBe(1);
    const feed = await node.api<{ items: { label: string }[] }>('/api/intel/feed', {
      token: sau.body.token,
    });
    expect(feed.body.items[0].label).toBe('RESTRICTED REL TO gcc (orig. SAU)');

    await page.click('[data-testid="intel-refresh"]');
    const row = page.locator('[data-testid="intel-feed-row"]', { hasText: 'Unlabelled C2 host' });
    await row.waitFor();
    const mark = row.locator('.label-mark');
    expect(await mark.textContent()).toBe('RESTRICTED REL TO GCC (orig. SAU)');
    expect(await mark.getAttribute('title')).toBe(
      'Releasable to Cooperation Council for the Arab States of the Gulf (originator: Saudi Arabia)',
    );
    expect(await row.locator('td').nth(4).textContent()).toBe('GCC');
    // The chart now has something to draw.
    await page.locator('[data-testid="intel-volume-chart-bar"]').first().waitFor();
    expect(await empty.count()).toBe(0);
    await node.screenshot('intel-default-label');

    // In Arabic: the marking keeps its Latin form, its meaning is said in Arabic.
    await page.click('[data-testid="locale-switch"]');
    await expect.poll(() => mark.getAttribute('title')).toMatch(/^يُفرَج عنه لـ/);
    expect(await mark.textContent()).toBe('RESTRICTED REL TO GCC (orig. SAU)');
    await page.click('[data-testid="locale-switch"]');
  });

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
