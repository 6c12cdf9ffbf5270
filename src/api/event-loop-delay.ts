import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * How late the event loop has been running lately (#16.6): a request whose bytes arrive while the loop
 * is busy waits unread in its socket, where no queue of the node can see it or answer it 503; the loop's
 * delay is that hidden wait. Load shedding reads it (`load-shedding.ts`) and tests give a fake one.
 */
export interface EventLoopDelaySource {
  /** The longest delay of the loop in the last window, in ms. */
  delayMs(): number;
  stop(): void;
}

/**
 * The loop's delay from `perf_hooks.monitorEventLoopDelay` (a 10 ms timer measuring how late it fires):
 * the maximum of each `windowMs` window, kept until the next window ends. A stall is seen by the first
 * timer after it, which libuv runs before reading the sockets that filled meanwhile.
 */
export function monitorLoopDelay(windowMs = 250): EventLoopDelaySource {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let lastMs = 0;
  const timer = setInterval(() => {
    // The histogram's max is in ns; an empty window (no sample yet) reports a huge sentinel minimum only.
    lastMs = histogram.count > 0 ? histogram.max / 1e6 : 0;
    histogram.reset();
  }, windowMs);
  timer.unref();
  return {
    delayMs: () => Math.max(lastMs, histogram.count > 0 ? histogram.max / 1e6 : 0),
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
