import { envelopeAt, type RequestContext } from '@change-ledger/change-requests';
import {
  changeRequestStream,
  foldLegalHolds,
  type HeldChangeRequest,
  LEGAL_HOLD_EVENT_TYPES,
  LEGAL_HOLDS_STREAM,
  type LegalHoldEvent,
  type LegalHolds,
} from '@change-ledger/domain';
import {
  type EventStore,
  storedAs,
  StreamDeletedError,
  retryOnConflict,
} from '@change-ledger/event-store';

export interface LoadedLegalHolds {
  holds: LegalHolds;
  revision: number | undefined;
}

/**
 * The legal-holds system stream: read into the holds' state, written with the envelope of
 * DESIGN.md (the actor is the authenticated principal). One stream for every hold, so the
 * database's deletion function reads them in one place.
 */
export class LegalHoldsRepository {
  constructor(
    private readonly store: EventStore,
    private readonly newId: () => string,
  ) {}

  async load(): Promise<LoadedLegalHolds> {
    const events = await this.store.readStream(LEGAL_HOLDS_STREAM);
    const holds = foldLegalHolds(
      events.flatMap((event) => storedAs<LegalHoldEvent>(event, LEGAL_HOLD_EVENT_TYPES) ?? []),
    );
    return { holds, revision: events.at(-1)?.revision };
  }

  /** Whether the store ever recorded this change request, and whether retention pruned it. */
  async heldChangeRequest(changeRequestId: string): Promise<HeldChangeRequest> {
    try {
      const [first] = await this.store.readStream(changeRequestStream(changeRequestId), {
        maxCount: 1,
      });
      return first ? { kind: 'recorded' } : { kind: 'never_recorded' };
    } catch (error) {
      if (error instanceof StreamDeletedError)
        return { kind: 'pruned', prunedByRun: error.prunedByRun ?? 'unknown' };
      throw error;
    }
  }

  /**
   * Decides on the current holds and appends; another hold recorded meanwhile means deciding
   * again on the new state (a hold command is always safe to retry).
   */
  async decideAndAppend(
    decide: (holds: LegalHolds) => LegalHoldEvent[],
    context: RequestContext,
  ): Promise<LegalHoldEvent[]> {
    return retryOnConflict(5, async () => {
      const { holds, revision } = await this.load();
      const events = decide(holds);
      await this.store.appendToStream(
        LEGAL_HOLDS_STREAM,
        events.map((event) =>
          envelopeAt(
            this.newId(),
            event,
            context,
            'placedAt' in event.data ? event.data.placedAt : event.data.releasedAt,
          ),
        ),
        { expectedRevision: revision ?? 'no_stream' },
      );
      return events;
    });
  }
}
