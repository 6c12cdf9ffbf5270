/**
 * Runs `look` every `everyMs` until the returned function is called: never two at once (a slow look makes the
 * next one wait for the following tick), errors handed to `onError`. Used by the notification sources
 * (runtime/ports.ts `NoticeSource`), one per open stream.
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
