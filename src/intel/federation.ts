import { parseJson } from '../store/json-column.js';
import type { Kysely } from 'kysely';
import { badInput } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { CLASSIFICATIONS, type Classification, type Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import { findCollection } from './collections.js';
import { hubFor } from './hub-registry.js';
import type { IntelHub } from './intel-hub.js';
import { LABELS_PROPERTY } from './labels.js';
import type { IntelTables } from './migrations.js';
import { mayForward } from './releasability.js';
import { insertPeer, listPeers, saveSyncCursors } from './repository.js';
import { TAXII_MEDIA } from './taxii/media.js';
import { SIGNATURES_PROPERTY } from './signatures.js';

export type Peer = IntelTables['intel_peers'];

export interface NewPeer {
  name: string;
  /** The other node's API root URL, e.g. `http://10.0.0.2:8080/taxii2/api1/`. */
  apiRoot: string;
  /** Collection id or alias on the other node. */
  collection: string;
  /** A token of a user of this node's member, issued by the other node. */
  token: string;
  /** The member state the other node speaks for. */
  peerMember: string;
  /** Local collection (alias or id) that receives pulls and feeds pushes. */
  localCollection: string;
  intervalS?: number;
  /** Highest classification the link and the peer node are accredited for (default SECRET). */
  clearance?: Classification;
}

export interface SyncResult {
  peer: string;
  pulled: number;
  pushed: number;
  requests: number;
  /**
   * Pulled objects refused here (invalid, not releasable to the peer's member, or a signature that does not
   * hold: #19.3), each `id version: reason`; none of them is stored. Pushed objects the peer refused are in
   * `pushRefused` likewise, as the peer's status named them.
   */
  refused: string[];
  pushRefused: string[];
}

/**
 * Node-to-node federation over TAXII 2.1. Pull: GET the peer's collection after our cursor
 * (`added_after` = the last X-TAXII-Date-Added-Last seen), store with labels unchanged. Push: POST
 * what releasability.ts lets the peer's member have, after our push cursor. An idle cycle is one
 * GET answered `{}` and one indexed local query; a node back from an outage resumes at its cursors,
 * and duplicates are recognised by (id, version, originator).
 */
export class Federation {
  private db: Kysely<IntelTables>;
  private hub: IntelHub;

  constructor(
    private deps: Deps,
    private fetcher: typeof fetch = fetch,
  ) {
    this.db = deps.store.db.withTables<IntelTables>();
    this.hub = hubFor(deps);
  }

  async addPeer(p: NewPeer): Promise<Peer> {
    // Every problem at once, each naming its option; nothing is stored unless all are fixed.
    const problems: [string, string][] = [];
    if (!p.name.trim()) problems.push(['--name', 'the peer needs a name']);
    else if ((await this.peers()).some((x) => x.name === p.name))
      problems.push(['--name', `a peer named '${p.name}' exists already`]);
    let url: URL | null = null;
    try {
      url = new URL(p.apiRoot);
    } catch {
      /* reported below */
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      problems.push(['--api-root', `'${p.apiRoot}' is not an http(s) URL of a TAXII API root`]);
    if (!p.collection.trim())
      problems.push(['--collection', "name the peer's collection (id or alias)"]);
    if (!p.token.trim())
      problems.push(['--token', "the token the peer issued to this node's member is required"]);
    if (!this.deps.registry.state(p.peerMember))
      problems.push(['--peer-member', `'${p.peerMember}' is not a state in the registry`]);
    if (!findCollection(this.deps.registry, p.localCollection))
      problems.push(['--local-collection', `no local collection '${p.localCollection}'`]);
    if (p.intervalS !== undefined && !(Number.isInteger(p.intervalS) && p.intervalS >= 1))
      problems.push(['--interval', 'the interval is a whole number of seconds, at least 1']);
    if (p.clearance !== undefined && !CLASSIFICATIONS.includes(p.clearance))
      problems.push(['--clearance', `clearance must be one of ${CLASSIFICATIONS.join(', ')}`]);
    if (problems.length)
      throw badInput(problems[0][0], problems.map(([f, m]) => `${f}: ${m}`).join('; '), {
        problems: problems.map(([field, message]) => ({ field, message })),
      });
    const row: Peer = {
      id: newId('peer'),
      name: p.name,
      api_root: p.apiRoot.endsWith('/') ? p.apiRoot : `${p.apiRoot}/`,
      collection: p.collection,
      token: p.token,
      peer_member: p.peerMember,
      local_collection: p.localCollection,
      pull_cursor: null,
      push_cursor: 0,
      last_sync_at: null,
      interval_s: p.intervalS ?? 60,
      clearance: p.clearance ?? 'SECRET',
    };
    await insertPeer(this.db, row);
    return row;
  }

  peers(): Promise<Peer[]> {
    return listPeers(this.db);
  }

  /** The principal the peer node acts as here: its member's node, cleared as the link allows. */
  private peerPrincipal(p: Peer): Principal {
    return {
      role: 'member',
      member: p.peer_member,
      user: `node:${p.name}`,
      clearance: p.clearance,
      tokenId: null,
    };
  }

  private async call(
    p: Peer,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: PeerAnswer; headers: Headers }> {
    const res = await this.fetcher(
      `${p.api_root}collections/${encodeURIComponent(p.collection)}/${path}`,
      {
        method,
        headers: {
          accept: TAXII_MEDIA,
          authorization: `Bearer ${p.token}`,
          ...(body ? { 'content-type': TAXII_MEDIA } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      },
    );
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : {};
    return { status: res.status, json: isObject(json) ? json : {}, headers: res.headers };
  }

  async syncPeer(
    peerName: string,
    reason: 'scheduled' | 'on-demand' = 'on-demand',
  ): Promise<SyncResult> {
    const p = (await this.peers()).find((x) => x.name === peerName);
    if (!p) throw new Error(`no peer '${peerName}'`);
    const coll = findCollection(this.deps.registry, p.local_collection);
    if (!coll) throw new Error(`no local collection '${p.local_collection}'`);
    let requests = 0;
    let pulled = 0;
    const refused: string[] = [];
    const pushRefused: string[] = [];
    let cursor = p.pull_cursor;
    // Pull.
    let next: string | undefined;
    for (;;) {
      const qs = new URLSearchParams({ limit: '1000', 'match[version]': 'all' });
      if (cursor && !next) qs.set('added_after', cursor);
      if (next) {
        qs.set('next', next);
        if (cursor) qs.set('added_after', cursor);
      }
      const r = await this.call(p, 'GET', `objects/?${qs}`);
      requests++;
      if (r.status !== 200)
        throw new Error(
          `pull from ${p.name}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`,
        );
      const objs: unknown[] = Array.isArray(r.json.objects) ? r.json.objects : [];
      if (objs.length) {
        // The originators' signatures travel beside the objects (entry i signs object i) and are checked on ingest.
        const sigs = r.json[SIGNATURES_PROPERTY];
        // So do the labels kept beside objects served with their originators' bytes (#19.5).
        const labels = r.json[LABELS_PROPERTY];
        const st = await this.hub.ingest(
          coll,
          objs,
          this.peerPrincipal(p),
          'sync-pull',
          Array.isArray(sigs) && sigs.length === objs.length ? sigs : undefined,
          { labels: Array.isArray(labels) && labels.length === objs.length ? labels : undefined },
        );
        pulled += st.successes.filter((s) => s.message !== 'already stored').length;
        for (const f of st.failures)
          refused.push(`${f.id} ${f.version}: ${f.message ?? 'refused'}`);
      }
      const last = r.headers.get('x-taxii-date-added-last');
      if (!r.json.more) {
        if (last) cursor = last;
        break;
      }
      next = typeof r.json.next === 'string' ? r.json.next : undefined;
      if (last && !next) cursor = last;
    }
    // Push.
    let pushed = 0;
    let pushCursor = p.push_cursor;
    const who = { member: p.peer_member, clearance: p.clearance };
    const day = this.hub.today();
    let pageNext: string | null = pushCursor ? String(pushCursor) : null;
    for (;;) {
      const page = await this.hub.page(
        { collectionId: coll.id, versions: ['all'], limit: 1000, next: pageNext },
        who,
      );
      // Read after the page: every label the page's rows name was among the labels its visibility came from.
      const labelRows = await this.hub.repo.labels();
      const send = page.rows.filter((r) => {
        if (r.originator === p.peer_member) return false;
        // The row's label (inside the object or kept beside it): its label row decides, as for any read.
        const l = labelRows.get(r.label_id)?.label;
        return (
          l !== undefined &&
          mayForward(
            { ...l, createdAt: '' },
            { ...who },
            day,
            this.hub.resolver,
            this.deps.config.nodeMember,
          )
        );
      });
      if (send.length) {
        const r = await this.call(p, 'POST', 'objects/', {
          objects: send.map((s) => parseJson(s.object)),
          // Each object's originator signature, as stored here (received or made): it travels on (A → B → C).
          ...(send.some((s) => s.signature)
            ? {
                [SIGNATURES_PROPERTY]: send.map((s) =>
                  s.signature ? parseJson<unknown>(s.signature) : null,
                ),
              }
            : {}),
          // Labels kept beside objects (#19.5) travel beside them likewise, the objects' bytes unchanged.
          ...(send.some((s) => s.beside_label)
            ? {
                [LABELS_PROPERTY]: send.map((s) =>
                  s.beside_label ? parseJson<unknown>(s.beside_label) : null,
                ),
              }
            : {}),
        });
        requests++;
        if (r.status !== 202)
          throw new Error(
            `push to ${p.name}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`,
          );
        pushed += typeof r.json.success_count === 'number' ? r.json.success_count : 0;
        if (Array.isArray(r.json.failures))
          for (const f of r.json.failures)
            if (isObject(f))
              pushRefused.push(`${String(f.id)} ${String(f.version)}: ${String(f.message)}`);
        await this.hub.recordReceipts(send, this.peerPrincipal(p), 'sync-push');
      }
      if (page.rows.length) pushCursor = page.rows[page.rows.length - 1].seq;
      if (!page.more) break;
      pageNext = page.next;
    }
    const now = this.deps.clock.now().toISOString();
    const moved = pulled + pushed > 0 || reason === 'on-demand';
    const cursors = { pull_cursor: cursor, push_cursor: pushCursor, last_sync_at: now };
    if (moved) {
      await this.deps.record.transact(async (tx) => {
        await saveSyncCursors(tx.db.withTables<IntelTables>(), p.id, cursors);
        await tx.append({
          actor: this.deps.config.nodeMember ?? 'SECRETARIAT',
          type: 'intel.synced',
          subject: p.name,
          payload: { peer: p.name, peerMember: p.peer_member, pulled, pushed, reason },
        });
      });
    } else {
      await saveSyncCursors(this.db, p.id, cursors);
    }
    if (refused.length)
      console.error(
        `[intel] ${refused.length} object(s) pulled from ${p.name} refused, first: ${refused[0]}`,
      );
    return { peer: p.name, pulled, pushed, requests, refused, pushRefused };
  }
}

/**
 * Scheduler: every tick, syncs each peer whose interval has passed. Failures wait for the next tick.
 * One tick runs at a time; the stop function waits for a tick under way, so nothing syncs after it.
 */
export function startFederation(deps: Deps, tickMs: number): () => Promise<void> {
  const fed = new Federation(deps);
  let running: Promise<void> | null = null;
  const tick = async (): Promise<void> => {
    const now = deps.clock.now().getTime();
    for (const p of await fed.peers()) {
      if (p.last_sync_at && now - Date.parse(p.last_sync_at) < p.interval_s * 1000) continue;
      await fed
        .syncPeer(p.name, 'scheduled')
        .catch((err: unknown) =>
          console.error(`[intel] sync with ${p.name} failed: ${errorText(err)}`),
        );
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    // A failure outside one peer's sync (e.g. reading the peer list) is logged, never left unhandled.
    running = tick()
      .catch((err: unknown) => console.error(`[intel] federation tick failed: ${errorText(err)}`))
      .finally(() => {
        running = null;
      });
  }, tickMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What a peer's TAXII server answered: an envelope, a status, or an error; each field checked where read. */
type PeerAnswer = Record<string, unknown>;
const isObject = (value: unknown): value is PeerAnswer =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
