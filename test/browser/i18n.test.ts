import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, STARTUP_TIMEOUT_MS, type BrowserNode } from './harness.js';

const docAttrs = (node: BrowserNode) =>
  node.page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    title: document.title,
  }));

describe('an Arabic browser', () => {
  let node: BrowserNode;
  beforeAll(async () => {
    node = await startNode({ locale: 'ar-QA' });
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => node?.close());

  it('opens the console in Arabic, right to left, and the choice of English is remembered', async () => {
    const { page, url } = node;
    await page.goto(`${url}/#/map`);
    await page.locator('[data-testid="tab-map"]').waitFor();
    expect(await docAttrs(node)).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(await page.locator('[data-testid="tab-map"]').textContent()).toBe('الخريطة');
    expect(await page.locator('[data-testid="tab-warning"]').textContent()).toBe('الإنذار المبكر');
    expect((await docAttrs(node)).title).toContain('الخريطة');
    // The tabs run right to left: the first tab is to the right of the second.
    const first = await page.locator('nav.tabs a').nth(0).boundingBox();
    const second = await page.locator('nav.tabs a').nth(1).boundingBox();
    expect(first!.x).toBeGreaterThan(second!.x);

    await page.locator('[data-testid="locale-switch"]').click();
    expect(await docAttrs(node)).toMatchObject({ lang: 'en', dir: 'ltr' });
    expect(await page.locator('[data-testid="tab-map"]').textContent()).toBe('Map');
    await page.reload();
    await page.locator('[data-testid="tab-map"]').waitFor();
    expect(await docAttrs(node)).toMatchObject({ lang: 'en', dir: 'ltr' });
    expect(await page.evaluate(() => localStorage.getItem('tahaluf.locale'))).toBe('en');

    await page.locator('[data-testid="locale-switch"]').click();
    expect(await docAttrs(node)).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(node.pageErrors).toEqual([]);
  });
});

describe('an English browser', () => {
  let node: BrowserNode;
  beforeAll(async () => {
    node = await startNode({ locale: 'en-GB' });
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => node?.close());

  it('opens in English, left to right, and switches to Arabic on request', async () => {
    const { page, url } = node;
    await page.goto(`${url}/#/nowhere`);
    await page.locator('[data-testid="tab-map"]').waitFor();
    expect(await docAttrs(node)).toMatchObject({ lang: 'en', dir: 'ltr' });
    expect(await page.locator('main').textContent()).toContain('No view is called “nowhere”');
    await page.locator('[data-testid="locale-switch"]').click();
    expect(await docAttrs(node)).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(await page.locator('main').textContent()).toContain('لا يوجد قسم باسم «nowhere»');
    expect(await page.locator('footer').textContent()).toContain('كل معلومة مُدرجة مقرونة بمصدرها');
    expect(node.pageErrors).toEqual([]);
  });
});
