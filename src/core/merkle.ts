import { createHash, hash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 (Certificate Transparency v2), written from the RFC: SHA-256,
 * leaf hashes prefixed with 0x00 and interior nodes with 0x01, the left subtree always the largest
 * power of two smaller than the range. Pure: the tree's hashes come from a `RangeHasher`, so the same
 * proof code runs over leaves in memory or over subtree hashes kept in a database.
 */

export type Hash = Uint8Array;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export const emptyTreeHash = (): Hash => createHash('sha256').digest();

/** MTH({d}) = SHA-256(0x00 || d). One-shot `crypto.hash` over the concatenation: no Hash object per call. */
export const leafHash = (leafData: Uint8Array): Hash =>
  hash('sha256', Buffer.concat([LEAF_PREFIX, leafData]), 'buffer');

/**
 * `leafHash` of a text's UTF-8 bytes, without encoding it into a Buffer first: the hashed string is the
 * text behind a U+0000 character, whose UTF-8 form is the single byte 0x00, so the bytes hashed are
 * exactly 0x00 || UTF-8(text).
 */
export const leafHashOfText = (text: string): Hash => hash('sha256', `\u0000${text}`, 'buffer');

/** SHA-256(0x01 || left || right). */
export const nodeHash = (left: Hash, right: Hash): Hash =>
  hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');

/** The largest power of two strictly smaller than `size` (size ≥ 2): RFC 9162's `k`. */
export function splitPoint(size: number): number {
  let k = 1;
  while (k * 2 < size) k *= 2;
  return k;
}

/**
 * The hash of the leaves [start, end) as a subtree, MTH(D[start:end]). Proofs only ever ask for ranges
 * whose start is a multiple of a power of two at least as large as the range (the ranges RFC 9162's
 * recursion produces), which lets a store answer them from complete subtrees.
 */
export type RangeHasher = (start: number, end: number) => Hash;

/** MTH(D[start:end]) from a function giving each leaf's hash (the naive definition). */
export function rangeHashFromLeaves(leafHashes: readonly Hash[]): RangeHasher {
  const mth = (start: number, end: number): Hash => {
    const size = end - start;
    if (size === 0) return emptyTreeHash();
    if (size === 1) return leafHashes[start];
    const k = splitPoint(size);
    return nodeHash(mth(start, start + k), mth(start + k, end));
  };
  return mth;
}

/** The root hash of a tree of `size` leaves. */
export function rootHash(size: number, hasher: RangeHasher): Hash {
  return size === 0 ? emptyTreeHash() : hasher(0, size);
}

/**
 * PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path proving leaf `leafIndex` is in the tree of
 * `treeSize` leaves, from the leaf's sibling up to the root's child.
 */
export function inclusionProof(leafIndex: number, treeSize: number, hasher: RangeHasher): Hash[] {
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize)
    throw new RangeError(`leaf index ${leafIndex} is outside a tree of ${treeSize} leaves`);
  const path: Hash[] = [];
  // Iterative form of the recursion: walk down from the whole range, collecting siblings, then reverse.
  let start = 0;
  let end = treeSize;
  let index = leafIndex;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < k) {
      path.push(hasher(start + k, end));
      end = start + k;
    } else {
      path.push(hasher(start, start + k));
      start += k;
      index -= k;
    }
  }
  return path.reverse();
}

/**
 * PROOF(m, D[n]) of RFC 9162 §2.1.4.1: the consistency proof between the tree of `oldSize` leaves and
 * the tree of `newSize` leaves (0 < oldSize ≤ newSize). Empty when the sizes are equal.
 */
export function consistencyProof(oldSize: number, newSize: number, hasher: RangeHasher): Hash[] {
  if (!Number.isSafeInteger(oldSize) || oldSize < 1 || oldSize > newSize)
    throw new RangeError(`no consistency proof from size ${oldSize} to size ${newSize}`);
  const proof: Hash[] = [];
  // SUBPROOF(m, D[start:end], wholeOld), unrolled: each step appends the hash of the other half.
  let start = 0;
  let end = newSize;
  let m = oldSize; // m: the old tree's leaves within [start, end)
  let wholeOld = true; // b in the RFC: the old tree's root is the current range's root
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(hasher(start + k, end));
      end = start + k;
    } else {
      proof.push(hasher(start, start + k));
      start += k;
      m -= k;
      wholeOld = false;
    }
  }
  if (!wholeOld) proof.push(hasher(start, end));
  return proof.reverse();
}

const equalHashes = (a: Hash, b: Hash): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/** RFC 9162 §2.1.3.2: does `path` prove that `leaf` (a leaf hash) is leaf `leafIndex` of `root`? */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Hash,
  path: readonly Hash[],
  root: Hash,
): boolean {
  if (leafIndex < 0 || leafIndex >= treeSize) return false;
  let fn = leafIndex; // fn: the node's index at the current level
  let sn = treeSize - 1; // sn: the last node's index at the current level
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalHashes(r, root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree `oldRoot` of `oldSize` is a prefix of `newRoot`? */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Hash,
  newRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (oldSize < 1 || oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && equalHashes(oldRoot, newRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]; // fr: the old root being rebuilt
  let sr = path[0]; // sr: the new root being rebuilt
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else sr = nodeHash(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalHashes(fr, oldRoot) && equalHashes(sr, newRoot);
}

export const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/**
 * The complete, aligned subtrees whose hashes make up MTH(D[start:end]) for a range of the shape proofs
 * ask for: [level, index] pairs, node (level, index) covering leaves [index·2^level, (index+1)·2^level).
 */
export function alignedSubtrees(start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let at = start;
  while (at < end) {
    let size = 1;
    while (at % (size * 2) === 0 && at + size * 2 <= end) size *= 2;
    const level = Math.log2(size);
    out.push([level, at / size]);
    at += size;
  }
  return out;
}

/** MTH of a range from its aligned complete subtrees' hashes (in order), as `alignedSubtrees` lists them. */
export function combineAligned(hashes: readonly Hash[]): Hash {
  // The subtrees descend in size left to right; RFC 9162 nests the right-hand ones first.
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i -= 1) acc = nodeHash(hashes[i], acc);
  return acc;
}

export const toBase64 = (hash: Hash): string => Buffer.from(hash).toString('base64');
export const fromBase64 = (text: string): Hash => new Uint8Array(Buffer.from(text, 'base64'));
export const toHex = (hash: Hash): string => Buffer.from(hash).toString('hex');
export const fromHex = (text: string): Hash => new Uint8Array(Buffer.from(text, 'hex'));
