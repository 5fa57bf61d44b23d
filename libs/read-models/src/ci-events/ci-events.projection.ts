import {
  type CiEventReceipt,
  type CiEventStreamEvent,
  type CiFact,
  type DeploymentRecorded,
} from '@change-ledger/domain';
import { type RecordedEvent, storedAs } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';
import { type Projection } from '../projection/projection';

type CiEventsInput = CiEventStreamEvent | DeploymentRecorded;
const TYPES: CiEventsInput['type'][] = [
  'CiEventReceived',
  'CiEventConflicted',
  'DeploymentRecorded',
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
            await unauthorized(tx, fact, changeRequestId, reason ?? 'not authorized', table);
          }
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
       reported_time_flags)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
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
    ],
  );
  if (flag) await unauthorized(tx, fact, null, flag.reason, table);
}

async function unauthorized(
  tx: ClientBase,
  fact: CiFact,
  changeRequestId: string | null,
  reason: string,
  table: (name: string) => string,
): Promise<void> {
  await tx.query(
    `INSERT INTO ${table('unauthorized_changes')} (source, event_id, kind, occurred_at, environment, service, actor,
       change_request_id, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (source, event_id) DO NOTHING`,
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
    ],
  );
}
