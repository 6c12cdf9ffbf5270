import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './console-build.js';
import { useBrowserNode, type BrowserNode } from './harness.js';

const shadedIso3 = (node: BrowserNode) =>
  node.page.$$eval('[data-testid="region-map"] path[data-member="1"]', (els) =>
    els.map((e) => e.getAttribute('data-iso3') ?? '').sort(),
  );

describe('console map', () => {
  const node = useBrowserNode();

  it('shades the Arab League, then the GCC after switching the alliance', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/map`);
    await page.waitForSelector('[data-testid="region-map"][data-ready="1"]');
    await page.waitForSelector('[data-testid="region-map"] path[data-member="1"]');

    const expectedArab = (
      await node.api<{ members: { state: string }[] }>('/api/alliances/arab-league/members')
    ).body.members
      .map((m) => m.state)
      .sort();
    expect(expectedArab).toHaveLength(22);
    expect(await shadedIso3(node)).toEqual(expectedArab);
    expect(await page.locator('[data-testid="member-count"]').textContent()).toContain('22 on');

    // Picking an event on the timeline shows the members on its date, and its sources.
    await page.locator('.event-list button', { hasText: 'Doha' }).first().click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/map/arab-league/2025-09-'));
    await page.locator('.event-body .sources').first().waitFor();
    // …and outlines the states the event names (the strike on Doha names Qatar).
    await page.locator('[data-testid="region-map"] path.selected[data-iso3="QAT"]').waitFor();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="region-map"] path[data-member="1"]').length === 22,
    );
    const readme = await node.screenshot('console-map-arab-league');
    // The README's picture: refreshed when missing or on request, so `npm test` leaves the tree clean.
    const docShot = join(REPO_ROOT, 'docs', 'screenshot-console.png');
    if (!existsSync(docShot) || process.env.TAHALUF_UPDATE_SCREENSHOTS === '1')
      await copyFile(readme, docShot);

    await page.selectOption('[data-testid="alliance-select"]', 'gcc');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="region-map"] path[data-member="1"]').length === 6,
    );
    const gcc = await shadedIso3(node);
    expect(gcc).toEqual(['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU']);
    expect(gcc).toContain('QAT');
    expect(page.url()).toContain('#/map/gcc');
    await page.locator('[data-testid="membership-table"] tr[data-iso3="QAT"]').waitFor();

    await node.screenshot('console-map-gcc');
    expect(node.pageErrors).toEqual([]);
  });

  it('shows Syria hatched as suspended in the Arab League on a date in 2012', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/map/arab-league/2012-06-01`);
    const syria = page.locator('[data-testid="region-map"] path[data-iso3="SYR"]');
    await expect.poll(() => syria.getAttribute('data-suspended')).toBe('1');
    expect(await syria.getAttribute('style')).toMatch(/url\("?#hatch-/);
    expect(await page.locator('[data-testid="map-tooltip"]').count()).toBe(0);
    await syria.hover();
    const tip = page.locator('[data-testid="map-tooltip"]');
    await expect.poll(() => tip.textContent()).toContain('Syria');
    expect(await tip.textContent()).toMatch(/سوري/);
  });

  it('opens an ended alliance (CENTO) on its last day, with the members the API lists then', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/map/gcc`);
    await page.waitForSelector('[data-testid="region-map"] path[data-member="1"]');
    await page.selectOption('[data-testid="alliance-select"]', 'baghdad-pact-cento');
    await page.waitForFunction(
      () => window.location.hash === '#/map/baghdad-pact-cento/1979-10-08',
    );
    const expected = (
      await node.api<{ members: { state: string }[] }>(
        '/api/alliances/baghdad-pact-cento/members?date=1979-10-08',
      )
    ).body.members.map((m) => m.state);
    expect(expected.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid="member-count"]').textContent())
      .toBe(`${expected.length} on 1979-10-08`);
    // Members outside the map's extent (the United Kingdom) are named under it rather than silently lost.
    const drawn = await shadedIso3(node);
    const offMap = expected.filter((c) => !drawn.includes(c));
    expect(offMap).toContain('GBR');
    const note = await page.locator('[data-testid="map-offmap"]').textContent();
    expect(note).toContain(`(${offMap.length})`);
    expect(note).toContain('United Kingdom');
    expect(node.pageErrors).toEqual([]);
  });
});
