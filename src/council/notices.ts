import { isActOf } from '../record/act-catalogue.js';
import type { Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import type { Notice, NoticeSource } from '../runtime/ports.js';
import { poll } from '../runtime/poller.js';
import type { CouncilService } from './council-service.js';
import { ruleOf } from './decision-rules.js';
import type { OpenPayload } from './model.js';

/** How often a stream looks for procedures opened since it last looked. */
const POLL_MS = 2000;
/** At most this many opening acts per look (a burst beyond it is sent on the next looks). */
const PER_POLL = 20;

const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * The act a procedure awaits from `member`: none when it was not an active member of the charter's alliance
 * on the day it opened (the engine refuses its acts then) or is a party whose vote the rule excludes; a
 * position in a consultation or defence procedure; a vote in a decision, or under the silence procedure the
 * objection that breaks silence (members do not vote there).
 */
export function dueFrom(
  svc: CouncilService,
  open: OpenPayload,
  openedAt: string,
  member: string | null,
): 'vote' | 'position' | 'objection' | null {
  if (!member) return null;
  const charter = svc.charters.get(open.charterId);
  if (!charter || !svc.membership(charter, dayOf(openedAt)).active.includes(member)) return null;
  if (open.kind !== 'decision') return 'position';
  const rule = open.decisionType ? charter.decisions[open.decisionType]?.rule : undefined;
  if (!rule) return null;
  if (open.parties?.some((x) => x.member === member && rule.exclude?.includes(x.role))) return null;
  return ruleOf(rule.kind).refusesVotes === null ? 'vote' : 'objection';
}

/**
 * Council notices (runtime/ports.ts): each procedure opened from now on. The council's record is public, so
 * every signed-in reader is told; `due` says when the procedure awaits the reader's member's act.
 */
export function councilNotices(deps: Deps, svc: CouncilService): NoticeSource {
  return {
    watch(who: Principal, send: (n: Notice) => void) {
      // Opened from now on: the record's seq grows by one per act.
      let last: number | null = null;
      const ready = deps.record.count().then((n) => (last ??= n));
      return poll(
        async () => {
          const after = last ?? (await ready);
          const acts = await deps.record.list({
            type: 'council.procedure.opened',
            afterSeq: after,
            limit: PER_POLL,
          });
          for (const act of acts) {
            last = Math.max(last ?? 0, act.seq);
            if (!isActOf(act, 'council.procedure.opened')) continue;
            const o = act.payload;
            send({
              kind: 'procedure',
              id: o.procedureId,
              title: o.title,
              charterId: o.charterId,
              procedureKind: o.decisionType ?? o.kind,
              openedBy: act.actor,
              at: act.at,
              deadline: o.deadline,
              seq: act.seq,
              due: dueFrom(svc, o, act.at, who.member),
            });
          }
        },
        POLL_MS,
        (e) => console.warn('[council] notification stream: reading the record failed', e),
      );
    },
  };
}
