import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './console-build.js';
import { startNode, STARTUP_TIMEOUT_MS, useBrowserNode, type BrowserNode } from './harness.js';

const docAttrs = (node: BrowserNode) =>
  node.page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    title: document.title,
  }));

describe('an Arabic browser', () => {
  let node: BrowserNode;
  beforeAll(async () => {
    node = await startNode({ locale: 'ar-QA' });
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => node?.close());

  it('opens the console in Arabic, right to left, and the choice of English is remembered', async () => {
    const { page, url } = node;
    await page.goto(`${url}/#/map`);
    await page.locator('[data-testid="tab-map"]').waitFor();
    expect(await docAttrs(node)).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(await page.locator('[data-testid="tab-map"]').textContent()).toBe('الخريطة');
    expect(await page.locator('[data-testid="tab-warning"]').textContent()).toBe('الإنذار المبكر');
    expect((await docAttrs(node)).title).toContain('الخريطة');
    // The tabs run right to left: the first tab is to the right of the second.
    const first = await page.locator('nav.tabs a').nth(0).boundingBox();
    const second = await page.locator('nav.tabs a').nth(1).boundingBox();
    expect(first!.x).toBeGreaterThan(second!.x);

    await page.locator('[data-testid="locale-switch"]').click();
    expect(await docAttrs(node)).toMatchObject({ lang: 'en', dir: 'ltr' });
    expect(await page.locator('[data-testid="tab-map"]').textContent()).toBe('Map');
    await page.reload();
    await page.locator('[data-testid="tab-map"]').waitFor();
    expect(await docAttrs(node)).toMatchObject({ lang: 'en', dir: 'ltr' });
    expect(await page.evaluate(() => localStorage.getItem('tahaluf.locale'))).toBe('en');

    await page.locator('[data-testid="locale-switch"]').click();
    expect(await docAttrs(node)).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(node.pageErrors).toEqual([]);
  });
});

describe('an English browser', () => {
  let node: BrowserNode;
  beforeAll(async () => {
    node = await startNode({ locale: 'en-GB' });
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => node?.close());

  it('opens in English, left to right, and switches to Arabic on request', async () => {
    const { page, url } = node;
    await page.goto(`${url}/#/nowhere`);
    await page.locator('[data-testid="tab-map"]').waitFor();
    expect(await docAttrs(node)).toMatchObject({ lang: 'en', dir: 'ltr' });
    expect(await page.locator('main').textContent()).toContain('No view is called “nowhere”');
    await page.locator('[data-testid="locale-switch"]').click();
    expect(await docAttrs(node)).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(await page.locator('main').textContent()).toContain('لا يوجد قسم باسم «nowhere»');
    expect(await page.locator('footer').textContent()).toContain('كل معلومة مُدرجة مقرونة بمصدرها');
    expect(node.pageErrors).toEqual([]);
  });
});

/**
 * The console files whose text is not yet in the catalogue (NOT_YET_TRANSLATED in eslint.config.js):
 * read from the config itself, so a view taken off that list is held to the Arabic check below.
 */
function notYetTranslated(): Set<string> {
  const config = readFileSync(join(REPO_ROOT, 'eslint.config.js'), 'utf8');
  const list = /NOT_YET_TRANSLATED = \[([^\]]*)\]/.exec(config)?.[1] ?? '';
  return new Set([...list.matchAll(/'([^']+)'/g)].map((m) => m[1]));
}

/** `#/procurement` → src/web/views/ProcurementView.tsx */
const viewFile = (href: string) => {
  const id = href.replace(/^#\//, '');
  return `src/web/views/${id[0].toUpperCase()}${id.slice(1)}View.tsx`;
};

describe('#13.9 every view in Arabic on a phone (390×844)', () => {
  const node = useBrowserNode({ locale: 'ar', viewport: { width: 390, height: 844 } });

  it(
    'each view is right to left, does not scroll sideways, and speaks Arabic',
    { timeout: 300_000 },
    async () => {
      const { page } = node;
      await node.actAs('QAT');
      await page.goto(`${node.url}/#/map`);
      const hrefs = await page
        .locator('nav.tabs a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(10);
      const pending = notYetTranslated();
      const problems: string[] = [];
      const translated: string[] = [];
      for (const href of hrefs) {
        await page.goto(`${node.url}/${href}`);
        await page.locator('main').waitFor();
        await expect.poll(() => page.locator('main').textContent()).not.toBe('');
        await page.waitForTimeout(1500); // let the view's data and map arrive
        const seen = await page.evaluate(() => {
          const arabic = /\p{Script=Arabic}/u;
          const latin = /\p{Script=Latin}/u;
          // Labels, headings, column heads and buttons the view itself writes: each must carry
          // Arabic (data such as a report's title may stay in the language it was written in).
          const chrome = [
            ...document.querySelectorAll('main h2, main label, main th, main button, main legend'),
          ]
            .filter((el) => !el.closest('[translate="no"]'))
            .map((el) => (el.textContent ?? '').trim())
            .filter((text) => latin.test(text) && !arabic.test(text));
          return {
            dir: document.documentElement.dir,
            lang: document.documentElement.lang,
            scroll: document.documentElement.scrollWidth,
            inner: window.innerWidth,
            arabicInMain: arabic.test(document.querySelector('main')?.textContent ?? ''),
            englishOnly: chrome,
          };
        });
        if (seen.dir !== 'rtl' || seen.lang !== 'ar')
          problems.push(`${href}: dir=${seen.dir} lang=${seen.lang}`);
        if (seen.scroll > seen.inner)
          problems.push(`${href}: scrolls sideways (${seen.scroll} > ${seen.inner})`);
        if (!pending.has(viewFile(href))) {
          translated.push(href);
          if (!seen.arabicInMain) problems.push(`${href}: no Arabic text in the view`);
          if (seen.englishOnly.length)
            problems.push(`${href}: English-only labels ${JSON.stringify(seen.englishOnly)}`);
        }
        await node.screenshot(`phone-ar${href.replace(/[#/]+/g, '-')}`);
      }
      // The map, events, cohesion and procurement views at least are translated (this work, #13.9),
      // and the accession, council, intelligence, cyber, programmes and forces views.
      expect(translated).toEqual(
        expect.arrayContaining([
          '#/map',
          '#/events',
          '#/cohesion',
          '#/procurement',
          '#/accession',
          '#/council',
          '#/intel',
          '#/cyber',
          '#/programmes',
          '#/forces',
        ]),
      );
      expect(problems).toEqual([]);
      expect(node.pageErrors).toEqual([]);
    },
  );

  it('says a council procedure in Arabic: its timeline from the acts, its tally and dates', async () => {
    const { page } = node;
    await node.actAs('QAT');
    await page.goto(`${node.url}/#/council`);
    await page
      .locator('[data-testid="council-agenda"] a', {
        hasText: 'Prudent planning for the defence of Turkey',
      })
      .click();
    const timeline = page.locator('[data-testid="council-timeline"]');
    // The NATO 2003 replay: France's objection, said in Arabic (the record's summary is English).
    await expect.poll(() => timeline.textContent()).toContain('اعترض');
    expect(await timeline.textContent()).not.toContain('objected');
    expect(await timeline.locator('th').first().textContent()).toBe('متى (التوقيت العالمي)');
    expect(await page.locator('[data-testid="council-status"]').textContent()).toContain('مغلق');
    expect(node.pageErrors).toEqual([]);
  });
});
