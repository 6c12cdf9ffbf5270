import { readFileSync } from 'node:fs';
import { sharedPath } from '../../test/support/shared.js';
import { fileURLToPath } from 'node:url';
import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { isValidDay } from '../core/dates.js';
import type { Source } from './model.js';
import { Registry } from './registry.js';
import { checkSeedData, loadSeedData } from './seed.js';

const SEED_DIR = fileURLToPath(new URL('../../data/seed/', import.meta.url));
const ATOP_MEMBERS = sharedPath('data/atop/atop4_01_member_level.csv');
const seed = loadSeedData(SEED_DIR);
const { states, alliances, memberships, events } = seed;
const registry = new Registry(seed);

const AL22 =
  'DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM'.split(
    ' ',
  );
const GCC6 = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];

/** Every `sources` array anywhere in a value, with a path for the message. */
function sourceLists(
  value: unknown,
  path: string,
  out: Array<[string, unknown]> = [],
): Array<[string, unknown]> {
  if (Array.isArray(value)) value.forEach((v, i) => sourceLists(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === 'sources') out.push([`${path}.sources`, v]);
      else sourceLists(v, `${path}.${k}`, out);
    }
  return out;
}

const members = (id: string, day: string) =>
  registry.membersOn(id, day).filter((m) => m.role === 'member');
const codes = (id: string, day: string) =>
  members(id, day)
    .map((m) => m.state)
    .sort();

describe('seed data: structure', () => {
  it('passes the loader checks', () => {
    expect(checkSeedData(seed)).toEqual([]);
    expect(states.length).toBeGreaterThan(0);
  });

  it('gives every object at least one source, each with a title', () => {
    const objects = [...states, ...alliances, ...memberships, ...events];
    for (const o of objects)
      expect(o.sources.length, JSON.stringify(o).slice(0, 80)).toBeGreaterThan(0);
    const lists = sourceLists(seed, 'seed');
    // states, alliances, memberships, events, and the nested suspensions / stated count
    expect(lists.length).toBeGreaterThanOrEqual(objects.length);
    for (const [path, list] of lists) {
      expect(Array.isArray(list) && list.length > 0, path).toBe(true);
      for (const s of list as Source[]) {
        expect(typeof s.title === 'string' && s.title.trim().length > 0, path).toBe(true);
        if (s.url !== undefined) expect(s.url, path).toMatch(/^https?:\/\/[^\s]+$/);
        if (s.date !== undefined)
          expect(/^\d{4}$/.test(s.date) || isValidDay(s.date), path).toBe(true);
      }
    }
  });

  it('has well-formed, unique ISO codes that agree with ISO 3166-1', () => {
    const unique = (xs: string[]) => expect(new Set(xs).size).toBe(xs.length);
    unique(states.map((s) => s.iso3));
    unique(states.map((s) => s.iso2));
    unique(states.map((s) => s.isoNumeric));
    for (const s of states) {
      expect(s.iso3).toMatch(/^[A-Z]{3}$/);
      expect(s.iso2).toMatch(/^[A-Z]{2}$/);
      expect(s.isoNumeric).toMatch(/^\d{3}$/);
      expect(countries.alpha3ToAlpha2(s.iso3), s.iso3).toBe(s.iso2);
      expect(countries.alpha3ToNumeric(s.iso3), s.iso3).toBe(s.isoNumeric);
      expect(s.nameEn.trim(), s.iso3).not.toBe('');
      expect(s.nameAr, s.iso3).toMatch(/^[\u0600-\u06FF\s]+$/);
    }
  });

  it('has unique integer COW codes, null only where COW has none', () => {
    const cows = states.filter((s) => s.cowCode !== null).map((s) => s.cowCode as number);
    expect(new Set(cows).size).toBe(cows.length);
    for (const c of cows) expect(Number.isInteger(c) && c > 0).toBe(true);
    expect(states.filter((s) => s.cowCode === null).map((s) => s.iso3)).toEqual(['PSE']);
    expect(registry.stateByCow(651)?.iso3).toBe('EGY');
    expect(registry.stateByCow(2)?.iso3).toBe('USA');
  });

  it('uses COW codes that ATOP 4.01 knows (needs ../shared/data/atop)', () => {
    const lines = readFileSync(ATOP_MEMBERS, 'utf8').trim().split('\n');
    const col = lines[0].split(',').indexOf('member');
    const known = new Set(lines.slice(1).map((l) => Number(l.split(',')[col])));
    for (const s of states) if (s.cowCode !== null) expect(known.has(s.cowCode), s.iso3).toBe(true);
  });

  it('names only known states and alliances in memberships and events', () => {
    for (const m of memberships) {
      expect(registry.state(m.state), `${m.allianceId}/${m.state}`).toBeDefined();
      expect(registry.alliance(m.allianceId), `${m.allianceId}/${m.state}`).toBeDefined();
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of events) {
      for (const s of e.states) expect(registry.state(s), `${e.id}: ${s}`).toBeDefined();
      for (const a of e.allianceIds) expect(registry.alliance(a), `${e.id}: ${a}`).toBeDefined();
    }
    expect(new Set(alliances.map((a) => a.id)).size).toBe(alliances.length);
  });

  it('uses real calendar dates, in order, inside the alliance and membership periods', () => {
    const real = (d: string | null, where: string) =>
      d === null || expect(isValidDay(d), `${where}: ${d}`).toBe(true);
    for (const a of alliances) {
      real(a.founded, a.id);
      real(a.ended, a.id);
      if (a.founded && a.ended) expect(a.founded < a.ended, a.id).toBe(true);
      expect(a.status === 'ended', a.id).toBe(a.ended !== null);
    }
    for (const m of memberships) {
      const where = `${m.allianceId}/${m.state}`;
      const alliance = registry.allianceOrThrow(m.allianceId);
      real(m.from, where);
      real(m.to, where);
      const from = m.from ?? alliance.founded;
      if (from && m.to) expect(from < m.to, where).toBe(true);
      if (m.from && alliance.founded) expect(m.from >= alliance.founded, where).toBe(true);
      if (m.from && m.datePrecision === 'year') expect(m.from.slice(5), where).toBe('01-01');
      if (m.from && m.datePrecision === 'month') expect(m.from.slice(8), where).toBe('01');
      for (const s of m.suspensions) {
        real(s.from, where);
        real(s.to, where);
        if (s.to) expect(s.from < s.to, where).toBe(true);
        if (from) expect(s.from >= from, where).toBe(true);
        if (m.to) expect(s.from < m.to, where).toBe(true);
      }
    }
    for (const e of events) real(e.date, e.id);
  });

  it('never holds two overlapping rows for one state in one alliance', () => {
    const seen = new Map<string, Array<[string, string]>>();
    for (const m of memberships) {
      const key = `${m.allianceId}/${m.state}`;
      const from = m.from ?? registry.allianceOrThrow(m.allianceId).founded ?? '0000-01-01';
      const to = m.to ?? '9999-12-31';
      for (const [f, t] of seen.get(key) ?? []) expect(from >= t || to <= f, key).toBe(true);
      seen.set(key, [...(seen.get(key) ?? []), [from, to]]);
    }
  });
});

describe('seed data: facts', () => {
  it('Arab League: exactly the 22 members on 2024-01-01, all active', () => {
    expect(codes('arab-league', '2024-01-01')).toEqual([...AL22].sort());
    expect(members('arab-league', '2024-01-01').every((m) => !m.suspended)).toBe(true);
  });

  it('Arab League: seven founders in 1945, Comoros the last to join (1993)', () => {
    expect(codes('arab-league', '1945-12-31')).toEqual([
      'EGY',
      'IRQ',
      'JOR',
      'LBN',
      'SAU',
      'SYR',
      'YEM',
    ]);
    expect(codes('arab-league', '1993-11-19')).toHaveLength(21);
    expect(codes('arab-league', '1993-11-20')).toHaveLength(22);
  });

  it('Arab League: Syria suspended 16 Nov 2011 to 7 May 2023, Egypt 1979 to 1989', () => {
    const syr = (day: string) =>
      registry.membersOn('arab-league', day).find((m) => m.state === 'SYR');
    expect(syr('2015-01-01')?.suspended).toBe(true);
    expect(syr('2011-11-15')?.suspended).toBe(false);
    expect(syr('2011-11-16')?.suspended).toBe(true);
    expect(syr('2023-05-06')?.suspended).toBe(true);
    expect(syr('2023-05-07')?.suspended).toBe(false);
    expect(registry.isActiveMember('arab-league', 'SYR', '2015-01-01')).toBe(false);
    expect(registry.isActiveMember('arab-league', 'EGY', '1985-01-01')).toBe(false);
    expect(registry.isActiveMember('arab-league', 'EGY', '1990-01-01')).toBe(true);
  });

  it('GCC and its Joint Defence Agreement: the same six', () => {
    expect(codes('gcc', '2024-01-01')).toEqual(GCC6);
    expect(codes('gcc-jda', '2025-09-09')).toEqual(GCC6);
    expect(codes('gcc-jda', '2000-12-30')).toEqual([]);
    expect(codes('gcc', '1981-05-24')).toEqual([]);
  });

  it('Joint Defence Treaty: Qatar a party on the day of the Doha strike; parties are League members', () => {
    const parties = codes('arab-league-jdec', '2025-09-09');
    expect(parties).toContain('QAT');
    for (const p of parties) expect(AL22).toContain(p);
  });

  it('OIC: 57 members on 2024-01-01, Syria suspended then and reinstated in 2025', () => {
    expect(members('oic', '2024-01-01')).toHaveLength(57);
    expect(registry.membersOn('oic', '2024-01-01').find((m) => m.state === 'SYR')?.suspended).toBe(
      true,
    );
    expect(registry.isActiveMember('oic', 'SYR', '2025-06-01')).toBe(true);
    expect(registry.isActiveMember('oic', 'EGY', '1980-01-01')).toBe(false);
    expect(registry.isActiveMember('oic', 'AFG', '1985-01-01')).toBe(false);
  });

  it('IMCTC: 34 at the launch, a stated count of 43 above what the sources name', () => {
    const imctc = registry.allianceOrThrow('imctc');
    expect(
      memberships.filter((m) => m.allianceId === 'imctc' && m.from === imctc.founded),
    ).toHaveLength(34);
    const rows = registry.memberships('imctc');
    const sourced = rows.filter((m) => m.certainty === 'sourced').map((m) => m.state);
    const unverified = rows
      .filter((m) => m.certainty === 'unverified')
      .map((m) => m.state)
      .sort();
    expect(unverified).toEqual(['BFA', 'BRN', 'GMB', 'GNB']);
    expect(sourced).toEqual(expect.arrayContaining(['PAK', 'TUR', 'AFG', 'OMN', 'UGA', 'KEN']));
    for (const excluded of ['IRN', 'IRQ', 'SYR'])
      expect(rows.map((m) => m.state)).not.toContain(excluded);
    expect(imctc.statedMemberCount?.count).toBe(43);
    expect(rows.length).toBeLessThan(43);
    expect(imctc.statedMemberCount?.note).toMatch(/43/);
  });

  it('Baghdad Pact: Iraq out from 24 Mar 1959; the US only an observer; all gone after 1979', () => {
    expect(registry.isActiveMember('baghdad-pact-cento', 'IRQ', '1959-03-23')).toBe(true);
    expect(registry.isActiveMember('baghdad-pact-cento', 'IRQ', '1959-03-24')).toBe(false);
    expect(
      registry.membersOn('baghdad-pact-cento', '1959-03-24').some((m) => m.state === 'IRQ'),
    ).toBe(false);
    expect(codes('baghdad-pact-cento', '1956-01-01')).toEqual(['GBR', 'IRN', 'IRQ', 'PAK', 'TUR']);
    const usa = registry
      .membersOn('baghdad-pact-cento', '1970-01-01')
      .find((m) => m.state === 'USA');
    expect(usa?.role).toBe('observer');
    expect(registry.membersOn('baghdad-pact-cento', '1980-01-01')).toEqual([]);
    expect(registry.allianceOrThrow('baghdad-pact-cento').status).toBe('ended');
  });

  it('2025 agreements: Saudi-Pakistan from 17 Sep; the US guarantee to Qatar from 29 Sep', () => {
    expect(codes('sau-pak-smda', '2025-09-17')).toEqual(['PAK', 'SAU']);
    expect(codes('sau-pak-smda', '2025-09-16')).toEqual([]);
    const eo = registry.membersOn('us-qatar-eo-2025', '2025-09-29');
    expect(eo.map((m) => [m.state, m.role])).toEqual([
      ['QAT', 'member'],
      ['USA', 'guarantor'],
    ]);
    expect(registry.membersOn('us-qatar-eo-2025', '2025-09-09')).toEqual([]);
    expect(registry.allianceOrThrow('us-qatar-eo-2025').kind).toBe('unilateral_guarantee');
  });

  it('proposals have status proposed, and only proposals do', () => {
    for (const id of ['joint-arab-force', 'islamic-nato']) {
      const a = registry.allianceOrThrow(id);
      expect(a.status, id).toBe('proposed');
      expect(a.kind, id).toBe('proposal');
    }
    for (const a of alliances) expect(a.kind === 'proposal', a.id).toBe(a.status === 'proposed');
    expect(codes('joint-arab-force', '2025-09-15')).toEqual([...AL22].sort());
    expect(registry.memberships('islamic-nato')).toEqual([]);
  });

  it('seeds the 2025 timeline with dated, sourced events', () => {
    const on = (day: string) => events.filter((e) => e.date === day).map((e) => e.id);
    for (const day of [
      '2025-09-09',
      '2025-09-14',
      '2025-09-15',
      '2025-09-17',
      '2025-09-29',
      '1959-03-24',
      '2015-12-15',
      '2011-11-16',
      '2023-05-07',
    ])
      expect(on(day).length, day).toBeGreaterThan(0);
    const doha = events.find((e) => e.date === '2025-09-09');
    expect(doha?.states).toContain('QAT');
    const sorted = registry.events().map((e) => e.date);
    expect(sorted).toEqual([...sorted].sort());
  });
});
