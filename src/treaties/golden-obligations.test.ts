import { describe, expect, it } from 'vitest';
import { atopBlocs, treatyBlocs } from './blocs.js';
import type { BoundObligation } from './model.js';
import { ObligationEngine } from './obligation-engine.js';
import { loadTreaties } from './treaty-data.js';
import { atop401, seededRegistry } from './testing.js';

/**
 * #14 acceptance: golden obligation answers. Each expectation names the clause it rests on:
 * - Pact of the League of Arab States (Cairo, 22 Mar 1945): Art. 5 (no force between members), Art. 6
 *   (Council decides measures unanimously, aggressor's vote not counted), Art. 18 (withdrawal/separation only).
 * - Treaty of Joint Defence and Economic Co-operation (1950): Art. 1 (peaceful settlement), Art. 2 (aggression
 *   against one is against all; aid without delay, including armed force), Art. 3 (consultation).
 * - GCC Joint Defence Agreement (Manama, 31 Dec 2000), Art. 2 as cited (CRS RS20831).
 * - Baghdad Pact (24 Feb 1955): Art. 1 (co-operation for security and defence), Art. 3 (non-interference);
 *   ATOP atopid 3275 codes consultation and non-aggression only.
 * - Saudi-Pakistan SMDA (17 Sep 2025): "any aggression against either ... against both" (SPA via Al Jazeera); no public text.
 * - US-Pakistan Agreement of Cooperation (Ankara, 5 Mar 1959, 10 UST 317), Art. I: action "as may be mutually
 *   agreed upon", at Pakistan's request, as envisaged in the 1957 Joint Resolution.
 * - Executive Order 14353 (signed 29 Sep 2025; 90 FR 48143, Federal Register of 6 Oct 2025), Sec. 2(a)-(b).
 * - Egypt-Israel Treaty of Peace (26 Mar 1979): Art. III(1)(c) (no force), Art. VI(5) (priority over other obligations).
 */
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

const who = (list: BoundObligation[], alliance: string, obligation: string) =>
  [
    ...new Set(
      list
        .filter((o) => o.allianceId === alliance && o.obligation === obligation)
        .map((o) => o.state),
    ),
  ].sort();
// The 20 parties of the 1950 treaty in 2025 (ATOP 3205 party dates; not MRT or PSE, see docs/seed-data.md).
const JDEC_2025 = 'ARE BHR COM DJI DZA EGY IRQ JOR KWT LBN LBY MAR OMN QAT SAU SDN SOM SYR TUN YEM';
const without = (list: string, state: string) =>
  list
    .split(' ')
    .filter((s) => s !== state)
    .sort();
const articleOf = (list: BoundObligation[], alliance: string, obligation: string) => [
  ...new Set(
    list
      .filter((o) => o.allianceId === alliance && o.obligation === obligation)
      .map((o) => o.article),
  ),
];

describe('#14 golden: Qatar attacked on 2025-09-09 (the Israeli strike on Doha)', () => {
  const a = engine.attacked('QAT', '2025-09-09');
  it('GCC JDA Art. 2: the five GCC partners defend; 1950 treaty Art. 2: the other 18 parties too', () => {
    expect(who(a.bound, 'gcc-jda', 'defense')).toEqual(['ARE', 'BHR', 'KWT', 'OMN', 'SAU']);
    expect(articleOf(a.bound, 'gcc-jda', 'defense')).toEqual(['Art. 2']);
    expect(who(a.bound, 'arab-league-jdec', 'defense')).toEqual(
      JDEC_2025.split(' ')
        .filter((s) => s !== 'QAT')
        .sort(),
    );
    expect(articleOf(a.bound, 'arab-league-jdec', 'defense')).toEqual(['Art. 2']);
    expect(a.headline).toMatch(/^19 states are bound by treaty to defend Qatar\./);
  });
  it('Pact Art. 6: consultation acts through a unanimous Council decision (condition unknown)', () => {
    const art6 = a.bound.filter((o) => o.allianceId === 'arab-league' && o.obligation === 'consul');
    expect(art6[0]).toMatchObject({ article: 'Art. 6', conditional: true });
    expect(art6[0].conditions[0]).toMatchObject({ kind: 'decision', status: 'unknown' });
  });
  it('EO 14353 does not yet bind (signed 29 Sep 2025) and is an executive act, not a treaty', () => {
    expect(a.bound.some((o) => o.state === 'USA')).toBe(false);
    const eo = a.notBinding.find((n) => n.allianceId === 'us-qatar-eo-2025')!;
    expect(eo.reason).toBe('Not in force on 2025-09-09: binds from 2025-09-29.');
    expect(eo.instrument).toMatchObject({ type: 'executive_act', strength: 'revocable' });
  });
  it('Egypt-Israel treaty Art. VI(5) is flagged against Egypt’s 1950 treaty duty; it bites because Israel is the attacker', () => {
    const plain = a.conflicts.find((c) => c.kind === 'priority_clause')!;
    expect(plain).toMatchObject({
      state: 'EGY',
      allianceId: 'egy-isr-1979',
      article: 'Art. VI(5)',
      applies: 'if_attacker',
    });
    expect(plain.affects).toContainEqual({
      allianceId: 'arab-league-jdec',
      article: 'Art. 2',
      toward: 'QAT',
    });
    expect(plain.sources[0].title).toMatch(/Treaty of Peace between the Arab Republic of Egypt/);
    const byIsrael = engine.attacked('QAT', '2025-09-09', { attacker: 'ISR' });
    expect(byIsrael.conflicts.find((c) => c.state === 'EGY')?.applies).toBe('now');
    expect(byIsrael.headline).toMatch(/Egypt \(egy-isr-1979 Art\. VI\(5\)\)/);
  });
  it('from 2025-09-29 the USA is listed, by executive act (revocable), never as a treaty party', () => {
    const later = engine.attacked('QAT', '2025-10-02');
    const us = later.bound.find((o) => o.state === 'USA')!;
    expect(us).toMatchObject({ article: 'Sec. 2(a)-(b)', allianceId: 'us-qatar-eo-2025' });
    expect(us.instrument).toMatchObject({ type: 'executive_act', strength: 'revocable' });
    expect(us.sources[0].title).toMatch(/Executive Order 14353 .*90 FR 48143/);
    expect(later.headline).toMatch(
      /^19 states are bound by treaty to defend Qatar\. United States also undertakes to defend Qatar by executive act/,
    );
  });
});

describe('#14 golden: Saudi Arabia attacked on 2025-09-18', () => {
  const a = engine.attacked('SAU', '2025-09-18');
  it('SMDA (17 Sep 2025): Pakistan defends, article unknown (no public text); GCC JDA Art. 2 and 1950 Art. 2 too', () => {
    expect(who(a.bound, 'sau-pak-smda', 'defense')).toEqual(['PAK']);
    const smda = a.bound.find((o) => o.allianceId === 'sau-pak-smda')!;
    expect(smda).toMatchObject({ article: null, conditional: false });
    expect(smda.instrument).toMatchObject({ type: 'treaty', strength: 'binding' });
    expect(smda.sources[0].title).toMatch(/Saudi Press Agency/);
    expect(who(a.bound, 'gcc-jda', 'defense')).toEqual(['ARE', 'BHR', 'KWT', 'OMN', 'QAT']);
    expect(who(a.bound, 'arab-league-jdec', 'defense')).toEqual(without(JDEC_2025, 'SAU'));
    expect(a.headline).toMatch(/^20 states are bound by treaty to defend Saudi Arabia\./);
    expect(a.standing).toEqual([]);
  });
});

describe('#14 golden: Pakistan attacked on 2025-09-18', () => {
  const a = engine.attacked('PAK', '2025-09-18');
  it('SMDA: Saudi Arabia defends without stated conditions', () => {
    expect(who(a.bound, 'sau-pak-smda', 'defense')).toEqual(['SAU']);
  });
  it('1959 agreement Art. I: the US pledge is conditional (request, mutual agreement, the 1957 Joint Resolution)', () => {
    const us = a.bound.find((o) => o.allianceId === 'us-pak-1959' && o.obligation === 'defense')!;
    expect(us).toMatchObject({ state: 'USA', article: 'Art. I', conditional: true });
    expect(us.conditions.map((c) => [c.kind, c.status])).toEqual([
      ['demand', 'unknown'],
      ['decision', 'unknown'],
      ['adversary', 'unknown'],
    ]);
    expect(us.conditions[1].description).toMatch(/mutually agree/);
    expect(us.sources.map((s) => s.title).join(' ')).toMatch(/10 UST 317/);
    // ATOP codes the same agreement (3355) without conditions: the hand-coded text replaces it, not doubles it.
    expect(a.bound.some((o) => o.allianceId === 'atop-3355')).toBe(false);
    expect(a.headline).toMatch(
      /^2 states are bound by treaty to defend Pakistan \(1 without conditions in the text; United States only on the conditions of .*Art\. I: a request or demand, a decision or agreement still to be made and who the attacker is\)/,
    );
  });
  it('CENTO no longer binds, and both end dates are stated (ATOP 9 Oct 1979, common references 16 Mar 1979)', () => {
    const cento = a.notBinding.find((n) => n.allianceId === 'baghdad-pact-cento')!;
    expect(cento.reason).toMatch(/^Ended on 1979-10-09\. ATOP 4\.01 dates the end 9 Oct 1979/);
    expect(cento.reason).toMatch(/16 Mar 1979/);
  });
});

describe('#14 golden: Iraq before and after the United Arab Republic and the Baghdad Pact exit', () => {
  it('1958-01-01: 1950 treaty Art. 2 defenders include Egypt and Syria as separate states; the Pact binds consultation (Art. 1) and non-aggression (Art. 3), no defence', () => {
    const a = engine.attacked('IRQ', '1958-01-01');
    expect(who(a.bound, 'arab-league-jdec', 'defense')).toEqual([
      'EGY',
      'JOR',
      'LBN',
      'SAU',
      'SYR',
      'YEM',
    ]);
    expect(who(a.bound, 'baghdad-pact-cento', 'consul')).toEqual(['GBR', 'IRN', 'PAK', 'TUR']);
    expect(articleOf(a.bound, 'baghdad-pact-cento', 'consul')).toEqual(['Art. 1']);
    expect(articleOf(a.bound, 'baghdad-pact-cento', 'nonagg')).toEqual(['Art. 3']);
    expect(who(a.bound, 'baghdad-pact-cento', 'defense')).toEqual([]);
    expect(a.bound.find((o) => o.state === 'EGY')?.stateName).toBe('Egypt');
    expect(a.standing).toEqual([]);
  });
  it('1960-01-01: Syria is merged into the UAR (22 Feb 1958 - 28 Sep 1961), Egypt answers as the UAR; Iraq left the Pact on 24 Mar 1959', () => {
    const a = engine.attacked('IRQ', '1960-01-01');
    expect(who(a.bound, 'arab-league-jdec', 'defense')).toEqual([
      'EGY',
      'JOR',
      'LBN',
      'SAU',
      'YEM',
    ]);
    expect(a.bound.some((o) => o.state === 'SYR' && o.origin === 'hand-coded')).toBe(false);
    expect(a.bound.find((o) => o.state === 'EGY')?.stateName).toBe(
      'United Arab Republic (Egypt and Syria)',
    );
    expect(a.bound.filter((o) => o.allianceId === 'baghdad-pact-cento')).toEqual([]);
    expect(a.notBinding.find((n) => n.allianceId === 'baghdad-pact-cento')?.reason).toBe(
      'IRQ ceased to be a party on 1959-03-24.',
    );
    expect(a.headline).toMatch(/^5 states are bound by treaty to defend Iraq\./);
  });
  it('Syria itself on 1960-01-01: the answer says it was not a separate state', () => {
    const a = engine.attacked('SYR', '1960-01-01');
    expect(a.standing[0]).toMatchObject({ kind: 'union' });
    expect(a.headline).toMatch(
      /^Syria was not a separate state on 1960-01-01: it was part of the United Arab Republic with Egypt \(1958-02-22 to 1961-09-28\)/,
    );
  });
});

describe('#14 golden: Syria during and after its suspension', () => {
  it('2012-06-01: the suspension is the headline, not "19 bound to defend"; the 1950 treaty Art. 2 pledges are listed, flagged', () => {
    const a = engine.attacked('SYR', '2012-06-01');
    expect(a.standing[0]).toMatchObject({
      kind: 'suspended',
      allianceIds: ['arab-league', 'arab-league-jdec'],
    });
    expect(a.headline).toMatch(
      /^Syria was SUSPENDED on 2012-06-01 \(League of Arab States: since 2011-11-16, until 2023-05-07;/,
    );
    expect(a.headline).toMatch(
      /19 states are bound by treaty to defend Syria, on paper only while it is suspended/,
    );
    const art2 = a.bound.filter(
      (o) => o.allianceId === 'arab-league-jdec' && o.obligation === 'defense',
    );
    expect(art2).toHaveLength(19);
    expect(art2.every((o) => o.suspended && o.article === 'Art. 2')).toBe(true);
    expect(a.standing[0].sources.map((s) => s.title).join(' ')).toMatch(
      /Council decision of 12 November 2011/,
    );
  });
  it('2024-01-01: readmitted to the League on 7 May 2023, no pledge flagged; the OIC suspension (to 7 Mar 2025) is said', () => {
    const a = engine.attacked('SYR', '2024-01-01');
    const art2 = a.bound.filter(
      (o) => o.allianceId === 'arab-league-jdec' && o.obligation === 'defense',
    );
    expect(art2.map((o) => o.state).sort()).toEqual(without(JDEC_2025, 'SYR'));
    expect(art2.some((o) => o.suspended)).toBe(false);
    expect(a.standing.map((s) => [s.kind, s.allianceIds])).toEqual([['suspended', ['oic']]]);
    expect(a.headline).toMatch(/19 states are bound by treaty to defend Syria\./);
    expect(a.headline).not.toMatch(/on paper only/);
  });
});

describe('#14 golden: Egypt attacked on 1980-01-01', () => {
  const a = engine.attacked('EGY', '1980-01-01');
  it('the League suspension (31 Mar 1979 - 22 May 1989) is the headline', () => {
    expect(a.standing[0]).toMatchObject({
      kind: 'suspended',
      allianceIds: ['arab-league', 'arab-league-jdec', 'oic'],
    });
    expect(a.headline).toMatch(
      /^Egypt was SUSPENDED on 1980-01-01 \(League of Arab States: since 1979-03-31, until 1989-05-22;/,
    );
    expect(a.headline).toMatch(/18 states are bound by treaty to defend Egypt, on paper only/);
    expect(
      a.bound
        .filter((o) => o.allianceId === 'arab-league-jdec' && o.obligation === 'defense')
        .every((o) => o.suspended),
    ).toBe(true);
  });
  it('Israel pledges non-aggression (Art. III(1)(c)), and Art. VI(5) is flagged against Egypt’s 1950 treaty duties', () => {
    const isr = a.bound.find((o) => o.state === 'ISR')!;
    expect(isr).toMatchObject({
      allianceId: 'egy-isr-1979',
      obligation: 'nonagg',
      article: 'Art. III(1)(c)',
      suspended: false,
    });
    const c = a.conflicts.find((x) => x.kind === 'priority_clause')!;
    expect(c).toMatchObject({ state: 'EGY', article: 'Art. VI(5)', applies: 'if_attacker' });
    expect(c.affects.map((x) => x.allianceId)).toContain('arab-league-jdec');
    expect(c.clause).toMatch(/Subject to Art\. 103 of the UN Charter/);
  });
});

describe('#14 golden: Qatar on 1960-01-01', () => {
  it('says Qatar was not yet a party (League member from 11 Sep 1971), not a bare "0 states bound"', () => {
    const a = engine.attacked('QAT', '1960-01-01');
    expect(a.bound).toEqual([]);
    expect(a.standing).toEqual([
      expect.objectContaining({ kind: 'not_yet_party', allianceIds: ['arab-league'] }),
    ]);
    expect(a.headline).toBe(
      'Qatar was not yet a party to any alliance Tahaluf knows of on 1960-01-01: its first is League of Arab States, from 1971-09-11. No state was bound by a treaty to defend it on that date.',
    );
    // Every alliance joined later, earliest first, for the console to list (#13.10).
    const later = a.standing[0].joinedLater ?? [];
    expect(later[0]).toEqual({
      allianceId: 'arab-league',
      allianceName: 'League of Arab States',
      from: '1971-09-11',
    });
    expect(later.map((j) => j.allianceId)).toEqual(expect.arrayContaining(['gcc']));
    expect(new Set(later.map((j) => j.allianceId)).size).toBe(later.length);
    expect(later.map((j) => j.from)).toEqual([...later.map((j) => j.from)].sort());
  });
});

describe('#14.3 a state bound to defend both sides of a dyad is flagged', () => {
  it('Kuwait attacked by Iraq on 1990-08-02: the other 1950 treaty parties are bound (Art. 2) toward both', () => {
    const a = engine.attacked('KWT', '1990-08-02', { attacker: 'IRQ' });
    const both = a.conflicts.filter((c) => c.kind === 'both_sides');
    expect(both.map((c) => c.state)).toContain('SAU');
    expect(both.find((c) => c.state === 'SAU')).toMatchObject({
      allianceId: 'arab-league-jdec',
      article: 'Art. 2',
      applies: 'now',
    });
    expect(a.headline).toMatch(/states are bound to defend both sides/);
  });
});
