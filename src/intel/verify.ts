import { isActOfAny } from '../record/act-catalogue.js';
import { sha256Hex } from '../core/crypto.js';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import { findCollection } from './collections.js';
import type { IntelTables } from './migrations.js';
import type { Kysely } from 'kysely';
import { verifyEd25519 } from '../core/crypto.js';
import { fromBase64, toBase64, verifyInclusion, type Hash } from '../core/merkle.js';
import type { FederationTables } from '../federation/repository.js';
import type { RecordTables } from '../record/migrations.js';
import { isObj } from './stix/checks.js';
import type { ConfidentialityLabel } from './labels.js';
import { parseJson } from '../store/json-column.js';
import {
  decodeLeaves,
  headOf,
  labelledLeaf,
  objectLeaf,
  parseSignature,
  signedBytes,
  treeLevels,
  type ObjectSignature,
  type RegisteredKey,
} from './signatures.js';

const MAX_FINDINGS = 20;

/**
 * `tahaluf verify` for intelligence: replays the signed `intel.shared` / `intel.deleted` acts and checks
 * that the stored object versions are exactly those the record says were shared and not deleted —
 * no row slipped in beside the record, none vanished without a signed deletion — and that each stored
 * object's content still hashes to the value its poster signed.
 */
export async function verifyIntel(deps: Deps): Promise<VerifyFinding[]> {
  const expected = new Map<
    string,
    { actId: string; sha256?: string; labelCreated: string | null }
  >();
  let after = 0;
  for (;;) {
    const acts = await deps.record.list({ typePrefix: 'intel.', afterSeq: after, limit: 5000 });
    if (!acts.length) break;
    for (const act of acts) {
      after = act.seq;
      if (!isActOfAny(act, ['intel.shared', 'intel.deleted'])) continue;
      const p = act.payload;
      const coll = findCollection(deps.registry, p.collection);
      if (!coll) continue;
      for (const o of p.objects) {
        const key = `${coll.id}|${o.id}|${o.version}|${o.label ?? ''}`;
        if (act.type === 'intel.shared')
          expected.set(key, {
            actId: act.id,
            sha256: o.sha256,
            labelCreated: o.label_created ?? null,
          });
        else expected.delete(key);
      }
    }
  }
  const db = deps.store.db.withTables<IntelTables>();
  const findings: VerifyFinding[] = [];
  let rows = 0;
  let unrecorded = 0;
  let altered = 0;
  let badSignatures = 0;
  const signatures = new SignatureAudit(
    db,
    deps.store.db.withTables<FederationTables & RecordTables>(),
  );
  // In seq order, a page at a time: a million stored objects are not held in memory at once.
  for (let seq = 0; ;) {
    const page = await db
      .selectFrom('intel_objects')
      .select([
        'seq',
        'collection_id',
        'id',
        'version',
        'label_id',
        'content_hash',
        'object',
        'provenance',
        'signature',
        'sig_tree',
        'sig_index',
        'sig_path',
        'label_created',
      ])
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (!page.length) break;
    seq = page[page.length - 1].seq;
    await signatures.load(page);
    // Labels kept beside objects (#19.5) are signed as if written in: the audit rebuilds that form.
    const labels = page.some((r) => r.label_created)
      ? await labelsById(db)
      : new Map<string, ConfidentialityLabel>();
    for (const r of page) {
      rows++;
      const problem = signatures.check(r, labels);
      if (problem && badSignatures++ < MAX_FINDINGS)
        findings.push({
          module: 'intel',
          ok: false,
          message: `stored ${r.id} version ${r.version || '(none)'}: ${problem}`,
        });
      const key = `${r.collection_id}|${r.id}|${r.version}|${r.label_id}`;
      const shared = expected.get(key);
      if (!shared) {
        if (unrecorded++ < MAX_FINDINGS)
          findings.push({
            module: 'intel',
            ok: false,
            message: `stored ${r.id} version ${r.version || '(none)'} has no signed share act`,
          });
        continue;
      }
      expected.delete(key);
      if (shared.sha256 === undefined) continue;
      const actual = sha256Hex(r.object);
      if (
        actual !== shared.sha256 ||
        r.content_hash !== shared.sha256 ||
        (r.label_created ?? null) !== shared.labelCreated
      ) {
        if (altered++ < MAX_FINDINGS)
          findings.push({
            module: 'intel',
            ok: false,
            actId: shared.actId,
            message: `stored ${r.id} version ${r.version || '(none)'} differs from the content its poster signed`,
          });
      }
    }
  }
  let missing = 0;
  for (const [key, { actId }] of expected) {
    if (missing++ < MAX_FINDINGS)
      findings.push({
        module: 'intel',
        ok: false,
        actId,
        message: `shared ${key.split('|')[1]} version ${key.split('|')[2] || '(none)'} is missing from the store without a signed deletion`,
      });
  }
  if (!unrecorded && !missing && !altered && !badSignatures)
    findings.push({
      module: 'intel',
      ok: true,
      message: `${rows} stored object versions match the signed share and delete acts, content included; ${signatures.checked} originator signatures still prove their objects`,
    });
  return findings;
}

/**
 * The originators' signatures as stored (#19.3, migration 1610): each object's leaf must be in its signed tree
 * (the tree's stored leaves, or the row's own path), a tree's stored leaves must rebuild its root, and the tree's
 * signature must verify with the key registered to its signer for every row stored as signed or verified here.
 * An altered shared tree row, object or path is so found, as a receiver of the object would find it.
 */
class SignatureAudit {
  /** Trees met lately by id, with their decoded leaves and whether those rebuild the root. */
  private trees = new Map<string, AuditedTree>();
  /** Registered keys by key id (null: none registered, or the two key tables disagree on its actor). */
  private keys = new Map<string, RegisteredKey | null>();
  /** Signed heads already checked, and what was wrong (null: it verifies). */
  private verified = new Map<string, string | null>();
  checked = 0;

  constructor(
    private db: Kysely<IntelTables>,
    private keysDb: Kysely<FederationTables & RecordTables>,
  ) {}

  /** Reads the trees and keys a page of rows names. */
  async load(page: readonly AuditRow[]): Promise<void> {
    if (this.trees.size > 64) this.trees.clear();
    const ids = [
      ...new Set(
        page.flatMap((r) => (r.sig_tree && !this.trees.has(r.sig_tree) ? [r.sig_tree] : [])),
      ),
    ];
    for (let i = 0; i < ids.length; i += 500)
      for (const t of await this.db
        .selectFrom('intel_sig_trees')
        .selectAll()
        .where('tree_id', 'in', ids.slice(i, i + 500))
        .execute()) {
        const leaves = t.leaves ? decodeLeaves(t.leaves, Number(t.size)) : null;
        let rootOk = !t.leaves || leaves !== null;
        if (leaves?.length) {
          const levels = treeLevels(leaves);
          rootOk = toBase64(levels[levels.length - 1][0]) === t.root;
        }
        this.trees.set(t.tree_id, { row: t, leaves, rootOk });
      }
    const keyIds = new Set<string>();
    for (const r of page) {
      const k = r.sig_tree ? this.trees.get(r.sig_tree)?.row.key_id : legacyKeyId(r.signature);
      if (k && !this.keys.has(k)) keyIds.add(k);
    }
    const want = [...keyIds];
    for (let i = 0; i < want.length; i += 500) {
      const part = want.slice(i, i + 500);
      const found = [
        ...(await this.keysDb
          .selectFrom('identities')
          .select(['key_id', 'actor', 'public_key'])
          .where('key_id', 'in', part)
          .where('revoked_at', 'is', null)
          .execute()),
        ...(await this.keysDb
          .selectFrom('alliance_keys')
          .select(['key_id', 'actor', 'public_key'])
          .where('key_id', 'in', part)
          .execute()),
      ];
      for (const k of part) this.keys.set(k, null);
      const seen = new Set<string>();
      for (const f of found) {
        const prior = this.keys.get(f.key_id);
        if (seen.has(f.key_id) && prior && prior.actor !== f.actor) this.keys.set(f.key_id, null);
        else if (!seen.has(f.key_id))
          this.keys.set(f.key_id, { actor: f.actor, publicKey: f.public_key });
        seen.add(f.key_id);
      }
    }
  }

  /** What is wrong with a row's stored signature, or null. `labels`: label rows by id (for labels kept beside). */
  check(r: AuditRow, labels: ReadonlyMap<string, ConfidentialityLabel>): string | null {
    let sig: ObjectSignature;
    let leaves: Hash[] | null = null;
    if (r.sig_tree) {
      const t = this.trees.get(r.sig_tree);
      if (!t) return `its signed tree ${r.sig_tree} is missing`;
      if (!t.rootOk)
        return `the stored leaves of its signed tree ${r.sig_tree} do not rebuild the signed root`;
      let path: unknown = [];
      if (r.sig_path)
        try {
          path = JSON.parse(r.sig_path);
        } catch {
          return 'its stored audit path is not JSON';
        }
      else if (t.leaves) leaves = t.leaves;
      else return `its signed tree ${r.sig_tree} holds no leaves and the row no path`;
      const parsed = parseSignature({
        alg: t.row.alg,
        signer: t.row.signer,
        key_id: t.row.key_id,
        root: t.row.root,
        size: Number(t.row.size),
        index: Number(r.sig_index),
        path,
        signature: t.row.signature,
      });
      if (typeof parsed === 'string') return `its signed tree ${r.sig_tree}: ${parsed}`;
      sig = parsed;
    } else if (r.signature) {
      let parsed: ObjectSignature | string;
      try {
        parsed = parseSignature(JSON.parse(r.signature));
      } catch {
        return 'its stored signature is not JSON';
      }
      if (typeof parsed === 'string') return `its stored signature: ${parsed}`;
      sig = parsed;
    } else return null;
    this.checked++;
    let leaf: Hash;
    try {
      const obj: unknown = JSON.parse(r.object);
      if (r.label_created) {
        const l = labels.get(r.label_id);
        if (!l || !isObj(obj)) return `its label ${r.label_id} kept beside it is missing`;
        leaf = labelledLeaf(obj, { ...l, createdAt: r.label_created });
      } else leaf = objectLeaf(obj);
    } catch {
      return 'its stored text is not JSON';
    }
    let included: boolean;
    try {
      included = leaves
        ? Buffer.from(leaves[sig.index]).equals(leaf)
        : verifyInclusion(
            sig.index,
            sig.size,
            leaf,
            sig.path.map(fromBase64),
            fromBase64(sig.root),
          );
    } catch {
      included = false;
    }
    if (!included)
      return `${sig.signer}'s signature no longer proves it (it is not the leaf its signed tree holds)`;
    // Stored unverified (a key unknown here when it came): the inclusion is all this node can check.
    if (r.provenance !== 'signed' && r.provenance !== 'verified') return null;
    const head = JSON.stringify(headOf(sig));
    let outcome = this.verified.get(head);
    if (outcome === undefined) {
      const key = this.keys.get(sig.key_id);
      outcome = !key
        ? `key ${sig.key_id} of its signature is not registered here`
        : key.actor !== sig.signer
          ? `key ${sig.key_id} of its signature is registered to ${key.actor}, not ${sig.signer}`
          : verifyEd25519(key.publicKey, signedBytes(sig), sig.signature)
            ? null
            : `${sig.signer}'s signature over its signed tree does not verify`;
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(head, outcome);
    }
    return outcome;
  }
}

interface AuditedTree {
  row: IntelTables['intel_sig_trees'];
  leaves: Hash[] | null;
  rootOk: boolean;
}

interface AuditRow {
  object: string;
  label_id: string;
  label_created: string | null;
  provenance: string | null;
  signature: string | null;
  sig_tree: string | null;
  sig_index: number | null;
  sig_path: string | null;
}

/** Every label row, by id (the label's creation time is each object's own). */
async function labelsById(db: Kysely<IntelTables>): Promise<Map<string, ConfidentialityLabel>> {
  const out = new Map<string, ConfidentialityLabel>();
  for (const r of await db.selectFrom('intel_labels').selectAll().execute())
    out.set(r.label_id, {
      policy: r.policy,
      classification: r.classification,
      releasableTo: parseJson(r.releasable_to),
      originator: r.originator,
      createdAt: r.created_at,
      tlp: r.tlp,
    });
  return out;
}

/** The key id named by a signature stored in the old per-row form, if any. */
function legacyKeyId(text: string | null): string | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) && typeof v.key_id === 'string' ? v.key_id : null;
  } catch {
    return null;
  }
}
