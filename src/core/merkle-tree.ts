import { badInput } from './errors.js';
import {
  alignedSubtrees,
  combineAligned,
  consistencyProof,
  emptyTreeHash,
  inclusionProof,
  nodeHash,
  rootHash,
  type Hash,
  type RangeHasher,
} from './merkle.js';

/**
 * The one RFC 9162 Merkle tree kept in a database (the record's tree, `record_tree`, and the alliance
 * log's, `alliance_tree`): complete subtrees stored by (level, index), extended leaf by leaf through its
 * right edge, proofs computed by `core/merkle.ts` over the stored subtrees, so a proof on a log of a
 * million leaves reads a few dozen rows. Where the rows live is the caller's (`SubtreeStore`); what a leaf
 * is, is the caller's too.
 */

/** A complete subtree: `hash` of the leaves [index·2^level, (index+1)·2^level). */
export interface SubtreeRow {
  level: number;
  index: number;
  hash: Hash;
}

/** Where a tree's complete subtrees are kept. */
export interface SubtreeStore {
  /** Leaves stored (level-0 rows). */
  size(): Promise<number>;
  /** Stored subtree hashes by `level/index`; missing ones absent. */
  nodes(wanted: [number, number][]): Promise<Map<string, Hash>>;
  /** Stores rows (one transaction; a row already there is kept). */
  insert(rows: SubtreeRow[]): Promise<void>;
}

/** Appends leaves to a tree whose right edge (level → hash) is known; gives the subtrees each completes. */
export class TreeFrontier {
  private edge = new Map<number, Hash>();
  constructor(public size: number) {}

  static fromNodes(size: number, nodes: Map<string, Hash>, label = 'Merkle tree'): TreeFrontier {
    const f = new TreeFrontier(size);
    for (const [level, index] of alignedSubtrees(0, size)) {
      const hash = nodes.get(`${level}/${index}`);
      if (!hash) throw new Error(`${label}: subtree ${level}/${index} is missing`);
      f.edge.set(level, hash);
    }
    return f;
  }

  /** Adds a leaf; returns every complete subtree it finishes, the leaf first. */
  push(leaf: Hash): SubtreeRow[] {
    const rows = [{ level: 0, index: this.size, hash: leaf }];
    let cur = rows[0];
    while (cur.index % 2 === 1) {
      const left = this.edge.get(cur.level)!;
      this.edge.delete(cur.level);
      cur = { level: cur.level + 1, index: (cur.index - 1) / 2, hash: nodeHash(left, cur.hash) };
      rows.push(cur);
    }
    this.edge.set(cur.level, cur.hash);
    this.size += 1;
    return rows;
  }

  /** The root hash of the tree so far. */
  root(): Hash {
    const subtrees = alignedSubtrees(0, this.size).map(([level]) => this.edge.get(level)!);
    return rootHash(this.size, () => combineAligned(subtrees));
  }
}

/** Throws a 400 naming `field` unless `size` is a tree size between 1 and `current`. */
export function checkTreeSize(size: number, field: string, current: number): void {
  if (!Number.isSafeInteger(size) || size < 1 || size > current)
    throw badInput(field, `${field} must be between 1 and the log's size ${current}, got ${size}`);
}

export interface ExtendSource<R> {
  /** Up to `limit` rows whose leaf index is `afterSize` or more, in order. */
  page(afterSize: number, limit: number): Promise<R[]>;
  /** The leaf index a row claims (must be the tree's size to be appended). */
  indexOf(row: R): number;
  leafHash(row: R): Hash;
  /** A row that is not the next leaf: `throw` (the log has a gap) or `stop` (not consumed yet). */
  onGap: 'throw' | 'stop';
  pageSize?: number;
}

export class StoredMerkleTree {
  constructor(
    private store: SubtreeStore,
    /** Named in errors, e.g. `transparency log`. */
    readonly label: string,
  ) {}

  size(): Promise<number> {
    return this.store.size();
  }

  /** The stored tree's right edge, ready to take more leaves. */
  async frontier(): Promise<TreeFrontier> {
    const size = await this.store.size();
    return TreeFrontier.fromNodes(
      size,
      await this.store.nodes(alignedSubtrees(0, size)),
      this.label,
    );
  }

  /** Extends the stored tree over the rows `source` gives after it, page by page; returns its size. */
  async extend<R>(source: ExtendSource<R>): Promise<number> {
    const limit = source.pageSize ?? 2000;
    const frontier = await this.frontier();
    // Bounded: a page appends at least one leaf or the loop ends.
    for (let page = 0; page < Number.MAX_SAFE_INTEGER; page++) {
      const rows = await source.page(frontier.size, limit);
      const inserts: SubtreeRow[] = [];
      let gap = false;
      for (const row of rows) {
        const index = source.indexOf(row);
        if (index !== frontier.size) {
          if (source.onGap === 'throw')
            throw new Error(
              `${this.label}: the log has a gap (expected leaf #${frontier.size + 1}, found #${index + 1})`,
            );
          gap = true;
          break;
        }
        inserts.push(...frontier.push(source.leafHash(row)));
      }
      if (inserts.length) await this.store.insert(inserts);
      if (gap || !inserts.length || rows.length < limit) break;
    }
    return frontier.size;
  }

  /**
   * Runs a proof computation over the stored tree: a first pass learns which ranges it needs (the shape
   * of a proof does not depend on the hashes), one query fetches their subtrees, a second pass computes.
   */
  async over<T>(compute: (hasher: RangeHasher) => T): Promise<T> {
    const wanted = new Map<string, [number, number]>();
    const blank = new Uint8Array(32);
    compute((start, end) => {
      for (const [l, i] of alignedSubtrees(start, end)) wanted.set(`${l}/${i}`, [l, i]);
      return blank;
    });
    const nodes = await this.store.nodes([...wanted.values()]);
    return compute((start, end) =>
      combineAligned(
        alignedSubtrees(start, end).map(([l, i]) => {
          const hash = nodes.get(`${l}/${i}`);
          if (!hash) throw new Error(`${this.label}: subtree ${l}/${i} is missing`);
          return hash;
        }),
      ),
    );
  }

  /** MTH of the first `size` leaves (the empty tree's hash for 0). */
  root(size: number): Promise<Hash> {
    if (size === 0) return Promise.resolve(emptyTreeHash());
    return this.over((h) => rootHash(size, h));
  }

  /** The stored hash of leaf `index`. */
  async leaf(index: number): Promise<Hash> {
    const hash = (await this.store.nodes([[0, index]])).get(`0/${index}`);
    if (!hash) throw new Error(`${this.label}: leaf ${index} is missing`);
    return hash;
  }

  /** RFC 9162 audit path of leaf `index` in the tree of `treeSize` leaves. */
  inclusion(index: number, treeSize: number): Promise<Hash[]> {
    return this.over((h) => inclusionProof(index, treeSize, h));
  }

  /** RFC 9162 consistency proof from the tree of `from` leaves to the tree of `to`. */
  consistency(from: number, to: number): Promise<Hash[]> {
    return this.over((h) => consistencyProof(from, to, h));
  }
}
