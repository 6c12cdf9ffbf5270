import type { Requirement, Unit } from './model.js';
import type { PooledUnit } from './force-generation.js';
import type { TaskingContext } from './caveat-rules.js';

export const unit = (
  id: string,
  type: Unit['type'],
  size: number,
  extra: Partial<Unit> = {},
): Unit => ({
  id,
  name: id,
  type,
  size,
  readinessDays: 10,
  durationDays: 365,
  homeBase: { name: 'x', lon: 0, lat: 0 },
  caveats: [],
  equipment: [],
  ...extra,
});

export const pooled = (member: string, u: Unit, extra: Partial<PooledUnit> = {}): PooledUnit => ({
  pledgeId: `p-${member}`,
  member,
  availableFrom: '2025-01-01',
  availableTo: null,
  unit: u,
  ...extra,
});

export const requirement = (
  lines: Requirement['lines'],
  extra: Partial<Requirement> = {},
): Requirement => ({
  id: 'req',
  allianceId: 'a',
  statedBy: 'SECRETARIAT',
  title: 't',
  task: 'collective_defence',
  area: { name: 'area', states: ['SAU'] },
  startDate: '2026-01-01',
  durationDays: 90,
  mandates: [],
  hostConsent: ['SAU'],
  lines,
  actId: 'act',
  at: '2025-01-01T00:00:00.000Z',
  ...extra,
});

export const ctxOf = (
  r: Requirement,
  active: string[] = ['SAU', 'EGY', 'QAT', 'KWT', 'JOR'],
): TaskingContext => ({
  task: r.task,
  area: r.area,
  mandates: r.mandates,
  hostConsent: r.hostConsent,
  activeMembers: new Set(active),
});
