import { payloadOf } from '../record/act-catalogue.js';
import { refused } from '../core/errors.js';
import type { Act } from '../record/model.js';

/** Act types of the defence-industrial proposals (subject = proposal id). */
export const PROCUREMENT_ACT = {
  proposed: 'procurement.proposed',
  committed: 'procurement.committed',
} as const;

/** What the node computed when the proposal was recorded (the act carries it, signed by the proposer). */
export interface ProposalFigures {
  standard: string;
  standardName: string | null;
  budget: number;
  /** Pledged units considered and their data gaps (unit pairs with no common data link). */
  units: number;
  gaps: number;
  /** Units to equip with the standard: the cost in equipment changes. */
  equip: { key: string; member: string }[];
  changes: { member: string; units: number }[];
  closed: number;
  gainers: string[];
  /** The brute-force optimum's gaps closed on the same instance (≤ 12 units), else null. */
  optimumClosed: number | null;
  /** Force-generation shortfalls of the alliance's latest requirement when proposed. */
  shortfalls: { capability: string; short: number }[];
}

export interface ProcurementProposal extends ProposalFigures {
  id: string;
  allianceId: string;
  proposedBy: string;
  proposedAt: string;
  /** `open` until every member whose units change has committed. */
  status: 'open' | 'committed';
  commitments: { member: string; units: string[]; note: string; at: string; actId: string }[];
  actIds: string[];
}

export interface ProposedPayload {
  proposalId: string;
  allianceId: string;
  figures: ProposalFigures;
}
export interface CommittedPayload {
  proposalId: string;
  note: string;
}

/**
 * Applies one act to a proposal (null before it is proposed). Rules: only a member whose units the
 * proposal changes commits, once, to equipping exactly its units in the proposal.
 */
export function applyProcurementAct(
  prev: ProcurementProposal | null,
  act: Pick<Act, 'id' | 'at' | 'actor' | 'type' | 'payload'>,
): ProcurementProposal {
  if (act.type === PROCUREMENT_ACT.proposed) {
    if (prev)
      throw refused('proposal_exists', 'this proposal is already recorded').withDetail(
        {
          what: 'proposal',
          id: prev.id,
        },
        'exists',
      );
    const p = payloadOf(act, PROCUREMENT_ACT.proposed);
    return {
      id: p.proposalId,
      allianceId: p.allianceId,
      proposedBy: act.actor,
      proposedAt: act.at,
      ...p.figures,
      status: 'open',
      commitments: [],
      actIds: [act.id],
    };
  }
  if (!prev) throw refused('no_such_proposal', 'no such proposal').withDetail({ act: act.id });
  if (act.type === PROCUREMENT_ACT.committed) {
    const p = payloadOf(act, PROCUREMENT_ACT.committed);
    const units = prev.equip.filter((e) => e.member === act.actor).map((e) => e.key);
    if (!units.length)
      throw refused(
        'not_changing',
        `${act.actor} has no unit to re-equip in this proposal: only members whose units change commit`,
      ).withDetail({ member: act.actor });
    if (prev.commitments.some((c) => c.member === act.actor))
      throw refused(
        'already_committed',
        `${act.actor} has already committed to this proposal`,
      ).withDetail({ member: act.actor });
    const commitments = [
      ...prev.commitments,
      { member: act.actor, units, note: p.note, at: act.at, actId: act.id },
    ];
    const all = prev.changes.every((c) => commitments.some((x) => x.member === c.member));
    return {
      ...prev,
      commitments,
      status: all ? 'committed' : 'open',
      actIds: [...prev.actIds, act.id],
    };
  }
  throw refused('unknown_act', `unknown procurement act ${act.type}`);
}
