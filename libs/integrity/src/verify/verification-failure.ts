import { type RecordedEvent, type StreamVerification } from '@change-ledger/event-store';
import { type LeafRow } from '../log/log-store';
import { type NodeId } from '../merkle/tree-math';
import { type Checkpoint, parseCheckpoint } from '../note/checkpoint';
import { type NoteVerifier, openNote } from '../note/signed-note';

/**
 * What `ledger verify` names, in full or for one change request. Both verifiers build their
 * failures here, so the same tampering reads the same whichever way it was found.
 */
export type FailureKind =
  /** An event's content or its place in its stream's hash chain does not verify. */
  | 'chain'
  /** A leaf's event is gone and its stream was not pruned by retention. */
  | 'event_missing'
  /**
   * A tombstone that retention's evidence does not account for (pruned-stream.ts): no run planned
   * the stream as it ended, the plan was not checkpointed before the deletion, the stream was not
   * past the 12-month floor by sequenced time, a hold kept it, the tombstone disagrees with the
   * log or the run, or events of the stream remain behind it.
   */
  | 'pruned_outside_retention'
  /** The event at a leaf's position is not the event (or the hash) the leaf recorded. */
  | 'leaf_mismatch'
  /** An event sits between sequenced events yet has no leaf: inserted after the fact. */
  | 'event_not_in_log'
  /** Leaf indexes are not dense: a leaf was removed. */
  | 'leaf_gap'
  /** A checkpoint (stored or trusted) does not match the tree recomputed from the leaves. */
  | 'checkpoint_mismatch'
  /** A checkpoint is larger than the whole log: the log was cut. */
  | 'truncated'
  /** A checkpoint's signature does not verify with the trusted keys. */
  | 'checkpoint_signature'
  /** A stored subtree hash (what proofs are made of) disagrees with the leaves, is missing or is extra. */
  | 'tree_nodes'
  /** A consistency proof from the stored nodes does not verify. */
  | 'consistency'
  /**
   * A leaf's audit path, made of the stored nodes, does not lead to the latest checkpoint's root
   * (one change request's verify: it checks the nodes its leaves rely on, not the whole tree).
   */
  | 'inclusion'
  /** A trusted witness's stored cosignature does not verify over the checkpoint stored with it. */
  | 'cosignature'
  /** Fewer trusted witnesses than the quorum cosigned the latest checkpoint. */
  | 'witness_quorum';

export interface VerificationFailure {
  kind: FailureKind;
  detail: string;
  streamId?: string;
  revision?: number;
  leafIndex?: number;
  eventId?: string;
  treeSize?: number;
  /** The stored tree node at fault (`tree_nodes`, `inclusion`). */
  node?: NodeId;
}

const describeLeaf = (leaf: LeafRow) =>
  `leaf ${leaf.leafIndex} (${leaf.streamId} revision ${leaf.revision}, event ${leaf.eventId})`;

export function chainFailure(
  streamId: string,
  firstInvalid: Extract<StreamVerification, { valid: false }>['firstInvalid'],
): VerificationFailure {
  return {
    kind: 'chain',
    streamId,
    revision: firstInvalid.revision,
    eventId: firstInvalid.eventId,
    detail: `${streamId} revision ${firstInvalid.revision}: ${firstInvalid.reason.replace('_', ' ')}`,
  };
}

export function eventMissing(leaf: LeafRow): VerificationFailure {
  return {
    kind: 'event_missing',
    leafIndex: leaf.leafIndex,
    streamId: leaf.streamId,
    revision: leaf.revision,
    eventId: leaf.eventId,
    detail: `${describeLeaf(leaf)}: the event is gone and ${leaf.streamId} was not pruned by retention`,
  };
}

/** The event at the leaf's position, when it is not the one (or the hash) the leaf recorded. */
export function leafMismatch(leaf: LeafRow, found: RecordedEvent): VerificationFailure | undefined {
  if (found.id === leaf.eventId && found.integrity.hash === leaf.eventHash) return undefined;
  return {
    kind: 'leaf_mismatch',
    leafIndex: leaf.leafIndex,
    streamId: found.streamId,
    revision: found.revision,
    eventId: found.id,
    detail: `${describeLeaf(leaf)}: the stored event ${found.id === leaf.eventId ? 'now has another hash' : `is now ${found.id}`}`,
  };
}

export function eventNotInLog(event: RecordedEvent, nextLeafIndex: number): VerificationFailure {
  return {
    kind: 'event_not_in_log',
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.id,
    detail: `event ${event.id} (${event.streamId} revision ${event.revision}) lies before leaf ${nextLeafIndex} but is in no leaf: inserted`,
  };
}

/** A leaf whose inclusion in checkpoint `treeSize` the stored nodes do not prove. */
export function inclusionFailure(
  leaf: LeafRow,
  treeSize: number,
  problem: string,
  node?: NodeId,
): VerificationFailure {
  return {
    kind: 'inclusion',
    leafIndex: leaf.leafIndex,
    streamId: leaf.streamId,
    revision: leaf.revision,
    eventId: leaf.eventId,
    treeSize,
    ...(node ? { node } : {}),
    detail: `${describeLeaf(leaf)} in checkpoint ${treeSize}: ${problem}`,
  };
}

/** A signed checkpoint's body, or a `checkpoint_signature` failure. */
export function openCheckpoint(
  note: string,
  verifiers: readonly NoteVerifier[],
  label: string,
  fail: (failure: VerificationFailure) => void,
): Checkpoint | undefined {
  try {
    return parseCheckpoint(openNote(note, verifiers).text);
  } catch (error) {
    fail({
      kind: 'checkpoint_signature',
      detail: `${label}: ${error instanceof Error ? error.message : String(error)}`,
    });
    return undefined;
  }
}

/** A stored checkpoint's row against its signed note: both must name the same tree. */
export function storedCheckpointMismatch(
  stored: { size: number; root: Buffer },
  body: Checkpoint,
  label: string,
): VerificationFailure | undefined {
  if (body.size === stored.size && body.root.equals(stored.root)) return undefined;
  return {
    kind: 'checkpoint_mismatch',
    treeSize: stored.size,
    detail: `${label}: its row and its signed note disagree`,
  };
}

/**
 * Said whenever no checkpoint is held: with nothing signed and kept, a verify only shows the
 * ledger agrees with itself.
 */
export const NOT_ANCHORED_WARNING =
  'no checkpoint is stored or kept: nothing is anchored, so an insider could rewrite the events and the log alike and this verify would still pass; keep signed checkpoints outside the database (--witness-dir, --trusted-checkpoint)';
