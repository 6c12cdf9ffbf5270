import { chi2Inv } from '../chi-square.js';
import { gateD2, predict, updateState, type Gaussian } from '../kalman.js';
import type { Mat, Vec } from '../linalg.js';
import type { Measurement } from '../measurement.js';
import { modelByName, type MotionModel } from '../motion-models.js';
import type { TrackEvent, TrackerStats } from '../tracker.js';
import type { TrackerConfig } from '../tracker-config.js';
import {
  DEFAULT_IMM,
  immEstimate,
  immInit,
  immPredict,
  type ImmConfig,
  type ImmState,
} from './imm.js';
import { immPairs, immPdaUpdate } from './imm-pda.js';
import { targetPart } from './bias.js';
import { SensorBiasEstimator, type BiasState, type SensorBiasEstimate } from './bias-estimator.js';

/** One track hypothesis: a leaf of a track tree (one way the track's reports could be chosen). */
interface Leaf {
  x: Vec;
  P: Mat;
  /** Time of the last update. */
  t: number;
  /** Log-likelihood ratio of the hypothesis (track vs clutter). */
  score: number;
  hits: number;
  opportunities: number;
  /** The report taken at each of the last nScan + 1 scans (`scan:index`, or null for a miss). */
  trail: (string | null)[];
  report?: string;
  /** IMM (config.imm): the branch's full IMM state; x and P are its mixture. */
  imm?: ImmState;
  /**
   * Sensor-bias estimation (config.sensorBias): the branch's filter on the bias-augmented state
   * (then `imm` is unset and x, P are the target part of its estimate), as a `Tracker` track's.
   */
  bias?: BiasState;
  /**
   * The prediction of this state (x, P, t, imm, bias) to the last scan time it was asked for. A miss
   * branch is its parent with the same state and so carries it too: when another sensor's scan comes
   * at the same time, the parent's prediction serves it. A prediction is a function of that state,
   * its time and the scan's time alone, so reusing it is exact.
   */
  predicted?: Prediction;
}

/** A hypothesis' prediction to a scan's time (the gate's Gaussian and the filter's own prediction). */
interface Prediction {
  t: number;
  pred: Gaussian;
  immPred?: ImmState;
  biasPred?: BiasState;
  /** Sensor-bias estimation: the augmented prediction's estimate, for the bias-corrected gate. */
  augEst?: Gaussian;
}

interface Family {
  id: string;
  created: number;
  leaves: Leaf[];
  /** Whether it has ever been confirmed (hits ≥ m in its best hypothesis). */
  confirmed: boolean;
  /** Whether its hypothesis was in the best global hypothesis at the last scan. */
  shown: boolean;
  sensors: Set<string>;
}

/** A track as `tahaluf track` and the metrics see it: the family's hypothesis in the best global hypothesis. */
export interface MhtTrack {
  id: string;
  status: 'tentative' | 'confirmed';
  x: Vec;
  P: Mat;
  t: number;
  created: number;
  hits: number;
  sensors: Set<string>;
  /** IMM (config.imm): the hypothesis' per-mode states and mode probabilities. */
  imm?: ImmState;
  /** Sensor-bias estimation: the hypothesis' bias-augmented filter (target and each sensor's bias). */
  bias?: BiasState;
}

/**
 * Track-oriented multiple hypothesis tracking (after Blackman 2004, "Multiple hypothesis tracking for
 * multiple target tracking", IEEE AES Magazine 19(1)): every track keeps a tree of hypotheses (one
 * branch per gated report and one for a miss at each scan), scored by the log-likelihood ratio
 * ln(P_D·N(ν; 0, S)/λ) per update and ln(1 − P_D·P_G) per miss; every report also starts a new track.
 * The best global hypothesis — a set of track hypotheses, at most one per track, no two sharing a
 * report within the last N scans — is chosen greedily by score (the highest-scoring compatible
 * hypotheses first; an approximation of the exact maximum-weight selection). N-scan pruning: in each
 * track of the best global hypothesis, branches that disagree with the chosen one about the report of
 * N scans ago are cut. Each track keeps at most `maxHypotheses` branches (the best by score).
 * Confirmation (M-of-N) and deletion (coast limits) follow the tracker configuration. Out-of-sequence
 * reports are not re-processed: a report older than a track's last update is not gated with it.
 *
 * With the IMM (`filter: 'imm'`, IMM-MHT) every hypothesis carries a full IMM state (per-mode
 * Gaussians and mode probabilities): a branch is the IMM predicted and updated with its report, and
 * its score uses the IMM's predictive likelihood of the report, the mode-mixed
 * Λ = Σⱼ μⱼ⁻ N(ν_j; 0, S_j) (ln(P_D·Λ/λ)), so a report a manoeuvre mode explains well scores well
 * even when the mixture's single Gaussian would not (Blom & Bloem's mode-mixed likelihood, as in
 * IMM-JPDA, tracking/imm-pda.ts; IMM-MHT as in Blackman 2004, sec. V). The gate is the mixture's.
 *
 * With sensor-bias estimation (`sensorBias`) every hypothesis carries the bias-augmented state (target
 * and the bias of each sensor that reported on it, an EKF or a full IMM over it) as a `Tracker` track
 * does (`SensorBiasEstimator`): a branch is that state updated with its report, the gate uses the
 * bias-corrected innovation and the score the augmented filter's own likelihood of the report. The
 * per-sensor estimate (`sensorBiases()`) is fused every 2 s by covariance intersection over the
 * confirmed tracks of the best global hypothesis, and seeds the bias of the tracks the sensor starts
 * or joins next.
 */
export class MhtTracker {
  readonly model: MotionModel;
  readonly stats: TrackerStats = {
    measurements: 0,
    assigned: 0,
    oosm: 0,
    oosmDropped: 0,
    initiated: 0,
    confirmed: 0,
    deleted: 0,
    merged: 0,
    shed: 0,
  };
  /** The tracks of the best global hypothesis (ids are the track trees'). */
  readonly tracks = new Map<string, MhtTrack>();
  now = 0;
  private families = new Map<string, Family>();
  private readonly gate: number;
  private readonly missScore: number;
  private seq = 0;
  private scan = 0;
  /** IMM (config.imm): the modes, with the configured filter inside. */
  private readonly immConfig: ImmConfig | null;
  /** Sensor-bias estimation (config.sensorBias): the augmented filter's steps and the estimates. */
  private readonly biasFilter: SensorBiasEstimator | null;
  private lastBiasFuse = -Infinity;
  /** Predictions reused (`Leaf.predicted`; for tests and profiling). */
  predictionsReused = 0;
  /**
   * Whether two scans have come at the same time (several sensors): only then are predictions kept
   * on the hypotheses for reuse. With one sensor no prediction is ever asked for twice, and keeping
   * them made the heap's live set larger and the MHT 1.2-1.3x slower (more old-generation GC).
   */
  private keepPredictions = false;
  private lastScanTime = NaN;

  constructor(
    readonly config: TrackerConfig,
    private readonly idPrefix = 'T',
    /** The straightforward path, for tests: no prediction reused (mht-reuse.test.ts). */
    private readonly reference = false,
  ) {
    this.model = modelByName(config.model);
    this.gate = chi2Inv(config.gate.probability, this.model.posDim);
    const a = config.association!;
    this.missScore = Math.log(1 - a.jpda.pD * config.gate.probability);
    if (config.imm && config.model !== 'ballistic')
      throw new Error('the IMM filter needs the ballistic model');
    this.immConfig = config.imm ? { ...DEFAULT_IMM, filter: config.filter } : null;
    if (
      config.sensorBias &&
      (config.model !== 'ballistic' ||
        (!config.imm && config.filter !== 'ekf') ||
        (config.initiation.method ?? 'single-point') !== 'single-point')
    )
      throw new Error(
        'sensor-bias estimation needs the ballistic model, the EKF or IMM and single-point initiation',
      );
    this.biasFilter = config.sensorBias
      ? new SensorBiasEstimator(config, this.immConfig ?? { ...DEFAULT_IMM, filter: config.filter })
      : null;
  }

  private get params() {
    return this.config.association!;
  }

  predictTrack(
    tr: { x: Vec; P: Mat; t: number; imm?: ImmState; bias?: BiasState },
    t: number,
  ): Gaussian {
    if (tr.bias && this.biasFilter)
      return this.biasFilter.target(
        this.biasFilter.predict(tr.bias, t, tr.t, this.config.processNoise.q),
      );
    if (tr.imm && this.immConfig) return immEstimate(immPredict(tr.imm, t, this.immConfig));
    return predict(this.config.filter, this.model, tr, t - tr.t, this.config.processNoise.q);
  }

  /**
   * A hypothesis' prediction to t (null: it failed numerically, and the hypothesis goes), reused when
   * the same filter state was predicted to the same time before (`Leaf.predicted`).
   */
  private predictLeaf(leaf: Leaf, t: number): Prediction | null {
    if (leaf.predicted?.t === t && !this.reference) {
      this.predictionsReused++;
      return leaf.predicted;
    }
    let p: Prediction;
    try {
      const bf = this.biasFilter;
      if (leaf.bias && bf) {
        const biasPred = bf.predict(leaf.bias, t, leaf.t, this.config.processNoise.q);
        const augEst = bf.estimate(biasPred);
        p = { t, pred: targetPart(augEst), biasPred, augEst };
      } else if (leaf.imm && this.immConfig) {
        const immPred = immPredict(leaf.imm, t, this.immConfig);
        p = { t, pred: immEstimate(immPred), immPred };
      } else p = { t, pred: this.predictTrack(leaf, t) };
    } catch {
      return null;
    }
    if (this.keepPredictions && !this.reference) leaf.predicted = p;
    return p;
  }

  processScan(ms: Measurement[]): TrackEvent[] {
    if (!ms.length) return [];
    const t = ms[0].time,
      sensor = ms[0].sensor;
    this.stats.measurements += ms.length;
    if (t > this.now) this.now = t;
    const scanKey = ++this.scan;
    if (t === this.lastScanTime) this.keepPredictions = true;
    this.lastScanTime = t;
    const { pD, clutterDensity } = this.params.jpda;
    const { maxHypotheses, nScan } = this.params.mht;
    const events: TrackEvent[] = [];
    // 1. Grow every track tree by one scan.
    for (const fam of this.families.values()) {
      const next: Leaf[] = [];
      for (const leaf of fam.leaves) {
        if (t < leaf.t) {
          next.push(leaf); // a late report: not gated with this hypothesis
          continue;
        }
        const p = this.predictLeaf(leaf, t);
        if (!p) continue;
        const { pred, immPred, biasPred, augEst } = p;
        const bf = this.biasFilter;
        const trail = (k: string | null) => [...leaf.trail, k].slice(-(nScan + 1));
        next.push({
          ...leaf,
          score: leaf.score + this.missScore,
          opportunities: leaf.opportunities + (fam.sensors.has(sensor) ? 1 : 0),
          trail: trail(null),
          report: undefined,
        });
        ms.forEach((m, k) => {
          // The branch in which report k continues this leaf, with its state and score.
          const hit = (x: Vec, P: Mat, score: number, state: Pick<Leaf, 'imm' | 'bias'> = {}) =>
            next.push({
              x,
              P,
              t,
              score,
              hits: leaf.hits + 1,
              opportunities: leaf.opportunities + 1,
              trail: trail(`${scanKey}:${k}`),
              report: m.id ?? `${scanKey}:${k}`,
              ...state,
            });
          let d2: number;
          try {
            const c = augEst && biasPred && bf ? bf.gateView(augEst, biasPred, m) : m;
            d2 = gateD2(pred, c.z, c.R);
          } catch {
            return;
          }
          if (!(d2 <= this.gate)) return;
          if (biasPred && bf) {
            // The branch is the augmented filter updated with the report (its sensor's bias slot
            // added when new), scored by that filter's own likelihood (the IMM's mode-mixed one).
            let bias: BiasState, x: Vec, P: Mat, logLik: number;
            try {
              const p = bf.pairs(biasPred, [m]);
              logLik = p.logLik[0];
              if (!Number.isFinite(logLik)) return;
              if (p.st.imm && p.imm)
                bias = {
                  sensors: p.st.sensors,
                  kinds: p.st.kinds,
                  imm: immPdaUpdate(p.st.imm, [m], [1], 0, undefined, p.imm),
                };
              else if (p.ups) {
                const u = p.ups[0];
                bias = { sensors: p.st.sensors, kinds: p.st.kinds, g: { x: u.x, P: u.P } };
              } else return;
              ({ x, P } = bf.target(bias));
            } catch {
              return;
            }
            hit(x, P, leaf.score + Math.log(pD / clutterDensity) + logLik, { bias });
            return;
          }
          if (immPred) {
            // IMM-MHT: the branch is the IMM updated with the report, scored by its mode-mixed likelihood.
            let imm: ImmState, x: Vec, P: Mat, logLik: number;
            try {
              const pairs = immPairs(immPred, [m]);
              logLik = pairs.logLik[0];
              if (!Number.isFinite(logLik)) return;
              imm = immPdaUpdate(immPred, [m], [1], 0, undefined, pairs);
              ({ x, P } = immEstimate(imm));
            } catch {
              return;
            }
            hit(x, P, leaf.score + Math.log(pD / clutterDensity) + logLik, { imm });
            return;
          }
          const S = m.R.map((row, i) => row.map((v, j) => v + pred.P[i][j]));
          const detS = S.length === 2 ? S[0][0] * S[1][1] - S[0][1] * S[1][0] : det3(S);
          const lik = Math.exp(-0.5 * d2) / Math.sqrt((2 * Math.PI) ** m.z.length * detS);
          const u = updateState(pred, m.z, m.R);
          hit(u.x, u.P, leaf.score + Math.log((pD * lik) / clutterDensity));
        });
      }
      next.sort((a, b) => b.score - a.score);
      fam.leaves = next.slice(0, maxHypotheses);
      fam.sensors.add(sensor);
    }
    // 2. Every report also starts a new track tree (single-point initiation, zero velocity).
    ms.forEach((m, k) => {
      const id = `${this.idPrefix}${++this.seq}`;
      this.families.set(id, {
        id,
        created: t,
        confirmed: false,
        shown: false,
        sensors: new Set([sensor]),
        leaves: [
          {
            ...this.initial(m, t),
            t,
            score: 0,
            hits: 1,
            opportunities: 1,
            trail: [`${scanKey}:${k}`],
            report: m.id ?? `${scanKey}:${k}`,
          },
        ],
      });
      this.stats.initiated++;
    });
    // 3. M-of-N: a tree whose every hypothesis can no longer reach m hits in n scans goes.
    const { m: M, n: N } = this.config.initiation;
    for (const fam of [...this.families.values()]) {
      if (fam.confirmed) continue;
      fam.leaves = fam.leaves.filter((l) => l.hits >= M || l.opportunities - l.hits <= N - M);
      if (!fam.leaves.length) this.dropFamily(fam, 'not confirmed (M-of-N)', events);
    }
    // 4. Best global hypothesis, greedily by score; then N-scan pruning of the chosen trees.
    const chosen = this.globalHypothesis();
    const committed = new Set<string>();
    for (const [fam, leaf] of chosen) {
      const at = leaf.trail.length - 1 - nScan;
      if (at < 0) continue;
      fam.leaves = fam.leaves.filter((l) => l.trail[at] === leaf.trail[at]);
      if (leaf.trail[at] !== null) committed.add(leaf.trail[at]);
    }
    // A report committed N scans ago to a chosen track belongs to no other: hypotheses of other
    // trees that use it are cut (a tree left without any goes, silently if it was never shown).
    if (committed.size)
      for (const fam of [...this.families.values()]) {
        if (chosen.has(fam)) continue;
        fam.leaves = fam.leaves.filter((l) => !l.trail.some((k) => k !== null && committed.has(k)));
        if (!fam.leaves.length) this.dropFamily(fam, 'its reports belong to another track', events);
      }
    // 5. The tracks shown: one per tree in the best global hypothesis.
    const shown = new Set<Family>();
    for (const [fam, leaf] of chosen) {
      shown.add(fam);
      if (!fam.confirmed && leaf.hits >= M) {
        fam.confirmed = true;
        this.stats.confirmed++;
      }
      const updated = leaf.t === t && leaf.trail[leaf.trail.length - 1] !== null;
      const track: MhtTrack = {
        id: fam.id,
        status: fam.confirmed ? 'confirmed' : 'tentative',
        x: leaf.x,
        P: leaf.P,
        t: leaf.t,
        created: fam.created,
        hits: leaf.hits,
        sensors: fam.sensors,
        ...(leaf.imm ? { imm: leaf.imm } : {}),
        ...(leaf.bias ? { bias: leaf.bias } : {}),
      };
      this.tracks.set(fam.id, track);
      fam.shown = true;
      if (updated) {
        this.stats.assigned++;
        events.push({
          ...this.event(track),
          report: leaf.report,
          ...(leaf.hits === 1 ? { initiated: true } : {}),
        });
      }
    }
    for (const fam of this.families.values())
      if (!shown.has(fam) && fam.shown) {
        // It left the best global hypothesis: no longer shown (its tree lives on while it can).
        fam.shown = false;
        this.tracks.delete(fam.id);
      }
    this.bound(events);
    return events;
  }

  /**
   * The best global hypothesis: at most one hypothesis per tree, no report shared within the window,
   * the largest total score (a tree left out adds 0). Solved exactly per cluster of trees linked by
   * shared reports, by depth-first branch and bound; a cluster that needs more than 20,000 search
   * nodes keeps the best selection found so far (counted in stats.mhtTruncated).
   */
  private globalHypothesis(): Map<Family, Leaf> {
    const fams = [...this.families.values()];
    // Clusters: union-find over trees sharing a report key.
    const parent = fams.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]];
      return i;
    };
    const owner = new Map<string, number>();
    fams.forEach((fam, i) => {
      for (const leaf of fam.leaves)
        for (const k of leaf.trail) {
          if (k === null) continue;
          const o = owner.get(k);
          if (o === undefined) owner.set(k, i);
          else {
            const a = find(o),
              b = find(i);
            if (a !== b) parent[a] = b;
          }
        }
    });
    const clusters = new Map<number, number[]>();
    fams.forEach((_, i) => {
      const r = find(i);
      const list = clusters.get(r);
      if (list) list.push(i);
      else clusters.set(r, [i]);
    });
    const chosen = new Map<Family, Leaf>();
    for (const members of clusters.values()) {
      const trees = members
        .map((i) => ({ fam: fams[i], leaves: fams[i].leaves.filter((l) => l.score > 0) }))
        .filter((t) => t.leaves.length)
        .sort((a, b) => b.leaves[0].score - a.leaves[0].score);
      if (!trees.length) continue;
      // Upper bound of what the trees from index i on can still add.
      const rest = new Array<number>(trees.length + 1).fill(0);
      for (let i = trees.length - 1; i >= 0; i--) rest[i] = rest[i + 1] + trees[i].leaves[0].score;
      let bestScore = -1,
        best: (Leaf | null)[] = [];
      const pick: (Leaf | null)[] = new Array<Leaf | null>(trees.length).fill(null);
      const used = new Set<string>();
      let nodes = 0;
      const visit = (i: number, score: number) => {
        if (++nodes > 20_000) return;
        if (score + rest[i] <= bestScore) return;
        if (i === trees.length) {
          bestScore = score;
          best = pick.slice();
          return;
        }
        for (const leaf of trees[i].leaves) {
          const keys = leaf.trail.filter((k): k is string => k !== null);
          if (keys.some((k) => used.has(k))) continue;
          for (const k of keys) used.add(k);
          pick[i] = leaf;
          visit(i + 1, score + leaf.score);
          for (const k of keys) used.delete(k);
        }
        pick[i] = null;
        visit(i + 1, score);
      };
      visit(0, 0);
      if (nodes > 20_000) this.stats.mhtTruncated = (this.stats.mhtTruncated ?? 0) + 1;
      best.forEach((leaf, i) => {
        if (leaf) chosen.set(trees[i].fam, leaf);
      });
    }
    return chosen;
  }

  /** Bounds the number of trees: beyond `initiation.maxTentative` unconfirmed trees the weakest go. */
  private bound(events: TrackEvent[]) {
    const cap = this.config.initiation.maxTentative;
    const tentative = [...this.families.values()].filter((f) => !f.confirmed);
    if (tentative.length <= cap) return;
    tentative.sort((a, b) => a.leaves[0].score - b.leaves[0].score);
    const excess = tentative.length - Math.floor(cap * 0.9);
    for (let i = 0; i < excess; i++) this.dropFamily(tentative[i], 'shed', events, true);
    this.stats.shed += excess;
  }

  emptyScan(sensor: string, t: number): TrackEvent[] {
    if (t > this.now) this.now = t;
    const events: TrackEvent[] = [];
    const { m: M, n: N } = this.config.initiation;
    for (const fam of [...this.families.values()]) {
      if (!fam.sensors.has(sensor)) continue;
      for (const l of fam.leaves)
        if (t > l.t) {
          l.opportunities++;
          l.score += this.missScore;
        }
      if (!fam.confirmed) {
        fam.leaves = fam.leaves.filter((l) => l.hits >= M || l.opportunities - l.hits <= N - M);
        if (!fam.leaves.length) this.dropFamily(fam, 'not confirmed (M-of-N)', events);
      }
    }
    return events;
  }

  /** Deletes trees whose best hypothesis coasted past the limits. */
  prune(now = this.now): TrackEvent[] {
    const events: TrackEvent[] = [];
    const d = this.config.deletion;
    for (const fam of [...this.families.values()]) {
      fam.leaves = fam.leaves.filter(
        (l) => now - l.t <= (fam.confirmed ? d.maxCoastS : d.tentativeMaxCoastS),
      );
      if (!fam.leaves.length) this.dropFamily(fam, 'coasted', events);
    }
    // Sensor-bias estimation: each sensor's estimate from the best global hypothesis' confirmed
    // tracks (each at least 3 updates after its first report), every 2 s as the Tracker does.
    if (this.biasFilter && (now - this.lastBiasFuse >= 2 || now < this.lastBiasFuse)) {
      this.lastBiasFuse = now;
      const tracks: { key: object; bias: BiasState }[] = [];
      for (const tr of this.tracks.values()) {
        const fam = this.families.get(tr.id);
        if (fam && tr.status === 'confirmed' && tr.bias && tr.hits >= 4)
          tracks.push({ key: fam, bias: tr.bias });
      }
      this.biasFilter.fuse(tracks);
    }
    return events;
  }

  /** Each sensor's bias estimate (sensor-bias estimation on; empty otherwise). */
  sensorBiases(): SensorBiasEstimate[] {
    return this.biasFilter?.list() ?? [];
  }

  private dropFamily(fam: Family, reason: string, events: TrackEvent[], quiet = false) {
    this.families.delete(fam.id);
    const shown = this.tracks.get(fam.id);
    this.tracks.delete(fam.id);
    if (shown && !quiet) {
      this.stats.deleted++;
      events.push({ ...this.event(shown), status: 'deleted', reason });
    }
  }

  private event(tr: MhtTrack): TrackEvent {
    return {
      time: tr.t,
      track: tr.id,
      status: tr.status,
      x: tr.x,
      P: tr.P,
      boosting: false,
      sensors: [...tr.sensors],
    };
  }

  private initial(m: Measurement, t: number): { x: Vec; P: Mat; imm?: ImmState; bias?: BiasState } {
    const d = this.model.posDim,
      n = this.model.dim;
    const x = new Array<number>(n).fill(0);
    const P: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < d; i++) {
      x[i] = m.z[i];
      for (let j = 0; j < d; j++) P[i][j] = m.R[i][j];
      P[i + d][i + d] = this.config.initiation.velocitySigma ** 2;
    }
    if (this.biasFilter) {
      // The first report's position less the sensor's bias estimate, correlated with that bias.
      const bias = this.biasFilter.init({ x, P }, m);
      return { ...this.biasFilter.target(bias), bias };
    }
    return this.immConfig ? { x, P, imm: immInit({ x, P }, t, this.immConfig) } : { x, P };
  }
}

function det3(S: number[][]): number {
  return (
    S[0][0] * (S[1][1] * S[2][2] - S[1][2] * S[2][1]) -
    S[0][1] * (S[1][0] * S[2][2] - S[1][2] * S[2][0]) +
    S[0][2] * (S[1][0] * S[2][1] - S[1][1] * S[2][0])
  );
}
