import {
  evolveStandingExceptions,
  foldStandingExceptions,
  POLICY_EXCEPTIONS_STREAM,
  STANDING_EXCEPTION_EVENT_TYPES,
  type StandingException,
  type StandingExceptionEvent,
  type StandingExceptions,
} from '@change-ledger/domain';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  storedAs,
  retryOnConflict,
} from '@change-ledger/event-store';
import { Inject, Injectable } from '@nestjs/common';
import {
  ID_GENERATOR,
  type IdGenerator,
  envelopeAt,
  type RequestContext,
} from '../request-context';

export interface LoadedStandingExceptions {
  exceptions: StandingExceptions;
  revision: number | undefined;
  events: RecordedEvent[];
}

const ATTEMPTS = 5;

/**
 * Policy exceptions for a service and a period: one system stream for all of them (they are few,
 * and whoever evaluates a deploy gate reads them whole), written with the envelope of DESIGN.md.
 */
@Injectable()
export class StandingExceptionsRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ID_GENERATOR) private readonly newId: IdGenerator,
  ) {}

  async load(): Promise<LoadedStandingExceptions> {
    const events = await this.store.readStream(POLICY_EXCEPTIONS_STREAM);
    const exceptions = foldStandingExceptions(
      events.flatMap(
        (event) => storedAs<StandingExceptionEvent>(event, STANDING_EXCEPTION_EVENT_TYPES) ?? [],
      ),
    );
    return { exceptions, revision: events.at(-1)?.revision, events };
  }

  /** The approved ones: what a deploy gate may be passed by (each gate checks service and period). */
  async approved(): Promise<StandingException[]> {
    const { exceptions } = await this.load();
    return [...exceptions.values()].filter((exception) => exception.approved);
  }

  /**
   * Decides on the exceptions as stored and appends; another writer meanwhile means deciding again
   * on the new state (each command is decided whole, so a retry is always safe).
   */
  async decideAndAppend(
    decide: (exceptions: StandingExceptions) => StandingExceptionEvent[],
    context: RequestContext,
  ): Promise<{ events: StandingExceptionEvent[]; exceptions: StandingExceptions }> {
    return retryOnConflict(ATTEMPTS, async () => {
      const { exceptions, revision } = await this.load();
      const events = decide(exceptions);
      await this.store.appendToStream(
        POLICY_EXCEPTIONS_STREAM,
        events.map((event) => envelopeAt(this.newId(), event, context, occurredAt(event))),
        { expectedRevision: revision ?? 'no_stream' },
      );
      return {
        events,
        exceptions: events.reduce<StandingExceptions>(evolveStandingExceptions, exceptions),
      };
    });
  }
}

function occurredAt(event: StandingExceptionEvent): string {
  switch (event.type) {
    case 'StandingExceptionRequested':
      return event.data.requestedAt;
    case 'StandingExceptionSignedOff':
      return event.data.signedOffAt;
    case 'StandingExceptionApproved':
      return event.data.approvedAt;
  }
}
