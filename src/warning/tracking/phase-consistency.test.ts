import { describe, expect, it } from 'vitest';
import { Prng } from '../prng.js';
import { DEFAULT_IMM } from './imm.js';
import { drawKappa } from './phase-consistency.js';

// #18 Bayesian consistency check of re-entry (bench warning-bias, radar-bias.slow.test.ts): the
// truth's κ = 1/β is drawn per run from the filter's prior, a Gaussian truncated at κmin.
describe('drawKappa: the truth κ from the filter prior', () => {
  it('is seeded, never below κmin, and has the truncated Gaussian moments', () => {
    const drag = DEFAULT_IMM.drag!;
    const a = new Prng(3),
      b = new Prng(3);
    const draws = Array.from({ length: 20_000 }, () => drawKappa(drag, a));
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => drawKappa(drag, b)));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(drag.kappaMin);
    // Truncation at α = (κmin − κ)/σ = −0.975: mean κ + σλ, λ = φ(α)/(1 − Φ(α)) = 0.2969, i.e.
    // 5.19·10⁻⁴; E[(κ − prior mean)²] = σ²(1 + αλ) = 0.711 σ².
    const mean = draws.reduce((x, y) => x + y, 0) / draws.length;
    const m2 =
      draws.reduce((x, y) => x + (y - drag.kappa) ** 2, 0) / draws.length / drag.kappaSigma ** 2;
    expect(mean).toBeGreaterThan(5.1e-4);
    expect(mean).toBeLessThan(5.28e-4);
    expect(m2).toBeGreaterThan(0.69);
    expect(m2).toBeLessThan(0.73);
  });

  it('refuses a prior with almost no mass above κmin', () => {
    expect(() =>
      drawKappa({ kappa: -1e-3, kappaSigma: 1e-4, kappaMin: 1e-5 }, new Prng(1)),
    ).toThrow(/κmin/);
  });
});
