import { CompactRange } from './compact-range';
import { type NodeReader } from './proofs';
import { nodeKey } from './tree-math';

/**
 * Every complete subtree of a list of leaf hashes, in memory: what the log's tables hold, for
 * tests and for the verifier, which recomputes the tree an attacker may have rewritten.
 */
export function memoryTree(leafHashes: readonly Buffer[]): { read: NodeReader; size: number } {
  const range = CompactRange.empty();
  const nodes = new Map<string, Buffer>();
  for (const leaf of leafHashes)
    for (const { node, hash } of range.append(leaf)) nodes.set(nodeKey(node), hash);
  return {
    size: leafHashes.length,
    read: (ids) =>
      Promise.resolve(
        new Map(
          ids.flatMap((id) =>
            nodes.has(nodeKey(id)) ? [[nodeKey(id), nodes.get(nodeKey(id))!]] : [],
          ),
        ),
      ),
  };
}
