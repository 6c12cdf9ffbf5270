import { describe, expect, it } from 'vitest';
import { atopBlocs, atopExitDay, treatyBlocs } from './blocs.js';
import { ObligationEngine } from './obligation-engine.js';
import { loadTreaties } from './treaty-data.js';
import { atop401, seededRegistry } from './testing.js';

const registry = seededRegistry();
const treaties = loadTreaties();
const claimed = new Set(treaties.map((t) => t.atopId).filter((x): x is number => x !== null));
const engine = new ObligationEngine(
  [
    ...treatyBlocs(treaties, registry),
    ...atopBlocs(atop401().members, atop401().alliances, claimed),
  ],
  registry,
);

const who = (
  list: { state: string; allianceId: string; obligation: string }[],
  alliance: string,
  obligation: string,
) =>
  list
    .filter((o) => o.allianceId === alliance && o.obligation === obligation)
    .map((o) => o.state)
    .sort();

describe('golden: Qatar attacked on 2025-09-09', () => {
  const a = engine.attacked('QAT', '2025-09-09');
  it('binds the five GCC partners to defend under the 2000 Joint Defence Agreement', () => {
    expect(who(a.bound, 'gcc-jda', 'defense')).toEqual(['ARE', 'BHR', 'KWT', 'OMN', 'SAU']);
  });
  it('binds the other parties of the 1950 treaty to aid under Art. 2, and League members to Art. 6', () => {
    const jdec = a.bound.filter(
      (o) => o.allianceId === 'arab-league-jdec' && o.obligation === 'defense',
    );
    expect(jdec.length).toBe(registry.membersOn('arab-league-jdec', '2025-09-09').length - 1);
    expect(jdec.every((o) => o.article === 'Art. 2' && o.toward === 'QAT')).toBe(true);
    const art6 = a.bound.filter((o) => o.allianceId === 'arab-league' && o.obligation === 'consul');
    expect(art6.length).toBeGreaterThan(15);
    expect(art6[0].conditions[0]).toMatchObject({ kind: 'decision', status: 'unknown' });
  });
  it('says IMCTC is not a defence pact and the US guarantee does not yet apply', () => {
    const imctc = a.notBinding.find((n) => n.allianceId === 'imctc');
    expect(imctc?.reason).toMatch(/no mutual-defence guarantee/);
    const eo = a.notBinding.find((n) => n.allianceId === 'us-qatar-eo-2025');
    expect(eo?.reason).toMatch(/binds from 2025-09-29/);
    expect(a.bound.some((o) => o.state === 'USA')).toBe(false);
    expect(a.notBinding.find((n) => n.allianceId === 'joint-arab-force')?.reason).toMatch(
      /never binding/,
    );
  });
  it('every entry carries at least one source', () => {
    expect(a.bound.every((o) => o.sources.length > 0)).toBe(true);
  });
});

describe('golden: the US guarantee is unilateral', () => {
  it('binds the USA toward Qatar from 2025-09-29, and Qatar toward no one', () => {
    expect(who(engine.attacked('QAT', '2025-09-30').bound, 'us-qatar-eo-2025', 'defense')).toEqual([
      'USA',
    ]);
    const b = engine.between('USA', 'QAT', '2025-10-01');
    expect(b.aToB.map((o) => o.allianceId)).toEqual(['us-qatar-eo-2025']);
    expect(b.bToA.filter((o) => o.allianceId === 'us-qatar-eo-2025')).toEqual([]);
    expect(
      engine
        .attacked('USA', '2025-10-01')
        .notBinding.find((n) => n.allianceId === 'us-qatar-eo-2025')?.reason,
    ).toMatch(/asymmetric/);
  });
});

describe('golden: Saudi Arabia attacked on 2025-09-18', () => {
  it('binds Pakistan to defend under the SMDA, which did not bind the day before signature', () => {
    expect(who(engine.attacked('SAU', '2025-09-18').bound, 'sau-pak-smda', 'defense')).toEqual([
      'PAK',
    ]);
    expect(who(engine.attacked('SAU', '2025-09-16').bound, 'sau-pak-smda', 'defense')).toEqual([]);
    expect(who(engine.attacked('PAK', '2025-09-18').bound, 'sau-pak-smda', 'defense')).toEqual([
      'SAU',
    ]);
  });
});

describe('golden: Iraq and the Baghdad Pact', () => {
  it('binds the parties to consult Iraq before 24 Mar 1959 and no longer from that day', () => {
    expect(who(engine.attacked('IRQ', '1959-03-23').bound, 'baghdad-pact-cento', 'consul')).toEqual(
      ['GBR', 'IRN', 'PAK', 'TUR'],
    );
    for (const day of ['1959-03-24', '1959-03-25', '1975-01-01']) {
      const a = engine.attacked('IRQ', day);
      expect(a.bound.filter((o) => o.allianceId === 'baghdad-pact-cento')).toEqual([]);
      expect(a.notBinding.find((n) => n.allianceId === 'baghdad-pact-cento')?.reason).toMatch(
        /ceased to be a party on 1959-03-24/,
      );
    }
  });
  it('never reports a defence obligation under the Pact (ATOP: consultation and non-aggression)', () => {
    expect(
      engine
        .attacked('TUR', '1960-01-01')
        .bound.filter((o) => o.allianceId === 'baghdad-pact-cento')
        .map((o) => o.obligation)
        .sort(),
    ).toEqual(expect.arrayContaining(['consul', 'nonagg']));
    expect(
      engine
        .attacked('TUR', '1960-01-01')
        .bound.some((o) => o.allianceId === 'baghdad-pact-cento' && o.obligation === 'defense'),
    ).toBe(false);
  });
});

describe('golden: Syria while suspended from the Arab League (2011-2023)', () => {
  it('keeps the treaty obligations, flagged as suspended with the texts explanation', () => {
    const during = engine.attacked('SYR', '2015-06-01');
    const jdec = during.bound.filter(
      (o) => o.allianceId === 'arab-league-jdec' && o.obligation === 'defense',
    );
    expect(jdec.length).toBeGreaterThan(10);
    expect(jdec.every((o) => o.suspended)).toBe(true);
    expect(jdec[0].suspension).toMatch(/SYR suspended/);
    expect(jdec[0].suspension).toMatch(/no suspension or expulsion clause/);
    const pact = during.bound.find(
      (o) => o.allianceId === 'arab-league' && o.obligation === 'consul',
    );
    expect(pact?.suspension).toMatch(/Art\. 18/);
  });
  it('shows no suspension before 16 Nov 2011 or after readmission on 7 May 2023', () => {
    for (const day of ['2011-11-15', '2023-05-07', '2024-01-01']) {
      const list = engine
        .attacked('SYR', day)
        .bound.filter((o) => o.allianceId === 'arab-league-jdec');
      expect(list.length).toBeGreaterThan(10);
      expect(list.some((o) => o.suspended)).toBe(false);
    }
  });
  it('flags Syrian pledges to others as suspended too', () => {
    const b = engine.between('SYR', 'EGY', '2016-01-01');
    expect(b.aToB.find((o) => o.obligation === 'defense')?.suspended).toBe(true);
  });
});

describe('an attacker that is itself a party', () => {
  it('is not listed as bound to defend or consult the state it attacks, but its non-aggression pledge is (Kuwait, 2 Aug 1990)', () => {
    const a = engine.attacked('KWT', '1990-08-02', { attacker: 'IRQ' });
    expect(
      a.bound
        .filter((o) => o.state === 'IRQ')
        .map((o) => `${o.allianceId}:${o.obligation}`)
        .sort(),
    ).toEqual(['arab-league-jdec:nonagg', 'arab-league:nonagg']);
    expect(who(a.bound, 'arab-league-jdec', 'defense')).not.toContain('IRQ');
    expect(who(a.bound, 'arab-league-jdec', 'defense')).toContain('SAU');
  });
});

describe('conditions and ATOP alliances', () => {
  it('evaluates an ATOP adversary condition against the attacker', () => {
    const bloc = engine.blocs.find(
      (b) =>
        b.origin === 'atop' &&
        b.provisions.some((p) =>
          [...(p.pledgerConditions?.values() ?? [])].some((c) =>
            c.some((x) => x.kind === 'adversary' && x.states?.length),
          ),
        ),
    );
    expect(bloc).toBeDefined();
    const prov = bloc!.provisions.find((p) =>
      [...(p.pledgerConditions?.values() ?? [])].some((c) =>
        c.some((x) => x.kind === 'adversary' && x.states?.length),
      ),
    )!;
    const [pledger, conds] = [...prov.pledgerConditions!.entries()].find(([, c]) =>
      c.some((x) => x.kind === 'adversary' && x.states?.length),
    )!;
    const target = bloc!.parties.find((p) => p.state !== pledger && p.phase === prov.phase)!;
    const day = [
      target.from!,
      bloc!.parties.find((p) => p.state === pledger && p.phase === prov.phase)!.from!,
    ]
      .sort()
      .at(-1)!;
    const named = conds.find((x) => x.kind === 'adversary')!.states![0];
    const pick = (attacker: string) =>
      engine
        .attacked(target.state, day, { attacker })
        .bound.find(
          (o) =>
            o.allianceId === bloc!.allianceId &&
            o.state === pledger &&
            o.obligation === prov.obligation,
        );
    expect(pick(named)?.conditions.find((c) => c.kind === 'adversary')?.status).toBe('met');
    expect(pick('XXX')?.conditions.find((c) => c.kind === 'adversary')?.status).toBe('unmet');
  });
  it('reads ATOP exit dates as the first day out, unknown parts to the end of the period', () => {
    expect(atopExitDay(1959, 3, 24)).toBe('1959-03-24');
    expect(atopExitDay(1822, 12, 0)).toBe('1823-01-01');
    expect(atopExitDay(1900, 0, 0)).toBe('1901-01-01');
    expect(atopExitDay(0, 0, 0)).toBeNull();
  });
  it("gives a state's web: NATO-era USA pledges come from ATOP", () => {
    const w = engine.web('USA', '1980-06-01');
    expect(
      w.gives.some((o) => o.origin === 'atop' && o.obligation === 'defense' && o.toward === 'GBR'),
    ).toBe(true);
  });
});

describe('"not binding" lists only alliances that exist and that the state belongs to on the date', () => {
  const ids = (state: string, day: string) =>
    engine.attacked(state, day).notBinding.map((n) => n.allianceId);
  it('leaves out alliances founded or joined years later (Türkiye and Iraq in 1959)', () => {
    expect(ids('TUR', '1959-03-24')).not.toContain('imctc'); // 2015
    expect(ids('TUR', '1959-03-24')).not.toContain('oic'); // 1969
    expect(ids('IRQ', '1959-06-01')).not.toContain('oic');
    expect(ids('IRQ', '1959-06-01')).not.toContain('joint-arab-force');
    expect(ids('IRQ', '1959-06-01')).toContain('baghdad-pact-cento'); // left on 1959-03-24: still said why
  });
  it('still says why a current member is not bound, and what comes into force within a year', () => {
    const a = engine.attacked('QAT', '2025-09-09').notBinding;
    expect(a.map((n) => n.allianceId)).toEqual(
      expect.arrayContaining(['imctc', 'oic', 'gcc', 'us-qatar-eo-2025', 'joint-arab-force']),
    );
    expect(ids('TUR', '2016-01-01')).toContain('imctc');
    expect(ids('TUR', '1970-01-01')).toContain('oic');
  });
  it('judges existence before the text: the OIC in 1968 is "not yet", not "no pledge"', () => {
    const oic = engine.attacked('TUR', '1968-12-01').notBinding.find((n) => n.allianceId === 'oic');
    expect(oic?.reason).toMatch(/Not in force on 1968-12-01: binds from 1969-09-25/);
  });
});
