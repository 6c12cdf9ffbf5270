import { Prng } from '../prng.js';
import { parseOutputLine } from './evaluate.js';

/**
 * Two targets crossing (a classic test of data association): both at 2 m/s along x, A at +vy and B
 * at −vy in y (default 0.5 m/s, a 28° crossing), cross at (0, 0) at scan 30 and part again; 1 s scans, detection probability pD, position noise σ per axis, no clutter. Returns
 * `tahaluf track` input lines and the truth at each scan.
 */
export function crossingScenario(
  seed: number,
  o: { pD?: number; sigma?: number; scans?: number; vy?: number } = {},
): { lines: string[]; truth: { time: number; A: [number, number]; B: [number, number] }[] } {
  const pD = o.pD ?? 0.9,
    sigma = o.sigma ?? 2,
    scans = o.scans ?? 60,
    vy = o.vy ?? 0.5;
  const rng = new Prng(seed);
  const R = [
    [sigma ** 2, 0],
    [0, sigma ** 2],
  ];
  const lines: string[] = [];
  const truth: { time: number; A: [number, number]; B: [number, number] }[] = [];
  for (let k = 0; k < scans; k++) {
    const time = 1000 + k;
    const A: [number, number] = [-60 + 2 * k, vy * (k - 30)];
    const B: [number, number] = [-60 + 2 * k, -vy * (k - 30)];
    truth.push({ time, A, B });
    const dets = [A, B]
      .filter(() => rng.next() < pD)
      .map((p) => [p[0] + sigma * rng.normal(), p[1] + sigma * rng.normal()]);
    if (rng.next() < 0.5) dets.reverse();
    if (!dets.length) lines.push(JSON.stringify({ sensor: 'S1', time, empty: true }));
    dets.forEach((z, i) =>
      lines.push(JSON.stringify({ sensor: 'S1', time, kind: 'pos', id: `${k}-${i}`, z, R })),
    );
  }
  return { lines, truth };
}

/**
 * Which confirmed track follows each target before the crossing (at `before`) and after it (at
 * `after`), from `tahaluf track` output: a swap is a track that followed A and then follows B (or the
 * reverse); `lost` counts targets with no confirmed track within `within` m at either time.
 */
export function crossingOutcome(
  out: readonly string[],
  truth: { time: number; A: [number, number]; B: [number, number] }[],
  before = 1015,
  after = 1050,
  within = 10,
): { swapped: boolean; lost: number } {
  const recs = out.map(parseOutputLine).filter((r) => r.status === 'confirmed');
  const follower = (time: number, target: 'A' | 'B') => {
    const tr = truth.find((x) => x.time === time)![target];
    let best: string | null = null,
      bestD = within;
    for (const r of recs.filter((x) => x.time === time)) {
      const d = Math.hypot(r.x[0] - tr[0], r.x[1] - tr[1]);
      if (d < bestD) {
        bestD = d;
        best = r.track;
      }
    }
    return best;
  };
  const a0 = follower(before, 'A'),
    b0 = follower(before, 'B'),
    a1 = follower(after, 'A'),
    b1 = follower(after, 'B');
  const lost = [a0, b0, a1, b1].filter((x) => x === null).length;
  const swapped = (a0 !== null && a0 === b1) || (b0 !== null && b0 === a1);
  return { swapped, lost };
}
