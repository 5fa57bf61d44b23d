import { ChangeRequestsModule } from '@change-ledger/change-requests';
import { DeadlineCandidatesQuery, SuspensionCandidatesQuery } from '@change-ledger/read-models';
import { type DynamicModule, Module } from '@nestjs/common';
import { type ApiModuleOptions } from '../api-module.options';
import { DEADLINE_INTERVAL_MS, DeadlineSchedule } from '../deadlines/deadline-schedule';
import { DeployGatesController } from '../deploy-gates/deploy-gates.controller';
import { PolicyExceptionsController } from '../policy-exceptions/policy-exceptions.controller';
import { type ReadSide } from '../read-models/read-models.provider';
import { STANDARD_CHANGE_TEMPLATE_CONTROLLERS } from '../standard-change-templates/standard-change-template.controllers';
import { CHANGE_REQUEST_CONTROLLERS } from './change-request.controllers';

/**
 * The change requests' commands over HTTP (and the standard-change templates', the deploy gates',
 * the standing policy exceptions'), and the watcher of missed deadlines.
 */
@Module({})
export class ChangeRequestsApiModule {
  static forRoot(
    options: Pick<ApiModuleOptions, 'policy' | 'clock' | 'deadlineIntervalMs'> & {
      /** The primary's read side: the candidates of missed deadlines and suspensions. */
      read: ReadSide;
    },
  ): DynamicModule {
    return {
      module: ChangeRequestsApiModule,
      imports: [
        ChangeRequestsModule.forRoot({
          policy: options.policy,
          clock: options.clock,
          deadlineCandidates: new DeadlineCandidatesQuery(options.read.pool),
          suspensionCandidates: new SuspensionCandidatesQuery(options.read.pool),
        }),
      ],
      controllers: [
        ...CHANGE_REQUEST_CONTROLLERS,
        ...STANDARD_CHANGE_TEMPLATE_CONTROLLERS,
        DeployGatesController,
        PolicyExceptionsController,
      ],
      providers: [
        { provide: DEADLINE_INTERVAL_MS, useValue: options.deadlineIntervalMs ?? 60_000 },
        DeadlineSchedule,
      ],
    };
  }
}
