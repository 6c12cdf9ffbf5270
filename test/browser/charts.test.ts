import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { useBrowserNode, type BrowserNode } from './harness.js';

/**
 * #13.11 charts and deep links: intelligence volume (only what the reader may see), alert history
 * (exercise and live, per member), burden shares of the pooled forces; warning exercises and force
 * pledges have their own addresses (opening changes the URL, the URL opens it, back closes it). In
 * English at 1440x900 and in Arabic (right to left) at 390x844, with axe on each view.
 */

const tokenOf = async (node: BrowserNode, member: string) =>
  (await node.api<{ token: string }>('/api/auth/demo-login', { body: { member } })).body.token;

interface Volume {
  total: number;
  buckets: { start: string; count: number }[];
}
interface History {
  members: string[];
  buckets: { start: string; exercise: Record<string, number>; live: Record<string, number> }[];
}
interface Board {
  pledges: { id: string; member: string; troops: number; units: number }[];
}

/** The bars a chart draws: bucket start → total, read from the page. */
const barsOf = (page: Page, testId: string) =>
  page
    .locator(`[data-testid="${testId}-bar"]`)
    .evaluateAll((gs) =>
      gs.map((g) => [g.getAttribute('data-start')!, Number(g.getAttribute('data-total'))] as const),
    );

/** Shares SAU's reports in the GCC collection: one for Qatar, one for Kuwait only. */
async function shareReports(node: BrowserNode, tag: string) {
  const sau = await tokenOf(node, 'SAU');
  for (const [name, to] of [
    [`Chart probe ${tag} for Qatar`, ['QAT']],
    [`Chart probe ${tag} for Kuwait only`, ['KWT']],
  ] as const) {
    const r = await node.api('/api/intel/share', {
      token: sau,
      body: { collection: 'gcc', name, classification: 'RESTRICTED', releasableTo: to },
    });
    expect(r.status).toBe(201);
  }
}

/** The intelligence volume chart shows exactly the API's answer for the reader, and nothing for Kuwait only. */
async function checkIntelVolume(node: BrowserNode, title: string) {
  const { page } = node;
  await shareReports(node, 'one');
  await page.goto(`${node.url}/#/intel`);
  await node.actAs('QAT');
  await page.locator('[data-testid="intel-volume-chart-bar"]').first().waitFor();
  const qat = await tokenOf(node, 'QAT');
  const api = async (member: string, q: string) =>
    (
      await node.api<Volume>(`/api/intel/volume?${q}`, {
        token: member === 'QAT' ? qat : await tokenOf(node, member),
      })
    ).body;
  const before = await api('QAT', 'interval=day');
  expect(await barsOf(page, 'intel-volume-chart')).toEqual(
    before.buckets.map((b) => [b.start, b.count]),
  );
  expect(before.total).toBeGreaterThan(0);
  // The oracle is the reader's own feed: every object it lists was added today, each counted once.
  const feed = await node.api<{ items: { dateAdded: string }[] }>(
    '/api/intel/feed?include=inactive&limit=500',
    { token: qat },
  );
  const today = before.buckets[before.buckets.length - 1];
  expect(today.count).toBe(
    feed.body.items.filter((i) => i.dateAdded.startsWith(today.start)).length,
  );
  // A report for Kuwait only moves Kuwait's count, never Qatar's (the chart reloads with the feed).
  const kwtBefore = (await api('KWT', 'interval=day')).total;
  const r = await node.api('/api/intel/share', {
    token: await tokenOf(node, 'SAU'),
    body: {
      collection: 'gcc',
      name: 'Chart probe two for Kuwait only',
      classification: 'RESTRICTED',
      releasableTo: ['KWT'],
    },
  });
  expect(r.status).toBe(201);
  expect((await api('KWT', 'interval=day')).total).toBeGreaterThan(kwtBefore);
  expect((await api('QAT', 'interval=day')).total).toBe(before.total);
  await page.click('[data-testid="intel-refresh"]');
  await page.waitForTimeout(500);
  expect((await barsOf(page, 'intel-volume-chart')).reduce((a, [, n]) => a + n, 0)).toBe(
    before.total,
  );

  // Accessible: an image with its title and a description that says the total; the same numbers as a table.
  const svg = page.locator('[data-testid="intel-volume-chart-svg"]');
  expect(await svg.getAttribute('role')).toBe('img');
  expect(await svg.locator('title').first().textContent()).toBe(title);
  const desc = (await svg.locator('desc').textContent())!;
  expect(desc.length).toBeGreaterThan(20);
  await page.locator('[data-testid="intel-volume-chart"] summary').click();
  const rows = page.locator('[data-testid="intel-volume-chart-table"] tbody tr');
  expect(await rows.count()).toBe(30);
  // Week by week: twelve bars, the same total.
  await page.click('[data-testid="intel-volume-interval"] [data-interval="week"]');
  await expect.poll(() => page.locator('[data-testid="intel-volume-chart-bar"]').count()).toBe(12);
  const weeks = await api('QAT', 'interval=week');
  expect(await barsOf(page, 'intel-volume-chart')).toEqual(
    weeks.buckets.map((b) => [b.start, b.count]),
  );
  expect(
    await page
      .locator('[data-testid="intel-volume-interval"] [data-interval="week"]')
      .getAttribute('aria-pressed'),
  ).toBe('true');
  return { svg, bars: page.locator('[data-testid="intel-volume-chart-bar"]') };
}

/** The burden chart's rows: the board's pledges per member, shares of the total, largest first. */
async function checkBurden(node: BrowserNode) {
  const { page } = node;
  await page.goto(`${node.url}/#/forces/joint-arab-force`);
  await page.locator('[data-testid="burden-chart-row"]').first().waitFor();
  const board = (await node.api<Board>('/api/forces/board/joint-arab-force')).body;
  const expected = (key: 'troops' | 'units') => {
    const by = new Map<string, number>();
    for (const p of board.pledges) by.set(p.member, (by.get(p.member) ?? 0) + p[key]);
    const total = [...by.values()].reduce((a, b) => a + b, 0);
    return [...by]
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([m, v]) => [m, v, (v / total).toFixed(6)]);
  };
  const shown = () =>
    page
      .locator('[data-testid="burden-chart-row"]')
      .evaluateAll((rs) =>
        rs.map((r) => [
          r.getAttribute('data-key'),
          Number(r.getAttribute('data-value')),
          r.getAttribute('data-share'),
        ]),
      );
  expect(board.pledges.length).toBeGreaterThan(1);
  expect(await shown()).toEqual(expected('troops'));
  await page.selectOption('[data-testid="burden-measure"]', 'units');
  await expect.poll(shown).toEqual(expected('units'));
  await page.selectOption('[data-testid="burden-measure"]', 'troops');
  return board;
}

/** A pledge opens at its own address; the address opens it in a fresh page; back closes it. */
async function checkPledgeLink(node: BrowserNode, board: Board) {
  const { page } = node;
  const pledge = board.pledges[board.pledges.length - 1];
  await page.goto(`${node.url}/#/forces/joint-arab-force`);
  await node.actAs('QAT');
  await page.locator(`[data-testid="pledge-row"][data-pledge="${pledge.id}"]`).click();
  await expect
    .poll(() => page.evaluate(() => location.hash))
    .toBe(`#/forces/joint-arab-force/pledge/${encodeURIComponent(pledge.id)}`);
  await page.locator('[data-testid="pledge-units"] tbody tr').first().waitFor();
  expect(await page.locator('[data-testid="pledge-units"] tbody tr').count()).toBe(pledge.units);
  // A fresh page at that address opens the same pledge.
  await page.reload();
  await page.locator('[data-testid="pledge-units"] tbody tr').first().waitFor();
  expect(await page.locator('[data-testid="pledge-detail"]').getAttribute('data-pledge')).toBe(
    pledge.id,
  );
  expect(
    await page
      .locator(`[data-testid="pledge-row"][data-pledge="${pledge.id}"]`)
      .getAttribute('aria-current'),
  ).toBe('true');
  // Back: the board without the pledge.
  await page.goBack();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/forces/joint-arab-force');
  await expect.poll(() => page.locator('[data-testid="pledge-detail"]').count()).toBe(0);
  // Forward opens it again.
  await page.goForward();
  await page.locator('[data-testid="pledge-detail"]').waitFor();
}

/**
 * A warning exercise at its own address: an instant exercise run through the API is opened by its URL
 * in a fresh page, its alerts are in the alert-history chart as the API counts them; starting one in the
 * console moves the URL to it and back returns.
 */
async function checkExerciseLink(node: BrowserNode) {
  const { page } = node;
  const qat = await tokenOf(node, 'QAT');
  // Before any Alert to Qatar, the chart says it has nothing to draw and how Alerts arrive.
  await node.actAs('QAT');
  await page.goto(`${node.url}/#/warning`);
  await page.locator('[data-testid="alert-history-empty"]').waitFor();
  // …about Qatar, the member the reader acts for, not "all members".
  expect(await page.locator('[data-testid="alert-history-empty"] p').first().textContent()).toMatch(
    /Qatar|قطر/,
  );
  expect(await page.locator('[data-testid="alert-history-chart-bar"]').count()).toBe(0);
  const ran = await node.api<{ id: string }>('/api/warning/exercises', {
    token: qat,
    body: { scenario: 'single-short', seed: 3, speed: 100, instant: true },
  });
  expect(ran.status).toBe(201);
  await page.goto(`${node.url}/#/warning/exercise/${ran.body.id}`);
  await node.actAs('QAT');
  const row = page.locator(`[data-testid="exercise-row"][data-exercise="${ran.body.id}"]`);
  await row.waitFor();
  await expect.poll(() => row.getAttribute('aria-current')).toBe('true');
  await page.locator('[data-testid="exercise-summary"]').waitFor();

  // Alert history: the bars are the API's count of Qatar's alerts (exercise + live) per day.
  await page.locator('[data-testid="alert-history-chart-bar"]').first().waitFor();
  const history = (await node.api<History>('/api/warning/alert-history', { token: qat })).body;
  expect(history.members).toEqual(['QAT']);
  const expected = history.buckets.map((b) => [b.start, (b.exercise.QAT ?? 0) + (b.live.QAT ?? 0)]);
  await expect.poll(() => barsOf(page, 'alert-history-chart')).toEqual(expected);
  expect(history.buckets[history.buckets.length - 1].exercise.QAT).toBeGreaterThan(0);
  expect(
    await page
      .locator('[data-testid="alert-history-chart-bar"] rect[data-series="exercise"]')
      .count(),
  ).toBeGreaterThan(0);

  // An address of an exercise the node does not hold says so.
  await page.goto(`${node.url}/#/warning/exercise/EX-nothere`);
  await page.locator('[data-testid="exercise-missing"]').waitFor();
  // Opening a row changes the address; back returns to the one before.
  await row.click();
  await expect
    .poll(() => page.evaluate(() => location.hash))
    .toBe(`#/warning/exercise/${ran.body.id}`);
  await page.goBack();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/warning/exercise/EX-nothere');
  await page.locator('[data-testid="exercise-missing"]').waitFor();
  // Starting an exercise in the console opens its address.
  await page.goto(`${node.url}/#/warning`);
  await page.selectOption('[data-testid="warning-scenario"]', 'single-short');
  await page.click('[data-testid="warning-start"]');
  await expect
    .poll(() => page.evaluate(() => location.hash))
    .toMatch(/^#\/warning\/exercise\/EX-[0-9a-f]{8}$/);
  await page.goBack();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/warning');
}

describe('#13.11 charts and deep links (English, 1440x900)', () => {
  const node = useBrowserNode({ locale: 'en-GB' });

  it('intelligence volume counts only what the reader may see, drawn and as a table', async () => {
    await checkIntelVolume(node, 'Intelligence shared over time');
    expect(await seriousViolations(node.page)).toEqual([]);
    // Dark mode: the bars take the dark palette.
    const fill = () =>
      node.page
        .locator('[data-testid="intel-volume-chart-bar"] rect')
        .first()
        .evaluate((r) => getComputedStyle(r).fill);
    const light = await fill();
    await node.page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    try {
      expect(await fill()).not.toBe(light);
      expect(await seriousViolations(node.page)).toEqual([]);
    } finally {
      await node.page.evaluate(() => delete document.documentElement.dataset.theme);
    }
    await node.screenshot('charts-intel-volume-en');
  });

  it('burden shares of the pooled forces, and a pledge at its own address', async () => {
    await node.actAs(null);
    const board = await checkBurden(node);
    expect(
      await node.page.locator('[data-testid="burden-chart-row"]').first().textContent(),
    ).toMatch(/\d+(,\d{3})* \(\d+\.\d%\)/);
    expect(await seriousViolations(node.page)).toEqual([]);
    await checkPledgeLink(node, board);
    expect(await seriousViolations(node.page)).toEqual([]);
    await node.screenshot('charts-forces-en');
  });

  it(
    'a warning exercise at its own address, and the alert history as the API counts it',
    { timeout: 180_000 },
    async () => {
      await checkExerciseLink(node);
      expect(await seriousViolations(node.page)).toEqual([]);
      await node.screenshot('charts-warning-en');
      expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    },
  );
});

describe('#13.11 charts and deep links (Arabic, right to left, 390x844)', () => {
  const node = useBrowserNode({ locale: 'ar', viewport: { width: 390, height: 844 } });
  const noSidewaysScroll = () =>
    node.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

  it('the intelligence volume in Arabic: time runs right to left, no sideways scroll', async () => {
    const { bars } = await checkIntelVolume(node, 'المعلومات الاستخبارية المتبادلة عبر الزمن');
    // Oldest bucket at the right, newest at the left.
    const xs = await bars.evaluateAll((gs) =>
      gs.map((g) => g.getBoundingClientRect().x + g.getBoundingClientRect().width / 2),
    );
    expect(xs[0]).toBeGreaterThan(xs[xs.length - 1]);
    expect(await node.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(
      await node.page.locator('[data-testid="intel-volume-chart"] summary').textContent(),
    ).toBe('عرض كجدول');
    expect(await noSidewaysScroll()).toBe(true);
    expect(await seriousViolations(node.page)).toEqual([]);
    await node.screenshot('charts-intel-volume-ar');
  });

  it('burden shares and a pledge address in Arabic', async () => {
    await node.actAs(null);
    const board = await checkBurden(node);
    expect(await node.page.locator('[data-testid="burden-chart-panel"] h2').textContent()).toBe(
      'تقاسم الأعباء في القوات المشتركة',
    );
    expect(await noSidewaysScroll()).toBe(true);
    expect(await seriousViolations(node.page)).toEqual([]);
    await checkPledgeLink(node, board);
    expect(await node.page.locator('[data-testid="pledge-detail"] h2').textContent()).toContain(
      'تعهد',
    );
    expect(await noSidewaysScroll()).toBe(true);
    expect(await seriousViolations(node.page)).toEqual([]);
    await node.screenshot('charts-forces-ar');
  });

  it(
    'a warning exercise address and the alert history in Arabic',
    { timeout: 180_000 },
    async () => {
      await checkExerciseLink(node);
      expect(await node.page.locator('[data-testid="alert-history"] h2').textContent()).toBe(
        'الإنذارات الصادرة عبر الزمن',
      );
      expect(await noSidewaysScroll()).toBe(true);
      expect(await seriousViolations(node.page)).toEqual([]);
      await node.screenshot('charts-warning-ar');
    },
  );
});
