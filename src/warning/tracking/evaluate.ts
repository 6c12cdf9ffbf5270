import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { CvScenario } from './cv-scenario.js';
import { meanOspa, siap, type MetricFrame, type Point, type SiapResult } from './metrics.js';

/** What a tracker said at one time: its tracks' estimated positions. */
export interface EstimateFrame {
  time: number;
  tracks: { id: string; pos: Point }[];
}

/**
 * Two ways to read a tracker's output against the truth:
 * - `online`: at each scan time, the confirmed tracks the tracker reported at that time (updated or
 *   coasted) — what a user saw then;
 * - `retrospective`: every state of every track that was ever confirmed, including the states it had
 *   while still tentative (how Stone Soup's metric manager scores a track's full history).
 */
export type ScoreMode = 'online' | 'retrospective';

/** The fields of a `tahaluf track` output line that scoring reads (the line has more: P, coasted…). */
const OutputLineSchema = Type.Object({
  time: Type.Number(),
  track: Type.String(),
  status: Type.String(),
  x: Type.Array(Type.Number()),
});
export type OutputLine = Static<typeof OutputLineSchema>;

/** One `tahaluf track` output line (JSON), checked; throws naming the line when it does not fit. */
export function parseOutputLine(line: string): OutputLine {
  const value: unknown = JSON.parse(line);
  if (!Value.Check(OutputLineSchema, value))
    throw new Error(`not a tracker output line (time, track, status, x): ${line.slice(0, 200)}`);
  return value;
}

/** Frames from `tahaluf track --coasted` output lines (JSON), at the given scan times. */
export function framesFromTrackOutput(
  lines: readonly string[],
  times: readonly number[],
  mode: ScoreMode,
): EstimateFrame[] {
  const recs: OutputLine[] = lines.map(parseOutputLine).filter((r) => r.status !== 'deleted');
  const everConfirmed = new Set(recs.filter((r) => r.status === 'confirmed').map((r) => r.track));
  const byTime = new Map<number, Map<string, Point>>();
  for (const r of recs) {
    const keep = mode === 'online' ? r.status === 'confirmed' : everConfirmed.has(r.track);
    if (!keep) continue;
    let m = byTime.get(r.time);
    if (!m) byTime.set(r.time, (m = new Map<string, Point>()));
    m.set(r.track, [r.x[0], r.x[1]]);
  }
  return times.map((time) => ({
    time,
    tracks: [...(byTime.get(time) ?? new Map<string, Point>())].map(([id, pos]) => ({ id, pos })),
  }));
}

/** Frames from per-track histories (a peer tracker's output). */
export function framesFromHistories(
  histories: readonly { id: string; states: readonly { time: number; pos: Point }[] }[],
  times: readonly number[],
): EstimateFrame[] {
  const byTime = new Map<number, { id: string; pos: Point }[]>();
  for (const h of histories)
    for (const s of h.states) {
      const list = byTime.get(s.time) ?? [];
      list.push({ id: h.id, pos: s.pos });
      byTime.set(s.time, list);
    }
  return times.map((time) => ({ time, tracks: byTime.get(time) ?? [] }));
}

export interface Score {
  ospa: number;
  siap: SiapResult;
}

/**
 * OSPA (mean over scans, c and p) and SIAP (association threshold in metres) of estimate frames
 * against the scenario's truth, scan by scan.
 */
export function scoreFrames(
  sc: CvScenario,
  est: readonly EstimateFrame[],
  o: { c?: number; p?: number; threshold?: number } = {},
): Score {
  const frames: MetricFrame[] = sc.scans.map((s, k) => ({
    time: s.time,
    truths: sc.truths[k].map((t) => ({ id: t.id, pos: [t.x[0], t.x[1]] })),
    tracks: est.find((e) => e.time === s.time)?.tracks ?? [],
  }));
  return {
    ospa: meanOspa(frames, o.c ?? 10, o.p ?? 1).mean,
    siap: siap(frames, o.threshold ?? 10),
  };
}
