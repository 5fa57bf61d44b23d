import { recordedBefore } from '@change-ledger/change-requests';
import { type EventStore, type RecordedEvent } from '@change-ledger/event-store';
import {
  eventLeafHash,
  inclusionProof,
  inclusionRanges,
  type LogStore,
  type NodeId,
  nodeKey,
  rangeNodes,
  type StoredCheckpoint,
} from '@change-ledger/integrity';
import { type InclusionProofLine } from './bundle-format';

export interface ProvedStream {
  events: RecordedEvent[];
  proofs: InclusionProofLine[];
  /** Events recorded after the checkpoint: not proved, left out. */
  after: number;
}

/**
 * Streams' events covered by the checkpoint, each with its RFC 9162 inclusion proof. The proofs
 * are libs/integrity's. Several streams are proved at once: each stream is read on its own (the
 * event store's port reads one stream), then the leaves of all their events are looked up in one
 * query and every node their proofs need read in another, so a batch of members costs two log
 * queries instead of two per member (proofs of neighbouring leaves also share their upper nodes).
 */
export class StreamProver {
  constructor(
    private readonly sources: { store: EventStore; log: LogStore },
    private readonly checkpoint: StoredCheckpoint,
  ) {}

  async prove(streamId: string, asOf: Date | undefined): Promise<ProvedStream> {
    return (await this.proveAll([streamId], asOf))[0]!;
  }

  async proveAll(streamIds: readonly string[], asOf: Date | undefined): Promise<ProvedStream[]> {
    const streams = await Promise.all(
      streamIds.map(async (streamId) =>
        recordedBefore(await this.sources.store.readStream(streamId), asOf),
      ),
    );
    const leafIndexes = await this.sources.log.leafIndexes(
      streams.flatMap((stored) => stored.map((event) => event.id)),
    );
    const size = this.checkpoint.size;
    const covered = streams.map((stored) => {
      // Covered events are a prefix of the stream: the log is in global order.
      const cut = stored.findIndex((event) => {
        const index = leafIndexes.get(event.id);
        return index === undefined || index >= size;
      });
      return cut < 0 ? stored : stored.slice(0, cut);
    });
    const wanted = new Map<string, NodeId>();
    for (const events of covered)
      for (const event of events)
        for (const range of inclusionRanges(leafIndexes.get(event.id)!, size))
          for (const node of rangeNodes(range)) wanted.set(nodeKey(node), node);
    const hashes = await this.sources.log.readNodes()([...wanted.values()]);
    return Promise.all(
      covered.map(async (events, index) => ({
        events,
        proofs: await this.proofs(events, leafIndexes, hashes),
        after: streams[index]!.length - events.length,
      })),
    );
  }

  private async proofs(
    events: readonly RecordedEvent[],
    leafIndexes: Map<string, number>,
    hashes: Map<string, Buffer>,
  ): Promise<InclusionProofLine[]> {
    const size = this.checkpoint.size;
    const proofs: InclusionProofLine[] = [];
    for (const event of events) {
      const leafIndex = leafIndexes.get(event.id)!;
      const proof = await inclusionProof(async () => hashes, leafIndex, size);
      proofs.push({
        event_id: event.id,
        leaf_index: leafIndex,
        tree_size: size,
        leaf_hash: eventLeafHash(event.integrity.hash).toString('base64'),
        proof: proof.map((hash) => hash.toString('base64')),
      });
    }
    return proofs;
  }
}
