import { isOneOf } from '../core/objects.js';
import type { Alliance } from '../registry/model.js';
import type { Registry } from '../registry/registry.js';
import { cowState } from './cow-iso.js';
import { MEMBER_CONDITION_COLUMNS } from './atop-csv.js';
import {
  OBLIGATION_TYPES,
  type AtopAllianceRow,
  type AtopMemberRow,
  type Condition,
  type ConditionKind,
  type Instrument,
  type PriorityClause,
  type ObligationType,
  type Provision,
  type Source,
  type SuspensionRule,
  type Treaty,
  type TreatyStatus,
} from './model.js';

/**
 * The engine's unit: one alliance (hand-coded treaty, or ATOP alliance) with its parties' dated spans and
 * its provisions. ATOP phases are kept on each span and provision: a pledge binds only within its phase.
 */
export interface Party {
  state: string;
  /** First day a party; null = unknown (treated as since the treaty binds). */
  from: string | null;
  /** First day no longer a party; null = still a party. */
  to: string | null;
  phase: number;
  suspensions: { from: string; to: string | null }[];
}

export interface BlocProvision extends Provision {
  phase: number;
  /** ATOP: conditions differ per pledging member's row. */
  pledgerConditions?: Map<string, Condition[]>;
}

export interface Bloc {
  key: string;
  allianceId: string;
  name: string;
  origin: 'hand-coded' | 'atop';
  atopId: number | null;
  instrument: Instrument;
  priority?: PriorityClause;
  /** Other end dates, said where the engine reports the end. */
  endNote?: string;
  status: TreatyStatus;
  inForce: string | null;
  /** When the alliance (or proposal) first existed, if earlier known than `inForce` (a proposal's date). */
  since?: string | null;
  ended: string | null;
  parties: Party[];
  observers: Party[];
  provisions: BlocProvision[];
  suspension: SuspensionRule | null;
  caveats: string[];
  sources: Source[];
}

/** What an ATOP alliance is: ATOP codes written agreements between states. */
export const ATOP_INSTRUMENT: Instrument = {
  type: 'treaty',
  strength: 'binding',
  note: 'A written alliance agreement between states, as coded by ATOP',
};

export const ATOP_SOURCE: Source = {
  title:
    'Leeds, Ritter, Mitchell and Long, Alliance Treaty Obligations and Provisions (ATOP), member-level data (imported)',
  url: 'http://www.atopdata.org/',
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoDay = (d: Date) =>
  `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** ATOP entry date: unknown month or day (0) reads as the first of the year or month. */
export function atopEntryDay(y: number, m: number, d: number): string {
  return isoDay(new Date(Date.UTC(y, Math.max(m, 1) - 1, Math.max(d, 1))));
}

/** ATOP exit date as the first day no longer in force; yrexit 0 = still in force; unknown month/day → end of year/month. */
export function atopExitDay(y: number, m: number, d: number): string | null {
  if (y === 0) return null;
  if (m === 0) return `${pad(y + 1, 4)}-01-01`;
  if (d === 0) return isoDay(new Date(Date.UTC(y, m, 1)));
  return isoDay(new Date(Date.UTC(y, m - 1, d)));
}

/** Blocs of the hand-coded treaties, parties from the registry's dated memberships (observers kept apart). */
export function treatyBlocs(treaties: Treaty[], registry: Registry): Bloc[] {
  return treaties.map((coded) => {
    const alliance = registry.alliance(coded.allianceId);
    const t = alliance?.concluded ? concludedTreaty(coded, alliance.concluded) : coded;
    const parties: Party[] = [];
    const observers: Party[] = [];
    const memberships = registry.memberships(t.allianceId);
    for (const m of memberships) {
      const p: Party = {
        state: m.state,
        from: m.from ?? alliance?.founded ?? t.inForce,
        to: m.to,
        phase: 0,
        suspensions: m.suspensions.map((s) => ({ from: s.from, to: s.to })),
      };
      (m.role === 'observer' ? observers : parties).push(p);
    }
    if (!memberships.length)
      for (const p of t.parties ?? []) parties.push({ ...p, phase: 0, suspensions: [] });
    return {
      key: t.allianceId,
      allianceId: t.allianceId,
      name: alliance?.name ?? t.name,
      origin: 'hand-coded',
      atopId: t.atopId,
      instrument: t.instrument,
      ...(t.priority ? { priority: t.priority } : {}),
      ...(t.endNote ? { endNote: t.endNote } : {}),
      status: t.status,
      inForce: t.inForce,
      since: t.signed ?? alliance?.founded ?? t.inForce,
      ended: t.ended ?? alliance?.ended ?? null,
      parties,
      observers,
      provisions: t.provisions.map((p) => ({ ...p, phase: 0 })),
      suspension: t.suspension,
      caveats: t.caveats,
      sources: t.sources,
    } satisfies Bloc;
  });
}

/**
 * A proposal whose adopted text entered into force by a signed life-cycle act: a binding treaty from that
 * day, with the clauses the act carries (each citing the act and, when uploaded, the text's hash).
 */
export function concludedTreaty(t: Treaty, c: NonNullable<Alliance['concluded']>): Treaty {
  const source: Source = {
    title: `Tahaluf record: entry into force of the adopted text, signed act ${c.actId}`,
    date: c.date,
    ...(c.documentSha256 ? { note: `text sha256 ${c.documentSha256}` } : {}),
  };
  return {
    ...t,
    kind: 'treaty',
    status: 'in_force',
    inForce: c.date,
    instrument: {
      type: 'treaty',
      strength: 'binding',
      note: `A text adopted by its signatories and in force from ${c.date} by the depositary's signed act`,
    },
    provisions: c.provisions
      .filter((p): p is typeof p & { obligation: ObligationType } =>
        isOneOf(OBLIGATION_TYPES, p.obligation),
      )
      .map((p) => ({
        obligation: p.obligation,
        article: p.article,
        summary: p.summary,
        pledgers: 'members' as const,
        beneficiaries: 'members' as const,
        conditions: [],
        sources: [
          p.documentSha256
            ? {
                ...source,
                url: `/api/documents/${p.documentSha256}/articles/${encodeURIComponent(p.article)}`,
                note: `text sha256 ${p.documentSha256}`,
              }
            : source,
        ],
      })),
    caveats: [...t.caveats, `In force on this node by signed act ${c.actId}, not a seeded fact.`],
    sources: [...t.sources, source],
  };
}

const PREFIX: Record<ObligationType, string | null> = {
  defense: 'def',
  offense: 'off',
  neutral: 'neu',
  nonagg: null,
  consul: 'con',
};
const SUFFIX_KIND: Record<string, ConditionKind> = {
  coadv: 'adversary',
  coloc: 'location',
  cocon: 'conflict_type',
  conum: 'attackers',
  codem: 'demand',
  conpr: 'non_provocation',
  coatt: 'non_provocation',
  coreq: 'demand',
};
const KIND_WORDS: Record<ConditionKind, string> = {
  adversary: 'only against a specific adversary',
  location: 'only for a specific location',
  conflict_type: 'only for a specific type of conflict',
  attackers: 'only for a given number of attackers',
  demand: 'only after non-compliance with a demand (or on request)',
  non_provocation: 'only if the partner did not provoke the attack',
  decision: 'only after a decision of an organ',
};

/** Conditions ATOP codes on one member row for one obligation (nonzero condition columns). */
export function atopConditions(row: AtopMemberRow, t: ObligationType): Condition[] {
  const prefix = PREFIX[t];
  if (!prefix) return [];
  const out: Condition[] = [];
  for (const col of MEMBER_CONDITION_COLUMNS) {
    if (!col.startsWith(prefix)) continue;
    const v = row.conditions[col] ?? 0;
    if (!v) continue;
    const kind = SUFFIX_KIND[col.slice(3)];
    const c: Condition = { kind, description: `${KIND_WORDS[kind]} (ATOP ${col} = ${v})` };
    if (kind === 'adversary') {
      const states = [row.statthr1, row.statthr2]
        .filter((s): s is number => !!s)
        .map((s) => cowState(s)?.iso3 ?? String(s));
      if (states.length) c.states = states;
    }
    out.push(c);
  }
  return out;
}

/** Blocs of imported ATOP alliances, skipping those a hand-coded treaty already states from its text. */
export function atopBlocs(
  members: AtopMemberRow[],
  alliances: AtopAllianceRow[],
  claimed: Set<number>,
): Bloc[] {
  const byId = new Map<number, AtopMemberRow[]>();
  for (const r of members)
    if (!claimed.has(r.atopid)) byId.set(r.atopid, [...(byId.get(r.atopid) ?? []), r]);
  const alliance = new Map(alliances.map((a) => [a.atopid, a]));
  const blocs: Bloc[] = [];
  for (const [id, rows] of byId) {
    const a = alliance.get(id);
    const provisions: BlocProvision[] = [];
    for (const phase of new Set(rows.map((r) => r.phase))) {
      const inPhase = rows.filter((r) => r.phase === phase);
      for (const t of OBLIGATION_TYPES) {
        const pledging = inPhase.filter((r) => r[t] === 1);
        if (!pledging.length) continue;
        const pledgerConditions = new Map(
          pledging.map((r) => [cowState(r.member)!.iso3, atopConditions(r, t)]),
        );
        provisions.push({
          obligation: t,
          article: null,
          phase,
          summary: `ATOP ${id}${phase ? ` phase ${phase}` : ''}: ${t} obligation as coded by ATOP`,
          pledgers: [...pledgerConditions.keys()],
          beneficiaries: 'members',
          conditions: [],
          pledgerConditions,
          sources: [{ ...ATOP_SOURCE, note: `atopid ${id}${phase ? `, phase ${phase}` : ''}` }],
        });
      }
    }
    const first = a ? atopEntryDay(a.begyr, a.begmo, a.begday) : null;
    blocs.push({
      key: `atop-${id}`,
      allianceId: `atop-${id}`,
      name: `ATOP alliance ${id}${a ? ` (${a.begyr})` : ''}`,
      origin: 'atop',
      atopId: id,
      instrument: ATOP_INSTRUMENT,
      status: a && a.endyr !== 0 && !a.ineffect ? 'ended' : 'in_force',
      inForce: first,
      ended: null,
      parties: rows.map((r) => ({
        state: cowState(r.member)!.iso3,
        phase: r.phase,
        suspensions: [],
        from: atopEntryDay(r.yrent, r.moent, r.dayent),
        to: atopExitDay(r.yrexit, r.moexit, r.dayexit),
      })),
      observers: [],
      provisions,
      suspension: null,
      caveats: [],
      sources: [{ ...ATOP_SOURCE, note: `atopid ${id}` }],
    });
  }
  return blocs;
}
