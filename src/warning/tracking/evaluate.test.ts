import { describe, expect, it } from 'vitest';
import { generateCvScenario } from './cv-scenario.js';
import { framesFromHistories, framesFromTrackOutput, scoreFrames } from './evaluate.js';

const line = (time: number, track: string, status: string, x: number, extra: object = {}) =>
  JSON.stringify({ time, track, status, x: [x, 0, 0, 0], P: [], ...extra });

describe('frames from tracker output', () => {
  const out = [
    line(1, 'T1', 'tentative', 0, { initiated: true }),
    line(2, 'T1', 'tentative', 1),
    line(3, 'T1', 'confirmed', 2),
    line(1, 'T2', 'tentative', 50, { initiated: true }),
    line(2, 'T2', 'deleted', 50),
    line(4, 'T1', 'confirmed', 3, { coasted: true }),
  ];
  it('online: only what was reported confirmed at each time', () => {
    const f = framesFromTrackOutput(out, [1, 2, 3, 4], 'online');
    expect(f.map((x) => x.tracks.map((t) => t.id))).toEqual([[], [], ['T1'], ['T1']]);
  });
  it('retrospective: every state of a track ever confirmed, never a track that was not', () => {
    const f = framesFromTrackOutput(out, [1, 2, 3, 4], 'retrospective');
    expect(f.map((x) => x.tracks.map((t) => t.pos[0]))).toEqual([[0], [1], [2], [3]]);
  });
  it('histories give the same frames', () => {
    const f = framesFromHistories([{ id: 'A', states: [{ time: 2, pos: [1, 0] }] }], [1, 2]);
    expect(f).toEqual([
      { time: 1, tracks: [] },
      { time: 2, tracks: [{ id: 'A', pos: [1, 0] }] },
    ]);
  });
  it('scoring the truth itself gives OSPA 0, completeness 1, spuriousness 0', () => {
    const sc = generateCvScenario({ seed: 3, scans: 30 });
    const est = sc.scans.map((s, k) => ({
      time: s.time,
      tracks: sc.truths[k].map((t) => ({ id: t.id, pos: [t.x[0], t.x[1]] })),
    }));
    const r = scoreFrames(sc, est);
    expect(r.ospa).toBe(0);
    expect(r.siap.completeness).toBe(1);
    expect(r.siap.spuriousness).toBe(0);
  });
});
