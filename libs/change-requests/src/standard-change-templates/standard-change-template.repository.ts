import {
  asStandardChangeTemplateEvent,
  rehydrateTemplate,
  standardChangeTemplateStream,
  STANDARD_CHANGE_TEMPLATE_ID,
  type StandardChangeTemplateEvent,
  type StandardChangeTemplateState,
} from '@change-ledger/domain';
import {
  type AppendResult,
  EVENT_STORE,
  type EventStore,
  type NewEvent,
} from '@change-ledger/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { envelopeOf, type LoadedStream, loadStream } from '../change-request.repository';
import { ID_GENERATOR, type IdGenerator, type RequestContext } from '../request-context';

export type LoadedTemplate = LoadedStream<StandardChangeTemplateState>;

/** A standard-change template's stream: read into domain state, written with DESIGN.md's envelope. */
@Injectable()
export class StandardChangeTemplateRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ID_GENERATOR) private readonly newId: IdGenerator,
  ) {}

  async load(templateId: string): Promise<LoadedTemplate> {
    // An id no template can have names no stream: nothing to read.
    if (!STANDARD_CHANGE_TEMPLATE_ID.test(templateId))
      return { state: { status: 'absent' }, revision: undefined, events: [] };
    return loadStream(
      this.store,
      standardChangeTemplateStream(templateId),
      asStandardChangeTemplateEvent,
      rehydrateTemplate,
    );
  }

  append(
    templateId: string,
    events: readonly StandardChangeTemplateEvent[],
    expectedRevision: number | undefined,
    context: RequestContext,
  ): Promise<AppendResult> {
    return this.store.appendToStream(
      standardChangeTemplateStream(templateId),
      events.map((event) => this.envelope(event, context)),
      { expectedRevision: expectedRevision ?? 'no_stream' },
    );
  }

  envelope(event: StandardChangeTemplateEvent, context: RequestContext): NewEvent {
    return envelopeOf(this.newId(), event, context);
  }
}
