import type { Gaussian } from '../kalman.js';
import { cholesky, invSpd, type Mat, type Vec } from '../linalg.js';

/**
 * A member's local track shared instead of raw reports (#18.8): its state and covariance at a time,
 * in the tracker's frame (ECEF position and velocity, m and m/s, for the ballistic model).
 */
export interface SharedLocalTrack {
  member: string;
  /** The member's own id of the track. */
  track: string;
  /** Unix s. */
  time: number;
  x: Vec;
  P: Mat;
}

export type SharedTrackCheck =
  { ok: true; track: SharedLocalTrack } | { ok: false; detail: string };

/** Checks a shared track: strings, finite time and state, a symmetric positive-definite covariance. */
export function checkSharedTrack(raw: unknown, dim = 6): SharedTrackCheck {
  if (typeof raw !== 'object' || raw === null) return { ok: false, detail: 'not an object' };
  const r: { member?: unknown; track?: unknown; time?: unknown; x?: unknown; P?: unknown } = raw;
  if (typeof r.member !== 'string' || !r.member) return { ok: false, detail: 'member: a string' };
  if (typeof r.track !== 'string' || !r.track) return { ok: false, detail: 'track: a string' };
  if (typeof r.time !== 'number' || !Number.isFinite(r.time))
    return { ok: false, detail: 'time: a finite number' };
  const finite = (v: unknown): v is number[] =>
    Array.isArray(v) &&
    v.length === dim &&
    v.every((e) => typeof e === 'number' && Number.isFinite(e));
  if (!finite(r.x)) return { ok: false, detail: `x: ${dim} finite numbers` };
  const rows = r.P;
  if (!Array.isArray(rows) || rows.length !== dim || !rows.every(finite))
    return { ok: false, detail: `P: ${dim}×${dim} finite numbers` };
  const P: Mat = rows;
  for (let i = 0; i < dim; i++)
    for (let j = 0; j < i; j++)
      if (Math.abs(P[i][j] - P[j][i]) > 1e-9 * Math.max(1, Math.abs(P[i][j])))
        return { ok: false, detail: 'P: not symmetric' };
  try {
    cholesky(P);
  } catch {
    return { ok: false, detail: 'P: not positive definite' };
  }
  return { ok: true, track: { member: r.member, track: r.track, time: r.time, x: r.x, P } };
}

function trace(P: Mat): number {
  return P.reduce((s, row, i) => s + row[i], 0);
}

/** P⁻¹ = ω Pa⁻¹ + (1 − ω) Pb⁻¹, x = P (ω Pa⁻¹ xa + (1 − ω) Pb⁻¹ xb). */
function ciAt(a: Gaussian, b: Gaussian, Ai: Mat, Bi: Mat, w: number): Gaussian {
  const n = a.x.length;
  const I = Ai.map((row, i) => row.map((v, j) => w * v + (1 - w) * Bi[i][j]));
  const P = invSpd(I);
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) y[i] += w * Ai[i][j] * a.x[j] + (1 - w) * Bi[i][j] * b.x[j];
  const x = P.map((row) => row.reduce((s, v, j) => s + v * y[j], 0));
  return { x, P };
}

/**
 * Covariance intersection (Julier & Uhlmann, "A non-divergent estimation algorithm in the presence of
 * unknown correlations", ACC 1997): fuses two estimates of the same state whose cross-correlation is
 * unknown (two members' tracks share the target's process noise and may share reports), with ω chosen
 * by golden-section search to minimise the fused covariance's trace. Consistent for any correlation,
 * at the price of being conservative when the estimates are in fact independent.
 */
export function covarianceIntersection(a: Gaussian, b: Gaussian): Gaussian & { omega: number } {
  const Ai = invSpd(a.P),
    Bi = invSpd(b.P);
  const f = (w: number) => trace(ciAt(a, b, Ai, Bi, w).P);
  const g = (Math.sqrt(5) - 1) / 2;
  let lo = 0,
    hi = 1,
    c = hi - g * (hi - lo),
    d = lo + g * (hi - lo),
    fc = f(c),
    fd = f(d);
  for (let k = 0; k < 40; k++) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - g * (hi - lo);
      fc = f(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + g * (hi - lo);
      fd = f(d);
    }
  }
  // The ends (one estimate alone) are candidates too.
  const candidates = [0, (lo + hi) / 2, 1];
  let best = candidates[0],
    bestF = trace(b.P);
  for (const w of candidates.slice(1)) {
    const v = w === 1 ? trace(a.P) : f(w);
    if (v < bestF) {
      best = w;
      bestF = v;
    }
  }
  if (best === 0) return { x: b.x.slice(), P: b.P.map((r) => r.slice()), omega: 0 };
  if (best === 1) return { x: a.x.slice(), P: a.P.map((r) => r.slice()), omega: 1 };
  return { ...ciAt(a, b, Ai, Bi, best), omega: best };
}

/**
 * Fuses members' local tracks of one object at time t: each is predicted to t by `predictTo` (the
 * tracker's motion model), then fused in turn by covariance intersection.
 */
export function fuseLocalTracks(
  tracks: SharedLocalTrack[],
  t: number,
  predictTo: (g: Gaussian, dt: number) => Gaussian,
): Gaussian {
  if (!tracks.length) throw new Error('no tracks to fuse');
  const at = tracks.map((tr) => predictTo({ x: tr.x, P: tr.P }, t - tr.time));
  return at.slice(1).reduce<Gaussian>((acc, g) => covarianceIntersection(acc, g), at[0]);
}

/**
 * Covariance intersection of a state `a` (n components) with an estimate `b` of its first m ≤ n
 * components (a member's 6-D track into a track whose state also carries sensor biases): in
 * information form b's information is zero outside its components, so
 * P⁻¹ = ω Pa⁻¹ + (1 − ω) [Pb⁻¹ 0; 0 0] keeps a's correlations and is consistent for any unknown
 * correlation between a and b. ω minimises the trace of the fused first-m block (golden section).
 * With m = n it is `covarianceIntersection`.
 */
export function covarianceIntersectionPartial(
  a: Gaussian,
  b: Gaussian,
): Gaussian & { omega: number } {
  const n = a.x.length,
    m = b.x.length;
  if (m > n) throw new Error('the estimate has more components than the state');
  const Ai = invSpd(a.P),
    Bi = invSpd(b.P);
  const at = (w: number): Gaussian => {
    const I = Ai.map((row, i) =>
      row.map((v, j) => w * v + (i < m && j < m ? (1 - w) * Bi[i][j] : 0)),
    );
    const P = invSpd(I);
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) y[i] += w * Ai[i][j] * a.x[j];
      if (i < m) for (let j = 0; j < m; j++) y[i] += (1 - w) * Bi[i][j] * b.x[j];
    }
    return { x: P.map((row) => row.reduce((s, v, j) => s + v * y[j], 0)), P };
  };
  const cost = (g: Gaussian) => g.P.slice(0, m).reduce((s, row, i) => s + row[i], 0);
  const gr = (Math.sqrt(5) - 1) / 2;
  let lo = 0.001,
    hi = 1,
    c = hi - gr * (hi - lo),
    d = lo + gr * (hi - lo),
    fc = cost(at(c)),
    fd = cost(at(d));
  for (let k = 0; k < 40; k++) {
    if (fc < fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - gr * (hi - lo);
      fc = cost(at(c));
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + gr * (hi - lo);
      fd = cost(at(d));
    }
  }
  const w = (lo + hi) / 2;
  const fused = at(w);
  // The state alone (ω = 1) is a candidate: fusion never makes the estimate less certain.
  if (cost(a) <= cost(fused)) return { x: a.x.slice(), P: a.P.map((r) => r.slice()), omega: 1 };
  return { ...fused, omega: w };
}
