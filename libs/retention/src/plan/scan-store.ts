import {
  asChangeRequestEvent,
  CHANGE_REQUEST_STREAM_PREFIX,
  CI_EVENT_STREAM_PREFIX,
  type CiEventStreamEvent,
  foldLegalHolds,
  LEGAL_HOLD_EVENT_TYPES,
  LEGAL_HOLDS_STREAM,
  type LegalHoldEvent,
  type LegalHolds,
  planRetention,
  type Policy,
  RetainedRecords,
  type RetentionPlan,
} from '@change-ledger/domain';
import { type EventStore, type RecordedEvent, storedAs } from '@change-ledger/event-store';

export interface ScanProgress {
  events: number;
  streams: number;
}

const CI_TYPES: CiEventStreamEvent['type'][] = [
  'CiEventReceived',
  'CiEventConflicted',
  'CiEventRedelivered',
];

/**
 * One pass over the global order, filtered by the server to the streams retention judges
 * (change requests, CI events) and the legal holds: each stream folded into a small record.
 * Memory is one record per stream, whatever the number of events.
 */
export async function scanStore(
  store: EventStore,
  options: { pageSize?: number; onProgress?: (progress: ScanProgress) => void } = {},
): Promise<{ records: RetainedRecords; holds: LegalHolds }> {
  const records = new RetainedRecords();
  const holdEvents: LegalHoldEvent[] = [];
  const pageSize = options.pageSize ?? 5000;
  let seen = 0;
  for (let after: RecordedEvent | undefined; ;) {
    const page = await store.readAll({
      after: after?.position,
      maxCount: pageSize,
      filter: {
        streamPrefixes: [
          `${CHANGE_REQUEST_STREAM_PREFIX}CHG-`,
          CI_EVENT_STREAM_PREFIX,
          LEGAL_HOLDS_STREAM,
        ],
      },
    });
    if (page.length === 0) break;
    for (const event of page) {
      if (event.streamId === LEGAL_HOLDS_STREAM) {
        const hold = storedAs<LegalHoldEvent>(event, LEGAL_HOLD_EVENT_TYPES);
        if (hold) holdEvents.push(hold);
        continue;
      }
      records.add(
        {
          streamId: event.streamId,
          revision: event.revision,
          // The store's time where it hashed one (the database's clock), never only the API's.
          recordedAt: event.integrity.recordedAt ?? event.metadata.recordedAt,
          hash: event.integrity.hash,
        },
        asChangeRequestEvent(event) ?? storedAs<CiEventStreamEvent>(event, CI_TYPES),
      );
    }
    seen += page.length;
    after = page[page.length - 1];
    options.onProgress?.({ events: seen, streams: records.size });
  }
  return { records, holds: foldLegalHolds(holdEvents) };
}

/** `ledger retention plan`: what a run as of `asOf` would prune, and what holds keep. */
export async function planFromStore(
  store: EventStore,
  policy: Pick<Policy, 'retention' | 'version'>,
  asOf: Date,
  onProgress?: (progress: ScanProgress) => void,
): Promise<RetentionPlan> {
  const { records, holds } = await scanStore(store, { onProgress });
  return planRetention(records.records(), holds, policy, asOf);
}
