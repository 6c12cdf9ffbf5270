import { update, type Gaussian, type Innovation } from '../kalman.js';
import { diag, eye, logDetSpd, mul, transpose, type Mat, type Vec } from '../linalg.js';
import type { Measurement } from '../measurement.js';
import type { TrackerConfig } from '../tracker-config.js';
import {
  addBiasSlot,
  augPredict,
  augUpdateJ,
  biasCorrected,
  biasPart,
  targetPart,
} from './bias.js';
import { immEstimate, immInit, immPredict, immUpdate, type ImmConfig, type ImmOps } from './imm.js';
import type { ImmState } from './imm.js';
import { immPairs, type ImmPairs } from './imm-pda.js';
import { covarianceIntersection } from './track-fusion.js';

/**
 * Sensor-bias estimation (config.sensorBias): the track's filter on the state augmented with the bias
 * of each sensor in `sensors` (sensor k's three components at 6 + 3k), an EKF (`g`) or the IMM (`imm`).
 */
export interface BiasState {
  sensors: string[];
  /** Per sensor of `sensors`: a radar's range/azimuth/elevation bias, or an ECEF offset. */
  kinds: ('rae' | 'ecef')[];
  g?: Gaussian;
  imm?: ImmState;
}

/** A track's augmented updates with its gated reports of one scan (JPDA; MHT with one report). */
export interface BiasPairs {
  /** The prediction with the scan's sensor's bias slot. */
  st: BiasState;
  /** EKF: the update with each report. */
  ups?: (Gaussian & Innovation)[];
  /** IMM: each mode's update with each report. */
  imm?: ImmPairs;
  /** ln p(z_k | track) per report. */
  logLik: number[];
}

/** A sensor's bias estimate, fused over the tracks that carry it (`Tracker.sensorBiases`). */
export interface SensorBiasEstimate {
  sensor: string;
  /** 'rae': range m, azimuth deg, elevation deg; 'ecef': ECEF offset, m. */
  kind: 'rae' | 'ecef';
  x: Vec;
  P: Mat;
  /** Confirmed tracks whose estimate went into it (over the tracker's life). */
  tracks: number;
}

/** Prediction of a bias-augmented state (the biases are constants). */
export const AUG_PREDICT: ImmOps['predict'] = (_filter, g, dt, q) => augPredict(g, dt, q);

/**
 * The filter steps of sensor-bias estimation (#18.8) and the tracker's per-sensor estimates, shared by
 * the GNN/JPDA `Tracker` and the MHT (`MhtTracker`, each hypothesis carrying its augmented state):
 * the bias model of a report's sensor (its prior the sensor's fused estimate when there is one), a new
 * track's augmented state, prediction, the bias-corrected gate, the update (adding the sensor's bias
 * slot when new), and the fusion of the confirmed tracks' bias estimates per sensor.
 */
export class SensorBiasEstimator {
  /** Each sensor's bias fused over its tracks (a new track's prior). */
  private readonly estimates = new Map<string, SensorBiasEstimate>();
  /** Per sensor, the confirmed tracks whose bias went into its estimate (weakly held: deleted tracks go). */
  private readonly contributors = new Map<string, { count: number; seen: WeakSet<object> }>();

  constructor(
    private readonly config: TrackerConfig,
    private readonly immConfig: ImmConfig,
  ) {}

  /**
   * The bias a report's sensor may carry: a radar's (range, azimuth, elevation) through the report's
   * Jacobian, or an ECEF-position sensor's offset (J = I) when `ecefM` > 0; its prior is the sensor's
   * fused estimate when the tracker has one, else the configured σ. Null: the sensor is taken as unbiased.
   */
  model(m: Measurement): { kind: 'rae' | 'ecef'; J: Mat; b: Vec; B: Mat } | null {
    const cfg = this.config.sensorBias;
    if (!cfg) return null;
    const known = this.estimates.get(m.sensor);
    if (m.biasJ) {
      const prior = diag([cfg.rangeM ** 2, cfg.azDeg ** 2, cfg.elDeg ** 2]);
      if (!(cfg.rangeM > 0 || cfg.azDeg > 0 || cfg.elDeg > 0)) return null;
      return known?.kind === 'rae'
        ? { kind: 'rae', J: m.biasJ, b: known.x, B: known.P }
        : { kind: 'rae', J: m.biasJ, b: [0, 0, 0], B: prior };
    }
    if (!(cfg.ecefM > 0)) return null;
    return known?.kind === 'ecef'
      ? { kind: 'ecef', J: eye(3), b: known.x, B: known.P }
      : {
          kind: 'ecef',
          J: eye(3),
          b: [0, 0, 0],
          B: diag([cfg.ecefM ** 2, cfg.ecefM ** 2, cfg.ecefM ** 2]),
        };
  }

  /**
   * A new track's augmented state from its first report z: the position z − J·b̂ with covariance
   * R + J B Jᵀ and cross-covariance −J B with the sensor's bias (the bias is in the first report too).
   */
  init(g: Gaussian, m: Measurement): BiasState {
    const model = this.model(m);
    let state: Gaussian = g;
    const sensors: string[] = [];
    const kinds: BiasState['kinds'] = [];
    if (model) {
      const { J, b, B } = model;
      const JB = mul(J, B);
      const JBJt = mul(JB, transpose(J));
      state = addBiasSlot(g, b, B);
      for (let i = 0; i < 3; i++) {
        state.x[i] -= J[i][0] * b[0] + J[i][1] * b[1] + J[i][2] * b[2];
        for (let j = 0; j < 3; j++) {
          state.P[i][j] += JBJt[i][j];
          state.P[i][6 + j] = state.P[6 + j][i] = -JB[i][j];
        }
      }
      sensors.push(m.sensor);
      kinds.push(model.kind);
    }
    return this.config.imm
      ? { sensors, kinds, imm: immInit(state, m.time, this.immConfig) }
      : { sensors, kinds, g: state };
  }

  /** The augmented filter's estimate (the IMM's mixture, or the EKF's state). */
  estimate(s: BiasState): Gaussian {
    if (s.imm) return immEstimate(s.imm);
    if (s.g) return s.g;
    throw new Error('bias state without a filter');
  }

  /** The prediction to t from `from` (the EKF with process noise q; the IMM with its modes' own). */
  predict(s: BiasState, t: number, from: number, q: number): BiasState {
    if (s.imm)
      return {
        sensors: s.sensors,
        kinds: s.kinds,
        imm: immPredict(s.imm, t, this.immConfig, { predict: AUG_PREDICT, update }),
      };
    if (!s.g) throw new Error('bias state without a filter');
    return { sensors: s.sensors, kinds: s.kinds, g: augPredict(s.g, t - from, q) };
  }

  /** The report as the target part of a bias-augmented prediction sees it (for the gate). */
  gateView(est: Gaussian, s: BiasState, m: Measurement): { z: Vec; R: Mat } {
    const model = this.model(m);
    if (!model) return m;
    const k = s.sensors.indexOf(m.sensor);
    if (k >= 0) return biasCorrected(est, m.z, m.R, 6 + 3 * k, model.J);
    // Not yet in the state: the prior, uncorrelated with the target.
    const { J, b, B } = model;
    const JBJt = mul(mul(J, B), transpose(J));
    return {
      z: m.z.map((v, i) => v - (J[i][0] * b[0] + J[i][1] * b[1] + J[i][2] * b[2])),
      R: m.R.map((row, i) => row.map((v, j) => v + JBJt[i][j])),
    };
  }

  /** Updates a bias-augmented prediction with a report, adding its sensor's bias when new. */
  update(s: BiasState, m: Measurement): BiasState {
    const st = this.withSlot(s, m);
    const ops = this.ops(st, m);
    if (st.imm) return { ...st, imm: immUpdate(st.imm, m.z, m.R, ops) };
    const u = ops.update(this.estimate(st), m.z, m.R);
    return { sensors: st.sensors, kinds: st.kinds, g: { x: u.x, P: u.P } };
  }

  /** The augmented state with the report's sensor's bias added (its prior) when not yet in it. */
  withSlot(s: BiasState, m: Measurement): BiasState {
    const model = this.model(m);
    if (!model || s.sensors.includes(m.sensor)) return s;
    const sensors = [...s.sensors, m.sensor];
    const kinds = [...s.kinds, model.kind];
    const grow = (g: Gaussian) => addBiasSlot(g, model.b, model.B);
    return s.imm
      ? { sensors, kinds, imm: { ...s.imm, modes: s.imm.modes.map(grow) } }
      : { sensors, kinds, g: grow(this.estimate(s)) };
  }

  /** Filter steps on an augmented state that holds the report's sensor (`withSlot`). */
  ops(s: BiasState, m: Measurement): ImmOps {
    const model = this.model(m);
    const k = s.sensors.indexOf(m.sensor);
    return {
      predict: AUG_PREDICT,
      update: (g, z, R) =>
        model && k >= 0 ? augUpdateJ(g, z, R, 6 + 3 * k, model.J) : update(g, z, R),
    };
  }

  /**
   * The augmented prediction's update with each report of one scan (one sensor, so one bias slot)
   * and the reports' likelihoods from those updates' innovations (the IMM's mode-mixed ones for an
   * IMM): JPDA's joint events and posterior, and an MHT branch's update and score.
   */
  pairs(s: BiasState, reports: readonly Measurement[]): BiasPairs {
    const st = reports.length ? this.withSlot(s, reports[0]) : s;
    if (st.imm) {
      const imm = st.imm;
      const per = reports.map((m) => immPairs(imm, [m], this.ops(st, m)));
      const pairs: ImmPairs = {
        ups: per.map((p) => p.ups[0]),
        ll: per.map((p) => p.ll[0]),
        logLik: per.map((p) => p.logLik[0]),
      };
      return { st, imm: pairs, logLik: pairs.logLik };
    }
    const est = this.estimate(st);
    const ups = reports.map((m) => this.ops(st, m).update(est, m.z, m.R));
    const logLik = ups.map(
      (u) => -0.5 * (u.d2 + logDetSpd(u.S) + u.nu.length * Math.log(2 * Math.PI)),
    );
    return { st, ups, logLik };
  }

  /**
   * Each sensor's bias fused over the given confirmed tracks by covariance intersection (the tracks'
   * bias estimates share the prior and each other's reports: their correlation is unknown). The
   * estimate seeds the bias of the tracks the sensor starts or joins next. `key` identifies a track
   * over its life (counted once in `tracks`).
   */
  fuse(tracks: Iterable<{ key: object; bias: BiasState }>) {
    for (const { key, bias } of tracks) {
      const est = this.estimate(bias);
      bias.sensors.forEach((sensor, k) => {
        const own = biasPart(est, 6 + 3 * k);
        const known = this.estimates.get(sensor);
        const kind = bias.kinds[k] ?? 'ecef';
        let fused: Gaussian = own;
        try {
          if (known && known.kind === kind) fused = covarianceIntersection(known, own);
        } catch {
          return;
        }
        let contributors = this.contributors.get(sensor);
        if (!contributors)
          this.contributors.set(sensor, (contributors = { count: 0, seen: new WeakSet() }));
        if (!contributors.seen.has(key)) {
          contributors.seen.add(key);
          contributors.count++;
        }
        this.estimates.set(sensor, {
          sensor,
          kind,
          x: fused.x,
          P: fused.P,
          tracks: contributors.count,
        });
      });
    }
  }

  /** Each sensor's bias estimate (copies). */
  list(): SensorBiasEstimate[] {
    return [...this.estimates.values()].map((e) => ({
      ...e,
      x: e.x.slice(),
      P: e.P.map((r) => r.slice()),
    }));
  }

  /** The target part (6-D) of the augmented filter's estimate. */
  target(s: BiasState): Gaussian {
    return targetPart(this.estimate(s));
  }
}
