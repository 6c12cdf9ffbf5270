import type { Choice, Outcome } from './decision-rules.js';
import type { OpenPayload, ProcedureKind } from './model.js';

/** What a member's act in a procedure carries (position, vote, objection, assistance). */
export interface ParticipationPayload {
  procedureId: string;
  stance?: string;
  statement?: string;
  choice?: Choice;
  kind?: string;
  description?: string;
}

/** Payload of `council.vote`. */
export interface VotePayload extends ParticipationPayload {
  choice: Choice;
}

/** Payload of `council.procedure.closed` (the alliance log's closing act names only its procedure). */
export interface ClosedPayload {
  procedureId: string;
  charterId?: string;
  kind?: ProcedureKind;
  matter?: string;
  summary?: string | null;
  outcome?: Outcome | null;
  refusal?: string | null;
}

// The council's acts in the record's catalogue (src/record/act-catalogue.ts): other modules read them
// (the cohesion indices, the warning's notifications) through it.
declare module '../record/act-catalogue.js' {
  interface ActPayloads {
    'council.procedure.opened': OpenPayload;
    'council.position': ParticipationPayload;
    'council.vote': VotePayload;
    'council.objection': ParticipationPayload;
    'council.assistance': ParticipationPayload;
    'council.procedure.closed': ClosedPayload;
    'council.chair.declined': { charterId: string; termFrom: string; substitute: string | null };
  }
}
