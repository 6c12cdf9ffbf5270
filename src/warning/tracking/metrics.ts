import { hungarian } from '../assignment.js';

/**
 * Standard multi-target tracking metrics, written from their definitions:
 *
 * - OSPA (Schuhmacher, Vo & Vo, "A consistent metric for performance evaluation of multi-object
 *   filters", IEEE Trans. Signal Processing 56(8), 2008): for finite sets X = {x₁…x_m} and
 *   Y = {y₁…y_n} with m ≤ n, cut-off c > 0 and order p ≥ 1,
 *     d_p^(c)(X, Y) = ( (1/n) · ( min_π Σᵢ d^(c)(xᵢ, y_π(i))^p + c^p · (n − m) ) )^(1/p),
 *   where d^(c)(x, y) = min(c, ‖x − y‖), π ranges over injections of X into Y; 0 when both sets are
 *   empty, c when exactly one is (the formula with m = 0 gives that too). Symmetric in X and Y.
 * - SIAP completeness and spuriousness (Votruba et al., "Single Integrated Air Picture (SIAP)
 *   Metrics Implementation", SIAP SE Task Force, 2001; as in Stone Soup's SIAPMetrics): over the
 *   evaluation times t, with J(t) true objects, JT(t) of them tracked (at least one track associated),
 *   N(t) tracks and NA(t) tracks associated with a truth,
 *     completeness C = Σ JT(t) / Σ J(t),  spuriousness S = Σ (N(t) − NA(t)) / Σ N(t),
 *     ambiguity A = Σ NA(t) / Σ JT(t).
 *   A track is associated at time t with the nearest truth within `threshold` (Euclidean position
 *   distance); a track farther than that from every truth is spurious.
 */

export type Point = readonly number[];

const dist = (a: Point, b: Point) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
};

/** OSPA distance between two finite point sets (positions), cut-off c, order p. */
export function ospa(X: readonly Point[], Y: readonly Point[], c = 10, p = 1): number {
  if (!(c > 0) || !(p >= 1)) throw new Error('OSPA needs c > 0 and p >= 1');
  const [small, large] = X.length <= Y.length ? [X, Y] : [Y, X];
  const m = small.length,
    n = large.length;
  if (n === 0) return 0;
  let sum = c ** p * (n - m);
  if (m > 0) {
    const cost = small.map((x) => large.map((y) => Math.min(c, dist(x, y)) ** p));
    const assign = hungarian(cost);
    for (let i = 0; i < m; i++) sum += cost[i][assign[i]];
  }
  return (sum / n) ** (1 / p);
}

/** The points present at one evaluation time: the truths' positions and the tracks' estimated positions. */
export interface MetricFrame {
  time: number;
  truths: { id: string; pos: Point }[];
  tracks: { id: string; pos: Point }[];
}

export interface SiapCounts {
  /** Σ J(t): truth-times. */
  J: number;
  /** Σ JT(t): truth-times with at least one associated track. */
  JT: number;
  /** Σ N(t): track-times. */
  N: number;
  /** Σ NA(t): track-times associated with a truth. */
  NA: number;
}

export interface SiapResult extends SiapCounts {
  completeness: number;
  spuriousness: number;
  ambiguity: number;
}

/** SIAP counts at one time: each track joins the nearest truth within `threshold`, if any. */
export function siapCountsAt(frame: MetricFrame, threshold: number): SiapCounts {
  const tracked = new Set<string>();
  let NA = 0;
  for (const tr of frame.tracks) {
    let best: string | null = null,
      bestD = threshold;
    for (const tru of frame.truths) {
      const d = dist(tr.pos, tru.pos);
      if (d <= bestD) {
        bestD = d;
        best = tru.id;
      }
    }
    if (best !== null) {
      NA++;
      tracked.add(best);
    }
  }
  return { J: frame.truths.length, JT: tracked.size, N: frame.tracks.length, NA };
}

/** SIAP completeness, spuriousness and ambiguity over a sequence of frames. */
export function siap(frames: readonly MetricFrame[], threshold: number): SiapResult {
  const s: SiapCounts = { J: 0, JT: 0, N: 0, NA: 0 };
  for (const f of frames) {
    const c = siapCountsAt(f, threshold);
    s.J += c.J;
    s.JT += c.JT;
    s.N += c.N;
    s.NA += c.NA;
  }
  return {
    ...s,
    completeness: s.J ? s.JT / s.J : NaN,
    spuriousness: s.N ? (s.N - s.NA) / s.N : NaN,
    ambiguity: s.JT ? s.NA / s.JT : NaN,
  };
}

/** Mean OSPA over frames (each frame's truths against its tracks), and the per-frame values. */
export function meanOspa(
  frames: readonly MetricFrame[],
  c = 10,
  p = 1,
): { mean: number; values: number[] } {
  const values = frames.map((f) =>
    ospa(
      f.truths.map((t) => t.pos),
      f.tracks.map((t) => t.pos),
      c,
      p,
    ),
  );
  return { mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN, values };
}
