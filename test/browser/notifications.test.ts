import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { useBrowserNode, type BrowserNode } from './harness.js';

/**
 * #13.11 notifications (server-sent events): a vote due for the reader's member, intelligence newly visible
 * to it, an Alert for it during a warning exercise; never an object the reader may not see.
 */

const tokenOf = async (node: BrowserNode, member: string) =>
  (await node.api<{ token: string }>('/api/auth/demo-login', { body: { member } })).body.token;

/** Signs the page in as `member`, opens `hash` and waits until the stream is open. */
async function signedInOn(node: BrowserNode, member: string, hash: string) {
  await node.page.goto(`${node.url}/${hash}`);
  await node.actAs(member);
  await node.page.locator('[data-testid="notifications"][data-connected="1"]').waitFor();
  // The stream answers ': connected' before the sources take their starting point; give it a moment.
  await node.page.waitForTimeout(1500);
}

const unread = (node: BrowserNode) =>
  node.page.locator('[data-testid="notifications"]').getAttribute('data-unread');

describe('#13.11 notifications (Arabic, 390x844)', () => {
  const node = useBrowserNode({ locale: 'ar', viewport: { width: 390, height: 844 } });

  it('a vote-due notification appears for a member when a procedure opens, in Arabic, accessible', async () => {
    const { page } = node;
    const serious = () => seriousViolations(page);
    await signedInOn(node, 'QAT', '#/map');
    expect(await unread(node)).toBe('0');
    const opened = await node.api<{ id: string }>('/api/council/procedures', {
      token: await tokenOf(node, 'SAU'),
      body: {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'statement',
        title: 'Statement on shipping lanes',
        matter: 'notify-ar',
        deadline: null,
      },
    });
    expect(opened.status).toBe(201);
    await expect.poll(() => unread(node), { timeout: 15_000 }).toBe('1');
    const bell = page.locator('[data-testid="notify-bell"]');
    const count = (await page.locator('[data-testid="notify-count"]').textContent())!;
    expect(count).toMatch(/^[1١]$/);
    // The name holds the badge's number as shown (WCAG 2.5.3, axe label-content-name-mismatch).
    expect(await bell.getAttribute('aria-label')).toBe(`الإشعارات، ${count} جديد`);
    // The polite live region reads the newest out without moving focus.
    const live = page.locator('[data-testid="notify-live"]');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    expect(await live.textContent()).toContain('تصويت مطلوب');

    // Nor while the badge shows the count (the CI run of 4 Dec 16:21Z found the bell's name without it).
    expect(await serious()).toEqual([]);

    await bell.click();
    expect(await bell.getAttribute('aria-expanded')).toBe('true');
    expect(await unread(node)).toBe('0');
    const note = page.locator('[data-testid="notify-list"] li[data-kind="procedure"]');
    expect(await note.getAttribute('data-due')).toBe('vote');
    const text = (await note.textContent())!;
    expect(text).toContain('تصويت مطلوب');
    expect(text).toContain('Statement on shipping lanes');
    expect(text).toContain('السعودية');

    // No critical or serious axe violation with the list open.
    expect(await serious()).toEqual([]);

    // Escape closes the list and gives the focus back to the bell; the link opens the procedure.
    await note.locator('a').focus();
    await page.keyboard.press('Escape');
    expect(await bell.getAttribute('aria-expanded')).toBe('false');
    expect(await bell.evaluate((el) => el === document.activeElement)).toBe(true);
    await bell.click();
    await note.locator('a').click();
    await expect
      .poll(() => page.evaluate(() => location.hash))
      .toBe(`#/council/${encodeURIComponent(opened.body.id)}`);
  });

  it('a member outside an intelligence label gets no notification of it', async () => {
    const { page } = node;
    await signedInOn(node, 'KWT', '#/map');
    const sau = await tokenOf(node, 'SAU');
    const share = async (name: string, releasableTo: string[]) => {
      const r = await node.api<{ id: string }>('/api/intel/share', {
        token: sau,
        body: { collection: 'gcc', name, classification: 'RESTRICTED', releasableTo },
      });
      expect(r.status).toBe(201);
    };
    await share('Launcher convoy near the border, for Qatar only', ['QAT']);
    // Shared after it: once Kuwait is told of this one, its stream has looked past the first.
    await share('Coastal radar outage, for Kuwait', ['KWT']);
    await expect.poll(() => unread(node), { timeout: 15_000 }).toBe('1');
    await page.click('[data-testid="notify-bell"]');
    const notes = page.locator('[data-testid="notify-list"] li[data-kind="intel"]');
    expect(await notes.count()).toBe(1);
    expect(await notes.first().textContent()).toContain('Coastal radar outage, for Kuwait');
    expect(await notes.first().textContent()).toContain('معلومات استخبارية جديدة');
    expect(await page.locator('[data-testid="notifications"]').textContent()).not.toContain(
      'Launcher convoy',
    );
  });
});

describe('#13.11 notifications (English, 1440x900)', () => {
  const node = useBrowserNode({ locale: 'en-GB' });

  it(
    'an alert notification reaches a member at risk during a warning exercise',
    { timeout: 240_000 },
    async () => {
      const { page } = node;
      await signedInOn(node, 'QAT', '#/warning');
      await page.waitForSelector('[data-testid="warning-map"]');
      await page.selectOption('[data-testid="warning-scenario"]', 'single-short');
      await page.fill('[data-testid="warning-speed"]', '100');
      await page.click('[data-testid="warning-start"]');
      const alert = page.locator('[data-testid="notify-list"] li[data-kind="alert"]');
      await expect
        .poll(() => alert.count(), { timeout: 200_000, interval: 1000 })
        .toBeGreaterThan(0);
      expect(Number(await unread(node))).toBeGreaterThan(0);
      await page.click('[data-testid="notify-bell"]');
      expect(await alert.first().textContent()).toContain('Early-warning ALERT for Qatar');
      // Every alert shown is Qatar's: the stream sends a member only the messages addressed to it.
      for (const text of await alert.allTextContents()) expect(text).toContain('for Qatar');
      await alert.first().locator('a').click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/warning');
    },
  );
});
