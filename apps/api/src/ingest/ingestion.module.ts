import { RecordCiFactModule } from '@change-ledger/change-requests';
import { RegisteredLinksQuery } from '@change-ledger/read-models';
import { type DynamicModule, Module } from '@nestjs/common';
import { type ApiModuleOptions } from '../api-module.options';
import { GetCiEventHttpController } from '../ci-events/get-ci-event/get-ci-event.http.controller';
import { ListCiEventsHttpController } from '../ci-events/list-ci-events/list-ci-events.http.controller';
import { type ReadSide } from '../read-models/read-models.provider';
import { CiFactReceiptController } from '../receipts/ci-fact-receipt.controller';
import { HttpCiFacts } from './http-ci-facts';
import { INGEST_OPERATION_PREFIX, WEBHOOK_SECRETS } from './ingest-route';
import { RecordCiFactHttpController } from './record-ci-fact/record-ci-fact.http.controller';
import { RecordCiWebhookHttpController } from './record-ci-webhook/record-ci-webhook.http.controller';

/** The ingest routes: a controller per use case (ingest-route.ts). */
export const INGEST_CONTROLLERS = [RecordCiFactHttpController, RecordCiWebhookHttpController];

/** Each ingest controller's name, and the prefix of its routes' OpenAPI operation ids. */
export const INGEST_OPERATION_PREFIXES: ReadonlyMap<string, string> = new Map(
  INGEST_CONTROLLERS.map((controller) => [controller.name, INGEST_OPERATION_PREFIX]),
);

/**
 * What CI reports over HTTP (CloudEvents, the GitHub and GitLab webhooks) and reading it back:
 * a fact's receipt, the listing, one fact with its log leaf.
 */
@Module({})
export class IngestionApiModule {
  static forRoot(
    options: Pick<
      ApiModuleOptions,
      'eventStore' | 'clock' | 'policy' | 'webhooks' | 'ciReportedTime'
    > & {
      /** The primary's read side: which change request a reported fact is for. */
      read: ReadSide;
    },
  ): DynamicModule {
    const { ciIngestion } = options.policy.policy;
    const links = new RegisteredLinksQuery(options.read.pool);
    return {
      module: IngestionApiModule,
      imports: [
        RecordCiFactModule.forRoot({
          eventStore: options.eventStore,
          registeredFor: (reported) => links.registeredFor(reported),
          clock: options.clock,
          reportedTime: options.ciReportedTime,
          peopleMayReport: ciIngestion.peopleMayReport,
          sourceSystems: ciIngestion.sourceSystems,
        }),
      ],
      controllers: [
        ...INGEST_CONTROLLERS,
        CiFactReceiptController,
        ListCiEventsHttpController,
        GetCiEventHttpController,
      ],
      providers: [{ provide: WEBHOOK_SECRETS, useValue: options.webhooks ?? {} }, HttpCiFacts],
    };
  }
}
