// The tracker exactly as it was before the hot-path optimisation of 2026-11-22 (commit c6f29f2:
// src/warning/tracker.ts, the Kalman functions of src/warning/kalman.ts, src/warning/assignment.ts and
// src/warning/motion-models.ts, copied verbatim apart from
// imports and names). Kept as the reference: bench/warning.bench.ts measures it beside the optimised
// tracker in the same run ("before"/"after"), and src/warning/tracker-equivalence.slow.test.ts checks that
// both produce identical tracks. Not used by the product.
import { ecefToGeodetic } from '../src/geo/wgs84.js';
import { chi2Inv } from '../src/warning/chi-square.js';
import {
  add,
  cholesky,
  invSpd,
  mahalanobis2,
  mul,
  sandwich,
  symmetrize,
  zeros,
  type Mat,
  type Vec,
} from '../src/warning/linalg.js';
import type { Measurement } from '../src/warning/measurement.js';
import { WGS84 } from '../src/geo/wgs84.js';
import { propagate } from '../src/warning/ballistic-dynamics.js';
import { eye } from '../src/warning/linalg.js';
import type { TrackerConfig } from '../src/warning/tracker-config.js';
import type { Track, TrackEvent, TrackerStats } from '../src/warning/tracker.js';

// --- assignment.ts (before) ---
/**
 * Optimal assignment (Hungarian / Kuhn–Munkres with potentials, O(n²m)) on a rectangular cost matrix
 * with rows <= columns. Returns for each row the assigned column. Infinite costs are treated as forbidden
 * only if the caller adds enough finite dummy columns; see `gnnAssign`.
 */
function hungarian(cost: number[][]): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = cost[0].length;
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1),
    v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1),
    way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(INF);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = INF,
        j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const out = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j] > 0) out[p[j] - 1] = j - 1;
  return out;
}

/**
 * Global nearest neighbour: cost[t][k] is the gated distance of track t to measurement k (Infinity
 * outside the gate); a track may stay unassigned at `missCost`. Returns measurement index per track or -1.
 */
function gnnAssign(cost: number[][], nMeas: number, missCost: number): number[] {
  const nT = cost.length;
  if (nT === 0 || nMeas === 0) return new Array<number>(nT).fill(-1);
  const BIG = 1e12;
  const wide = cost.map((row, t) => {
    const r = row.map((c) => (Number.isFinite(c) ? c : BIG));
    for (let d = 0; d < nT; d++) r.push(d === t ? missCost : BIG);
    return r;
  });
  return hungarian(wide).map((j, t) =>
    j >= 0 && j < nMeas && Number.isFinite(cost[t][j]) ? j : -1,
  );
}

// --- motion-models.ts (before) ---

/** A motion model for the generic tracker: state = position (posDim) then velocity (posDim). */
interface RefMotionModel {
  name: 'cv2' | 'cv3' | 'ballistic';
  dim: number;
  posDim: number;
  f(x: Vec, dt: number): Vec;
  /** State-transition Jacobian over dt (for the EKF). */
  F(x: Vec, dt: number): Mat;
  /** f and F together (one propagation), when the model can do better than calling both. */
  fF?(x: Vec, dt: number): { x: Vec; F: Mat };
  /** Process noise over dt: white-acceleration noise of spectral density q (m²/s³) per axis. */
  Q(dt: number, q: number): Mat;
}

function whiteAccelQ(d: number, dt: number, q: number): Mat {
  const Q = zeros(2 * d);
  const a = (q * dt ** 3) / 3,
    b = (q * dt ** 2) / 2,
    c = q * dt;
  for (let i = 0; i < d; i++) {
    Q[i][i] = a;
    Q[i][i + d] = b;
    Q[i + d][i] = b;
    Q[i + d][i + d] = c;
  }
  return Q;
}

function cv(d: 2 | 3): RefMotionModel {
  return {
    name: d === 2 ? 'cv2' : 'cv3',
    dim: 2 * d,
    posDim: d,
    f: (x, dt) => x.map((v, i) => (i < d ? v + dt * x[i + d] : v)),
    F: (_x, dt) => {
      const F = eye(2 * d);
      for (let i = 0; i < d; i++) F[i][i + d] = dt;
      return F;
    },
    Q: (dt, q) => whiteAccelQ(d, dt, Math.abs(dt) > 0 ? q : 0),
  };
}

const W = WGS84.omega;

/** Continuous-time Jacobian of the ECEF ballistic dynamics (point-mass gravity gradient + frame terms). */
function ballisticA(x: Vec): Mat {
  const r = Math.hypot(x[0], x[1], x[2]);
  const k = WGS84.mu / r ** 3;
  const A = zeros(6);
  for (let i = 0; i < 3; i++) {
    A[i][i + 3] = 1;
    for (let j = 0; j < 3; j++) A[i + 3][j] = k * ((3 * x[i] * x[j]) / (r * r) - (i === j ? 1 : 0));
  }
  A[3][0] += W * W;
  A[4][1] += W * W;
  A[3][4] = 2 * W;
  A[4][3] = -2 * W;
  return A;
}

/** Propagated state and its transition Jacobian (piecewise second-order expansion along the path). */
function ballisticFF(x: Vec, dt: number): { x: Vec; F: Mat } {
  const n = Math.max(1, Math.ceil(Math.abs(dt) / 5));
  const h = dt / n;
  let F: Mat | null = null;
  let cur = x;
  for (let s = 0; s < n; s++) {
    // A = [[0, I], [G, C]] so A² = [[G, C], [CG, G + C²]]: build I + A h + A² h²/2 block-wise.
    const A = ballisticA(cur);
    const h2 = 0.5 * h * h;
    const step = eye(6);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const G = A[i + 3][j],
          C = A[i + 3][j + 3];
        let CG = 0,
          CC = 0;
        for (let k = 0; k < 3; k++) {
          CG += A[i + 3][k + 3] * A[k + 3][j];
          CC += A[i + 3][k + 3] * A[k + 3][j + 3];
        }
        step[i][j] += G * h2;
        step[i][j + 3] += (i === j ? h : 0) + C * h2;
        step[i + 3][j] += G * h + CG * h2;
        step[i + 3][j + 3] += C * h + (G + CC) * h2;
      }
    F = F ? mul(step, F) : step;
    cur = propagate(cur, h, 5);
  }
  return { x: cur, F: F! };
}

const ballisticModel: RefMotionModel = {
  name: 'ballistic',
  dim: 6,
  posDim: 3,
  f: (x, dt) => (dt === 0 ? x.slice() : propagate(x, dt, 5)),
  F: (x, dt) => ballisticFF(x, dt).F,
  fF: (x, dt) => ballisticFF(x, dt),
  Q: (dt, q) => whiteAccelQ(3, Math.abs(dt), q),
};

function modelByName(name: string): RefMotionModel {
  if (name === 'cv2') return cv(2);
  if (name === 'cv3') return cv(3);
  if (name === 'ballistic') return ballisticModel;
  throw new Error(`unknown motion model '${name}' (cv2, cv3, ballistic)`);
}

// --- kalman.ts (before) ---

type FilterKind = 'ekf' | 'ukf';

interface Gaussian {
  x: Vec;
  P: Mat;
}

/** Predicts a Gaussian through the motion model by EKF linearisation or the unscented transform. */
function predict(
  kind: FilterKind,
  model: RefMotionModel,
  g: Gaussian,
  dt: number,
  q: number,
): Gaussian {
  if (dt === 0) return { x: g.x.slice(), P: g.P.map((r) => r.slice()) };
  const Q = model.Q(dt, q);
  if (kind === 'ekf' || model.name !== 'ballistic') {
    // Linear models: the EKF is the exact Kalman filter, and the UKF reduces to it.
    const { x, F } = model.fF ? model.fF(g.x, dt) : { x: model.f(g.x, dt), F: model.F(g.x, dt) };
    const P = sandwich(F, g.P);
    const n = P.length;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) P[i][j] = P[j][i] = 0.5 * (P[i][j] + P[j][i]) + Q[i][j];
    for (let i = 0; i < n; i++) P[i][i] += Q[i][i];
    return { x, P };
  }
  const { points, wm, wc } = sigmaPoints(g);
  const prop = points.map((p) => model.f(p, dt));
  const { x, P } = recombine(prop, wm, wc);
  return { x, P: symmetrize(add(P, Q)) };
}

/** Scaled unscented transform points with alpha = 1, beta = 2, kappa = 0 (2n equal-weight points plus the mean). */
function sigmaPoints(
  g: Gaussian,
  alpha = 1,
  beta = 2,
  kappa = 0,
): { points: Vec[]; wm: number[]; wc: number[] } {
  const n = g.x.length;
  const lambda = alpha * alpha * (n + kappa) - n;
  const S = cholesky(g.P.map((r) => r.map((v) => v * (n + lambda))));
  const points: Vec[] = [g.x.slice()];
  for (let i = 0; i < n; i++) {
    points.push(g.x.map((v, k) => v + S[k][i]));
    points.push(g.x.map((v, k) => v - S[k][i]));
  }
  const w = 1 / (2 * (n + lambda));
  const wm = [lambda / (n + lambda), ...new Array<number>(2 * n).fill(w)];
  const wc = [
    lambda / (n + lambda) + (1 - alpha * alpha + beta),
    ...new Array<number>(2 * n).fill(w),
  ];
  return { points, wm, wc };
}

function recombine(points: Vec[], wm: number[], wc: number[]): Gaussian {
  const n = points[0].length;
  const x = new Array<number>(n).fill(0);
  points.forEach((p, k) => p.forEach((v, i) => (x[i] += wm[k] * v)));
  const P = zeros(n);
  points.forEach((p, k) => {
    const d = p.map((v, i) => v - x[i]);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i][j] += wc[k] * d[i] * d[j];
  });
  return { x, P };
}

interface Innovation {
  nu: Vec;
  S: Mat;
  /** Normalised innovation squared νᵀS⁻¹ν. */
  d2: number;
}

/** Innovation of a position measurement z (covariance R) against the first z.length state components. */
function innovation(g: Gaussian, z: Vec, R: Mat): Innovation {
  const m = z.length;
  const nu = new Array<number>(m);
  for (let i = 0; i < m; i++) nu[i] = z[i] - g.x[i];
  const S = zeros(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) S[i][j] = g.P[i][j] + R[i][j];
  return { nu, S, d2: mahalanobis2(nu, S) };
}

/** Kalman update for the linear position measurement (Joseph form for numerical robustness). */
function update(g: Gaussian, z: Vec, R: Mat): Gaussian & Innovation {
  const inn = innovation(g, z, R);
  const m = z.length,
    n = g.x.length;
  const Si = invSpd(inn.S);
  const PHt = g.P.map((row) => row.slice(0, m));
  const K = mul(PHt, Si);
  const x = g.x.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) x[i] += K[i][j] * inn.nu[j];
  // P − K S Kᵀ (symmetric form; S = HPHᵀ + R), then symmetrised.
  const KS = mul(K, inn.S);
  const P = zeros(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += KS[i][k] * K[j][k];
      P[i][j] = P[j][i] = 0.5 * (g.P[i][j] + g.P[j][i]) - s;
    }
  return { x, P, ...inn };
}

/**
 * Multi-sensor multi-target tracker: one scan (same sensor, same time) at a time, gating, global
 * nearest-neighbour by optimal assignment, M-of-N initiation, deletion, and out-of-sequence reports
 * fused exactly by re-processing the track's recent history.
 */
export class ReferenceTracker {
  readonly tracks = new Map<string, Track>();
  readonly model: RefMotionModel;
  readonly stats: TrackerStats = {
    measurements: 0,
    assigned: 0,
    oosm: 0,
    oosmDropped: 0,
    initiated: 0,
    confirmed: 0,
    deleted: 0,
    merged: 0,
    shed: 0, // (no cap in the reference: never shed)
  };
  private gate: number;
  private seq = 0;
  /** Latest measurement time seen. */
  now = 0;
  private lastPrune = -Infinity;
  private lastMerge = -Infinity;

  constructor(
    readonly config: TrackerConfig,
    private readonly idPrefix = 'T',
  ) {
    this.model = modelByName(config.model);
    this.gate = chi2Inv(config.gate.probability, this.model.posDim);
  }

  /** Processes one scan: measurements of one sensor at one time. Returns the events it caused. */
  processScan(ms: Measurement[]): TrackEvent[] {
    if (ms.length === 0) return [];
    const t = ms[0].time,
      sensor = ms[0].sensor;
    const events: TrackEvent[] = [];
    this.stats.measurements += ms.length;
    if (t > this.now) this.now = t;
    const tracks: Track[] = [];
    const preds: Gaussian[] = [];
    const cost: number[][] = [];
    const d = this.model.posDim;
    const ballistic = this.model.name === 'ballistic';
    for (const tr of this.tracks.values()) {
      // Coarse gate from the current state, extrapolated linearly (backwards too, for late reports):
      // cheap enough to run against every track, and wide enough never to drop a true pairing.
      const x = tr.x,
        P = tr.P,
        dt = t - tr.t;
      let spread = 0;
      for (let i = 0; i < d; i++) spread += P[i][i] + P[i + d][i + d] * dt * dt;
      const accel = ballistic
        ? (t < tr.boostUntil || tr.boostUntil > tr.t - 30 ? 60 : 10) * dt * dt
        : 0;
      let any = false;
      for (let k = 0; k < ms.length && !any; k++) {
        const z = ms[k].z,
          R = ms[k].R;
        let dist2 = 0,
          sp = spread;
        for (let i = 0; i < d; i++) {
          const e = z[i] - (x[i] + x[i + d] * dt);
          dist2 += e * e;
          sp += R[i][i];
        }
        const r = 6 * Math.sqrt(sp) + accel + 10;
        any = dist2 <= r * r;
      }
      if (!any) continue;
      const base = this.baseAt(tr, t);
      if (!base) continue;
      const pred = predict(
        this.config.filter,
        this.model,
        base,
        t - base.t,
        this.qAt(base.boostUntil, base.t),
      );
      const row = new Array<number>(ms.length).fill(Infinity);
      let inGate = false;
      ms.forEach((m, k) => {
        const d2 = innovation(pred, m.z, m.R).d2;
        if (d2 <= this.gate) {
          row[k] = d2;
          inGate = true;
        }
      });
      if (!inGate) continue;
      tracks.push(tr);
      preds.push(pred);
      cost.push(row);
    }
    const assign = gnnAssign(cost, ms.length, this.gate);
    const used = new Set<number>();
    // Tentative tracks this sensor has seen but that found nothing in their gate: a missed opportunity.
    for (const tr of this.tracks.values()) {
      if (tr.status === 'tentative' && t > tr.t && tr.sensors.has(sensor) && !tracks.includes(tr)) {
        tr.opportunities++;
        const { m, n } = this.config.initiation;
        if (tr.opportunities - tr.hits > n - m) this.remove(tr, 'not confirmed (M-of-N)', events);
      }
    }
    tracks.forEach((tr, i) => {
      const k = assign[i];
      const knows = tr.sensors.has(sensor);
      if (k < 0) {
        if (tr.status === 'tentative' && knows && t > tr.t) tr.opportunities++;
      } else {
        used.add(k);
        this.stats.assigned++;
        if (t >= tr.t) this.apply(tr, preds[i], ms[k]);
        else this.reprocess(tr, ms[k]);
        tr.hits++;
        tr.opportunities++;
        tr.sensors.add(sensor);
      }
      const { m, n } = this.config.initiation;
      if (tr.status === 'tentative' && tr.hits >= m) {
        tr.status = 'confirmed';
        this.stats.confirmed++;
      } else if (tr.status === 'tentative' && tr.opportunities - tr.hits > n - m) {
        this.remove(tr, 'not confirmed (M-of-N)', events);
        return;
      }
      if (k >= 0) events.push(this.event(tr));
    });
    ms.forEach((m, k) => {
      if (!used.has(k)) this.initiate(m);
    });
    return events;
  }

  /** Deletes tracks that coasted too long or (ballistic) fell below the ground. */
  prune(now = this.now): TrackEvent[] {
    const events: TrackEvent[] = [];
    // Deletion is by seconds, so a sweep per half second of measurement time is enough.
    if (now - this.lastPrune < 0.5 && now >= this.lastPrune) return events;
    this.lastPrune = now;
    const d = this.config.deletion;
    for (const tr of [...this.tracks.values()]) {
      const coast = now - tr.t;
      if (coast > (tr.status === 'confirmed' ? d.maxCoastS : d.tentativeMaxCoastS))
        this.remove(tr, 'coasted', events);
      else if (
        this.model.name === 'ballistic' &&
        Math.hypot(tr.x[0], tr.x[1], tr.x[2]) < 6.38e6 &&
        ecefToGeodetic([tr.x[0], tr.x[1], tr.x[2]]).h < d.minHeightM
      )
        this.remove(tr, 'below ground', events);
    }
    // Duplicate tracks are rare and harmless for a few seconds: look for them every 2 s.
    if (now - this.lastMerge >= 2 || now < this.lastMerge) {
      this.lastMerge = now;
      this.mergeDuplicates(events);
    }
    return events;
  }

  /**
   * Two confirmed tracks whose states are statistically the same target (e.g. one started from plume
   * reports, one from radar) are merged: the less certain one is deleted.
   */
  private mergeDuplicates(events: TrackEvent[]) {
    const conf = [...this.tracks.values()].filter((t) => t.status === 'confirmed');
    const d = this.model.posDim;
    const thr = chi2Inv(0.99, this.model.dim);
    for (let i = 0; i < conf.length; i++)
      for (let j = i + 1; j < conf.length; j++) {
        const a = conf[i],
          b = conf[j];
        if (!this.tracks.has(a.id) || !this.tracks.has(b.id) || Math.abs(a.t - b.t) > 5) continue;
        let dist2 = 0;
        for (let k = 0; k < d; k++) dist2 += (a.x[k] - b.x[k]) ** 2;
        if (dist2 > 50e3 ** 2) continue;
        const [early, late] = a.t <= b.t ? [a, b] : [b, a];
        const pe = this.predictTrack(early, late.t);
        const diff = pe.x.map((v, k) => v - late.x[k]);
        const S = pe.P.map((row, r) => row.map((v, c) => v + late.P[r][c]));
        let m2: number;
        try {
          m2 = mahalanobis2(diff, S);
        } catch {
          continue;
        }
        if (m2 > thr) continue;
        const tr = (k: Track) => k.P[0][0] + k.P[1][1] + (d > 2 ? k.P[2][2] : 0);
        const [keep, drop] = tr(a) <= tr(b) ? [a, b] : [b, a];
        for (const s of drop.sensors) keep.sensors.add(s);
        keep.boostUntil = Math.max(keep.boostUntil, drop.boostUntil);
        this.stats.merged++;
        this.remove(drop, `merged into ${keep.id}`, events);
      }
  }

  /** A track's state predicted to time t (no change to the track). */
  predictTrack(tr: Track, t: number): Gaussian {
    return predict(this.config.filter, this.model, tr, t - tr.t, this.qAt(tr.boostUntil, tr.t));
  }

  isBoosting(tr: Track, t = tr.t): boolean {
    return t < tr.boostUntil;
  }

  private event(tr: Track): TrackEvent {
    return {
      time: tr.t,
      track: tr.id,
      status: tr.status,
      x: tr.x,
      P: tr.P,
      boosting: this.isBoosting(tr),
      sensors: [...tr.sensors],
    };
  }

  private remove(tr: Track, reason: string, events: TrackEvent[]) {
    this.tracks.delete(tr.id);
    this.stats.deleted++;
    events.push({ ...this.event(tr), status: 'deleted', reason });
  }

  private qAt(boostUntil: number, t: number): number {
    return t < boostUntil ? this.config.processNoise.qBoost : this.config.processNoise.q;
  }

  /** The state to predict from for a measurement at t: the current one, or a history entry for a late report. */
  private baseAt(tr: Track, t: number): (Gaussian & { t: number; boostUntil: number }) | null {
    if (t >= tr.t) return tr;
    for (let i = tr.history.length - 1; i >= 0; i--) if (tr.history[i].t <= t) return tr.history[i];
    return null;
  }

  private apply(tr: Track, pred: Gaussian, m: Measurement) {
    const u = update(pred, m.z, m.R);
    tr.x = u.x;
    tr.P = u.P;
    tr.t = m.time;
    tr.updates++;
    if (m.boost)
      tr.boostUntil = Math.max(tr.boostUntil, m.time + this.config.processNoise.boostHoldS);
    tr.history.push({ t: tr.t, x: tr.x, P: tr.P, m, boostUntil: tr.boostUntil });
    const keepFrom = tr.t - this.config.oosm.windowS;
    while (tr.history.length > 2 && tr.history[1].t < keepFrom) tr.history.shift();
  }

  /** Out-of-sequence: roll back to the last state before the report and replay later reports in time order. */
  private reprocess(tr: Track, late: Measurement) {
    this.stats.oosm++;
    const k = tr.history.findLastIndex((h) => h.t <= late.time);
    const later = tr.history.slice(k + 1).flatMap((h) => (h.m ? [h.m] : []));
    tr.history = tr.history.slice(0, k + 1);
    const b = tr.history[k];
    tr.x = b.x;
    tr.P = b.P;
    tr.t = b.t;
    tr.boostUntil = b.boostUntil;
    for (const m of [late, ...later]) this.apply(tr, this.predictTrack(tr, m.time), m);
  }

  private initiate(m: Measurement) {
    const d = this.model.posDim,
      n = this.model.dim;
    const x = new Array<number>(n).fill(0);
    const P: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < d; i++) {
      x[i] = m.z[i];
      for (let j = 0; j < d; j++) P[i][j] = m.R[i][j];
      P[i + d][i + d] = this.config.initiation.velocitySigma ** 2;
    }
    const boostUntil = m.boost ? m.time + this.config.processNoise.boostHoldS : -Infinity;
    const id = `${this.idPrefix}${++this.seq}`;
    this.tracks.set(id, {
      id,
      status: this.config.initiation.m <= 1 ? 'confirmed' : 'tentative',
      x,
      P,
      t: m.time,
      created: m.time,
      hits: 1,
      opportunities: 1,
      updates: 0,
      sensors: new Set([m.sensor]),
      boostUntil,
      history: [{ t: m.time, x, P, m, boostUntil }],
    });
    this.stats.initiated++;
  }
}
