import type { ExerciseInput } from './exercise-rules.js';
import type { InteropFinding, PledgeInput } from './model.js';

export type PledgeRaisedPayload = PledgeInput & { pledgeId: string; depicts?: string };
export type PledgeAmendedPayload = PledgeInput & { pledgeId: string; version: number };
export interface PledgeWithdrawnPayload {
  pledgeId: string;
  reason: string | null;
}
export type ExercisePlannedPayload = ExerciseInput & { exerciseId: string };
export interface ExerciseConsentedPayload {
  exerciseId: string;
  host: string;
}
export interface ExerciseCancelledPayload {
  exerciseId: string;
  reason: string | null;
}
export interface ExerciseAarPayload {
  exerciseId: string;
  lessons: string[];
  findings: InteropFinding[];
}

// The forces module's acts that other modules read (the cohesion indices fold planned exercises) or that
// cross nodes on the alliance log, in the record's catalogue (src/record/act-catalogue.ts).
declare module '../record/act-catalogue.js' {
  interface ActPayloads {
    'forces.pledge.raised': PledgeRaisedPayload;
    'forces.pledge.amended': PledgeAmendedPayload;
    'forces.pledge.withdrawn': PledgeWithdrawnPayload;
    'forces.exercise.planned': ExercisePlannedPayload;
    'forces.exercise.consented': ExerciseConsentedPayload;
    'forces.exercise.cancelled': ExerciseCancelledPayload;
    'forces.exercise.aar_recorded': ExerciseAarPayload;
  }
}
