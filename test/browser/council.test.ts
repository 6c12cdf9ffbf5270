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
      .toContain('Morocco');
    const offices = await page.locator('[data-testid="council-offices"]').textContent();
    // Names, not bare codes (#13.10).
    expect(offices).toContain('2016-01-01 → 2017-01-01MoroccoMauritaniaMorocco');
    expect(offices).toContain(
      'United Arab EmiratesSaudi ArabiaUnited Arab Emirates (→ Saudi Arabia)',
    );
    expect(offices).toContain('Ahmed Aboul Gheit (Egypt) 2016-07-03 → 2021-07-03, term 1'); // C2: holders on record, with sources
    await node.screenshot('console-council-replay');
  });

  it('#13.3 shows the outcome once every member voted; the opener closes it from the console; a non-opener cannot', async () => {
    const { page } = node;
    const token = async (member: string) =>
      (await node.api<{ token: string }>('/api/auth/demo-login', { body: { member } })).body.token;
    const opened = await node.api<{ id: string }>('/api/council/procedures', {
      token: await token('QAT'),
      body: {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'statement',
        title: 'Statement everyone votes on',
        matter: 'browser-close-test',
        deadline: null,
      },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    for (const m of ['ARE', 'BHR', 'KWT', 'OMN', 'SAU']) {
      const voted = await node.api(`/api/council/procedures/${id}/acts`, {
        token: await token(m),
        body: { act: 'vote', choice: 'yes' },
      });
      expect(voted.status).toBe(201);
    }
    // SAU did not open it: no close control.
    await node.actAs('SAU');
    await page.goto(`${node.url}/#/council/${id}`);
    await page.waitForSelector('[data-testid="council-tally-yes"]');
    expect(await page.locator('[data-testid="council-close"]').count()).toBe(0);

    // The last member votes in the console: the outcome shows at once.
    await node.actAs('QAT');
    await page.goto(`${node.url}/#/council/${id}`);
    await page.click('[data-testid="council-vote-yes"]');
    await expect
      .poll(() => page.locator('[data-testid="council-all-voted"]').textContent())
      .toContain('All 6 members whose votes count have voted: the decision is adopted');
    await page.click('[data-testid="council-close"]');
    await expect
      .poll(() => page.locator('[data-testid="council-closed-message"]').textContent())
      .toMatch(/^Closed\. The decision is adopted/);
    await expect
      .poll(() => page.locator('[data-testid="council-status"]').textContent())
      .toContain('closed');
    expect(await page.locator('[data-testid="council-close"]').count()).toBe(0);
    const proc = await node.api<{ status: string }>(`/api/council/procedures/${id}`);
    expect(proc.body.status).toBe('closed');
    await node.screenshot('council-closed-by-opener');
  });

  it('#13.3 an empty position is refused with a message naming the field, in the console and by the API', async () => {
    const { page } = node;
    const qat = (
      await node.api<{ token: string }>('/api/auth/demo-login', { body: { member: 'QAT' } })
    ).body.token;
    const opened = await node.api<{ id: string }>('/api/council/procedures', {
      token: qat,
      body: {
        charterId: 'gcc',
        kind: 'consultation',
        grounds: ['security'],
        title: 'Consultations on a test matter',
        matter: 'browser-position-test',
        deadline: null,
      },
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    await node.actAs('SAU');
    await page.goto(`${node.url}/#/council/${id}`);
    await page.click('[data-testid="council-position"]');
    await expect
      .poll(() => page.locator('[data-testid="council-error"]').textContent())
      .toContain('Statement: write the position before stating it');
    const sau = (
      await node.api<{ token: string }>('/api/auth/demo-login', { body: { member: 'SAU' } })
    ).body.token;
    const empty = await node.api<{ field: string; detail: string }>(
      `/api/council/procedures/${id}/acts`,
      { token: sau, body: { act: 'position', stance: 'stated', statement: '   ' } },
    );
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('body/statement');
    const proc = await node.api<{ positions: unknown[] }>(`/api/council/procedures/${id}`);
    expect(proc.body.positions).toEqual([]);

    await page.fill('[data-testid="council-statement"]', 'Saudi Arabia stands ready to consult.');
    await page.click('[data-testid="council-position"]');
    await expect
      .poll(() => page.locator('[data-testid="council-timeline"]').textContent())
      .toContain('Saudi Arabia stands ready to consult.');
  });
});
