import { describe, expect, it } from 'vitest';
import { AlertIssuer } from './alert-issuer.js';
import type { ImpactEstimate } from './impact-predictor.js';

// #18.3: a threat whose every track is lost before its burnout was seen keeps its alerts until the
// latest credible impact over every remaining-thrust hypothesis, and its all-clear says so.
const T0 = 1_750_000_000_000;
const ballistic: ImpactEstimate = {
  time: T0 / 1000 + 300,
  sigmaT: 1,
  earliestTime: T0 / 1000 + 297,
  latestTime: T0 / 1000 + 303,
  lat: 25.3,
  lon: 51.4,
  cov: [
    [1, 0],
    [0, 1],
  ],
  boostExtended: false,
  polygon: [
    [25, 51],
    [25, 52],
    [26, 52],
    [25, 51],
  ],
  confidence: 0.99,
  areaKm2: 1000,
  ellipseAreaKm2: 1000,
  launch: null,
};
const members = new Map([['QAT', 3]]);

describe('#18.3 AlertIssuer.holdLost', () => {
  it('holds a lost threat until the later impact and states the reason; never shortens a hold', () => {
    const iss = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 'p' });
    expect(iss.onThreat('TH-1', ballistic, members, T0).map((c) => c.msgType)).toEqual(['Alert']);
    iss.holdLost('TH-1', T0 + 900_000, 'Track lost (coasted) before its burnout was seen.');
    iss.holdLost('TH-1', T0 + 400_000, 'earlier: ignored');
    // The ballistic estimate alone would clear at 303 s + 30 s.
    expect(iss.tick(T0 + 334_000)).toEqual([]);
    expect(iss.tick(T0 + 929_000)).toEqual([]);
    const [cancel] = iss.tick(T0 + 930_000);
    expect(cancel.msgType).toBe('Cancel');
    expect(cancel.member).toBe('QAT');
    expect(cancel.note).toContain('before its burnout was seen');
  });

  it('a successor tracking the same missile takes over the timing (follow)', () => {
    const iss = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 'p' });
    iss.onThreat('TH-1', ballistic, members, T0);
    iss.holdLost('TH-1', T0 + 900_000, 'lost');
    iss.follow('TH-1', ballistic, members, T0 + 10_000);
    const [cancel] = iss.tick(T0 + 334_000);
    expect(cancel.msgType).toBe('Cancel');
    expect(cancel.note).toBe('Impact time has passed.');
  });
});
