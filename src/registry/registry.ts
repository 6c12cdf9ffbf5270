import { dayInRange } from '../core/dates.js';
import { notFound } from '../core/errors.js';
import type {
  Alliance,
  MemberOnDate,
  Membership,
  SeedData,
  State,
  TimelineEvent,
  UnionOnDate,
} from './model.js';

/**
 * Who the states and alliances are, and who belonged to what on any date. An in-memory read model
 * (a few thousand rows at most) so the obligation engine and releasability checks answer in microseconds.
 */
export class Registry {
  private statesByIso = new Map<string, State>();
  private statesByCow = new Map<number, State>();
  private alliancesById = new Map<string, Alliance>();
  private membershipsByAlliance = new Map<string, Membership[]>();
  private membershipsByState = new Map<string, Membership[]>();
  private eventList: TimelineEvent[] = [];
  private base!: SeedData;
  /** Bumped whenever memberships or alliances change (life-cycle acts): read models rebuild on a change. */
  version = 0;

  constructor(data: SeedData) {
    this.replace(data);
  }

  /** The sourced seed this registry started from (life-cycle acts are projected on top of it). */
  seed(): SeedData {
    return this.base;
  }

  /** Replaces memberships and alliances with a projection of the seed and the life-cycle acts. */
  project(memberships: Membership[], alliances: Alliance[]): void {
    this.alliancesById = new Map(alliances.map((a) => [a.id, a]));
    this.membershipsByAlliance = new Map();
    this.membershipsByState = new Map();
    for (const m of memberships) {
      push(this.membershipsByAlliance, m.allianceId, m);
      push(this.membershipsByState, m.state, m);
    }
    this.version++;
  }

  replace(data: SeedData): void {
    this.base = data;
    this.version++;
    this.statesByIso = new Map(data.states.map((s) => [s.iso3, s]));
    this.statesByCow = new Map(
      data.states.flatMap((s) => (s.cowCode !== null ? [[s.cowCode, s] as const] : [])),
    );
    this.alliancesById = new Map(data.alliances.map((a) => [a.id, a]));
    this.membershipsByAlliance = new Map();
    this.membershipsByState = new Map();
    for (const m of data.memberships) {
      push(this.membershipsByAlliance, m.allianceId, m);
      push(this.membershipsByState, m.state, m);
    }
    this.eventList = [...data.events].sort((a, b) => a.date.localeCompare(b.date));
  }

  states(): State[] {
    return [...this.statesByIso.values()];
  }
  state(iso3: string): State | undefined {
    return this.statesByIso.get(iso3);
  }
  stateOrThrow(iso3: string): State {
    const s = this.statesByIso.get(iso3);
    if (!s) throw notFound('state', iso3);
    return s;
  }
  stateByCow(cow: number): State | undefined {
    return this.statesByCow.get(cow);
  }
  alliances(): Alliance[] {
    return [...this.alliancesById.values()];
  }
  alliance(id: string): Alliance | undefined {
    return this.alliancesById.get(id);
  }
  /** An alliance by id or by its short name, case-insensitive ("gcc", "GCC", "Arab League"): how labels name communities. */
  allianceNamed(name: string): Alliance | undefined {
    return (
      this.alliancesById.get(name) ??
      this.alliances().find((a) => a.short.toUpperCase() === name.toUpperCase())
    );
  }
  allianceOrThrow(id: string): Alliance {
    const a = this.alliancesById.get(id);
    if (!a) throw notFound('alliance', id);
    return a;
  }
  memberships(allianceId?: string): Membership[] {
    if (allianceId) return this.membershipsByAlliance.get(allianceId) ?? [];
    return [...this.membershipsByAlliance.values()].flat();
  }
  membershipsOf(state: string): Membership[] {
    return this.membershipsByState.get(state) ?? [];
  }
  events(): TimelineEvent[] {
    return this.eventList;
  }
  /** Adds a recorded event (an act, see event-acts.ts) to the timeline, kept in date order. */
  addEvent(event: TimelineEvent): void {
    this.eventList = [...this.eventList, event].sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Members of an alliance on a day (YYYY-MM-DD), including suspended ones, flagged. */
  membersOn(allianceId: string, day: string): MemberOnDate[] {
    const alliance = this.allianceOrThrow(allianceId);
    const out: MemberOnDate[] = [];
    for (const m of this.memberships(allianceId)) {
      const known = m.from ?? alliance.founded;
      const from = known ?? alliance.attestedFrom?.date ?? null;
      if (!dayInRange(day, from, m.to)) continue;
      const suspended = m.suspensions.some((s) => dayInRange(day, s.from, s.to));
      out.push({
        state: m.state,
        role: m.role,
        suspended,
        entryDateKnown: known !== null,
        membership: m,
      });
    }
    return out.sort((a, b) => a.state.localeCompare(b.state));
  }

  /**
   * The union `state` belongs to on `day` (as the merged state or as the one whose seat it kept), or
   * null: Syria and Egypt on 1960-01-01 are the United Arab Republic.
   */
  unionOn(state: string, day: string): UnionOnDate | null {
    for (const s of this.statesByIso.values())
      for (const m of s.mergedInto ?? []) {
        if (s.iso3 !== state && m.state !== state) continue;
        if (!dayInRange(day, m.from, m.to)) continue;
        return {
          name: m.name,
          nameAr: m.nameAr,
          seat: m.state,
          merged: [s.iso3],
          from: m.from,
          to: m.to,
          note: m.note,
          sources: m.sources,
        };
      }
    return null;
  }

  /** True when `state` is a full, unsuspended member on `day`. */
  isActiveMember(allianceId: string, state: string, day: string): boolean {
    return this.membersOn(allianceId, day).some(
      (m) => m.state === state && m.role === 'member' && !m.suspended,
    );
  }

  /**
   * Resolves a releasability community to the set of states it names on `day`: an ISO3 code names
   * itself; an alliance id or its abbreviation (GCC, OIC) names its active members on that day.
   */
  resolveCommunity(name: string, day: string): Set<string> {
    if (this.statesByIso.has(name)) return new Set([name]);
    const alliance = this.allianceNamed(name);
    if (!alliance) return new Set();
    return new Set(
      this.membersOn(alliance.id, day)
        .filter((m) => m.role === 'member' && !m.suspended)
        .map((m) => m.state),
    );
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
