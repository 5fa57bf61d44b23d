import { createHash } from 'node:crypto';
import { CompactRange } from '../merkle/compact-range';
import { leafHash } from '../merkle/merkle-hash';
import { type NodeId, nodeKey } from '../merkle/tree-math';
import { StoredTreeCheck, type StoredNodes } from './stored-tree-check';
import { type VerificationFailure } from './verification-failure';

/**
 * The paging of StoredTreeCheck, over the nodes a sequencer would have stored for 37 leaves, with
 * pages of 3 rows so that every level crosses page boundaries (the database's own reads are
 * covered by test/attack/verify-strictness).
 */
const LEAVES = 37;
const forged = createHash('sha256').update('forged').digest();

function storedTree() {
  const range = CompactRange.empty();
  const appends: { node: NodeId; hash: Buffer }[][] = [];
  const rows = new Map<number, Map<number, Buffer>>();
  for (let i = 0; i < LEAVES; i++) {
    const completed = range.append(leafHash(Buffer.from([i])));
    appends.push(completed);
    for (const { node, hash } of completed) {
      if (!rows.has(node.level)) rows.set(node.level, new Map());
      rows.get(node.level)!.set(node.index, hash);
    }
  }
  const reads: string[] = [];
  const nodes: StoredNodes = {
    levelNodes: (level, fromIndex, limit) => {
      reads.push(`${level}/${fromIndex}`);
      return Promise.resolve(
        [...(rows.get(level) ?? new Map<number, Buffer>())]
          .filter(([index]) => index >= fromIndex)
          .sort(([a], [b]) => a - b)
          .slice(0, limit)
          .map(([index, hash]) => ({ index, hash })),
      );
    },
    nodesBeyondTree: () =>
      Promise.resolve(
        [...rows].flatMap(([level, byIndex]) => {
          const beyond = [...byIndex.keys()].filter((index) => index >= LEAVES >> level);
          return beyond.length > 0
            ? [{ node: { level, index: Math.min(...beyond) }, treeSize: LEAVES }]
            : [];
        }),
      ),
  };
  return { appends, rows, nodes, reads };
}

async function check(tree: ReturnType<typeof storedTree>): Promise<VerificationFailure[]> {
  const failures: VerificationFailure[] = [];
  const checker = new StoredTreeCheck(tree.nodes, 3, (failure) => failures.push(failure));
  for (const completed of tree.appends) await checker.check(completed);
  await checker.finish();
  return failures;
}

describe('StoredTreeCheck', () => {
  it('finds nothing wrong with the nodes the sequencer stored, reading each row once', async () => {
    const tree = storedTree();
    expect(await check(tree)).toEqual([]);
    // Each page asked for once: ceil((rows + 1) / 3) reads per level at most (one read-ahead).
    expect(new Set(tree.reads).size).toBe(tree.reads.length);
  });

  it.each([
    { node: { level: 0, index: 3 }, why: 'the last row of a page' },
    { node: { level: 0, index: 4 }, why: 'the first row of a page' },
    { node: { level: 2, index: 5 }, why: 'a node off the root path' },
    { node: { level: 5, index: 0 }, why: 'the root path' },
  ])('names a rewritten node on $why', async ({ node }) => {
    const tree = storedTree();
    tree.rows.get(node.level)!.set(node.index, forged);
    expect(await check(tree)).toEqual([
      expect.objectContaining({
        kind: 'tree_nodes',
        node,
        detail: expect.stringMatching(/not the hash of its leaves/),
      }),
    ]);
  });

  it('names a missing node and still checks the ones after it', async () => {
    const tree = storedTree();
    tree.rows.get(1)!.delete(5);
    tree.rows.get(1)!.set(6, forged);
    const failures = await check(tree);
    expect(failures.map((failure) => [nodeKey(failure.node!), failure.detail])).toEqual([
      ['1/5', expect.stringMatching(/is missing/)],
      ['1/6', expect.stringMatching(/not the hash/)],
    ]);
  });

  it('names a node stored beyond the tree', async () => {
    const tree = storedTree();
    tree.rows.get(3)!.set(LEAVES >> 3, forged);
    expect(await check(tree)).toEqual([
      expect.objectContaining({ kind: 'tree_nodes', node: { level: 3, index: 4 } }),
    ]);
  });
});
