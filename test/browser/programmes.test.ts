import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { useBrowserNode, type BrowserNode } from './harness.js';

describe('console programmes', () => {
  const node = useBrowserNode();

  it('from proposal to a completed milestone: propose as QAT, join and contribute as SAU, complete as QAT, export the roadmap', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/programmes`);
    await node.actAs('QAT');
    await page.selectOption('[data-testid="programmes-alliance"]', 'gcc');
    await page.fill(
      '[data-testid="programme-title"]',
      'Common standard for data links (browser test)',
    );
    await page.selectOption('[data-testid="programme-area"]', 'data-links');
    await page.fill(
      '[data-testid="programme-objective"]',
      'Every participating air force on one data link',
    );
    await page.fill('[data-testid="programme-ms-title"]', 'Gateway trial between two air forces');
    await page.fill('[data-testid="programme-ms-due"]', '2027-06-30');
    await page.click('[data-testid="programme-propose-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="programme-status"]').textContent())
      .toContain('proposed');
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    expect(id).toMatch(/^prog_/);

    await node.actAs('SAU');
    await page.goto(`${node.url}/#/programmes/${id}`);
    await page.click('[data-testid="programme-join"]');
    await expect
      .poll(() => page.locator('[data-testid="programme-participants"]').textContent())
      .toBe('Participants: Qatar and Saudi Arabia');
    await page.selectOption('[data-testid="contribution-kind"]', 'equipment');
    await page.fill('[data-testid="contribution-amount"]', '2');
    await page.fill('[data-testid="contribution-description"]', 'Link gateways for the trial');
    await page.click('[data-testid="contribution-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="programme-contributions"]').textContent())
      .toContain('Saudi Arabia: 2 items (equipment) — Link gateways for the trial');

    await node.actAs('QAT');
    await page.goto(`${node.url}/#/programmes/${id}`);
    await page.fill('[data-testid="milestone-evidence"]', 'Trial report circulated');
    await page.locator('[data-testid^="milestone-complete-"]').click();
    await expect
      .poll(() => page.locator('[data-testid^="milestone-status-"]').textContent())
      .toMatch(/^completed \d{4}-\d{2}-\d{2}$/);
    const history = await page.locator('[data-testid="programme-history"]').textContent();
    // History lines worded from their codes: the actor by the registry's name, then what it did.
    expect(history).toContain('Saudi Arabia: joined');
    expect(history).toContain(
      'Saudi Arabia: committed 2 items (equipment): Link gateways for the trial',
    );
    expect(history).toContain('Qatar: completed milestone “Gateway trial between two air forces”');

    // Every step is a signed act of the member that took it.
    const acts = await node.api<{ acts: { actor: string; type: string }[] }>(
      `/api/record?subject=${id}`,
    );
    expect(acts.body.acts.map((a) => `${a.actor} ${a.type}`)).toEqual([
      'QAT programmes.proposed',
      'SAU programmes.joined',
      'SAU programmes.contribution.committed',
      'QAT programmes.milestone.completed',
    ]);

    // The roadmap shows QAT's milestone; the CSV export link serves the same row.
    await page.fill('[data-testid="roadmap-member"]', 'QAT');
    await expect
      .poll(() => page.locator('[data-testid="programmes-roadmap"]').textContent())
      .toContain('Gateway trial between two air forces');
    const href = await page.locator('[data-testid="roadmap-csv"]').getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv).toContain('QAT,2027-06-30,completed');
    // The same rows as an iCalendar file, and the programme as a bar on QAT's timeline.
    const icsHref = await page.locator('[data-testid="roadmap-ics"]').getAttribute('href');
    const ics = await page.evaluate(async (u) => (await fetch(u!)).text(), icsHref);
    expect(ics.replace(/\r\n /g, '')).toContain(
      'SUMMARY:QAT: Gateway trial between two air forces (Common standard for data links (browser test))',
    );
    expect(await page.locator(`[data-testid="roadmap-programme-QAT-${id}"]`).count()).toBe(1);
    // Seeded programmes say they are illustrative, and what they rest on.
    const seeded = (
      await node.api<{ id: string; illustrative: boolean; title: string }[]>(
        '/api/programmes?alliance=gcc',
      )
    ).body.find((p) => p.illustrative)!;
    await page.goto(`${node.url}/#/programmes/${seeded.id}`);
    await expect
      .poll(() => page.locator('[data-testid="programme-illustrative"]').textContent())
      .toMatch(/^Illustrative: .* Sources: /);
    await node.screenshot('console-programmes');
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 120_000);
});

/**
 * A programme whose admission the charter gives to the GCC council, walked in the console: QAT proposes
 * it ("admission decided by the council"), SAU asks the council to admit it (the request is filed and the
 * decision tabled in one click, the console opens it in the Council tab), each of the six members votes
 * as the member picked in the header, SAU (the opener) closes it, the secretariat's settlement (the bus
 * event of the closing act) admits SAU, and the programme says so. In English, and in Arabic (RTL).
 */
/**
 * The roadmap's time runs the way its axis says, in both reading directions: a member's earliest
 * milestone dot sits on the side of the axis label with the earliest date (in Arabic, the right), and a
 * long state name stays within two lines of its column. Regression: the dots were placed from the left
 * while the axis was mirrored in Arabic, so every timeline read backwards.
 */
const roadmapDirection = async (node: BrowserNode) => {
  const { page } = node;
  await page.goto(`${node.url}/#/programmes`);
  const roadmap = page.locator('[data-testid="programmes-roadmap"]');
  await expect.poll(() => roadmap.locator('[data-due]').count()).toBeGreaterThan(1);
  const x = async (l: Locator) => {
    const b = (await l.boundingBox())!;
    return b.x + b.width / 2;
  };
  const axis = page.locator('[data-testid="roadmap-axis"] span');
  const axisSign = Math.sign((await x(axis.last())) - (await x(axis.first())));
  expect(axisSign).not.toBe(0);
  let checked = 0;
  for (const row of await roadmap.locator('[data-testid^="roadmap-row-"]').all()) {
    const dots = await Promise.all(
      (await row.locator('[data-due]').all()).map(async (d) => ({
        due: (await d.getAttribute('data-due'))!,
        x: await x(d),
      })),
    );
    dots.sort((a, b) => a.due.localeCompare(b.due));
    if (dots.length < 2 || dots[0].due === dots[dots.length - 1].due) continue;
    expect(Math.sign(dots[dots.length - 1].x - dots[0].x)).toBe(axisSign);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
  // The axis spans exactly the timelines, at desktop width and on a phone (where the rows stack).
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const axisBox = (await page.locator('[data-testid="roadmap-axis"]').boundingBox())!;
    const lineBox = (await roadmap.locator('[data-testid^="roadmap-row-"]').first().boundingBox())!;
    expect(Math.abs(axisBox.x - lineBox.x), `axis vs timeline left at ${width}px`).toBeLessThan(2);
    expect(Math.abs(axisBox.width - lineBox.width), `widths at ${width}px`).toBeLessThan(2);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const label of await roadmap.locator('strong').all()) {
    const box = (await label.boundingBox())!;
    const line = await label.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || 20);
    expect(box.height, (await label.textContent()) ?? '').toBeLessThan(2.5 * line);
  }
};

const councilJoin = (lang: 'en' | 'ar') => async (node: BrowserNode) => {
  const { page } = node;
  const ar = lang === 'ar';
  // State names as the registry gives them in the reader's language.
  const states = (
    await node.api<{ iso3: string; nameEn: string; nameAr?: string }[]>('/api/states')
  ).body;
  const nameOf = (iso3: string) => {
    const s = states.find((x) => x.iso3 === iso3)!;
    return ar ? s.nameAr! : s.nameEn;
  };
  const list = (a: string, b: string) =>
    new Intl.ListFormat(lang, { type: 'conjunction' }).format([a, b]);
  await page.goto(`${node.url}/#/programmes`);
  await node.actAs('QAT');
  if (ar) expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
  await page.selectOption('[data-testid="programmes-alliance"]', 'gcc');
  await page.fill('[data-testid="programme-title"]', `Joint air policing roster (${lang})`);
  await page.selectOption('[data-testid="programme-area"]', 'air-missile-warning');
  await page.fill('[data-testid="programme-objective"]', 'One roster for quick-reaction alerts');
  await page.check('[data-testid="programme-council"]');
  await page.click('[data-testid="programme-propose-submit"]');
  await expect
    .poll(() => page.locator('[data-testid="programme-status"]').textContent())
    .toContain(ar ? 'يقرّر مجلس' : 'council decides join');
  const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
  expect(id).toMatch(/^prog_/);

  // SAU asks; the console files the request and tables the decision, then opens it.
  await node.actAs('SAU');
  await page.goto(`${node.url}/#/programmes/${id}`);
  const ask = page.locator('[data-testid="programme-join"]');
  await expect
    .poll(() => ask.textContent())
    .toBe(ar ? `طلب قبول ${nameOf('SAU')} من المجلس` : `Ask the council to admit ${nameOf('SAU')}`);
  await ask.click();
  await page.waitForURL((u) => u.hash.startsWith('#/council/'));
  const procedure = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
  await page.waitForSelector('[data-testid="council-tally-yes"]');
  const opened = await node.api<{
    status: string;
    openedBy: string;
    open: { relatedTo?: string; decisionType?: string };
  }>(`/api/council/procedures/${procedure}`);
  expect(opened.body).toMatchObject({ status: 'open', openedBy: 'SAU' });
  expect(opened.body.open.decisionType).toBe('substantive');
  expect(opened.body.open.relatedTo).toMatch(new RegExp(`^programme:${id}:`));

  // Every GCC member votes yes in the console, as the member picked in the header.
  const members = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];
  for (const [i, m] of members.entries()) {
    await node.actAs(m);
    await page.goto(`${node.url}/#/council/${procedure}`);
    await page.click('[data-testid="council-vote-yes"]');
    await expect
      .poll(() => page.locator('[data-testid="council-tally-yes"]').textContent())
      .toBe(new Intl.NumberFormat(ar ? 'ar' : 'en').format(i + 1));
  }
  await expect
    .poll(() => page.locator('[data-testid="council-all-voted"]').textContent())
    .toContain(
      ar
        ? `صوّت الأعضاء الـ${new Intl.NumberFormat('ar').format(6)} الذين تُحتسب أصواتهم: القرار معتمد`
        : 'All 6 members whose votes count have voted: the decision is adopted',
    );
  // SAU opened it (the request's decision was tabled by the member asking): SAU closes it.
  await page.click('[data-testid="council-close"]');
  await expect
    .poll(() => page.locator('[data-testid="council-status"]').textContent())
    .toContain(ar ? 'مغلق' : 'closed');
  if (!ar) await node.screenshot('programme-council-join-closed');

  // The settlement admits SAU; the programme shows it, the request approved, both acts signed.
  await page.goto(`${node.url}/#/programmes/${id}`);
  await expect
    .poll(() => page.locator('[data-testid="programme-participants"]').textContent(), {
      timeout: 20_000,
    })
    .toBe(
      ar
        ? `المشاركون: ${list(nameOf('QAT'), nameOf('SAU'))}`
        : `Participants: ${list(nameOf('QAT'), nameOf('SAU'))}`,
    );
  expect(await page.locator('[data-testid="programme-requests"]').textContent()).toContain(
    ar ? `${nameOf('SAU')}، الانضمام: مقبول` : `${nameOf('SAU')} join: approved`,
  );
  // The signed acts in the reader's language: names from the registry, the secretariat by its label,
  // no English summary and no bare code left.
  const history = page.locator('[data-testid="programme-history"] li');
  await expect.poll(() => history.count()).toBe(3);
  const lines = await history.allTextContents();
  const gcc = (
    await node.api<{ id: string; name: string; nameAr: string }[]>('/api/alliances')
  ).body.find((a) => a.id === 'gcc')!;
  const expected = ar
    ? [
        `${nameOf('QAT')}: اقتراح «Joint air policing roster (ar)» في ${gcc.nameAr}`,
        `${nameOf('SAU')}: طلب قرار المجلس في الانضمام`,
        `الأمانة العامة: قرّر المجلس قبول انضمام ${nameOf('SAU')}`,
      ]
    : [
        `${nameOf('QAT')}: proposed “Joint air policing roster (en)” in ${gcc.name}`,
        `${nameOf('SAU')}: asked the council to decide on joining`,
        `Secretariat: the council admitted ${nameOf('SAU')}`,
      ];
  // Each line: its number and signing time, then the worded act.
  expected.forEach((text, i) => expect(lines[i].endsWith(` ${text}`), lines[i]).toBe(true));
  expect(lines.join('\n')).not.toMatch(/SECRETARIAT|SAU|QAT/);
  expect(await page.locator('[data-testid="programme-join"]').count()).toBe(0);
  expect(await page.locator('[data-testid="programme-leave"]').count()).toBe(1);
  const acts = await node.api<{ acts: { actor: string; type: string }[] }>(
    `/api/record?subject=${id}`,
  );
  expect(acts.body.acts.map((a) => `${a.actor} ${a.type}`)).toEqual([
    'QAT programmes.proposed',
    'SAU programmes.request.filed',
    'SECRETARIAT programmes.request.settled',
  ]);
  await node.screenshot(`programme-council-join-${lang}`);
  expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
};

describe('console programmes: joining a council-governed programme (English)', () => {
  const node = useBrowserNode();
  it('SAU asks the council, the six members vote in the console, the opener closes, SAU is admitted', async () => {
    await councilJoin('en')(node);
  }, 180_000);
  it('the roadmap runs left to right, as its axis does', async () => {
    await roadmapDirection(node);
  }, 60_000);
});

describe('console programmes: joining a council-governed programme (Arabic, right to left)', () => {
  const node = useBrowserNode({ locale: 'ar' });
  it('the same walk in Arabic: names, tallies and outcome in Arabic', async () => {
    await councilJoin('ar')(node);
  }, 180_000);
  it('the roadmap runs right to left, as its axis does', async () => {
    await roadmapDirection(node);
  }, 60_000);
});
