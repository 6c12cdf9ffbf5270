import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type Alliance, type State } from './api.js';
import { useLocale } from './i18n/index.js';

export interface AsyncState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Runs the loader again (e.g. after a POST). */
  reload: () => void;
}

/**
 * Runs an async loader when `deps` change and keeps the latest answer; an answer that arrives after
 * a newer request started is dropped, so switching quickly never shows stale data.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: unknown) =>
        mine === seq.current &&
        setState((s) => ({
          data: s.data,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
        })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names the loader's dependencies (`deps`), as useEffect's own callers do
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

let statesPromise: Promise<State[]> | null = null;

/** The registry's states, fetched once per page load and shared by every view. */
export function loadStates(): Promise<State[]> {
  statesPromise ??= api.states().catch((e) => {
    statesPromise = null;
    throw e;
  });
  return statesPromise;
}

export function useStates(): AsyncState<State[]> {
  return useAsync(loadStates, []);
}

/** Current location hash route, e.g. '#/council/proc_1' → ['council', 'proc_1']. */
export function useHashRoute(): string[] {
  const parse = () =>
    window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const on = () => setRoute(parse());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/**
 * `name('QAT')` → 'Qatar' (in Arabic: 'قطر') from the registry, in the reader's language (the code
 * itself until the states have loaded).
 */
export function useStateNames(): (iso3: string) => string {
  const states = useStates();
  const locale = useLocale();
  const index = useMemo(
    () =>
      new Map(
        (states.data ?? []).map((s) => [s.iso3, locale === 'ar' && s.nameAr ? s.nameAr : s.nameEn]),
      ),
    [states.data, locale],
  );
  return useCallback((iso3: string) => index.get(iso3) ?? iso3, [index]);
}

let alliancesPromise: Promise<Alliance[]> | null = null;

/** The registry's alliances, fetched once per page load and shared by every view. */
export function useAlliances(): AsyncState<Alliance[]> {
  return useAsync(() => {
    alliancesPromise ??= api.alliances().catch((e) => {
      alliancesPromise = null;
      throw e;
    });
    return alliancesPromise;
  }, []);
}

/**
 * `allianceName('gcc', 'fallback')` → the registry's name of an alliance in the reader's language
 * (the fallback, e.g. the name an API answer carries, for alliances outside the registry).
 */
export function useAllianceNames(): (id: string, fallback?: string) => string {
  const alliances = useAlliances();
  const locale = useLocale();
  const index = useMemo(
    () =>
      new Map(
        (alliances.data ?? []).map((a) => [a.id, locale === 'ar' && a.nameAr ? a.nameAr : a.name]),
      ),
    [alliances.data, locale],
  );
  return useCallback((id: string, fallback?: string) => index.get(id) ?? fallback ?? id, [index]);
}
