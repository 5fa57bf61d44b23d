import { appendedEvent, EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { IntegrityError, invalidQuery, type WriteReceipts } from '@change-ledger/integrity';
import { ciEventStream } from '@change-ledger/change-requests';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { CiFactReceiptAnswer } from './ci-fact-receipt.response.dto';
import { WRITE_RECEIPTS } from './receipt.interceptor';

/**
 * The receipt of a CI fact that came over Kafka, whose producer gets no answer: a CI job asks
 * for it by the (source, id) it sent, and keeps it with its build (docs/ci). Signed on request
 * over the events the ledger recorded for that fact (its CiEventReceived, and any conflicting
 * redelivery), with the same promise as a write's answer: recorded time + the maximum merge delay.
 */
@Controller('api/v1/ingest')
export class CiFactReceiptController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WRITE_RECEIPTS) private readonly receipts: WriteReceipts,
  ) {}

  @Get('receipt')
  async receipt(
    @Query('source') source?: string,
    @Query('id') id?: string,
  ): Promise<CiFactReceiptAnswer> {
    if (!source) throw invalidQuery('source', 'must be the CI event source the fact was sent with');
    if (!id) throw invalidQuery('id', 'must be the id the fact was sent with');
    const events = await this.store.readStream(ciEventStream({ source, id }));
    if (events.length === 0)
      throw new IntegrityError(
        'INTEGRITY.UNKNOWN_EVENT',
        'not_found',
        `No CI fact ${JSON.stringify(id)} from ${JSON.stringify(source)} is recorded (yet)`,
        { source, id },
      );
    return { source, id, ...this.receipts.receiptFor(events.map(appendedEvent)) };
  }
}
