import { describe, expect, it } from 'vitest';
import { chooseMember, useBrowserNode } from './harness.js';

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * #14 acceptance, console: Pakistan accedes to the "Islamic NATO" scenario in the Accession tab. The
 * secretariat puts the founding text into force, Pakistan applies, the parties' council adopts the
 * admission (through the API, as in the Council tab), the secretariat records it, Pakistan signs, ratifies
 * and deposits, the secretariat sets the entry into force, and the tab's obligations check changes on that
 * day. A scenario on a test node, not a seeded fact.
 */
describe('console accession', () => {
  const node = useBrowserNode();

  it('runs the accession of Pakistan in the Accession tab, each step a signed act', async () => {
    const { page } = node;
    const token = async (member: string) =>
      (await node.api<{ token: string }>('/api/auth/demo-login', { body: { member } })).body.token;
    const tokens = { SAU: await token('SAU'), TUR: await token('TUR') };
    // Founding signatories (through the API): signature, ratification, deposit.
    for (const s of ['SAU', 'TUR'] as const)
      for (const [kind, offset] of [
        ['signature', -30],
        ['ratification', -25],
        ['deposit', -20],
      ] as const) {
        const r = await node.api('/api/alliances/islamic-nato/lifecycle', {
          token: tokens[s],
          body: { kind, state: s, date: day(offset) },
        });
        expect(r.status).toBe(201);
      }

    const submit = async () => {
      await page.click('[data-testid="accession-submit"]');
      await page.waitForSelector('[data-testid="accession-done"], [data-testid="accession-error"]');
      const err = page.locator('[data-testid="accession-error"]');
      if (await err.count()) throw new Error(`refused: ${await err.textContent()}`);
    };
    const fill = async (kind: string, fields: Record<string, string>) => {
      await page.selectOption('[data-testid="accession-kind"]', kind);
      for (const [k, v] of Object.entries(fields))
        await page.fill(`[data-testid="accession-${k}"]`, v);
      await submit();
    };

    // The secretariat (signed in with the one-time link) puts the text into force with its Art. 5.
    await page.goto(await node.signinLink());
    await page.goto(`${node.url}/#/accession/islamic-nato`);
    await page.waitForSelector('[data-testid="accession-form"]');
    await page.selectOption('[data-testid="accession-kind"]', 'entry_into_force');
    await fill('entry_into_force', {
      date: day(-10),
      article: 'Art. 5',
      summary: 'An armed attack on one party is an attack on all (scenario text).',
    });
    await expect
      .poll(() => page.locator('[data-testid="accession-status"]').textContent())
      .toBe('status: in force');
    expect(await page.locator('[data-testid="accession-inforce-SAU"]').textContent()).toBe(
      day(-10),
    );

    // Pakistan applies.
    await chooseMember(page, 'PAK');
    await page.goto(`${node.url}/#/accession/islamic-nato`);
    await page.waitForSelector('[data-testid="accession-form"]');
    await fill('application', { date: day(-5) });
    await expect
      .poll(() => page.locator('[data-testid="accession-row-PAK"]').textContent())
      .toContain(day(-5));
    // Ratifying before signing is refused, with the reason.
    await page.selectOption('[data-testid="accession-kind"]', 'ratification');
    await page.click('[data-testid="accession-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="accession-error"]').textContent())
      .toContain('has not signed');

    // The parties' council decides by consensus (charter islamic-nato, type admission).
    const opened = await node.api<{ id: string }>('/api/council/procedures', {
      token: tokens.SAU,
      body: {
        charterId: 'islamic-nato',
        kind: 'decision',
        decisionType: 'admission',
        title: 'Admission of Pakistan',
        matter: 'admission-pak',
      },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    for (const m of ['SAU', 'TUR'] as const)
      expect(
        (
          await node.api(`/api/council/procedures/${id}/acts`, {
            token: tokens[m],
            body: { act: 'vote', choice: 'yes' },
          })
        ).status,
      ).toBe(201);
    const closed = await node.api<{ outcome: { status: string } }>(
      `/api/council/procedures/${id}/close`,
      {
        token: tokens.SAU,
        body: {},
      },
    );
    expect(closed.body.outcome.status).toBe('adopted');

    // The secretariat records the admission, carrying out that decision.
    await chooseMember(page, 'SECRETARIAT');
    await page.goto(`${node.url}/#/accession/islamic-nato`);
    await page.waitForSelector('[data-testid="accession-form"]');
    await fill('admission', { state: 'PAK', date: day(0), decision: id });

    // Pakistan signs, ratifies, deposits.
    await chooseMember(page, 'PAK');
    await page.goto(`${node.url}/#/accession/islamic-nato`);
    await page.waitForSelector('[data-testid="accession-form"]');
    for (const kind of ['signature', 'ratification', 'deposit']) await fill(kind, { date: day(0) });

    // The secretariat sets Pakistan's entry into force five days ahead.
    await chooseMember(page, 'SECRETARIAT');
    await page.goto(`${node.url}/#/accession/islamic-nato`);
    await page.waitForSelector('[data-testid="accession-form"]');
    await fill('entry_into_force', { state: 'PAK', date: day(5) });
    await expect
      .poll(() => page.locator('[data-testid="accession-inforce-PAK"]').textContent())
      .toBe(day(5));

    // Obligations toward Pakistan under this alliance: none the day before, SAU and TUR from that day.
    await page.fill('[data-testid="accession-ob-state"]', 'PAK');
    await page.fill('[data-testid="accession-ob-date"]', day(4));
    await expect
      .poll(() => page.locator('[data-testid="accession-obligations"]').textContent())
      .toBe('no state is bound under this alliance');
    await page.fill('[data-testid="accession-ob-date"]', day(5));
    await expect
      .poll(() => page.locator('[data-testid="accession-obligations"]').textContent())
      .toBe('SAU defense (Art. 5), TUR defense (Art. 5)');
    expect(await page.locator('[data-testid="accession-acts"]').textContent()).toContain(
      'admission PAK — signed by SECRETARIAT',
    );
    await node.screenshot('console-accession');
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it('records an event in the Events tab as the acting member, with its source (#14.4)', async () => {
    const { page } = node;
    await node.actAs('QAT');
    await page.goto(`${node.url}/#/events`);
    await page.waitForSelector('[data-testid="events-form"]');
    await page.fill('[data-testid="events-date"]', day(-1));
    await page.fill('[data-testid="events-title"]', 'Scenario: Qatar hosts a GCC consultation');
    await page.fill('[data-testid="events-states"]', 'QAT');
    await page.fill('[data-testid="events-alliances"]', 'gcc');
    await page.click('[data-testid="events-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="events-error"]').textContent())
      .toContain('at least one source');
    await page.fill('[data-testid="events-source-title"]', 'Qatar News Agency (scenario)');
    await page.fill('[data-testid="events-source-url"]', 'https://www.qna.org.qa/');
    await page.click('[data-testid="events-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="events-done"]').textContent())
      .toMatch(
        /^Recorded the event “Scenario: Qatar hosts a GCC consultation” of \d{4}-\d{2}-\d{2} in the signed record \(act no\. [\d,]+\)\.$/,
      );
    await expect
      .poll(() => page.locator('[data-testid="events-list"]').textContent())
      .toContain('Scenario: Qatar hosts a GCC consultation');
    const acts = await node.api<
      { acts: { actor: string; type: string }[] } | { actor: string; type: string }[]
    >('/api/record?type=registry.event.recorded');
    expect(JSON.stringify(acts.body)).toContain('"actor":"QAT"');
    await node.screenshot('console-events');
  });
});
