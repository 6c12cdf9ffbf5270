import { parseJson } from '../store/json-column.js';
import type { Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import type { Notice, NoticeSource } from '../runtime/ports.js';
import { poll } from '../runtime/poller.js';
import { allCollections, rightsOn } from './collections.js';
import { hubFor } from './hub-registry.js';
import { recipientOf } from './releasability.js';

/** How often a stream looks for objects added since it last looked. */
const POLL_MS = 2000;
/** At most this many objects per collection per look (a burst beyond it is sent on the next looks). */
const PER_POLL = 20;
/**
 * Objects that are not news to a reader by themselves: links between objects, sightings, markings, and the
 * identity a console share sends with each report (its "reporting office").
 */
const QUIET_TYPES = new Set(['relationship', 'sighting', 'marking-definition', 'identity']);

/**
 * Intelligence notices (runtime/ports.ts): each object added from now on that the reader may read, read
 * through the hub exactly as the feed reads (collections the reader's member may read, releasability of the
 * label on the day of each look: hub.page), so an object the reader may not see is never named. A member's
 * own objects are not news to it; the secretariat, which reads no collection, gets none. Each notice names
 * the object (its name), so it is a delivery: a receipt is recorded (channel `notification`) as for the feed.
 */
export function intelNotices(deps: Deps): NoticeSource {
  const hub = hubFor(deps);
  return {
    watch(who: Principal, send: (n: Notice) => void) {
      const since = deps.clock.now().toISOString();
      const lastSeq = new Map<string, number>();
      return poll(
        async () => {
          const readable = allCollections(deps.registry).filter(
            (c) => rightsOn(c, who, hub.today(), deps.registry).read,
          );
          for (const c of readable) {
            const last = lastSeq.get(c.id);
            const page = await hub.page(
              {
                collectionId: c.id,
                addedAfter: since,
                limit: PER_POLL,
                next: last === undefined ? null : String(last),
              },
              recipientOf(who),
            );
            if (page.rows.length) lastSeq.set(c.id, page.rows[page.rows.length - 1].seq);
            const news = page.rows.filter(
              (r) => r.originator !== who.member && !QUIET_TYPES.has(r.type),
            );
            for (const r of news) {
              const o = parseJson(r.object);
              send({
                kind: 'intel',
                id: r.id,
                type: r.type,
                name: typeof o.name === 'string' ? o.name : r.id,
                originator: r.originator,
                collection: c.alias,
                dateAdded: r.date_added,
              });
            }
            if (news.length) hub.deferReceipts(news, who, 'notification');
          }
        },
        POLL_MS,
        (e) => console.warn('[intel] notification stream: reading the hub failed', e),
      );
    },
  };
}
