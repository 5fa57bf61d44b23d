import { randomUUID } from 'node:crypto';
import { type LoadedPolicy } from '@change-ledger/policy';
import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ChangeRequestDecisions } from './change-request-decisions';
import { ChangeRequestIds } from './change-request-ids';
import { ChangeRequestRepository } from './change-request.repository';
import {
  DEADLINE_CANDIDATES,
  type DeadlineCandidates,
  DeadlineWatcher,
} from './record-missed-deadlines/deadline-watcher';
import { CreateChangeRequestHandler } from './create-change-request/create-change-request.handler';
import { CreateEmergencyChangeHandler } from './create-emergency-change/create-emergency-change.handler';
import { AmendChangeRequestHandler } from './amend-change-request/amend-change-request.handler';
import { SubmitChangeRequestHandler } from './submit-change-request/submit-change-request.handler';
import { ApproveChangeRequestHandler } from './approve-change-request/approve-change-request.handler';
import { RejectChangeRequestHandler } from './reject-change-request/reject-change-request.handler';
import { CancelChangeRequestHandler } from './cancel-change-request/cancel-change-request.handler';
import { ScheduleChangeHandler } from './schedule-change/schedule-change.handler';
import { StartImplementationHandler } from './start-implementation/start-implementation.handler';
import { RecordVerificationHandler } from './record-verification/record-verification.handler';
import { CompleteChangeHandler } from './complete-change/complete-change.handler';
import { RollBackChangeHandler } from './roll-back-change/roll-back-change.handler';
import { RecordReviewHandler } from './record-review/record-review.handler';
import { RequestPolicyExceptionHandler } from './request-policy-exception/request-policy-exception.handler';
import { ApprovePolicyExceptionHandler } from './approve-policy-exception/approve-policy-exception.handler';
import { CiFactDecisions } from './record-ci-fact/ci-fact-decisions';
import { StandingExceptionHandlers } from './policy-exceptions/standing-exception.handlers';
import { StandingExceptionsRepository } from './policy-exceptions/standing-exceptions.repository';
import { RecordMissedDeadlineHandler } from './record-missed-deadlines/record-missed-deadline.handler';
import { GetChangeRequestHistoryHandler } from './get-change-request-history/get-change-request-history.handler';
import { GetChangeRequestHandler } from './get-change-request/get-change-request.handler';
import { LOADED_POLICY, PolicyInForce } from './policy-in-force';
import { STANDARD_CHANGE_TEMPLATE_PROVIDERS } from './standard-change-templates/standard-change-template.providers';
import {
  StandardChangeSuspensions,
  SUSPENSION_CANDIDATES,
  type SuspensionCandidates,
} from './standard-change-templates/suspend-standard-change-template/standard-change-suspensions';
import { type Clock, CLOCK, ID_GENERATOR, type IdGenerator } from './request-context';

export interface ChangeRequestsModuleOptions {
  policy: LoadedPolicy;
  /** Where the deadline watcher finds candidates; without it there is no watcher. */
  deadlineCandidates?: DeadlineCandidates;
  /** Where the suspension watcher finds instances gone wrong; without it there is no watcher. */
  suspensionCandidates?: SuspensionCandidates;
  clock?: Clock;
  newId?: IdGenerator;
}

/** One handler per use case: each folder's command on the bus, decided by ChangeRequestDecisions. */
const USE_CASE_HANDLERS = [
  CreateChangeRequestHandler,
  CreateEmergencyChangeHandler,
  AmendChangeRequestHandler,
  SubmitChangeRequestHandler,
  ApproveChangeRequestHandler,
  RejectChangeRequestHandler,
  CancelChangeRequestHandler,
  ScheduleChangeHandler,
  StartImplementationHandler,
  RecordVerificationHandler,
  CompleteChangeHandler,
  RollBackChangeHandler,
  RecordReviewHandler,
  RequestPolicyExceptionHandler,
  ApprovePolicyExceptionHandler,
  RecordMissedDeadlineHandler,
];

/** Change requests' commands and queries, over the EVENT_STORE the app provides. */
@Module({})
export class ChangeRequestsModule {
  static forRoot(options: ChangeRequestsModuleOptions): DynamicModule {
    return {
      module: ChangeRequestsModule,
      // Global: RecordCiFactModule decides CI facts on change requests (CiFactDecisions).
      global: true,
      imports: [CqrsModule],
      providers: [
        { provide: LOADED_POLICY, useValue: options.policy },
        { provide: CLOCK, useValue: options.clock ?? { now: () => new Date() } },
        { provide: ID_GENERATOR, useValue: options.newId ?? randomUUID },
        PolicyInForce,
        ChangeRequestRepository,
        ChangeRequestIds,
        ChangeRequestDecisions,
        CiFactDecisions,
        StandingExceptionsRepository,
        StandingExceptionHandlers,
        ...USE_CASE_HANDLERS,
        GetChangeRequestHandler,
        GetChangeRequestHistoryHandler,
        ...STANDARD_CHANGE_TEMPLATE_PROVIDERS,
        ...(options.suspensionCandidates
          ? [
              { provide: SUSPENSION_CANDIDATES, useValue: options.suspensionCandidates },
              StandardChangeSuspensions,
            ]
          : []),
        ...(options.deadlineCandidates
          ? [
              { provide: DEADLINE_CANDIDATES, useValue: options.deadlineCandidates },
              DeadlineWatcher,
            ]
          : []),
      ],
      exports: [
        PolicyInForce,
        CiFactDecisions,
        StandingExceptionsRepository,
        StandingExceptionHandlers,
        CqrsModule,
        CLOCK,
        ID_GENERATOR,
        ...(options.deadlineCandidates ? [DeadlineWatcher] : []),
        ...(options.suspensionCandidates ? [StandardChangeSuspensions] : []),
      ],
    };
  }
}
