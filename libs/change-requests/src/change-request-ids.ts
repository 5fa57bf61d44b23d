import { formatChangeRequestId } from '@change-ledger/domain';
import {
  EVENT_STORE,
  type EventStore,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { ID_GENERATOR, type IdGenerator, type RequestContext } from './request-context';

/**
 * Change ids of 004 (`CHG-2026-001`), unique under concurrent creation: each id is reserved by
 * an event in the year's numbering stream, appended at the exact revision the number comes from;
 * a writer that loses the race reads again and takes the next number. Works on either store, and
 * who took which number is on record.
 */
@Injectable()
export class ChangeRequestIds {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ID_GENERATOR) private readonly newId: IdGenerator,
  ) {}

  async allocate(at: string, context: RequestContext): Promise<string> {
    const year = Number(at.slice(0, 4));
    const stream = `change-request-numbers-${year}`;
    for (let attempt = 1; ; attempt++) {
      const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
      const sequence = last ? last.revision + 2 : 1;
      const changeRequestId = formatChangeRequestId(year, sequence);
      try {
        await this.store.appendToStream(
          stream,
          [
            {
              id: this.newId(),
              type: 'ChangeRequestNumberReserved',
              data: { changeRequestId, year, sequence },
              metadata: {
                actor: context.actor,
                occurredAt: at,
                correlationId: context.correlationId,
                source: { kind: 'api', requestId: context.requestId },
              },
            },
          ],
          { expectedRevision: last ? last.revision : 'no_stream' },
        );
        return changeRequestId;
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < 20) continue;
        throw error;
      }
    }
  }
}
