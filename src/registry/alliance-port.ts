import type { PayloadFor } from '../record/act-catalogue.js';
import type { SharedDb, SharedTransaction } from '../store/database.js';

/**
 * What the registry needs of the alliance log (`src/federation/alliance-log.ts`), declared here so that
 * the registry does not import the federation layer above it (test/architecture.test.ts); the
 * federation's `AllianceLog` and `AllianceAct` satisfy these shapes as they are.
 */
export interface LoggedAct {
  id: string;
  seq: number;
  at: string;
  actor: string;
  keyId: string;
  type: string;
  subject: string | null;
  payload: unknown;
}

/** How a node applies one act of the log, inside the transaction of its batch. */
export type LoggedActApplier = (tx: SharedTransaction, act: LoggedAct) => Promise<unknown>;

export interface AllianceLogPort {
  /** Applied acts whose type starts with `typePrefix`, in stream order. */
  appliedActs(typePrefix: string): Promise<LoggedAct[]>;
  /** Applied acts about `subject` whose type starts with `typePrefix`. */
  actsOf(subject: string, typePrefix: string, db?: SharedDb): Promise<LoggedAct[]>;
  /** Whether some module of this node applies acts of this type. */
  carries(type: string): boolean;
  /** Signs an act with this node's key, publishes it and waits until this node has applied it. */
  submit<T extends string, P extends PayloadFor<T>>(
    actor: string,
    type: T,
    subject: string | null,
    payload: P,
  ): Promise<{ streamSeq: number; act: LoggedAct | null }>;
}
