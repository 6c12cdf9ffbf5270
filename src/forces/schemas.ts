import { Type } from 'typebox';
import { CAVEAT_CODES, SCENARIOS, TASK_CODES, UNIT_TYPES } from './model.js';

const lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));

export const SourceT = Type.Object({
  title: Type.String(),
  url: Type.Optional(Type.String()),
  date: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
});
export const PlaceT = Type.Object({
  name: Type.String(),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
});

export const UnitT = Type.Object(
  {
    id: Type.String({ description: 'lower-case id, unique in the pledge, e.g. egy-land-1' }),
    name: Type.Optional(Type.String()),
    type: lit(UNIT_TYPES),
    size: Type.Integer({ description: 'personnel (≥ 1)' }),
    readinessDays: Type.Integer({ description: 'days from request to ready to deploy' }),
    durationDays: Type.Integer({ description: 'how long the unit can stay deployed' }),
    homeBase: PlaceT,
    caveats: Type.Optional(Type.Array(lit(CAVEAT_CODES))),
    equipment: Type.Optional(
      Type.Array(
        Type.Object({
          family: Type.String({ description: 'catalogue id, see GET /api/equipment' }),
          quantity: Type.Optional(Type.Integer()),
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

export const PledgeBodyT = Type.Object(
  {
    allianceId: Type.String(),
    availableFrom: Type.String({ description: 'YYYY-MM-DD' }),
    availableTo: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    units: Type.Array(UnitT),
    note: Type.Optional(Type.String()),
    illustrative: Type.Optional(Type.Boolean()),
    sources: Type.Optional(Type.Array(SourceT)),
  },
  { additionalProperties: false },
);

export const PledgePatchT = Type.Object(
  {
    availableFrom: Type.String({ description: 'YYYY-MM-DD' }),
    availableTo: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    units: Type.Array(UnitT),
    note: Type.Optional(Type.String()),
    illustrative: Type.Optional(Type.Boolean()),
    sources: Type.Optional(Type.Array(SourceT)),
  },
  { additionalProperties: false },
);

export const RequirementBodyT = Type.Object(
  {
    allianceId: Type.String(),
    title: Type.String(),
    task: lit(TASK_CODES),
    area: Type.Object({
      name: Type.String(),
      states: Type.Array(Type.String({ pattern: '^[A-Z]{3}$' })),
    }),
    startDate: Type.String({ description: 'YYYY-MM-DD' }),
    durationDays: Type.Integer(),
    mandates: Type.Optional(Type.Array(Type.String())),
    hostConsent: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }))),
    lines: Type.Array(
      Type.Object({
        id: Type.Optional(Type.String()),
        capability: lit(UNIT_TYPES),
        personnel: Type.Integer(),
        maxReadinessDays: Type.Integer(),
      }),
    ),
  },
  { additionalProperties: false },
);

export const ExerciseBodyT = Type.Object(
  {
    allianceId: Type.String(),
    title: Type.String(),
    aim: Type.String(),
    scenario: lit(SCENARIOS),
    participants: Type.Array(Type.String({ pattern: '^[A-Z]{3}$' })),
    hosts: Type.Array(Type.String({ pattern: '^[A-Z]{3}$' })),
    area: PlaceT,
    from: Type.String({ description: 'first day, YYYY-MM-DD' }),
    to: Type.String({ description: 'last day, YYYY-MM-DD' }),
    units: Type.Array(Type.Object({ pledgeId: Type.String(), unitId: Type.String() })),
    illustrative: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AarBodyT = Type.Object(
  {
    lessons: Type.Array(Type.String()),
    findings: Type.Optional(
      Type.Array(
        Type.Object({
          familyA: Type.String(),
          familyB: Type.String(),
          channel: lit(['data', 'ammunition', 'fuel']),
          result: lit(['works', 'blocked']),
          note: Type.String(),
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

export const HeadquartersBodyT = Type.Object(
  {
    allianceId: Type.String(),
    place: PlaceT,
    note: Type.Optional(Type.String()),
    sources: Type.Optional(Type.Array(SourceT)),
  },
  { additionalProperties: false },
);

export const CostFormulaBodyT = Type.Object(
  {
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    perTroopPerDay: Type.Number({ minimum: 0 }),
    typeMultipliers: Type.Optional(Type.Record(Type.String(), Type.Number({ minimum: 0 }))),
  },
  { additionalProperties: false },
);
