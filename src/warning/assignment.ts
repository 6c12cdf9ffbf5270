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
  const out = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j] > 0) out[p[j] - 1] = j - 1;
  return out;
}

/**
 * Global nearest neighbour: cost[t][k] is the gated distance of track t to measurement k (Infinity
 * outside the gate); a track may stay unassigned at `missCost` (one value, or one per track). Returns
 * measurement index per track or -1.
 */
export function gnnAssign(cost: number[][], nMeas: number, missCost: number | number[]): number[] {
  const nT = cost.length;
  if (nT === 0 || nMeas === 0) return new Array<number>(nT).fill(-1);
  const BIG = 1e12;
  const wide = cost.map((row, t) => {
    const r = row.map((c) => (Number.isFinite(c) ? c : BIG));
    const miss = Array.isArray(missCost) ? missCost[t] : missCost;
    for (let d = 0; d < nT; d++) r.push(d === t ? miss : BIG);
    return r;
  });
  return hungarian(wide).map((j, t) =>
    j >= 0 && j < nMeas && Number.isFinite(cost[t][j]) ? j : -1,
  );
}

/** Above this many tracks in one cluster the optimal solver is replaced by greedy best-first. */
export const MAX_OPTIMAL_CLUSTER = 200;

/**
 * Global nearest neighbour on a sparse gate: `pairs[t]` lists the measurements in track t's gate with
 * their cost. Tracks and measurements are split into clusters (connected components of the gate
 * graph) and each cluster is solved on its own by `gnnAssign`, which gives the same optimum as one
 * dense problem but never builds a tracks × reports matrix. A cluster of more than
 * `MAX_OPTIMAL_CLUSTER` tracks (only in a clutter flood) is assigned greedily, cheapest pair first.
 * Returns the measurement index per track, or -1.
 */
export function clusteredAssign(
  pairs: { k: number; d2: number; cost?: number }[][],
  nMeas: number,
  missCost: number | number[],
): number[] {
  // Likelihood costs (#18.8): each pair's `cost` (d² + ln|S|) and a miss cost per track.
  if (Array.isArray(missCost)) return clusteredAssignBy(pairs, nMeas, missCost);
  return clusteredAssignBy(pairs, nMeas, null, missCost);
}

function clusteredAssignBy(
  pairs: { k: number; d2: number; cost?: number }[][],
  nMeas: number,
  perTrackMiss: number[] | null,
  scalarMiss = 0,
): number[] {
  const costOf = (p: { d2: number; cost?: number }) => (perTrackMiss ? (p.cost ?? p.d2) : p.d2);
  const out = new Array<number>(pairs.length).fill(-1);
  if (pairs.length === 0 || nMeas === 0) return out;
  // Union-find over measurements; each track joins the measurements in its gate.
  const parent = new Int32Array(nMeas).map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]];
      k = parent[k];
    }
    return k;
  };
  for (const row of pairs)
    for (let i = 1; i < row.length; i++) {
      const a = find(row[0].k),
        b = find(row[i].k);
      if (a !== b) parent[a] = b;
    }
  const clusters = new Map<number, number[]>();
  pairs.forEach((row, track) => {
    if (!row.length) return;
    const root = find(row[0].k);
    const members = clusters.get(root);
    if (members) members.push(track);
    else clusters.set(root, [track]);
  });
  for (const tracks of clusters.values()) {
    // One miss cost per cluster: with likelihood costs, the largest of its tracks' (a miss cost per
    // track would shift each row by its own ln|S| and cancel the term; this way a report wanted by one
    // track only is always taken, and among tracks competing for it the likelier one wins).
    let miss = scalarMiss;
    if (perTrackMiss) {
      miss = -Infinity;
      for (const track of tracks) miss = Math.max(miss, perTrackMiss[track]);
    }
    if (tracks.length === 1 && pairs[tracks[0]].length === 1) {
      const only = pairs[tracks[0]][0];
      if (costOf(only) < miss) out[tracks[0]] = only.k;
      continue;
    }
    if (tracks.length > MAX_OPTIMAL_CLUSTER) {
      greedyAssign(pairs, tracks, costOf, miss, out);
      continue;
    }
    const local = new Map<number, number>();
    for (const track of tracks)
      for (const { k } of pairs[track]) if (!local.has(k)) local.set(k, local.size);
    const measOf = [...local.keys()];
    const cost = tracks.map((track) => {
      const row = new Array<number>(local.size).fill(Infinity);
      for (const p of pairs[track]) row[local.get(p.k)!] = costOf(p);
      return row;
    });
    gnnAssign(cost, local.size, miss).forEach((j, i) => {
      if (j >= 0) out[tracks[i]] = measOf[j];
    });
  }
  return out;
}

function greedyAssign(
  pairs: { k: number; d2: number; cost?: number }[][],
  tracks: number[],
  costOf: (p: { d2: number; cost?: number }) => number,
  missCost: number,
  out: number[],
) {
  const all: { track: number; k: number; d2: number }[] = [];
  for (const track of tracks)
    for (const p of pairs[track]) {
      const c = costOf(p);
      if (c < missCost) all.push({ track, k: p.k, d2: c });
    }
  all.sort((a, b) => a.d2 - b.d2);
  const taken = new Set<number>();
  for (const { track, k } of all) {
    if (out[track] >= 0 || taken.has(k)) continue;
    out[track] = k;
    taken.add(k);
  }
}
