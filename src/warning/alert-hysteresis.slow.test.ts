import { describe, expect, it } from 'vitest';
import { AlertIssuer } from './alert-issuer.js';
import type { ImpactEstimate } from './impact-predictor.js';
import type { CapMessage } from './cap-message.js';
import { runExercise } from './exercise-runner.js';
import { getNetwork, getScenario, scenarioLaunches } from './scenarios.js';
import { defaultTrackerConfig } from './tracker-config.js';
import { stateAt } from '../geo/countries.js';

const T0 = 1_750_000_000_000;
const est = (boost: boolean, area = 1000): ImpactEstimate => ({
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
  areaKm2: area,
  ellipseAreaKm2: area,
  launch: null,
});
const m = (...ms: string[]) => new Map(ms.map((x) => [x, 3]));
const kinds = (caps: CapMessage[], member: string) =>
  caps
    .filter((c) => c.member === member)
    .map((c) => c.msgType[0])
    .join('');

describe('alert hysteresis (W1)', () => {
  it('one estimate leaving a member out neither cancels it nor re-alerts it when it comes back', () => {
    const iss = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 't' });
    const caps: CapMessage[] = [];
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT', 'ARE'), T0));
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 2_000)); // ARE dropped once…
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT', 'ARE'), T0 + 4_000)); // …and back
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 6_000)); // dropped again: the clock restarts
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 20_000));
    expect(kinds(caps, 'ARE')).toBe('A');
    expect(
      iss
        .activeAlerts()
        .map((a) => a.member)
        .sort(),
    ).toEqual(['ARE', 'QAT']);
    // Outside continuously for 20 s of ballistic estimates: now the all-clear.
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 26_000));
    expect(kinds(caps, 'ARE')).toBe('AC');
    expect(kinds(caps, 'QAT')).toBe('A');
    // Cleared: one estimate that includes ARE again does not re-alert it…
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT', 'ARE'), T0 + 28_000));
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 30_000));
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT', 'ARE'), T0 + 32_000));
    expect(kinds(caps, 'ARE')).toBe('AC');
    // …but being included for 5 s does.
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT', 'ARE'), T0 + 35_000));
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT', 'ARE'), T0 + 37_000));
    expect(kinds(caps, 'ARE')).toBe('ACA');
  });

  it('#18.3 no all-clear for time before every hypothesis says impact has passed (the no-more-thrust one is the earliest)', () => {
    const iss = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 'b' });
    // While boosting, the no-more-thrust impact is at 300 s, a faster burnout's at 371 s (+3σ: 374 s).
    const boosting = { ...est(true), latestTime: T0 / 1000 + 374 };
    const caps = iss.onThreat('TH-2', boosting, m('QAT'), T0);
    expect(iss.tick(T0 + 300_000 + 30_000)).toEqual([]); // what used to clear QAT 71 s early
    expect(iss.tick(T0 + 374_000 + 29_000)).toEqual([]);
    caps.push(...iss.tick(T0 + 374_000 + 30_000));
    expect(kinds(caps, 'QAT')).toBe('AC');
  });

  it('never clears a member while the missile is boosting, however long it is outside the stretched area', () => {
    const iss = new AlertIssuer({ sender: 's', status: 'Exercise', idPrefix: 't' });
    const caps = iss.onThreat('TH-1', est(true), m('QAT', 'OMN'), T0);
    for (let t = 1; t <= 60; t++)
      caps.push(...iss.onThreat('TH-1', est(true), m('QAT'), T0 + t * 1000));
    expect(kinds(caps, 'OMN')).toBe('A');
    // Boost ends: the ballistic estimates still leave OMN out; it is cleared only after the sustained period.
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 61_000));
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 75_000));
    expect(kinds(caps, 'OMN')).toBe('A');
    caps.push(...iss.onThreat('TH-1', est(false), m('QAT'), T0 + 81_000));
    expect(kinds(caps, 'OMN')).toBe('AC');
    // The threat itself ends 30 s after its latest credible impact (+3σ: 303 s, #18.3).
    expect(iss.tick(T0 + 303_000 + 29_000)).toEqual([]);
    expect(iss.tick(T0 + 303_000 + 30_000).map((c) => [c.member, c.msgType])).toEqual([
      ['QAT', 'Cancel'],
    ]);
  });

  for (const [scenario, seed] of [
    ['single-short', 3],
    ['regional-salvo', 7],
    ['single-short', 2],
  ] as const) {
    it(
      `${scenario} seed ${seed}: no all-clear to the target before impact, no Alert→Cancel→Alert in any alert series`,
      { timeout: 600_000 },
      () => {
        const sc = getScenario(scenario);
        const net = getNetwork(sc.network);
        const r = runExercise(
          net,
          scenarioLaunches(sc, net.members, seed),
          { seed, epoch: 1_750_000_000, clutterScale: sc.clutterScale },
          { tracker: defaultTrackerConfig(), idPrefix: 'h' },
        );
        const cancels = r.caps.filter((c) => c.msgType === 'Cancel');
        let targets = 0;
        for (const tr of r.sim.trajectories) {
          const target = stateAt(tr.impact.lat, tr.impact.lon);
          if (!target || !net.members.includes(target)) continue;
          targets++;
          const impactMs = (r.sim.epoch + tr.spec.t0 + tr.flightTime) * 1000;
          // The target was warned before impact…
          expect(
            r.caps.some((c) => c.member === target && c.msgType === 'Alert' && c.sent < impactMs),
          ).toBe(true);
          // …and got no all-clear that left it unwarned before impact: at every cancel before impact some other alert is still active for it.
          for (const c of cancels.filter((x) => x.member === target && x.sent < impactMs)) {
            const stillWarned = r.caps.some(
              (o) =>
                o.member === target &&
                o.threatId !== c.threatId &&
                o.msgType === 'Alert' &&
                o.sent <= c.sent &&
                !cancels.some(
                  (k) => k.threatId === o.threatId && k.member === target && k.sent <= c.sent,
                ),
            );
            expect(
              stillWarned,
              `${target} cleared at ${c.sent} before impact ${impactMs} (${c.threatId})`,
            ).toBe(true);
          }
        }
        expect(targets).toBeGreaterThan(0);
        // Per alert series (threat, member): Alert, Updates, at most one Cancel, and nothing after it.
        const series = new Map<string, string>();
        for (const c of r.caps)
          series.set(
            `${c.threatId}|${c.member}`,
            (series.get(`${c.threatId}|${c.member}`) ?? '') + c.msgType[0],
          );
        const cycles = [...series.values()].filter((s) => /C.*A/.test(s)).length;
        expect(cycles).toBe(0);
        for (const s of series.values()) expect(s).toMatch(/^AU*C?$/);
      },
    );
  }
});
