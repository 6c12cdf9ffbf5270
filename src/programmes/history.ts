import type { HistoryParam } from './model.js';

interface Coded {
  code?: string;
  params?: Record<string, HistoryParam>;
}

/**
 * A replayed history as the stored one can hold it: states stored before history lines had `code` and
 * `params` have entries without them. Where the stored entry has no `code`, the replayed entry is
 * compared without its `code` and `params` (its seq, time, actor, type and summary must still match);
 * where it has one, everything is compared. Used by verify (programmes and cyber cases).
 */
export function comparableHistory(replayed: readonly Coded[], stored: readonly Coded[]): object[] {
  return replayed.map((e, i) => {
    const kept = stored[i];
    if (!kept || kept.code !== undefined || kept.params !== undefined) return e;
    const { code: _code, params: _params, ...rest } = e;
    return rest;
  });
}
