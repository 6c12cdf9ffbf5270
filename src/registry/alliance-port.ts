import type { PayloadFor } from '../record/act-catalogue.js';
import type { SharedDb, SharedTransaction } from '../store/database.js';

/**
 * The one port through which the registry and the domain modules reach the alliance log
 * (`src/federation/alliance-log.ts`), declared here, the lowest layer that uses it, so that neither the
 * registry nor a domain module imports the federation layer (test/architecture.test.ts); the federation's
 * `AllianceLog` and `AllianceAct` satisfy these shapes as they are. The warning module's CAP summaries
 * (`src/warning/alliance-summary.ts`) use it too.
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
  /** The member (or SECRETARIAT) this node speaks for. */
  readonly nodeActor: string;
  /** Applied acts whose type starts with `typePrefix`, in stream order. */
  appliedActs(typePrefix: string): Promise<LoggedAct[]>;
  /** The applied acts with these act ids (an index lookup, not a scan of every act of a type). */
  appliedActsByIds(actIds: readonly string[]): Promise<LoggedAct[]>;
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
  /**
   * Queues an act in `tx` (the transaction that stores what it reports, e.g. a CAP message): committed,
   * the outbox publishes it at least once (after a crash or an outage too) and every node drops a second
   * copy by its act id.
   */
  enqueue(
    tx: SharedTransaction,
    actor: string,
    type: string,
    subject: string | null,
    payload: unknown,
  ): Promise<string>;
  /** Publishes what was queued, now (after the commit). */
  publishQueued(): void;
  /** Resolves true once everything queued is on the log and applied here (false after `timeoutMs`). */
  queuedSettled(timeoutMs: number): Promise<boolean>;
}

/**
 * A council procedure as the council module projects it from the alliance log (its outcome recomputed by
 * this node from the votes on the log when it applied the closing act).
 */
export interface CouncilProcedureView {
  charterId: string;
  kind: string;
  decisionType: string | null;
  matter: string;
  status: string;
  closedAt: string | null;
  /** The outcome's status at closing (decisions); null while open or when none was stored. */
  outcomeStatus: string | null;
}

/**
 * What the registry asks the council module (a domain module it may not import): a procedure as the
 * council holds it, read through `db` when given (the transaction applying an act of the log). The council
 * module provides it (`TahalufModule.provides`, `Ports.councilProcedures`).
 */
export interface CouncilProceduresPort {
  procedure(procedureId: string, db?: SharedDb): Promise<CouncilProcedureView | null>;
}
