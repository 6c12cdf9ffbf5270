import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chooseMember,
  postToGcc,
  sauIndicator,
  sessionOf,
  tokenOf,
  useBrowserNode,
} from './harness.js';

/** #19.6 acceptance: a member sights an indicator shared by another; who sees what of the sighting. */
describe('console sightings (#19.6)', () => {
  const node = useBrowserNode({ locale: 'en-GB' });

  it('QAT sights an indicator SAU shared; SAU sees the count, KWT (outside the sighting label) and OMN (outside both) see nothing of it', async () => {
    const { page } = node;
    // SAU shares an indicator over TAXII, RESTRICTED REL TO QAT and KWT (not OMN).
    const id = `indicator--${randomUUID()}`;
    const indicator = sauIndicator(
      { id, name: 'Sightable C2 host', pattern: "[ipv4-addr:value = '198.51.100.23']" },
      ['KWT', 'QAT'],
    );
    const posted = await postToGcc(node, 'SAU', [indicator]);
    expect(posted.status).toBe(202);
    expect((await posted.json()).success_count).toBe(1);

    const count = page.locator('[data-testid="intel-sightings-count"]');
    const open = async (member: string) => {
      await chooseMember(page, member);
      await page.goto(`${node.url}/#/intel/${id}`);
    };

    // QAT reports it saw it three times, releasable to SAU only: QAT is named to SAU and nobody else.
    await page.goto(`${node.url}/#/intel/${id}`);
    await node.actAs('QAT');
    await page.goto(`${node.url}/#/intel/${id}`);
    await expect.poll(() => count.getAttribute('data-total')).toBe('0');
    await page.click('[data-testid="intel-sighted"]');
    expect(await page.inputValue('[data-testid="intel-sighting-rel"]')).toBe('SAU');
    await page.fill('[data-testid="intel-sighting-count-input"]', '3');
    await page.click('[data-testid="intel-sighting-submit"]');
    await expect.poll(() => count.getAttribute('data-total')).toBe('3');
    expect(await page.locator('[data-testid="intel-sighting"]').allTextContents()).toEqual([
      'QAT: 3 times (RESTRICTED REL TO SAU (orig. QAT))',
    ]);
    await node.screenshot('sightings-qat-reported');

    // KWT sights it too, anonymously: its label names only KWT, the count goes to the originator unnamed.
    await open('KWT');
    await expect.poll(() => count.getAttribute('data-total')).toBe('0');
    expect(await page.locator('[data-testid="intel-sighting"]').count()).toBe(0);
    await page.click('[data-testid="intel-sighted"]');
    await page.fill('[data-testid="intel-sighting-rel"]', 'KWT');
    await page.check('[data-testid="intel-sighting-anonymous-input"]');
    await page.click('[data-testid="intel-sighting-submit"]');
    await expect.poll(() => count.getAttribute('data-total')).toBe('1');
    expect(await page.locator('[data-testid="intel-sighting"]').allTextContents()).toEqual([
      expect.stringMatching(/^KWT: 1 time \(RESTRICTED REL TO KWT/),
    ]);
    expect(await page.locator('[data-testid="intel-sightings"]').textContent()).not.toContain(
      'QAT',
    );

    // SAU, the originator: QAT's sighting by name, KWT's as an anonymous count.
    await open('SAU');
    await expect.poll(() => count.getAttribute('data-total')).toBe('4');
    expect(await count.textContent()).toBe('4 sightings reported');
    expect(await page.locator('[data-testid="intel-sighting"]').allTextContents()).toEqual([
      'QAT: 3 times (RESTRICTED REL TO SAU (orig. QAT))',
    ]);
    expect(await page.locator('[data-testid="intel-sighting-anonymous"]').textContent()).toBe(
      '1 anonymous report (member not named), count 1',
    );
    expect(await page.locator('[data-testid="intel-sightings"]').textContent()).not.toContain(
      'KWT',
    );
    await node.screenshot('sightings-seen-by-originator');

    // QAT sees its own sighting, not KWT's, and no anonymous count (it is not the originator).
    await open('QAT');
    await expect.poll(() => count.getAttribute('data-total')).toBe('3');
    expect(await page.locator('[data-testid="intel-sighting-anonymous"]').count()).toBe(0);

    // OMN is outside the indicator's label and both sightings': nothing at all, like a missing object.
    await open('OMN');
    await page.waitForSelector('[data-testid="intel-object"] .error-text');
    expect(await page.locator('[data-testid="intel-sightings"]').count()).toBe(0);
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toContain('Sightable C2 host');
    expect(body).not.toMatch(/QAT: |KWT: |sightings? reported/);
    const omn = await tokenOf(node, 'OMN');
    const api = await node.api(`/api/intel/objects/${id}/sightings`, { token: omn });
    expect(api.status).toBe(404);
    await node.screenshot('sightings-not-seen-by-omn');
  });
  it('the object panel shows provenance: originator, signature verified or not, forwarded by another node; in English and Arabic (#19.3)', async () => {
    const { page } = node;
    const labelled = (name: string, ip: string) =>
      sauIndicator({ name, pattern: `[ipv4-addr:value = '${ip}']` }, ['KWT', 'QAT']);
    const postAs = async (member: string, obj: Record<string, unknown>) => {
      const r = await postToGcc(node, member, [obj]);
      expect((await r.json()).success_count).toBe(1);
    };
    // SAU shares one itself (signed with SAU's key on ingest); QAT relays another of SAU's without a signature.
    const own = labelled('SAU own signed host', '198.51.100.41');
    const relayed = labelled('Relayed unsigned host', '198.51.100.42');
    await postAs('SAU', own);
    await postAs('QAT', relayed);

    const panel = page.locator('[data-testid="intel-provenance"]');
    const status = page.locator('[data-testid="intel-provenance-status"]');
    const received = page.locator('[data-testid="intel-provenance-received"]');
    await chooseMember(page, 'KWT');
    await page.goto(`${node.url}/#/intel/${own.id as string}`);
    await expect.poll(() => panel.getAttribute('data-status')).toBe('signed');
    expect(await status.textContent()).toBe('signature verified (signed on this node)');
    expect(await page.locator('[data-testid="intel-provenance-originator"]').textContent()).toBe(
      'Saudi Arabia',
    );
    expect(await panel.textContent()).toMatch(/Signed by Saudi Arabia with key \S+/);
    expect(await page.locator('[data-testid="intel-provenance-envelope"]').textContent()).toMatch(
      /^Signed envelope \S+… \(1 object under one label\)$/,
    );
    expect(await received.textContent()).toBe("Directly from Saudi Arabia's node or user");
    expect(await panel.getAttribute('data-forwarded')).toBe('false');
    await node.screenshot('provenance-signed');

    await page.goto(`${node.url}/#/intel/${relayed.id as string}`);
    await expect.poll(() => panel.getAttribute('data-status')).toBe('unverified');
    expect(await status.textContent()).toBe('not verified');
    expect(await panel.textContent()).toContain("It arrived without the originator's signature.");
    expect(await received.textContent()).toBe("Forwarded by Qatar's node (not the originator's)");
    expect(await panel.getAttribute('data-forwarded')).toBe('true');

    // The same in Arabic.
    await page.locator('[data-testid="locale-switch"]').click();
    await expect.poll(() => status.textContent()).toBe('غير موثَّق');
    expect(await received.textContent()).toMatch(/^أعادت إرساله عقدة \S/);
    await page.goto(`${node.url}/#/intel/${own.id as string}`);
    await expect.poll(() => status.textContent()).toBe('التوقيع موثَّق (وُقِّع على هذه العقدة)');
    await node.screenshot('provenance-signed-ar');
    await page.locator('[data-testid="locale-switch"]').click();

    // OMN, outside the label, gets no panel and no provenance of either.
    await chooseMember(page, 'OMN');
    await page.goto(`${node.url}/#/intel/${relayed.id as string}`);
    await page.waitForSelector('[data-testid="intel-object"] .error-text');
    expect(await panel.count()).toBe(0);
  });
  it('ATT&CK: the object panel lists its technique; the technique shows only the objects the reader may see (#19.6)', async () => {
    const { page } = node;
    const mapped = (name: string, rel: string[], techniqueId = 'T9301') =>
      sauIndicator(
        {
          name,
          pattern: "[domain-name:value = 'c2.example.test']",
          external_references: [{ source_name: 'mitre-attack', external_id: techniqueId }],
        },
        rel,
      );
    const forBoth = mapped('Mapped for KWT and QAT', ['KWT', 'QAT']);
    // Mapped to the sub-technique: rolled up under T9301 (#19.6).
    const forQat = mapped('Mapped for QAT only', ['QAT'], 'T9301.001');
    const r = await postToGcc(node, 'SAU', [forBoth, forQat]);
    expect((await r.json()).success_count).toBe(2);

    const objects = page.locator('[data-testid="intel-attack-objects"]');
    const openTechnique = async (member: string) => {
      await chooseMember(page, member);
      // The object is read with the session the switch gives: wait for it before opening the object (the CI
      // run of 23:33 on 0349ba0 timed out here once under load; not reproduced in 3 local runs).
      await expect.poll(async () => (await sessionOf(page)).member).toBe(member);
      await page.goto(`${node.url}/#/intel/${forBoth.id as string}`);
      const tech = page.locator('[data-testid="intel-object-technique"]');
      await tech.first().waitFor();
      expect(await tech.getAttribute('data-technique')).toBe('T9301');
      await tech.locator('button').click();
      await objects.waitFor();
    };
    const indexCount = (t: string) =>
      page
        .locator(`[data-testid="intel-attack-index-entry"][data-technique="${t}"]`)
        .getAttribute('data-count', { timeout: 15_000 });
    await openTechnique('KWT');
    expect(await objects.getAttribute('data-total')).toBe('1');
    // The technique index counts what KWT may see: T9301 once, no sub-technique entry.
    expect(await indexCount('T9301')).toBe('1');
    expect(
      await page
        .locator('[data-testid="intel-attack-index-entry"][data-technique="T9301.001"]')
        .count(),
    ).toBe(0);
    expect(await page.locator('[data-testid="intel-attack-object"]').allTextContents()).toEqual([
      expect.stringContaining('Mapped for KWT and QAT'),
    ]);
    expect(await objects.textContent()).not.toContain('QAT only');
    await node.screenshot('attack-technique-kwt');
    await openTechnique('QAT');
    await expect.poll(() => objects.getAttribute('data-total')).toBe('2');
    expect(await indexCount('T9301')).toBe('2');
    expect(await indexCount('T9301.001')).toBe('1');
    await node.screenshot('attack-index-qat');
    // OMN, outside both labels: nothing listed or counted.
    const omn = await node.api<{ total: number; objects: unknown[] }>(
      '/api/intel/attack/techniques/T9301/objects',
      { token: await tokenOf(node, 'OMN') },
    );
    expect(omn.body).toMatchObject({ total: 0, objects: [] });
    const omnIndex = await node.api<{ techniques: { techniqueId: string }[] }>(
      '/api/intel/attack/index',
      { token: await tokenOf(node, 'OMN') },
    );
    expect(omnIndex.body.techniques.map((x) => x.techniqueId)).not.toContain('T9301');
    expect(omnIndex.body.techniques.map((x) => x.techniqueId)).not.toContain('T9301.001');
  });
});
