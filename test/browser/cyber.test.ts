import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';

describe('console cyber incident cases', () => {
  const node = useBrowserNode();

  it('QAT declares a case released to SAU and KWT with a linked STIX object; SAU offers help; OMN, a fourth participant, sees nothing; QAT contains and closes it', async () => {
    const { page } = node;
    const token = async (member: string) =>
      (await node.api<{ token: string }>('/api/auth/demo-login', { body: { member } })).body.token;
    const t: Record<string, string> = {};
    for (const m of ['QAT', 'SAU', 'KWT', 'OMN']) t[m] = await token(m);
    // A GCC cyber programme with four participants (set up through the API).
    const prog = await node.api<{ programme: { id: string } }>('/api/programmes', {
      token: t.QAT,
      body: {
        allianceId: 'gcc',
        title: 'Cyber incident-response network (browser test)',
        area: 'cyber',
        objectives: ['CERT points of contact'],
        governance: { rule: 'opt-in' },
      },
    });
    expect(prog.status).toBe(201);
    const pid = prog.body.programme.id;
    for (const m of ['SAU', 'KWT', 'OMN'])
      expect(
        (await node.api(`/api/programmes/${pid}/join`, { token: t[m], body: {} })).status,
      ).toBe(200);
    // An indicator report in the hub that QAT can see, to link by id.
    const shared = await node.api<{ id: string }>('/api/intel/share', {
      token: t.QAT,
      body: {
        collection: 'gcc',
        name: 'Phishing domains of the intrusion',
        classification: 'RESTRICTED',
        releasableTo: ['SAU', 'KWT'],
      },
    });
    expect(shared.status).toBe(201);

    await page.goto(`${node.url}/#/cyber`);
    await node.actAs('QAT');
    await page.waitForSelector('[data-testid="cyber-declare"]');
    await page.selectOption('[data-testid="cyber-programme"]', pid);
    await page.fill('[data-testid="cyber-title"]', 'Intrusion at the port authority');
    await page.fill(
      '[data-testid="cyber-description"]',
      'Credential phishing, then lateral movement',
    );
    await page.selectOption('[data-testid="cyber-severity"]', 'critical');
    await page.uncheck('[data-testid="cyber-release-OMN"]');
    await page.fill('[data-testid="cyber-assistance"]', 'forensics, malware analysis');
    await page.selectOption('[data-testid="cyber-stix-pick"]', shared.body.id);
    await page.click('[data-testid="cyber-declare-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="cyber-case-title"]').textContent())
      .toBe('Intrusion at the port authority');
    const caseId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    expect(caseId).toMatch(/^case_/);
    expect(await page.locator('[data-testid="cyber-case-release"]').textContent()).toBe(
      'Released to: Kuwait and Saudi Arabia',
    );
    expect(await page.locator('[data-testid="cyber-case-stix"]').textContent()).toContain(
      shared.body.id,
    );

    await node.actAs('SAU');
    await page.goto(`${node.url}/#/cyber/${caseId}`);
    await page.fill('[data-testid="cyber-offer-description"]', 'Two forensic analysts for a week');
    await page.click('[data-testid="cyber-offer-submit"]');
    await expect
      .poll(() => page.locator('[data-testid="cyber-case-offers"]').textContent())
      .toContain('Saudi Arabia: incident response team — Two forensic analysts for a week');

    // OMN takes part in the programme but the case is not released to it: not listed, not found.
    await node.actAs('OMN');
    await page.goto(`${node.url}/#/cyber/${caseId}`);
    await page.waitForSelector('[data-testid="cyber-none"]');
    await page.waitForSelector('[data-testid="cyber-case-missing"]');
    expect(await page.locator('[data-testid="cyber-list"]').textContent()).not.toContain(
      'port authority',
    );
    expect((await node.api(`/api/cyber/cases/${caseId}`, { token: t.OMN })).status).toBe(404);
    // The public view asks to act as a member and shows no case.
    await node.actAs(null);
    await page.goto(`${node.url}/#/cyber/${caseId}`);
    await page.waitForSelector('[data-testid="cyber-signin"]');

    await node.actAs('QAT');
    await page.goto(`${node.url}/#/cyber/${caseId}`);
    await page.selectOption('[data-testid="cyber-status"]', 'contained');
    await expect
      .poll(() => page.locator('[data-testid="cyber-case-status"]').textContent())
      .toBe('contained');
    await page.fill('[data-testid="cyber-close-summary"]', 'Accounts reset, attacker evicted');
    await page.click('[data-testid="cyber-close"]');
    await expect
      .poll(() => page.locator('[data-testid="cyber-case-status"]').textContent())
      .toBe('closed');
    expect(await page.locator('[data-testid="cyber-case-summary"]').textContent()).toContain(
      'attacker evicted',
    );
    await node.screenshot('console-cyber');
    // KWT sees the closed case with SAU's offer; OMN still sees none.
    const kwt = await node.api<{ status: string; offers: { member: string }[] }>(
      `/api/cyber/cases/${caseId}`,
      { token: t.KWT },
    );
    expect(kwt.body).toMatchObject({ status: 'closed', offers: [{ member: 'SAU' }] });
    expect((await node.api<unknown[]>('/api/cyber/cases', { token: t.OMN })).body).toEqual([]);
    expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
