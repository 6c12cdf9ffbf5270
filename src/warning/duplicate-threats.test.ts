import { describe, expect, it } from 'vitest';
import { runExercise } from './exercise-runner.js';
import { getNetwork, getScenario, scenarioLaunches } from './scenarios.js';
import { defaultTrackerConfig } from './tracker-config.js';

const run = (scenario: string, seed: number) => {
  const sc = getScenario(scenario);
  const net = getNetwork(sc.network);
  return runExercise(
    net,
    scenarioLaunches(sc, net.members, seed),
    { seed, epoch: 1_750_000_000, clutterScale: sc.clutterScale },
    { tracker: defaultTrackerConfig(), idPrefix: 'd' },
  );
};

describe('duplicate threats (W4): a second track of the same object continues its threat', () => {
  it(
    'single-short seed 3: one missile, one threat (was two, T76 and T86), still warned in time',
    { timeout: 120_000 },
    () => {
      const r = run('single-short', 3);
      expect(new Set(r.caps.map((c) => c.threatId)).size).toBe(1);
      expect(r.outcomes.every((o) => o.warnedBeforeImpact)).toBe(true);
      // Every member sees one alert series: Alert, Updates, at most one Cancel.
      for (const m of new Set(r.caps.map((c) => c.member)))
        expect(
          r.caps
            .filter((c) => c.member === m)
            .map((c) => c.msgType[0])
            .join(''),
        ).toMatch(/^AU*C?$/);
    },
  );

  it(
    'regional-salvo seed 7: at most two threats per launch (was 14 for 6), recall unchanged',
    { timeout: 120_000 },
    () => {
      const r = run('regional-salvo', 7);
      expect(new Set(r.caps.map((c) => c.threatId)).size).toBeLessThanOrEqual(
        2 * r.outcomes.length,
      );
      expect(r.outcomes.filter((o) => o.warnedBeforeImpact).length).toBe(r.outcomes.length);
    },
  );
});
