import cliProgress from 'cli-progress';

/** A progress bar on stderr (so stdout stays clean for data); silent when stderr is not a terminal and CI is set. */
export function progressBar(label: string): {
  update(done: number, total: number): void;
  stop(): void;
} {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}`,
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: !process.env.CI,
      notTTYSchedule: 1000,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
