import { createInterface } from 'node:readline';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { badInput } from '../core/errors.js';

/**
 * `tahaluf exercise list|run` and `tahaluf track`: pure computations, no node needed. Each action imports
 * what it uses when it runs (#18.7): `track` loads only the tracker, not the simulator, scenarios and
 * territories the exercises need (loading those took most of `track`'s start-up).
 */
export function warningCli(program: Command): void {
  const ex = program
    .command('exercise')
    .description('Early-warning exercises on simulated (illustrative) sensor data');
  ex.command('list')
    .description('Name the scenarios')
    .action(async () => {
      const { loadScenarios } = await import('./scenarios.js');
      for (const s of loadScenarios()) console.log(`${s.id.padEnd(16)} ${s.name}`);
    });
  ex.command('run')
    .argument('<scenario>')
    .option('--seed <n>', 'random seed', '1')
    .option('--cap-out <dir>', 'write every CAP message issued as one XML file')
    .description('Simulate, fuse, warn; print warning time, recall and over-warning per launch')
    .action(async (scenario: string, o: { seed: string; capOut?: string }) => {
      const [
        { default: cliProgress },
        { capXml },
        { runExercise },
        { scoreByOwnThreat },
        { getNetwork, getScenario, scenarioLaunches },
        { defaultTrackerConfig },
      ] = await Promise.all([
        import('cli-progress'),
        import('./cap-message.js'),
        import('./exercise-runner.js'),
        import('./exercise-scoring.js'),
        import('./scenarios.js'),
        import('./tracker-config.js'),
      ]);
      const sc = getScenario(scenario);
      const net = getNetwork(sc.network);
      if (!/^\d{1,9}$/.test(o.seed))
        throw badInput('--seed', `--seed must be a non-negative integer (got '${o.seed}')`);
      const seed = Number(o.seed);
      const launches = scenarioLaunches(sc, net.members, seed);
      const bar = new cliProgress.SingleBar(
        {
          format: 'exercise {bar} {percentage}% | {value}/{total} reports',
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      const r = runExercise(
        net,
        launches,
        { seed, epoch: 1_750_000_000, clutterScale: sc.clutterScale },
        {
          tracker: defaultTrackerConfig(),
          idPrefix: `${sc.id}-s${seed}`,
          exercise: `${sc.id} seed ${seed}`,
        },
        {
          onProgress: (done, total) => {
            if (!started) {
              bar.start(total, 0);
              started = true;
            }
            bar.update(done);
          },
        },
      );
      bar.stop();
      console.log(
        `scenario ${sc.id} seed ${seed}: ${r.sim.reports.length} reports, ${r.caps.length} CAP messages`,
      );
      console.log(
        'launch  range_km  profile          flight_s  first_warning_s  %flight  warned  over-warning(first/last)  members',
      );
      for (const x of r.outcomes) {
        console.log(
          [
            x.launch.padEnd(7),
            x.rangeKm.toFixed(0).padStart(8),
            x.profile.padEnd(16),
            x.flightTimeS.toFixed(0).padStart(8),
            (x.firstCoverS?.toFixed(0) ?? '-').padStart(15),
            (x.coverFraction !== null ? (x.coverFraction * 100).toFixed(0) + '%' : '-').padStart(7),
            (x.warnedBeforeImpact ? 'yes' : 'NO').padStart(6),
            `${x.overWarningFirst?.toFixed(1) ?? '-'} / ${x.overWarning?.toFixed(1) ?? '-'}`.padStart(
              24,
            ),
            ' ' + x.members.join(','),
          ].join('  '),
        );
      }
      // Scored per missile by its own threats only (#18.5): another missile's area does not count.
      const own = scoreByOwnThreat(r);
      console.log(
        '\nby own threat: launch  first_warning_%flight  at_risk  missed  false_alarms(member:alert_s)',
      );
      for (const x of own.outcomes)
        console.log(
          [
            x.launch.padEnd(7),
            (x.firstWarningFraction !== null
              ? (x.firstWarningFraction * 100).toFixed(1) + '%'
              : 'NONE'
            ).padStart(21),
            x.atRisk.join(',').padStart(7),
            (x.missed.join(',') || '-').padStart(6),
            ' ' + (x.falseAlarms.map((f) => `${f.member}:${f.alertS.toFixed(0)}`).join(' ') || '-'),
          ].join('  '),
        );
      console.log(`own-threat summary: ${JSON.stringify(own.summary)}`);
      if (own.earlyAllClears.length)
        console.log(`ALL-CLEARS BEFORE IMPACT: ${JSON.stringify(own.earlyAllClears)}`);
      if (own.mixedThreats.length)
        console.log(`THREATS MIXING MISSILES: ${JSON.stringify(own.mixedThreats)}`);
      const recall = r.outcomes.filter((x) => x.warnedBeforeImpact).length / r.outcomes.length;
      console.log(
        `recall ${(recall * 100).toFixed(1)}%   rejected reports: ${JSON.stringify(r.engine.rejected)}`,
      );
      if (o.capOut) {
        mkdirSync(o.capOut, { recursive: true });
        for (const c of r.caps) writeFileSync(join(o.capOut, `${c.identifier}.xml`), capXml(c));
        console.error(`wrote ${r.caps.length} CAP files to ${o.capOut}`);
      }
    });

  program
    .command('track')
    .requiredOption('--config <file>', 'tracker configuration JSON (docs/tracker-config.md)')
    .description(
      'Run the tracker on detections (JSON lines on stdin); write track states as JSON lines on stdout',
    )
    .option(
      '--coasted',
      "also write each track's predicted state at scan times it was not updated (coasted: true)",
    )
    .option(
      '--filter <kind>',
      "filter of each track, over the configuration's: 'ekf', 'ukf' or 'imm' (boost / free flight / re-entry)",
    )
    .action(async (o: { config: string; coasted?: boolean; filter?: string }) => {
      const [{ runTrackCommand }, { parseTrackerConfig }] = await Promise.all([
        import('./track-command.js'),
        import('./tracker-config.js'),
      ]);
      const raw: unknown = JSON.parse(readFileSync(o.config, 'utf8'));
      const config = parseTrackerConfig(
        o.filter === undefined ? raw : { ...(raw ?? {}), filter: o.filter },
      );
      const r = await runTrackCommand(
        createInterface({ input: process.stdin }),
        config,
        {
          write: (line) => process.stdout.write(line + '\n'),
          warn: (line) => console.error(line),
        },
        { coasted: o.coasted },
      );
      console.error(
        `tracker: ${JSON.stringify(r.stats)}, rejected lines ${r.rejected}, duplicates ${r.duplicates}`,
      );
    });
}
