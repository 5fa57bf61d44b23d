import { type CiFact } from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';
import { type Projection } from '../projection/projection';

interface Receipt {
  fact: CiFact;
  receivedAt: string;
  link: { changeRequestId: string; linkedBy: string } | null;
  unauthorized: { reason: string } | null;
}

/**
 * What CI reported, as received (receipts and conflicts), and the unauthorized production
 * changes: unlinked deployments (judged at receipt) and linked ones the change request's own
 * decision flagged (DeploymentRecorded).
 */
export const ciEventsProjection: Projection = {
  name: 'ci-events',
  filter: { eventTypes: ['CiEventReceived', 'CiEventConflicted', 'DeploymentRecorded'] },
  tables: ['ci_events', 'unauthorized_changes'],

  async apply(tx: ClientBase, events: readonly RecordedEvent[], table: (name: string) => string) {
    for (const event of events) {
      switch (event.type) {
        case 'CiEventReceived':
          await received(tx, event, event.data as unknown as Receipt, table);
          break;
        case 'CiEventConflicted': {
          const { fact } = event.data as unknown as { fact: CiFact };
          await tx.query(
            `UPDATE ${table('ci_events')} SET conflicts = conflicts + 1 WHERE source = $1 AND event_id = $2`,
            [fact.source, fact.id],
          );
          break;
        }
        case 'DeploymentRecorded': {
          const { fact, authorized, reason, changeRequestId } = event.data as unknown as {
            fact: CiFact;
            authorized: boolean | null;
            reason: string | null;
            changeRequestId: string;
          };
          if (authorized === false) await unauthorized(tx, fact, changeRequestId, reason!, table);
          break;
        }
      }
    }
  },
};

async function received(
  tx: ClientBase,
  event: RecordedEvent,
  { fact, receivedAt, link, unauthorized: flag }: Receipt,
  table: (name: string) => string,
): Promise<void> {
  await tx.query(
    `INSERT INTO ${table('ci_events')} (source, event_id, kind, format, source_type, occurred_at, received_at, actor,
       environment, service, outcome, change_request_id, linked_by, delivered_by, transport)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
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
