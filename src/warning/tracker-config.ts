import { fieldsOf } from '../core/objects.js';
import { badInput } from '../core/errors.js';
import type { FilterKind } from './kalman.js';

/** Tracker settings; documented field by field in docs/tracker-config.md. */
export interface TrackerConfig {
  model: 'cv2' | 'cv3' | 'ballistic';
  /** The filter of each track, or inside each mode of the IMM (`imm`). */
  filter: FilterKind;
  /**
   * Interacting multiple model (src/warning/tracking/imm.ts: boost / free flight / re-entry modes of
   * the ballistic model) instead of one filter whose process noise switches on plume reports. JSON
   * `"filter": "imm"` sets it (with an EKF in each mode). Ballistic model; GNN, JPDA (IMM-JPDA) or
   * MHT (every hypothesis a full IMM) association.
   */
  imm?: boolean;
  processNoise: {
    /** White-acceleration spectral density per axis, m²/s³. */
    q: number;
    /** Density while a track is known to be boosting (a plume report was associated recently). */
    qBoost: number;
    /** How long after the last plume report a track counts as boosting, s. */
    boostHoldS: number;
  };
  gate: {
    probability: number;
    /**
     * Assignment cost of a gated pair: 'likelihood', d² + ln|S| — the negative log-likelihood of the
     * pairing up to a constant, so a track with a tight prediction wins a report over a loose one at the
     * same d²; 'mahalanobis' (default), d² alone. Likelihood is not the default yet: it moved the first
     * warnings of `single-short` both ways (docs/tracker-config.md).
     */
    cost?: 'likelihood' | 'mahalanobis';
  };
  initiation: {
    /** M-of-N: confirm after m hits among the first n scans of the sensors that have seen the track. */
    m: number;
    n: number;
    /** 1-sigma of the unknown initial velocity, m/s. */
    velocitySigma: number;
    /**
     * 'single-point' (default): a track starts at its first report with zero velocity (σ
     * velocitySigma) and the Kalman update refines it; 'two-point': at its second report the state is
     * re-initialised by two-point differencing (velocity = Δz/Δt, covariance from both reports' R),
     * #18.8.
     */
    method?: 'single-point' | 'two-point';
    /**
     * At most this many tentative tracks: beyond it the weakest (fewest hits, then least recently
     * updated) are shed, and counted (stats.shed), so a clutter flood cannot grow memory or work.
     */
    maxTentative: number;
  };
  deletion: {
    /** Delete a confirmed track not updated for this long, s. */
    maxCoastS: number;
    tentativeMaxCoastS: number;
    /** Ballistic model: delete once the estimate is this far below the ellipsoid (impact), m. */
    minHeightM: number;
  };
  /** Out-of-sequence reports within this window are fused by re-processing the track's history. */
  oosm: { windowS: number };
  /** Data association (docs/tracker-config.md). Absent: global nearest neighbour, all tracks jointly. */
  association?: AssociationConfig;
  /**
   * Sensor-bias estimation (#18.8, src/warning/tracking/bias.ts): each track's state is augmented with
   * the bias of every sensor that reported on it, in the sensor's own terms (a radar's range,
   * azimuth, elevation; a position sensor's ECEF offset), each a constant with this prior σ; the
   * tracker keeps one estimate per sensor fused from its tracks (`Tracker.sensorBiases`,
   * `MhtTracker.sensorBiases`). Absent: off. Ballistic model, EKF or IMM, any association (GNN, JPDA,
   * MHT: every hypothesis carries the augmented state), single-point initiation.
   */
  sensorBias?: SensorBiasConfig;
}

export interface SensorBiasConfig {
  /** Prior 1-σ of a radar's range bias, m. */
  rangeM: number;
  /** Prior 1-σ of a radar's azimuth and elevation biases, degrees. */
  azDeg: number;
  elDeg: number;
  /** Prior 1-σ per axis of an ECEF-position sensor's bias, m (0: such sensors are taken as unbiased). */
  ecefM: number;
}

/** The sensor-bias prior used when `sensorBias` is given without values: twice the seeded networks' radar biases. */
export const DEFAULT_SENSOR_BIAS: SensorBiasConfig = {
  rangeM: 20,
  azDeg: 0.01,
  elDeg: 0.01,
  ecefM: 0,
};

export interface AssociationConfig {
  /**
   * `gnn`: global nearest neighbour (optimal assignment); `jpda`: joint probabilistic data
   * association; `mht`: track-oriented multiple hypothesis tracking (src/warning/tracking/mht.ts).
   */
  method: 'gnn' | 'jpda' | 'mht';
  /** Assign confirmed tracks first; tentative tracks share the reports left over (GNN). */
  confirmedFirst: boolean;
  jpda: {
    /** Detection probability. */
    pD: number;
    /** Clutter density per unit of measurement space (m⁻² for 2-D, m⁻³ for 3-D). */
    clutterDensity: number;
    /** A cluster with more joint events is associated by GNN (counted in stats.jpdaFallbacks). */
    maxEvents: number;
  };
  mht: {
    /** Track hypotheses kept per track (the best by score). */
    maxHypotheses: number;
    /** N-scan pruning depth: decisions older than N scans follow the best global hypothesis. */
    nScan: number;
  };
}

export const DEFAULT_ASSOCIATION: AssociationConfig = {
  method: 'gnn',
  confirmedFirst: false,
  jpda: { pD: 0.9, clutterDensity: 1e-4, maxEvents: 10_000 },
  mht: { maxHypotheses: 10, nScan: 3 },
};

export function defaultTrackerConfig(
  model: TrackerConfig['model'] = 'ballistic',
  filter: FilterKind = 'ekf',
): TrackerConfig {
  return {
    model,
    filter,
    processNoise:
      model === 'ballistic'
        ? { q: 0.05, qBoost: 2000, boostHoldS: 6 }
        : { q: 1, qBoost: 1, boostHoldS: 0 },
    gate: { probability: 0.9995, cost: 'mahalanobis' },
    initiation: {
      m: 3,
      n: 5,
      velocitySigma: model === 'ballistic' ? 3000 : 100,
      maxTentative: 1000,
    },
    deletion: { maxCoastS: 30, tentativeMaxCoastS: 20, minHeightM: -2000 },
    oosm: { windowS: 60 },
  };
}

/** Merges a partial JSON config over the defaults and checks every number. */
export function parseTrackerConfig(raw: unknown): TrackerConfig {
  const r = fieldsOf(raw);
  const model = r.model ?? 'ballistic';
  if (model !== 'cv2' && model !== 'cv3' && model !== 'ballistic')
    throw badInput('/model', "model: 'cv2', 'cv3' or 'ballistic'");
  const rawFilter = r.filter ?? 'ekf';
  if (rawFilter !== 'ekf' && rawFilter !== 'ukf' && rawFilter !== 'imm')
    throw badInput('/filter', "filter: 'ekf', 'ukf' or 'imm'");
  const imm = rawFilter === 'imm';
  const filter = imm ? 'ekf' : rawFilter;
  // Each section is its defaults with the input's fields over them, every value unchecked (unknown)
  // until the checks below narrow it; the config is built from the checked values.
  const d = defaultTrackerConfig(model, filter);
  const noise = overDefaults(d.processNoise, r.processNoise);
  const gate = overDefaults(d.gate, r.gate);
  const initiation = overDefaults(d.initiation, r.initiation);
  const deletion = overDefaults(d.deletion, r.deletion);
  const oosm = overDefaults(d.oosm, r.oosm);
  const association = r.association !== undefined ? parseAssociation(r.association) : undefined;
  if (imm) {
    // GNN, JPDA (IMM-JPDA, tracking/imm-pda.ts) and MHT (each hypothesis a full IMM) all take it.
    if (model !== 'ballistic') throw badInput('/filter', "filter 'imm' needs model 'ballistic'");
  }
  const pos: (path: string, v: unknown, allowZero?: boolean) => asserts v is number = (
    path,
    v,
    allowZero = false,
  ) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0))
      throw badInput(path, `${path} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  };
  pos('/processNoise/q', noise.q, true);
  pos('/processNoise/qBoost', noise.qBoost, true);
  pos('/processNoise/boostHoldS', noise.boostHoldS, true);
  if (!(typeof gate.probability === 'number' && gate.probability > 0.5 && gate.probability < 1))
    throw badInput('/gate/probability', 'gate probability in (0.5, 1)');
  if (gate.cost !== 'likelihood' && gate.cost !== 'mahalanobis')
    throw badInput('/gate/cost', "/gate/cost: 'likelihood' or 'mahalanobis'");
  if (
    typeof initiation.m !== 'number' ||
    typeof initiation.n !== 'number' ||
    !Number.isInteger(initiation.m) ||
    !Number.isInteger(initiation.n) ||
    initiation.m < 1 ||
    initiation.n < initiation.m
  )
    throw badInput('/initiation', 'initiation: integers 1 <= m <= n');
  pos('/initiation/velocitySigma', initiation.velocitySigma);
  const { method: givenMethod, ...initiationFields } = initiation;
  const method = givenMethod ?? 'single-point';
  if (method !== 'single-point' && method !== 'two-point')
    throw badInput('/initiation/method', "/initiation/method: 'single-point' or 'two-point'");
  if (
    typeof initiation.maxTentative !== 'number' ||
    !Number.isInteger(initiation.maxTentative) ||
    initiation.maxTentative < 1
  )
    throw badInput(
      '/initiation/maxTentative',
      '/initiation/maxTentative must be a positive integer',
    );
  pos('/deletion/maxCoastS', deletion.maxCoastS);
  pos('/deletion/tentativeMaxCoastS', deletion.tentativeMaxCoastS);
  if (typeof deletion.minHeightM !== 'number')
    throw badInput('/deletion/minHeightM', '/deletion/minHeightM must be a number');
  pos('/oosm/windowS', oosm.windowS, true);
  const c: TrackerConfig = {
    model,
    filter,
    processNoise: { ...noise, q: noise.q, qBoost: noise.qBoost, boostHoldS: noise.boostHoldS },
    gate: { ...gate, probability: gate.probability, cost: gate.cost },
    initiation: {
      ...initiationFields,
      m: initiation.m,
      n: initiation.n,
      velocitySigma: initiation.velocitySigma,
      ...(givenMethod !== undefined ? { method } : {}),
      maxTentative: initiation.maxTentative,
    },
    deletion: {
      ...deletion,
      maxCoastS: deletion.maxCoastS,
      tentativeMaxCoastS: deletion.tentativeMaxCoastS,
      minHeightM: deletion.minHeightM,
    },
    oosm: { ...oosm, windowS: oosm.windowS },
  };
  if (association) c.association = association;
  if (imm) c.imm = true;
  if (r.sensorBias !== undefined && r.sensorBias !== false)
    c.sensorBias = parseSensorBias(r.sensorBias, c, imm);
  return c;
}

/**
 * `defaults` with the fields `raw` gives put over them (a section of a JSON config): every value is
 * `unknown` until checked, so nothing unchecked reaches a typed config.
 */
function overDefaults<T extends object>(
  defaults: T,
  raw: unknown,
): { readonly [K in keyof T]?: unknown } & Readonly<Record<string, unknown>> {
  return { ...defaults, ...fieldsOf(raw) };
}

function parseAssociation(raw: unknown): AssociationConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw badInput('/association', 'association must be an object');
  const a = fieldsOf(raw);
  const d = DEFAULT_ASSOCIATION;
  const method = a.method ?? 'gnn';
  if (method !== 'gnn' && method !== 'jpda' && method !== 'mht')
    throw badInput('/association/method', "association.method: 'gnn', 'jpda' or 'mht'");
  const confirmedFirst = a.confirmedFirst ?? false;
  if (typeof confirmedFirst !== 'boolean')
    throw badInput(
      '/association/confirmedFirst',
      'association.confirmedFirst must be true or false',
    );
  const jpda = overDefaults(d.jpda, a.jpda);
  const mht = overDefaults(d.mht, a.mht);
  if (!(typeof jpda.pD === 'number' && jpda.pD > 0 && jpda.pD <= 1))
    throw badInput('/association/jpda/pD', 'association.jpda.pD in (0, 1]');
  if (!(
    typeof jpda.clutterDensity === 'number' &&
    jpda.clutterDensity > 0 &&
    Number.isFinite(jpda.clutterDensity)
  ))
    throw badInput(
      '/association/jpda/clutterDensity',
      'association.jpda.clutterDensity must be a positive number',
    );
  const posInt: (path: string, v: unknown, max: number) => asserts v is number = (path, v, max) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)
      throw badInput(path, `${path} must be an integer from 1 to ${max}`);
  };
  posInt('/association/jpda/maxEvents', jpda.maxEvents, 1_000_000);
  posInt('/association/mht/maxHypotheses', mht.maxHypotheses, 1000);
  posInt('/association/mht/nScan', mht.nScan, 50);
  return {
    method,
    confirmedFirst,
    jpda: {
      ...jpda,
      pD: jpda.pD,
      clutterDensity: jpda.clutterDensity,
      maxEvents: jpda.maxEvents,
    },
    mht: { ...mht, maxHypotheses: mht.maxHypotheses, nScan: mht.nScan },
  };
}

function parseSensorBias(raw: unknown, c: TrackerConfig, imm: boolean): SensorBiasConfig {
  if (raw !== true && (typeof raw !== 'object' || raw === null || Array.isArray(raw)))
    throw badInput('/sensorBias', 'sensorBias must be true or an object');
  const given = raw === true ? {} : fieldsOf(raw);
  const b: SensorBiasConfig = { ...DEFAULT_SENSOR_BIAS };
  for (const key of ['rangeM', 'azDeg', 'elDeg', 'ecefM'] as const) {
    const v = given[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e5)
      throw badInput(`/sensorBias/${key}`, `/sensorBias/${key} must be a number from 0 to 100000`);
    b[key] = v;
  }
  if (c.model !== 'ballistic') throw badInput('/sensorBias', "sensorBias needs model 'ballistic'");
  if (!imm && c.filter !== 'ekf')
    throw badInput('/sensorBias', "sensorBias works with filter 'ekf' or 'imm'");
  if ((c.initiation.method ?? 'single-point') !== 'single-point')
    throw badInput('/sensorBias', "sensorBias works with initiation.method 'single-point' only");
  return b;
}
