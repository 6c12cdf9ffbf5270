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
});
