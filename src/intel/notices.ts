import { parseJson } from '../store/json-column.js';
import type { Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import type { Notice, NoticeSource } from '../runtime/ports.js';
import { sharedPoller } from '../runtime/poller.js';
import { allCollections, rightsOn } from './collections.js';
import { formatMicros, toMicros } from './date-added.js';
import { hubFor } from './hub-registry.js';
import { recipientOf } from './releasability.js';

/** How often the hub is looked at for objects added since the last look. */
const POLL_MS = 2000;
/** At most this many objects per collection per look (a burst beyond it is sent on the next looks). */
const PER_POLL = 20;
/**
 * Objects that are not news to a reader by themselves: links between objects, sightings, markings, and the
 * identity a console share sends with each report (its "reporting office").
 */
const QUIET_TYPES = new Set(['relationship', 'sighting', 'marking-definition', 'identity']);

/** An open stream: its reader, when it opened (objects added after it are news to it) and where to send. */
interface Watcher {
  who: Principal;
  since: string;
  send: (n: Notice) => void;
}

/**
 * Readers who see the same objects (what `rightsOn`, releasability and the own-objects rule read: role,
 * member, clearance) share one read per look; each of their streams then takes what was added after it
 * opened, and its receipts are its user's.
 */
const readerKey = (who: Principal) => JSON.stringify([who.role, who.member, who.clearance]);

/** Where a group of readers has read to: from its first stream's opening, then after each collection's last seq. */
interface ReaderCursor {
  since: string;
  lastSeq: Map<string, number>;
}

/** The stored form of an instant (date_added has six fractional digits), to compare with date_added. */
const asDateAdded = (iso: string) => formatMicros(toMicros(iso));

/**
 * Intelligence notices (runtime/ports.ts): each object added from now on that the reader may read, read
 * through the hub exactly as the feed reads (collections the reader's member may read, releasability of the
 * label on the day of each look: hub.page), so an object the reader may not see is never named. A member's
 * own objects are not news to it; the secretariat, which reads no collection, gets none. Each notice names
 * the object (its name), so it is a delivery: a receipt is recorded (channel `notification`) as for the feed.
 *
 * One poller serves every open stream (`sharedPoller`): each look reads once per group of readers who see
 * the same objects (`readerKey`), not once per stream.
 */
export function intelNotices(deps: Deps): NoticeSource {
  const hub = hubFor(deps);
  const cursors = new Map<string, ReaderCursor>();
  const lookFor = async (group: readonly Watcher[], cursor: ReaderCursor) => {
    const who = group[0].who;
    const readable = allCollections(deps.registry).filter(
      (c) => rightsOn(c, who, hub.today(), deps.registry).read,
    );
    for (const c of readable) {
      const last = cursor.lastSeq.get(c.id);
      const page = await hub.page(
        {
          collectionId: c.id,
          addedAfter: cursor.since,
          limit: PER_POLL,
          next: last === undefined ? null : String(last),
        },
        recipientOf(who),
      );
      if (page.rows.length) cursor.lastSeq.set(c.id, page.rows[page.rows.length - 1].seq);
      const news = page.rows.filter((r) => r.originator !== who.member && !QUIET_TYPES.has(r.type));
      for (const watcher of group) {
        const mine = news.filter((r) => r.date_added > watcher.since);
        for (const r of mine) {
          const o = parseJson(r.object);
          watcher.send({
            kind: 'intel',
            id: r.id,
            type: r.type,
            name: typeof o.name === 'string' ? o.name : r.id,
            originator: r.originator,
            collection: c.alias,
            dateAdded: r.date_added,
          });
        }
        if (mine.length) hub.deferReceipts(mine, watcher.who, 'notification');
      }
    }
  };
  const watch = sharedPoller<Watcher>(
    async (watchers) => {
      const groups = new Map<string, Watcher[]>();
      for (const watcher of watchers) {
        const key = readerKey(watcher.who);
        const group = groups.get(key);
        if (group) group.push(watcher);
        else groups.set(key, [watcher]);
      }
      for (const key of cursors.keys()) if (!groups.has(key)) cursors.delete(key);
      for (const [key, group] of groups) {
        let cursor = cursors.get(key);
        if (!cursor) {
          cursor = { since: group[0].since, lastSeq: new Map() };
          cursors.set(key, cursor);
        }
        await lookFor(group, cursor);
      }
    },
    POLL_MS,
    (e) => console.warn('[intel] notification stream: reading the hub failed', e),
  );
  return {
    watch: (who, send) => watch({ who, since: asDateAdded(deps.clock.now().toISOString()), send }),
  };
}
