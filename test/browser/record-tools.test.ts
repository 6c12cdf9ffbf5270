import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useBrowserNode, type BrowserNode } from './harness.js';

/**
 * #13.11 record table: sorted and paged by the API (the filter applies to the whole record, not to the
 * newest 100 acts loaded), an act's own address (#/record/<id>) that a fresh page opens, and the slice
 * shown exported as JSON lines.
 */
interface ApiAct {
  id: string;
  seq: number;
  actor: string;
  type: string;
  hash: string;
}
const acts = async (node: BrowserNode, query: string) =>
  (await node.api<{ acts: ApiAct[]; total: number }>(`/api/record?${query}`)).body;
const rowIds = (node: BrowserNode) =>
  node.page
    .locator('[data-testid="record-row"]')
    .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-act-id')));

/** 150 public acts (council procedures opened by Saudi Arabia), so the seeded acts are off the newest page. */
async function addActs(node: BrowserNode) {
  const token = (
    await node.api<{ token: string }>('/api/auth/demo-login', { body: { member: 'SAU' } })
  ).body.token;
  for (let i = 0; i < 150; i++) {
    const opened = await node.api('/api/council/procedures', {
      token,
      body: {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'statement',
        title: `Record paging statement ${i}`,
        matter: `record-paging-${i}`,
        deadline: null,
      },
    });
    expect(opened.status).toBe(201);
  }
}

describe('#13.11 record table (English, 1440x900)', () => {
  const node = useBrowserNode({ locale: 'en-GB' });

  it('filters the whole record, pages newest first beyond 100 acts, sorts by actor and type', async () => {
    const { page } = node;
    await addActs(node);
    // The oldest act's type: its acts are far from the newest 100, so only a filter over the whole
    // record finds them.
    const oldest = (await acts(node, 'limit=1')).acts[0];
    const prefix = `${oldest.type.split('.')[0]}.`;
    const everything = await acts(node, 'limit=100&order=desc');
    expect(everything.total).toBeGreaterThan(100);
    const matching = await acts(node, `typePrefix=${prefix}&order=desc&limit=1000`);
    expect(matching.total).toBeGreaterThan(0);

    await page.goto(`${node.url}/#/record`);
    await page.waitForSelector('[data-testid="record-row"]');
    expect(await rowIds(node)).toEqual(everything.acts.map((a) => a.id));
    expect(await page.locator('[data-testid="record-count"]').textContent()).toBe(
      `${everything.total} matching acts · showing 1–100`,
    );
    // Next page: acts 101–200, still newest first.
    await page.click('[data-testid="record-next"]');
    await expect
      .poll(() => page.locator('[data-testid="record-count"]').textContent())
      .toContain('showing 101–');
    const second = await acts(node, 'limit=100&order=desc&offset=100');
    expect(await rowIds(node)).toEqual(second.acts.map((a) => a.id));

    // The filter asks the API: the newest matching act is listed first even though it is old.
    await page.fill('[data-testid="record-type"]', prefix);
    await expect
      .poll(() => page.locator('[data-testid="record-count"]').textContent())
      .toBe(`${matching.total} matching acts · showing 1–${Math.min(100, matching.total)}`);
    expect(await rowIds(node)).toEqual(matching.acts.slice(0, 100).map((a) => a.id));
    expect(everything.acts.some((a) => a.id === matching.acts[0].id)).toBe(false);
    await page.fill('[data-testid="record-type"]', '');

    // Sort by actor (ascending, then descending) and by type: the API's order over the whole record.
    const actorHead = page.locator('th[data-sort-key="actor"]');
    await actorHead.locator('button').click();
    expect(await actorHead.getAttribute('aria-sort')).toBe('ascending');
    const byActor = await acts(node, 'sort=actor&order=asc&limit=100');
    await expect.poll(() => rowIds(node)).toEqual(byActor.acts.map((a) => a.id));
    const actors = byActor.acts.map((a) => a.actor);
    expect(actors).toEqual([...actors].sort());
    await actorHead.locator('button').click();
    expect(await actorHead.getAttribute('aria-sort')).toBe('descending');
    const byActorDesc = await acts(node, 'sort=actor&order=desc&limit=100');
    await expect.poll(() => rowIds(node)).toEqual(byActorDesc.acts.map((a) => a.id));
    await page.locator('th[data-sort-key="type"] button').click();
    const byType = await acts(node, 'sort=type&order=asc&limit=100');
    await expect.poll(() => rowIds(node)).toEqual(byType.acts.map((a) => a.id));
    await page.locator('th[data-sort-key="seq"] button').click();
    expect(await page.locator('th[data-sort-key="seq"]').getAttribute('aria-sort')).toBe(
      'descending',
    );
    expect(node.pageErrors).toEqual([]);
  });

  it('opening a row changes the address; the address opens the same act in a fresh page', async () => {
    const { page, browser } = node;
    await page.goto(`${node.url}/#/record`);
    await page.reload();
    const row = page.locator('[data-testid="record-row"]').nth(3);
    await row.waitFor();
    const id = await row.getAttribute('data-act-id');
    await row.click();
    await expect
      .poll(() => page.evaluate(() => decodeURIComponent(location.hash)))
      .toBe(`#/record/${id}`);
    const shown = await page
      .locator(`[data-testid="record-act"][data-act-id="${id}"]`)
      .textContent();
    const act = (await node.api<ApiAct>(`/api/record/${id}`)).body;
    expect(shown).toContain(act.hash);

    const fresh = await browser.newPage();
    try {
      await fresh.goto(`${node.url}/#/record/${encodeURIComponent(id!)}`);
      const again = fresh.locator(`[data-testid="record-act"][data-act-id="${id}"]`);
      await again.waitFor();
      expect(await again.textContent()).toContain(act.hash);
      expect(await fresh.locator('[data-testid="record-row"][aria-current="true"]').count()).toBe(
        1,
      );
      // An act far from the newest page opens on its own, fetched by id.
      const oldest = (await acts(node, 'limit=1')).acts[0];
      await fresh.goto(`${node.url}/#/record/${encodeURIComponent(oldest.id)}`);
      const alone = fresh.locator(`[data-testid="record-act"][data-act-id="${oldest.id}"]`);
      await expect.poll(() => alone.textContent()).toContain(oldest.hash);
      expect(await alone.locator('h3').textContent()).toBe(`Act #${oldest.seq}: ${oldest.type}`);
    } finally {
      await fresh.close();
    }
    // Opening the same row again closes it and the address returns to the record.
    await page.locator(`[data-testid="record-row"][data-act-id="${id}"]`).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/record');
  });

  it('exports the acts shown as JSON lines, one signed act a line, in the order shown', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/record`);
    await page.waitForSelector('[data-testid="record-row"]');
    await page.fill('[data-testid="record-actor"]', 'SECRETARIAT');
    const expected = await acts(node, 'actor=SECRETARIAT&order=desc&limit=100');
    await expect.poll(() => rowIds(node)).toEqual(expected.acts.map((a) => a.id));
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="record-export-jsonl"]'),
    ]);
    expect(file.suggestedFilename()).toMatch(/^tahaluf-record-\d+-\d+\.jsonl$/);
    const text = await readFile(await file.path(), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as ApiAct & { signature: string; prevHash: string });
    expect(lines.map((a) => a.id)).toEqual(expected.acts.map((a) => a.id));
    expect(lines.every((a) => a.actor === 'SECRETARIAT')).toBe(true);
    expect(lines[0].hash).toBe(expected.acts[0].hash);
    expect(typeof lines[0].signature).toBe('string');
  });
});

describe('#13.11 record table (Arabic, 390x844)', () => {
  const node = useBrowserNode({ locale: 'ar', viewport: { width: 390, height: 844 } });

  it('an act opened by its address, sortable heads and the pager in Arabic', async () => {
    const { page } = node;
    const oldest = (await acts(node, 'limit=1')).acts[0];
    await page.goto(`${node.url}/#/record/${encodeURIComponent(oldest.id)}`);
    const opened = page.locator(`[data-testid="record-act"][data-act-id="${oldest.id}"]`);
    await expect.poll(() => opened.textContent()).toContain(oldest.hash);
    expect(await opened.textContent()).toContain('معرّف القيد');
    expect(await page.locator('th[data-sort-key="actor"] button').getAttribute('title')).toBe(
      'رتّب حسب الفاعل',
    );
    expect(await page.locator('[data-testid="record-next"]').textContent()).toBe('الصفحة التالية');
    expect(await page.locator('[data-testid="record-count"]').textContent()).toContain(
      'قيداً مطابقاً',
    );
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    expect(node.pageErrors).toEqual([]);
  });
});
