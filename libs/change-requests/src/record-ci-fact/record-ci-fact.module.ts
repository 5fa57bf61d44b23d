import { type SourceSystems } from '@change-ledger/domain';
import { createPool, type EventStoreConfig } from '@change-ledger/event-store';
import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { type Clock } from '../request-context';
import { PostgresStreamHeads, STREAM_HEADS } from './change-request-states/stream-heads';
import { CI_RECORDING_RULES, CiFactRecorder, type CiRecordingRules } from './ci-fact-recorder';
import { CHANGE_REQUEST_LINK_INDEX } from './links/change-request-link-index';
import { PostgresChangeRequestLinkIndex } from './links/postgres-change-request-link-index';
import { ReadModelLinkIndex, type RegisteredFor } from './links/read-model-link-index';
import { RecordCiFactHandler, RecordCiFactsHandler } from './record-ci-fact.handler';
import { DEFAULT_REPORTED_TIME_LIMITS, type ReportedTimeLimits } from './reported-time';

export interface RecordCiFactModuleOptions {
  /**
   * The event store the app writes to. PostgreSQL: links are looked up in the link table its
   * trigger keeps (ADR 0014). EventStoreDB: in the read model, through `registeredFor`.
   */
  eventStore: EventStoreConfig;
  /** Where change requests' registered commits, pull requests and artifacts are looked up
   *  when the events are not in PostgreSQL (the change-requests read model). */
  registeredFor: RegisteredFor;
  clock?: Clock;
  /** When a reported `occurred_at` is flagged (never refused): too far ahead, or too old. */
  reportedTime?: Partial<ReportedTimeLimits>;
  /** The sources a person's own credential may report for (policy `ci_ingestion`); none by default. */
  peopleMayReport?: readonly string[];
  /** Which systems' changes a source's facts reach (policy `ci_ingestion`); none by default. */
  sourceSystems?: readonly SourceSystems[];
}

const LINKS_POOL = Symbol('LINKS_POOL');

/**
 * Recording CI facts, for whichever transport brings them decoded (the ingestor's Kafka
 * consumer, the API's webhooks): RecordCiFactCommand and RecordCiFactsCommand on the bus. Needs
 * EVENT_STORE and ChangeRequestsModule (its CiFactDecisions).
 */
@Module({})
export class RecordCiFactModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(LINKS_POOL) private readonly pool?: Pool | null) {}

  static forRoot(options: RecordCiFactModuleOptions): DynamicModule {
    const store = options.eventStore;
    const pool =
      store.kind === 'postgres'
        ? createPool('ingestion links', {
            connectionString: store.connectionString,
            max: 4,
            ...(store.role ? { options: `-c role=${store.role}` } : {}),
          })
        : null;
    return {
      module: RecordCiFactModule,
      imports: [CqrsModule],
      providers: [
        { provide: LINKS_POOL, useValue: pool },
        {
          provide: CHANGE_REQUEST_LINK_INDEX,
          useValue: pool
            ? new PostgresChangeRequestLinkIndex(pool)
            : new ReadModelLinkIndex(options.registeredFor),
        },
        { provide: STREAM_HEADS, useValue: pool ? new PostgresStreamHeads(pool) : null },
        {
          provide: CI_RECORDING_RULES,
          useValue: {
            clock: options.clock ?? { now: () => new Date() },
            timeLimits: { ...DEFAULT_REPORTED_TIME_LIMITS, ...options.reportedTime },
            peopleMayReport: options.peopleMayReport ?? [],
            sourceSystems: options.sourceSystems ?? [],
          } satisfies CiRecordingRules,
        },
        CiFactRecorder,
        RecordCiFactHandler,
        RecordCiFactsHandler,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
