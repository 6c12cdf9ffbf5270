import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { actingMember, sessionOf, useBrowserNode } from './harness.js';

/** Types into the focused field one key at a time, calling `each` after every key. */
async function typeSlowly(page: Page, text: string, each: () => Promise<void>): Promise<void> {
  for (const ch of text) {
    await page.keyboard.type(ch);
    await page.waitForTimeout(60);
    await each();
  }
}

const hashDate = (page: Page) => /(\d{4}-\d{2}-\d{2})/.exec(new URL(page.url()).hash)?.[1] ?? '';

/** The date in the address once the typed date has been applied (it is, after a short pause). */
async function waitForHashDate(page: Page): Promise<string> {
  await expect.poll(() => hashDate(page)).toBe('2025-09-09');
  return hashDate(page);
}

describe('#13.1 typing a date (regression)', () => {
  const node = useBrowserNode();

  it('Obligations: 09092025 typed digit by digit is applied whole; no rewrite, no error while typing', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/QAT/2024-01-01`);
    await expect
      .poll(() => page.locator('[data-testid="bound-count"]').textContent())
      .toMatch(/states bound/);
    const field = page.locator('[data-testid="obligations-date"]');
    await field.focus(); // the month part
    const seen: string[] = [];
    const errors: number[] = [];
    await typeSlowly(page, '09092025', async () => {
      seen.push(hashDate(page));
      errors.push(await page.locator('[data-testid="obligations-errors"], .field-problem').count());
    });
    // The answer never moved to a half-typed year (0002, 0020, 0202 …): only to real dates, at a pause.
    expect(seen.every((d) => d >= '1815-01-01')).toBe(true);
    expect(await waitForHashDate(page)).toBe('2025-09-09');
    expect(errors.every((n) => n === 0)).toBe(true);
    expect(await field.inputValue()).toBe('2025-09-09');
    await expect
      .poll(() => page.locator('[data-testid="obligations-headline"]').textContent())
      .toContain('2025-09-09');
    await expect
      .poll(() => page.locator('[data-testid="obligations-map"] path[data-bound]').count())
      .toBeGreaterThan(1);
    await node.screenshot('typing-obligations-date');
  });

  it('Obligations: an unfinished date is explained when the user leaves the field, and not applied', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/QAT/2024-01-01`);
    const field = page.locator('[data-testid="obligations-date"]');
    await field.waitFor();
    await field.focus();
    await page.keyboard.press('Delete'); // clear the month
    await page.keyboard.press('Tab'); // leave the field (the rest of the page)
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('.field-problem').textContent()).toContain('full date');
    expect(hashDate(page)).toBe('2024-01-01');
  });

  it('Map: 09092025 typed into "Members on" shades the members on that day, without emptying on the way', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/map/gcc/2024-01-01`);
    const shaded = page.locator('[data-testid="region-map"] path[data-member="1"]');
    await expect.poll(() => shaded.count()).toBe(6);
    const field = page.locator('[data-testid="date-input"]');
    await field.focus();
    const seen: string[] = [];
    const counts: number[] = [];
    await typeSlowly(page, '09092025', async () => {
      seen.push(hashDate(page));
      counts.push(await shaded.count());
    });
    expect(seen.every((d) => d >= '1815-01-01')).toBe(true);
    expect(await waitForHashDate(page)).toBe('2025-09-09');
    expect(await page.locator('.field-problem').count()).toBe(0);
    expect(await field.inputValue()).toBe('2025-09-09');
    await expect.poll(() => shaded.count()).toBe(6);
    await expect
      .poll(() => page.locator('[data-testid="member-count"]').textContent())
      .toBe('6 on 2025-09-09');
    expect(counts.every((n) => n > 0)).toBe(true); // the map never emptied on the way
  });
});

describe('#13.2 the "Acting as" picker never signs in on a keystroke (regression)', () => {
  const node = useBrowserNode();
  const storedMember = async (page: Page) => (await sessionOf(page)).member;

  /** Types into the picker; after every key the session is still `before` (nothing chosen yet). */
  const sessionCookie = async (page: Page) =>
    (await page.context().cookies()).find((c) => c.name === 'tahaluf_session')?.value ?? null;

  async function typeIntoPicker(page: Page, text: string, before: string | null = null) {
    const picker = page.locator('[data-testid="member-select"]');
    await picker.focus();
    expect(await storedMember(page)).toBe(before);
    const cookie = await sessionCookie(page);
    await typeSlowly(page, text, async () => {
      // No keystroke signs in: the session cookie stays what it was.
      expect(await sessionCookie(page)).toBe(cookie);
      expect(await picker.getAttribute('aria-expanded')).toBe('true');
    });
  }

  it('typing "Kuwait" then Enter acts as Kuwait; "United Arab" then Enter as the UAE', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/map`);
    const picker = page.locator('[data-testid="member-select"]');
    expect(await picker.getAttribute('role')).toBe('combobox');
    expect(await picker.getAttribute('aria-autocomplete')).toBe('list');
    const listId = await picker.getAttribute('aria-controls');
    expect(await page.locator(`#${listId}`).getAttribute('role')).toBe('listbox');

    await typeIntoPicker(page, 'Kuwait');
    const activeId = await picker.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${activeId}"]`).textContent()).toBe('Kuwait (KWT)');
    await page.keyboard.press('Enter');
    await expect.poll(() => actingMember(page)).toBe('KWT');
    expect(await storedMember(page)).toBe('KWT');

    await page.locator('[data-testid="tab-map"]').focus();
    await typeIntoPicker(page, 'United Arab', 'KWT');
    await page.keyboard.press('Enter');
    await expect.poll(() => actingMember(page)).toBe('ARE');
    expect(await storedMember(page)).toBe('ARE');
  });

  it('arrows move the highlight, Escape or leaving the field chooses nothing', async () => {
    const { page } = node;
    await node.actAs(null);
    await page.goto(`${node.url}/#/map`);
    const picker = page.locator('[data-testid="member-select"]');
    await typeIntoPicker(page, 'Sa');
    await page.keyboard.press('ArrowDown');
    const activeId = await picker.getAttribute('aria-activedescendant');
    const second = await page.locator(`[id="${activeId}"]`).textContent();
    expect(second).not.toBe('');
    await page.keyboard.press('Escape');
    expect(await picker.getAttribute('aria-expanded')).toBe('false');
    expect(await storedMember(page)).toBeNull();
    expect(await picker.inputValue()).toBe('Public (no member)');

    await typeIntoPicker(page, 'Oman');
    await page.locator('[data-testid="tab-council"]').click(); // leaves the field
    expect(await storedMember(page)).toBeNull();
    expect(await actingMember(page)).toBe('');

    // A click on an option is a choice.
    await page.goto(`${node.url}/#/map`);
    await picker.click();
    await picker.fill('Oman');
    await page.locator('[data-testid="member-select-option-OMN"]').click();
    await expect.poll(() => actingMember(page)).toBe('OMN');
  });
});

describe('#13.2 the picker on a phone', () => {
  const node = useBrowserNode({ viewport: { width: 390, height: 844 } });

  it('opens inside the screen, not cut off', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/map`);
    const picker = page.locator('[data-testid="member-select"]');
    await picker.click();
    const list = page.locator('[role="listbox"]');
    await list.locator('[role="option"]').nth(3).waitFor();
    const box = (await list.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const field = (await picker.boundingBox())!;
    expect(field.x).toBeGreaterThanOrEqual(0);
    expect(field.x + field.width).toBeLessThanOrEqual(390);
    await node.screenshot('picker-phone');
  });
});
