import { describe, expect, it } from 'vitest';
import { AlertIssuer } from './alert-issuer.js';
import type { ImpactEstimate } from './impact-predictor.js';
import type { CapMessage } from './cap-message.js';

// #18.6: a member clearly out of danger (outside the wide, 1 − 10⁻⁶ area of ballistic estimates) gets its
// Cancel after 6 s and two estimates instead of the 20 s hysteresis; one near the edge keeps the hysteresis.
const T0 = 1_750_000_000_000;
const est = (boost: boolean): ImpactEstimate => ({
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
  boostExtended: boost,
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
});
const m = (...ms: string[]) => new Map(ms.map((x) => [x, 3]));
const kinds = (caps: CapMessage[], member: string) =>
  caps
    .filter((c) => c.member === member)
    .map((c) => c.msgType[0])
    .join('');

describe('#18.6 prompt Cancel of members clearly out of the area', () => {
  it('clearly out for 6 s over two ballistic estimates: Cancel; near the edge: the 20 s hysteresis', () => {
    const iss = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 'p' });
    const caps: CapMessage[] = [];
    caps.push(...iss.onThreat('TH-1', est(true), m('QAT', 'OMN', 'BHR'), T0));
    // Ballistic: QAT inside, BHR outside the 99% area but inside the wide one, OMN outside both.
    const near = new Set(['QAT', 'BHR']);
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 2_000, near));
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 7_000, near));
    expect(kinds(caps, 'OMN')).toBe('A'); // 5 s: not yet
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 8_000, near));
    expect(kinds(caps, 'OMN')).toBe('AC');
    expect(caps.at(-1)!.note).toMatch(/no longer includes/);
    expect(kinds(caps, 'BHR')).toBe('A');
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 21_000, near));
    expect(kinds(caps, 'BHR')).toBe('A');
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 22_000, near));
    expect(kinds(caps, 'BHR')).toBe('AC');
    expect(kinds(caps, 'QAT')).toBe('A');
  });

  it('one estimate is not enough, and a boost-phase or including estimate restarts the count', () => {
    const iss = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 'q' });
    const caps: CapMessage[] = [];
    const near = new Set(['QAT']);
    caps.push(...iss.onThreat('TH-1', est(true), m('QAT', 'OMN'), T0));
    // A single estimate 10 s after the count would have started: still one estimate.
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 1_000, near));
    caps.push(...iss.onThreat('TH-1', est(true), m('QAT'), T0 + 4_000)); // boost again: restart
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 8_000, near));
    expect(kinds(caps, 'OMN')).toBe('A');
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 12_000, new Set(['QAT', 'OMN']))); // near again
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 16_000, near));
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 21_000, near));
    expect(kinds(caps, 'OMN')).toBe('A');
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 22_000, near));
    expect(kinds(caps, 'OMN')).toBe('AC');
    // Without a wide area (the engine passes none while boosting) nothing is prompt.
    const plain = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 'r' });
    const c2 = plain.onThreat('TH-2', est(true), m('QAT', 'OMN'), T0);
    for (let t = 1; t <= 19; t++)
      c2.push(...plain.onThreat('TH-2', est(false), m('QAT'), T0 + t * 1000));
    expect(kinds(c2, 'OMN')).toBe('A');
  });
});
