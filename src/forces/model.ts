import type { Source } from '../registry/model.js';
import { keysOf } from '../core/objects.js';

/** What a pledged unit is for; the capability a requirement line asks for. */
export const UNIT_TYPES = [
  'land',
  'air',
  'naval',
  'air_and_missile_defence',
  'medical',
  'logistics',
  'cyber',
  'staff',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/**
 * National caveats, coded so matching can apply them. A member keeps command of its forces: a caveat
 * narrows what the alliance may ask of a unit; it is never overridden.
 */
export const CAVEATS = {
  in_region_only: 'deploys only to the territory of the alliance’s active members',
  home_territory_only: 'serves only on the pledging member’s own territory',
  defensive_only: 'defensive tasks only (collective defence, air and missile defence)',
  no_offensive_ops: 'no task that may involve offensive operations',
  non_combat_only: 'non-combat tasks only (humanitarian, evacuation, training, exercises)',
  un_mandate_required: 'deploys only under a UN Security Council mandate',
  host_consent_required: 'deploys only where every host state has consented',
  national_command_only: 'stays under national command (recorded; does not restrict tasks)',
} as const;
export type CaveatCode = keyof typeof CAVEATS;
export const CAVEAT_CODES: CaveatCode[] = keysOf(CAVEATS);

/** The kind of task a requirement is for, and what that means for caveats. */
export const TASKS = {
  collective_defence: { defensive: true, combat: true, mayBeOffensive: false },
  air_and_missile_defence: { defensive: true, combat: true, mayBeOffensive: false },
  deterrence_presence: { defensive: true, combat: false, mayBeOffensive: false },
  humanitarian: { defensive: false, combat: false, mayBeOffensive: false },
  evacuation: { defensive: false, combat: false, mayBeOffensive: false },
  training: { defensive: false, combat: false, mayBeOffensive: false },
  peace_support: { defensive: false, combat: true, mayBeOffensive: false },
  stabilisation: { defensive: false, combat: true, mayBeOffensive: true },
} as const;
export type Task = keyof typeof TASKS;
export const TASK_CODES: Task[] = keysOf(TASKS);

export interface Place {
  name: string;
  lon: number;
  lat: number;
}

export interface EquipmentItem {
  /** An equipment family id from the catalogue (`data/forces/equipment.json`). */
  family: string;
  quantity: number;
}

export interface Unit {
  /** Unique within its pledge, e.g. `egy-land-1`. */
  id: string;
  name: string;
  type: UnitType;
  /** Personnel. */
  size: number;
  /** Days from the alliance's request to ready to deploy. */
  readinessDays: number;
  /** How long the unit can stay deployed, days. */
  durationDays: number;
  homeBase: Place;
  caveats: CaveatCode[];
  equipment: EquipmentItem[];
}

export type PledgeStatus = 'raised' | 'amended' | 'withdrawn';

export interface Pledge {
  id: string;
  allianceId: string;
  member: string;
  status: PledgeStatus;
  /** 1 when raised, +1 per amendment. */
  version: number;
  /** The period the forces are offered for, YYYY-MM-DD; `to` null: open-ended. */
  availableFrom: string;
  availableTo: string | null;
  units: Unit[];
  note?: string;
  /** True for demo pledges that no source states (plausible, not real). */
  illustrative: boolean;
  sources: Source[];
  raisedAt: string;
  updatedAt: string;
  lastActId: string;
}

/** The input of a pledge act, before validation. */
export interface PledgeInput {
  allianceId: string;
  availableFrom: string;
  availableTo?: string | null;
  units: Unit[];
  note?: string;
  illustrative?: boolean;
  sources?: Source[];
}

export interface Headquarters {
  allianceId: string;
  host: string;
  place: Place;
  note?: string;
  sources: Source[];
  actId: string;
  at: string;
}

export interface RequirementLine {
  id: string;
  capability: UnitType;
  /** Personnel needed. */
  personnel: number;
  /** A unit must be ready within this many days. */
  maxReadinessDays: number;
}

export interface Area {
  name: string;
  /** Territory the operation or standing force would use (ISO3). */
  states: string[];
}

export interface Requirement {
  id: string;
  allianceId: string;
  /** Member ISO3 or SECRETARIAT. */
  statedBy: string;
  title: string;
  task: Task;
  area: Area;
  startDate: string;
  durationDays: number;
  /** Mandates held, e.g. ['un']. */
  mandates: string[];
  /** States of the area that have consented to the presence of forces. */
  hostConsent: string[];
  lines: RequirementLine[];
  actId: string;
  at: string;
}

/** Optional per-alliance cost formula: cost = Σ personnel × perTroopPerDay × multiplier(type) × days. */
export interface CostFormula {
  allianceId: string;
  currency: string;
  perTroopPerDay: number;
  typeMultipliers: Partial<Record<UnitType, number>>;
}

export const SCENARIOS = [
  'missile-warning-drill',
  'command-post',
  'air-defence',
  'maritime-security',
  'humanitarian-relief',
  'search-and-rescue',
  'medical-evacuation',
  'cyber-defence',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface UnitRef {
  pledgeId: string;
  unitId: string;
}

export type ExerciseStatus = 'planned' | 'completed' | 'cancelled';

export interface Exercise {
  id: string;
  allianceId: string;
  plannedBy: string;
  title: string;
  aim: string;
  scenario: Scenario;
  participants: string[];
  /** Host states (where the exercise happens); each must consent. */
  hosts: string[];
  area: Place;
  from: string;
  to: string;
  units: UnitRef[];
  status: ExerciseStatus;
  consents: string[];
  illustrative: boolean;
  actId: string;
  at: string;
}

export type Channel = 'data' | 'ammunition' | 'fuel';

/** An after-action finding about two equipment families: it feeds the interoperability matrix. */
export interface InteropFinding {
  familyA: string;
  familyB: string;
  channel: Channel;
  result: 'works' | 'blocked';
  note: string;
}

export interface AfterActionReport {
  exerciseId: string;
  lessons: string[];
  findings: InteropFinding[];
  actId: string;
  at: string;
}
