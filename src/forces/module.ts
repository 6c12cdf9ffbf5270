import { writeFileSync } from 'node:fs';
import type { TahalufModule } from '../runtime/deps.js';
import { shippedCatalogue } from './catalogue.js';
import { forcesBoard } from './forces-board.js';
import { ExercisePlanner } from './exercise-planner.js';
import { PledgeDesk } from './pledge-desk.js';
import { forcesReadPort } from './read-port.js';
import { forcesMigrations } from './repository.js';
import { boardCsv, boardTable } from './report.js';
import { forcesRoutes } from './routes.js';
import { seedForces } from './seed.js';
import { verifyForces } from './verify.js';

/** Pooled forces: pledges, interoperability, requirements and force generation, joint exercises. */
export const forcesModule: TahalufModule = {
  name: 'forces',
  migrations: forcesMigrations,
  routes: (app, deps) => forcesRoutes(app, deps, shippedCatalogue()),
  seed: (deps) => seedForces(deps, shippedCatalogue()),
  verify: verifyForces,
  // Other modules read the interoperability matrix and shortfalls through this port (runtime/ports.ts).
  provides: (deps) => ({ forces: forcesReadPort(deps, shippedCatalogue()) }),
  // On a federated node pledges and their withdrawal travel on the alliance log (docs/federation.md).
  allianceActs(deps) {
    const desk = new PledgeDesk(deps, shippedCatalogue());
    const planner = new ExercisePlanner(deps, shippedCatalogue());
    return {
      'forces.pledge.raised': (tx, act) => desk.applyRaised(tx, act),
      'forces.pledge.withdrawn': (tx, act) => desk.applyWithdrawn(tx, act),
      // Exercises on a host nation's territory: planned, its consent, cancelled (after-action reports stay local).
      'forces.exercise.planned': (tx, act) => planner.applyPlanned(tx, act),
      'forces.exercise.consented': (tx, act) => planner.applyConsented(tx, act),
      'forces.exercise.cancelled': (tx, act) => planner.applyCancelled(tx, act),
    };
  },
  cli(program, ctx) {
    const forces = program
      .command('forces')
      .description('Pooled forces: pledges, coverage, burden shares');
    forces
      .command('report')
      .argument('<alliance>', "alliance id, e.g. 'joint-arab-force'")
      .option('--csv <file>', 'also write the report as CSV to this file')
      .option('--requirement <id>', 'requirement to match (default: the latest stated)')
      .description(
        'Pledged vs required per capability, shortfalls and burden shares of an alliance',
      )
      .action(async (alliance: string, opts: { csv?: string; requirement?: string }) => {
        const node = await ctx.open();
        try {
          const board = await forcesBoard(node, shippedCatalogue(), alliance, opts.requirement);
          console.log(boardTable(board));
          if (opts.csv) {
            writeFileSync(opts.csv, boardCsv(board));
            console.error(`wrote ${opts.csv}`);
          }
        } finally {
          await node.close();
        }
      });
  },
};
