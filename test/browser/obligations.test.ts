import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { openNode } from '../../src/app/node.js';
import { findAtopFiles, readAtopFiles } from '../../src/treaties/atop-import.js';
import { treatiesService } from '../../src/treaties/treaties-service.js';
import { ATOP_TEST_DIR } from '../../src/treaties/testing.js';
import { useBrowserNode, type BrowserNode } from './harness.js';

const boundOnMap = (node: BrowserNode, obligation: string) =>
  node.page.$$eval(`[data-testid="obligations-map"] path[data-bound="${obligation}"]`, (els) =>
    els.map((e) => e.getAttribute('data-iso3') ?? '').sort(),
  );

describe('console: If attacked… (obligations)', () => {
  const node = useBrowserNode();

  it('lights up the states bound to defend Qatar on 2025-09-09, with clauses, and the US guarantee not yet in force', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/QAT/2025-09-09`);
    await page.waitForSelector('[data-testid="obligations-map"][data-ready="1"]');
    await page.waitForSelector('[data-testid="obligations-table"] tr[data-alliance="gcc-jda"]');
    const api = (
      await node.api<{ bound: { state: string; obligation: string }[] }>(
        '/api/obligations?attacked=QAT&date=2025-09-09',
      )
    ).body;
    const defenders = [
      ...new Set(api.bound.filter((o) => o.obligation === 'defense').map((o) => o.state)),
    ].sort();
    const drawn = await boundOnMap(node, 'defense');
    // Every defender drawn on the map is one the API names; the GCC partners are all there.
    expect(drawn.every((s) => defenders.includes(s))).toBe(true);
    expect(drawn).toEqual(expect.arrayContaining(['ARE', 'BHR', 'KWT', 'OMN', 'SAU']));
    expect(await boundOnMap(node, 'attacked')).toEqual(['QAT']);
    const gccRow = page.locator('[data-testid="obligations-table"] tr[data-alliance="gcc-jda"]');
    expect(await gccRow.count()).toBe(1);
    expect((await gccRow.getAttribute('data-states'))!.split(' ').sort()).toEqual([
      'ARE',
      'BHR',
      'KWT',
      'OMN',
      'SAU',
    ]);
    expect(await gccRow.textContent()).toContain('Art. 2');
    await expect
      .poll(() =>
        page
          .locator('[data-testid="not-binding"] li[data-alliance="us-qatar-eo-2025"]')
          .textContent(),
      )
      .toContain('binds from 2025-09-29');
    await node.screenshot('console-obligations-qatar');
    expect(node.pageErrors).toEqual([]);
  });

  it("#14.3 shows the API's own words first: Syria's suspension in 2012, Qatar not yet a party in 1960", async () => {
    const { page } = node;
    for (const [state, date, start] of [
      ['SYR', '2012-06-01', 'Syria was SUSPENDED on 2012-06-01'],
      ['QAT', '1960-01-01', 'Qatar was not yet a party to any alliance'],
      ['EGY', '1980-01-01', 'Egypt was SUSPENDED on 1980-01-01'],
    ] as const) {
      await page.goto(`${node.url}/#/obligations/${state}/${date}`);
      const summary = page.locator('[data-testid="obligations-summary"]');
      await expect.poll(() => summary.textContent()).toContain(start);
      const api = (
        await node.api<{ headline: string }>(`/api/obligations?attacked=${state}&date=${date}`)
      ).body;
      expect(await summary.textContent()).toBe(api.headline);
    }
    // The count badge no longer stands alone: Egypt 1980 is "N states bound — suspended".
    expect(await page.locator('[data-testid="bound-count"]').textContent()).toMatch(
      /^\d+ states bound — suspended$/,
    );
    // Egypt 1980: the Egypt-Israel treaty's Art. VI(5) is listed as a conflicting obligation.
    expect(
      await page
        .locator('[data-testid="obligations-conflicts"] li[data-state="EGY"]')
        .textContent(),
    ).toContain('Art. VI(5)');
    await node.screenshot('console-obligations-egypt-1980');
    // Qatar 2025-10-02: the US order is labelled an executive act, not a treaty.
    await page.goto(`${node.url}/#/obligations/QAT/2025-10-02`);
    await page.waitForSelector(
      '[data-testid="obligations-table"] tr[data-alliance="us-qatar-eo-2025"]',
    );
    expect(
      await page
        .locator(
          '[data-testid="obligations-table"] tr[data-alliance="us-qatar-eo-2025"] [data-testid="instrument"]',
        )
        .textContent(),
    ).toMatch(/^executive act \(revocable\)/);
    expect(node.pageErrors).toEqual([]);
  });

  it('moves through time with the year slider: Iraq in 1958, then 1960 without the Baghdad Pact', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/IRQ/1958-06-01`);
    await page.waitForSelector(
      '[data-testid="obligations-table"] tr[data-alliance="baghdad-pact-cento"]',
    );
    await page.locator('[data-testid="year-slider"]').fill('1960');
    await page.waitForFunction(() => window.location.hash === '#/obligations/IRQ/1960-06-01');
    await page
      .locator('[data-testid="not-binding"] li[data-alliance="baghdad-pact-cento"]')
      .waitFor();
    expect(
      await page
        .locator('[data-testid="obligations-table"] tr[data-alliance="baghdad-pact-cento"]')
        .count(),
    ).toBe(0);
    expect(
      await page
        .locator('[data-testid="not-binding"] li[data-alliance="baghdad-pact-cento"]')
        .textContent(),
    ).toContain('1959-03-24');
    expect(node.pageErrors).toEqual([]);
  });

  it('shows every error of a bad deep link and no headline', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/ZZZ/2025-02-30`);
    const errors = page.locator('[data-testid="obligations-errors"] li');
    await expect
      .poll(() => errors.allTextContents())
      .toEqual([
        "'ZZZ' is not a state code Tahaluf knows.",
        "'2025-02-30' is not a real calendar date (YYYY-MM-DD).",
      ]);
    expect(await page.locator('[data-testid="obligations-headline"]').count()).toBe(0);
    expect(await page.locator('[data-testid="obligations-table"] tbody tr').count()).toBe(0);
  });

  it('says ATOP is absent for 1939, then after a CLI import lists POL/FRA by name and their ATOP clauses', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/POL/1939-09-01`);
    const notice = page.locator('[data-testid="coverage-notice"]');
    await expect.poll(() => notice.textContent()).toContain('tahaluf atop import DIR');
    expect(await notice.textContent()).toMatch(/no alliance data/);
    expect(await page.locator('[data-testid="none-bound"]').textContent()).toMatch(
      /on the data loaded/,
    );
    await node.screenshot('console-obligations-pol-1939-no-atop');

    // `tahaluf atop import` in another process: a second node on the server's data dir.
    const cli = await openNode(
      { ...loadConfig({ TAHALUF_DATA_DIR: node.dataDir }), port: 0 },
      { seedModules: false },
    );
    try {
      await (
        await treatiesService(cli)
      ).importAtop(readAtopFiles(findAtopFiles(ATOP_TEST_DIR)), ATOP_TEST_DIR);
    } finally {
      await cli.close();
    }
    // The server notices the newer import act on a later query (checked at most every 2 s).
    await expect
      .poll(
        async () =>
          (await node.api<{ bound: unknown[] }>('/api/obligations?attacked=POL&date=1939-09-01'))
            .body.bound.length,
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    await page.reload();
    const rows = page.locator('[data-testid="obligations-table"] tr[data-obligation="defense"]');
    await rows.first().waitFor();
    const text = (await rows.allTextContents()).join('\n');
    expect(text).toContain('article: not coded by ATOP');
    expect(text).not.toContain('article not public');
    expect(text).toMatch(/France|United Kingdom/);
    // Historical date: the notice says the answer rests on ATOP alone.
    expect(await notice.textContent()).toMatch(/rests on ATOP's coding alone/);
    // The pickers now offer ATOP's states by name.
    const options = await page
      .locator('[data-testid="attacked-select"] option')
      .evaluateAll((els) => els.map((e) => [(e as HTMLOptionElement).value, e.textContent]));
    expect(options).toEqual(
      expect.arrayContaining([
        ['POL', 'Poland'],
        ['FRA', 'France'],
        ['XAH', 'Austria-Hungary (Austrian Empire to 1867)'],
      ]),
    );
    expect(await page.locator('[data-testid="attacked-select"]').inputValue()).toBe('POL');
    // Bound states outside the regional map are listed beside it.
    const api = (
      await node.api<{ bound: { state: string; stateName: string }[] }>(
        '/api/obligations?attacked=POL&date=1939-09-01',
      )
    ).body;
    const drawn = new Set(
      await page.$$eval('[data-testid="obligations-map"] path[data-iso3]', (els) =>
        els.map((e) => e.getAttribute('data-iso3')),
      ),
    );
    const pairs: [string, string][] = [
      ['POL', 'Poland'],
      ...api.bound.map((o): [string, string] => [o.state, o.stateName]),
    ];
    const offMap = [...new Map(pairs.filter(([c]) => !drawn.has(c)))];
    expect(offMap.length).toBeGreaterThan(0);
    const note = (await page.locator('[data-testid="map-offmap"]').textContent()) ?? '';
    expect(note).toContain(`Not on this map (${offMap.length}):`);
    for (const [, name] of offMap) expect(note).toContain(name);
    await node.screenshot('console-obligations-pol-1939-atop');
    expect(node.pageErrors).toEqual([]);
  }, 120_000);
});
