/**
 * Decision rules as pure functions: given who may take part, the ballots and objections cast, the
 * deadline and whether the procedure has closed, say whether a text is adopted and who it binds.
 * No clock, no I/O: the same inputs in any order give the same outcome (see decision-rules.test.ts).
 */
import { keysOf } from '../core/objects.js';

export type Choice = 'yes' | 'no' | 'abstain';
export interface Ballot {
  member: string;
  choice: Choice;
  /** ISO time the ballot was recorded. */
  at: string;
}
export interface Objection {
  member: string;
  at: string;
}
export interface Fraction {
  num: number;
  den: number;
}

/** Parties to a matter whose vote a charter may exclude (Arab League Pact Art. 6: the aggressor's). */
export type PartyRole = 'aggressor' | 'attacked' | 'accused';

/**
 * The parameters of each decision rule, by kind. The kinds are the keys; `RULES` below must give
 * every kind its behaviour, so adding a kind here and forgetting it there is a compile error
 * (test/extension-points.slow.test.ts). The charter loader, the procedure engine and the console read
 * `RULES` only.
 */
export interface RuleParams {
  /** No formal objection among members present; abstention does not block; at least one in favour. */
  consensus: { quorum?: Fraction; exclude?: PartyRole[] };
  /** Adopted at the deadline unless a member breaks silence with an objection strictly before it. */
  silence: { exclude?: PartyRole[] };
  /** Unanimity of those present and voting (abstainers are present, not voting) with a quorum. */
  'unanimity-present': { quorum: Fraction; exclude?: PartyRole[] };
  /** Yes votes reach `threshold` of the base (`members`: every counted member; `voting`: yes + no). */
  'qualified-majority': {
    threshold: Fraction;
    strict?: boolean;
    base: 'members' | 'voting';
    quorum?: Fraction;
    exclude?: PartyRole[];
  };
  /** Unanimity binds all; a majority of members binds only those that accepted (Pact Art. 7). */
  'majority-binding-acceptors': { exclude?: PartyRole[] };
}

/** A decision rule's name, as written in `data/council/charters.json` (`"rule": {"kind": …}`). */
export type RuleKind = keyof RuleParams;
export type RuleSpecOf<K extends RuleKind> = { kind: K } & RuleParams[K];
export type RuleSpec = { [K in RuleKind]: RuleSpecOf<K> }[RuleKind];

export interface DecisionInput {
  /** Members entitled to take part (active, unsuspended), before any exclusion. */
  eligible: string[];
  /** Members whose vote is not counted on this matter (parties), with their role. */
  excluded: { member: string; role: PartyRole }[];
  ballots: Ballot[];
  objections: Objection[];
  deadline: string | null;
  /** When the procedure was closed by the chair or secretariat; null while open. */
  closedAt: string | null;
  /** The time the outcome is read at. */
  now: string;
}

export type OutcomeStatus = 'pending' | 'adopted' | 'not_adopted' | 'no_quorum';

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
  objections: number;
  /** Members whose votes count (eligible minus excluded). */
  counted: number;
  present: number;
  quorumNeeded: number | null;
  excluded: { member: string; role: PartyRole }[];
  /** Acts not counted, each with the reason. */
  ignored: { member: string; reason: string }[];
}

export interface Outcome {
  /** 'pending' until final; `provisional` says what closing now would give. */
  status: OutcomeStatus;
  provisional: Exclude<OutcomeStatus, 'pending'>;
  final: boolean;
  reason: string;
  tally: Tally;
  /** Members bound by the decision (empty unless adopted). */
  bound: string[];
  bindingScope: 'all' | 'acceptors' | 'none';
}

const ceilFrac = (f: Fraction, n: number): number => Math.ceil((f.num * n) / f.den);
const byTime = <T extends { member: string; at: string }>(a: T, b: T): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
const choiceRank: Record<Choice, number> = { no: 0, abstain: 1, yes: 2 };

/** What every rule reads: the counted ballots and objections, and how to state an outcome. */
export interface Count {
  input: DecisionInput;
  /** Members whose votes count (eligible minus excluded), sorted. */
  counted: string[];
  objectors: Set<string>;
  votes: Ballot[];
  /** Members that voted yes, sorted. */
  yesMembers: string[];
  no: number;
  abstain: number;
  present: number;
  quorumNeeded: number | null;
  quorumFails: boolean;
  quorumMessage: string;
  deadlinePassed: boolean;
  result: (
    provisional: Outcome['provisional'],
    reason: string,
    bound?: string[],
    scope?: Outcome['bindingScope'],
    finalOverride?: boolean,
  ) => Outcome;
}

/** One decision rule: how it decides, how it reads, and which acts a procedure under it takes. */
export interface Rule<K extends RuleKind> {
  /** Why members do not vote under this rule, or null when they cast yes/no/abstain ballots. */
  refusesVotes: string | null;
  /** Members may lodge a formal objection (the act that blocks consensus or breaks silence). */
  takesObjections: boolean;
  /** A procedure under this rule must be opened with a deadline. */
  needsDeadline: boolean;
  /** Closing before the deadline is refused while no member has objected. */
  holdsUntilDeadline: boolean;
  /** The rule in words, without the party exclusion (`describeRule` adds it). */
  describe(spec: RuleSpecOf<K>): string;
  decide(spec: RuleSpecOf<K>, count: Count): Outcome;
}

const quorumText = (quorum: Fraction | undefined): string =>
  quorum ? `, quorum ${quorum.num}/${quorum.den}` : '';

/** The decision rules: one entry per `RuleKind`, read by the engine, the charter loader and the console. */
export const RULES: { [K in RuleKind]: Rule<K> } = {
  consensus: {
    refusesVotes: null,
    takesObjections: true,
    needsDeadline: false,
    holdsUntilDeadline: false,
    describe: (spec) =>
      `consensus (no formal objection; abstention does not block)${quorumText(spec.quorum)}`,
    decide(_spec, count) {
      const { objectors, votes, result, yesMembers, present, abstain, counted } = count;
      const blockers = [
        ...new Set([...objectors, ...votes.filter((b) => b.choice === 'no').map((b) => b.member)]),
      ].sort();
      if (count.quorumFails) return result('no_quorum', count.quorumMessage);
      if (blockers.length)
        return result('not_adopted', `no consensus: formal objection by ${blockers.join(', ')}`);
      if (yesMembers.length === 0) return result('not_adopted', 'no member expressed support');
      return result(
        'adopted',
        `adopted by consensus: no objection among ${present} members present (${abstain} abstaining)`,
        counted,
        'all',
      );
    },
  },
  silence: {
    refusesVotes:
      'under the silence procedure members do not vote: break silence with an objection, or stay silent',
    takesObjections: true,
    needsDeadline: true,
    holdsUntilDeadline: true,
    describe: () => 'silence procedure (adopted at the deadline unless a member objects before it)',
    decide(_spec, count) {
      const { input, objectors, counted, result, deadlinePassed } = count;
      // Silence is decided at the deadline; closing early only settles a text whose silence was broken.
      if (objectors.size > 0)
        return result(
          'not_adopted',
          `silence broken by ${[...objectors].sort().join(', ')} before the deadline`,
          [],
          'none',
          deadlinePassed || input.closedAt !== null,
        );
      if (input.deadline === null)
        return result('not_adopted', 'a silence procedure needs a deadline');
      return result(
        'adopted',
        `no objection before the deadline ${input.deadline}: adopted under the silence procedure`,
        counted,
        'all',
        deadlinePassed,
      );
    },
  },
  'unanimity-present': {
    refusesVotes: null,
    takesObjections: false,
    needsDeadline: false,
    holdsUntilDeadline: false,
    describe: (spec) =>
      `unanimity of those present and voting, quorum ${spec.quorum.num}/${spec.quorum.den}`,
    decide(_spec, count) {
      const { result, yesMembers, abstain, counted } = count;
      if (count.quorumFails) return result('no_quorum', count.quorumMessage);
      const against = count.no + count.objectors.size;
      if (against > 0)
        return result(
          'not_adopted',
          `not unanimous: ${against} of those present and voting against`,
        );
      if (yesMembers.length === 0)
        return result('not_adopted', 'no member present voted in favour');
      return result(
        'adopted',
        `unanimity of the ${yesMembers.length} present and voting (${abstain} abstaining, quorum ${count.quorumNeeded} met)`,
        counted,
        'all',
      );
    },
  },
  'qualified-majority': {
    refusesVotes: null,
    takesObjections: false,
    needsDeadline: false,
    holdsUntilDeadline: false,
    describe: (spec) =>
      `${spec.strict ? 'more than ' : ''}${spec.threshold.num}/${spec.threshold.den} of ${spec.base === 'members' ? 'members' : 'votes cast'}${quorumText(spec.quorum)}`,
    decide(spec, count) {
      const { result, yesMembers, counted } = count;
      if (count.quorumFails) return result('no_quorum', count.quorumMessage);
      const base =
        spec.base === 'members'
          ? counted.length
          : yesMembers.length + count.no + count.objectors.size;
      const need = spec.threshold.num * base;
      const have = yesMembers.length * spec.threshold.den;
      const reached = base > 0 && (spec.strict ? have > need : have >= need);
      const fraction = `${spec.strict ? 'more than ' : ''}${spec.threshold.num}/${spec.threshold.den} of ${base} ${spec.base === 'members' ? 'members' : 'votes cast'}`;
      return reached
        ? result('adopted', `${yesMembers.length} in favour reach ${fraction}`, counted, 'all')
        : result('not_adopted', `${yesMembers.length} in favour do not reach ${fraction}`);
    },
  },
  'majority-binding-acceptors': {
    refusesVotes: null,
    takesObjections: false,
    needsDeadline: false,
    holdsUntilDeadline: false,
    describe: () => 'unanimity binds all; a majority binds only those that accept',
    decide(_spec, count) {
      const { result, yesMembers, counted } = count;
      if (counted.length > 0 && yesMembers.length === counted.length)
        return result(
          'adopted',
          `unanimous: binds all ${counted.length} members (Pact Art. 7)`,
          counted,
          'all',
        );
      if (yesMembers.length * 2 > counted.length)
        return result(
          'adopted',
          `majority of ${yesMembers.length} of ${counted.length}: binds only the members that accepted (Pact Art. 7)`,
          yesMembers,
          'acceptors',
        );
      return result(
        'not_adopted',
        `${yesMembers.length} in favour is not a majority of ${counted.length} members`,
      );
    },
  },
};

/** The table entry of a rule kind (typed per kind, so a rule's `decide` gets its own parameters). */
export const ruleOf = <K extends RuleKind>(kind: K): Rule<K> => RULES[kind];

/** Every rule kind, in the order of `RULES`. */
export const RULE_KINDS: RuleKind[] = keysOf(RULES);

/** True when `kind` names a rule in `RULES` (for checking data files). */
export const isRuleKind = (kind: unknown): kind is RuleKind =>
  typeof kind === 'string' && Object.hasOwn(RULES, kind);

const decideWith = <K extends RuleKind>(spec: RuleSpecOf<K>, count: Count): Outcome =>
  ruleOf(spec.kind).decide(spec, count);
const describeWith = <K extends RuleKind>(spec: RuleSpecOf<K>): string =>
  ruleOf(spec.kind).describe(spec);

/** Applies a rule. Order of `ballots`/`objections` does not matter: they are sorted first. */
export function decide(rule: RuleSpec, input: DecisionInput): Outcome {
  const eligible = new Set(input.eligible);
  const excludedRoles = new Set(rule.exclude ?? []);
  const excluded = input.excluded.filter(
    (e) => excludedRoles.has(e.role) && eligible.has(e.member),
  );
  const excludedSet = new Set(excluded.map((e) => e.member));
  const counted = [...eligible].filter((m) => !excludedSet.has(m)).sort();
  const ignored: Tally['ignored'] = [];
  const closesAt = input.deadline;

  const admit = (member: string, at: string, what: string): boolean => {
    if (!eligible.has(member))
      return (
        void ignored.push({ member, reason: `${what} from a state that may not take part` }),
        false
      );
    if (excludedSet.has(member)) {
      const role = excluded.find((e) => e.member === member)!.role;
      return (
        void ignored.push({
          member,
          reason: `${what} not counted: the ${role} party's vote is excluded`,
        }),
        false
      );
    }
    if (closesAt !== null && at >= closesAt)
      return (
        void ignored.push({
          member,
          reason: `${what} at ${at} is not before the deadline ${closesAt}`,
        }),
        false
      );
    if (input.closedAt !== null && at > input.closedAt)
      return (void ignored.push({ member, reason: `${what} after the procedure closed` }), false);
    return true;
  };

  const ballots = [...input.ballots].sort(
    (a, b) => byTime(a, b) || choiceRank[a.choice] - choiceRank[b.choice],
  );
  const firstBallot = new Map<string, Ballot>();
  for (const b of ballots) {
    if (!admit(b.member, b.at, 'vote')) continue;
    if (firstBallot.has(b.member))
      ignored.push({ member: b.member, reason: 'second vote by the same member' });
    else firstBallot.set(b.member, b);
  }
  const objectors = new Set<string>();
  for (const o of [...input.objections].sort(byTime)) {
    if (!admit(o.member, o.at, 'objection')) continue;
    objectors.add(o.member);
  }
  const votes = [...firstBallot.values()];
  const yesMembers = votes
    .filter((b) => b.choice === 'yes')
    .map((b) => b.member)
    .sort();
  const no = votes.filter((b) => b.choice === 'no').length;
  const abstain = votes.filter((b) => b.choice === 'abstain').length;
  const present = new Set([...firstBallot.keys(), ...objectors]).size;
  const quorumSpec = 'quorum' in rule ? rule.quorum : undefined;
  const quorumNeeded = quorumSpec ? ceilFrac(quorumSpec, counted.length) : null;
  const tally: Tally = {
    yes: yesMembers.length,
    no,
    abstain,
    objections: objectors.size,
    counted: counted.length,
    present,
    quorumNeeded,
    excluded,
    ignored,
  };

  const deadlinePassed = input.deadline !== null && input.now >= input.deadline;
  const final = input.closedAt !== null || deadlinePassed;
  const result = (
    provisional: Outcome['provisional'],
    reason: string,
    bound: string[] = [],
    scope: Outcome['bindingScope'] = 'none',
    finalOverride?: boolean,
  ): Outcome => ({
    status: (finalOverride ?? final) ? provisional : 'pending',
    provisional,
    final: finalOverride ?? final,
    reason,
    tally,
    bound: provisional === 'adopted' ? bound : [],
    bindingScope: provisional === 'adopted' ? scope : 'none',
  });
  const quorumFails = quorumNeeded !== null && present < quorumNeeded;
  const quorumMessage = `quorum not met: ${present} present of ${counted.length}, ${quorumNeeded} needed`;

  return decideWith(rule, {
    input,
    counted,
    objectors,
    votes,
    yesMembers,
    no,
    abstain,
    present,
    quorumNeeded,
    quorumFails,
    quorumMessage,
    deadlinePassed,
    result,
  });
}

export const describeRule = (rule: RuleSpec): string => {
  const exclusion = rule.exclude?.length
    ? `; vote of the ${rule.exclude.join('/')} party excluded`
    : '';
  return describeWith(rule) + exclusion;
};
