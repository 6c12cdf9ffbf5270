import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Registry } from './registry.js';
import { checkSeedData, loadSeedData } from './seed.js';

/** #14.5: the facts corrected on review (2026-12), each with its source. */
const seed = loadSeedData(fileURLToPath(new URL('../../data/seed/', import.meta.url)));
const registry = new Registry(seed);
const titles = (sources: { title: string }[]) => sources.map((s) => s.title).join(' | ');

describe('#14.5 the United Arab Republic (Egypt and Syria one state, 22 Feb 1958 - 28 Sep 1961)', () => {
  it('Syria is no separate Arab League member or 1950-treaty party in those years; Egypt holds the seat', () => {
    for (const id of ['arab-league', 'arab-league-jdec']) {
      const states = (day: string) => registry.membersOn(id, day).map((m) => m.state);
      expect(states('1958-02-21')).toContain('SYR');
      expect(states('1958-02-22')).not.toContain('SYR');
      expect(states('1960-01-01')).not.toContain('SYR');
      expect(states('1960-01-01')).toContain('EGY');
      expect(states('1961-09-28')).toContain('SYR');
      // Syria's 2011-2023 suspension stays on the later row
      expect(registry.membersOn(id, '2015-01-01').find((m) => m.state === 'SYR')?.suspended).toBe(
        true,
      );
    }
  });
  it('the union is a sourced fact the registry answers from either side', () => {
    const fromSyria = registry.unionOn('SYR', '1960-01-01')!;
    expect(fromSyria).toMatchObject({
      name: 'United Arab Republic',
      seat: 'EGY',
      merged: ['SYR'],
      from: '1958-02-22',
      to: '1961-09-28',
    });
    expect(titles(fromSyria.sources)).toMatch(/Correlates of War/);
    expect(registry.unionOn('EGY', '1961-09-27')?.name).toBe('United Arab Republic');
    expect(registry.unionOn('EGY', '1961-09-28')).toBeNull();
    expect(registry.unionOn('SYR', '1958-02-21')).toBeNull();
  });
  it('the seed check refuses a membership of a merged state that covers the union', () => {
    const bad = structuredClone(seed);
    const row = bad.memberships.find(
      (m) => m.state === 'SYR' && m.allianceId === 'arab-league' && m.to === '1958-02-22',
    )!;
    row.to = '1959-01-01';
    expect(checkSeedData(bad).join('\n')).toMatch(
      /memberships arab-league\/SYR: covers 1958-02-22\.\.1961-09-28, when SYR was merged into United Arab Republic/,
    );
  });
});

describe('#14.5 the joint Arab force was approved in principle at Sharm el-Sheikh on 29 Mar 2015', () => {
  it('is an event with its sources, and the proposal says so', () => {
    const e = registry.events().find((x) => x.id === '2015-03-29-sharm-joint-arab-force')!;
    expect(e.date).toBe('2015-03-29');
    expect(e.description).toMatch(/approving in principle .* never adopted/);
    expect(titles(e.sources)).toMatch(/Ahram Online/);
    expect(titles(e.sources)).toMatch(/Daily Sabah/);
    expect(registry.alliance('joint-arab-force')!.description).toMatch(
      /Sharm el-Sheikh approved a joint Arab force in principle on 29 Mar 2015/,
    );
  });
});

describe('#14.5 Executive Order 14353 (signed 29 Sep 2025, made public 1 Oct 2025, 90 FR 48143)', () => {
  it('the alliance, its memberships and the event carry the number, the dates and the Federal Register citation', () => {
    const eo = registry.alliance('us-qatar-eo-2025')!;
    expect(eo).toMatchObject({ founded: '2025-09-29', short: 'EO 14353' });
    expect(eo.description).toMatch(/signed .* 29 Sep 2025, made public .* 1 Oct 2025/);
    expect(titles(eo.sources)).toMatch(
      /Executive Order 14353 of September 29, 2025.*90 FR 48143.*FR Doc\. 2025-19483/,
    );
    expect(eo.sources.find((s) => s.url)?.url).toBe(
      'https://www.govinfo.gov/content/pkg/FR-2025-10-06/html/2025-19483.htm',
    );
    for (const m of registry.memberships('us-qatar-eo-2025'))
      expect(titles(m.sources)).toMatch(/Executive Order 14353/);
    const e = registry.events().find((x) => x.id === '2025-09-29-us-qatar-eo')!;
    expect(e.title).toMatch(/Executive Order 14353/);
    expect(e.description).toMatch(
      /made public 1 Oct 2025; Federal Register 6 Oct 2025, 90 FR 48143/,
    );
  });
});

describe('#14.5 Baghdad Pact renamed CENTO (Aug 1959); both end dates stated', () => {
  const cento = registry.alliance('baghdad-pact-cento')!;
  it('records the renaming in August 1959, month precision, with its source', () => {
    expect(cento.renamed).toEqual([
      expect.objectContaining({
        name: 'Central Treaty Organization (CENTO)',
        from: '1959-08-01',
        datePrecision: 'month',
      }),
    ]);
    expect(cento.renamed![0].sources.length).toBeGreaterThan(0);
    expect(registry.events().find((x) => x.id === '1959-08-cento-renamed')).toMatchObject({
      date: '1959-08-01',
      datePrecision: 'month',
    });
  });
  it("keeps ATOP's 9 Oct 1979 as the end and states the common 16 Mar 1979", () => {
    expect(cento.ended).toBe('1979-10-09');
    expect(cento.otherEndDates?.map((d) => d.date)).toEqual(['1979-03-16']);
    expect(cento.description).toMatch(/16 Mar 1979.*9 Oct 1979/);
    expect(registry.events().find((x) => x.id === '1979-cento-ends')?.title).toBe(
      'CENTO ends (ATOP: 9 Oct 1979; common references: 16 Mar 1979)',
    );
    expect(registry.events().find((x) => x.id === '1979-03-16-cento-dissolution')).toBeDefined();
  });
});

describe('#14.5 summits on record are timeline events too', () => {
  it('Manama 16 May 2024, Baghdad 17 May 2025, Sakhir 3 Dec 2025', () => {
    const on = (id: string) => registry.events().find((x) => x.id === id);
    expect(on('2024-05-16-manama-summit')?.states).toEqual(['BHR']);
    expect(on('2025-05-17-baghdad-summit')?.description).toMatch(/Syria, in line, did not take/);
    expect(titles(on('2025-12-03-gcc-sakhir-summit')!.sources)).toMatch(/KUNA/);
  });
});
