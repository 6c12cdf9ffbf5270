import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

describe('console cohesion', () => {
  const node = useBrowserNode();

  it('charts the indices of the GCC and the proposed joint Arab force across time, side by side', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/cohesion`);
    await page.waitForSelector('[data-testid="cohesion-gcc"] svg polyline', { state: 'attached' });
    await page.waitForSelector('[data-testid="cohesion-joint-arab-force"] svg polyline', {
      state: 'attached',
    });
    // Six GCC members: 15 pairs for the treaty overlap; the same measures for the joint Arab force.
    expect(await page.locator('[data-testid="cohesion-gcc-treatyOverlap"]').textContent()).toMatch(
      /\/ 15$/,
    );
    expect(
      await page.locator('[data-testid="cohesion-joint-arab-force-treatyOverlap"]').textContent(),
    ).toMatch(/%/);
    const api = await node.api<{ alliances: Record<string, { members: string[] }[]> }>(
      `/api/cohesion/compare?alliances=gcc,joint-arab-force&from=2025-01-01&to=2025-01-01`,
    );
    expect(api.body.alliances.gcc[0].members.length).toBe(6);
    // The legend sits under each chart, never over its lines.
    for (const id of ['gcc', 'joint-arab-force']) {
      const svg = (await page.locator(`[data-testid="cohesion-${id}"] svg`).boundingBox())!;
      const legend = (await page
        .locator(`[data-testid="cohesion-${id}"] [data-testid="cohesion-legend"]`)
        .boundingBox())!;
      expect(legend.y).toBeGreaterThanOrEqual(svg.y + svg.height - 0.5);
      expect(
        await page.locator(`[data-testid="cohesion-${id}"] svg text`).allTextContents(),
      ).not.toContain('council agreement');
    }
    expect(
      await page.locator('[data-testid="cohesion-gcc"] [data-testid="cohesion-legend"] li').count(),
    ).toBe(8);
    // The two new indices are in the table, and the illustrative seeded programmes are named with sources.
    await page.waitForSelector('[data-testid="cohesion-gcc-interoperability"]');
    await page.waitForSelector('[data-testid="cohesion-gcc-intelligencePairs"]');
    const ill = await page.locator('[data-testid="cohesion-illustrative-gcc"]').textContent();
    expect(ill).toContain('Ballistic-missile early-warning integration (illustrative)');
    expect(ill).toContain('GCC Joint Defence Council');
    expect(
      await page.locator('[data-testid="cohesion-illustrative-joint-arab-force"]').textContent(),
    ).toContain('Cyber incident-response network (illustrative)');
    await node.screenshot('console-cohesion');
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
