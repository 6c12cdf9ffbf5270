import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../../scripts/federation/harness.js';
import { ensureConsoleBuilt } from './console-build.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, STARTUP_TIMEOUT_MS } from './harness.js';

/**
 * The README's "A local federation" walk-through as a newcomer does it: the same harness as
 * `npm run federation` (clustered nats-server processes over TLS, one node per member), then QAT's console
 * opens a GCC decision, SAU's console votes on SAU's own node, and OMN's console shows the vote.
 * Regression: the nodes printed http://127.0.0.1:PORT but checked console writes against
 * http://localhost:PORT, so every write from the printed address was refused as cross-site.
 */
const baseDir = mkdtempSync(join(tmpdir(), 'tahaluf-browser-walk-'));
let federation: Federation | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  const webDir = await ensureConsoleBuilt();
  federation = await startFederation({
    baseDir,
    tls: true,
    streamName: `WALK_${randomBytes(3).toString('hex')}`,
    nodes: [{ actor: 'SECRETARIAT' }, { actor: 'QAT' }, { actor: 'SAU' }, { actor: 'OMN' }],
    nodeEnv: { FEDERATION_WEB_DIR: webDir },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await federation?.stop();
  rmSync(baseDir, { recursive: true, force: true });
});

/** Opens a member's console at the address the script prints and signs in with the printed token. */
async function consoleOf(member: 'QAT' | 'SAU' | 'OMN'): Promise<Page> {
  const node = federation!.nodes[member];
  const context = await browser!.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${node.url}/#/council`);
  const picker = page.locator('[data-testid="member-select"]');
  await picker.click();
  await picker.fill('Sign in with a token');
  await page.locator('[data-testid="member-select-option-__token__"]').click();
  await page.fill('[data-testid="token-input"]', node.token());
  await page.click('[data-testid="token-submit"]');
  await expect.poll(() => picker.getAttribute('data-value')).toBe(member);
  return page;
}

const TITLE = 'Walk-through: a joint maritime exercise';

describe('the README local federation, watched in the console', () => {
  it('a decision opened on QAT, a vote cast on SAU, both seen on OMN', async () => {
    const qat = await consoleOf('QAT');
    const form = qat.locator('[data-testid="council-open-form"]');
    await form.getByLabel('Charter', { exact: true }).selectOption('gcc');
    await form.getByLabel('Kind of procedure').selectOption('decision');
    await qat.fill('[data-testid="council-open-title"]', TITLE);
    await qat.fill('[data-testid="council-open-matter"]', 'walkthrough-maritime-exercise');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.locator('.error-text').count()).toBe(0);
    await expect
      .poll(() => qat.locator('[data-testid="council-agenda"]').textContent())
      .toContain(TITLE);

    const sau = await consoleOf('SAU');
    await expect
      .poll(() => sau.locator('[data-testid="council-agenda"]').textContent(), { timeout: 60_000 })
      .toContain(TITLE);
    await sau.locator('[data-testid="council-agenda"]').getByText(TITLE).click();
    await sau.click('[data-testid="council-vote-yes"]');
    await expect
      .poll(() => sau.locator('[data-testid="council-tally-yes"]').textContent())
      .toBe('1');

    const omn = await consoleOf('OMN');
    await expect
      .poll(() => omn.locator('[data-testid="council-agenda"]').textContent(), { timeout: 60_000 })
      .toContain(TITLE);
    await omn.locator('[data-testid="council-agenda"]').getByText(TITLE).click();
    await expect
      .poll(() => omn.locator('[data-testid="council-tally-yes"]').textContent(), {
        timeout: 60_000,
      })
      .toBe('1');
    await expect
      .poll(() => omn.locator('[data-testid="council-timeline"]').textContent())
      .toContain('Saudi Arabia');

    // On OMN's node the vote is SAU's act, signed with the key SAU's own node holds.
    const log = await federation!.nodes.OMN.api<{
      entries: { status: string; envelope: { actor: string; type: string } }[];
    }>('GET', '/api/federation/log');
    const votes = log.body.entries.filter((e) => e.envelope.type === 'council.vote');
    expect(votes.map((e) => [e.envelope.actor, e.status])).toEqual([['SAU', 'applied']]);
  });
});
