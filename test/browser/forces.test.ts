import { describe, expect, it } from 'vitest';
import { useBrowserNode, type BrowserNode } from './harness.js';

const covered = (node: BrowserNode, cap: string) =>
  node.page.getAttribute(`[data-testid="coverage-${cap}"]`, 'data-covered').then(Number);

describe('console forces board', () => {
  const node = useBrowserNode();

  it('shows the public board read-only without a member; the note is only about the actions (F4)', async () => {
    const { page } = node;
    await node.actAs(null);
    await page.goto(`${node.url}/#/forces/joint-arab-force`);
    await page.waitForSelector('[data-testid="coverage-land"]');
    expect(await page.locator('[data-testid="forces-hq"]').textContent()).toContain('Cairo');
    expect(
      Number(await page.getAttribute('[data-testid="coverage-land"]', 'data-pledged')),
    ).toBeGreaterThanOrEqual(20000);
    expect(await page.locator('[data-testid="forces-public-note"]').textContent()).toMatch(
      /read-only.*pledge forces/,
    );
    expect(await page.locator('[data-testid="pledge-form"]').count()).toBe(0);
  });

  it('records a pledge from the form and the coverage bar moves', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/forces/joint-arab-force`);
    await node.actAs('JOR');
    await page.waitForSelector('[data-testid="coverage-medical"]');
    await page.waitForSelector('[data-testid="forces-hq"]');
    expect(await page.locator('[data-testid="forces-hq"]').textContent()).toContain('Cairo');
    await page.waitForSelector('[data-testid="forces-heatmap"] rect');
    expect(await page.locator('[data-testid="forces-exercises"]').textContent()).toContain(
      'missile-warning-drill',
    );
    const before = await covered(node, 'medical');
    const required = Number(
      await page.getAttribute('[data-testid="coverage-medical"]', 'data-required'),
    );
    expect(before).toBeLessThan(required);

    const form = page.locator('[data-testid="pledge-form"]');
    await form.locator('select[name="type"]').selectOption('medical');
    // #13.4 required fields are marked; the readiness limit that decides whether the unit counts is shown.
    expect(await form.locator('input[name="lon"]').getAttribute('aria-required')).toBe('true');
    expect(await form.locator('input[name="lat"]').getAttribute('aria-required')).toBe('true');
    expect(await form.locator('.required-mark').count()).toBeGreaterThanOrEqual(6);
    const limit = await page.locator('[data-testid="pledge-readiness-limit"]').textContent();
    expect(limit).toMatch(/^medical counts toward “.+” only if ready within \d+ days/);
    const days = Number(/within (\d+) days/.exec(limit!)![1]);
    await form.locator('input[name="readinessDays"]').fill(String(days + 5));
    await expect
      .poll(() => page.locator('[data-testid="pledge-too-slow"]').textContent())
      .toContain(`later than the ${days}-day limit`);
    // Missing coordinates: refused before sending, named as the form labels them.
    await form.locator('input[name="size"]').fill('-5');
    await form.locator('input[name="readinessDays"]').fill('7');
    expect(await page.locator('[data-testid="pledge-too-slow"]').count()).toBe(0);
    await form.locator('input[name="durationDays"]').fill('365');
    await form.locator('input[name="base"]').fill('Amman area');
    await page.click('[data-testid="pledge-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="pledge-field-problem"]').allTextContents())
      .toEqual(['Longitude is required.', 'Latitude is required.']);
    await form.locator('input[name="lon"]').fill('35.93');
    await form.locator('input[name="lat"]').fill('31.95');
    // The API's refusal (body/units/0/size, detailCode validation.minimum) in the form's words.
    await page.click('[data-testid="pledge-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="pledge-message"]').textContent())
      .toBe('Troops must be at least 1.');
    expect(await page.locator('[data-testid="pledge-field-problem"]').textContent()).toBe(
      'Troops must be at least 1.',
    );
    expect(await covered(node, 'medical')).toBe(before);

    await form.locator('input[name="size"]').fill('300');
    await form.locator('select[name="family"]').selectOption('role-2-medical');
    await page.click('[data-testid="pledge-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="pledge-message"]').textContent())
      .toBe('Pledge of 300 medical troops recorded and signed by Jordan.');
    await expect.poll(() => covered(node, 'medical')).toBe(Math.min(required, before + 300));
    await node.screenshot('console-forces-board');
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
