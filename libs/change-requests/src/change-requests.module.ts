import { randomUUID } from 'node:crypto';
import { type LoadedPolicy } from '@change-ledger/policy';
import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ChangeRequestIds } from './change-request-ids';
import { ChangeRequestRepository } from './change-request.repository';
import {
  DEADLINE_CANDIDATES,
  type DeadlineCandidates,
  DeadlineWatcher,
} from './record-missed-deadlines/deadline-watcher';
import { ExecuteChangeRequestHandler } from './execute-change-request/execute-change-request.handler';
import { GetChangeRequestHistoryHandler } from './get-change-request-history/get-change-request-history.handler';
import { GetChangeRequestHandler } from './get-change-request/get-change-request.handler';
import { LOADED_POLICY, PolicyInForce } from './policy-in-force';
import { type Clock, CLOCK, ID_GENERATOR, type IdGenerator } from './request-context';

export interface ChangeRequestsModuleOptions {
  policy: LoadedPolicy;
  /** Where the deadline watcher finds candidates; without it there is no watcher. */
  deadlineCandidates?: DeadlineCandidates;
  clock?: Clock;
  newId?: IdGenerator;
}

/** Change requests' commands and queries, over the EVENT_STORE the app provides. */
@Module({})
export class ChangeRequestsModule {
  static forRoot(options: ChangeRequestsModuleOptions): DynamicModule {
    return {
      module: ChangeRequestsModule,
      imports: [CqrsModule],
      providers: [
        { provide: LOADED_POLICY, useValue: options.policy },
        { provide: CLOCK, useValue: options.clock ?? { now: () => new Date() } },
        { provide: ID_GENERATOR, useValue: options.newId ?? randomUUID },
        PolicyInForce,
        ChangeRequestRepository,
        ChangeRequestIds,
        ExecuteChangeRequestHandler,
        GetChangeRequestHandler,
        GetChangeRequestHistoryHandler,
        ...(options.deadlineCandidates
          ? [
              { provide: DEADLINE_CANDIDATES, useValue: options.deadlineCandidates },
              DeadlineWatcher,
            ]
          : []),
      ],
      exports: [
        PolicyInForce,
        CqrsModule,
        CLOCK,
        ID_GENERATOR,
        ...(options.deadlineCandidates ? [DeadlineWatcher] : []),
      ],
    };
  }
}
