import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

/** #13.9: Arabic readers choose Arabic-Indic (٠١٢) or Latin (012) digits for numbers and dates; remembered. */
describe('Arabic digits (Arabic, 1440x900)', () => {
  const node = useBrowserNode({ locale: 'ar' });

  const mainText = () => node.page.locator('main').innerText();
  const ARABIC_INDIC = /[٠-٩]/;
  const LATIN = /[0-9]/;

  it('switches numbers and dates to Arabic-Indic digits, remembers it, and English keeps Latin', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/map/gcc/2025-09-09`);
    await page.evaluate(() => localStorage.removeItem('tahaluf.digits'));
    await page.reload();
    const toggle = page.locator('[data-testid="digits-switch"]');
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await page.locator('[data-testid="alliance-detail"], main h2').first().waitFor();
    await expect.poll(mainText).toMatch(LATIN);
    expect(await mainText()).not.toMatch(ARABIC_INDIC);

    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(mainText).toMatch(ARABIC_INDIC);
    // The date of the answer (9 Sep 2025) and its counts in Arabic-Indic digits.
    expect(await mainText()).toContain('٢٠٢٥');
    expect(await page.evaluate(() => localStorage.getItem('tahaluf.digits'))).toBe('arab');

    await page.reload();
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(mainText).toContain('٢٠٢٥');

    // English has no such choice and writes Latin digits whatever was chosen for Arabic.
    await page.click('[data-testid="locale-switch"]');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await toggle.count()).toBe(0);
    await expect.poll(mainText).toMatch(LATIN);
    expect(await mainText()).not.toMatch(ARABIC_INDIC);
    await page.click('[data-testid="locale-switch"]');
    await expect.poll(mainText).toContain('٢٠٢٥');
  });
});
