import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './merkle-hash';
import {
  consistencyRanges,
  inclusionRanges,
  type LeafRange,
  type NodeId,
  nodeKey,
  rangeNodes,
} from './tree-math';

/**
 * RFC 9162 §2.1 roots, proofs and their verification, as pure functions over a reader of stored
 * subtree hashes. Written here because no maintained JavaScript library implements them; the
 * tests hold them to the published vectors of transparency-dev/merkle.
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

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: the root an audit path leads to, or undefined when it cannot be one. */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  if (!(leafIndex >= 0 && leafIndex < treeSize) || leaf.length !== HASH_SIZE) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0 || p.length !== HASH_SIZE) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leaf, proof);
  return computed !== undefined && computed.equals(root);
}

/** RFC 9162 §2.1.4.2: does the tree of `toSize` with `toRoot` extend the one of `fromSize`? */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!(fromSize >= 0 && fromSize <= toSize)) return false;
  if (fromSize === toSize) return proof.length === 0 && Buffer.from(fromRoot).equals(toRoot);
  // The empty tree is a prefix of every tree.
  if (fromSize === 0) return proof.length === 0;
  if (proof.length === 0 || proof.some((p) => p.length !== HASH_SIZE)) return false;
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
