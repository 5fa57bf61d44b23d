import {
  type CiEventReceipt,
  type CiEventStreamEvent,
  type CiFact,
  type DeploymentRecorded,
  type RetentionRunEvent,
} from '@change-ledger/domain';
import { type RecordedEvent, storedAs } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';
import { type Projection } from '../projection/projection';
import { prunedStreams } from '../retention/retention.projection';

type CiEventsInput = CiEventStreamEvent | DeploymentRecorded | RetentionRunEvent;
const TYPES: CiEventsInput['type'][] = [
  'CiEventReceived',
  'CiEventConflicted',
  'DeploymentRecorded',
  'RetentionBatchPruned',
];

/**
 * What CI reported, as received (receipts and conflicts), and the unauthorized production
 * changes: unlinked deployments (judged at receipt) and linked ones the change request's own
 * decision flagged (DeploymentRecorded).
 */
export const ciEventsProjection: Projection = {
  name: 'ci-events',
  filter: { eventTypes: TYPES },
  tables: ['ci_events', 'unauthorized_changes'],

  async apply(tx: ClientBase, events: readonly RecordedEvent[], table: (name: string) => string) {
    for (const recorded of events) {
      const event = storedAs<CiEventsInput>(recorded, TYPES);
      switch (event?.type) {
        case 'CiEventReceived':
          await received(tx, recorded, event.data, table);
          break;
        case 'CiEventConflicted':
          await tx.query(
            `UPDATE ${table('ci_events')} SET conflicts = conflicts + 1 WHERE source = $1 AND event_id = $2`,
            [event.data.fact.source, event.data.fact.id],
          );
          break;
        case 'DeploymentRecorded': {
          const { fact, authorized, reason, changeRequestId } = event.data;
          if (authorized === false) {
            await unauthorized(
              tx,
              recorded.streamId,
              fact,
              changeRequestId,
              reason ?? 'not authorized',
              table,
            );
          }
          break;
        }
        case 'RetentionBatchPruned': {
          const streams = prunedStreams(recorded);
          for (const name of ['ci_events', 'unauthorized_changes'])
            await tx.query(`DELETE FROM ${table(name)} WHERE stream_id = ANY($1::text[])`, [
              streams,
            ]);
          break;
        }
      }
    }
  },
};

async function received(
  tx: ClientBase,
  event: RecordedEvent,
  { fact, receivedAt, link, unauthorized: flag, reportedTimeFlags }: CiEventReceipt,
  table: (name: string) => string,
): Promise<void> {
  await tx.query(
    `INSERT INTO ${table('ci_events')} (source, event_id, kind, format, source_type, occurred_at, received_at, actor,
       environment, service, outcome, change_request_id, linked_by, delivered_by, transport,
       reported_time_flags, stream_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (source, event_id) DO NOTHING`,
    [
      fact.source,
      fact.id,
      fact.kind,
      fact.format,
      fact.sourceType,
      fact.occurredAt,
      receivedAt,
      fact.actor,
      fact.environment,
      fact.service,
      fact.outcome,
      link?.changeRequestId ?? null,
      link?.linkedBy ?? null,
      event.metadata.actor.id,
      JSON.stringify(event.metadata.source),
      // Receipts written before the flags existed have none.
      reportedTimeFlags ?? [],
      event.streamId,
    ],
  );
  if (flag) await unauthorized(tx, event.streamId, fact, null, flag.reason, table);
}

async function unauthorized(
  tx: ClientBase,
  streamId: string,
  fact: CiFact,
  changeRequestId: string | null,
  reason: string,
  table: (name: string) => string,
): Promise<void> {
  await tx.query(
    `INSERT INTO ${table('unauthorized_changes')} (source, event_id, kind, occurred_at, environment, service, actor,
       change_request_id, reason, stream_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (source, event_id) DO NOTHING`,
    [
      fact.source,
      fact.id,
      fact.kind,
      fact.occurredAt,
      fact.environment,
      fact.service,
      fact.actor,
      changeRequestId,
      reason,
      streamId,
    ],
  );
}
