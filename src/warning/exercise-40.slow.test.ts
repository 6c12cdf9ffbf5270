import { describe, expect, it } from 'vitest';
import { runExercise } from './exercise-runner.js';
import { scoreByOwnThreat } from './exercise-scoring.js';
import { getNetwork, getScenario, scenarioLaunches } from './scenarios.js';
import { defaultTrackerConfig } from './tracker-config.js';

// The 40-launch `busy` scenario (clutter ×3) played through the fusion engine and scored per missile
// by its own threats. Slow (about a minute per seed on a busy 2-core machine): slow tier.
describe('#18.3 / #18.4 the 40-launch exercise, scored per missile by its own threat', () => {
  for (const seed of [7, 3])
    it(
      `#18.3 #18.4 busy seed ${seed}: no all-clear before impact to any member at risk, no threat mixing missiles, every launch warned`,
      { timeout: 600_000 },
      () => {
        const scenario = getScenario('busy');
        const net = getNetwork(scenario.network);
        const result = runExercise(
          net,
          scenarioLaunches(scenario, net.members, seed),
          { seed, epoch: 1_750_000_000, clutterScale: scenario.clutterScale },
          { tracker: defaultTrackerConfig(), idPrefix: `busy${seed}` },
        );
        const score = scoreByOwnThreat(result);
        console.log(`#18 busy seed ${seed}: ${JSON.stringify(score.summary)}`);
        // Before: 24 (seed 7) and 8 (seed 3) all-clears reached a member at risk before impact, and
        // 13 / 6 threats carried tracks of two to four missiles.
        expect(score.earlyAllClears).toEqual([]);
        expect(score.mixedThreats).toEqual([]);
        expect(score.summary.warned).toBe(40);
        expect(score.summary.missedMembers).toBe(0);
      },
    );
});
