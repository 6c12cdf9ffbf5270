import { fieldsOf } from '../core/objects.js';
import { checkReport, type Measurement } from './measurement.js';
import type { TrackEvent, TrackerStats } from './tracker.js';
import { createTracker } from './tracking/create-tracker.js';
import type { TrackerConfig } from './tracker-config.js';

export interface TrackCommandOptions {
  /** Also write, at each new scan time, the predicted state of every track not updated then (flagged `coasted`). */
  coasted?: boolean;
}

export interface TrackCommandIo {
  write: (line: string) => void;
  warn: (line: string) => void;
}

/**
 * `tahaluf track`: detections (JSON lines) in, track states (JSON lines) out. Every line that is not
 * used gets a message naming its line number and the reason; duplicates (same sensor and id, or same
 * sensor, time and z without id) are dropped as documented; `{"sensor", "time", "empty": true}` is a
 * scan that saw nothing (M-of-N and deletion count it); a track's initiating state is written
 * (`initiated: true`), and with `coasted` its predicted states between updates (`coasted: true`).
 */
export async function runTrackCommand(
  lines: AsyncIterable<string>,
  config: TrackerConfig,
  io: TrackCommandIo,
  opts: TrackCommandOptions = {},
): Promise<{ stats: TrackerStats; rejected: number; duplicates: number }> {
  // GNN or JPDA (Tracker) or MHT (MhtTracker), as association.method says.
  const tk = createTracker(config);
  const seen = new Set<string>();
  let batch: Measurement[] = [];
  let rejected = 0,
    duplicates = 0,
    lineNo = 0,
    lastScanTime = -Infinity;
  const out = (evs: TrackEvent[]) => {
    for (const e of evs)
      io.write(
        JSON.stringify({
          time: e.time,
          track: e.track,
          status: e.status,
          x: e.x,
          P: e.P,
          ...(e.initiated ? { initiated: true } : {}),
          ...(e.reason ? { reason: e.reason } : {}),
        }),
      );
  };
  const coast = (t: number, updated: Set<string>) => {
    if (!opts.coasted || t <= lastScanTime) return;
    for (const tr of tk.tracks.values()) {
      if (updated.has(tr.id) || t <= tr.t) continue;
      try {
        const p = tk.predictTrack(tr, t);
        io.write(
          JSON.stringify({
            time: t,
            track: tr.id,
            status: tr.status,
            x: p.x,
            P: p.P,
            coasted: true,
          }),
        );
      } catch {
        /* a prediction that fails numerically is not written */
      }
    }
  };
  const flush = () => {
    if (!batch.length) return;
    const t = batch[0].time;
    // Every live track gets its chance at this scan, then deletion: a track is deleted at the scan
    // that made its coast exceed the limit (after maxCoastS of misses), not one scan later, and is
    // not written as coasted at that scan (Stone Soup's tracker deletes at the same point). No
    // prediction spans more than the coast limits: processScan does not gate a track that has
    // coasted past them (a 9.9e10 timestamp cannot hang the tracker), and prune deletes it here.
    const evs = tk.processScan(batch);
    out(evs);
    out(tk.prune(Math.max(tk.now, t)));
    coast(t, new Set(evs.map((e) => e.track)));
    lastScanTime = Math.max(lastScanTime, t);
    batch = [];
  };
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      rejected++;
      const hint = /\b(NaN|-?Infinity)\b/.test(line)
        ? ' (NaN and Infinity are not JSON numbers)'
        : '';
      io.warn(`line ${lineNo}: rejected: not_json: not a JSON object${hint}`);
      continue;
    }
    const empty = fieldsOf(raw);
    if (empty.empty === true) {
      if (
        typeof empty.sensor !== 'string' ||
        typeof empty.time !== 'number' ||
        !Number.isFinite(empty.time)
      ) {
        rejected++;
        io.warn(`line ${lineNo}: rejected: bad_empty_scan: an empty scan needs sensor and time`);
        continue;
      }
      flush();
      out(tk.emptyScan(empty.sensor, empty.time));
      out(tk.prune(Math.max(tk.now, empty.time)));
      continue;
    }
    const c = checkReport(raw, { posDim: tk.model.posDim });
    if (!c.ok) {
      rejected++;
      io.warn(`line ${lineNo}: rejected: ${c.reason}: ${c.field ? `${c.field}: ` : ''}${c.detail}`);
      continue;
    }
    const key = c.m.id ? `${c.m.sensor}|${c.m.id}` : `${c.m.sensor}|${c.m.time}|${c.m.z.join(',')}`;
    if (seen.has(key)) {
      duplicates++;
      io.warn(`line ${lineNo}: dropped: duplicate of an earlier report (${key.slice(0, 80)})`);
      continue;
    }
    seen.add(key);
    if (batch.length && (batch[0].sensor !== c.m.sensor || batch[0].time !== c.m.time)) flush();
    batch.push(c.m);
  }
  flush();
  return { stats: tk.stats, rejected, duplicates };
}
