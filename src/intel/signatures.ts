import { isObj } from './stix/checks.js';
import { withLabel, type ConfidentialityLabel } from './labels.js';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex, verifyEd25519 } from '../core/crypto.js';
import {
  fromBase64,
  leafHashOfText,
  nodeHash,
  toBase64,
  verifyInclusion,
  type Hash,
} from '../core/merkle.js';

/**
 * Detached signatures of STIX objects by their originating member (#19.3, docs/intel.md "Signed objects").
 *
 * The originator's node signs, once per envelope and label, the RFC 9162 Merkle root of the objects'
 * canonical forms (`canonicalJson`, the form the record signs acts in); each object then carries its own
 * inclusion proof and that one signature. A receiver checks the proof (a few SHA-256) and the Ed25519
 * signature once per root, so verifying costs about the same per object whatever the envelope size.
 *
 * The signature is never written into the object: it travels beside it (TAXII envelope and manifest
 * property `x_tahaluf_signatures` / `x_tahaluf_signature`) and is stored beside it (its tree once, in
 * `intel_sig_trees`, and the object's leaf index in its row: migration 1610), so the
 * object's bytes are the originator's. Objects of one tree share one label, so a proof's sibling hashes
 * and size describe only objects every reader of the proved object may read as well.
 */
export const SIGNATURE_ALG = 'ed25519-merkle-sha256';
/** TAXII envelope property: a list parallel to `objects` (entry i signs object i; null: unsigned). */
export const SIGNATURES_PROPERTY = 'x_tahaluf_signatures';
/** TAXII manifest-record property: the signature of the object the record describes. */
export const SIGNATURE_PROPERTY = 'x_tahaluf_signature';

export interface ObjectSignature {
  alg: typeof SIGNATURE_ALG;
  /** The originating member (ISO3): must equal the label's originator. */
  signer: string;
  key_id: string;
  /** Merkle root (base64) of the canonical forms of the objects signed together. */
  root: string;
  size: number;
  index: number;
  /** Audit path from the object's leaf to the root (base64), RFC 9162 §2.1.3.1. */
  path: string[];
  /** Ed25519 (base64) over `signedBytes`. */
  signature: string;
}

/** What the Ed25519 signature covers: purpose, signer, key and the tree (root and size). */
export const signedBytes = (s: Pick<ObjectSignature, 'signer' | 'key_id' | 'root' | 'size'>) =>
  canonicalJson({
    purpose: 'tahaluf-intel-objects-v1',
    signer: s.signer,
    key_id: s.key_id,
    root: s.root,
    size: s.size,
  });

/** The leaf of an object: RFC 9162 leaf hash of its canonical JSON. */
export const objectLeaf = (obj: unknown): Hash => leafHashOfText(canonicalJson(obj));

/**
 * The leaf of an object and the label carried beside it (#19.5): the leaf of the object with that label written
 * in as its extension (`withLabel`). So the originator's signature covers the label too (a relay cannot relabel),
 * an object whose originator wrote the label inside keeps its leaf (`objectLeaf` of its own bytes), and the same
 * object and label have one leaf whichever way the label travels. `label` null: the label is inside, or none.
 */
export const labelledLeaf = (
  obj: Record<string, unknown>,
  label: ConfidentialityLabel | null,
): Hash => objectLeaf(label ? withLabel(obj, label) : obj);

/**
 * The audit path of leaf `index` read off the levels (RFC 9162 §2.1.3.1, leaf's sibling first): at each
 * level the node's sibling, unless the node is the last of an odd level, which rises unchanged and adds
 * nothing to the path.
 */
export function auditPath(levels: readonly Hash[][], index: number): Hash[] {
  const path: Hash[] = [];
  for (let level = 0, i = index; level < levels.length - 1; level++, i >>= 1)
    if ((i ^ 1) < levels[level].length) path.push(levels[level][i ^ 1]);
  return path;
}

/**
 * Signs objects together (all of one originator and one label) with the originator's key `keyId`
 * (`sign` signs with it). Returns one signature per object, in order.
 */
export function signObjects(
  objects: unknown[],
  signer: string,
  keyId: string,
  sign: (message: string) => string,
  leaves: Hash[] = objects.map(objectLeaf),
): ObjectSignature[] {
  if (!leaves.length) return [];
  const { head, levels } = signTree(leaves, signer, keyId, sign);
  return leaves.map((_, index) => ({
    ...head,
    index,
    path: auditPath(levels, index).map(toBase64),
  }));
}

/**
 * What every object of one signed tree shares: the tree (root, size), who signed it with which key, and the
 * one Ed25519 signature. Stored once per tree (`intel_sig_trees`, migration 1610), not in every object's row.
 */
export type SignedTreeHead = Omit<ObjectSignature, 'index' | 'path'>;

/** Signs the tree of `leaves` (n ≥ 1): its head and levels (the levels give every object's audit path). */
export function signTree(
  leaves: readonly Hash[],
  signer: string,
  keyId: string,
  sign: (message: string) => string,
): { head: SignedTreeHead; levels: Hash[][] } {
  const levels = treeLevels(leaves);
  const tree = {
    signer,
    key_id: keyId,
    root: toBase64(levels[levels.length - 1][0]),
    size: leaves.length,
  };
  return { head: { alg: SIGNATURE_ALG, ...tree, signature: sign(signedBytes(tree)) }, levels };
}

/** A carried or made signature's shared part. */
export const headOf = (s: ObjectSignature): SignedTreeHead => ({
  alg: s.alg,
  signer: s.signer,
  key_id: s.key_id,
  root: s.root,
  size: s.size,
  signature: s.signature,
});

/**
 * The key of a stored tree row: 128 bits of SHA-256 over the whole head. Not the root alone: the same root
 * may come signed by another key (rotation), or, on a row stored unverified, with any signature at all.
 */
export const treeIdOf = (h: SignedTreeHead): string =>
  sha256Hex(
    canonicalJson({
      alg: h.alg,
      signer: h.signer,
      key_id: h.key_id,
      root: h.root,
      size: h.size,
      signature: h.signature,
    }),
  ).slice(0, 32);

/** A tree's leaves as stored (base64 of the 32-byte leaf hashes one after the other). */
export const encodeLeaves = (leaves: readonly Hash[]): string =>
  Buffer.concat(leaves.map((l) => Buffer.from(l.buffer, l.byteOffset, l.byteLength))).toString(
    'base64',
  );

/** The leaves of a stored tree row; null when the text is not `size` hashes. */
export function decodeLeaves(text: string, size: number): Hash[] | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== size * 32) return null;
  const out: Hash[] = [];
  for (let i = 0; i < size; i++) out.push(new Uint8Array(bytes.subarray(i * 32, i * 32 + 32)));
  return out;
}

/** A registered public key: whose it is. */
export interface RegisteredKey {
  actor: string;
  publicKey: string;
}

/** Reads a carried signature's shape; a string saying what is wrong when it is not one. */
export function parseSignature(v: unknown): ObjectSignature | string {
  if (!isObj(v)) return 'the signature is not an object';
  const s = v;
  if (s.alg !== SIGNATURE_ALG) return `the signature's alg must be ${SIGNATURE_ALG}`;
  if (typeof s.signer !== 'string' || !/^[A-Z]{3}$/.test(s.signer))
    return 'the signature names no signer (ISO3)';
  if (typeof s.key_id !== 'string' || !s.key_id) return 'the signature names no key_id';
  if (typeof s.root !== 'string' || typeof s.signature !== 'string')
    return 'the signature has no root or signature';
  if (
    typeof s.size !== 'number' ||
    typeof s.index !== 'number' ||
    !Number.isSafeInteger(s.size) ||
    !Number.isSafeInteger(s.index) ||
    s.size < 1 ||
    s.size > 1_000_000 ||
    s.index < 0 ||
    s.index >= s.size
  )
    return 'the signature has no valid size and index';
  if (!Array.isArray(s.path) || s.path.length > 64 || !isPath(s.path))
    return 'the signature has no valid path';
  return {
    alg: SIGNATURE_ALG,
    signer: s.signer,
    key_id: s.key_id,
    root: s.root,
    size: s.size,
    index: s.index,
    // A copy: the parsed signature does not share the caller's array.
    path: s.path.slice(),
    signature: s.signature,
  };
}

/** Every entry a string of at most 64 characters (a base64 SHA-256 is 44). */
function isPath(xs: unknown[]): xs is string[] {
  for (const p of xs) if (typeof p !== 'string' || p.length > 64) return false;
  return true;
}

/**
 * Every level of the RFC 9162 tree of `leaves` (n ≥ 1), leaves first, root last: each level pairs the nodes of
 * the one below, and the last node of an odd level rises unchanged. This is the same tree as MTH's split at the
 * largest power of two below n (each left subtree is complete), built in n - 1 node hashes without recursion.
 */
export function treeLevels(leaves: readonly Hash[]): Hash[][] {
  const levels: Hash[][] = [[...leaves]];
  for (let level = levels[0]; level.length > 1;) {
    const up: Hash[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) up.push(nodeHash(level[i], level[i + 1]));
    if (level.length % 2) up.push(level[level.length - 1]);
    levels.push(up);
    level = up;
  }
  return levels;
}

/** A carried signature read by `parseSignature`, with the leaf of the object it came beside. */
export interface CarriedLeaf {
  sig: ObjectSignature;
  leaf: Hash;
}

/**
 * Inclusion proofs of one envelope checked tree by tree: when the objects carrying one signed tree (same
 * signer, key, root and size) are every leaf of it, each exactly once, the tree is rebuilt from their leaves
 * (n - 1 node hashes for n objects, where n proofs checked one by one cost n·log₂n) and each carried audit path
 * must equal the rebuilt tree's, so what is stored and forwarded is a proof any later receiver can check
 * alone. Returns the positions in `items` whose inclusion in their signed root is so proven; the others
 * (partial trees, a path that differs, null entries) are left to `checkSignature`'s proof-by-proof check.
 * The Ed25519 signature over each root is still checked by `checkSignature`.
 */
export function provenByTree(
  items: readonly (CarriedLeaf | null)[],
  /**
   * When given, filled with each proven position's whole tree of leaves (one array shared by the tree), and
   * the carried paths are not compared: the caller keeps those leaves and rebuilds every object's path from
   * them (the leaves rebuilding the signed root prove each object at its index, whatever path it carried).
   */
  treeLeaves?: Map<number, Hash[]>,
): Set<number> {
  const groups = new Map<string, { pos: number; item: CarriedLeaf }[]>();
  for (const [pos, item] of items.entries()) {
    if (!item) continue;
    const k = `${item.sig.signer}|${item.sig.key_id}|${item.sig.root}|${item.sig.size}`;
    const g = groups.get(k);
    if (g) g.push({ pos, item });
    else groups.set(k, [{ pos, item }]);
  }
  const proven = new Set<number>();
  for (const members of groups.values()) {
    const { size, root } = members[0].item.sig;
    if (members.length !== size) continue;
    const byIndex = new Array<{ pos: number; item: CarriedLeaf } | undefined>(size);
    if (
      !members.every((m) => {
        if (byIndex[m.item.sig.index]) return false; // one index twice
        byIndex[m.item.sig.index] = m;
        return true;
      })
    )
      continue;
    const leaves = byIndex.flatMap((m) => (m ? [m.item.leaf] : []));
    if (leaves.length !== size) continue;
    const levels = treeLevels(leaves);
    if (toBase64(levels[levels.length - 1][0]) !== root) continue;
    if (treeLeaves) {
      for (const m of byIndex)
        if (m) {
          proven.add(m.pos);
          treeLeaves.set(m.pos, leaves);
        }
      continue;
    }
    // Each node is encoded once (about 2n base64 encodings for the whole tree), then string comparisons.
    const encoded = levels.map((level) => new Array<string | undefined>(level.length));
    const b64 = (level: number, i: number) => {
      let t = encoded[level][i];
      if (t === undefined) encoded[level][i] = t = toBase64(levels[level][i]);
      return t;
    };
    byIndex.forEach((m, index) => {
      if (!m) return;
      // The carried path must be `auditPath(levels, index)`, compared as base64 without building it.
      const carried = m.item.sig.path;
      let at = 0;
      for (let level = 0, i = index; level < levels.length - 1; level++, i >>= 1) {
        if ((i ^ 1) >= levels[level].length) continue;
        if (at >= carried.length || carried[at] !== b64(level, i ^ 1)) return;
        at++;
      }
      if (at === carried.length) proven.add(m.pos);
    });
  }
  return proven;
}

/** Why a carried signature does not hold; `unknownKey`: this node has no key registered under its key id. */
export interface SignatureProblem {
  unknownKey: boolean;
  message: string;
}

/**
 * Checks an object against its carried signature: the signer is the label's originator, the key is
 * registered to the signer, the object is the proved leaf of the root, and the root is signed. Returns
 * null when it holds, else the problem. `verified` caches signed roots already checked.
 */
export function checkSignature(
  obj: unknown,
  sig: ObjectSignature,
  originator: string,
  keyOf: (keyId: string) => RegisteredKey | undefined,
  verified: Set<string>,
  leaf: Hash = objectLeaf(obj),
  /** True when `provenByTree` already proved this leaf in the signed root (with this very `leaf`). */
  included = false,
): SignatureProblem | null {
  const bad = (message: string): SignatureProblem => ({ unknownKey: false, message });
  if (sig.signer !== originator)
    return bad(`signed by ${sig.signer}, but the label names ${originator} as originator`);
  if (!included) {
    let root: Hash;
    let path: Hash[];
    try {
      root = fromBase64(sig.root);
      path = sig.path.map(fromBase64);
    } catch {
      return bad('the signature is not valid base64');
    }
    if (!verifyInclusion(sig.index, sig.size, leaf, path, root))
      return bad(
        `the object is not the one ${sig.signer} signed (its canonical form is not in the signed tree)`,
      );
  }
  const key = keyOf(sig.key_id);
  if (!key)
    return {
      unknownKey: true,
      message: `key ${sig.key_id} is not registered to ${sig.signer} on this node`,
    };
  if (key.actor !== sig.signer)
    return bad(`key ${sig.key_id} is registered to ${key.actor}, not to ${sig.signer}`);
  // `signedBytes` is a function of (signer, key_id, root, size): the cache is keyed by those fields and
  // the signed bytes are built only when a root is verified for the first time.
  const cacheKey = JSON.stringify([
    key.publicKey,
    sig.signer,
    sig.key_id,
    sig.root,
    sig.size,
    sig.signature,
  ]);
  if (verified.has(cacheKey)) return null;
  if (!verifyEd25519(key.publicKey, signedBytes(sig), sig.signature))
    return bad(`the signature does not verify with ${sig.signer}'s key ${sig.key_id}`);
  if (verified.size > 100_000) verified.clear();
  verified.add(cacheKey);
  return null;
}
