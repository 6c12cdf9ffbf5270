import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

describe('console early warning', () => {
  const node = useBrowserNode();

  it(
    'starts an exercise from the console and sees a warned zone appear',
    { timeout: 120_000 },
    async () => {
      const { page } = node;
      await page.goto(`${node.url}/#/warning`);
      await node.actAs('QAT');
      await page.waitForSelector('[data-testid="warning-map"]');
      await page.selectOption('[data-testid="warning-scenario"]', 'single-short');
      await page.click('[data-testid="warning-start"]');
      await expect
        .poll(() => page.locator('[data-testid="warning-message"]').textContent())
        .toContain('started');
      // A threatened area is drawn and at least one member is lit as warned; an Alert is in the log.
      await page.waitForSelector('[data-testid="warned-zone"]', { timeout: 90_000 });
      await page.waitForSelector('[data-warned="yes"]', { timeout: 30_000 });
      await page.waitForSelector('[data-testid="warning-log"] tr[data-msgtype="Alert"]', {
        timeout: 30_000,
      });
      expect(await page.locator('[data-testid="warning-threat"]').count()).toBeGreaterThan(0);
      await node.screenshot('console-early-warning');
      expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    },
  );

  it('#13.5 a public visitor gets one 401, a sign-in notice, and no polling loop', async () => {
    const { page } = node;
    await node.actAs(null);
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (r.url().includes('/api/warning/picture')) asked.push(r.url());
    };
    page.on('request', onRequest);
    await page.goto(`${node.url}/#/warning`);
    await page.waitForSelector('[data-testid="warning-signin"]');
    await page.waitForTimeout(3000);
    page.off('request', onRequest);
    expect(asked.length).toBeLessThanOrEqual(2); // React's development double-mount at most
    expect(await page.locator('[data-testid="warning-signin"]').textContent()).toContain(
      'choose a member in “Acting as”',
    );
  });

  it(
    '#13.5 an ended exercise leaves a summary; a CAP message opens and downloads as XML; radar rings only on request',
    { timeout: 240_000 },
    async () => {
      const { page } = node;
      await node.actAs('QAT');
      await page.goto(`${node.url}/#/warning`);
      await page.waitForSelector('[data-testid="warning-map"]');
      // Radar coverage is off by default; the toggle draws it as outlines.
      expect(await page.locator('[data-testid="radar-ring"]').count()).toBe(0);
      await page.check('[data-testid="toggle-coverage"]');
      await expect
        .poll(() => page.locator('[data-testid="radar-ring"]').count())
        .toBeGreaterThan(0);
      await page.uncheck('[data-testid="toggle-coverage"]');
      await expect.poll(() => page.locator('[data-testid="radar-ring"]').count()).toBe(0);

      await page.selectOption('[data-testid="warning-scenario"]', 'single-short');
      await page.fill('[data-testid="warning-speed"]', '100');
      await page.click('[data-testid="warning-start"]');
      await page.waitForSelector('[data-testid="exercise-summary"]', { timeout: 200_000 });
      const summary = (await page.locator('[data-testid="exercise-summary"]').textContent())!;
      expect(summary).toMatch(/Exercise ended: .+\d+ threats? tracked/);
      expect(summary).toMatch(/CAP messages: \d+ Alert/);
      expect(summary).not.toContain('Members warned: none');
      expect(await page.locator('[data-testid="warning-log-explained"]').textContent()).toContain(
        'simulated clock',
      );

      await page
        .locator(
          '[data-testid="warning-log"] tr[data-msgtype="Alert"][data-member="QAT"] [data-testid="cap-open"]',
        )
        .first()
        .click();
      await expect
        .poll(() => page.locator('[data-testid="cap-xml"]').textContent())
        .toContain('urn:oasis:names:tc:emergency:cap:1.2');
      const shown = (await page.locator('[data-testid="cap-xml"]').textContent())!;
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid="cap-download"]'),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xml$/);
      const path = await download.path();
      const { readFile } = await import('node:fs/promises');
      expect(await readFile(path, 'utf8')).toBe(shown);
      await node.screenshot('warning-exercise-summary');
    },
  );
});
