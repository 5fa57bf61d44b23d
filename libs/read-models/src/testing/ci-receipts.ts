import { randomUUID } from 'node:crypto';
import { type CiFact } from '@change-ledger/domain';
import { type EventStore } from '@change-ledger/event-store';

/**
 * A `CiEventReceived` of a fact no change request claims, appended to a stream of its own as the
 * ingestion handler writes it; `bend` may make the receipt into what the handler would refuse.
 */
export async function appendCiReceipt(
  store: EventStore,
  streamId: string,
  fact: CiFact,
  bend: (receipt: Record<string, unknown>) => void = () => {},
): Promise<void> {
  const receipt: Record<string, unknown> = {
    fact,
    contentHash: '0'.repeat(64),
    receivedAt: '2026-11-20T09:00:01.000Z',
    link: null,
    unauthorized: null,
    reportedTimeFlags: [],
  };
  bend(receipt);
  await store.appendToStream(
    streamId,
    [
      {
        id: randomUUID(),
        type: 'CiEventReceived',
        data: receipt as never,
        metadata: {
          actor: { id: 'ci', kind: 'service', roles: [], authenticatedBy: 'api-token' },
          occurredAt: '2026-11-20T09:00:00.000Z',
          correlationId: fact.id,
          source: { kind: 'api', requestId: fact.id },
        },
      },
    ],
    { expectedRevision: 'no_stream' },
  );
}
