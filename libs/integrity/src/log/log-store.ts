import { comparePositions, type GlobalPosition } from '@change-ledger/event-store';
import { type ClientBase, type Pool } from 'pg';
import { CompactRange } from '../merkle/compact-range';
import { consistencyProof, inclusionProof, type NodeReader, treeRoot } from '../merkle/proofs';
import { type NodeId, nodeKey, rangeNodes } from '../merkle/tree-math';

export interface LeafRow {
  leafIndex: number;
  eventId: string;
  streamId: string;
  revision: number;
  /** The event's chain hash (hex), the leaf's data. */
  eventHash: string;
  position: GlobalPosition;
}

export interface StoredCheckpoint {
  size: number;
  root: Buffer;
  origin: string;
  note: string;
  verifierKey: string;
  signedAt: string;
}

type Queryable = Pool | ClientBase;

/**
 * The log's tables (ledger_log.*): leaves, the hashes of complete subtrees, signed checkpoints.
 * Every root and proof costs one query for O(log n) nodes, whatever the size of the tree.
 */
export class LogStore {
  constructor(private readonly pool: Pool) {}

  async size(db: Queryable = this.pool): Promise<number> {
    const { rows } = await db.query<{ size: string }>(
      'SELECT coalesce(max(leaf_index) + 1, 0) AS size FROM ledger_log.leaves',
    );
    return Number(rows[0]!.size);
  }

  /** Where the sequencer stopped: the last leaf's position and the tree's right edge. */
  async head(
    db: Queryable = this.pool,
  ): Promise<{ position?: GlobalPosition; range: CompactRange }> {
    const { rows } = await db.query<{ leaf_index: string; commit: string; prepare: string }>(
      'SELECT leaf_index, commit::text, prepare::text FROM ledger_log.leaves ORDER BY leaf_index DESC LIMIT 1',
    );
    const last = rows[0];
    if (!last) return { range: CompactRange.empty() };
    const size = Number(last.leaf_index) + 1;
    const edge = rangeNodes({ begin: 0, end: size });
    const hashes = await this.readNodes(db)(edge);
    return {
      position: { commit: BigInt(last.commit), prepare: BigInt(last.prepare) },
      range: CompactRange.resume(
        size,
        edge.map((node) => ({ level: node.level, hash: hashes.get(nodeKey(node))! })),
      ),
    };
  }

  readNodes(db: Queryable = this.pool): NodeReader {
    return async (nodes: readonly NodeId[]) => {
      if (nodes.length === 0) return new Map();
      const { rows } = await db.query<{ level: number; node_index: string; hash: Buffer }>(
        `SELECT n.level, n.node_index, n.hash FROM ledger_log.tree_nodes n
           JOIN unnest($1::smallint[], $2::bigint[]) AS wanted(level, node_index)
             ON n.level = wanted.level AND n.node_index = wanted.node_index`,
        [nodes.map((node) => node.level), nodes.map((node) => node.index)],
      );
      return new Map(rows.map((row) => [`${row.level}/${row.node_index}`, row.hash]));
    };
  }

  /** Inserts leaves and the nodes they complete; the caller holds the transaction. */
  async append(
    tx: ClientBase,
    leaves: readonly LeafRow[],
    nodes: readonly { node: NodeId; hash: Buffer }[],
  ): Promise<void> {
    // Through the function that checks each leaf against the store (migration 1763900000001).
    await tx.query(
      `SELECT ledger_log.append_leaves($1::bigint[], $2::uuid[], $3::text[], $4::bigint[],
         $5::bytea[], $6::numeric[], $7::numeric[], $8::smallint[], $9::bigint[], $10::bytea[])`,
      [
        leaves.map((leaf) => leaf.leafIndex),
        leaves.map((leaf) => leaf.eventId),
        leaves.map((leaf) => leaf.streamId),
        leaves.map((leaf) => leaf.revision),
        leaves.map((leaf) => Buffer.from(leaf.eventHash, 'hex')),
        leaves.map((leaf) => leaf.position.commit.toString()),
        leaves.map((leaf) => leaf.position.prepare.toString()),
        nodes.map((n) => n.node.level),
        nodes.map((n) => n.node.index),
        nodes.map((n) => n.hash),
      ],
    );
  }

  root(size: number): Promise<Buffer> {
    return treeRoot(this.readNodes(), size);
  }

  inclusionProof(leafIndex: number, size: number): Promise<Buffer[]> {
    return inclusionProof(this.readNodes(), leafIndex, size);
  }

  consistencyProof(fromSize: number, toSize: number): Promise<Buffer[]> {
    return consistencyProof(this.readNodes(), fromSize, toSize);
  }

  async leafOf(eventId: string): Promise<LeafRow | undefined> {
    const { rows } = await this.pool.query<LeafRecord>(
      `SELECT ${LEAF_COLUMNS} FROM ledger_log.leaves WHERE event_id = $1`,
      [eventId],
    );
    return rows[0] && toLeaf(rows[0]);
  }

  /** Leaf indexes of the events that are sequenced; the others are absent from the map. */
  async leafIndexes(eventIds: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ event_id: string; leaf_index: string }>(
      'SELECT event_id::text, leaf_index FROM ledger_log.leaves WHERE event_id = ANY($1::uuid[])',
      [eventIds],
    );
    return new Map(rows.map((row) => [row.event_id, Number(row.leaf_index)]));
  }

  async leafCount(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(
      'SELECT count(*) AS count FROM ledger_log.leaves WHERE stream_id = $1',
      [streamId],
    );
    return Number(rows[0]!.count);
  }

  /** One page of leaves in index order, from `fromIndex`. */
  async leaves(fromIndex: number, limit: number): Promise<LeafRow[]> {
    const { rows } = await this.pool.query<LeafRecord>(
      `SELECT ${LEAF_COLUMNS} FROM ledger_log.leaves WHERE leaf_index >= $1 ORDER BY leaf_index LIMIT $2`,
      [fromIndex, limit],
    );
    return rows.map(toLeaf);
  }

  /** The leaves of one stream, in revision order. */
  async streamLeaves(streamId: string): Promise<LeafRow[]> {
    const { rows } = await this.pool.query<LeafRecord>(
      `SELECT ${LEAF_COLUMNS} FROM ledger_log.leaves WHERE stream_id = $1 ORDER BY revision, leaf_index`,
      [streamId],
    );
    return rows.map(toLeaf);
  }

  /**
   * The index of the first leaf sequenced after `position`, if any. Leaves are in the order of
   * positions, so a binary search over the primary key answers in O(log n) small queries (the
   * table has no index by position).
   */
  async firstLeafAfter(position: GlobalPosition): Promise<number | undefined> {
    let low = 0;
    let high = await this.size();
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const [leaf] = await this.leaves(middle, 1);
      if (!leaf || comparePositions(leaf.position, position) > 0) high = middle;
      else low = leaf.leafIndex + 1;
    }
    const [first] = await this.leaves(low, 1);
    return first?.leafIndex;
  }

  /** One page of the stored nodes of one level, in index order, from `fromIndex`. */
  async levelNodes(
    level: number,
    fromIndex: number,
    limit: number,
  ): Promise<{ index: number; hash: Buffer }[]> {
    const { rows } = await this.pool.query<{ node_index: string; hash: Buffer }>(
      `SELECT node_index, hash FROM ledger_log.tree_nodes
        WHERE level = $1 AND node_index >= $2 ORDER BY node_index LIMIT $3`,
      [level, fromIndex, limit],
    );
    return rows.map((row) => ({ index: Number(row.node_index), hash: row.hash }));
  }

  /**
   * Of each level, the first stored node that lies beyond the tree of the leaves the log holds
   * (none should), with that size: one statement, so a sequencer appending meanwhile (leaves and
   * nodes in one transaction) is never mistaken for one.
   */
  async nodesBeyondTree(): Promise<{ node: NodeId; treeSize: number }[]> {
    const { rows } = await this.pool.query<{ level: number; node_index: string; size: string }>(
      `WITH log AS (SELECT coalesce(max(leaf_index) + 1, 0) AS size FROM ledger_log.leaves)
       SELECT levels.level, beyond.node_index, log.size
         FROM log, generate_series(0, 63) AS levels(level)
         CROSS JOIN LATERAL (
           SELECT node_index FROM ledger_log.tree_nodes n
            WHERE n.level = levels.level AND n.node_index >= (log.size >> levels.level)
            ORDER BY node_index LIMIT 1
         ) AS beyond
        ORDER BY levels.level`,
    );
    return rows.map((row) => ({
      node: { level: row.level, index: Number(row.node_index) },
      treeSize: Number(row.size),
    }));
  }

  async latestCheckpoint(db: Queryable = this.pool): Promise<StoredCheckpoint | undefined> {
    const { rows } = await db.query<CheckpointRecord>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_log.checkpoints ORDER BY tree_size DESC LIMIT 1`,
    );
    return rows[0] && toCheckpoint(rows[0]);
  }

  async checkpoint(size: number): Promise<StoredCheckpoint | undefined> {
    const { rows } = await this.pool.query<CheckpointRecord>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_log.checkpoints WHERE tree_size = $1`,
      [size],
    );
    return rows[0] && toCheckpoint(rows[0]);
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    const { rows } = await this.pool.query<CheckpointRecord>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_log.checkpoints ORDER BY tree_size`,
    );
    return rows.map(toCheckpoint);
  }

  /** Stores a signed checkpoint; returns its time as stored (the note's `time` line). */
  async insertCheckpoint(
    db: Queryable,
    checkpoint: Omit<StoredCheckpoint, 'signedAt'>,
  ): Promise<string> {
    // Through the function that checks size, order and time (migration 1763900000001).
    const { rows } = await db.query<{ signed_at: Date }>(
      `SELECT ledger_log.add_checkpoint($1, $2, $3, $4, $5) AS signed_at`,
      [
        checkpoint.size,
        checkpoint.root,
        checkpoint.origin,
        checkpoint.note,
        checkpoint.verifierKey,
      ],
    );
    return rows[0]!.signed_at.toISOString();
  }
}

const LEAF_COLUMNS = `leaf_index, event_id::text, stream_id, revision, encode(event_hash, 'hex') AS event_hash,
  commit::text, prepare::text`;
const CHECKPOINT_COLUMNS = 'tree_size, root_hash, origin, note, verifier_key, signed_at';

interface LeafRecord {
  leaf_index: string;
  event_id: string;
  stream_id: string;
  revision: string;
  event_hash: string;
  commit: string;
  prepare: string;
}

interface CheckpointRecord {
  tree_size: string;
  root_hash: Buffer;
  origin: string;
  note: string;
  verifier_key: string;
  signed_at: Date;
}

function toLeaf(row: LeafRecord): LeafRow {
  return {
    leafIndex: Number(row.leaf_index),
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    eventHash: row.event_hash,
    position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
  };
}

function toCheckpoint(row: CheckpointRecord): StoredCheckpoint {
  return {
    size: Number(row.tree_size),
    root: row.root_hash,
    origin: row.origin,
    note: row.note,
    verifierKey: row.verifier_key,
    signedAt: row.signed_at.toISOString(),
  };
}
