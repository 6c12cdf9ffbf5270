import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

/** #13.10 terse answers: why nobody is bound, names instead of codes, labels, success in words. */
describe('#13.10 answers in words (English, 1440x900)', () => {
  const node = useBrowserNode({ locale: 'en-GB' });

  it('Qatar on 1960-01-01: says it was not yet a party and lists what it joined later (regression)', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/QAT/1960-01-01`);
    const count = page.locator('[data-testid="bound-count"]');
    await expect
      .poll(() => count.textContent())
      .toBe('No state bound: Qatar was not yet a party on 1960-01-01');
    const why = page.locator('[data-testid="obligations-why"]');
    expect(await why.getAttribute('data-kind')).toBe('not_yet_party');
    expect(await why.textContent()).toContain(
      'Qatar was not yet a party to any treaty or alliance in force on 1960-01-01, so no state was bound by a treaty to defend it then.',
    );
    const later = page.locator('[data-testid="obligations-joined-later"] li');
    await expect.poll(() => later.count()).toBeGreaterThan(3);
    expect(await later.first().getAttribute('data-alliance')).toBe('arab-league');
    expect(await later.first().textContent()).toContain('League of Arab States, from 1971-09-11');
    const gcc = page.locator('[data-testid="obligations-joined-later"] li[data-alliance="gcc"]');
    expect(await gcc.textContent()).toContain('from 1981-05-25');
    // Each is a link to the answer on the day it joined.
    await gcc.locator('a').click();
    await expect
      .poll(() => page.evaluate(() => location.hash))
      .toBe('#/obligations/QAT/1981-05-25');
    await expect.poll(() => count.textContent()).not.toContain('not yet a party');
    expect(node.pageErrors).toEqual([]);
  });

  it('council offices name states, not codes; the open form has labels, not placeholders', async () => {
    const { page } = node;
    await node.actAs('SAU');
    await page.goto(`${node.url}/#/council`);
    await page.selectOption('[data-testid="council-charter"]', 'arab-league');
    const holder = page.locator('[data-testid="council-offices"] td[data-member="MAR"]').first();
    await expect.poll(() => holder.textContent()).toBe('Morocco');
    // The form's fields are reached by their labels.
    await expect.poll(() => page.getByLabel('Title', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel(/^Matter/).count()).toBe(1);
    expect(await page.locator('[data-testid="council-agenda"] input[placeholder]').count()).toBe(0);
    expect(node.pageErrors).toEqual([]);
  });
});

describe('#13.10 answers in words (Arabic, 390x844)', () => {
  const node = useBrowserNode({ locale: 'ar', viewport: { width: 390, height: 844 } });

  it('Qatar on 1960-01-01 in Arabic: the reason and the later alliances by their Arabic names', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/QAT/1960-01-01`);
    const count = page.locator('[data-testid="bound-count"]');
    await expect.poll(() => count.textContent()).toContain('لا دولة ملزمة: لم تكن قطر طرفًا بعد');
    const why = page.locator('[data-testid="obligations-why"]');
    expect(await why.textContent()).toContain('لم تكن قطر');
    const first = page.locator('[data-testid="obligations-joined-later"] li').first();
    await expect.poll(() => first.textContent()).toContain('جامعة الدول العربية');
    // Dates in the reader's locale (the month's Arabic name; digits as the browser's Intl gives them), not ISO.
    expect(await first.textContent()).toMatch(/سبتمبر (1971|١٩٧١)/);
    // No sideways scroll on a phone.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    await node.screenshot('answers-qatar-1960-ar-phone');
    expect(node.pageErrors).toEqual([]);
  });
});
