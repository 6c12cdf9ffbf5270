import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

describe('console council', () => {
  const node = useBrowserNode();

  it('casts a vote as the member picked in the header and the live tally moves', async () => {
    const { page } = node;
    const login = await node.api<{ token: string }>('/api/auth/demo-login', {
      body: { member: 'QAT' },
    });
    const opened = await node.api<{ id: string }>('/api/council/procedures', {
      token: login.body.token,
      body: {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'statement',
        title: 'Browser-test statement of solidarity',
        matter: 'browser-test',
        deadline: null,
      },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id;

    await page.goto(`${node.url}/#/council/${id}`);
    await node.actAs('SAU');
    await page.waitForSelector('[data-testid="council-tally-yes"]');
    expect(await page.locator('[data-testid="council-tally-yes"]').textContent()).toBe('0');
    // The seeded replays of real cases are on the agenda.
    await expect
      .poll(() => page.locator('[data-testid="council-agenda"]').textContent())
      .toContain('Prudent planning for the defence of Turkey');

    await page.click('[data-testid="council-vote-yes"]');
    await expect
      .poll(() => page.locator('[data-testid="council-tally-yes"]').textContent())
      .toBe('1');
    await expect
      .poll(() => page.locator('[data-testid="council-timeline"]').textContent())
      .toContain('SAU voted yes');
    expect(await page.locator('[data-testid="council-outcome"]').textContent()).toContain(
      'quorum not met: 1 present of 6, 4 needed',
    );

    // The act is in the record, signed by SAU.
    const proc = await node.api<{ votes: { member: string; choice: string }[] }>(
      `/api/council/procedures/${id}`,
    );
    expect(proc.body.votes).toEqual([expect.objectContaining({ member: 'SAU', choice: 'yes' })]);

    // A second vote is refused: the buttons are gone, the API says why.
    expect(await page.locator('[data-testid="council-vote-yes"]').count()).toBe(0);
    await node.screenshot('console-council-vote');
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it('shows the seeded NATO 2003 replay and the Arab League presidency with declines', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/council`);
    await page.getByText('Prudent planning for the defence of Turkey').click();
    await expect
      .poll(() => page.locator('[data-testid="council-timeline"]').textContent())
      .toContain('FRA objected');
    expect(await page.locator('[data-testid="council-outcome"]').textContent()).toContain(
      'silence broken by BEL, DEU, FRA before the deadline',
    );
    expect(await page.locator('[data-testid="council-status"]').textContent()).toContain(
      '2003-02-10 09:00',
    );
    await page.selectOption('[data-testid="council-charter"]', 'arab-league');
    await expect
      .poll(() => page.locator('[data-testid="council-offices"]').textContent())
      .toContain('MAR');
    const offices = await page.locator('[data-testid="council-offices"]').textContent();
    expect(offices).toContain('2016-01-01 → 2017-01-01MARMRTMAR');
    expect(offices).toContain('ARESAUARE (→ SAU)');
    expect(offices).toContain('Ahmed Aboul Gheit (EGY) 2016-07-03 → 2021-07-03, term 1'); // C2: holders on record, with sources
    await node.screenshot('console-council-replay');
  });
});
