import { Type, type Static, type TSchema } from 'typebox';
import { registerActSchema } from '../record/act-catalogue.js';
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

// Run-time schemas of the council's acts: `append` (checkActPayload) refuses a payload that does not
// fit before it is signed, and readers through `payloadOf`/`isActOf` check it. Each schema accepts at
// least its catalogued type (`accepts` below does not compile otherwise), so no payload the council
// builds is refused; nested values another rule owns (an outcome, a replay's sources) are checked as
// objects only.
const Text = Type.String();
const OptionalText = Type.Optional(Text);
const TextOrNull = Type.Union([Type.String(), Type.Null()]);
const ChoiceSchema = Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('abstain')]);

const OpenSchema = Type.Object({
  procedureId: Text,
  charterId: Text,
  kind: Type.Union([
    Type.Literal('consultation'),
    Type.Literal('defence'),
    Type.Literal('decision'),
  ]),
  title: Text,
  matter: Text,
  text: OptionalText,
  deadline: TextOrNull,
  grounds: Type.Optional(Type.Array(Text)),
  article: OptionalText,
  decisionType: OptionalText,
  parties: Type.Optional(Type.Array(Type.Object({ member: Text, role: Text }))),
  appointment: Type.Optional(
    Type.Object({ office: Text, person: Text, nationality: Text, from: Text }),
  ),
  relatedTo: OptionalText,
  replay: Type.Optional(
    Type.Object({ case: Text, sources: Type.Array(Type.Unknown()), note: OptionalText }),
  ),
});
const ParticipationSchema = Type.Object({
  procedureId: Text,
  stance: OptionalText,
  statement: OptionalText,
  choice: Type.Optional(ChoiceSchema),
  kind: OptionalText,
  description: OptionalText,
});
const VoteSchema = Type.Object({
  procedureId: Text,
  stance: OptionalText,
  statement: OptionalText,
  choice: ChoiceSchema,
  kind: OptionalText,
  description: OptionalText,
});
const ClosedSchema = Type.Object({
  procedureId: Text,
  charterId: OptionalText,
  kind: OptionalText,
  matter: OptionalText,
  summary: Type.Optional(TextOrNull),
  outcome: Type.Optional(Type.Union([Type.Object({}), Type.Null()])),
  refusal: Type.Optional(TextOrNull),
});
const ChairDeclinedSchema = Type.Object({
  charterId: Text,
  termFrom: Text,
  substitute: TextOrNull,
});

/** Compiles only when every value of type `T` fits `schema` (the schema refuses no valid payload). */
const accepts =
  <S extends TSchema>(_schema: S) =>
  <_Payload extends Static<S>>(): void =>
    undefined;
accepts(OpenSchema)<OpenPayload>();
accepts(ParticipationSchema)<ParticipationPayload>();
accepts(VoteSchema)<VotePayload>();
accepts(ClosedSchema)<ClosedPayload>();
accepts(ChairDeclinedSchema)<{ charterId: string; termFrom: string; substitute: string | null }>();

registerActSchema('council.procedure.opened', OpenSchema);
registerActSchema('council.position', ParticipationSchema);
registerActSchema('council.vote', VoteSchema);
registerActSchema('council.objection', ParticipationSchema);
registerActSchema('council.assistance', ParticipationSchema);
registerActSchema('council.procedure.closed', ClosedSchema);
registerActSchema('council.chair.declined', ChairDeclinedSchema);
