/**
 * Decision rules as pure functions: given who may take part, the ballots and objections cast, the
 * deadline and whether the procedure has closed, say whether a text is adopted and who it binds.
 * No clock, no I/O: the same inputs in any order give the same outcome (see decision-rules.test.ts).
 */

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

export type RuleSpec =
  /** No formal objection among members present; abstention does not block; at least one in favour. */
  | { kind: 'consensus'; quorum?: Fraction; exclude?: PartyRole[] }
  /** Adopted at the deadline unless a member breaks silence with an objection strictly before it. */
  | { kind: 'silence'; exclude?: PartyRole[] }
  /** Unanimity of those present and voting (abstainers are present, not voting) with a quorum. */
  | { kind: 'unanimity-present'; quorum: Fraction; exclude?: PartyRole[] }
  /** Yes votes reach `threshold` of the base (`members`: every counted member; `voting`: yes + no). */
  | {
      kind: 'qualified-majority';
      threshold: Fraction;
      strict?: boolean;
      base: 'members' | 'voting';
      quorum?: Fraction;
      exclude?: PartyRole[];
    }
  /** Unanimity binds all; a majority of members binds only those that accepted (Pact Art. 7). */
  | { kind: 'majority-binding-acceptors'; exclude?: PartyRole[] };

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
  const quorumMsg = `quorum not met: ${present} present of ${counted.length}, ${quorumNeeded} needed`;

  switch (rule.kind) {
    case 'silence': {
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
    }
    case 'consensus': {
      const blockers = [
        ...new Set([...objectors, ...votes.filter((b) => b.choice === 'no').map((b) => b.member)]),
      ].sort();
      if (quorumFails) return result('no_quorum', quorumMsg);
      if (blockers.length)
        return result('not_adopted', `no consensus: formal objection by ${blockers.join(', ')}`);
      if (yesMembers.length === 0) return result('not_adopted', 'no member expressed support');
      return result(
        'adopted',
        `adopted by consensus: no objection among ${present} members present (${abstain} abstaining)`,
        counted,
        'all',
      );
    }
    case 'unanimity-present': {
      if (quorumFails) return result('no_quorum', quorumMsg);
      const against = no + objectors.size;
      if (against > 0)
        return result(
          'not_adopted',
          `not unanimous: ${against} of those present and voting against`,
        );
      if (yesMembers.length === 0)
        return result('not_adopted', 'no member present voted in favour');
      return result(
        'adopted',
        `unanimity of the ${yesMembers.length} present and voting (${abstain} abstaining, quorum ${quorumNeeded} met)`,
        counted,
        'all',
      );
    }
    case 'qualified-majority': {
      if (quorumFails) return result('no_quorum', quorumMsg);
      const base =
        rule.base === 'members' ? counted.length : yesMembers.length + no + objectors.size;
      const need = rule.threshold.num * base;
      const have = yesMembers.length * rule.threshold.den;
      const ok = base > 0 && (rule.strict ? have > need : have >= need);
      const frac = `${rule.strict ? 'more than ' : ''}${rule.threshold.num}/${rule.threshold.den} of ${base} ${rule.base === 'members' ? 'members' : 'votes cast'}`;
      return ok
        ? result('adopted', `${yesMembers.length} in favour reach ${frac}`, counted, 'all')
        : result('not_adopted', `${yesMembers.length} in favour do not reach ${frac}`);
    }
    case 'majority-binding-acceptors': {
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
    }
  }
}

export const describeRule = (rule: RuleSpec): string => {
  const ex = rule.exclude?.length ? `; vote of the ${rule.exclude.join('/')} party excluded` : '';
  switch (rule.kind) {
    case 'consensus':
      return `consensus (no formal objection; abstention does not block)${rule.quorum ? `, quorum ${rule.quorum.num}/${rule.quorum.den}` : ''}${ex}`;
    case 'silence':
      return `silence procedure (adopted at the deadline unless a member objects before it)${ex}`;
    case 'unanimity-present':
      return `unanimity of those present and voting, quorum ${rule.quorum.num}/${rule.quorum.den}${ex}`;
    case 'qualified-majority':
      return `${rule.strict ? 'more than ' : ''}${rule.threshold.num}/${rule.threshold.den} of ${rule.base === 'members' ? 'members' : 'votes cast'}${rule.quorum ? `, quorum ${rule.quorum.num}/${rule.quorum.den}` : ''}${ex}`;
    case 'majority-binding-acceptors':
      return `unanimity binds all; a majority binds only those that accept${ex}`;
  }
};
