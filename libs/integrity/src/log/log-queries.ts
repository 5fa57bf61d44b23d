import { type Pool } from 'pg';
import { IntegrityError } from '../integrity.errors';
import { eventLeafHash } from '../merkle/merkle-hash';
import { signatureLines } from '../note/signed-note';
import { CosignatureStore } from './cosignature-store';
import { LogStore, type StoredCheckpoint } from './log-store';

/** What auditors read of the log (the API's read-only routes): checkpoints and proofs. */
export class LedgerLogQueries {
  private readonly log: LogStore;
  private readonly cosignatures: CosignatureStore;

  constructor(pool: Pool) {
    this.log = new LogStore(pool);
    this.cosignatures = new CosignatureStore(pool);
  }

  /**
   * A checkpoint as served: the log's signed note with every witness's stored cosignature of it
   * appended as further signature lines (signed-note allows several). Only cosignatures of this
   * very text are appended; none of a checkpoint a witness refused exists to append.
   */
  async checkpoint(size?: number): Promise<StoredCheckpoint> {
    const checkpoint = await this.signedCheckpoint(size);
    const body = signatureLines(checkpoint.note).text;
    const lines = (await this.cosignatures.list(checkpoint.size))
      .filter((cosignature) => cosignature.checkpointBody === body)
      .map((cosignature) => cosignature.signatureLine);
    return { ...checkpoint, note: checkpoint.note + lines.join('') };
  }

  private async signedCheckpoint(size?: number): Promise<StoredCheckpoint> {
    const checkpoint =
      size === undefined ? await this.log.latestCheckpoint() : await this.log.checkpoint(size);
    if (!checkpoint)
      throw new IntegrityError(
        'INTEGRITY.NO_CHECKPOINT',
        'not_found',
        size === undefined ? 'No checkpoint has been signed yet' : `No checkpoint of size ${size}`,
        { size },
      );
    return checkpoint;
  }

  async inclusion(eventId: string, treeSize: number) {
    const leaf = await this.log.leafOf(eventId);
    if (!leaf)
      throw new IntegrityError(
        'INTEGRITY.UNKNOWN_EVENT',
        'not_found',
        `Event ${eventId} is not (yet) in the log`,
        { eventId },
      );
    await this.assertWithinTree(treeSize);
    if (leaf.leafIndex >= treeSize)
      throw new IntegrityError(
        'INTEGRITY.BEYOND_TREE',
        'not_found',
        `Event ${eventId} is leaf ${leaf.leafIndex}, not in a tree of ${treeSize}`,
        { eventId, leafIndex: leaf.leafIndex, treeSize },
      );
    const proof = await this.log.inclusionProof(leaf.leafIndex, treeSize);
    return {
      event_id: eventId,
      leaf_index: leaf.leafIndex,
      tree_size: treeSize,
      leaf_hash: eventLeafHash(leaf.eventHash).toString('base64'),
      proof: proof.map((hash) => hash.toString('base64')),
    };
  }

  async consistency(from: number, to: number) {
    await this.assertWithinTree(to);
    const proof = await this.log.consistencyProof(from, to);
    return { from, to, proof: proof.map((hash) => hash.toString('base64')) };
  }

  leafIndexes(eventIds: readonly string[]): Promise<Map<string, number>> {
    return this.log.leafIndexes(eventIds);
  }

  private async assertWithinTree(size: number): Promise<void> {
    const treeSize = await this.log.size();
    if (size > treeSize)
      throw new IntegrityError(
        'INTEGRITY.BEYOND_TREE',
        'not_found',
        `The log has ${treeSize} leaves, fewer than ${size}`,
        { size, treeSize },
      );
  }
}
