import {
  type CiEventReceipt,
  type CiEventStreamEvent,
  type CiFact,
  type DeploymentRecorded,
  describeCiFact,
  failedGates,
  type RetentionRunEvent,
  unreadOf,
} from '@change-ledger/domain';
import { type RecordedEvent, storedAs } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';
import { insertRows, type Row } from '../projection/insert-rows';
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
 * decision flagged (DeploymentRecorded), with the deploy gates it failed (ADR 0022).
 */
export const ciEventsProjection: Projection = {
  name: 'ci-events',
  filter: { eventTypes: TYPES },
  tables: ['ci_events', 'unauthorized_changes'],

  async apply(tx: ClientBase, events: readonly RecordedEvent[], table: (name: string) => string) {
    // Receipts and flags are gathered and inserted together; an update or a deletion first
    // writes what was gathered, so that each sees the rows of the events before it.
    const rows: Pending = { ci_events: [], unauthorized_changes: [] };
    const flush = async () => {
      for (const name of ['ci_events', 'unauthorized_changes'] as const) {
        await insertRows(tx, table(name), rows[name], { key: ['source', 'event_id'] });
        rows[name] = [];
      }
    };
    for (const recorded of events) {
      const event = storedAs<CiEventsInput>(recorded, TYPES);
      switch (event?.type) {
        case 'CiEventReceived':
          rows.ci_events.push(receiptRow(recorded, event.data));
          if (event.data.unauthorized)
            rows.unauthorized_changes.push(
              unauthorizedRow(
                recorded.streamId,
                event.data.fact,
                null,
                event.data.unauthorized.reason,
                [],
              ),
            );
          break;
        case 'CiEventConflicted':
          await flush();
          await tx.query(
            `UPDATE ${table('ci_events')} SET conflicts = conflicts + 1 WHERE source = $1 AND event_id = $2`,
            [event.data.fact.source, event.data.fact.id],
          );
          break;
        case 'DeploymentRecorded': {
          const { fact, authorized, reason, changeRequestId, gate } = event.data;
          if (authorized === false)
            rows.unauthorized_changes.push(
              unauthorizedRow(
                recorded.streamId,
                fact,
                changeRequestId,
                reason ?? 'not authorized',
                // Recorded before the gate of record (ADR 0022): none named.
                failedGates(gate?.gates ?? []).map((failed) => failed.gate),
              ),
            );
          break;
        }
        case 'RetentionBatchPruned': {
          await flush();
          const streams = prunedStreams(recorded);
          for (const name of ['ci_events', 'unauthorized_changes'])
            await tx.query(`DELETE FROM ${table(name)} WHERE stream_id = ANY($1::text[])`, [
              streams,
            ]);
          break;
        }
      }
    }
    await flush();
  },
};

interface Pending {
  ci_events: Row[];
  unauthorized_changes: Row[];
}

function receiptRow(
  event: RecordedEvent,
  { fact, receivedAt, link, reportedTimeFlags, raw }: CiEventReceipt,
): Row {
  return {
    source: fact.source,
    event_id: fact.id,
    kind: fact.kind,
    format: fact.format,
    source_type: fact.sourceType,
    occurred_at: fact.occurredAt,
    received_at: receivedAt,
    actor: fact.actor,
    environment: fact.environment,
    service: fact.service,
    outcome: fact.outcome,
    change_request_id: link?.changeRequestId ?? null,
    linked_by: link?.linkedBy ?? null,
    delivered_by: event.metadata.actor.id,
    transport: event.metadata.source,
    // Receipts written before the flags existed have none.
    reported_time_flags: reportedTimeFlags ?? [],
    stream_id: event.streamId,
    fact,
    said: describeCiFact(fact),
    unread: unreadOf(fact),
    raw_sha256: raw?.sha256 ?? null,
  };
}

function unauthorizedRow(
  streamId: string,
  fact: CiFact,
  changeRequestId: string | null,
  reason: string,
  failed: string[],
): Row {
  return {
    source: fact.source,
    event_id: fact.id,
    kind: fact.kind,
    occurred_at: fact.occurredAt,
    environment: fact.environment,
    service: fact.service,
    actor: fact.actor,
    change_request_id: changeRequestId,
    reason,
    stream_id: streamId,
    failed_gates: failed,
  };
}
