import { Prng } from '../prng.js';

/**
 * A seeded multi-target 2-D constant-velocity scenario with clutter, for comparing trackers on the
 * standard metrics (OSPA, SIAP). Our own generator, nothing copied: targets are born and die at random
 * scans, move by the discrete white-noise-acceleration model (the same model the trackers assume),
 * are detected with probability pD with Gaussian position noise, and each scan adds Poisson clutter
 * uniform over the surveillance square. Everything follows from the seed.
 */
export interface CvScenarioOptions {
  seed: number;
  /** Number of scans; scan k is at t0 + k·dt. */
  scans: number;
  dt: number;
  t0: number;
  targets: number;
  /** Births uniformly in [0, birthWithin) scans; life uniformly in [lifeMin, lifeMax] scans (cut at the end). */
  birthWithin: number;
  lifeMin: number;
  lifeMax: number;
  /** Initial positions uniform in [-startHalfWidth, startHalfWidth]², velocities uniform in ±speedMax per axis. */
  startHalfWidth: number;
  speedMax: number;
  /** White-acceleration spectral density of the truth, m²/s³ per axis. */
  q: number;
  pD: number;
  /** Measurement standard deviation per axis, m. */
  sigma: number;
  /** Mean clutter reports per scan (Poisson), uniform over [-areaHalfWidth, areaHalfWidth]². */
  clutterRate: number;
  areaHalfWidth: number;
  sensor: string;
}

export const DEFAULT_CV_SCENARIO: CvScenarioOptions = {
  seed: 1,
  scans: 100,
  dt: 1,
  t0: 1_750_000_000,
  targets: 10,
  birthWithin: 30,
  lifeMin: 50,
  lifeMax: 70,
  startHalfWidth: 100,
  speedMax: 2,
  q: 0.05,
  pD: 0.9,
  sigma: 2,
  clutterRate: 10,
  areaHalfWidth: 200,
  sensor: 'S1',
};

export interface CvDetection {
  id: string;
  z: [number, number];
  /** Id of the target behind it; absent for clutter. */
  truth?: string;
}

export interface CvScan {
  time: number;
  detections: CvDetection[];
}

export interface CvTruthState {
  id: string;
  /** [x, y, vx, vy] */
  x: [number, number, number, number];
}

export interface CvScenario {
  options: CvScenarioOptions;
  scans: CvScan[];
  /** Truth at each scan (same index as `scans`). */
  truths: CvTruthState[][];
}

/** Discrete white-noise-acceleration covariance per axis: q·[dt³/3, dt²/2; dt²/2, dt]. */
function sampleAxisNoise(rng: Prng, q: number, dt: number): [number, number] {
  // Cholesky of q·[[dt³/3, dt²/2], [dt²/2, dt]]: l11 = √(q dt³/3), l21 = (q dt²/2)/l11, l22 = √(q dt − l21²).
  const l11 = Math.sqrt((q * dt ** 3) / 3);
  const l21 = l11 > 0 ? (q * dt ** 2) / 2 / l11 : 0;
  const l22 = Math.sqrt(Math.max(0, q * dt - l21 * l21));
  const a = rng.normal(),
    b = rng.normal();
  return [l11 * a, l21 * a + l22 * b];
}

function poisson(rng: Prng, mean: number): number {
  // Knuth's method: fine for the small means used here.
  const limit = Math.exp(-mean);
  let k = 0,
    p = rng.next();
  while (p > limit && k < 10_000) {
    k++;
    p *= rng.next();
  }
  return k;
}

export function generateCvScenario(opts: Partial<CvScenarioOptions> = {}): CvScenario {
  const o: CvScenarioOptions = { ...DEFAULT_CV_SCENARIO, ...opts };
  const rng = new Prng(o.seed);
  const lives = Array.from({ length: o.targets }, (_, i) => {
    const birth = rng.int(o.birthWithin);
    const death = Math.min(o.scans, birth + o.lifeMin + rng.int(o.lifeMax - o.lifeMin + 1));
    const x: [number, number, number, number] = [
      rng.uniform(-o.startHalfWidth, o.startHalfWidth),
      rng.uniform(-o.startHalfWidth, o.startHalfWidth),
      rng.uniform(-o.speedMax, o.speedMax),
      rng.uniform(-o.speedMax, o.speedMax),
    ];
    return { id: `target-${i + 1}`, birth, death, x };
  });
  const scans: CvScan[] = [];
  const truths: CvTruthState[][] = [];
  for (let k = 0; k < o.scans; k++) {
    const time = o.t0 + k * o.dt;
    const alive: CvTruthState[] = [];
    const detections: CvDetection[] = [];
    for (const life of lives) {
      if (k < life.birth || k >= life.death) continue;
      if (k > life.birth) {
        const [px, vx] = sampleAxisNoise(rng, o.q, o.dt);
        const [py, vy] = sampleAxisNoise(rng, o.q, o.dt);
        const x = life.x;
        life.x = [x[0] + o.dt * x[2] + px, x[1] + o.dt * x[3] + py, x[2] + vx, x[3] + vy];
      }
      alive.push({ id: life.id, x: [...life.x] });
      if (rng.next() < o.pD)
        detections.push({
          id: '',
          z: [life.x[0] + o.sigma * rng.normal(), life.x[1] + o.sigma * rng.normal()],
          truth: life.id,
        });
    }
    const nClutter = poisson(rng, o.clutterRate);
    for (let c = 0; c < nClutter; c++)
      detections.push({
        id: '',
        z: [
          rng.uniform(-o.areaHalfWidth, o.areaHalfWidth),
          rng.uniform(-o.areaHalfWidth, o.areaHalfWidth),
        ],
      });
    // Shuffle (Fisher–Yates) so no tracker can rely on the order of truth before clutter.
    for (let i = detections.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [detections[i], detections[j]] = [detections[j], detections[i]];
    }
    detections.forEach((d, i) => (d.id = `s${k}-d${i}`));
    scans.push({ time, detections });
    truths.push(alive);
  }
  return { options: o, scans, truths };
}

/** The scenario as `tahaluf track` input: one `pos` detection per line, an empty scan where nothing was seen. */
export function cvScenarioLines(sc: CvScenario): string[] {
  const R = [
    [sc.options.sigma ** 2, 0],
    [0, sc.options.sigma ** 2],
  ];
  const lines: string[] = [];
  for (const s of sc.scans) {
    if (!s.detections.length)
      lines.push(JSON.stringify({ sensor: sc.options.sensor, time: s.time, empty: true }));
    for (const d of s.detections)
      lines.push(
        JSON.stringify({
          sensor: sc.options.sensor,
          time: s.time,
          kind: 'pos',
          id: d.id,
          z: d.z,
          R,
        }),
      );
  }
  return lines;
}
