import { EMPTY_ROOT, nodeHash } from './merkle-hash';
import {
  consistencyRanges,
  inclusionRanges,
  type LeafRange,
  type NodeId,
  nodeKey,
  rangeNodes,
} from './tree-math';

/**
 * RFC 9162 §2.1 roots and proofs, as pure functions over a reader of stored subtree hashes.
 * Written here because no maintained JavaScript library implements them; the tests hold them to
 * the published vectors of transparency-dev/merkle.
 */

/** Hands back the stored hashes of the nodes asked for, in one go (one query for the database). */
export type NodeReader = (nodes: readonly NodeId[]) => Promise<Map<string, Buffer>>;

function foldRange(range: LeafRange, hashes: Map<string, Buffer>): Buffer {
  const nodes = rangeNodes(range);
  if (nodes.length === 0) return EMPTY_ROOT;
  const hashOf = (node: NodeId) => {
    const hash = hashes.get(nodeKey(node));
    if (!hash) throw new MissingNodeError(node);
    return hash;
  };
  let acc = hashOf(nodes[nodes.length - 1]!);
  for (let i = nodes.length - 2; i >= 0; i--) acc = nodeHash(hashOf(nodes[i]!), acc);
  return acc;
}

async function hashRanges(read: NodeReader, ranges: readonly LeafRange[]): Promise<Buffer[]> {
  const wanted = new Map<string, NodeId>();
  for (const range of ranges) for (const node of rangeNodes(range)) wanted.set(nodeKey(node), node);
  const hashes = await read([...wanted.values()]);
  return ranges.map((range) => foldRange(range, hashes));
}

export class MissingNodeError extends Error {
  constructor(readonly node: NodeId) {
    super(`the log holds no hash for node ${nodeKey(node)}`);
  }
}

/** MTH(D[0:n]). */
export async function treeRoot(read: NodeReader, treeSize: number): Promise<Buffer> {
  const [root] = await hashRanges(read, [{ begin: 0, end: treeSize }]);
  return root!;
}

export function inclusionProof(
  read: NodeReader,
  leafIndex: number,
  treeSize: number,
): Promise<Buffer[]> {
  return hashRanges(read, inclusionRanges(leafIndex, treeSize));
}

export function consistencyProof(
  read: NodeReader,
  fromSize: number,
  toSize: number,
): Promise<Buffer[]> {
  return hashRanges(read, consistencyRanges(fromSize, toSize));
}

// Verification (RFC 9162 §2.1.3.2, §2.1.4.2) is the verifier package's, as an auditor runs it.
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from '@change-ledger/verify';
