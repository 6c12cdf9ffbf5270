import { ecefToGeodetic } from '../geo/wgs84.js';
import { gnnAssign } from './assignment.js';
import { chi2Inv } from './chi-square.js';
import { gateD2, predict, updateState, type Gaussian } from './kalman.js';
import { mahalanobis2, type Mat, type Vec } from './linalg.js';
import type { Measurement } from './measurement.js';
import { modelByName, type MotionModel } from './motion-models.js';
import type { TrackerConfig } from './tracker-config.js';

interface HistoryEntry {
  t: number;
  x: Vec;
  P: Mat;
  m: Measurement;
  boostUntil: number;
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
      let pred: Gaussian;
      // Fine gate: νᵀS⁻¹ν per measurement, without building the innovation matrices.
      let row: number[] | null = null;
      try {
        pred = predict(
          this.config.filter,
          this.model,
          base,
          t - base.t,
          this.qAt(base.boostUntil, base.t),
        );
        for (let k = 0; k < ms.length; k++) {
          const d2 = gateD2(pred, ms[k].z, ms[k].R);
          if (d2 <= this.gate) {
            if (!row) {
              row = new Array<number>(ms.length);
              for (let j = 0; j < ms.length; j++) row[j] = Infinity;
            }
            row[k] = d2;
          }
        }
      } catch {
        // A covariance that lost positive definiteness: the track cannot be trusted any more.
        this.remove(tr, 'numerical failure', events);
        continue;
      }
      if (!row) continue;
      tracks.push(tr);
      preds.push(pred);
      cost.push(row);
    }
    const assign = gnnAssign(cost, ms.length, this.gate);
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
          if (t >= tr.t) this.apply(tr, preds[i], ms[k]);
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
    const u = updateState(pred, m.z, m.R);
    for (let i = 0; i < u.x.length; i++)
      if (!(u.P[i][i] > 0) || !Number.isFinite(u.P[i][i]) || !Number.isFinite(u.x[i]))
        throw new Error('state covariance lost positive definiteness');
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
    const later = tr.history.slice(k + 1).map((h) => h.m);
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
    const x = new Array(n).fill(0);
    const P: Mat = Array.from({ length: n }, () => new Array(n).fill(0));
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
