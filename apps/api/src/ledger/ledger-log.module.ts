import { LedgerLogQueries, verifierKey } from '@change-ledger/integrity';
import { type LedgerMetrics, transparencyLogMetrics } from '@change-ledger/operations';
import { type DynamicModule, Module } from '@nestjs/common';
import { type Pool } from 'pg';
import { type ApiModuleOptions } from '../api-module.options';
import { LEDGER_LOG_QUERIES, LEDGER_VERIFIER_KEY, LedgerController } from './ledger.controller';

/**
 * The transparency log's read-only routes (checkpoint, verifier key, proofs), served whether or
 * not this process signs. Global: the CI facts' route proves a fact's leaf with the queries.
 */
@Module({})
export class LedgerLogApiModule {
  static forRoot(options: {
    /** ledger_reader's pool of the log's tables. */
    logPool: Pool;
    log: ApiModuleOptions['log'];
    metrics: LedgerMetrics;
  }): DynamicModule {
    transparencyLogMetrics(options.metrics, options.logPool);
    return {
      module: LedgerLogApiModule,
      global: true,
      controllers: [LedgerController],
      providers: [
        { provide: LEDGER_LOG_QUERIES, useValue: new LedgerLogQueries(options.logPool) },
        { provide: 'LEDGER_LOG_POOL', useValue: options.logPool },
        {
          provide: LEDGER_VERIFIER_KEY,
          useValue: options.log ? verifierKey(options.log.signer) : null,
        },
      ],
      exports: [LEDGER_LOG_QUERIES, 'LEDGER_LOG_POOL'],
    };
  }
}
