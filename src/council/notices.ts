import { isActOf } from '../record/act-catalogue.js';
import type { Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import type { Notice, NoticeSource } from '../runtime/ports.js';
import { poll } from '../runtime/poller.js';
import type { CouncilService } from './council-service.js';
import { dueFrom, type DueAct } from './procedure-engine.js';
import type { OpenPayload } from './model.js';

/** How often a stream looks for procedures opened since it last looked. */
const POLL_MS = 2000;
/** At most this many opening acts per look (a burst beyond it is sent on the next looks). */
const PER_POLL = 20;

/**
 * The act a procedure awaits from `member`, as the procedure engine says (`dueFrom`, the rules its
 * `checkAct` enforces): none for a reader without a member or a charter the node does not hold.
 */
export function dueOf(
  svc: CouncilService,
  open: OpenPayload,
  openedAt: string,
  member: string | null,
): DueAct | null {
  const charter = svc.charters.get(open.charterId);
  if (!member || !charter) return null;
  return dueFrom(svc.contextWith(charter, []), open, openedAt, member);
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
              due: dueOf(svc, o, act.at, who.member),
            });
          }
        },
        POLL_MS,
        (e) => console.warn('[council] notification stream: reading the record failed', e),
      );
    },
  };
}
