import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowserNode } from './harness.js';

/** Drives the page with the keyboard only and counts every key pressed (#13.7). */
class Keys {
  presses = 0;
  constructor(private page: Page) {}
  async press(key: string) {
    this.presses++;
    await this.page.keyboard.press(key);
  }
  /** Types text (each character is a key press). */
  async type(text: string) {
    this.presses += text.length;
    await this.page.keyboard.type(text);
  }
  /** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
  async tabTo(selector: string, max = 40) {
    for (let i = 0; i < max; i++) {
      await this.press('Tab');
      if (await this.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector))
        return;
    }
    const at = await this.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    throw new Error(`${selector} not reached in ${max} Tab presses (focus on ${at})`);
  }
}

const focused = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe('console from the keyboard only (#13.7)', () => {
  const node = useBrowserNode();

  it('opens feed rows with Enter, then shares a report under a label, without the mouse', async () => {
    const { page } = node;
    // Two reports in the feed to move between.
    const sau = await node.api<{ token: string }>('/api/auth/demo-login', {
      body: { member: 'SAU' },
    });
    for (const name of ['Keyboard feed report one', 'Keyboard feed report two']) {
      const shared = await node.api('/api/intel/share', {
        token: sau.body.token,
        body: {
          collection: 'gcc',
          name,
          classification: 'RESTRICTED',
          releasableTo: [],
          tlp: 'amber',
        },
      });
      expect(shared.status).toBeLessThan(300);
    }
    await node.actAs('SAU');
    await page.goto(`${node.url}/#/intel`);
    await page.waitForSelector('[data-testid="intel-feed-row"]');
    await expect
      .poll(() => page.locator('[data-testid="intel-share-collection"] option').count())
      .toBeGreaterThan(0);
    const keys = new Keys(page);

    // The first Tab reaches "Skip to content", which jumps past the header and the tabs.
    await keys.press('Tab');
    expect(await focused(page)).toBe('skip-to-content');
    expect(await page.locator('[data-testid="skip-to-content"]').isVisible()).toBe(true);
    await keys.press('Enter');

    // The feed is one Tab stop; arrows move between rows, Enter opens one; the focus ring shows.
    await keys.tabTo('[data-testid="intel-feed-row"]');
    const rows = page.locator('[data-testid="intel-feed-row"]');
    expect(await rows.count()).toBeGreaterThan(1);
    await keys.press('ArrowDown');
    expect(
      await page.evaluate(
        () =>
          document.activeElement === document.querySelectorAll('[data-testid="intel-feed-row"]')[1],
      ),
    ).toBe(true);
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement!).outlineStyle,
    );
    expect(outline).toBe('solid');
    const secondName = (await rows.nth(1).locator('td').nth(2).textContent()) ?? '';
    await keys.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="intel-object"] h2').textContent())
      .toContain(secondName);
    expect(await rows.nth(1).getAttribute('aria-current')).toBe('true');
    // Only one row is in the tab order: the one last focused.
    expect(
      await rows.evaluateAll((rs) => rs.filter((r) => (r as HTMLElement).tabIndex === 0).length),
    ).toBe(1);
    const opening = keys.presses;

    // Share: collection, title, classification, find a community, tick it, Share.
    const title = `Keyboard-only report ${Date.now()}`;
    const start = keys.presses;
    await keys.tabTo('[data-testid="intel-share-collection"]');
    await keys.type('GCC');
    expect(await page.locator('[data-testid="intel-share-collection"]').inputValue()).toBe('gcc');
    await keys.tabTo('[data-testid="intel-share-name"]');
    await keys.type(title);
    const typedTitle = title.length;
    await keys.tabTo('[data-testid="intel-share-classification"]');
    await keys.type('C');
    expect(await page.locator('[data-testid="intel-share-classification"]').inputValue()).toBe(
      'CONFIDENTIAL',
    );
    await keys.tabTo('[data-testid="intel-share-rel-filter"]');
    await keys.type('Qatar');
    await keys.tabTo('[data-testid="intel-share-rel-QAT"]');
    await keys.press('Space');
    expect(await page.locator('[data-testid="intel-share-rel-QAT"]').isChecked()).toBe(true);
    await expect
      .poll(() => page.locator('[data-testid="intel-share-reach"]').textContent())
      .toBe('2 members: Qatar, Saudi Arabia');
    await keys.tabTo('[data-testid="intel-share-submit"]');
    await keys.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="intel-share-message"]').textContent())
      .toMatch(/^Shared /);
    const sharing = keys.presses - start;
    // Issue #13 counted 104 key presses to share; the title itself is typed once.
    console.log(
      `keyboard: opening a feed row ${opening} presses; sharing ${sharing} presses (${typedTitle} of them the title, ${sharing - typedTitle} to reach and operate the controls)`,
    );
    expect(sharing - typedTitle).toBeLessThanOrEqual(30);

    const feed = await node.api<{ items: { name: string; label: string }[] }>('/api/intel/feed', {
      token: (
        await node.api<{ token: string }>('/api/auth/demo-login', { body: { member: 'QAT' } })
      ).body.token,
    });
    expect(feed.body.items.find((i) => i.name === title)?.label).toContain(
      'CONFIDENTIAL REL TO QAT',
    );
    expect(node.pageErrors).toEqual([]);
  }, 180_000);

  it('opens a council procedure and casts a vote, without the mouse', async () => {
    const { page } = node;
    const qat = await node.api<{ token: string }>('/api/auth/demo-login', {
      body: { member: 'QAT' },
    });
    const opened = await node.api<{ id: string }>('/api/council/procedures', {
      token: qat.body.token,
      body: {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'statement',
        title: 'Keyboard-only statement',
        matter: 'keyboard-test',
        deadline: null,
      },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    await node.actAs('SAU');
    await page.goto(`${node.url}/#/council`);
    await page.waitForSelector(`[data-testid="council-item-${id}"]`);
    const keys = new Keys(page);
    await keys.press('Tab');
    await keys.press('Enter');
    await keys.tabTo(`[data-testid="council-item-${id}"]`);
    await keys.press('Enter');
    await page.waitForSelector('[data-testid="council-vote-yes"]');
    await keys.tabTo('[data-testid="council-vote-yes"]');
    await keys.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="council-tally-yes"]').textContent())
      .toBe('1');
    console.log(`keyboard: council vote ${keys.presses} presses`);
    expect(keys.presses).toBeLessThanOrEqual(30);
    const proc = await node.api<{ votes: { member: string; choice: string }[] }>(
      `/api/council/procedures/${id}`,
    );
    expect(proc.body.votes).toEqual([expect.objectContaining({ member: 'SAU', choice: 'yes' })]);
    expect(node.pageErrors).toEqual([]);
  }, 180_000);
});
