import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useBrowserNode, type BrowserNode } from './harness.js';

/**
 * #13.11 exports: the obligations answer as CSV and printed to PDF (the print stylesheet keeps the
 * answer only), and the intelligence the reader sees as a STIX 2.1 bundle. (CAP XML: warning.test.ts;
 * the record slice as JSON lines: record-tools.test.ts.)
 */
const tokenOf = async (node: BrowserNode, member: string) =>
  (await node.api<{ token: string }>('/api/auth/demo-login', { body: { member } })).body.token;

/** RFC 4180 as our export writes it: CRLF lines, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

interface Bound {
  state: string;
  obligation: string;
  allianceId: string;
  article: string | null;
}

const HEAD =
  'state,stateName,toward,obligation,action,alliance,allianceName,article,instrument,strength,suspended,conditions,sources';

async function obligationsCsv(node: BrowserNode) {
  const { page } = node;
  await page.goto(`${node.url}/#/obligations/QAT/2025-09-09`);
  await page.locator('[data-testid="obligations-table"] tbody tr').first().waitFor();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="obligations-export-csv"]'),
  ]);
  expect(file.suggestedFilename()).toBe('tahaluf-obligations-QAT-2025-09-09.csv');
  return parseCsv(await readFile(await file.path(), 'utf8'));
}

describe('#13.11 exports (English, 1440x900)', () => {
  const node = useBrowserNode({ locale: 'en-GB' });

  it('the obligations answer as CSV: one row per state bound, as the API answers', async () => {
    const answer = await node.api<{ bound: Bound[] }>(
      '/api/obligations?attacked=QAT&date=2025-09-09',
    );
    expect(answer.body.bound.length).toBeGreaterThan(0);
    const [head, ...rows] = await obligationsCsv(node);
    expect(head.join(',')).toBe(HEAD);
    expect(rows.map((r) => [r[0], r[3], r[5], r[7]])).toEqual(
      answer.body.bound.map((b) => [b.state, b.obligation, b.allianceId, b.article ?? '']),
    );
    const sau = rows.find((r) => r[0] === 'SAU');
    expect(sau?.[1]).toBe('Saudi Arabia');
    expect(rows.every((r) => r[2] === 'QAT')).toBe(true);
  });

  it('prints only the answer (print stylesheet), and Chromium saves it as a PDF', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/obligations/QAT/2025-09-09`);
    await page.locator('[data-testid="obligations-table"] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid="obligations-print"]').textContent()).toBe(
      'Print or save as PDF',
    );
    await page.emulateMedia({ media: 'print' });
    try {
      const shown = (selector: string) => page.locator(selector).first().isVisible();
      expect(await shown('header.topbar')).toBe(false);
      expect(await shown('nav.tabs')).toBe(false);
      expect(await shown('[data-testid="obligations-export"]')).toBe(false);
      expect(await shown('[data-testid="attacked-select"]')).toBe(false);
      expect(await shown('[data-testid="obligations-table"]')).toBe(true);
      expect(await shown('[data-testid="obligations-headline"]')).toBe(true);
      // Dark ink on white in print, even in the dark theme.
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
        'rgb(255, 255, 255)',
      );
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.evaluate(() => delete document.documentElement.dataset.theme);
    }
  });

  it('the intelligence the reader sees, filtered, as a STIX 2.1 bundle; nothing it may not see', async () => {
    const { page } = node;
    const sau = await tokenOf(node, 'SAU');
    const share = (name: string, releasableTo: string[]) =>
      node.api<{ id: string }>('/api/intel/share', {
        token: sau,
        body: { collection: 'gcc', name, classification: 'RESTRICTED', releasableTo },
      });
    const mine = await share('Bundle export boat sighting for Qatar', ['QAT']);
    const hidden = await share('Bundle export boat sighting for Kuwait only', ['KWT']);
    expect(mine.status).toBe(201);
    expect(hidden.status).toBe(201);
    await page.goto(`${node.url}/#/intel`);
    await node.actAs('QAT');
    await page.locator('[data-testid="intel-feed-row"]').first().waitFor();
    // Filtered as the reader filters the feed: reports only.
    await page.selectOption('[data-testid="intel-filter-type"]', 'report');
    const qat = await tokenOf(node, 'QAT');
    const feed = await node.api<{ items: { id: string }[] }>('/api/intel/feed?type=report', {
      token: qat,
    });
    expect(feed.body.items.map((i) => i.id)).toContain(mine.body.id);
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="intel-export-stix"]'),
    ]);
    expect(file.suggestedFilename()).toBe('tahaluf-intel-bundle.json');
    const bundle = JSON.parse(await readFile(await file.path(), 'utf8')) as {
      type: string;
      id: string;
      objects: { id: string; type: string; name?: string; spec_version?: string }[];
    };
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    expect(bundle.objects.every((o) => o.type === 'report')).toBe(true);
    expect(new Set(bundle.objects.map((o) => o.id))).toEqual(
      new Set(feed.body.items.map((i) => i.id)),
    );
    const object = bundle.objects.find((o) => o.id === mine.body.id);
    expect(object?.name).toBe('Bundle export boat sighting for Qatar');
    expect(object?.spec_version).toBe('2.1');
    expect(bundle.objects.some((o) => o.id === hidden.body.id)).toBe(false);
    // The download is a receipt: Saudi Arabia sees that Qatar received it by export.
    const receipts = await node.api<{
      receipts: { objectId: string; recipient: string; channel: string }[];
    }>('/api/intel/receipts', { token: sau });
    expect(
      receipts.body.receipts.some(
        (r) => r.objectId === mine.body.id && r.recipient === 'QAT' && r.channel === 'export',
      ),
    ).toBe(true);
    // The public is refused, as for the feed.
    expect((await fetch(`${node.url}/api/intel/feed/bundle`)).status).toBe(401);
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});

describe('#13.11 exports (Arabic, 390x844)', () => {
  const node = useBrowserNode({ locale: 'ar', viewport: { width: 390, height: 844 } });

  it('the obligations CSV names states in Arabic; the buttons speak Arabic', async () => {
    const rows = await obligationsCsv(node);
    expect(rows[0].join(',')).toBe(HEAD);
    expect(rows.find((r) => r[0] === 'SAU')?.[1]).toBe('المملكة العربية السعودية');
    const { page } = node;
    expect(await page.locator('[data-testid="obligations-print"]').textContent()).toBe(
      'طباعة أو حفظ بصيغة PDF',
    );
    expect(await page.locator('[data-testid="obligations-export-csv"]').textContent()).toBe(
      'تصدير CSV',
    );
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
  });
});
