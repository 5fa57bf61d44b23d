import { EMPTY_ROOT, nodeHash } from './merkle-hash';
import { type NodeId } from './tree-math';

/**
 * The right edge of a growing tree: the hashes of the complete subtrees of [0, size), largest
 * first. Appending a leaf merges equal neighbours and reports each node completed, which is all
 * the sequencer must store; `root()` folds them into MTH(D[0:size]). O(log n) memory, so the
 * verifier can recompute the root of millions of leaves as it streams them.
 */
export class CompactRange {
  private readonly stack: { level: number; hash: Buffer }[] = [];

  private constructor(private count: number) {}

  static empty(): CompactRange {
    return new CompactRange(0);
  }

  /** Resumes from the stored nodes of `rangeNodes({ begin: 0, end: size })`, in that order. */
  static resume(size: number, nodes: readonly { level: number; hash: Buffer }[]): CompactRange {
    const range = new CompactRange(size);
    range.stack.push(...nodes);
    return range;
  }

  clone(): CompactRange {
    return CompactRange.resume(this.count, this.stack);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the next leaf; returns every node it completed (the leaf itself first). */
  append(leaf: Buffer): { node: NodeId; hash: Buffer }[] {
    const index = this.count;
    const completed = [{ node: { level: 0, index }, hash: leaf }];
    let hash = leaf;
    let level = 0;
    let position = index;
    while (position % 2 === 1) {
      const left = this.stack.pop()!;
      hash = nodeHash(left.hash, hash);
      level += 1;
      position = Math.floor(position / 2);
      completed.push({ node: { level, index: position }, hash });
    }
    this.stack.push({ level, hash });
    this.count += 1;
    return completed;
  }

  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let acc = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = nodeHash(this.stack[i]!.hash, acc);
    return acc;
  }
}
