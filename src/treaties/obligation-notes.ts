import { dayInRange } from '../core/dates.js';
import type { Registry } from '../registry/registry.js';
import type { Bloc } from './blocs.js';
import type { BoundObligation, ConditionKind, ConflictFlag, Source, Standing } from './model.js';

/**
 * What an obligation answer says before and around its list of pledges: the attacked state's standing
 * (suspended, merged into a union, not yet a party), the conflicting obligations (a priority clause, a
 * state bound to defend both sides), and the headline that puts them first. Pure.
 */
export interface NotesContext {
  blocsOf(state: string): Bloc[];
  registry: Registry | null;
  stateName(code: string): string;
  /** Defence pledges of `pledger` toward `beneficiary` on `day` (for the both-sides check). */
  defends(pledger: string, beneficiary: string, day: string): BoundObligation[];
}

/** Conditions in a few words, for the headline (each clause lists them in full). */
const CONDITION_WORDS: Record<ConditionKind, string> = {
  demand: 'a request or demand',
  decision: 'a decision or agreement still to be made',
  adversary: 'who the attacker is',
  location: 'where the attack happens',
  conflict_type: 'the kind of conflict',
  attackers: 'the number of attackers',
  non_provocation: 'no provocation',
};

const partyOn = (b: Bloc, state: string, day: string) =>
  b.parties.find((p) => p.state === state && dayInRange(day, p.from, p.to));
const inForce = (b: Bloc, day: string) =>
  b.status !== 'proposed' && !(b.inForce && day < b.inForce) && !(b.ended && day >= b.ended);
const list = (names: string[]) =>
  names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** The attacked state's standing on the day, most important first. */
export function standingOf(ctx: NotesContext, attacked: string, day: string): Standing[] {
  const out: Standing[] = [];
  const name = ctx.stateName(attacked);
  const union = ctx.registry?.unionOn(attacked, day) ?? null;
  if (union) {
    const until = union.to ? ` to ${union.to}` : '';
    const merged = union.merged.map((m) => ctx.stateName(m));
    out.push({
      kind: 'union',
      allianceIds: [],
      text:
        attacked === union.seat
          ? `On ${day} ${name} is the ${union.name} (${list([name, ...merged])}, ${union.from}${until}): the union holds ${name}'s memberships and ${list(merged)} is no separate party.`
          : `${name} was not a separate state on ${day}: it was part of the ${union.name} with ${ctx.stateName(union.seat)} (${union.from}${until}). Obligations toward the union are those toward ${union.seat}, whose seat it kept.`,
      sources: union.sources,
    });
  }
  const blocs = ctx.blocsOf(attacked);
  const suspendedIn = blocs.filter((b) => {
    const p = b.origin === 'hand-coded' ? partyOn(b, attacked, day) : undefined;
    return p?.suspensions.some((s) => dayInRange(day, s.from, s.to));
  });
  if (suspendedIn.length) {
    const spans = new Set<string>();
    const sources: Source[] = [];
    for (const b of suspendedIn) {
      const s = partyOn(b, attacked, day)!.suspensions.find((x) => dayInRange(day, x.from, x.to))!;
      spans.add(`${b.name}: since ${s.from}${s.to ? `, until ${s.to}` : ''}`);
      const m = ctx.registry
        ?.membershipsOf(attacked)
        .find((x) => x.allianceId === b.allianceId && x.suspensions.some((y) => y.from === s.from));
      for (const src of m?.suspensions.find((y) => y.from === s.from)?.sources ?? [])
        if (!sources.some((x) => x.title === src.title)) sources.push(src);
    }
    const pledges = suspendedIn.some(
      (b) => b.provisions.length && b.suspension?.effect === 'persist',
    );
    out.push({
      kind: 'suspended',
      allianceIds: suspendedIn.map((b) => b.allianceId),
      text:
        `${name} was SUSPENDED on ${day} (${[...spans].join('; ')}).` +
        (pledges
          ? ' The texts have no suspension clause, so their pledges toward it still stand on paper and are listed, each flagged; but a suspended member has no seat in the organs that decide the common measures, and ATOP codes such suspensions as exits.'
          : ''),
      sources: sources.length ? sources : suspendedIn[0].sources,
    });
  }
  if (!union && !blocs.some((b) => inForce(b, day) && partyOn(b, attacked, day))) {
    // Each alliance once, at the first day the state joined it after `day`.
    const firstJoin = new Map<string, { b: Bloc; from: string }>();
    for (const b of blocs)
      for (const p of b.parties)
        if (p.state === attacked && p.from !== null && p.from > day) {
          const cur = firstJoin.get(b.allianceId);
          if (!cur || p.from < cur.from) firstJoin.set(b.allianceId, { b, from: p.from });
        }
    const joined = [...firstJoin.values()].sort((x, y) =>
      x.from < y.from ? -1 : x.from > y.from ? 1 : x.b.name.localeCompare(y.b.name),
    );
    const later = joined[0];
    out.push(
      later
        ? {
            kind: 'not_yet_party',
            allianceIds: [later.b.allianceId],
            text: `${name} was not yet a party to any alliance Tahaluf knows of on ${day}: its first is ${later.b.name}, from ${later.from}. No state was bound by a treaty to defend it on that date.`,
            sources: later.b.sources,
            joinedLater: joined.map((j) => ({
              allianceId: j.b.allianceId,
              allianceName: j.b.name,
              from: j.from,
            })),
          }
        : {
            kind: 'no_alliance',
            allianceIds: [],
            text: `${name} is a party to no alliance in force that Tahaluf knows of on ${day}.`,
            sources: [],
          },
    );
  }
  return out;
}

/**
 * Conflicting obligations among those answered: a treaty in force whose priority clause makes it prevail
 * over a listed party's other obligations (it bites when the attacker is a co-party of that treaty), and,
 * when the attacker is named, a state bound to defend both the attacked state and the attacker.
 */
export function conflictsIn(
  ctx: NotesContext,
  attacked: string,
  day: string,
  bound: BoundObligation[],
  attacker: string | null,
): ConflictFlag[] {
  const out: ConflictFlag[] = [];
  const states = [attacked, ...new Set(bound.map((o) => o.state))];
  for (const state of new Set(states)) {
    for (const b of ctx.blocsOf(state)) {
      if (!b.priority || !inForce(b, day) || !partyOn(b, state, day)) continue;
      const partners = b.parties
        .filter((p) => p.state !== state && dayInRange(day, p.from, p.to))
        .map((p) => p.state);
      if (attacker && !partners.includes(attacker)) continue;
      const affects =
        state === attacked
          ? ctx
              .blocsOf(state)
              .filter(
                (o) =>
                  o !== b &&
                  o.provisions.some(
                    (p) => p.obligation === 'defense' || p.obligation === 'consul',
                  ) &&
                  inForce(o, day) &&
                  partyOn(o, state, day),
              )
              .map((o) => ({
                allianceId: o.allianceId,
                article:
                  o.provisions.find((p) => p.obligation === 'defense')?.article ??
                  o.provisions[0].article,
                toward: 'its co-parties',
              }))
          : bound
              .filter(
                (o) =>
                  o.state === state &&
                  o.allianceId !== b.allianceId &&
                  (o.obligation === 'defense' || o.obligation === 'consul'),
              )
              .map((o) => ({ allianceId: o.allianceId, article: o.article, toward: o.toward }))
              .filter(
                (x, i, all) =>
                  all.findIndex((y) => y.allianceId === x.allianceId && y.article === x.article) ===
                  i,
              );
      if (!affects.length) continue;
      const who = ctx.stateName(state);
      const others = [...new Set(affects.map((a) => a.allianceId))];
      out.push({
        kind: 'priority_clause',
        state,
        allianceId: b.allianceId,
        article: b.priority.article,
        clause: b.priority.summary,
        affects,
        applies: attacker ? 'now' : 'if_attacker',
        text:
          `${who} is also bound by the ${b.name}, whose ${b.priority.article} makes it prevail over ${who}'s other obligations where they conflict: ` +
          `${who}'s duties under ${others.join(', ')} give way to it ` +
          (attacker
            ? `now that the attacker, ${ctx.stateName(attacker)}, is a party to it.`
            : `if the attacker is ${list(partners.map((p) => ctx.stateName(p)))}.`),
        sources: b.priority.sources,
      });
    }
  }
  if (attacker)
    for (const pledger of new Set(
      bound.filter((o) => o.obligation === 'defense').map((o) => o.state),
    )) {
      const both = ctx.defends(pledger, attacker, day);
      if (!both.length) continue;
      const toAttacked = bound.filter((o) => o.state === pledger && o.obligation === 'defense');
      out.push({
        kind: 'both_sides',
        state: pledger,
        allianceId: both[0].allianceId,
        article: both[0].article,
        clause: both[0].summary,
        affects: toAttacked.map((o) => ({
          allianceId: o.allianceId,
          article: o.article,
          toward: o.toward,
        })),
        applies: 'now',
        text: `${ctx.stateName(pledger)} is bound to defend both ${ctx.stateName(attacked)} (${[...new Set(toAttacked.map((o) => `${o.allianceId} ${o.article ?? ''}`.trim()))].join(', ')}) and the attacker ${ctx.stateName(attacker)} (${[...new Set(both.map((o) => `${o.allianceId} ${o.article ?? ''}`.trim()))].join(', ')}).`,
        sources: [...toAttacked[0].sources, ...both[0].sources],
      });
    }
  return out;
}

/** The answer in words: standing first, then who must defend by which kind of instrument, then conflicts. */
export function headlineOf(
  ctx: Pick<NotesContext, 'stateName'>,
  attacked: string,
  day: string,
  bound: BoundObligation[],
  standing: Standing[],
  conflicts: ConflictFlag[],
): string {
  const name = ctx.stateName(attacked);
  const parts = standing.map((s) => s.text);
  const defence = bound.filter((o) => o.obligation === 'defense');
  const byTreaty = new Set(
    defence.filter((o) => o.instrument.strength === 'binding').map((o) => o.state),
  );
  const conditional = new Set(
    defence.filter((o) => o.instrument.strength === 'binding' && o.conditional).map((o) => o.state),
  );
  const weaker = defence.filter((o) => o.instrument.strength !== 'binding');
  const suspended = defence.some((o) => o.suspended);
  const said: string[] = [];
  if (byTreaty.size) {
    const unconditional = byTreaty.size - conditional.size;
    said.push(
      `${byTreaty.size} state${byTreaty.size === 1 ? ' is' : 's are'} bound by treaty to defend ${name}` +
        (conditional.size
          ? ` (${unconditional} without conditions in the text; ${[...conditional]
              .map((s) => {
                const o = defence.find((x) => x.state === s && x.conditional)!;
                const kinds = [...new Set(o.conditions.map((c) => CONDITION_WORDS[c.kind]))];
                return `${ctx.stateName(s)} only on the conditions of ${o.allianceName} ${o.article ?? ''}: ${list(kinds)}`.replace(
                  ' :',
                  ':',
                );
              })
              .join('; ')})`
          : '') +
        (suspended ? ', on paper only while it is suspended (each pledge flagged)' : ''),
    );
  }
  for (const o of weaker)
    said.push(
      `${o.stateName} ${byTreaty.size ? 'also ' : ''}undertakes to defend ${name} by ${o.instrument.type === 'executive_act' ? 'executive act' : o.instrument.type} (${o.allianceName}), which is not a treaty: ${o.instrument.note}`,
    );
  if (!byTreaty.size && !weaker.length && !standing.some((s) => s.kind === 'not_yet_party'))
    said.push(`No state is bound to defend ${name} on ${day}`);
  const others = new Set(bound.filter((o) => o.obligation !== 'defense').map((o) => o.state));
  if (others.size)
    said.push(
      `${others.size} state${others.size === 1 ? ' has' : 's have'} consultation, neutrality or non-aggression pledges toward it`,
    );
  if (said.length) parts.push(`${said.join('. ')}.`);
  const both = conflicts.filter((c) => c.kind === 'both_sides');
  const flagged = [
    ...conflicts
      .filter((c) => c.kind === 'priority_clause')
      .map(
        (c) =>
          `${ctx.stateName(c.state)} (${c.allianceId} ${c.article}${c.applies === 'if_attacker' ? ', if the attacker is a party to it' : ''})`,
      ),
    ...(both.length
      ? [
          `${both.length} state${both.length === 1 ? ' is' : 's are'} bound to defend both sides (${list(both.map((c) => ctx.stateName(c.state)).slice(0, 5))}${both.length > 5 ? ' …' : ''}; ${[...new Set(both.map((c) => `${c.allianceId} ${c.article ?? ''}`.trim()))].join(', ')})`,
        ]
      : []),
  ];
  if (flagged.length) parts.push(`Conflicting obligations flagged: ${flagged.join('; ')}.`);
  return parts.join(' ');
}
