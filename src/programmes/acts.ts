import type { CohesionPoint } from './cohesion-indices.js';
import type { DeclarePayload } from './cyber-rules.js';
import type { ProposePayload } from './model.js';
import type { CommittedPayload, ProposedPayload } from './procurement-rules.js';

/** Payload of `programmes.request.settled`: the council's outcome entered on a programme's request. */
export interface RequestSettledPayload {
  programmeId: string;
  requestId: string;
  procedureId: string;
  approved: boolean;
  reason: string;
}

// The programmes module's acts in the record's catalogue (src/record/act-catalogue.ts).
declare module '../record/act-catalogue.js' {
  interface ActPayloads {
    'programmes.proposed': ProposePayload;
    'programmes.request.settled': RequestSettledPayload;
    'procurement.proposed': ProposedPayload;
    'procurement.committed': CommittedPayload;
    'cyber.case.declared': DeclarePayload;
    'cohesion.recorded': CohesionPoint;
  }
}
