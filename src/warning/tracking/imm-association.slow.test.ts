import { describe, expect, it } from 'vitest';
import { parseTrackerConfig } from '../tracker-config.js';
import {
  ballisticClutterScenario,
  clutterDensity,
  DEFAULT_BALLISTIC_CLUTTER,
  runBallisticClutter,
  type BallisticClutterRun,
} from './ballistic-clutter.js';

// #18: the whole flight of a 1,000 km-class shot (boost, free flight, re-entry with drag β 5,000)
// in clutter — 4 false reports a scan in a 20 km cube around the missile, P_D 0.9, σ 300 m, a scan
// every 2 s — through the IMM with GNN, JPDA (IMM-JPDA) and MHT (a full IMM per hypothesis), and
// through the single EKF with the same associations as a reference. Seeded; figures are printed.
describe('#18 IMM-JPDA and IMM-MHT over a whole ballistic flight in clutter', () => {
  for (const seed of [1, 2])
    it(
      `seed ${seed}: both hold the missile all flight, track it closer than the EKF with the same association and no worse than IMM-GNN, and their modes follow the phases`,
      { timeout: 600_000 },
      () => {
        const o = { ...DEFAULT_BALLISTIC_CLUTTER, seed, clutterRate: 4 };
        const sc = ballisticClutterScenario(o);
        const run = (filter: 'imm' | 'ekf', method: 'gnn' | 'jpda' | 'mht') =>
          runBallisticClutter(
            sc,
            parseTrackerConfig({
              filter,
              association: { method, jpda: { pD: o.pD, clutterDensity: clutterDensity(o) } },
            }),
            { settleS: 60 },
          );
        const figures = (r: BallisticClutterRun) => {
          const { tracker: _t, ...rest } = r;
          return JSON.stringify(rest);
        };
        const gnn = run('imm', 'gnn');
        let mhtFalse = Infinity;
        console.log(`#18 IMM-GNN seed ${seed}: ${figures(gnn)}`);
        for (const method of ['jpda', 'mht'] as const) {
          const imm = run('imm', method);
          const ekf = run('ekf', method);
          if (method === 'mht') mhtFalse = imm.falseTracks;
          // IMM-JPDA confirmed 2–3× GNN's clutter tracks when tentative tracks took the JPDA mixture
          // (34 and 18 with GNN, 62 and 60 with JPDA on seeds 1 and 2; jpda-false-tracks.test.ts).
          if (method === 'jpda') expect(imm.falseTracks).toBeLessThanOrEqual(1.2 * gnn.falseTracks);
          console.log(`#18 IMM-${method} seed ${seed}: ${figures(imm)}; EKF: ${figures(ekf)}`);
          // From 70 s after launch to impact, a confirmed track within 3 km of the missile at every scan.
          expect(imm.coverage, method).toBe(1);
          expect(imm.rmseM, method).toBeLessThan(400);
          expect(imm.rmseM, method).toBeLessThan(ekf.rmseM);
          expect(imm.rmseM, method).toBeLessThan(1.1 * gnn.rmseM);
          // The track on the missile puts most probability on the true phase's mode in boost and in
          // free flight (re-entry, brief and entered late by the IMM, is not asserted).
          expect(imm.modeMatch!.boost, method).toBeGreaterThan(0.7);
          expect(imm.modeMatch!.ballistic, method).toBeGreaterThan(0.9);
          for (const tr of imm.tracker.tracks.values())
            expect(tr.imm!.mu.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        }
        // MHT defers decisions: fewer confirmed false tracks than GNN.
        expect(mhtFalse).toBeLessThanOrEqual(gnn.falseTracks);
      },
    );
});
