import { clusteredAssign } from '../assignment.js';

/**
 * Global nearest neighbour in two stages: confirmed tracks are assigned first (optimally, among
 * themselves), then tentative tracks share the reports left over. A tentative track started by clutter
 * can then never take a report from a confirmed track, however large its gate; this is how Stone
 * Soup's MultiTargetTracker with a MultiMeasurementInitiator associates (the initiator's holding
 * tracks see only the detections the tracker did not use). Same input and output as `clusteredAssign`.
 */
export function confirmedFirstAssign(
  pairs: { k: number; d2: number }[][],
  confirmed: readonly boolean[],
  nMeas: number,
  missCost: number,
): number[] {
  const first = clusteredAssign(
    pairs.map((row, t) => (confirmed[t] ? row : [])),
    nMeas,
    missCost,
  );
  const used = new Set(first.filter((k) => k >= 0));
  const second = clusteredAssign(
    pairs.map((row, t) => (confirmed[t] ? [] : row.filter((p) => !used.has(p.k)))),
    nMeas,
    missCost,
  );
  return first.map((k, t) => (confirmed[t] ? k : second[t]));
}
