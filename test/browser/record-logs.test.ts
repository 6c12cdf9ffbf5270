import { describe, expect, it } from 'vitest';
import {
  actingMember,
  postToGcc,
  sauIndicator,
  useBrowserNode,
  type BrowserNode,
} from './harness.js';

/**
 * #19.2 the Record view's checkpoint panel switches between the logs its user may see: the secretariat
 * the full record's and the public view's, a member's user the public view's and its own private acts';
 * a signed-out visitor is shown the public view's log with no switch. In English and Arabic.
 */
/** SAU shares an indicator over TAXII: a private act (intel.shared) in the full record only. */
async function sharePrivately(node: BrowserNode) {
  const indicator = sauIndicator(
    { name: 'Record log switch probe', pattern: "[ipv4-addr:value = '198.51.100.77']" },
    ['QAT'],
  );
  const posted = await postToGcc(node, 'SAU', [indicator]);
  expect(posted.status).toBe(202);
}

describe('console record: which transparency log (#19.2)', () => {
  const node = useBrowserNode({ locale: 'en-GB' });
  const panel = () => node.page.locator('[data-testid="record-checkpoint"]');
  const origin = () => node.page.locator('[data-testid="checkpoint-origin"]').textContent();
  /** The tree size the panel states ("123 acts, root …"). */
  const size = async () => {
    const text = (await panel().locator('dd').nth(1).textContent()) ?? '';
    return Number(/^(\d+) /.exec(text)?.[1] ?? NaN);
  };

  it('a visitor sees the public log with no switch; the secretariat switches between the full and the public log, in English and Arabic', async () => {
    const { page } = node;
    await sharePrivately(node);
    const anonymous = await node.api<{ origin: string; size: number }>('/api/record/checkpoint');
    expect(anonymous.body.origin).toMatch(/\/public$/);

    // Signed out: the public view's log, no switch.
    await page.goto(`${node.url}/#/record`);
    await expect.poll(origin).toBe(anonymous.body.origin);
    expect(await panel().getAttribute('data-log')).toBe('public');
    expect(await page.locator('[data-testid="checkpoint-log-switch"]').count()).toBe(0);

    // The secretariat: the full record's log by default, then the public view's.
    await page.goto(await node.signinLink());
    await expect.poll(() => actingMember(page), { timeout: 15_000 }).toBe('SECRETARIAT');
    await page.goto(`${node.url}/#/record`);
    const fullOrigin = anonymous.body.origin.replace(/\/public$/, '');
    await expect.poll(origin, { timeout: 15_000 }).toBe(fullOrigin);
    const switcher = page.locator('[data-testid="checkpoint-log-switch"]');
    expect(await switcher.locator('button').allTextContents()).toEqual([
      'Full record',
      'Public view',
    ]);
    expect(await switcher.locator('[data-log="full"]').getAttribute('aria-pressed')).toBe('true');
    const fullSize = await size();
    await switcher.locator('[data-log="public"]').click();
    await expect.poll(origin).toBe(anonymous.body.origin);
    expect(await panel().getAttribute('data-log')).toBe('public');
    expect(await switcher.locator('[data-log="public"]').getAttribute('aria-pressed')).toBe('true');
    const publicSize = await size();
    // The full record holds the private share the public log does not count.
    expect(fullSize).toBeGreaterThan(publicSize);
    expect(publicSize).toBeGreaterThanOrEqual(anonymous.body.size);
    expect(await panel().textContent()).toContain('public acts only');

    // In Arabic: the same switch, in Arabic, back to the full record.
    await page.locator('[data-testid="locale-switch"]').click();
    await expect
      .poll(() => switcher.locator('button').allTextContents())
      .toEqual(['السجل الكامل', 'العرض العام']);
    await switcher.locator('[data-log="full"]').click();
    await expect.poll(origin).toBe(fullOrigin);
    expect(await panel().textContent()).toContain('لا تُعرض إلا على الأمانة العامة');
    await page.locator('[data-testid="locale-switch"]').click();
    expect(node.pageErrors).toEqual([]);
  });

  it("a member's user switches between the public log and its own private acts' log", async () => {
    const { page } = node;
    await node.actAs('SAU');
    await page.goto(`${node.url}/#/record`);
    const publicOrigin = (await node.api<{ origin: string }>('/api/record/checkpoint')).body.origin;
    await expect.poll(origin, { timeout: 15_000 }).toBe(publicOrigin);
    const switcher = page.locator('[data-testid="checkpoint-log-switch"]');
    expect(await switcher.locator('button').allTextContents()).toEqual([
      'Public view',
      'Our private acts',
    ]);
    await switcher.locator('[data-log="own"]').click();
    await expect.poll(origin).toBe(publicOrigin.replace(/\/public$/, '/own/sau'));
    expect(await size()).toBeGreaterThanOrEqual(1);
    expect(node.pageErrors).toEqual([]);
  });
});
