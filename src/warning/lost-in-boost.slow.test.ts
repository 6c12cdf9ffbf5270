import { describe, expect, it } from 'vitest';
import { runExercise } from './exercise-runner.js';
import { scoreByOwnThreat } from './exercise-scoring.js';
import { generatedScenario, getNetwork, scenarioLaunches } from './scenarios.js';
import { defaultTrackerConfig } from './tracker-config.js';

// The benchmark's exercise (bench/warning-recall.worker.ts): six launches within 60 s, 300–3,000 km.
const net = getNetwork('gulf-illustrative');
const scenario = generatedScenario(net.id);

describe('#18.3 a track lost before its burnout was seen clears nobody before the latest credible impact', () => {
  it(
    'benchmark seed 5005: no all-clear before impact to a member at risk',
    { timeout: 600_000 },
    () => {
      const seed = 5005;
      const result = runExercise(
        net,
        scenarioLaunches(scenario, net.members, seed),
        { seed, epoch: 1_750_000_000 },
        { tracker: defaultTrackerConfig(), idPrefix: `lost${seed}` },
      );
      const score = scoreByOwnThreat(result);
      // Before: L4 (lofted, 83 s boost) had a plume track lost 16 s before burnout with a ballistic
      // estimate, and its threat cleared Saudi Arabia "impact time has passed" 248 s before impact.
      expect(score.earlyAllClears).toEqual([]);
      expect(score.mixedThreats).toEqual([]);
      expect(score.summary.warned).toBe(6);
      expect(score.summary.missedMembers).toBe(0);
      // The lost threat is re-estimated over every remaining-thrust hypothesis; it is then matched with
      // the radar track of the same missile, which drives its all-clear (after impact) and promptly
      // cancels the members its ballistic area leaves out.
      expect(result.engine.lostInBoost).toBeGreaterThan(0);
    },
  );
});
