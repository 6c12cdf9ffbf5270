import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { COW_STATES, cowCodesOf, cowState } from './cow-iso.js';
import { atop401, seededRegistry } from './testing.js';

const ISO3166_3_FORMER = new Set(['DDR', 'CSK', 'YMD']);

describe('COW → ISO alpha-3 table', () => {
  it('covers every state code in the ATOP member-level file', () => {
    const missing = [...new Set(atop401().members.map((m) => m.member))].filter(
      (c) => !cowState(c),
    );
    expect(missing).toEqual([]);
  });
  it('agrees with the registry wherever a seeded state carries a COW code', () => {
    const registry = seededRegistry();
    const wrong = registry
      .states()
      .filter((s) => s.cowCode !== null && cowState(s.cowCode)?.iso3 !== s.iso3)
      .map((s) => `${s.iso3}/${s.cowCode}`);
    expect(wrong).toEqual([]);
  });
  it('uses real ISO 3166-1 codes for existing states, ISO 3166-3 for former ones, and X.. pseudo-codes otherwise', () => {
    for (const s of COW_STATES) {
      if (s.iso3.startsWith('X'))
        expect(s.historical || s.iso3 === 'XKX', `${s.cow} ${s.iso3}`).toBe(true);
      else if (ISO3166_3_FORMER.has(s.iso3)) expect(s.historical).toBe(true);
      else expect(countries.isValid(s.iso3), `${s.cow} ${s.iso3}`).toBe(true);
    }
  });
  it('shares an ISO code only between COW codes that never coexist in ATOP (255/260 Germany, 678/679 Yemen)', () => {
    const shared = [...new Set(COW_STATES.map((s) => s.iso3))]
      .filter((iso) => cowCodesOf(iso).length > 1)
      .sort();
    expect(shared).toEqual(['DEU', 'YEM']);
    for (const iso of shared) {
      const [a, b] = cowCodesOf(iso);
      const years = (c: number) =>
        new Set(
          atop401()
            .members.filter((m) => m.member === c)
            .flatMap((m) => {
              const out: number[] = [];
              for (let y = m.yrent; y <= (m.yrexit || 2016); y++) out.push(y);
              return out;
            }),
        );
      const ya = years(a);
      // A boundary year (1990) may hold both: reunification and Yemeni unification happened within it.
      expect([...years(b)].filter((y) => ya.has(y) && y !== 1990)).toEqual([]);
    }
  });
});
