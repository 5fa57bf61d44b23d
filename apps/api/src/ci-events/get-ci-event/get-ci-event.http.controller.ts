import {
  type CiEventStreamEvent,
  type CiFact,
  describeCiFact,
  rawForReader,
  unreadOf,
} from '@change-ledger/domain';
import { type AuthenticatedActor } from '@change-ledger/auth';
import {
  appendedEvent,
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  storedAs,
} from '@change-ledger/event-store';
import { ciEventStream } from '@change-ledger/change-requests';
import {
  IntegrityError,
  type LedgerLogQueries,
  type WriteReceipts,
} from '@change-ledger/integrity';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { AUDITOR_ROLE } from '../../auth/auditors-only.decorator';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { LEDGER_LOG_QUERIES } from '../../ledger/ledger.controller';
import { WRITE_RECEIPTS } from '../../receipts/receipt.interceptor';
import { CiEventAnswer } from './get-ci-event.response.dto';

const CI_STREAM_EVENTS = ['CiEventReceived', 'CiEventConflicted', 'CiEventRedelivered'] as const;
const DELIVERY: Record<CiEventStreamEvent['type'], string> = {
  CiEventReceived: 'received',
  CiEventConflicted: 'conflict',
  CiEventRedelivered: 'redelivery',
};

/**
 * One CI fact by its (source, id), read from its own stream in the event store (not a read
 * model: what was recorded, at once): the fact, what it said, what was left unread, the message as
 * it arrived, its receipt (the link, the flags) and the log's signed receipt and leaf for it — and
 * every other delivery of the same (source, id), a conflict or the same fact in other bytes.
 * A webhook's signature is shown to auditors only (SECRET_DERIVED_HEADERS).
 * `source` is URL-encoded in the path (it holds slashes).
 */
@Controller('api/v1/ci-events')
export class GetCiEventHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WRITE_RECEIPTS) private readonly receipts: WriteReceipts,
    @Inject(LEDGER_LOG_QUERIES) private readonly log: LedgerLogQueries,
  ) {}

  @Get(':source/:id')
  async get(
    @Param('source') source: string,
    @Param('id') id: string,
    @CurrentActor() actor: AuthenticatedActor,
  ): Promise<CiEventAnswer> {
    const checksSignatures = actor.roles.includes(AUDITOR_ROLE);
    const stored = await this.store.readStream(ciEventStream({ source, id }));
    const events = stored.flatMap((recorded) => {
      const event = storedAs<CiEventStreamEvent>(recorded, CI_STREAM_EVENTS);
      return event ? [{ recorded, event }] : [];
    });
    const first = events[0];
    if (!first || first.event.type !== 'CiEventReceived')
      throw new IntegrityError(
        'INTEGRITY.UNKNOWN_EVENT',
        'not_found',
        `No CI fact ${JSON.stringify(id)} from ${JSON.stringify(source)} is recorded (yet)`,
        { source, id },
      );
    const leaves = await this.log.leafIndexes(stored.map((event) => event.id));
    const receipt = first.event.data;
    return {
      source,
      id,
      ...factAnswer(receipt.fact),
      raw: receipt.raw ? rawForReader(receipt.raw, checksSignatures) : null,
      content_hash: receipt.contentHash,
      received_at: receipt.receivedAt,
      link: receipt.link,
      unauthorized: receipt.unauthorized,
      reported_time_flags: receipt.reportedTimeFlags ?? [],
      ...this.receipts.receiptFor(stored.map(appendedEvent)),
      log_leaf: leaves.get(first.recorded.id) ?? null,
      deliveries: events.map(({ recorded, event }) => ({
        delivery: DELIVERY[event.type],
        ...eventAnswer(recorded, leaves),
        content_hash: event.data.contentHash,
        received_at: event.data.receivedAt,
        ...('fact' in event.data
          ? factAnswer(event.data.fact)
          : { fact: null, said: null, unread: event.data.unread ?? [] }),
        raw: event.data.raw ? rawForReader(event.data.raw, checksSignatures) : null,
      })),
    };
  }
}

function factAnswer(fact: CiFact) {
  return { fact, said: describeCiFact(fact), unread: unreadOf(fact) };
}

function eventAnswer(recorded: RecordedEvent, leaves: ReadonlyMap<string, number>) {
  return {
    event_id: recorded.id,
    recorded_at: recorded.metadata.recordedAt,
    hash: recorded.integrity.hash,
    log_leaf: leaves.get(recorded.id) ?? null,
  };
}
