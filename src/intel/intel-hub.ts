import { parseJson } from '../store/json-column.js';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex, signEd25519 } from '../core/crypto.js';
import { quoted } from '../core/quoted.js';
import { microsOf } from '../core/clock.js';
import {
  baseAfter,
  endBeforeTie,
  formatMicrosAscending,
  normaliseDateAdded,
  placeByLane,
} from './date-added.js';
import { CursorCodec } from './taxii/cursor.js';
import { randomUUID } from '../core/ids.js';
import type { Principal } from '../runtime/auth.js';
import type { Deps } from '../runtime/deps.js';
import type { Collection } from './collections.js';
import {
  EVERYONE,
  labelKey,
  LABEL_EXTENSION_ID,
  LABEL_POLICY,
  labelText,
  readBesideLabel,
  readLabel,
  tlpOf,
  withLabel,
  type ConfidentialityLabel,
  type LabelRead,
} from './labels.js';
import { idKey, type IntelTables } from './migrations.js';
import {
  mayPost,
  mayRead,
  requestDay,
  type CommunityResolver,
  type Recipient,
} from './releasability.js';
import {
  IntelRepository,
  type ExistingRow,
  type LabelRow,
  type NewRow,
  type ObjectQuery,
  type StoredRow,
  type StoredSignature,
} from './repository.js';
import { isObj } from './stix/checks.js';
import { TLP_BY_ID } from './stix/marking.js';
import { describeIssues, validateObject } from './stix/validate.js';
import { afterStore } from './analyst/store-hook.js';
import { warningMatcher } from './analyst/warninglists.js';
import { holdsMemberKeys } from '../core/config.js';
import type { Hash } from '../core/merkle.js';
import type { FederationTables } from '../federation/repository.js';
import type { RecordTables } from '../record/migrations.js';
import {
  checkSignature,
  labelledLeaf,
  objectLeaf,
  parseSignature,
  headOf,
  provenByTree,
  type CarriedLeaf,
  signTree,
  treeIdOf,
  type RegisteredKey,
  type SignatureProblem,
} from './signatures.js';

/** How an object's originator is known here (#19.3). */
export type Provenance = 'signed' | 'verified' | 'unverified';

export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

/**
 * The outcome of an ingest, with every list present (possibly empty) for the node's own callers. Its TAXII
 * form (`taxiiStatus`) omits empty lists and writes the request timestamp with microseconds.
 * Processing is synchronous, so a stored status is always complete.
 */
export interface StatusResource {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: StatusDetail[];
  failure_count: number;
  failures: StatusDetail[];
  pending_count: number;
  pendings: StatusDetail[];
}

/** A TAXII 2.1 status resource (4.3.1) as served: lists are optional and never empty (STIX/TAXII forbid empty lists). */
export type TaxiiStatus = Omit<StatusResource, 'successes' | 'failures' | 'pendings'> & {
  successes?: StatusDetail[];
  failures?: StatusDetail[];
  pendings?: StatusDetail[];
};

/** The wire form of a status: `request_timestamp` as a TAXII timestamp (6 fractional digits), empty lists omitted. */
export function taxiiStatus(s: StatusResource): TaxiiStatus {
  const { successes, failures, pendings, ...rest } = s;
  return {
    ...rest,
    request_timestamp: normaliseDateAdded(s.request_timestamp),
    ...(successes.length ? { successes } : {}),
    ...(failures.length ? { failures } : {}),
    ...(pendings.length ? { pendings } : {}),
  };
}

export interface Page {
  rows: StoredRow[];
  more: boolean;
  next: string | null;
}

export const DEFAULT_CLASSIFICATION = 'RESTRICTED' as const;

/**
 * The sharing hub: validates, labels and stores what members share, and serves each requester
 * exactly what releasability.ts lets it see. TAXII routes, the console API, the CLI and federation
 * all go through it.
 */
export class IntelHub {
  readonly repo: IntelRepository;
  private visibleCache = new Map<string, string[]>();
  private receiptSeen = new Set<string>();

  /**
   * Refuse objects relayed without a signature, or signed with a key this node does not know (module option
   * `requireSignatures`); by default they are stored as not verified and shown so.
   */
  requireSignatures = false;
  private verifiedRoots = new Set<string>();
  private keyCache = new Map<string, RegisteredKey>();

  constructor(
    private deps: Pick<Deps, 'store' | 'clock' | 'record' | 'registry' | 'config' | 'keyring'>,
  ) {
    this.repo = new IntelRepository(deps.store);
  }

  private codec: Promise<CursorCodec> | null = null;
  /** The codec that seals TAXII `next` cursors, keyed by a node-local secret kept in `intel_secrets`. */
  cursors(): Promise<CursorCodec> {
    this.codec ??= this.repo
      .secret('taxii-cursor-key', () => CursorCodec.newKey())
      .then((k) => new CursorCodec(Buffer.from(k, 'base64')))
      .catch((err: unknown) => {
        this.codec = null;
        throw err;
      });
    return this.codec;
  }

  resolver: CommunityResolver = (name, day) => this.deps.registry.resolveCommunity(name, day);
  today(): string {
    return requestDay(this.deps.clock.now());
  }

  /** Label ids whose objects `who` may see today; decided per label by releasability.ts. */
  async visibleLabels(who: Recipient, day = this.today()): Promise<string[]> {
    const labels = await this.repo.labels();
    const key = `${labels.size}|${who.member}|${who.clearance}|${day}`;
    const hit = this.visibleCache.get(key);
    if (hit) return hit;
    const ids = [...labels.values()]
      .filter((l) => mayRead(l.label, who, day, this.resolver))
      .map((l) => l.labelId);
    if (this.visibleCache.size > 5000) this.visibleCache.clear();
    this.visibleCache.set(key, ids);
    return ids;
  }

  /**
   * Who signs the act recording what `poster` did here. A national node holds only its own member's key:
   * it signs, as the node that received and stored the objects, and the act names the poster. A
   * secretariat node holds every member's key, so the posting member signs its own act.
   */
  private signer(poster: Principal): string {
    const { mode, nodeMember } = this.deps.config;
    if (mode === 'national' && nodeMember) return nodeMember;
    return poster.member ?? 'SECRETARIAT';
  }

  /** Whether this node holds `member`'s signing key: its own member's, or every member's on the embedded secretariat. */
  private canSign(member: string): boolean {
    return holdsMemberKeys(this.deps.config) || this.deps.config.nodeMember === member;
  }

  /**
   * Public keys registered on this node, by key id: the alliance's key directory (`alliance_keys`: the
   * pinned directory file and the secretariat's registrations, the keys alliance acts are verified with)
   * and the node's own record identities (not revoked). Found keys are cached; a miss is asked again.
   */
  async registeredKeys(keyIds: string[]): Promise<Map<string, RegisteredKey>> {
    const out = new Map<string, RegisteredKey>();
    const missing: string[] = [];
    for (const k of new Set(keyIds)) {
      const hit = this.keyCache.get(k);
      if (hit) out.set(k, hit);
      else missing.push(k);
    }
    if (!missing.length) return out;
    const db = this.deps.store.db.withTables<FederationTables & RecordTables>();
    for (let i = 0; i < missing.length; i += 500) {
      const part = missing.slice(i, i + 500);
      const alliance = await db
        .selectFrom('alliance_keys')
        .select(['key_id', 'actor', 'public_key'])
        .where('key_id', 'in', part)
        .execute();
      const own = await db
        .selectFrom('identities')
        .select(['key_id', 'actor', 'public_key'])
        .where('key_id', 'in', part)
        .where('revoked_at', 'is', null)
        .execute();
      for (const r of [...own, ...alliance]) {
        const prior = out.get(r.key_id);
        // One key id names one key: should the two tables disagree on its actor, the key is not trusted.
        if (prior && prior.actor !== r.actor) {
          out.delete(r.key_id);
          continue;
        }
        out.set(r.key_id, { actor: r.actor, publicKey: r.public_key });
      }
    }
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    for (const k of missing) {
      const v = out.get(k);
      if (v) this.keyCache.set(k, v);
    }
    return out;
  }

  private labelKeys = new Map<string, string>();
  /** A label's access-relevant parts as a string (cheap to build): the memo key of `labelKeyOf` and of posting decisions. */
  private labelMemoKey(l: ConfidentialityLabel): string {
    return `${l.policy}\u0000${l.classification}\u0000${[...l.releasableTo].sort().join('\u0001')}\u0000${l.originator}\u0000${l.tlp}`;
  }
  /** `labelKey`, memoised: envelopes repeat a handful of labels over thousands of objects. */
  private labelKeyOf(l: ConfidentialityLabel, k = this.labelMemoKey(l)): string {
    let v = this.labelKeys.get(k);
    if (v === undefined) {
      if (this.labelKeys.size > 10_000) this.labelKeys.clear();
      this.labelKeys.set(k, (v = labelKey(l)));
    }
    return v;
  }

  /**
   * Validates, labels, checks signatures and stores an envelope's objects; each object succeeds or fails on
   * its own. `signatures[i]`, when given, is the originator's detached signature of `objects[i]`.
   * `options.labels[i]`, when given, is the label carried beside `objects[i]` (#19.5, `x_tahaluf_labels`: the
   * label extension's body), for an object that does not carry it inside; the object is stored as it came and
   * its label beside it. An object with neither gets the default label, likewise kept beside it.
   * With `allOrNothing` (the MISP import), one refused object refuses the envelope: nothing is stored and
   * no status saved; the status returned lists the refusals and no success.
   */
  async ingest(
    coll: Collection,
    objects: unknown[],
    poster: Principal,
    channel = 'taxii',
    signatures?: readonly unknown[],
    options: { allOrNothing?: boolean; labels?: readonly unknown[] } = {},
  ): Promise<StatusResource> {
    const now = this.deps.clock.now().toISOString();
    // The clock's microsecond when the request began: one that has not moved by the base does not move by itself.
    const startUs = microsOf(this.deps.clock);
    const day = this.today();
    const who: Recipient = { member: poster.member, clearance: poster.clearance };
    const successes: StatusDetail[] = [];
    const failures: StatusDetail[] = [];
    const accepted: {
      row: NewRow;
      label: ConfidentialityLabel;
      detail: StatusDetail;
      defaulted: boolean;
      obj: Record<string, unknown>;
      /** The object as signed: with its label inside (`withLabel`) when the label is kept beside it. */
      composed: Record<string, unknown>;
      /** To be signed here with the originator's key (the poster is the originator and this node holds it). */
      leaf: Hash | null;
    }[] = [];
    const seenInBatch = new Map<string, { hash: string; obj: Record<string, unknown> }>();
    // Labels carried beside the objects (#19.5), read once: entry i labels object i.
    const besideReads = (options.labels ?? []).map((entry, index): LabelRead | null => {
      const raw = objects[index];
      return entry === undefined || entry === null || !isObj(raw)
        ? null
        : readBesideLabel(raw, entry);
    });
    const besideOf = (index: number): ConfidentialityLabel | null => {
      const b = besideReads[index];
      return b && 'label' in b ? b.label : null;
    };
    // Keys named by the carried signatures, looked up once per envelope.
    const keyIds: string[] = [];
    for (const sig of signatures ?? [])
      if (isObj(sig) && typeof sig.key_id === 'string') keyIds.push(sig.key_id);
    const keys = keyIds.length
      ? await this.registeredKeys(keyIds)
      : new Map<string, RegisteredKey>();
    // Carried signatures read once, with the leaf of the object beside each; whole signed trees carried
    // together are proven in one pass (provenByTree), the rest proof by proof in the loop below.
    const carriedLeaves = (signatures ?? []).map((carried, index): CarriedLeaf | null => {
      const raw = objects[index];
      if (carried === undefined || carried === null || !isObj(raw)) return null;
      const sig = parseSignature(carried);
      return typeof sig === 'string' ? null : { sig, leaf: labelledLeaf(raw, besideOf(index)) };
    });
    // Whole trees proven here: their leaves are stored once with the tree, and each object's path is rebuilt
    // from them when served (an object of a tree received in part keeps the path it came with).
    const treeLeaves = new Map<number, Hash[]>();
    const provenInTree = provenByTree(carriedLeaves, treeLeaves);
    const heads = new Map<string, Pick<StoredSignature, 'head' | 'treeId'>>();
    const headChecks = new Map<string, SignatureProblem | null>();
    // Posting decisions per label within this envelope: `mayPost` reads only the label's classification,
    // originator and releasable set, the poster and the day, which the memo key and this call fix.
    const postDecisions = new Map<string, string | null>();
    for (const [index, raw] of objects.entries()) {
      const id = isObj(raw) && typeof raw.id === 'string' ? raw.id : '';
      const version = isObj(raw) ? quoted(raw.modified ?? raw.created) : '';
      const detail = { id, version };
      const issues = validateObject(raw);
      if (issues.length) {
        failures.push({ ...detail, message: `invalid STIX 2.1: ${describeIssues(issues)}` });
        continue;
      }
      const obj = raw as Record<string, unknown>;
      const read = readLabel(obj);
      if ('error' in read) {
        failures.push({ ...detail, message: read.error });
        continue;
      }
      let label = read.label;
      // A label carried beside the object (#19.5): the object keeps its bytes, the label is stored beside it.
      const besideRead = TLP_BY_ID.has(id) ? null : (besideReads[index] ?? null);
      if (besideRead && 'error' in besideRead) {
        failures.push({ ...detail, message: besideRead.error });
        continue;
      }
      if (besideRead && label) {
        failures.push({
          ...detail,
          message: 'the object carries its label inside and beside it: send it once',
        });
        continue;
      }
      if (besideRead) label = besideRead.label;
      let beside = besideRead !== null;
      const defaulted = !label && !TLP_BY_ID.has(id);
      if (TLP_BY_ID.has(id))
        label = {
          policy: LABEL_POLICY,
          classification: 'PUBLIC',
          releasableTo: [EVERYONE],
          originator: poster.member ?? 'XXX',
          createdAt: now,
          tlp: null,
        };
      else if (!label) {
        if (!poster.member) {
          failures.push({ ...detail, message: 'only a member state user may share intelligence' });
          continue;
        }
        // The label's creation time is the version's own timestamp (now only for SCOs, which have none), so
        // posting the same unlabelled version again yields the same stored object: already present, not a clash.
        // The object keeps its bytes: the label is kept beside it (#19.5).
        label = {
          policy: LABEL_POLICY,
          classification: DEFAULT_CLASSIFICATION,
          releasableTo: [coll.community],
          originator: poster.member,
          createdAt: version || now,
          tlp: tlpOf(obj),
        };
        beside = true;
      }
      // Signed, compared and deduplicated with the label in it: the same object under another label is another.
      const besideLabel = beside ? label : null;
      const composed = besideLabel ? withLabel(obj, besideLabel) : obj;
      const memoKey = this.labelMemoKey(label);
      let refusal: string | null | undefined = null;
      if (!TLP_BY_ID.has(id)) {
        refusal = postDecisions.get(memoKey);
        if (refusal === undefined) {
          refusal = mayPost(label, who, day, this.resolver);
          postDecisions.set(memoKey, refusal);
        }
      }
      if (refusal) {
        failures.push({ ...detail, message: refusal });
        continue;
      }
      // Provenance (#19.3): a carried signature must be the label's originator's, by a key registered to it,
      // over this object's canonical form; otherwise the object is refused here and nothing of it is stored.
      const carried = signatures?.[index];
      let signature: StoredSignature | null = null;
      let provenance: Provenance | null = null;
      let leaf: Hash | null = null;
      if (TLP_BY_ID.has(id)) {
        // The official TLP marking-definitions are public reference objects: no originator to prove.
      } else if (carried !== undefined && carried !== null) {
        // The carried leaf was read with the label carried beside the object, not with a default one.
        const pre = defaulted ? null : carriedLeaves[index];
        const parsed = pre ? pre.sig : parseSignature(carried);
        if (typeof parsed === 'string') {
          failures.push({ ...detail, message: `signature refused: ${parsed}` });
          continue;
        }
        // An object proven in its whole tree is judged by its tree's head and its label's originator alone:
        // one check per (tree, originator) in the envelope.
        const included = pre !== null && provenInTree.has(index);
        const headKey = `${parsed.signer}|${parsed.key_id}|${parsed.root}|${parsed.size}|${parsed.signature}`;
        const checkKey = included ? `${headKey}|${label.originator}` : null;
        let problem = checkKey === null ? undefined : headChecks.get(checkKey);
        if (problem === undefined) {
          problem = checkSignature(
            obj,
            parsed,
            label.originator,
            (k) => keys.get(k),
            this.verifiedRoots,
            pre ? pre.leaf : objectLeaf(composed),
            included,
          );
          if (checkKey !== null) headChecks.set(checkKey, problem);
        }
        if (problem && (!problem.unknownKey || this.requireSignatures)) {
          failures.push({ ...detail, message: `signature refused: ${problem.message}` });
          continue;
        }
        // One head (and tree id) per signed tree in the envelope, shared by its objects' rows.
        let shared = heads.get(headKey);
        if (!shared) {
          const head = headOf(parsed);
          heads.set(headKey, (shared = { head, treeId: treeIdOf(head) }));
        }
        const whole = included ? treeLeaves.get(index) : undefined;
        signature = {
          head: shared.head,
          treeId: shared.treeId,
          index: parsed.index,
          path: whole ? null : parsed.path,
          leaves: whole ?? null,
        };
        provenance = problem ? 'unverified' : 'verified';
      } else if (poster.member === label.originator && this.canSign(label.originator)) {
        leaf = objectLeaf(composed);
        provenance = 'signed';
      } else if (this.requireSignatures && poster.member !== label.originator) {
        failures.push({
          ...detail,
          message: `signature refused: an object of ${label.originator} relayed by ${poster.member ?? 'the secretariat'} must carry ${label.originator}'s signature`,
        });
        continue;
      } else provenance = 'unverified';
      // The content hash is over the exact text stored and served (and signed in the act); whether two
      // texts are the same object regardless of key order is decided only when an id and version repeat.
      const text = JSON.stringify(obj);
      const hash = sha256Hex(text);
      const key = `${id}|${version}|${label.originator}`;
      const prior = seenInBatch.get(key);
      // Within an envelope, the same text under the same label kept beside it is the same object.
      const sameKey = besideLabel ? `${hash}|${memoKey}|${besideLabel.createdAt}` : hash;
      if (prior !== undefined) {
        if (prior.hash === sameKey || sameContent(prior.obj, composed))
          successes.push({ ...detail, message: 'duplicate in envelope' });
        else
          failures.push({
            ...detail,
            message: 'the envelope holds two different objects with this id and version',
          });
        continue;
      }
      seenInBatch.set(key, { hash: sameKey, obj: composed });
      accepted.push({
        label,
        detail,
        defaulted,
        obj,
        composed,
        leaf,
        row: {
          sig: signature,
          provenance,
          received_from: poster.member ?? 'SECRETARIAT',
          collection_id: coll.id,
          id,
          type: String(obj.type),
          spec_version: typeof obj.spec_version === 'string' ? obj.spec_version : '2.1',
          version,
          originator: label.originator,
          label_id: this.labelKeyOf(label, memoKey),
          date_added: now,
          content_hash: hash,
          object: text,
          id_key: idKey(coll.id, id),
          label_created: besideLabel ? besideLabel.createdAt : null,
        },
      });
    }
    const statusId = randomUUID();
    const refusedWhole = () =>
      statusOf({ id: statusId, request_timestamp: now, successes: [], failures });
    if (options.allOrNothing && failures.length) return refusedWhole();
    let refused = false;
    // Read outside the transaction: SQLite has one connection, the outer handle would wait on it.
    const knownLabels = await this.repo.labels();
    // Labels the poster may read: a clash with another originator's object is refused only if the poster can see it.
    const posterSees = new Set(accepted.length ? await this.visibleLabels(who, day) : []);
    // Warning lists are compiled and cached outside the transaction (re-read only when they change).
    const matcher = accepted.length ? await warningMatcher(this.deps.store) : null;
    // Register the signing keys outside the transaction (SQLite has one connection); signing inside needs no query.
    for (const m of new Set(accepted.filter((a) => a.leaf).map((a) => a.label.originator)))
      await this.deps.keyring.keyFor(m);
    let newLabels = false;
    await this.deps.record.transact(async (tx) => {
      const db = tx.db.withTables<IntelTables>();
      // (collection, id, version, originator) is unique by this check, so no other envelope may commit
      // between it and the insert: take the record's lock first (PostgreSQL; SQLite has one writer).
      await tx.lock();
      const existing: Awaited<ReturnType<IntelRepository['existing']>> = accepted.length
        ? await this.repo.existing(
            db,
            coll.id,
            [...new Set(accepted.map((a) => a.row.id))],
            new Map(accepted.map((a) => [a.row.id, a.row.id_key ?? idKey(coll.id, a.row.id)])),
          )
        : new Map<string, ExistingRow>();
      // The same text under the same label (inside it, or the same label kept beside it): the same object.
      const sameStored = (e: ExistingRow, a: (typeof accepted)[number]) =>
        e.hash === a.row.content_hash &&
        e.labelCreated === (a.row.label_created ?? null) &&
        e.label === a.row.label_id;
      // Stored texts that differ from a re-posted version's: the same object in another key order?
      const differing = accepted.flatMap((a) => {
        const e = existing.get(`${a.row.id}|${a.row.version}|${a.row.originator}`);
        return e && !sameStored(e, a) ? [e.seq] : [];
      });
      const storedText = differing.length
        ? await this.repo.objectTexts(db, differing)
        : new Map<number, string>();
      // Other originators' copies per (id, version): an SDO/SRO clash the poster can see is refused with
      // the same message as its own clash; one it cannot see is stored originator-scoped (no leak).
      // Originators of the stored copies the poster can see, by `id|version` (keys of `existing` are
      // `id|version|originator`; an id and a version hold no '|'): one lookup per object, not a scan of
      // every copy found.
      const seenOriginators = new Map<string, Set<string>>();
      for (const [k, v] of existing) {
        if (!posterSees.has(v.label)) continue;
        const at = k.indexOf('|', k.indexOf('|') + 1);
        const idVersion = k.slice(0, at);
        const set = seenOriginators.get(idVersion);
        if (set) set.add(k.slice(at + 1));
        else seenOriginators.set(idVersion, new Set([k.slice(at + 1)]));
      }
      const clashVisible = (a: (typeof accepted)[number]) => {
        if (a.row.version === '') return false;
        const originators = seenOriginators.get(`${a.row.id}|${a.row.version}`);
        return !!originators && [...originators].some((o) => o !== a.row.originator);
      };
      const fresh: typeof accepted = [];
      const upgrades: {
        seq: number;
        sig: StoredSignature;
        detail: StatusDetail;
        id: string;
        version: string;
        label: string;
        sha256: string;
      }[] = [];
      const clash = 'a different object with this id and version is already stored';
      for (const a of accepted) {
        const have = existing.get(`${a.row.id}|${a.row.version}|${a.row.originator}`);
        if (have === undefined) {
          if (clashVisible(a)) failures.push({ ...a.detail, message: clash });
          else {
            fresh.push(a);
            successes.push(a.detail);
          }
        } else if (
          sameStored(have, a) ||
          sameAsStored(composedStored(have, storedText, knownLabels), a.composed, a.defaulted)
        ) {
          const detail = { ...a.detail, message: 'already stored' };
          successes.push(detail);
          // A verified signature re-posted for a version stored without one upgrades its provenance, but only
          // when the signature proves the stored bytes and label (the same, or the same canonical form).
          if (
            a.row.provenance === 'verified' &&
            a.row.sig &&
            (sameStored(have, a) ||
              sameContent(composedStored(have, storedText, knownLabels), a.composed))
          )
            upgrades.push({
              seq: have.seq,
              sig: a.row.sig,
              detail,
              id: a.row.id,
              version: a.row.version,
              label: have.label,
              sha256: have.hash,
            });
        } else failures.push({ ...a.detail, message: clash });
      }
      // All or nothing: nothing has been written in this transaction yet; leave it without a write.
      if (options.allOrNothing && failures.length) {
        refused = true;
        return;
      }
      // Never a downgrade: only rows not signed or verified here are changed (the repository's guard).
      if (upgrades.length) {
        const by = poster.member ?? 'SECRETARIAT';
        const changed = new Set(await this.repo.upgradeProvenance(db, upgrades, now, by));
        const done = upgrades.filter((u) => changed.has(u.seq));
        for (const u of done) u.detail.message = 'already stored; its signature is now verified';
        // The upgrade is an act of the record (private, as every intel act): who proved which stored version.
        if (done.length)
          await tx.append({
            actor: this.signer(poster),
            type: 'intel.signature_verified',
            subject: coll.id,
            payload: {
              collection: coll.alias,
              channel,
              poster: by,
              user: poster.user,
              objects: done.map((u) => ({
                id: u.id,
                version: u.version,
                label: u.label,
                sha256: u.sha256,
                signer: u.sig.head.signer,
                key_id: u.sig.head.key_id,
              })),
            },
          });
      }
      if (fresh.length) {
        // The originator's signature over what is stored now: one tree per label, so a proof's siblings and
        // size only speak of objects every reader of the proved object may read too.
        const groups = new Map<string, (typeof fresh)[number][]>();
        for (const a of fresh)
          if (a.leaf) {
            const g = groups.get(a.row.label_id);
            if (g) g.push(a);
            else groups.set(a.row.label_id, [a]);
          }
        for (const g of groups.values()) {
          const signer = g[0].label.originator;
          // Registered before the transaction began: keyFor answers from memory here.
          const key = await this.deps.keyring.keyFor(signer);
          const leaves = g.map((a) => a.leaf ?? objectLeaf(a.obj));
          const { head } = signTree(leaves, signer, key.keyId, (message) =>
            signEd25519(key.privateKeyPem, message),
          );
          const treeId = treeIdOf(head);
          g.forEach((a, index) => {
            a.row.sig = { head, treeId, index, path: null, leaves };
          });
        }
        // Append the act first: on PostgreSQL it takes the record's lock, so batches get date_added in commit order.
        await tx.append({
          actor: this.signer(poster),
          type: 'intel.shared',
          subject: coll.id,
          payload: {
            collection: coll.alias,
            channel,
            poster: poster.member ?? 'SECRETARIAT',
            user: poster.user,
            count: fresh.length,
            // Each object's content hash is under the poster's signature: `tahaluf verify` detects a stored
            // object whose content changed after it was shared.
            objects: fresh.map((a) => ({
              id: a.row.id,
              version: a.row.version,
              label: a.row.label_id,
              sha256: a.row.content_hash,
              // The label kept beside the stored bytes (#19.5): its creation time is under the signature too.
              ...(a.row.label_created ? { label_created: a.row.label_created } : {}),
            })),
          },
        });
        // date_added (date-added.ts, #19.2): from the clock's microsecond under the record's lock, each label in
        // its lane, so no two objects share a value and no reader's values depend on objects of labels it may
        // not read; stored in value order, so date_added never decreases with the sequence that orders pages.
        const placed = placeByLane(fresh, (a) => a.row.label_id);
        const base = await baseAfter(this.deps.clock, await this.repo.latestDateAdded(db), startUs);
        const added = formatMicrosAscending(placed.map((p) => base + p.offset));
        fresh.length = 0;
        placed.forEach((p, i) => {
          p.item.row.date_added = added[i];
          fresh.push(p.item);
        });
        const labelsOfBatch = new Map<string, ConfidentialityLabel>();
        for (const a of fresh)
          if (!labelsOfBatch.has(a.row.label_id)) labelsOfBatch.set(a.row.label_id, a.label);
        newLabels = await this.repo.ensureLabels(db, labelsOfBatch, now, knownLabels);
        await this.repo.insert(
          db,
          fresh.map((a) => a.row),
        );
        await this.repo.insertRefs(
          db,
          fresh.map((a) => a.row),
          fresh.map((a) => a.obj),
        );
        // Correlation index and warning lists (analyst/store-hook.ts): a match is noted in the poster's status.
        const notes = matcher
          ? await afterStore(
              tx.db,
              fresh.map((a) => a.row),
              now,
              matcher,
              { objects: fresh.map((a) => a.obj), sqlite: this.deps.store.sqlite },
            )
          : new Map<number, string>();
        for (const [i, note] of notes) fresh[i].detail.message = note;
        // Shadow hints: ids that now hold more than one row get theirs recomputed. `existing` was read
        // under the record's lock, so it is exact: the ids it found, and ids repeated within the batch.
        const multi = new Set<string>();
        for (const k of existing.keys()) multi.add(k.slice(0, k.indexOf('|')));
        const once = new Set<string>();
        for (const a of fresh)
          if (once.has(a.row.id)) multi.add(a.row.id);
          else once.add(a.row.id);
        if (multi.size) await this.repo.refreshShadows(db, coll.id, [...multi]);
      }
      await this.repo.saveStatus(db, {
        id: statusId,
        collection_id: coll.id,
        member: poster.member,
        user_name: poster.user,
        request_timestamp: now,
        total_count: objects.length,
        success_count: successes.length,
        failure_count: failures.length,
        successes: JSON.stringify(successes),
        failures: JSON.stringify(failures),
      });
    });
    if (refused) return refusedWhole();
    if (newLabels) this.repo.invalidateLabels();
    return statusOf({ id: statusId, request_timestamp: now, successes, failures });
  }

  /** A status resource, only for the member user that made the request (anyone else: as if it did not exist). */
  async status(id: string, who: Principal): Promise<StatusResource | null> {
    const s = await this.repo.status(id);
    if (!s || s.member !== who.member || s.user_name !== who.user) return null;
    return statusOf({
      id: s.id,
      request_timestamp: s.request_timestamp,
      successes: parseJson(s.successes),
      failures: parseJson(s.failures),
    });
  }

  /** One page of visible objects in date-added order. */
  async page(
    q: Omit<ObjectQuery, 'visible' | 'afterSeq' | 'beforeSeq'> & {
      next?: string | null;
      labelContains?: string;
    },
    who: Recipient,
  ): Promise<Page> {
    let visible = await this.visibleLabels(who);
    if (q.labelContains) {
      // Narrows what the caller may see to labels whose display text contains the words (the console's filter).
      const labels = await this.repo.labels();
      const want = q.labelContains.toUpperCase();
      visible = visible.filter((id) => {
        const l = labels.get(id);
        return !!l && labelText(l.label).toUpperCase().includes(want);
      });
    }
    const cursor = q.next ? Number(q.next) : undefined;
    const rows = await this.repo.query({
      ...q,
      visible,
      ...(q.newestFirst ? { beforeSeq: cursor } : { afterSeq: cursor }),
    });
    const more = rows.length > q.limit;
    const page = more ? endBeforeTie(rows.slice(0, q.limit), rows[q.limit]) : rows;
    return { rows: page, more, next: more ? String(page[page.length - 1].seq) : null };
  }

  /**
   * Relationship ids whose source or target is one of `ids` in a collection: candidates only (a hash
   * collision may add one, and visibility is not checked): read them through `page` and check their ends.
   */
  relationshipsNaming(collectionId: string, ids: string[]): Promise<string[]> {
    return this.repo.relationshipsNaming(collectionId, ids);
  }

  /** Audit of reads: the first time a member's user receives a restricted object of another originator. */
  async recordReceipts(rows: StoredRow[], who: Principal, channel: string): Promise<void> {
    if (!who.member) return;
    const labels = await this.repo.labels();
    const at = this.deps.clock.now().toISOString();
    const out: IntelTables['intel_receipts'][] = [];
    for (const r of rows) {
      if (r.originator === who.member) continue;
      const l = labels.get(r.label_id)?.label;
      if (!l || (l.classification === 'PUBLIC' && (l.tlp === null || l.tlp === 'clear'))) continue;
      const k = `${r.id}|${who.member}|${who.user}|${channel}`;
      if (this.receiptSeen.has(k)) continue;
      this.receiptSeen.add(k);
      out.push({
        object_id: r.id,
        originator: r.originator,
        recipient: who.member,
        recipient_user: who.user,
        channel,
        first_at: at,
      });
    }
    if (this.receiptSeen.size > 200_000) this.receiptSeen.clear();
    if (out.length) await this.repo.addReceipts(out);
  }

  private pendingReceipts: Promise<void> = Promise.resolve();

  /**
   * Records receipts after the response is on its way (off the read's latency path); writes are
   * chained, and `receipts()` waits for them, so the audit view never misses a delivered object.
   */
  deferReceipts(rows: StoredRow[], who: Principal, channel: string): void {
    this.pendingReceipts = this.pendingReceipts
      .then(() => this.recordReceipts(rows, who, channel))
      .catch((err) => console.error('[intel] recording receipts failed:', err));
  }

  async receipts(originator: string, limit: number): Promise<IntelTables['intel_receipts'][]> {
    await this.pendingReceipts;
    return this.repo.receiptsOf(originator, limit);
  }

  /** Deletes stored versions (the caller checked they are the requester's own) and records the act. */
  async remove(coll: Collection, rows: StoredRow[], who: Principal): Promise<void> {
    await this.deps.record.transact(async (tx) => {
      await tx.db
        .withTables<IntelTables>()
        .deleteFrom('intel_objects')
        .where(
          'seq',
          'in',
          rows.map((r) => r.seq),
        )
        .execute();
      await tx.append({
        actor: this.signer(who),
        type: 'intel.deleted',
        subject: coll.id,
        payload: {
          collection: coll.alias,
          poster: who.member ?? 'SECRETARIAT',
          user: who.user,
          objects: rows.map((r) => ({ id: r.id, version: r.version, label: r.label_id })),
        },
      });
    });
  }
}

/** Two STIX objects with the same content, whatever the order of their keys. */
const sameContent = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

function statusOf(s: {
  id: string;
  request_timestamp: string;
  successes: StatusDetail[];
  failures: StatusDetail[];
}): StatusResource {
  return {
    id: s.id,
    status: 'complete',
    request_timestamp: s.request_timestamp,
    total_count: s.successes.length + s.failures.length,
    success_count: s.successes.length,
    successes: s.successes,
    failure_count: s.failures.length,
    failures: s.failures,
    pending_count: 0,
    pendings: [],
  };
}

/**
 * A stored version as signed and compared (#19.5): its stored text, with the label kept beside it written in
 * (`withLabel`) when it has one; null when its text or label row is not at hand.
 */
function composedStored(
  e: ExistingRow,
  texts: ReadonlyMap<number, string>,
  labels: ReadonlyMap<string, LabelRow>,
): Record<string, unknown> | null {
  const text = texts.get(e.seq);
  if (text === undefined) return null;
  const stored: unknown = JSON.parse(text);
  if (!isObj(stored) || e.labelCreated === null) return isObj(stored) ? stored : null;
  const l = labels.get(e.label);
  return l ? withLabel(stored, { ...l.label, createdAt: e.labelCreated }) : null;
}

/**
 * Is a re-posted object the one stored? Key order does not matter. An object posted without a label got
 * the default label, whose creation time is its version's timestamp — or, for an SCO, which has no
 * version, the time of posting: posting the same unlabelled SCO again is the same object if everything
 * else, the rest of the label included, is equal.
 */
function sameAsStored(
  stored: unknown,
  incoming: Record<string, unknown>,
  defaulted: boolean,
): boolean {
  if (sameContent(stored, incoming)) return true;
  if (!defaulted || !isObj(stored)) return false;
  const storedTime = (stored.extensions as Record<string, Record<string, unknown>> | undefined)?.[
    LABEL_EXTENSION_ID
  ]?.creation_time;
  const ext = (incoming.extensions as Record<string, Record<string, unknown>> | undefined)?.[
    LABEL_EXTENSION_ID
  ];
  if (typeof storedTime !== 'string' || !ext) return false;
  return sameContent(stored, {
    ...incoming,
    extensions: {
      ...(incoming.extensions as object),
      [LABEL_EXTENSION_ID]: { ...ext, creation_time: storedTime },
    },
  });
}
