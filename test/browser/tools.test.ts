import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useBrowserNode, type BrowserNode } from './harness.js';

/** #13.11: one search, deep links, sortable/paged/exportable tables, notifications, dark mode. */
const tokenOf = async (node: BrowserNode, member: string) =>
  (await node.api<{ token: string }>('/api/auth/demo-login', { body: { member } })).body.token;

describe('#13.11 console tools (English, 1440x900)', () => {
  const node = useBrowserNode({ locale: 'en-GB' });

  it('"/" opens one search across states, treaties, procedures and intelligence; a hidden report is never found', async () => {
    const { page } = node;
    const sau = await tokenOf(node, 'SAU');
    const hidden = await node.api<{ id: string }>('/api/intel/share', {
      token: sau,
      body: {
        collection: 'gcc',
        name: 'Searchable drone sighting only for Kuwait',
        classification: 'RESTRICTED',
        releasableTo: ['KWT'],
      },
    });
    expect(hidden.status).toBe(201);
    const shared = await node.api<{ id: string }>('/api/intel/share', {
      token: sau,
      body: {
        collection: 'gcc',
        name: 'Searchable drone sighting for Qatar',
        classification: 'RESTRICTED',
        releasableTo: ['QAT'],
      },
    });
    expect(shared.status).toBe(201);

    await page.goto(`${node.url}/#/map`);
    await node.actAs('QAT');
    await page.locator('[data-testid="tab-map"]').waitFor();
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    const input = page.locator('[data-testid="search-input"]');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);

    // A state and an alliance by name.
    await page.keyboard.type('Qatar');
    const results = page.locator('[data-testid="search-results"] [role="option"]');
    await expect.poll(() => results.first().getAttribute('data-kind')).toBe('state');
    expect(await results.first().textContent()).toContain('Qatar');
    await input.fill('Gulf');
    await expect
      .poll(() =>
        page.locator('[data-testid="search-results"] [data-kind="alliance"]').first().textContent(),
      )
      .toContain('Cooperation Council for the Arab States of the Gulf');
    // A council procedure (a seeded replay).
    await input.fill('Prudent planning');
    const proc = page.locator('[data-testid="search-results"] [data-kind="procedure"]').first();
    await expect.poll(() => proc.textContent()).toContain('Prudent planning for the defence');

    // Intelligence: what is released to QAT is found; what is released to Kuwait only is not.
    await input.fill('searchable drone');
    const intel = page.locator('[data-testid="search-results"] [data-kind="intel"]');
    await expect.poll(() => intel.count()).toBe(1);
    expect(await intel.first().textContent()).toContain('Searchable drone sighting for Qatar');
    expect(await page.locator('[data-testid="search-dialog"]').textContent()).not.toContain(
      'only for Kuwait',
    );
    // Enter on the chosen result opens it: the report's own address (a deep link).
    const at = await page
      .locator('[data-testid="search-results"] [role="option"]')
      .evaluateAll((els) => els.findIndex((e) => e.getAttribute('data-kind') === 'intel'));
    for (let i = 0; i < at; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('[aria-selected="true"]').getAttribute('data-kind')).toBe('intel');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => decodeURIComponent(location.hash)))
      .toBe(`#/intel/${shared.body.id}`);
    await page.waitForSelector('[data-testid="intel-graph"] circle');

    // The deep link works on a fresh load too.
    await page.reload();
    await page.waitForSelector('[data-testid="intel-graph"] circle');
    // "/" typed in a text field is a character, not the shortcut.
    await page.fill('[data-testid="intel-filter-label"]', '');
    await page.focus('[data-testid="intel-filter-label"]');
    await page.keyboard.press('/');
    expect(await page.locator('[data-testid="search-dialog"]').count()).toBe(0);
    await page.fill('[data-testid="intel-filter-label"]', '');
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it('the intelligence feed sorts by a column, pages, and exports CSV and JSON', async () => {
    const { page } = node;
    const sau = await tokenOf(node, 'SAU');
    for (let i = 0; i < 26; i++) {
      const r = await node.api('/api/intel/share', {
        token: sau,
        body: {
          collection: 'gcc',
          name: `Paged report ${String(i).padStart(2, '0')}`,
          classification: 'RESTRICTED',
          releasableTo: ['QAT'],
        },
      });
      expect(r.status).toBe(201);
    }
    await page.goto(`${node.url}/#/intel`);
    // From #/intel/<id> the goto only changes the hash: load the feed afresh.
    await page.reload();
    await page.waitForSelector('[data-testid="intel-feed-row"]');
    const pageText = page.locator('[data-testid="table-page"]');
    await expect.poll(() => pageText.textContent()).toMatch(/^Rows 1–25 of \d+$/);
    const names = () =>
      page.locator('[data-testid="intel-feed-row"] td:nth-child(3)').allTextContents();
    // Sort by name: ascending, then descending.
    const nameHeader = page.locator('th[data-sort-key="name"]');
    await nameHeader.locator('button').click();
    expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');
    const asc = await names();
    expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    await nameHeader.locator('button').click();
    expect(await nameHeader.getAttribute('aria-sort')).toBe('descending');
    // The next page continues the order.
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => pageText.textContent()).toMatch(/^Rows 26–\d+ of \d+$/);

    // Export: every row in the shown order, as CSV and as JSON.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="intel-export-csv"]'),
    ]);
    expect(csv.suggestedFilename()).toBe('tahaluf-intel-feed.csv');
    const csvText = await readFile(await csv.path(), 'utf8');
    const lines = csvText
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('dateAdded,type,name,label,collection,id');
    expect(lines.length - 1).toBeGreaterThanOrEqual(27);
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="intel-export-json"]'),
    ]);
    const rows = JSON.parse(await readFile(await json.path(), 'utf8')) as { name: string }[];
    expect(rows.length).toBe(lines.length - 1);
    expect(rows.map((r) => r.name)).toEqual(
      [...rows.map((r) => r.name)].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })),
    );
  });

  it('notifies a signed-in reader of a council procedure opened by another member (server-sent events)', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/map`);
    await node.actAs('QAT');
    await page.locator('[data-testid="notifications"][data-connected="1"]').waitFor({
      state: 'attached',
    });
    // The stream is open before the procedure is opened.
    await page.waitForTimeout(1000);
    const opened = await node.api<{ id: string }>('/api/council/procedures', {
      token: await tokenOf(node, 'SAU'),
      body: {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'statement',
        title: 'Notified statement on maritime safety',
        matter: 'notify-test',
        deadline: null,
      },
    });
    expect(opened.status).toBe(201);
    // Qatar is a GCC member: the bell counts the new procedure, which awaits Qatar's vote.
    await expect
      .poll(() => page.locator('[data-testid="notifications"]').getAttribute('data-unread'))
      .toBe('1');
    await page.click('[data-testid="notify-bell"]');
    const note = page.locator('[data-testid="notifications"] [data-kind="procedure"]');
    await expect.poll(() => note.textContent()).toContain('Notified statement on maritime safety');
    expect(await note.getAttribute('data-due')).toBe('vote');
    expect(await note.textContent()).toContain('Vote due');
    expect(await note.textContent()).toContain('opened by Saudi Arabia');
    await note.locator('a').click();
    await expect
      .poll(() => page.evaluate(() => location.hash))
      .toBe(`#/council/${encodeURIComponent(opened.body.id)}`);
    // The public is refused the stream, like the rest of the API.
    const anon = await fetch(`${node.url}/api/notifications/stream`);
    expect(anon.status).toBe(401);
  });

  it('follows prefers-color-scheme, and the toggle overrides it and is remembered', async () => {
    const { page } = node;
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => localStorage.removeItem('tahaluf.theme'));
    await page.reload();
    await page.locator('[data-testid="theme-switch"]').waitFor();
    expect(await theme()).toBe('dark');
    const bg = () =>
      page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const dark = await bg();
    await page.click('[data-testid="theme-switch"]');
    expect(await theme()).toBe('light');
    expect(await bg()).not.toBe(dark);
    await page.reload();
    await page.locator('[data-testid="theme-switch"]').waitFor();
    expect(await theme()).toBe('light');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.click('[data-testid="theme-switch"]');
    expect(await theme()).toBe('dark');
    await node.screenshot('tools-dark-mode-en');
    await page.evaluate(() => localStorage.removeItem('tahaluf.theme'));
  });
});

describe('#13.11 console tools (Arabic, 390x844)', () => {
  const node = useBrowserNode({ locale: 'ar', viewport: { width: 390, height: 844 } });

  it('search in Arabic from the keyboard, and dark mode, on a phone', async () => {
    const { page } = node;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${node.url}/#/map`);
    await page.locator('[data-testid="tab-map"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.locator('[data-testid="theme-switch"]').textContent()).toBe('فاتح');
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await page.keyboard.type('قطر');
    const first = page.locator('[data-testid="search-results"] [role="option"]').first();
    await expect.poll(() => first.getAttribute('data-kind')).toBe('state');
    expect(await first.textContent()).toContain('قطر');
    expect(await first.textContent()).toContain('دولة');
    await expect
      .poll(() => page.locator('[data-testid="search-status"]').textContent())
      .toContain('Enter');
    // The dialog fits the phone's width.
    const box = await page.locator('[data-testid="search-dialog"]').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await node.screenshot('tools-search-ar-phone-dark');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/obligations\/QAT\//);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
