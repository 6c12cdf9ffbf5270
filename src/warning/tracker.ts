import { ecefToGeodetic } from '../geo/wgs84.js';
import { clusteredAssign } from './assignment.js';
import { collapse, jpdaAssociate, type JpdaResult } from './tracking/jpda.js';
import { confirmedFirstAssign } from './tracking/staged-assignment.js';
import { chi2Inv } from './chi-square.js';
import { gateD2, lastGateLogDetS, predict, updateState, type Gaussian } from './kalman.js';
import { mahalanobis2, type Mat, type Vec } from './linalg.js';
import type { Measurement } from './measurement.js';
import { modelByName, type MotionModel } from './motion-models.js';
import type { TrackerConfig } from './tracker-config.js';
import {
  DEFAULT_IMM,
  immEstimate,
  immInit,
  immPredict,
  immReplaceModes,
  immUpdate,
  type ImmConfig,
  type ImmState,
} from './tracking/imm.js';
import { immPairs, immPdaUpdate, type ImmPairs } from './tracking/imm-pda.js';
import { targetPart } from './tracking/bias.js';
import {
  SensorBiasEstimator,
  type BiasPairs,
  type BiasState,
  type SensorBiasEstimate,
} from './tracking/bias-estimator.js';
import { covarianceIntersectionPartial, type SharedLocalTrack } from './tracking/track-fusion.js';

export type { BiasState, SensorBiasEstimate } from './tracking/bias-estimator.js';

interface HistoryEntry {
  t: number;
  x: Vec;
  P: Mat;
  /** The report of this update, or null when the update fused another estimate (`fused`). */
  m: Measurement | null;
  /** Track-to-track fusion (#18.8): the 6-D estimate fused here, at its own time, for replays. */
  fused?: Gaussian & { t: number };
  boostUntil: number;
  /** IMM filter (config.imm): the per-mode state after this update. */
  imm?: ImmState;
  /** Sensor-bias estimation: the augmented filter after this update. */
  bias?: BiasState;
}

export interface Track {
  id: string;
  status: 'tentative' | 'confirmed';
  x: Vec;
  P: Mat;
  /** Time of the state, Unix s. */
  t: number;
  created: number;
  hits: number;
  opportunities: number;
  updates: number;
  sensors: Set<string>;
  boostUntil: number;
  history: HistoryEntry[];
  /** IMM filter (config.imm): per-mode states and mode probabilities; x and P are their mixture. */
  imm?: ImmState;
  /**
   * Sensor-bias estimation (config.sensorBias): the filter on the bias-augmented state (then `imm` is
   * unset and x, P are the target part of its estimate).
   */
  bias?: BiasState;
  /** Members' local tracks fused into this one (`member/track`, #18.8 track-to-track fusion). */
  sources?: Set<string>;
}

export interface TrackEvent {
  time: number;
  track: string;
  status: 'tentative' | 'confirmed' | 'deleted';
  x: Vec;
  P: Mat;
  boosting: boolean;
  sensors: string[];
  reason?: string;
  /** Id of the report that updated the track (when it had one): lets exercises score by truth. */
  report?: string;
  /** The track's first state (single-point initiation). */
  initiated?: boolean;
  /** The member's local track (`member/track`) fused into the track (#18.8). */
  fusedTrack?: string;
}

export interface TrackerStats {
  measurements: number;
  assigned: number;
  oosm: number;
  oosmDropped: number;
  initiated: number;
  confirmed: number;
  deleted: number;
  merged: number;
  /** Tentative tracks shed because more than `initiation.maxTentative` existed (a clutter flood). */
  shed: number;
  /** JPDA: clusters with too many joint events, associated by GNN instead. */
  jpdaFallbacks?: number;
  /** Members' local tracks fused into a track (`fuseLocalTrack`). */
  tracksFused?: number;
  /** Members' local tracks that started a track of their own. */
  tracksStarted?: number;
  /** MHT: clusters whose global-hypothesis search hit its node limit (best found kept). */
  mhtTruncated?: number;
}

/**
 * Multi-sensor multi-target tracker: one scan (same sensor, same time) at a time, gating, global
 * nearest-neighbour by optimal assignment, M-of-N initiation, deletion, and out-of-sequence reports
 * fused exactly by re-processing the track's recent history.
 */
export class Tracker {
  readonly tracks = new Map<string, Track>();
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
  private gate: number;
  /** The IMM's modes (boost / ballistic / re-entry) with the configured EKF or UKF inside. */
  private readonly immConfig: ImmConfig;
  private seq = 0;
  /** Latest measurement time seen. */
  now = 0;
  private lastPrune = -Infinity;
  private lastMerge = -Infinity;
  /** A member's local track (`member/track`) → the track it was fused into. */
  private readonly sourceTracks = new Map<string, string>();
  /** Sensor-bias estimation: the augmented filter's steps and each sensor's fused estimate. */
  private readonly biasFilter: SensorBiasEstimator;

  constructor(
    readonly config: TrackerConfig,
    private readonly idPrefix = 'T',
  ) {
    this.model = modelByName(config.model);
    // IMM with GNN, or with JPDA (IMM-JPDA, tracking/imm-pda.ts); IMM with MHT is MhtTracker's.
    if (config.imm && (config.model !== 'ballistic' || config.association?.method === 'mht'))
      throw new Error('the IMM filter needs the ballistic model and GNN or JPDA association');
    this.immConfig = { ...DEFAULT_IMM, filter: config.filter };
    this.biasFilter = new SensorBiasEstimator(config, this.immConfig);
    if (
      config.sensorBias &&
      (config.model !== 'ballistic' ||
        (!config.imm && config.filter !== 'ekf') ||
        config.association?.method === 'mht' ||
        (config.initiation.method ?? 'single-point') !== 'single-point')
    )
      throw new Error(
        'sensor-bias estimation needs the ballistic model, the EKF or IMM, GNN or JPDA and single-point initiation',
      );
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
    /** IMM: each gated track's per-mode prediction (the gate uses their mixture, preds[i]). */
    const immPreds: (ImmState | undefined)[] = [];
    /** Sensor-bias estimation: each gated track's augmented prediction (preds[i] is its target part). */
    const biasPreds: (BiasState | undefined)[] = [];
    /** IMM-JPDA: each gated IMM track's per-mode updates and likelihoods with its gated reports. */
    const immJpda: (ImmPairs | undefined)[] = [];
    /** JPDA with sensor-bias estimation: each gated confirmed track's augmented updates (`biasPairs`). */
    const biasJpda: (BiasPairs | undefined)[] = [];
    const jpdaOn = this.config.association?.method === 'jpda';
    /** Per gated track: the measurements in its gate and their νᵀS⁻¹ν (sparse, never tracks × reports). */
    const gatedPairs: { k: number; d2: number; cost?: number }[][] = [];
    /** Likelihood cost (#18.8): per gated track, gate + the largest ln|S| of its pairs (see clusteredAssign). */
    const likelihood = this.config.gate.cost !== 'mahalanobis';
    const misses: number[] = [];
    const d = this.model.posDim;
    const ballistic = this.model.name === 'ballistic';
    // Large scans (a flood): measurements sorted by their first coordinate, so the coarse gate of a
    // track looks only at those within its widest radius instead of at every report of the scan.
    const index = ms.length >= 32 ? new ScanIndex(ms, d) : null;
    for (const tr of this.tracks.values()) {
      // Coarse gate from the current state, extrapolated linearly (backwards too, for late reports):
      // cheap enough to run against every track, and wide enough never to drop a true pairing.
      const x = tr.x,
        P = tr.P,
        dt = t - tr.t;
      // A track that would have coasted past its deletion limit by then is not gated (prune deletes
      // it): no prediction spans more than the coast limits, however far apart the reports are.
      const coastLimit =
        tr.status === 'confirmed'
          ? this.config.deletion.maxCoastS
          : this.config.deletion.tentativeMaxCoastS;
      if (dt > coastLimit + 1) continue;
      let spread = 0;
      for (let i = 0; i < d; i++) spread += P[i][i] + P[i + d][i + d] * dt * dt;
      const accel = ballistic
        ? (t < tr.boostUntil || tr.boostUntil > tr.t - 30 ? 60 : 10) * dt * dt
        : 0;
      const inCoarseGate = (k: number) => {
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
        return dist2 <= r * r;
      };
      let any = false;
      if (index) {
        const widest = 6 * Math.sqrt(spread + index.maxRTrace) + accel + 10;
        any = index.some(x[0] + x[d] * dt, widest, inCoarseGate);
      } else for (let k = 0; k < ms.length && !any; k++) any = inCoarseGate(k);
      if (!any) continue;
      const base = this.baseAt(tr, t);
      if (!base) continue;
      let pred: Gaussian;
      let immPred: ImmState | undefined;
      let biasPred: BiasState | undefined;
      /** The augmented prediction's estimate (sensor-bias estimation), for the bias-corrected gate. */
      let augEst: Gaussian | undefined;
      // Fine gate: νᵀS⁻¹ν per measurement, without building the innovation matrices.
      const pairs: { k: number; d2: number; cost?: number }[] = [];
      let maxLogDet = -Infinity;
      try {
        if (base.bias) {
          biasPred = this.biasFilter.predict(
            base.bias,
            t,
            base.t,
            this.qAt(base.boostUntil, base.t),
          );
          augEst = this.biasFilter.estimate(biasPred);
          pred = targetPart(augEst);
        } else if (base.imm) {
          immPred = immPredict(base.imm, t, this.immConfig);
          pred = immEstimate(immPred);
        } else
          pred = predict(
            this.config.filter,
            this.model,
            base,
            t - base.t,
            this.qAt(base.boostUntil, base.t),
          );
        const gateOne = (k: number) => {
          const c = augEst && biasPred ? this.biasFilter.gateView(augEst, biasPred, ms[k]) : ms[k];
          const d2 = gateD2(pred, c.z, c.R);
          if (d2 > this.gate) return;
          if (likelihood) {
            const logDet = lastGateLogDetS();
            if (logDet > maxLogDet) maxLogDet = logDet;
            pairs.push({ k, d2, cost: d2 + logDet });
          } else pairs.push({ k, d2 });
        };
        if (index) {
          // The fine gate lies inside the coarse one: only reports near the prediction can pass it.
          // (twice the coarse radius, as a margin for the curvature the linear extrapolation ignores).
          const widest = 6 * Math.sqrt(spread + index.maxRTrace) + accel + 10;
          index.forEachNear(x[0] + x[d] * dt, 2 * widest, gateOne);
        } else for (let k = 0; k < ms.length; k++) gateOne(k);
      } catch {
        // A covariance that lost positive definiteness: the track cannot be trusted any more.
        this.remove(tr, 'numerical failure', events);
        continue;
      }
      if (!pairs.length) continue;
      let pdaPairs: ImmPairs | undefined;
      // (IMM-JPDA pairs for confirmed tracks only: tentative tracks are associated by GNN, below)
      if (jpdaOn && immPred && tr.status === 'confirmed')
        try {
          pdaPairs = immPairs(
            immPred,
            pairs.map(({ k }) => ms[k]),
          );
        } catch {
          this.remove(tr, 'numerical failure', events);
          continue;
        }
      let bp: BiasPairs | undefined;
      if (jpdaOn && biasPred && tr.status === 'confirmed')
        try {
          bp = this.biasFilter.pairs(
            biasPred,
            pairs.map(({ k }) => ms[k]),
          );
        } catch {
          this.remove(tr, 'numerical failure', events);
          continue;
        }
      biasJpda.push(bp);
      immJpda.push(pdaPairs);
      tracks.push(tr);
      preds.push(pred);
      immPreds.push(immPred);
      biasPreds.push(biasPred);
      gatedPairs.push(pairs);
      // A gated report nobody else wants is always taken, as with the d² cost: a cluster's miss cost is
      // above every pair in it.
      misses.push(this.gate + maxLogDet + 1e-9);
    }
    const missCost = likelihood ? misses : this.gate;
    const confirmed = tracks.map((tr) => tr.status === 'confirmed');
    const a = this.config.association;
    // JPDA (association.method 'jpda'): the confirmed tracks take the probability-weighted posterior
    // over the joint events among themselves; a track's most probable report counts as its hit (none
    // when "no report" is the most probable). Tentative tracks are associated by GNN on the reports
    // the confirmed tracks leave (neither a track's most probable report nor more probably a track's
    // than not): a tentative track started at zero velocity has a gate kilometres wide, and the JPDA
    // mixture over the clutter in it kept it that wide, so its most probable clutter report counted
    // as a hit scan after scan until M-of-N confirmed it (2.7× GNN's false tracks, #18).
    let jpda: JpdaResult | null = null;
    let assign: number[];
    if (a?.method === 'jpda') {
      const confPairs = gatedPairs.map((row, i) => (confirmed[i] ? row : []));
      jpda = jpdaAssociate(
        preds,
        confPairs,
        ms,
        { ...a.jpda, gateProbability: this.config.gate.probability },
        // the GNN fallback of a cluster with too many joint events
        clusteredAssign(confPairs, ms.length, missCost),
        {
          // IMM-JPDA (Blom & Bloem 2000): an IMM track's pairs weigh the mode-mixed likelihood.
          // With sensor-bias estimation, the augmented filter's own innovations.
          likelihood: (i, pair) => {
            const ip = immJpda[i] ?? biasJpda[i];
            return ip ? Math.exp(ip.logLik[pair]) : undefined;
          },
          noState: (i) => immJpda[i] !== undefined || biasJpda[i] !== undefined,
        },
      );
      const r = jpda;
      const claimed = new Set(r.best.filter((k) => k >= 0));
      const free = (k: number) => !claimed.has(k) && r.unassigned[k] >= 0.5;
      const second = clusteredAssign(
        gatedPairs.map((row, i) => (confirmed[i] ? [] : row.filter((p) => free(p.k)))),
        ms.length,
        missCost,
      );
      assign = confirmed.map((c, i) => (c ? r.best[i] : second[i]));
    } else
      // (confirmed-first association keeps the d² cost; the likelihood cost applies to plain GNN)
      assign = a?.confirmedFirst
        ? confirmedFirstAssign(gatedPairs, confirmed, ms.length, this.gate)
        : clusteredAssign(gatedPairs, ms.length, missCost);
    if (jpda) this.stats.jpdaFallbacks = (this.stats.jpdaFallbacks ?? 0) + jpda.fallbacks;
    const used = new Set<number>();
    const gated = new Set(tracks);
    // Tentative tracks this sensor has seen but that found nothing in their gate: a missed opportunity.
    for (const tr of this.tracks.values()) {
      if (tr.status === 'tentative' && t > tr.t && tr.sensors.has(sensor) && !gated.has(tr)) {
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
        try {
          if (t >= tr.t)
            this.apply(
              tr,
              preds[i],
              ms[k],
              jpda?.state[i] ?? undefined,
              immPreds[i],
              biasPreds[i],
              this.immPdaPosterior(immPreds[i], immJpda[i], jpda?.beta[i], gatedPairs[i], ms),
              this.biasPdaPosterior(
                biasJpda[i],
                jpda?.beta[i],
                gatedPairs[i].map(({ k }) => ms[k]),
              ),
            );
          else this.reprocess(tr, ms[k]);
        } catch {
          this.remove(tr, 'numerical failure', events);
          return;
        }
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
      if (k >= 0) events.push({ ...this.event(tr), report: ms[k].id });
    });
    ms.forEach((m, k) => {
      // Under JPDA a report more probably a track's than not starts no track.
      if (used.has(k) || (jpda && jpda.unassigned[k] < 0.5)) return;
      const track = this.initiate(m);
      events.push({ ...this.event(track), report: m.id, initiated: true });
    });
    this.shedTentatives();
    return events;
  }

  /**
   * Whether a measurement falls in the coarse gate of a confirmed track (linear extrapolation, the
   * same test as the first stage of `processScan`): the intake's priority lane under a flood.
   */
  nearConfirmed(m: Measurement): boolean {
    const d = this.model.posDim;
    for (const tr of this.tracks.values()) {
      if (tr.status !== 'confirmed') continue;
      const dt = m.time - tr.t;
      let spread = 0,
        dist2 = 0;
      for (let i = 0; i < d; i++) {
        spread += tr.P[i][i] + tr.P[i + d][i + d] * dt * dt + m.R[i][i];
        const e = m.z[i] - (tr.x[i] + tr.x[i + d] * dt);
        dist2 += e * e;
      }
      const accel = this.model.name === 'ballistic' ? 60 * dt * dt : 0;
      const r = 6 * Math.sqrt(spread) + accel + 10;
      if (dist2 <= r * r) return true;
    }
    return false;
  }

  /**
   * A scan of `sensor` at time t that detected nothing: every tentative track that sensor has seen
   * misses an opportunity (M-of-N), without waiting for the sensor's next detection.
   */
  emptyScan(sensor: string, t: number): TrackEvent[] {
    const events: TrackEvent[] = [];
    if (t > this.now) this.now = t;
    const { m, n } = this.config.initiation;
    for (const tr of [...this.tracks.values()])
      if (tr.status === 'tentative' && t > tr.t && tr.sensors.has(sensor)) {
        tr.opportunities++;
        if (tr.opportunities - tr.hits > n - m) this.remove(tr, 'not confirmed (M-of-N)', events);
      }
    return events;
  }

  /** Tentative tracks now held. */
  get tentativeCount(): number {
    let count = 0;
    for (const tr of this.tracks.values()) if (tr.status === 'tentative') count++;
    return count;
  }

  /**
   * Keeps at most `initiation.maxTentative` tentative tracks: when over, sheds the weakest (fewest
   * hits, then least recently updated, then oldest) down to 90% of the cap, so the sort runs once per
   * tenth of the cap and the cost per report stays bounded. Counted in `stats.shed`.
   */
  private shedTentatives() {
    const cap = this.config.initiation.maxTentative ?? 1000;
    if (this.tracks.size <= cap) return;
    const tentative = [...this.tracks.values()].filter((tr) => tr.status === 'tentative');
    if (tentative.length <= cap) return;
    tentative.sort((a, b) => a.hits - b.hits || a.t - b.t || a.created - b.created);
    const excess = tentative.length - Math.floor(cap * 0.9);
    for (let i = 0; i < excess; i++) this.tracks.delete(tentative[i].id);
    this.stats.shed += excess;
    this.stats.deleted += excess;
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
      if (this.config.sensorBias) this.fuseSensorBiases();
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
        // Track-to-track fusion: when either carries a member's shared track, the other's estimate
        // is fused in by covariance intersection (the two share process noise and perhaps reports:
        // their correlation is unknown), not lost. Two report-born duplicates keep the better one as
        // before (the exercises' regression figures and the reference tracker stay as they were).
        if (keep.sources?.size || drop.sources?.size)
          try {
            this.fuseEstimate(keep, { x: drop.x, P: drop.P, t: drop.t });
          } catch {
            // A failed fusion leaves `keep` as it was: the duplicate is still removed.
          }
        for (const src of drop.sources ?? []) {
          (keep.sources ??= new Set()).add(src);
          this.sourceTracks.set(src, keep.id);
        }
        drop.sources?.clear();
        this.stats.merged++;
        this.remove(drop, `merged into ${keep.id}`, events);
      }
  }

  /** A track's state predicted to time t (no change to the track). */
  predictTrack(tr: Track, t: number): Gaussian {
    if (tr.bias)
      return targetPart(
        this.biasFilter.estimate(
          this.biasFilter.predict(tr.bias, t, tr.t, this.qAt(tr.boostUntil, tr.t)),
        ),
      );
    if (tr.imm) return immEstimate(immPredict(tr.imm, t, this.immConfig));
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
    for (const src of tr.sources ?? [])
      if (this.sourceTracks.get(src) === tr.id) this.sourceTracks.delete(src);
    this.stats.deleted++;
    events.push({ ...this.event(tr), status: 'deleted', reason });
  }

  private qAt(boostUntil: number, t: number): number {
    return t < boostUntil ? this.config.processNoise.qBoost : this.config.processNoise.q;
  }

  /** The state to predict from for a measurement at t: the current one, or a history entry for a late report. */
  private baseAt(
    tr: Track,
    t: number,
  ): (Gaussian & { t: number; boostUntil: number; imm?: ImmState; bias?: BiasState }) | null {
    if (t >= tr.t) return tr;
    for (let i = tr.history.length - 1; i >= 0; i--) if (tr.history[i].t <= t) return tr.history[i];
    return null;
  }

  /**
   * IMM-JPDA: the IMM track's posterior from its association probabilities (null `beta`: the cluster
   * fell back to GNN, and the IMM's own update with the assigned report applies).
   */
  private immPdaPosterior(
    immPred: ImmState | undefined,
    pairs: ImmPairs | undefined,
    beta: Float64Array | null | undefined,
    gated: readonly { k: number }[],
    ms: readonly Measurement[],
  ): ImmState | undefined {
    if (!immPred || !pairs || !beta) return undefined;
    return immPdaUpdate(
      immPred,
      gated.map(({ k }) => ms[k]),
      Array.from(beta.subarray(1)),
      beta[0],
      undefined,
      pairs,
    );
  }

  private apply(
    tr: Track,
    pred: Gaussian,
    m: Measurement,
    posterior?: Gaussian,
    immPred?: ImmState,
    biasPred?: BiasState,
    immPosterior?: ImmState,
    biasPosterior?: BiasState,
  ) {
    let imm: ImmState | undefined;
    let bias: BiasState | undefined;
    let u: Gaussian;
    if (tr.bias) {
      bias =
        biasPosterior ??
        this.biasFilter.update(
          biasPred ?? this.biasFilter.predict(tr.bias, m.time, tr.t, this.qAt(tr.boostUntil, tr.t)),
          m,
        );
      u = targetPart(this.biasFilter.estimate(bias));
    } else if (
      this.config.initiation.method === 'two-point' &&
      tr.history.length === 1 &&
      tr.history[0].m &&
      m.time > tr.history[0].t
    ) {
      // Second report of the track: two-point differencing replaces the zero-velocity start.
      u = this.twoPoint(tr.history[0].m, m, tr.boostUntil > tr.t || m.boost);
      if (tr.imm) imm = immInit(u, m.time, this.immConfig, this.twoPointThrust(tr.history[0].m, m));
    } else {
      if (tr.imm)
        imm =
          immPosterior ??
          immUpdate(immPred ?? immPredict(tr.imm, m.time, this.immConfig), m.z, m.R);
      u = imm ? immEstimate(imm) : (posterior ?? updateState(pred, m.z, m.R));
    }
    for (let i = 0; i < u.x.length; i++)
      if (!(u.P[i][i] > 0) || !Number.isFinite(u.P[i][i]) || !Number.isFinite(u.x[i]))
        throw new Error('state covariance lost positive definiteness');
    tr.x = u.x;
    tr.P = u.P;
    tr.t = m.time;
    if (imm) tr.imm = imm;
    if (bias) tr.bias = bias;
    tr.updates++;
    if (m.boost)
      tr.boostUntil = Math.max(tr.boostUntil, m.time + this.config.processNoise.boostHoldS);
    tr.history.push({
      t: tr.t,
      x: tr.x,
      P: tr.P,
      m,
      boostUntil: tr.boostUntil,
      imm: tr.imm,
      bias: tr.bias,
    });
    const keepFrom = tr.t - this.config.oosm.windowS;
    while (tr.history.length > 2 && tr.history[1].t < keepFrom) tr.history.shift();
  }

  /** Out-of-sequence: roll back to the last state before the report and replay later reports in time order. */
  private reprocess(tr: Track, late: Measurement) {
    this.stats.oosm++;
    const k = tr.history.findLastIndex((h) => h.t <= late.time);
    const later = tr.history.slice(k + 1);
    tr.history = tr.history.slice(0, k + 1);
    const b = tr.history[k];
    tr.x = b.x;
    tr.P = b.P;
    tr.t = b.t;
    tr.boostUntil = b.boostUntil;
    tr.imm = b.imm;
    tr.bias = b.bias;
    this.apply(tr, this.predictTrack(tr, late.time), late);
    for (const h of later)
      if (h.fused) this.fuseEstimate(tr, h.fused);
      else if (h.m) this.apply(tr, this.predictTrack(tr, h.m.time), h.m);
  }

  /**
   * Two-point differencing (Bar-Shalom, Li & Kirubarajan 2001, ch. 5): position from the second report,
   * velocity (z₂ − z₁)/Δt; covariance [R₂, R₂/Δt; R₂/Δt, (R₁ + R₂)/Δt²] plus, on the velocity, what
   * the difference leaves out over Δt: the process noise (q·Δt, qBoost while boosting) and, for the
   * ballistic model, up to 1 g of unmodelled mean acceleration ((g·Δt/2)²).
   */
  private twoPoint(m1: Measurement, m2: Measurement, boosting: boolean | 'thrust'): Gaussian {
    const d = this.model.posDim,
      n = this.model.dim,
      dt = m2.time - m1.time;
    const x = new Array<number>(n).fill(0);
    const P: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const q =
      boosting === 'thrust'
        ? 0
        : boosting
          ? this.config.processNoise.qBoost
          : this.config.processNoise.q;
    const accel = this.model.name === 'ballistic' ? (9.81 * dt) / 2 : 0;
    for (let i = 0; i < d; i++) {
      x[i] = m2.z[i];
      x[i + d] = (m2.z[i] - m1.z[i]) / dt;
      for (let j = 0; j < d; j++) {
        P[i][j] = m2.R[i][j];
        P[i][j + d] = P[j + d][i] = m2.R[i][j] / dt;
        P[i + d][j + d] = (m1.R[i][j] + m2.R[i][j]) / (dt * dt);
      }
      P[i + d][i + d] += q * dt + accel * accel;
    }
    return { x, P };
  }

  /**
   * The two-point start of the IMM's thrust modes (those with a thrust-acceleration state a, prior
   * 0 ± σa per axis): the difference (z₂ − z₁)/Δt estimates the velocity at mid-interval, v(t₂) − (Δt/2)·a,
   * so v(t₂) = v̂ + (Δt/2)·a: the thrust over the interval is in the state's covariance with a
   * (cov(v, a) = (Δt/2)σa²·I, var(v) += (Δt/2)²σa²·I), not also as qBoost·Δt of white noise, which
   * would count it twice. Undefined without thrust modes.
   */
  private twoPointThrust(m1: Measurement, m2: Measurement): { g: Gaussian; Pxa: Mat } | undefined {
    const sigma = this.immConfig.thrust?.sigma;
    if (sigma === undefined || !this.immConfig.modes.some((md) => md.qJerk !== undefined))
      return undefined;
    const g = this.twoPoint(m1, m2, 'thrust');
    const d = this.model.posDim,
      half = (m2.time - m1.time) / 2;
    const Pxa: Mat = g.x.map(() => [0, 0, 0]);
    for (let i = 0; i < d; i++) {
      g.P[i + d][i + d] += half * half * sigma * sigma;
      Pxa[i + d][i] = half * sigma * sigma;
    }
    return { g, Pxa };
  }

  // ---- Sensor-bias estimation (config.sensorBias, #18.8) ----------------------------------------

  /**
   * The JPDA posterior of a bias-augmented track: the moment-matched mixture of its prediction (β₀)
   * and its updates with each gated report (β_k) on the whole augmented state, so the biases take
   * the association-weighted innovations and keep their correlation with the target; for the IMM,
   * the IMM-PDA update (imm-pda.ts) of the augmented modes.
   */
  private biasPdaPosterior(
    p: BiasPairs | undefined,
    beta: Float64Array | null | undefined,
    reports: readonly Measurement[],
  ): BiasState | undefined {
    if (!p || !beta) return undefined;
    const { sensors, kinds } = p.st;
    if (p.st.imm && p.imm)
      return {
        sensors,
        kinds,
        imm: immPdaUpdate(
          p.st.imm,
          reports,
          Array.from(beta.subarray(1)),
          beta[0],
          undefined,
          p.imm,
        ),
      };
    if (!p.ups) return undefined;
    const comps: { w: number; g: Gaussian }[] = [];
    if (beta[0] > 1e-12) comps.push({ w: beta[0], g: this.biasFilter.estimate(p.st) });
    p.ups.forEach((u, a) => {
      if (beta[a + 1] > 1e-12) comps.push({ w: beta[a + 1], g: u });
    });
    if (!comps.length) return undefined;
    return { sensors, kinds, g: collapse(comps) };
  }

  /** Each sensor's bias fused over the confirmed tracks (`SensorBiasEstimator.fuse`). */
  private fuseSensorBiases() {
    const tracks: { key: Track; bias: BiasState }[] = [];
    for (const tr of this.tracks.values())
      if (tr.status === 'confirmed' && tr.bias && tr.updates >= 3)
        tracks.push({ key: tr, bias: tr.bias });
    this.biasFilter.fuse(tracks);
  }

  /** Each sensor's bias estimate (sensor-bias estimation on; empty otherwise). */
  sensorBiases(): SensorBiasEstimate[] {
    return this.biasFilter.list();
  }

  // ---- Track-to-track fusion (#18.8) -------------------------------------------------------------

  /**
   * Fuses a 6-D estimate of the track's object at time `g.t` into the track by covariance
   * intersection: the later of the two is the fusion time (the track is predicted to it, or the
   * estimate by the motion model). Every filter state the track holds (the IMM's modes, the
   * bias-augmented state) takes the estimate on its target part, keeping its other correlations.
   */
  private fuseEstimate(tr: Track, g: Gaussian & { t: number }) {
    let est: Gaussian = { x: g.x, P: g.P };
    let t = tr.t;
    if (g.t < tr.t) est = predict('ekf', this.model, est, tr.t - g.t, this.qAt(tr.boostUntil, g.t));
    else t = g.t;
    const ci = (a: Gaussian): Gaussian => {
      const f = covarianceIntersectionPartial(a, est);
      return { x: f.x, P: f.P };
    };
    let u: Gaussian;
    if (tr.bias) {
      const p = this.biasFilter.predict(tr.bias, t, tr.t, this.qAt(tr.boostUntil, tr.t));
      tr.bias = p.imm
        ? { ...p, imm: immReplaceModes(p.imm, p.imm.modes.map(ci)) }
        : { ...p, g: ci(this.biasFilter.estimate(p)) };
      u = targetPart(this.biasFilter.estimate(tr.bias));
    } else if (tr.imm) {
      const p = immPredict(tr.imm, t, this.immConfig);
      tr.imm = immReplaceModes(p, p.modes.map(ci));
      u = immEstimate(tr.imm);
    } else
      u = ci(predict(this.config.filter, this.model, tr, t - tr.t, this.qAt(tr.boostUntil, tr.t)));
    for (let i = 0; i < u.x.length; i++)
      if (!(u.P[i][i] > 0) || !Number.isFinite(u.P[i][i]) || !Number.isFinite(u.x[i]))
        throw new Error('state covariance lost positive definiteness');
    tr.x = u.x;
    tr.P = u.P;
    tr.t = t;
    tr.updates++;
    tr.history.push({
      t,
      x: tr.x,
      P: tr.P,
      m: null,
      fused: g,
      boostUntil: tr.boostUntil,
      imm: tr.imm,
      bias: tr.bias,
    });
    const keepFrom = tr.t - this.config.oosm.windowS;
    while (tr.history.length > 2 && tr.history[1].t < keepFrom) tr.history.shift();
  }

  /** Members' local tracks fused into each live track (`member/track`, #18.8), by live track id. */
  sharedSources(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [src, id] of this.sourceTracks) out.set(id, [...(out.get(id) ?? []), src]);
    return out;
  }

  /**
   * A member's local track shared instead of raw reports (#18.8): fused by covariance intersection
   * into the track it was fused into before, or else into the track whose state it gates with
   * (6-D Mahalanobis distance of the two estimates at the gate probability), or else started as a
   * confirmed track of its own (the member has confirmed it). `boosting`: the member sees its plume.
   */
  fuseLocalTrack(s: SharedLocalTrack & { boosting?: boolean }): TrackEvent[] {
    if (this.model.name !== 'ballistic' || s.x.length !== this.model.dim)
      throw new Error('local tracks are fused into ballistic (6-D ECEF) tracks only');
    if (s.time > this.now) this.now = s.time;
    const key = `${s.member}/${s.track}`;
    const threshold = chi2Inv(this.config.gate.probability, this.model.dim);
    const distance = (tr: Track): number => {
      try {
        const [early, late]: Gaussian[] =
          tr.t <= s.time ? [this.predictTrack(tr, s.time), s] : [this.predictLocal(s, tr.t), tr];
        const diff = early.x.map((v, i) => v - late.x[i]);
        return mahalanobis2(
          diff,
          early.P.map((row, i) => row.map((v, j) => v + late.P[i][j])),
        );
      } catch {
        return Infinity;
      }
    };
    let target: Track | undefined;
    const known = this.sourceTracks.get(key);
    const previous = known ? this.tracks.get(known) : undefined;
    if (previous && distance(previous) <= threshold) target = previous;
    else {
      let best = threshold;
      for (const tr of this.tracks.values()) {
        if (Math.abs(tr.t - s.time) > this.config.deletion.maxCoastS) continue;
        const d2 = distance(tr);
        if (d2 <= best) [best, target] = [d2, tr];
      }
    }
    const boostUntil = s.boosting ? s.time + this.config.processNoise.boostHoldS : -Infinity;
    if (target) {
      this.fuseEstimate(target, { x: s.x, P: s.P, t: s.time });
      target.boostUntil = Math.max(target.boostUntil, boostUntil);
      target.sensors.add(`track:${s.member}`);
      if (target.status === 'tentative') {
        target.status = 'confirmed';
        this.stats.confirmed++;
      }
      this.stats.tracksFused = (this.stats.tracksFused ?? 0) + 1;
    } else {
      const id = `${this.idPrefix}${++this.seq}`;
      const x = s.x.slice(),
        P = s.P.map((r) => r.slice());
      const bias: BiasState | undefined = this.config.sensorBias
        ? this.config.imm
          ? { sensors: [], kinds: [], imm: immInit({ x, P }, s.time, this.immConfig) }
          : { sensors: [], kinds: [], g: { x, P } }
        : undefined;
      const imm = this.config.imm && !bias ? immInit({ x, P }, s.time, this.immConfig) : undefined;
      target = {
        id,
        status: 'confirmed',
        x,
        P,
        t: s.time,
        created: s.time,
        hits: 1,
        opportunities: 1,
        updates: 1,
        sensors: new Set([`track:${s.member}`]),
        boostUntil,
        history: [{ t: s.time, x, P, m: null, fused: { x, P, t: s.time }, boostUntil, imm, bias }],
        ...(imm ? { imm } : {}),
        ...(bias ? { bias } : {}),
      };
      this.tracks.set(id, target);
      this.stats.initiated++;
      this.stats.confirmed++;
      this.stats.tracksStarted = (this.stats.tracksStarted ?? 0) + 1;
    }
    if (known && known !== target.id) this.tracks.get(known)?.sources?.delete(key);
    (target.sources ??= new Set()).add(key);
    this.sourceTracks.set(key, target.id);
    return [{ ...this.event(target), fusedTrack: key }];
  }

  /** A member's local track predicted forward to t by the motion model (for gating). */
  private predictLocal(s: SharedLocalTrack, t: number): Gaussian {
    return predict('ekf', this.model, { x: s.x, P: s.P }, t - s.time, this.config.processNoise.q);
  }

  private initiate(m: Measurement): Track {
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
    const bias = this.config.sensorBias ? this.biasFilter.init({ x, P }, m) : undefined;
    if (bias) {
      const start = targetPart(this.biasFilter.estimate(bias));
      x.splice(0, n, ...start.x);
      start.P.forEach((row, i) => P[i].splice(0, n, ...row));
    }
    const imm = this.config.imm && !bias ? immInit({ x, P }, m.time, this.immConfig) : undefined;
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
      history: [{ t: m.time, x, P, m, boostUntil, imm, bias }],
      ...(imm ? { imm } : {}),
      ...(bias ? { bias } : {}),
    });
    this.stats.initiated++;
    return this.tracks.get(id)!;
  }
}

/** The reports of one large scan sorted by their first coordinate, for range queries of the coarse gate. */
class ScanIndex {
  private readonly order: number[];
  private readonly keys: Float64Array;
  /** The largest trace of a report's position covariance in the scan (bounds every coarse radius). */
  readonly maxRTrace: number;

  constructor(ms: Measurement[], posDim: number) {
    this.order = ms.map((_, k) => k).sort((a, b) => ms[a].z[0] - ms[b].z[0]);
    this.keys = Float64Array.from(this.order, (k) => ms[k].z[0]);
    let maxTrace = 0;
    for (const m of ms) {
      let trace = 0;
      for (let i = 0; i < posDim; i++) trace += m.R[i][i];
      if (trace > maxTrace) maxTrace = trace;
    }
    this.maxRTrace = maxTrace;
  }

  /** First position whose key is ≥ value. */
  private lowerBound(value: number): number {
    let lo = 0,
      hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Calls `visit` for every report whose first coordinate is within `radius` of `centre`. */
  forEachNear(centre: number, radius: number, visit: (k: number) => void) {
    if (!(radius >= 0)) return;
    for (let p = this.lowerBound(centre - radius); p < this.keys.length; p++) {
      if (this.keys[p] > centre + radius) break;
      visit(this.order[p]);
    }
  }

  /** Whether `test` holds for some report within `radius` of `centre` in the first coordinate. */
  some(centre: number, radius: number, test: (k: number) => boolean): boolean {
    if (!(radius >= 0)) return false;
    for (let p = this.lowerBound(centre - radius); p < this.keys.length; p++) {
      if (this.keys[p] > centre + radius) return false;
      if (test(this.order[p])) return true;
    }
    return false;
  }
}
