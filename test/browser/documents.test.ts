import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chooseMember, useBrowserNode } from './harness.js';

/**
 * #14 documents, console: a member uploads a treaty text (a scenario text written for the test, not a
 * real treaty); the articles are marked from its headings, the upload is a signed act naming the text's
 * sha256, the list links to the text, and a bad upload is refused naming the field as the form shows it.
 */
describe('console documents', () => {
  const node = useBrowserNode();

  it('uploads a text as QAT, marks its articles, lists it and serves the exact bytes', async () => {
    const { page } = node;
    const text =
      'Scenario pact (test text).\nArticle 1\nThe parties consult.\nArticle 2\nAn attack on one is an attack on all.\n';

    await page.goto(`${node.url}/#/documents`);
    await page.waitForSelector('[data-testid="documents-empty"]');
    await chooseMember(page, 'QAT');
    await page.goto(`${node.url}/#/documents`);
    await page.waitForSelector('[data-testid="documents-form"]');

    // Nothing filled in: refused in the form's words, nothing uploaded.
    await page.click('[data-testid="documents-submit"]');
    expect(await page.locator('[data-testid="documents-error"]').textContent()).toBe(
      'Document id, Title, Text must not be empty.',
    );

    await page.fill('[data-testid="documents-id"]', 'scenario-pact');
    await page.fill('[data-testid="documents-title"]', 'Scenario pact');
    await page.setInputFiles('[data-testid="documents-file"]', {
      name: 'scenario-pact.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(text, 'utf8'),
    });
    await expect
      .poll(() => page.locator('[data-testid="documents-articles"]').textContent())
      .toBe('Articles found by their headings: Art. 1, Art. 2.');
    await page.click('[data-testid="documents-submit"]');
    const done = await page.waitForSelector('[data-testid="documents-done"]');
    const sha = createHash('sha256').update(text, 'utf8').digest('hex');
    expect(await done.textContent()).toContain(`${sha.slice(0, 12)}`);
    expect(await done.textContent()).toContain('version 1, with 2 article(s) marked');

    // Listed, with a link to the exact text, and the upload is a signed act naming the hash.
    await page.waitForSelector('[data-testid="documents-row"]');
    const href = await page.locator('[data-testid="documents-text-link"]').getAttribute('href');
    expect(href).toBe(`/api/documents/${sha}`);
    const served = await fetch(`${node.url}${href}`);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(text);
    const article = await node.api<{ text: string }>(`/api/documents/${sha}/articles/Art.%202`);
    expect(article.body.text).toBe('Article 2\nAn attack on one is an attack on all.\n');
    const acts = await node.api<{ acts: { actor: string; type: string; payload: unknown }[] }>(
      '/api/record?type=registry.document.uploaded',
    );
    const act = acts.body.acts.find((a) => JSON.stringify(a.payload).includes(sha));
    expect(act?.actor).toBe('QAT');

    // The same text again is refused with the API's reason, in words.
    await page.click('[data-testid="documents-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="documents-error"]').textContent())
      .toMatch(/already/i);
    await node.screenshot('documents');
    // The browser logs the refused repeat's 409 itself; nothing else may fail.
    expect(node.pageErrors.filter((e) => !e.includes('status of 409'))).toEqual([]);
  });
});
