import { dayInRange } from '../core/dates.js';
import type { Registry } from '../registry/registry.js';
import type { Bloc, BlocProvision, Party } from './blocs.js';
import { nameOfCode } from './cow-iso.js';
import { addDays } from './query-check.js';
import { conflictsIn, headlineOf, standingOf, type NotesContext } from './obligation-notes.js';
import {
  OBLIGATION_VERBS,
  type BoundObligation,
  type Condition,
  type EvaluatedCondition,
  type NotBinding,
  type ObligationAnswer,
  type ObligationType,
} from './model.js';

export interface Scenario {
  attacker?: string | null;
  place?: string | null;
}

const ORDER: Record<ObligationType, number> = {
  defense: 0,
  offense: 1,
  consul: 2,
  neutral: 3,
  nonagg: 4,
};
/** When a state is attacked, these obligations speak to it (offence pledges concern wars one starts). */
const ATTACK_TYPES = new Set<ObligationType>(['defense', 'consul', 'neutral', 'nonagg']);

/**
 * An alliance that starts (or that the state joins) within this many days after the date is listed as
 * "not yet" binding (the US order of 29 Sep 2025 for Qatar on 9 Sep 2025); one further away is left out.
 */
export const NOT_YET_HORIZON_DAYS = 366;

const covers = (p: Party, day: string) => dayInRange(day, p.from, p.to);
const suspendedOn = (p: Party, day: string) =>
  p.suspensions.some((s) => dayInRange(day, s.from, s.to));
const listed = (list: 'members' | string[], state: string) =>
  list === 'members' || list.includes(state);

/**
 * Who is bound to do what for whom on a date. Pure and in memory: blocs are indexed by state once, so a
 * query touches only the alliances the state ever belonged to.
 */
export class ObligationEngine {
  private byState = new Map<string, Bloc[]>();
  private blocsByKey = new Map<string, Bloc>();
  private entryCache = new Map<string, BoundObligation>();

  constructor(
    readonly blocs: Bloc[],
    private readonly registry: Registry | null = null,
  ) {
    for (const b of blocs) {
      this.blocsByKey.set(b.key, b);
      for (const s of new Set([...b.parties, ...b.observers].map((p) => p.state))) {
        const list = this.byState.get(s);
        if (list) list.push(b);
        else this.byState.set(s, [b]);
      }
    }
  }

  bloc(key: string): Bloc | undefined {
    return this.blocsByKey.get(key);
  }

  stateName(code: string): string {
    return this.registry?.state(code)?.nameEn ?? nameOfCode(code) ?? code;
  }

  /** The state's name on a day: Egypt in 1958-1961 is the United Arab Republic (Egypt and Syria). */
  stateNameOn(code: string, day: string): string {
    const union = this.registry?.unionOn(code, day);
    if (!union || union.seat !== code) return this.stateName(code);
    return `${union.name} (${[code, ...union.merged].map((s) => this.stateName(s)).join(' and ')})`;
  }

  private get notes(): NotesContext {
    return {
      blocsOf: (state) => this.byState.get(state) ?? [],
      registry: this.registry,
      stateName: (code) => this.stateName(code),
      defends: (pledger, beneficiary, day) =>
        this.between(pledger, beneficiary, day).aToB.filter((o) => o.obligation === 'defense'),
    };
  }

  /** Every state bound to act when `attacked` is attacked on `day`, and the alliances that do not bind. */
  attacked(attacked: string, day: string, scenario: Scenario = {}): ObligationAnswer {
    const bound: BoundObligation[] = [];
    const notBinding: NotBinding[] = [];
    for (const b of this.byState.get(attacked) ?? []) {
      const found = this.pairs(
        b,
        day,
        { beneficiary: attacked, types: ATTACK_TYPES },
        scenario,
      ).filter(
        (o) => !(scenario.attacker && o.state === scenario.attacker && o.obligation !== 'nonagg'),
      );
      bound.push(...found);
      if (found.length || b.origin !== 'hand-coded') continue;
      const reason = this.whyNot(b, attacked, day);
      if (reason)
        notBinding.push({
          allianceId: b.allianceId,
          allianceName: b.name,
          reason,
          instrument: b.instrument,
          sources: b.sources,
        });
    }
    const sorted = sortBound(bound);
    const standing = standingOf(this.notes, attacked, day);
    const conflicts = conflictsIn(this.notes, attacked, day, sorted, scenario.attacker ?? null);
    return {
      attacked,
      date: day,
      attacker: scenario.attacker ?? null,
      place: scenario.place ?? null,
      headline: headlineOf(this.notes, attacked, day, sorted, standing, conflicts),
      standing,
      conflicts,
      bound: sorted,
      notBinding,
    };
  }

  /** All obligations between two states on a day, both directions. */
  between(
    a: string,
    b: string,
    day: string,
  ): { a: string; b: string; date: string; aToB: BoundObligation[]; bToA: BoundObligation[] } {
    const shared = (this.byState.get(a) ?? []).filter((x) =>
      (this.byState.get(b) ?? []).includes(x),
    );
    const aToB: BoundObligation[] = [];
    const bToA: BoundObligation[] = [];
    for (const bloc of shared) {
      aToB.push(...this.pairs(bloc, day, { pledger: a, beneficiary: b }));
      bToA.push(...this.pairs(bloc, day, { pledger: b, beneficiary: a }));
    }
    return { a, b, date: day, aToB: sortBound(aToB), bToA: sortBound(bToA) };
  }

  /** A state's whole web on a day: what it pledges to others, and what others pledge to it. */
  web(
    state: string,
    day: string,
  ): {
    state: string;
    date: string;
    gives: BoundObligation[];
    receives: BoundObligation[];
    alliances: string[];
  } {
    const gives: BoundObligation[] = [];
    const receives: BoundObligation[] = [];
    const alliances: string[] = [];
    for (const b of this.byState.get(state) ?? []) {
      const g = this.pairs(b, day, { pledger: state });
      const r = this.pairs(b, day, { beneficiary: state });
      if (g.length || r.length) alliances.push(b.allianceId);
      gives.push(...g);
      receives.push(...r);
    }
    return { state, date: day, gives: sortBound(gives), receives: sortBound(receives), alliances };
  }

  /** Pledges in one bloc on a day, filtered by pledger, beneficiary and obligation types. */
  private pairs(
    b: Bloc,
    day: string,
    f: { pledger?: string; beneficiary?: string; types?: Set<ObligationType> },
    scenario: Scenario = {},
  ): BoundObligation[] {
    if (b.status === 'proposed' || !b.provisions.length) return [];
    if ((b.inForce && day < b.inForce) || (b.ended && day >= b.ended)) return [];
    // Indices of the parties on the day (no allocation of party copies); cheap rejections first.
    const active: number[] = [];
    let hasBeneficiary = !f.beneficiary;
    let hasPledger = !f.pledger;
    for (let i = 0; i < b.parties.length; i++) {
      const p = b.parties[i];
      if (!covers(p, day)) continue;
      active.push(i);
      if (p.state === f.beneficiary) hasBeneficiary = true;
      if (p.state === f.pledger) hasPledger = true;
    }
    if (active.length < 2 || !hasBeneficiary || !hasPledger) return [];
    const plain = !scenario.attacker && !scenario.place;
    const out: BoundObligation[] = [];
    for (let k = 0; k < b.provisions.length; k++) {
      const prov = b.provisions[k];
      if (f.types && !f.types.has(prov.obligation)) continue;
      if ((prov.from && day < prov.from) || (prov.to && day >= prov.to)) continue;
      for (const i of active) {
        const pl = b.parties[i];
        if (
          pl.phase !== prov.phase ||
          (f.pledger && pl.state !== f.pledger) ||
          !listed(prov.pledgers, pl.state)
        )
          continue;
        for (const j of active) {
          const be = b.parties[j];
          if (
            be.state === pl.state ||
            be.phase !== prov.phase ||
            (f.beneficiary && be.state !== f.beneficiary) ||
            !listed(prov.beneficiaries, be.state)
          )
            continue;
          const suspended = suspendedOn(pl, day) || suspendedOn(be, day);
          if (suspended && b.suspension?.effect === 'lapse') continue;
          // An entry that depends on neither the day nor the scenario is built once and shared (read-only).
          if (
            !suspended &&
            plain &&
            !this.registry?.unionOn(pl.state, day) &&
            !this.registry?.unionOn(be.state, day)
          ) {
            const key = `${b.key}|${k}|${i}|${j}`;
            let e = this.entryCache.get(key);
            if (!e) {
              if (this.entryCache.size >= 200_000) this.entryCache.clear(); // bound the memory a long-running node spends
              this.entryCache.set(
                key,
                (e = Object.freeze(this.entry(b, prov, pl.state, be.state, day, false, scenario))),
              );
            }
            out.push(e);
          } else out.push(this.entry(b, prov, pl.state, be.state, day, suspended, scenario));
        }
      }
    }
    return out;
  }

  private entry(
    b: Bloc,
    prov: BlocProvision,
    pledger: string,
    toward: string,
    day: string,
    suspended: boolean,
    scenario: Scenario,
  ): BoundObligation {
    const conditions = (prov.pledgerConditions?.get(pledger) ?? prov.conditions).map((c) =>
      this.evaluate(c, b, day, scenario),
    );
    const who = suspended
      ? [pledger, toward].filter((s) =>
          b.parties.some((p) => p.state === s && covers(p, day) && suspendedOn(p, day)),
        )
      : [];
    return {
      state: pledger,
      stateName: this.stateNameOn(pledger, day),
      toward,
      obligation: prov.obligation,
      action: OBLIGATION_VERBS[prov.obligation],
      allianceId: b.allianceId,
      allianceName: b.name,
      article: prov.article,
      summary: prov.summary,
      conditions,
      suspended,
      suspension: suspended
        ? `${who.join(' and ')} suspended on ${day}. ${b.suspension?.explanation ?? ''}`.trim()
        : undefined,
      origin: b.origin,
      atopId: b.atopId,
      instrument: b.instrument,
      conditional: conditions.length > 0,
      sources: prov.sources,
    };
  }

  /** Met / unmet / unknown, from what the scenario says (attacker, place) and what the condition names. */
  private evaluate(c: Condition, b: Bloc, day: string, s: Scenario): EvaluatedCondition {
    if (c.kind === 'adversary' && c.states?.length) {
      if (!s.attacker) return { ...c, status: 'unknown', reason: 'no attacker given' };
      return c.states.includes(s.attacker)
        ? { ...c, status: 'met', reason: `${s.attacker} is a named adversary` }
        : { ...c, status: 'unmet', reason: `${s.attacker} is not among ${c.states.join(', ')}` };
    }
    if (c.kind === 'location' && c.places?.length) {
      if (!s.place) return { ...c, status: 'unknown', reason: 'no place given' };
      const inMembers =
        c.places.includes('members') &&
        b.parties.some((p) => p.state === s.place && covers(p, day));
      return inMembers || c.places.includes(s.place)
        ? { ...c, status: 'met', reason: `${s.place} is within the treaty area` }
        : { ...c, status: 'unmet', reason: `${s.place} is outside the treaty area` };
    }
    if (c.kind === 'decision')
      return { ...c, status: 'unknown', reason: 'depends on a decision not yet known to Tahaluf' };
    return {
      ...c,
      status: 'unknown',
      reason: 'the facts needed to judge it are not in the question',
    };
  }

  /**
   * Why a hand-coded alliance the state belongs (or belonged) to does not bind anyone toward it on `day`;
   * null when the alliance is beside the point on that day: it did not exist yet, or the state joined it
   * only later (more than NOT_YET_HORIZON_DAYS after `day`). Existence and membership are judged before
   * the content of the text, so a 1959 question never lists a 2015 coalition.
   */
  private whyNot(b: Bloc, state: string, day: string): string | null {
    const horizon = addDays(day, NOT_YET_HORIZON_DAYS);
    const start = b.inForce ?? b.since ?? null;
    if (start && start > horizon) return null;
    const own = b.parties.filter((p) => p.state === state);
    const seats = own.length ? own : b.observers.filter((p) => p.state === state);
    const joined = seats
      .map((p) => p.from ?? start)
      .reduce<string | null>((m, f) => (f !== null && (m === null || f < m) ? f : m), null);
    if (joined && joined > horizon) return null;
    if (b.status === 'proposed')
      return `A proposal (status: proposed${b.since ? `, put forward on ${b.since}` : ''}): never binding.`;
    if (b.inForce && day < b.inForce) return `Not in force on ${day}: binds from ${b.inForce}.`;
    if (b.ended && day >= b.ended) return `Ended on ${b.ended}.${b.endNote ? ` ${b.endNote}` : ''}`;
    if (!own.length) return `${state} takes part as an observer/associate, not a party.`;
    if (!own.some((p) => covers(p, day))) {
      const union = this.registry?.unionOn(state, day);
      if (union && union.seat !== state)
        return `${state} was part of the ${union.name} on ${day} (${union.from} to ${union.to ?? 'now'}); the union held ${union.seat}'s seat.`;
      const left = own.find((p) => p.to && day >= p.to);
      if (left) return `${state} ceased to be a party on ${left.to}.`;
      return joined && day < joined
        ? `${state} is not yet a party on ${day}: a party from ${joined}.`
        : `${state} is not a party on ${day}.`;
    }
    if (!b.provisions.length)
      return (
        b.caveats[0] ??
        'No defence, consultation, neutrality or non-aggression obligation in the text.'
      );
    return `No party pledges an obligation to ${state} under this text (asymmetric).`;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function sortBound(list: BoundObligation[]): BoundObligation[] {
  return list.sort(
    (x, y) =>
      ORDER[x.obligation] - ORDER[y.obligation] ||
      cmp(x.allianceId, y.allianceId) ||
      cmp(x.state, y.state) ||
      cmp(x.toward, y.toward),
  );
}
