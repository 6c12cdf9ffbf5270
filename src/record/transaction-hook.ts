import { AsyncLocalStorage } from 'node:async_hooks';
import type { SharedTransaction } from '../store/database.js';
import type { Act } from './model.js';

/**
 * Work that must commit or roll back together with the acts a piece of code appends, wherever it
 * appends them: run the code with `withInTransaction(hook, fn)`, and every `record.transact` inside it
 * that appends acts calls `hook` in its transaction, after the acts. A hook that throws rolls the
 * transaction back. Used by the Idempotency-Key header to tie a key to the act it produced.
 */
export type InTransaction = (trx: SharedTransaction, acts: readonly Act[]) => Promise<void>;

const current = new AsyncLocalStorage<InTransaction>();

export function withInTransaction<T>(hook: InTransaction, fn: () => T): T {
  return current.run(hook, fn);
}

export const inTransactionHook = (): InTransaction | undefined => current.getStore();
