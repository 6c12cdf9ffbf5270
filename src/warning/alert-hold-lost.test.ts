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

describe('#18.3 AlertIssuer.sameMissile', () => {
  const later = {
    ...ballistic,
    time: ballistic.time + 200,
    latestTime: ballistic.latestTime + 200,
  };
  it('holds the time-based all-clear while a threat of the same missile still alerts the member with a later impact', () => {
    const iss = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 'p' });
    iss.onThreat('TH-main', later, members, T0);
    iss.onThreat('TH-dup', ballistic, members, T0 + 1000);
    iss.sameMissile('TH-dup', ['TH-main']);
    // TH-dup alone would clear at 303 s + 30 s; TH-main still covers Qatar until 503 s + 30 s.
    expect(iss.tick(T0 + 334_000)).toEqual([]);
    const cancels = iss.tick(T0 + 533_000);
    expect(cancels.map((c) => [c.threatId, c.msgType])).toEqual([
      ['TH-main', 'Cancel'],
      ['TH-dup', 'Cancel'],
    ]);
    expect(iss.activeAlerts()).toEqual([]);
  });

  it('also through a third threat, and never between threats of different missiles', () => {
    const iss = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 'p' });
    iss.onThreat('TH-a', ballistic, members, T0);
    iss.onThreat('TH-b', ballistic, members, T0);
    iss.onThreat('TH-c', later, members, T0);
    iss.onThreat('TH-other', later, members, T0);
    iss.sameMissile('TH-a', ['TH-b']);
    iss.sameMissile('TH-c', ['TH-b']);
    expect(iss.tick(T0 + 334_000)).toEqual([]);
    // TH-other is another missile: its later impact holds nobody; TH-a is held through TH-b.
    iss.onThreat('TH-x', ballistic, members, T0);
    expect(iss.tick(T0 + 340_000).map((c) => c.threatId)).toEqual(['TH-x']);
    // TH-b's only alert ends (it left Qatar): TH-a stays linked to TH-c through it.
    iss.onThreat('TH-b', ballistic, new Map(), T0 + 341_000);
    expect(iss.onThreat('TH-b', ballistic, new Map(), T0 + 362_000)[0].note).toContain(
      'no longer includes',
    );
    expect(iss.tick(T0 + 363_000).map((c) => c.threatId)).toEqual([]);
    // All in the same tick: TH-c first, then those it held.
    expect(iss.tick(T0 + 533_000).map((c) => c.threatId)).toEqual(['TH-c', 'TH-other', 'TH-a']);
  });
});
