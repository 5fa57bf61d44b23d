import { LedgerMetrics } from '@change-ledger/operations';
import { httpMetrics } from '@change-ledger/operations';
import { readerPool } from '@change-ledger/read-models';
import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { type ApiModuleOptions } from './api-module.options';
import { AuditApiModule } from './audit/audit.module';
import { CalendarFeedApiModule } from './calendar-feed/calendar-feed.module';
import { ChangeRequestsApiModule } from './change-requests/change-requests.module';
import { apiHealth, hostedLoops } from './health/api-health';
import { HealthController } from './health/health.controller';
import { HttpCoreModule } from './http-core/http-core.module';
import { IngestionApiModule } from './ingest/ingestion.module';
import { LedgerLogApiModule } from './ledger/ledger-log.module';
import { LegalHoldsApiModule } from './legal-holds/legal-holds.module';
import { MeController } from './me/me.controller';
import { NotificationsApiModule } from './notifications/notifications.module';
import { ReadModelsApiModule } from './read-models/read-models.module';
import { readSides } from './read-models/read-models.provider';

export { type ApiModuleOptions } from './api-module.options';

/** The HTTP app: composes a module per feature over the libs, and holds no business rule. */
@Module({})
export class ApiModule implements NestModule {
  constructor(@Inject(LedgerMetrics) private readonly metrics: LedgerMetrics) {}

  static forRoot(options: ApiModuleOptions): DynamicModule {
    const { read, queries } = readSides(options.readModels);
    const logPool = readerPool(options.readModels.connectionString, 2);
    const metrics = options.metrics ?? new LedgerMetrics({ service: 'api', processMetrics: false });
    const { policy, log } = options;
    const health = apiHealth(options, read, queries);
    return {
      module: ApiModule,
      imports: [
        HttpCoreModule.forRoot({ ...options, metrics }),
        ...health.imports,
        ChangeRequestsApiModule.forRoot({ ...options, read }),
        IngestionApiModule.forRoot({ ...options, read }),
        ReadModelsApiModule.forRoot({ read, queries, policy }),
        LedgerLogApiModule.forRoot({ logPool, log, metrics }),
        AuditApiModule.forRoot({ read, logPool, log }),
        LegalHoldsApiModule,
        NotificationsApiModule.forRoot({ logPool, policy }),
        CalendarFeedApiModule,
        ...hostedLoops(options),
      ],
      controllers: [HealthController, ...health.controllers, MeController],
      providers: health.providers,
    };
  }

  /** HTTP requests measured by route and status. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetrics(this.metrics)).forRoutes('*');
  }
}
