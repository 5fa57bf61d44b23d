import { type LogStore } from '../log/log-store';
import { type NodeId, nodeKey } from '../merkle/tree-math';
import { type VerificationFailure } from './verification-failure';

/**
 * Every stored subtree hash (ledger_log.tree_nodes, what the API's proofs are made of) against
 * the tree recomputed from the leaves, in the same one pass. As the verifier appends leaf after
 * leaf to its compact range, each append completes nodes in a known order: node (l, i) once leaf
 * (i + 1)·2^l − 1 is in, so the nodes of one level complete in index order. One cursor per level
 * reads that level's stored rows in primary-key order, a page at a time (the next page already
 * on its way), and meets each completed node as it comes. O(n) reads, memory of a page per level
 * (O(log n) levels); afterwards one statement finds nodes stored beyond the tree.
 */
export class StoredTreeCheck {
  private readonly levels: LevelCursor[] = [];

  constructor(
    private readonly log: StoredNodes,
    private readonly pageSize: number,
    private readonly fail: (failure: VerificationFailure) => void,
  ) {}

  /** The nodes one append completed (`CompactRange.append`'s answer), against their rows. */
  async check(completed: readonly { node: NodeId; hash: Buffer }[]): Promise<void> {
    for (const { node, hash } of completed) {
      const cursor = (this.levels[node.level] ??= new LevelCursor(
        this.log,
        node.level,
        this.pageSize,
      ));
      const stored = await cursor.take(node.index);
      if (!stored || !stored.equals(hash))
        this.fail({
          kind: 'tree_nodes',
          node,
          detail: `stored node ${nodeKey(node)} (leaves ${node.index * 2 ** node.level} to ${(node.index + 1) * 2 ** node.level - 1}) ${stored ? 'is not the hash of its leaves' : 'is missing'}`,
        });
    }
  }

  /** After the last leaf: a stored node beyond the tree is one no leaf accounts for. */
  async finish(): Promise<void> {
    for (const { node, treeSize } of await this.log.nodesBeyondTree())
      this.fail({
        kind: 'tree_nodes',
        node,
        treeSize,
        detail: `stored node ${nodeKey(node)} lies beyond the tree of ${treeSize} leaves: no leaf accounts for it`,
      });
  }
}

/** What the check reads of the log. */
export type StoredNodes = Pick<LogStore, 'levelNodes' | 'nodesBeyondTree'>;

type NodeRow = { index: number; hash: Buffer };

/** One level's stored rows in index order, a page at a time, the next page read ahead. */
class LevelCursor {
  private page: NodeRow[] = [];
  private at = 0;
  private ahead: { from: number; rows: Promise<NodeRow[]> } | undefined;

  constructor(
    private readonly log: StoredNodes,
    private readonly level: number,
    private readonly pageSize: number,
  ) {}

  /**
   * The stored hash of node `index`; undefined when the level holds none. Called with 0, 1, 2, …
   * (the order nodes complete in), so every row before `index` was already taken.
   */
  async take(index: number): Promise<Buffer | undefined> {
    if (this.at === this.page.length) await this.read(index);
    const row = this.page[this.at];
    if (!row || row.index !== index) return undefined;
    this.at += 1;
    return row.hash;
  }

  private async read(from: number): Promise<void> {
    const ahead = this.ahead;
    this.ahead = undefined;
    this.page =
      ahead && ahead.from === from
        ? await ahead.rows
        : await this.log.levelNodes(this.level, from, this.pageSize);
    this.at = 0;
    const last = this.page[this.page.length - 1];
    // A short page is the level's end for now: the next read asks again (the log may grow).
    if (last && this.page.length === this.pageSize) {
      const rows = this.log.levelNodes(this.level, last.index + 1, this.pageSize);
      // Awaited by the next read; until then a failure must not go unhandled.
      rows.catch(() => undefined);
      this.ahead = { from: last.index + 1, rows };
    }
  }
}
