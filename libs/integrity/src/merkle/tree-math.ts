/**
 * Which stored subtrees a root or a proof is made of. The log stores the hash of every complete,
 * aligned subtree ("node" at `level`, `index`: leaves [index·2^level, (index+1)·2^level)), so the
 * hash of any range the RFC 9162 recursion asks for is the right fold of O(log n) stored nodes.
 * Pure arithmetic; plain numbers are exact up to 2^53 leaves.
 */
export interface NodeId {
  level: number;
  index: number;
}

/** A half-open range of leaves [begin, end) whose Merkle tree hash a proof carries. */
export interface LeafRange {
  begin: number;
  end: number;
}

export function nodeKey(node: NodeId): string {
  return `${node.level}/${node.index}`;
}

/** The largest power of two strictly smaller than n (n ≥ 2): RFC 9162's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees that make up [begin, end), left to right, largest first. Every range the
 * RFC recursion produces starts at a multiple of a power of two at least its size, so its tree
 * hash is exactly the right fold of these nodes (`foldRange`).
 */
export function rangeNodes(range: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let begin = range.begin;
  while (begin < range.end) {
    let size = 1;
    let level = 0;
    while (begin % (size * 2) === 0 && begin + size * 2 <= range.end) {
      size *= 2;
      level += 1;
    }
    nodes.push({ level, index: begin / size });
    begin += size;
  }
  return nodes;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[0:n]): the ranges whose hashes form the audit path, bottom-up. */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) throw new RangeError('leaf index outside tree');
  const path = (m: number, begin: number, end: number): LeafRange[] => {
    if (end - begin <= 1) return [];
    const k = splitPoint(end - begin);
    return m < begin + k
      ? [...path(m, begin, begin + k), { begin: begin + k, end }]
      : [...path(m, begin + k, end), { begin, end: begin + k }];
  };
  return path(leafIndex, 0, treeSize);
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[0:n]): the ranges whose hashes form the consistency proof. */
export function consistencyRanges(fromSize: number, toSize: number): LeafRange[] {
  if (!(fromSize >= 0 && fromSize <= toSize)) throw new RangeError('sizes out of order');
  if (fromSize === 0 || fromSize === toSize) return [];
  const subproof = (m: number, begin: number, end: number, complete: boolean): LeafRange[] => {
    const n = end - begin;
    if (m === n) return complete ? [] : [{ begin, end }];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, begin, begin + k, complete), { begin: begin + k, end }]
      : [...subproof(m - k, begin + k, end, false), { begin, end: begin + k }];
  };
  return subproof(fromSize, 0, toSize, true);
}
