import { describe, expect, it } from 'vitest';
import { OBLIGATION_TYPES, type Treaty } from './model.js';
import { checkTreaties, loadTreaties } from './treaty-data.js';
import { atop401, seededRegistry } from './testing.js';

const treaties = loadTreaties();
const registry = seededRegistry();

describe('hand-coded treaties (data/treaties/provisions.json)', () => {
  it('covers every alliance of the seeds, each with sources and a suspension rule', () => {
    expect(treaties.map((t) => t.allianceId).sort()).toEqual(
      registry
        .alliances()
        .map((a) => a.id)
        .sort(),
    );
    expect(checkTreaties(treaties)).toEqual([]);
  });

  it('codes the same obligation types as ATOP wherever ATOP codes the treaty', () => {
    for (const t of treaties.filter((x) => x.atopId !== null)) {
      const rows = atop401().members.filter((m) => m.atopid === t.atopId);
      expect(rows.length, t.allianceId).toBeGreaterThan(0);
      const atopTypes = OBLIGATION_TYPES.filter((o) => rows.some((r) => r[o] === 1));
      const ours = OBLIGATION_TYPES.filter((o) => t.provisions.some((p) => p.obligation === o));
      expect(ours, t.allianceId).toEqual(atopTypes);
    }
  });

  it('keeps proposals free of binding provisions and says when a text is unknown', () => {
    for (const t of treaties.filter((x) => x.status === 'proposed'))
      expect(t.provisions).toEqual([]);
    expect(treaties.find((t) => t.allianceId === 'imctc')!.caveats.join(' ')).toMatch(/disputed/);
    expect(treaties.find((t) => t.allianceId === 'sau-pak-smda')!.provisions[0].article).toBeNull();
    const eo = treaties.find((t) => t.allianceId === 'us-qatar-eo-2025')!.provisions[0];
    expect([eo.pledgers, eo.beneficiaries]).toEqual([['USA'], ['QAT']]);
  });

  it('reports bad data with the place of the fault', () => {
    const bad = structuredClone<Treaty[]>(treaties);
    bad[0].inForce = '1945-02-30';
    bad[1].provisions[0].sources = [];
    (bad[2] as { provisions: unknown[] }).provisions.push({
      obligation: 'attack',
      article: null,
      summary: '',
      pledgers: 'members',
      beneficiaries: 'members',
      conditions: [],
      sources: [{ title: 'x' }],
    });
    bad[10].provisions = [bad[1].provisions[1]];
    const problems = checkTreaties(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/treaties\[0\] arab-league.inForce: '1945-02-30'/),
        expect.stringMatching(/treaties\[1\] arab-league-jdec.provisions\[0\]: no source/),
        expect.stringMatching(/unknown obligation 'attack'/),
        expect.stringMatching(/joint-arab-force: a proposal carries no binding provision/),
      ]),
    );
  });
});
