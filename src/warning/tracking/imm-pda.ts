import type { Gaussian, Innovation } from '../kalman.js';
import { logDetSpd, type Mat, type Vec } from '../linalg.js';
import { BALLISTIC_OPS, immCarry, type ImmOps, type ImmState } from './imm.js';
import { collapse } from './jpda.js';

/**
 * Probabilistic data association inside the IMM (IMM-PDA / IMM-JPDA): Houles & Bar-Shalom,
 * "Multisensor tracking of a maneuvering target in clutter", IEEE Trans. AES 25(2), 1989 (IMMPDAF),
 * and Blom & Bloem, "Probabilistic data association avoiding track coalescence", IEEE Trans. AC
 * 45(2), 2000 (IMMJPDA); Bar-Shalom, Willett & Tian, "Tracking and data fusion" (2011), ch. 7.
 *
 * With the IMM's predicted modes j (probabilities μⱼ⁻) and a report k of covariance R_k, the report's
 * likelihood under mode j is N_jk = N(ν_jk; 0, S_jk), S_jk = H P_j Hᵀ + R_k, and under the track the
 * mode-mixed Λ_k = Σⱼ μⱼ⁻ N_jk: that is what the joint association events weigh (P_D·Λ_k/λ per
 * assigned pair), so the association probabilities β_k (β₀: no report is the target's) are the
 * JPDA's with the IMM's predictive density. The joint posterior of association and mode then splits
 * exactly: P(θ = k, M = j) = β_k·μⱼ⁻·N_jk/Λ_k, P(θ = 0, M = j) = β₀·μⱼ⁻, so
 *  - the new mode probability is μⱼ = μⱼ⁻·(β₀ + Σ_k β_k·N_jk/Λ_k) (the per-mode likelihood of the
 *    PDA mixture, normalised; the β's already sum to 1 with β₀, so the μⱼ sum to 1);
 *  - each mode is updated by PDA with its own association probabilities β_k^j = β_k·N_jk/(Λ_k·c_j),
 *    β₀^j = β₀/c_j (c_j = μⱼ/μⱼ⁻): the moment-matched mixture of its prediction (β₀^j) and its Kalman
 *    updates with each report (β_k^j). With one gain for all reports that is the PDAF's combined
 *    innovation ν = Σ β_k ν_k, P = β₀P⁻ + (1 − β₀)(P⁻ − KSKᵀ) + K(Σ β_k ν_k ν_kᵀ − ννᵀ)Kᵀ, the last
 *    term the spread of the innovations; with a different R per report the mixture is its
 *    generalisation. A mixture of positive-definite covariances with positive weights stays
 *    positive-definite.
 * With one report at β = 1 (P_D = 1, no clutter) this is the IMM's own update (`immUpdate`).
 */

/** Per gated report: each mode's Kalman update with its innovation, and the log-likelihoods. */
export interface ImmPairs {
  /** ups[k][j]: mode j updated with report k. */
  ups: (Gaussian & Innovation)[][];
  /** ll[k][j] = ln N_jk (with the (2π)^d term). */
  ll: number[][];
  /** ln Λ_k = ln Σⱼ μⱼ⁻ N_jk (−Infinity when every mode's likelihood underflows). */
  logLik: number[];
}

/** Each mode's update with each report and the mode-mixed likelihoods ln Λ_k of the reports. */
export function immPairs(
  pred: ImmState,
  reports: readonly { z: Vec; R: Mat }[],
  ops: ImmOps = BALLISTIC_OPS,
): ImmPairs {
  const ups: (Gaussian & Innovation)[][] = [];
  const ll: number[][] = [];
  const logLik: number[] = [];
  for (const { z, R } of reports) {
    const u = pred.modes.map((g) => ops.update(g, z, R));
    const l = u.map((v) => -0.5 * (v.d2 + logDetSpd(v.S) + z.length * Math.log(2 * Math.PI)));
    ups.push(u);
    ll.push(l);
    logLik.push(
      logSumExp(l.map((v, j) => (pred.mu[j] > 0 ? Math.log(pred.mu[j]) + v : -Infinity))),
    );
  }
  return { ups, ll, logLik };
}

function logSumExp(a: readonly number[]): number {
  const m = Math.max(...a);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const v of a) s += Math.exp(v - m);
  return m + Math.log(s);
}

/**
 * The IMM-PDA update of a predicted IMM state with the reports of one scan in its gate, given their
 * association probabilities `beta` (per report) and `beta0` (none is the target's), Σ = 1; `pairs`
 * from `immPairs` on the same reports (computed again when absent).
 */
export function immPdaUpdate(
  pred: ImmState,
  reports: readonly { z: Vec; R: Mat }[],
  beta: readonly number[],
  beta0: number,
  ops: ImmOps = BALLISTIC_OPS,
  pairs: ImmPairs = immPairs(pred, reports, ops),
): ImmState {
  // Per mode j, the association probabilities given the mode, unnormalised: c[j][0] = β₀,
  // c[j][k + 1] = β_k·N_jk/Λ_k; Σ c[j] = c_j, the mode's likelihood ratio (μⱼ = μⱼ⁻·c_j).
  const c = pred.modes.map((_, j) => {
    const row = [beta0];
    reports.forEach((_, k) => {
      const lk = pairs.logLik[k];
      row.push(beta[k] > 0 && lk > -Infinity ? beta[k] * Math.exp(pairs.ll[k][j] - lk) : 0);
    });
    return row;
  });
  const cj = c.map((row) => row.reduce((a, b) => a + b, 0));
  const mass = cj.map((v, j) => pred.mu[j] * v);
  const total = mass.reduce((a, b) => a + b, 0);
  const mu = total > 0 ? mass.map((v) => v / total) : pred.mu.slice();
  const modes = pred.modes.map((g, j) => {
    // A mode under which every report's likelihood underflowed (and β₀ = 0), or a mode of probability
    // 0 (the IMM has switched it off, e.g. re-entry while climbing): the marginal β's. Given μⱼ⁻ = 0
    // the split above says nothing about the mode, and its β₀-heavy weights left it predicted but
    // never updated: the mixing keeps such a mode's own state, so its covariance grew without bound
    // (1e133 after 200 s) until the track's gate threw and the missile's track was deleted.
    const wj = cj[j] > 0 && pred.mu[j] > 0 ? c[j] : [beta0, ...beta];
    const sum = wj.reduce((a, b) => a + b, 0);
    const comps: { w: number; g: Gaussian }[] = [];
    if (wj[0] > 1e-12 * sum) comps.push({ w: wj[0], g });
    reports.forEach((_, k) => {
      if (wj[k + 1] > 1e-12 * sum) comps.push({ w: wj[k + 1], g: pairs.ups[k][j] });
    });
    if (!comps.length) return g;
    if (comps.length === 1) return { x: comps[0].g.x, P: comps[0].g.P };
    return collapse(comps);
  });
  return {
    t: pred.t,
    modes,
    mu,
    ...immCarry(pred, modes),
  };
}
