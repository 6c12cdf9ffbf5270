import type { Kysely } from 'kysely';
import { canonicalJson } from '../core/canonical-json.js';
import type { Clock } from '../core/clock.js';
import { sha256Hex } from '../core/crypto.js';
import { badInput, messageOf } from '../core/errors.js';
import {
  fromBase64,
  fromHex,
  leafHash,
  toBase64,
  toHex,
  verifyConsistency,
  type Hash,
} from '../core/merkle.js';
import { checkTreeSize, StoredMerkleTree, type SubtreeStore } from '../core/merkle-tree.js';
import {
  checkpointText,
  cosign,
  noteKeyId,
  parseCheckpointText,
  parseNote,
  verifyCosignatureBytes,
  COSIGNATURE_ED25519,
  type NoteKey,
} from '../core/signed-note.js';
import type { Keyring } from '../record/keyring.js';
import type { Store } from '../store/database.js';
import { envelopeSubject } from './envelope.js';
import type { FederationTables } from './repository.js';
import * as t from './tlog-repository.js';
import { AllianceWitnessFile } from './witness-state.js';

/** What makes leaf `seq` of the alliance tree: the stream message as this node received it. */
export interface LeafSource {
  stream_seq: number;
  nats_subject: string | null;
  stream_time: string;
  envelope: string;
  actor: string | null;
  type: string | null;
}

/**
 * Leaf data of a stream message: canonical JSON of its sequence, NATS subject, stream time and body as
 * received: everything the verification of the act depends on, so every node builds the same leaf.
 */
export function allianceLeafData(row: LeafSource, subjectPrefix: string): Uint8Array {
  const subject =
    row.nats_subject ??
    (row.actor && row.type ? envelopeSubject(subjectPrefix, row.actor, row.type) : '');
  return Buffer.from(
    canonicalJson({
      seq: Number(row.stream_seq),
      subject,
      time: row.stream_time,
      body: row.envelope,
    }),
    'utf8',
  );
}

/** The alliance tree's subtrees in `alliance_tree`. */
function allianceTreeStore(db: () => t.AllianceTlogDb): SubtreeStore {
  return {
    size: () => t.treeSize(db()),
    async nodes(wanted) {
      const held = await t.treeNodes(db(), wanted);
      return new Map([...held].map(([k, v]) => [k, fromHex(v)]));
    },
    insert: (rows) =>
      db()
        .transaction()
        .execute((trx) =>
          t.insertTreeNodes(
            trx,
            rows.map((n) => ({ level: n.level, idx: n.index, hash: toHex(n.hash) })),
          ),
        ),
  };
}

/** A witness's key name on the alliance checkpoint: `tahaluf/alliance-witness/<actor>`. */
export const witnessName = (actor: string): string =>
  `tahaluf/alliance-witness/${actor.toLowerCase()}`;

export interface CosignerView {
  witness: string;
  cosignedAt: string;
}

export interface AllianceCheckpointView {
  size: number;
  rootHash: string;
  /** The signed note with the cosignatures gathered at this size whose root matches this node's. */
  note: string;
  cosigners: CosignerView[];
}

/**
 * The alliance log as an RFC 9162 Merkle tree over the stream's messages in stream order (leaf i = stream
 * sequence i+1, applied or rejected alike: every node holds the same messages), its C2SP checkpoints
 * (origin `tahaluf/alliance/<alliance>`) and the witnessing: this node cosigns its checkpoint (C2SP
 * tlog-cosignature, with its registered node key) only after checking consistency with the last one it
 * cosigned (state in `<data>/witness`), and checks every other node's cosignature against its own tree.
 */
export class AllianceTransparency {
  private syncing: Promise<number> = Promise.resolve(0);
  private serial: Promise<unknown> = Promise.resolve();
  /** The checkpoint of this node's own tree that its witness last refused, not yet published. */
  private refusal: string | null = null;
  readonly origin: string;
  readonly witnessFile: AllianceWitnessFile;
  /** The stream's messages as an RFC 9162 tree (`alliance_tree`), the one stored tree of core. */
  private readonly tree: StoredMerkleTree;

  constructor(
    private store: Store,
    private keyring: Keyring,
    private clock: Clock,
    readonly alliance: string,
    readonly nodeActor: string,
    private subjectPrefix: string,
    witnessDir: string | null,
    /**
     * Distinct witnesses whose cosignatures make a checkpoint final (the alliance's directory data); follows
     * the directory when the node reloads it (`AllianceLog.loadDirectory`).
     */
    public quorum: number,
  ) {
    this.origin = `tahaluf/alliance/${alliance.toLowerCase()}`;
    this.witnessFile = new AllianceWitnessFile(this.origin, witnessDir);
    this.tree = new StoredMerkleTree(
      allianceTreeStore(() => this.db),
      'alliance tree',
    );
  }

  private get db(): Kysely<t.AllianceTlogTables & FederationTables> {
    return this.store.db.withTables<t.AllianceTlogTables & FederationTables>();
  }

  /** One state change at a time (own checkpoint, received cosignature): each reads what the last wrote. */
  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.serial.then(run, run);
    this.serial = next.catch(() => undefined);
    return next;
  }

  /** Extends the stored tree over messages consumed since; returns the tree size. */
  sync(): Promise<number> {
    const run = this.syncing.then(
      () => this.syncNow(),
      () => this.syncNow(),
    );
    this.syncing = run.catch(() => 0);
    return run;
  }

  private syncNow(): Promise<number> {
    return this.tree.extend({
      page: (after, limit) => t.leafRows(this.db, after, limit),
      indexOf: (row) => Number(row.stream_seq) - 1,
      leafHash: (row) => leafHash(allianceLeafData(row, this.subjectPrefix)),
      // A gap (a message not yet consumed, e.g. written out of order) stops the tree there.
      onGap: 'stop',
    });
  }

  private async checkSize(size: number, field: string): Promise<number> {
    const current = await this.sync();
    checkTreeSize(size, field, current);
    return current;
  }

  async root(size: number): Promise<Hash> {
    await this.checkSize(size, 'treeSize');
    return this.tree.root(size);
  }

  /** Audit path of the message at stream sequence `seq` in the tree of `treeSize` messages. */
  async inclusion(seq: number, treeSize: number) {
    await this.checkSize(treeSize, 'treeSize');
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > treeSize)
      throw badInput(
        'streamSeq',
        `stream sequence ${seq} is not in a tree of ${treeSize} messages`,
      );
    const proof = await this.tree.inclusion(seq - 1, treeSize);
    return {
      streamSeq: seq,
      treeSize,
      leafHash: toBase64(await this.tree.leaf(seq - 1)),
      proof: proof.map(toBase64),
      rootHash: toBase64(await this.root(treeSize)),
    };
  }

  async consistency(from: number, to: number) {
    await this.checkSize(to, 'to');
    if (!Number.isSafeInteger(from) || from < 1 || from > to)
      throw badInput('from', `from must be between 1 and to (${to}), got ${from}`);
    const proof = await this.tree.consistency(from, to);
    return {
      from,
      to,
      proof: proof.map(toBase64),
      fromRoot: toBase64(await this.root(from)),
      toRoot: toBase64(await this.root(to)),
    };
  }

  private async ownKey(): Promise<{ key: NoteKey; privateKeyPem: string }> {
    const held = await this.keyring.keyFor(this.nodeActor);
    return {
      key: {
        name: witnessName(this.nodeActor),
        publicKeyPem: held.publicKeyPem,
        type: COSIGNATURE_ED25519,
      },
      privateKeyPem: held.privateKeyPem,
    };
  }

  private async cosignBody(body: string): Promise<string> {
    const { key, privateKeyPem } = await this.ownKey();
    return cosign(body, key, privateKeyPem, Math.floor(this.clock.now().getTime() / 1000));
  }

  private async recordEvidence(e: {
    kind: string;
    witness: string;
    size: number;
    reason: string;
    held: string;
    offered: string;
  }): Promise<void> {
    const seenAt = this.clock.now().toISOString();
    await t.insertEvidence(this.db, {
      id: sha256Hex(`${e.kind}\n${e.held}\n${e.offered}`).slice(0, 24),
      ...e,
      seen_at: seenAt,
    });
    console.error(`[alliance] ${e.kind}: ${e.reason}`);
  }

  /**
   * This node's witness: cosigns the checkpoint of its tree when the tree grew, after checking it extends
   * the last checkpoint it cosigned (RFC 9162 consistency proof). Returns the cosigned note to publish, or
   * null when there is nothing new or the witness refused (the evidence is then recorded).
   */
  checkpoint(): Promise<string | null> {
    return this.exclusive(() => this.checkpointNow());
  }

  private async checkpointNow(): Promise<string | null> {
    const size = await this.sync();
    if (size === 0) return null;
    const last = this.witnessFile.last();
    if (last && last.size === size) return null;
    const root = toBase64(await this.tree.root(size));
    const body = checkpointText({ origin: this.origin, size, rootHash: root });
    if (last) {
      let contradiction: { kind: string; reason: string } | null = null;
      if (size < last.size)
        contradiction = {
          kind: 'truncation',
          reason: `this node's alliance log holds ${size} messages, but its witness cosigned size ${last.size} (the log was truncated)`,
        };
      else {
        const proof = await this.tree.consistency(last.size, size);
        if (!verifyConsistency(last.size, size, fromBase64(last.rootHash), fromBase64(root), proof))
          contradiction = {
            kind: 'fork',
            reason: `the tree of size ${size} does not extend the tree of size ${last.size} this node's witness cosigned (its first ${last.size} messages were altered, removed or reordered)`,
          };
      }
      if (contradiction) {
        const offered = `${body}\n${await this.cosignBody(body)}`;
        const at = this.clock.now().toISOString();
        this.witnessFile.recordInconsistency({ at, ...contradiction, held: last.note, offered });
        this.refusal = offered;
        await this.recordEvidence({
          ...contradiction,
          witness: this.nodeActor,
          size,
          held: last.note,
          offered,
        });
        return null;
      }
    }
    const line = await this.cosignBody(body);
    const note = `${body}\n${line}`;
    const at = this.clock.now().toISOString();
    // What the witness cosigned is on disk before the cosignature leaves this node.
    this.witnessFile.recordCosigned({ size, rootHash: root, note, at });
    await t.insertCheckpoint(this.db, { size, root_hash: root, note, created_at: at });
    await t.insertCosignature(this.db, {
      witness: this.nodeActor,
      size,
      root_hash: root,
      line,
      cosigned_at: Math.floor(this.clock.now().getTime() / 1000),
      matches: 1,
      received_at: at,
    });
    await this.compareHeld(size);
    return note;
  }

  /** The note this node's witness last cosigned (what it re-publishes for nodes that joined later). */
  lastCosignedNote(): string | null {
    return this.witnessFile.last()?.note ?? null;
  }

  /**
   * This node's head as it announces it to the others: the last note its witness cosigned, unless the
   * witness has since refused this node's own tree (truncated or forked copy): then that refused
   * checkpoint, signed with this node's key, so every other node sees what this node now holds (a
   * smaller size after a larger one is a truncation, another root a split view) instead of the old,
   * still-consistent note hiding it.
   */
  headNote(): string | null {
    const s = this.witnessFile.read();
    const last = s.cosigned.at(-1);
    const refused = s.inconsistencies.at(-1);
    if (refused && (!last || refused.at > last.at)) return refused.offered;
    return last?.note ?? null;
  }

  /** The refused checkpoint of the last `checkpoint()` (once), to publish in place of a cosignature. */
  takeRefusal(): string | null {
    const r = this.refusal;
    this.refusal = null;
    return r;
  }

  /**
   * A cosignature of the alliance checkpoint by `witness` (the member whose subject it came on): kept when
   * it verifies with a key registered to that member; compared with this node's tree at that size (now or
   * once this node has caught up). Two different roots for one size are recorded as evidence.
   */
  receive(witness: string, note: string): Promise<string> {
    return this.exclusive(() => this.receiveNow(witness, note));
  }

  private async receiveNow(witness: string, note: string): Promise<string> {
    let parsed, cp;
    try {
      parsed = parseNote(note);
      cp = parseCheckpointText(parsed.text);
    } catch (e) {
      return `ignored: ${messageOf(e)}`;
    }
    if (cp.origin !== this.origin) return `ignored: origin ${cp.origin} is not ${this.origin}`;
    const name = witnessName(witness);
    const keys = await this.db
      .selectFrom('alliance_keys')
      .selectAll()
      .where('actor', '=', witness)
      .execute();
    let verified: { line: string; at: number } | null = null;
    for (const sig of parsed.signatures.filter((s) => s.name === name))
      for (const k of keys) {
        const key: NoteKey = { name, publicKeyPem: k.public_key, type: COSIGNATURE_ED25519 };
        if (noteKeyId(key) !== sig.keyId) continue;
        const at = verifyCosignatureBytes(parsed.text, key, sig.signature);
        if (at !== null) verified = { line: sig.line, at };
      }
    if (!verified) return `ignored: no cosignature of ${witness} verifies with its registered keys`;
    const existing = await t.cosignatureOf(this.db, witness, cp.size);
    if (existing?.root_hash === cp.rootHash) return 'known';
    // A witness cosigns ever larger trees: a smaller size cosigned later than a larger one means that
    // witness's node now holds a shorter log (truncated), whatever the roots.
    const rollback = await t.rollbackOf(this.db, witness, cp.size, verified.at);
    if (rollback) {
      const earlierIsLarger = Number(rollback.size) > cp.size;
      const theirs = `${checkpointText({ origin: this.origin, size: Number(rollback.size), rootHash: rollback.root_hash })}\n${rollback.line}`;
      const now = `${parsed.text}\n${verified.line}`;
      const [big, small] = earlierIsLarger
        ? [
            { size: Number(rollback.size), at: Number(rollback.cosigned_at) },
            { size: cp.size, at: verified.at },
          ]
        : [
            { size: cp.size, at: verified.at },
            { size: Number(rollback.size), at: Number(rollback.cosigned_at) },
          ];
      await this.recordEvidence({
        kind: 'truncation',
        witness,
        size: small.size,
        reason: `${witness}'s node cosigned size ${big.size} of the alliance log at ${new Date(big.at * 1000).toISOString()} and size ${small.size} later, at ${new Date(small.at * 1000).toISOString()}: its log shrank by ${big.size - small.size} message(s) (truncated)`,
        held: earlierIsLarger ? theirs : now,
        offered: earlierIsLarger ? now : theirs,
      });
      return 'truncation';
    }
    if (existing) {
      await this.recordEvidence({
        kind: 'equivocation',
        witness,
        size: cp.size,
        reason: `${witness} cosigned two different roots for size ${cp.size} of the alliance log`,
        held: `${checkpointText({ origin: this.origin, size: cp.size, rootHash: existing.root_hash })}\n${existing.line}`,
        offered: `${parsed.text}\n${verified.line}`,
      });
      return 'equivocation';
    }
    await t.insertCosignature(this.db, {
      witness,
      size: cp.size,
      root_hash: cp.rootHash,
      line: verified.line,
      cosigned_at: verified.at,
      matches: null,
      received_at: this.clock.now().toISOString(),
    });
    await this.compareHeld(await this.sync());
    const row = await t.cosignatureOf(this.db, witness, cp.size);
    return row?.matches === 1 ? 'matches' : row?.matches === 0 ? 'contradicts' : 'pending';
  }

  /** Compares every cosignature not yet checked, up to `size`, with this node's own root. */
  private async compareHeld(size: number): Promise<void> {
    for (const c of await t.uncheckedUpTo(this.db, size)) {
      const size = Number(c.size);
      const mine = toBase64(await this.tree.root(size));
      if (mine === c.root_hash) {
        await t.markCosignature(this.db, c.witness, size, 1);
        continue;
      }
      await t.markCosignature(this.db, c.witness, size, 0);
      const ownBody = checkpointText({ origin: this.origin, size, rootHash: mine });
      const held =
        (await t.checkpointAt(this.db, size))?.note ??
        `${ownBody}\n${await this.cosignBody(ownBody)}`;
      const theirBody = checkpointText({ origin: this.origin, size, rootHash: c.root_hash });
      await this.recordEvidence({
        kind: 'split_view',
        witness: c.witness,
        size,
        reason: `${c.witness}'s node cosigned root ${c.root_hash} for size ${size} of the alliance log, but this node's tree of size ${size} has root ${mine}: the two nodes hold different logs`,
        held,
        offered: `${theirBody}\n${c.line}`,
      });
    }
  }

  private async view(size: number): Promise<AllianceCheckpointView> {
    const rows = (await t.cosignaturesAt(this.db, size)).filter((r) => r.matches === 1);
    const root = rows[0]?.root_hash ?? toBase64(await this.root(size));
    const body = checkpointText({ origin: this.origin, size, rootHash: root });
    return {
      size,
      rootHash: root,
      note: `${body}\n${rows.map((r) => r.line).join('')}`,
      cosigners: rows.map((r) => ({
        witness: r.witness,
        cosignedAt: new Date(Number(r.cosigned_at) * 1000).toISOString(),
      })),
    };
  }

  /** The latest checkpoint this node cosigned, the latest final one (quorum), and the evidence held. */
  async summary() {
    const latest = await t.latestCheckpoint(this.db);
    const finals = await t.finalSizes(this.db, this.quorum);
    const evidence = await t.listEvidence(this.db);
    const refused = this.witnessFile.read().inconsistencies.length;
    return {
      origin: this.origin,
      quorum: this.quorum,
      treeSize: await this.sync(),
      latest: latest ? await this.view(Number(latest.size)) : null,
      final: finals.length ? await this.view(finals[0]) : null,
      evidence: evidence.length,
      warning:
        evidence.length || refused
          ? `this node has seen ${evidence.length} pair(s) of inconsistent signed checkpoints of the alliance log (GET /api/federation/evidence)`
          : null,
    };
  }

  evidence() {
    return t.listEvidence(this.db).then((rows) =>
      rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        witness: r.witness,
        size: Number(r.size),
        reason: r.reason,
        held: r.held,
        offered: r.offered,
        seenAt: r.seen_at,
      })),
    );
  }
}
