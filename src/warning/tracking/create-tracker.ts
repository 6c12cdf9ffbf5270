import type { Gaussian } from '../kalman.js';
import type { Mat, Vec } from '../linalg.js';
import type { Measurement } from '../measurement.js';
import type { MotionModel } from '../motion-models.js';
import { Tracker, type TrackEvent, type TrackerStats } from '../tracker.js';
import type { TrackerConfig } from '../tracker-config.js';
import type { ImmState } from './imm.js';
import { MhtTracker } from './mht.js';

/** What `tahaluf track` needs of a tracker: GNN/JPDA (`Tracker`) and MHT (`MhtTracker`) both offer it. */
export interface ScanTracker {
  readonly model: MotionModel;
  readonly stats: TrackerStats;
  /** `imm`: the IMM's per-mode state (filter 'imm'), the Tracker's and the MHT's alike. */
  readonly tracks: Map<
    string,
    { id: string; status: string; x: Vec; P: Mat; t: number; imm?: ImmState }
  >;
  now: number;
  processScan(ms: Measurement[]): TrackEvent[];
  emptyScan(sensor: string, t: number): TrackEvent[];
  prune(now?: number): TrackEvent[];
  predictTrack(tr: { x: Vec; P: Mat; t: number }, t: number): Gaussian;
}

/** The tracker the configuration's `association.method` asks for. */
export function createTracker(config: TrackerConfig, idPrefix = 'T'): ScanTracker {
  if (config.association?.method === 'mht') return new MhtTracker(config, idPrefix);
  return new Tracker(config, idPrefix);
}
