/**
 * Optimal assignment (Hungarian / Kuhn–Munkres with potentials, O(n²m)) on a rectangular cost matrix
 * with rows <= columns. Returns for each row the assigned column. Infinite costs are treated as forbidden
 * only if the caller adds enough finite dummy columns; see `gnnAssign`.
 */
export function hungarian(cost: number[][]): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = cost[0].length;
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1),
    v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1),
    way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1),
    used = new Uint8Array(m + 1); // reset per row, allocated once
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
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
  const out = new Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j] > 0) out[p[j] - 1] = j - 1;
  return out;
}

/**
 * Global nearest neighbour: cost[t][k] is the gated distance of track t to measurement k (Infinity
 * outside the gate); a track may stay unassigned at `missCost`. Returns measurement index per track or -1.
 */
export function gnnAssign(cost: number[][], nMeas: number, missCost: number): number[] {
  const nT = cost.length;
  if (nT === 0 || nMeas === 0) return new Array(nT).fill(-1);
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
