import { type Clock, CLOCK } from '@change-ledger/change-requests';
import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { CHANGE_REQUEST_LINKS } from './change-request-links';
import {
  type RegisteredFor,
  RegisteredChangeRequestLinks,
} from './registered-change-request-links';
import {
  DEFAULT_REPORTED_TIME_LIMITS,
  REPORTED_TIME_LIMITS,
  type ReportedTimeLimits,
} from './record-ci-event/reported-time';
import { PEOPLE_MAY_REPORT, RecordCiEventHandler } from './record-ci-event/record-ci-event.handler';

export interface IngestionModuleOptions {
  /** Where change requests' registered commits, pull requests and artifacts are looked up. */
  registeredFor: RegisteredFor;
  clock?: Clock;
  /** When a reported `occurred_at` is flagged (never refused): too far ahead, or too old. */
  reportedTime?: Partial<ReportedTimeLimits>;
  /** The sources a person's own credential may report for (policy `ci_ingestion`); none by default. */
  peopleMayReport?: readonly string[];
}

/**
 * Recording CI facts, for whichever transport brings them (the ingestor's Kafka consumer, the
 * API's webhooks). Needs EVENT_STORE and the change-request handlers (ChangeRequestsModule).
 */
@Module({})
export class IngestionModule {
  static forRoot(options: IngestionModuleOptions): DynamicModule {
    return {
      module: IngestionModule,
      imports: [CqrsModule],
      providers: [
        {
          provide: CHANGE_REQUEST_LINKS,
          useFactory: (store: EventStore) =>
            new RegisteredChangeRequestLinks(store, options.registeredFor),
          inject: [EVENT_STORE],
        },
        { provide: CLOCK, useValue: options.clock ?? { now: () => new Date() } },
        { provide: PEOPLE_MAY_REPORT, useValue: options.peopleMayReport ?? [] },
        {
          provide: REPORTED_TIME_LIMITS,
          useValue: { ...DEFAULT_REPORTED_TIME_LIMITS, ...options.reportedTime },
        },
        RecordCiEventHandler,
      ],
    };
  }
}
