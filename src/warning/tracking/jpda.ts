import { updateState, type Gaussian } from '../kalman.js';
import type { Measurement } from '../measurement.js';

/** JPDA settings (docs/tracker-config.md). */
export interface JpdaParams {
  /** Detection probability of a target. */
  pD: number;
  /** Clutter (false report) density per unit of measurement space (m⁻² in 2-D, m⁻³ in 3-D). */
  clutterDensity: number;
  /** Gate probability (the chi-square gate), P_G in the miss weight 1 − P_D·P_G. */
  gateProbability: number;
  /** A cluster with more joint events than this is associated by GNN instead (counted). */
  maxEvents: number;
}

export interface JpdaResult {
  /** Per track: the most probable report (−1: no report is more probable than none). */
  best: number[];
  /** Per track: the JPDA posterior (Gaussian mixture of its association hypotheses, moment-matched). */
  state: (Gaussian | null)[];
  /** Per track: the probability that none of the scan's reports is its target's. */
  beta0: number[];
  /** Per report: the probability that it belongs to no track (clutter or a new target). */
  unassigned: Float64Array;
  /** Clusters too large for exact enumeration (associated by the GNN fallback). */
  fallbacks: number;
  /**
   * Per track: its association probabilities, [0] for no report and [a + 1] for its a-th gated pair;
   * null for a track not gated with any report or associated by the GNN fallback (then `best` holds).
   */
  beta: (Float64Array | null)[];
}

/** What an IMM track (IMM-JPDA, imm-pda.ts) changes in the association. */
export interface JpdaOptions {
  /**
   * The likelihood of track t's a-th gated pair (p(z | track), without P_D/λ) instead of the Gaussian of
   * `preds[t]` (undefined: that Gaussian): for an IMM track, the mode-mixed Σⱼ μⱼ⁻ N(ν_j; 0, S_j)
   * (Blom & Bloem 2000).
   */
  likelihood?: (t: number, a: number) => number | undefined;
  /** Tracks whose posterior the caller computes from `beta` (IMM-PDA): `state` is left null. */
  noState?: (t: number) => boolean;
}

function det(S: number[][]): number {
  const n = S.length;
  if (n === 1) return S[0][0];
  if (n === 2) return S[0][0] * S[1][1] - S[0][1] * S[1][0];
  return (
    S[0][0] * (S[1][1] * S[2][2] - S[1][2] * S[2][1]) -
    S[0][1] * (S[1][0] * S[2][2] - S[1][2] * S[2][0]) +
    S[0][2] * (S[1][0] * S[2][1] - S[1][1] * S[2][0])
  );
}

/** Gaussian likelihood of a gated pair from its νᵀS⁻¹ν and S = HPHᵀ + R. */
function likelihood(pred: Gaussian, m: Measurement, d2: number): number {
  const d = m.z.length;
  const S = m.R.map((row, i) => row.map((v, j) => v + pred.P[i][j]));
  return Math.exp(-0.5 * d2) / Math.sqrt((2 * Math.PI) ** d * Math.max(det(S), 1e-300));
}

/**
 * Joint probabilistic data association (Fortmann, Bar-Shalom & Scheffe 1983) per cluster of tracks
 * linked by shared reports: every joint event (each track takes at most one report in its gate, each
 * report at most one track) is weighted by Π over assigned pairs P_D·N(ν; 0, S)/λ and Π over tracks
 * left without a report (1 − P_D·P_G); β(t, k) is the normalised sum of the events that pair t with k.
 * Each track's posterior is the moment-matched mixture of its predicted state (weight β₀) and its
 * Kalman updates with each gated report (weights β_k). Clusters with more than `maxEvents` joint events
 * fall back to the GNN assignment passed in (`gnn`).
 */
export function jpdaAssociate(
  preds: readonly Gaussian[],
  pairs: readonly { k: number; d2: number }[][],
  ms: readonly Measurement[],
  p: JpdaParams,
  gnn: readonly number[],
  options: JpdaOptions = {},
): JpdaResult {
  const nT = preds.length;
  const best = new Array<number>(nT).fill(-1);
  const state = new Array<Gaussian | null>(nT).fill(null);
  const beta0 = new Array<number>(nT).fill(1);
  const unassigned = new Float64Array(ms.length).fill(1);
  const betas = new Array<Float64Array | null>(nT).fill(null);
  let fallbacks = 0;
  // Clusters: union-find over reports, as in clusteredAssign.
  const parent = Int32Array.from({ length: ms.length }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]];
    return k;
  };
  for (const row of pairs)
    for (let i = 1; i < row.length; i++) {
      const a = find(row[0].k),
        b = find(row[i].k);
      if (a !== b) parent[a] = b;
    }
  const clusters = new Map<number, number[]>();
  pairs.forEach((row, t) => {
    if (!row.length) return;
    const r = find(row[0].k);
    const list = clusters.get(r);
    if (list) list.push(t);
    else clusters.set(r, [t]);
  });
  const miss = 1 - p.pD * p.gateProbability;
  for (const tracks of clusters.values()) {
    const g = tracks.map((t) =>
      pairs[t].map(
        ({ k, d2 }, a) =>
          (p.pD * (options.likelihood?.(t, a) ?? likelihood(preds[t], ms[k], d2))) /
          p.clutterDensity,
      ),
    );
    // Enumerate joint events depth-first; weights accumulate per (track, pair index).
    const acc = tracks.map((t) => new Float64Array(pairs[t].length + 1)); // [0] = no report
    const choice = new Int32Array(tracks.length);
    const taken = new Set<number>();
    let total = 0,
      events = 0,
      tooMany = false;
    const visit = (i: number, w: number) => {
      if (tooMany) return;
      if (i === tracks.length) {
        if (++events > p.maxEvents) {
          tooMany = true;
          return;
        }
        total += w;
        for (let j = 0; j < tracks.length; j++) acc[j][choice[j]] += w;
        return;
      }
      choice[i] = 0;
      visit(i + 1, w * miss);
      const row = pairs[tracks[i]];
      for (let a = 0; a < row.length; a++) {
        if (taken.has(row[a].k)) continue;
        taken.add(row[a].k);
        choice[i] = a + 1;
        visit(i + 1, w * g[i][a]);
        taken.delete(row[a].k);
      }
    };
    visit(0, 1);
    if (tooMany || !(total > 0)) {
      fallbacks++;
      for (const t of tracks) {
        best[t] = gnn[t];
        if (gnn[t] >= 0) {
          beta0[t] = 0;
          unassigned[gnn[t]] = 0;
          state[t] = updateState(preds[t], ms[gnn[t]].z, ms[gnn[t]].R);
        }
      }
      continue;
    }
    tracks.forEach((t, j) => {
      const b = acc[j].map((v) => v / total);
      betas[t] = b;
      beta0[t] = b[0];
      let top = 0;
      for (let a = 1; a < b.length; a++) if (b[a] > b[top]) top = a;
      best[t] = top > 0 ? pairs[t][top - 1].k : -1;
      pairs[t].forEach(({ k }, a) => (unassigned[k] -= b[a + 1]));
      if (options.noState?.(t)) return;
      // Mixture of the predicted state (β₀) and each update (β_k), moment-matched.
      const pred = preds[t];
      const comps: { w: number; g: Gaussian }[] = [{ w: b[0], g: pred }];
      pairs[t].forEach(({ k }, a) => {
        if (b[a + 1] > 1e-12) comps.push({ w: b[a + 1], g: updateState(pred, ms[k].z, ms[k].R) });
      });
      state[t] = collapse(comps);
    });
  }
  for (let k = 0; k < unassigned.length; k++) unassigned[k] = Math.max(0, unassigned[k]);
  return { best, state, beta0, unassigned, fallbacks, beta: betas };
}

/** Moment-matched Gaussian of a mixture (weights summing to 1). */
export function collapse(comps: readonly { w: number; g: Gaussian }[]): Gaussian {
  const n = comps[0].g.x.length;
  const wsum = comps.reduce((a, c) => a + c.w, 0);
  const x = new Array<number>(n).fill(0);
  for (const c of comps) for (let i = 0; i < n; i++) x[i] += (c.w / wsum) * c.g.x[i];
  const P = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const c of comps) {
    const w = c.w / wsum;
    for (let i = 0; i < n; i++) {
      const di = c.g.x[i] - x[i];
      for (let j = 0; j < n; j++) P[i][j] += w * (c.g.P[i][j] + di * (c.g.x[j] - x[j]));
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) P[i][j] = P[j][i] = 0.5 * (P[i][j] + P[j][i]);
  return { x, P };
}
