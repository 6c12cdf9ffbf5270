import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

describe('#13.6 phone layout (390×844)', () => {
  const node = useBrowserNode({ viewport: { width: 390, height: 844 } });

  it('no view scrolls sideways, public and as a member', { timeout: 240_000 }, async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/map`);
    // The tabs render after the console's first fetches: read them once they are there (under load
    // the list was read before and came back empty).
    await page.locator('nav.tabs a').nth(5).waitFor();
    const hrefs = await page
      .locator('nav.tabs a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(5);
    const wide: string[] = [];
    for (const member of [null, 'QAT']) {
      await node.actAs(member);
      for (const href of hrefs) {
        await page.goto(`${node.url}/${href}`);
        await page.locator('main').waitFor();
        await expect.poll(() => page.locator('main').textContent()).not.toBe('');
        await page.waitForTimeout(1500); // let the view's data and map arrive
        const { scroll, inner } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
        }));
        if (scroll > inner) wide.push(`${href} as ${member ?? 'public'}: ${scroll} > ${inner}`);
        await node.screenshot(`phone${href.replace(/[#/]+/g, '-')}-${member ?? 'public'}`);
      }
    }
    expect(wide).toEqual([]);
  });
});
