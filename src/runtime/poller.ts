/**
 * Runs `look` every `everyMs` until the returned function is called: never two at once (a slow look makes the
 * next one wait for the following tick), errors handed to `onError`. Used by the notification sources
 * (runtime/ports.ts `NoticeSource`): the council's one per open stream, the intelligence hub's shared by
 * all of them (`sharedPoller`).
 */
export function poll(
  look: () => Promise<void>,
  everyMs: number,
  onError: (e: unknown) => void,
): () => void {
  let busy = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    look()
      .catch(onError)
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref?.();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/**
 * One poller shared by every watcher (a notice source's open streams): `look` runs every `everyMs` with
 * the watchers present then, as `poll` runs it (never two at once, errors to `onError`), from the first
 * watcher's arrival until the last one leaves; however many streams are open, the source reads once per
 * tick. Returns `watch`: add a watcher, get the function that removes it.
 */
export function sharedPoller<Watcher>(
  look: (watchers: readonly Watcher[]) => Promise<void>,
  everyMs: number,
  onError: (e: unknown) => void,
): (watcher: Watcher) => () => void {
  const watchers = new Set<Watcher>();
  let stop: (() => void) | null = null;
  return (watcher) => {
    watchers.add(watcher);
    stop ??= poll(() => look([...watchers]), everyMs, onError);
    return () => {
      watchers.delete(watcher);
      if (watchers.size === 0 && stop) {
        stop();
        stop = null;
      }
    };
  };
}
