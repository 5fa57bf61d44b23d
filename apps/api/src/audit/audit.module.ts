import { randomUUID } from 'node:crypto';
import { AuditSamples, PopulationQuery } from '@change-ledger/audit';
import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { LogStore } from '@change-ledger/integrity';
import { PopulationCandidatesQuery } from '@change-ledger/read-models';
import { type DynamicModule, Module } from '@nestjs/common';
import { type Pool } from 'pg';
import { type ApiModuleOptions } from '../api-module.options';
import { type ReadSide } from '../read-models/read-models.provider';
import { AUDIT_SAMPLES, BUNDLE_SOURCES, POPULATION_QUERY } from './audit-route';
import { AUDIT_CONTROLLERS } from './audit.controllers';

/**
 * The auditor's routes: populations, samples and their evidence bundles. Global: the change log
 * `as_of` an instant is a population's.
 */
@Module({})
export class AuditApiModule {
  static forRoot(options: {
    /** The primary's read side: a population's change requests and unauthorized changes. */
    read: ReadSide;
    logPool: Pool;
    log: ApiModuleOptions['log'];
  }): DynamicModule {
    const { read, logPool, log } = options;
    return {
      module: AuditApiModule,
      global: true,
      controllers: AUDIT_CONTROLLERS,
      providers: [
        {
          provide: POPULATION_QUERY,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) =>
            new PopulationQuery(store, new PopulationCandidatesQuery(read.pool)),
        },
        {
          provide: BUNDLE_SOURCES,
          inject: [EVENT_STORE, POPULATION_QUERY],
          useFactory: (store: EventStore, populations: PopulationQuery) =>
            log ? { store, log: new LogStore(logPool), populations, signer: log.signer } : null,
        },
        {
          provide: AUDIT_SAMPLES,
          inject: [EVENT_STORE, POPULATION_QUERY],
          // A sample's population is taken as of now on the clock of `recordedAt` (the store's,
          // the system's), not the business clock commands are decided with.
          useFactory: (store: EventStore, populations: PopulationQuery) =>
            new AuditSamples(store, populations, { now: () => new Date() }, randomUUID),
        },
      ],
      exports: [POPULATION_QUERY],
    };
  }
}
