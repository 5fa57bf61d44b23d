import { EVENT_STORE, type EventStore, EventStoreModule } from '@change-ledger/event-store';
import {
  ClaimedRequests,
  ClaimMarkingEventStore,
  DEFAULT_IDEMPOTENCY_LEASE_MS,
  IdempotencyStore,
} from '@change-ledger/idempotency';
import { ReceiptingEventStore, WriteReceipts } from '@change-ledger/integrity';
import {
  createRootLogger,
  InstrumentedEventStore,
  LedgerMetrics,
  LoggingModule,
} from '@change-ledger/operations';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { type ApiModuleOptions } from '../api-module.options';
import { AuthGuard, AUTHENTICATOR } from '../auth/auth.guard';
import { CLAIMED_REQUESTS, IDEMPOTENCY_STORE } from '../idempotency/idempotency.interceptor';
import { ProblemDetailsFilter } from '../problem-details/problem-details.filter';
import { WRITE_RECEIPTS } from '../receipts/receipt.interceptor';
import { RequestValidationPipe } from '../request-intake/request-validation.pipe';

export type HttpCoreOptions = Pick<
  ApiModuleOptions,
  'eventStore' | 'authenticator' | 'clock' | 'logger' | 'log' | 'idempotencyLeaseMs'
> & { metrics: LedgerMetrics };

/**
 * What every route stands on, whatever its feature: the event store every append goes through,
 * authentication, validation, problem details, the Idempotency-Key's records, the writes'
 * receipts, logging and metrics. Global: each feature's controllers and interceptors use it.
 */
@Module({})
export class HttpCoreModule {
  static forRoot(options: HttpCoreOptions): DynamicModule {
    const claims = new ClaimedRequests();
    const receipts = writeReceipts(options.log);
    const clock = options.clock && (() => options.clock!.now());
    return {
      module: HttpCoreModule,
      global: true,
      imports: [
        LoggingModule.forRoot(
          options.logger ?? createRootLogger({ service: 'api', level: 'silent' }),
        ),
        EventStoreModule.forRoot(options.eventStore, {
          clock,
          // Every append of a request holding an Idempotency-Key records it under the key (ADR 0017).
          // Outermost, the receipts see each append as its caller made it (ADR 0019).
          decorate: (store) =>
            new ReceiptingEventStore(
              new ClaimMarkingEventStore(
                new InstrumentedEventStore(store, options.metrics),
                claims,
                clock ?? (() => new Date()),
              ),
              receipts,
            ),
        }),
      ],
      providers: [
        { provide: LedgerMetrics, useValue: options.metrics },
        { provide: AUTHENTICATOR, useValue: options.authenticator },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useValue: new RequestValidationPipe() },
        { provide: CLAIMED_REQUESTS, useValue: claims },
        { provide: WRITE_RECEIPTS, useValue: receipts },
        {
          provide: IDEMPOTENCY_STORE,
          useFactory: (store: EventStore) =>
            new IdempotencyStore(store, {
              leaseMs: options.idempotencyLeaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS,
            }),
          inject: [EVENT_STORE],
        },
      ],
      exports: [LedgerMetrics, AUTHENTICATOR, CLAIMED_REQUESTS, WRITE_RECEIPTS, IDEMPOTENCY_STORE],
    };
  }
}

/**
 * The receipts of this process's writes, signed with the log's key. An API built without the
 * log's key still records every write, and its answers say why they carry no receipt.
 */
function writeReceipts(log: HttpCoreOptions['log']): WriteReceipts {
  return log
    ? new WriteReceipts({
        signer: log.signer,
        origin: log.config.origin,
        maxMergeDelaySeconds: log.config.maxMergeDelaySeconds,
      })
    : new WriteReceipts({
        origin: 'none',
        unavailableBecause: "this API process was started without the log's signing key",
      });
}
