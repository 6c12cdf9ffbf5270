import { describe, expect, it } from 'vitest';
import { useBrowserNode, type BrowserNode } from './harness.js';

/**
 * #13 (clear errors in the reader's language, naming the field as the form shows it): the API's refusal
 * of a pledge carries a machine code (`detailCode`, `detailParams`); the console says it from its own
 * catalogue in Arabic and in English, with the form's label for the field, never the JSON path.
 */
async function submitBadPledge(node: BrowserNode): Promise<string> {
  const { page } = node;
  await page.goto(`${node.url}/#/forces/joint-arab-force`);
  await node.actAs('JOR');
  const form = page.locator('[data-testid="pledge-form"]');
  await form.waitFor();
  await form.locator('select[name="type"]').selectOption('medical');
  // The form checks only that the troops are given; the API refuses a negative number.
  await form.locator('input[name="size"]').fill('-5');
  await form.locator('input[name="readinessDays"]').fill('7');
  await form.locator('input[name="durationDays"]').fill('365');
  await form.locator('input[name="lon"]').fill('35.93');
  await form.locator('input[name="lat"]').fill('31.95');
  const answer = page.waitForResponse(
    (r) => r.url().endsWith('/api/pledges') && r.request().method() === 'POST',
  );
  await page.click('[data-testid="pledge-submit"]');
  const body = (await (await answer).json()) as Record<string, unknown>;
  // The English detail stays for machines, beside its code and values.
  expect(body).toMatchObject({
    status: 400,
    field: 'body/units/0/size',
    detailCode: 'validation.minimum',
    detailParams: { limit: 1, value: -5 },
  });
  expect(body.detail).toMatch(/^body\/units\/0\/size must be at least 1 person/);
  await page.locator('[data-testid="pledge-message"]').waitFor();
  return (await page.locator('[data-testid="pledge-message"]').textContent()) ?? '';
}

describe('an API refusal in an Arabic console', () => {
  const node = useBrowserNode({ locale: 'ar' });

  it('names the field by its Arabic label, in Arabic', async () => {
    const text = await submitBadPledge(node);
    expect(text).toBe('يجب ألا يقل «عدد الجنود» عن 1.');
    expect(text).not.toMatch(/body|units|size/);
    expect(await node.page.locator('[data-testid="pledge-field-problem"]').textContent()).toBe(
      'يجب ألا يقل «عدد الجنود» عن 1.',
    );
    await node.screenshot('console-problem-ar');
  });
});

describe('an API refusal in an English console', () => {
  const node = useBrowserNode({ locale: 'en-GB' });

  it('names the field by its English label, in English', async () => {
    expect(await submitBadPledge(node)).toBe('Troops must be at least 1.');
  });
});
