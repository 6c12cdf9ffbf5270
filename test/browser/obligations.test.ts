import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, STARTUP_TIMEOUT_MS, type BrowserNode } from './harness.js';

const boundOnMap = (node: BrowserNode, obligation: string) =>
  node.page.$$eval(`[data-testid="obligations-map"] path[data-bound="${obligation}"]`, (els) => els.map((e) => e.getAttribute('data-iso3') ?? '').sort());

describe('console: If attacked… (obligations)', () => {
  let node: BrowserNode;
  beforeAll(async () => {
    node = await startNode();
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await node?.close();
  });

  it('lights up the states bound to defend Qatar on 2025-09-09, with clauses, and the US guarantee not yet in force', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/QAT/2025-09-09`);
    await page.waitForSelector('[data-testid="obligations-map"][data-ready="1"]');
    await page.waitForSelector('[data-testid="obligations-table"] tr[data-alliance="gcc-jda"]');
    const api = (await node.api<{ bound: { state: string; obligation: string }[] }>('/api/obligations?attacked=QAT&date=2025-09-09')).body;
    const defenders = [...new Set(api.bound.filter((o) => o.obligation === 'defense').map((o) => o.state))].sort();
    const drawn = await boundOnMap(node, 'defense');
    // Every defender drawn on the map is one the API names; the GCC partners are all there.
    expect(drawn.every((s) => defenders.includes(s))).toBe(true);
    expect(drawn).toEqual(expect.arrayContaining(['ARE', 'BHR', 'KWT', 'OMN', 'SAU']));
    expect(await boundOnMap(node, 'attacked')).toEqual(['QAT']);
    const gccRow = page.locator('[data-testid="obligations-table"] tr[data-alliance="gcc-jda"]');
    expect(await gccRow.count()).toBe(1);
    expect((await gccRow.getAttribute('data-states'))!.split(' ').sort()).toEqual(['ARE', 'BHR', 'KWT', 'OMN', 'SAU']);
    expect(await gccRow.textContent()).toContain('Art. 2');
    await expect.poll(() => page.locator('[data-testid="not-binding"] li[data-alliance="us-qatar-eo-2025"]').textContent()).toContain('binds from 2025-09-29');
    await node.screenshot('console-obligations-qatar');
    expect(node.pageErrors).toEqual([]);
  });

  it('moves through time with the year slider: Iraq in 1958, then 1960 without the Baghdad Pact', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/IRQ/1958-06-01`);
    await page.waitForSelector('[data-testid="obligations-table"] tr[data-alliance="baghdad-pact-cento"]');
    await page.locator('[data-testid="year-slider"]').fill('1960');
    await page.waitForFunction(() => window.location.hash === '#/obligations/IRQ/1960-06-01');
    await page.locator('[data-testid="not-binding"] li[data-alliance="baghdad-pact-cento"]').waitFor();
    expect(await page.locator('[data-testid="obligations-table"] tr[data-alliance="baghdad-pact-cento"]').count()).toBe(0);
    expect(await page.locator('[data-testid="not-binding"] li[data-alliance="baghdad-pact-cento"]').textContent()).toContain('1959-03-24');
    expect(node.pageErrors).toEqual([]);
  });
});
