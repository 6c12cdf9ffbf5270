import { randomUUID } from 'node:crypto';
import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LABEL_POLICY, withLabel } from '../../src/intel/labels.js';
import { actingMember, chooseMember, sessionOf, useBrowserNode } from './harness.js';

/**
 * Choosing another member in "Acting as" while answers to the previous member's requests are still on
 * their way (a loaded node answers them late). The CI run of 23:33 on 0349ba0 lost the KWT session once in
 * sightings.test.ts ("ATT&CK: the object panel lists its technique"): a request the page had sent as QAT,
 * answered after the switch had revoked QAT's session, came back "session ended" and clearing the session
 * cookie, so the console turned public (and the cookie the switch had just set was gone) and KWT's object
 * never showed. Here the node's late answers are made deterministic: the page's reads as QAT are held, the
 * member is switched, then each held read is sent to the node with QAT's cookie, as it left the page.
 */
describe('console: switching the acting member while answers are late', () => {
  const node = useBrowserNode({ locale: 'en-GB' });
  let id = '';

  /** SAU shares an indicator mapped to ATT&CK T9401 with KWT and QAT (once for the file). */
  async function share(): Promise<string> {
    if (id) return id;
    const now = new Date().toISOString();
    const object = `indicator--${randomUUID()}`;
    const indicator = withLabel(
      {
        type: 'indicator',
        spec_version: '2.1',
        id: object,
        created: now,
        modified: now,
        name: 'Mapped for KWT and QAT',
        pattern: "[domain-name:value = 'late.example.test']",
        pattern_type: 'stix',
        valid_from: now,
        external_references: [{ source_name: 'mitre-attack', external_id: 'T9401' }],
      },
      {
        policy: LABEL_POLICY,
        classification: 'RESTRICTED',
        releasableTo: ['KWT', 'QAT'],
        originator: 'SAU',
        createdAt: now,
        tlp: null,
      },
    );
    const sau = await node.api<{ token: string }>('/api/auth/demo-login', {
      body: { member: 'SAU' },
    });
    const posted = await fetch(`${node.url}/taxii2/api1/collections/gcc/objects/`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sau.body.token}`,
        accept: 'application/taxii+json;version=2.1',
        'content-type': 'application/taxii+json;version=2.1',
      },
      body: JSON.stringify({ objects: [indicator] }),
    });
    expect((await posted.json()).success_count).toBe(1);
    id = object;
    return id;
  }

  /**
   * Opens the object as QAT, holds the page's next reads (sent as QAT), chooses KWT in "Acting as", then
   * lets `answer` answer each held read; checks the console and the node still know the page as KWT and
   * KWT's object panel lists its technique.
   */
  async function switchWithLateAnswers(
    answer: (route: Route, qatCookie: string) => Promise<void>,
    shot: string,
  ) {
    const { page } = node;
    const object = await share();
    const tech = page.locator('[data-testid="intel-object-technique"]');
    await node.actAs('QAT');
    await page.goto(`${node.url}/#/intel/${object}`);
    await tech.first().waitFor();
    const qatCookie = (await page.context().cookies()).find((c) => c.name === 'tahaluf_session');
    expect(qatCookie).toBeDefined();

    // The page's reads as QAT are held (as a loaded node would keep them) ...
    const held: Route[] = [];
    let hold = true;
    const api = (url: URL) => url.pathname.startsWith('/api/');
    await page.route(api, (route) => {
      if (hold && route.request().method() === 'GET') held.push(route);
      else void route.continue();
    });
    await page.goto(`${node.url}/#/record`);
    await expect.poll(() => held.length).toBeGreaterThan(0);
    // ... while the user chooses KWT (its demo login revokes QAT's session).
    hold = false;
    await chooseMember(page, 'KWT');
    await expect.poll(() => actingMember(page)).toBe('KWT');
    await expect.poll(async () => (await sessionOf(page)).member).toBe('KWT');

    // Now the reads sent as QAT are answered.
    for (const route of held) await answer(route, qatCookie?.value ?? '');
    await page.unroute(api);
    expect((await sessionOf(page)).member).toBe('KWT');

    // The console still acts as KWT, the node still knows the page as KWT, and KWT's object shows.
    await page.goto(`${node.url}/#/intel/${object}`);
    await tech.first().waitFor();
    expect(await tech.getAttribute('data-technique')).toBe('T9401');
    expect(await actingMember(page)).toBe('KWT');
    expect((await sessionOf(page)).member).toBe('KWT');
    await node.screenshot(shot);
  }

  it("the node answers reads sent as QAT after the switch: the answers neither clear KWT's cookie nor turn the console public; KWT's object panel shows", async () => {
    // Each held read goes to the node now, with QAT's (replaced) cookie, as it left the page.
    await switchWithLateAnswers(async (route, qatCookie) => {
      const response = await route.fetch({
        headers: { ...route.request().headers(), cookie: `tahaluf_session=${qatCookie}` },
      });
      expect(response.headers()['set-cookie'] ?? '').not.toContain('tahaluf_session');
      await route.fulfill({ response });
    }, 'acting-switch-late-answers');
  });

  it('a late answer saying "session ended" about QAT\'s session (a node process that does not know it was replaced) leaves the console acting as KWT', async () => {
    await switchWithLateAnswers(async (route) => {
      await route.fulfill({
        status: 200,
        headers: { 'content-type': 'application/json', 'x-tahaluf-session': 'ended' },
        body: JSON.stringify({ acts: [], total: 0 }),
      });
    }, 'acting-switch-late-ended');
  });
});
