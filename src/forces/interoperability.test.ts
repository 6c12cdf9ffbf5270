import { describe, expect, it } from 'vitest';
import { Catalogue, checkCatalogue, shippedCatalogue } from './catalogue.js';
import { interopMatrix, type MatrixUnit } from './interoperability.js';

const cat = shippedCatalogue();
const u = (key: string, ...families: string[]): MatrixUnit => ({
  key,
  label: key,
  member: key.slice(0, 3),
  families,
});
const cell = (m: ReturnType<typeof interopMatrix>, a: string, b: string) =>
  m.cells.find((c) => (c.a === a && c.b === b) || (c.a === b && c.b === a))!;

describe('interoperability matrix', () => {
  it('finds shared data links, calibres and fuel from the catalogue', () => {
    const m = interopMatrix(
      [
        u('EGY-f16', 'f-16-block50plus'),
        u('SAU-typhoon', 'eurofighter-typhoon'),
        u('SAU-patriot', 'patriot'),
        u('EGY-s300', 's-300vm'),
      ],
      cat,
    );
    const f16Typ = cell(m, 'EGY-f16', 'SAU-typhoon');
    expect(f16Typ.data).toBe('link');
    expect(f16Typ.links.data.map((l) => l.via)).toEqual(['link-16']);
    expect(f16Typ.ammunition).toBe('none'); // 20 mm vs 27 mm cannon
    expect(f16Typ.fuel).toBe('shared');
    expect(f16Typ.score).toBe(0.75);
    expect(cell(m, 'SAU-patriot', 'EGY-s300').data).toBe('none');
    expect(cell(m, 'SAU-patriot', 'EGY-s300').fuel).toBe('shared'); // both diesel
    expect(m.gaps).toContainEqual({
      a: 'SAU-patriot',
      b: 'EGY-s300',
      channel: 'data',
      reason: 'no common data link or radio waveform',
    });
    // The S-300VM links to no one: it is an island of its own.
    expect(m.dataIslands).toEqual([['EGY-f16', 'SAU-typhoon', 'SAU-patriot'], ['EGY-s300']]);
    expect(m.adoption.find((a) => a.standard === 'link-16')).toMatchObject({
      units: 3,
      lacking: ['EGY-s300'],
    });
  });

  it('counts voice-only links and air refuelling by compatible method', () => {
    const m = interopMatrix(
      [
        u('a', 'an-prc-152'),
        u('b', 'uh-60-black-hawk'),
        u('tanker', 'a330-mrtt'),
        u('rafale', 'rafale'),
        u('t90', 't-90'),
      ],
      cat,
    );
    expect(cell(m, 'a', 'b').data).toBe('voice');
    expect(cell(m, 'tanker', 'rafale').links.fuel.map((l) => l.via)).toContain('aar-drogue-tanker');
    expect(cell(m, 'rafale', 't90').fuel).toBe('none'); // kerosene aircraft vs diesel tank
    expect(cell(m, 'rafale', 'a').data).toBe('none');
  });

  it('shares ammunition between tanks with the same 120 mm gun family', () => {
    const m = interopMatrix(
      [u('abrams', 'm1a2-abrams'), u('leo', 'leopard-2a7'), u('t90', 't-90')],
      cat,
    );
    expect(
      cell(m, 'abrams', 'leo')
        .links.ammunition.map((l) => l.via)
        .sort(),
    ).toEqual(['cal-120-smoothbore', 'cal-7.62-nato']);
    expect(cell(m, 'abrams', 't90').ammunition).toBe('none');
    expect(m.gaps.filter((g) => g.channel === 'ammunition').length).toBe(2);
  });

  it('applies after-action findings: a blocked pair loses its link, a working one gains it', () => {
    const units = [
      u('f16', 'f-16-block50plus'),
      u('rafale', 'rafale'),
      u('s300', 's-300vm'),
      u('patriot', 'patriot'),
    ];
    const before = interopMatrix(units, cat);
    expect(cell(before, 'f16', 'rafale').data).toBe('link');
    const after = interopMatrix(units, cat, [
      {
        familyA: 'rafale',
        familyB: 'f-16-block50plus',
        channel: 'data',
        result: 'blocked',
        note: 'crypto keys not shared',
      },
      {
        familyA: 's-300vm',
        familyB: 'patriot',
        channel: 'data',
        result: 'works',
        note: 'gateway tested',
      },
    ]);
    expect(cell(after, 'f16', 'rafale').data).toBe('none');
    expect(after.gaps).toContainEqual({
      a: 'f16',
      b: 'rafale',
      channel: 'data',
      reason: 'exercise finding: crypto keys not shared',
    });
    expect(cell(after, 's300', 'patriot').data).toBe('link');
    expect(cell(after, 's300', 'patriot').links.data).toEqual([
      { familyA: 's-300vm', familyB: 'patriot', via: 'exercise-finding' },
    ]);
  });

  it('marks a unit without listed equipment as unknown, not as a gap', () => {
    const m = interopMatrix([u('cyber'), u('f16', 'f-16-block50plus')], cat);
    expect(cell(m, 'cyber', 'f16')).toMatchObject({
      data: 'unknown',
      ammunition: 'unknown',
      fuel: 'unknown',
      score: null,
    });
    expect(m.gaps).toEqual([]);
  });
});

describe('catalogue', () => {
  it('the shipped catalogue is consistent and every entry carries a source', () => {
    expect(cat.families.size).toBeGreaterThan(15);
    for (const f of cat.families.values()) expect(f.sources.length).toBeGreaterThan(0);
    for (const s of cat.standards.values()) expect(s.sources.length).toBeGreaterThan(0);
  });
  it('rejects a family naming an unknown standard', () => {
    expect(
      checkCatalogue({
        standards: [],
        families: [
          {
            id: 'x',
            name: 'x',
            category: 'c',
            maker: 'm',
            standards: ['link-99'],
            sources: [{ title: 't' }],
          },
        ],
      }),
    ).toEqual(['family x names unknown standard link-99']);
    expect(
      () =>
        new Catalogue({
          standards: [],
          families: [{ id: 'x', name: 'x', category: 'c', maker: 'm', standards: [], sources: [] }],
        }),
    ).toThrow(/no source/);
  });
});
