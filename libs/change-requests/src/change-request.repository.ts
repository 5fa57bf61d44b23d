import {
  changeRequestStream,
  asChangeRequestEvent,
  type ChangeRequestEvent,
  type ChangeRequestState,
  rehydrate,
} from '@change-ledger/domain';
import {
  type AppendResult,
  EVENT_STORE,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type StreamAppend,
} from '@change-ledger/event-store';
import { Inject, Injectable } from '@nestjs/common';
import {
  type Clock,
  CLOCK,
  ID_GENERATOR,
  type IdGenerator,
  envelopeAt,
  type RequestContext,
} from './request-context';

/**
 * An event with DESIGN.md's envelope: the authenticated actor, when it happened (the event's own
 * `at`), the request's correlation and where it came in. Every stream the use cases write uses it.
 */
export function envelopeOf(
  id: string,
  event: { type: string; data: object & { at: string } },
  context: RequestContext,
): NewEvent {
  return envelopeAt(id, event, context, event.data.at);
}

/** A stream read into domain state. */
export interface LoadedStream<State> {
  state: State;
  /** The revision of the stream's last event: the expected revision of the next append. */
  revision: number | undefined;
  events: RecordedEvent[];
}

/** Reads a stream and folds the events `asEvent` knows into the state `fold` makes of them. */
export async function loadStream<Event, State>(
  store: EventStore,
  streamId: string,
  asEvent: (event: RecordedEvent) => Event | null | undefined,
  fold: (events: Event[]) => State,
): Promise<LoadedStream<State>> {
  const events = await store.readStream(streamId);
  const domainEvents = events.flatMap((event) => asEvent(event) ?? []);
  return { state: fold(domainEvents), revision: events.at(-1)?.revision, events };
}

export type LoadedChangeRequest = LoadedStream<ChangeRequestState>;

/** A change request's stream: read into domain state, written with the envelope of DESIGN.md. */
@Injectable()
export class ChangeRequestRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly newId: IdGenerator,
  ) {}

  load(changeRequestId: string): Promise<LoadedChangeRequest> {
    return loadStream(
      this.store,
      changeRequestStream(changeRequestId),
      asChangeRequestEvent,
      rehydrate,
    );
  }

  async append(
    changeRequestId: string,
    events: readonly ChangeRequestEvent[],
    expectedRevision: number | undefined,
    context: RequestContext,
  ): Promise<AppendResult> {
    const append = this.appendOf(
      changeRequestId,
      events.map((event) => ({ event, context })),
      expectedRevision,
    );
    return this.store.appendToStream(append.streamId, append.events, append);
  }

  /**
   * One stream's part of a multi-stream append, each event with the context of the request that
   * decided it: a Kafka batch records the facts of several messages on one change at once.
   */
  appendOf(
    changeRequestId: string,
    events: readonly { event: ChangeRequestEvent; context: RequestContext }[],
    expectedRevision: number | undefined,
  ): StreamAppend {
    return {
      streamId: changeRequestStream(changeRequestId),
      events: events.map(({ event, context }) => this.envelope(event, context)),
      expectedRevision: expectedRevision ?? 'no_stream',
    };
  }

  private envelope(event: ChangeRequestEvent, context: RequestContext): NewEvent {
    return envelopeOf(this.newId(), event, context);
  }

  now(): string {
    return this.clock.now().toISOString();
  }
}
