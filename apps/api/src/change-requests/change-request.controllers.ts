import { CreateChangeRequestHttpController } from './create-change-request/create-change-request.http.controller';
import { CreateEmergencyChangeHttpController } from './create-emergency-change/create-emergency-change.http.controller';
import { GetChangeRequestHttpController } from './get-change-request/get-change-request.http.controller';
import { GetChangeRequestHistoryHttpController } from './get-change-request-history/get-change-request-history.http.controller';
import { AmendChangeRequestHttpController } from './amend-change-request/amend-change-request.http.controller';
import { SubmitChangeRequestHttpController } from './submit-change-request/submit-change-request.http.controller';
import { ApproveChangeRequestHttpController } from './approve-change-request/approve-change-request.http.controller';
import { RejectChangeRequestHttpController } from './reject-change-request/reject-change-request.http.controller';
import { CancelChangeRequestHttpController } from './cancel-change-request/cancel-change-request.http.controller';
import { ScheduleChangeHttpController } from './schedule-change/schedule-change.http.controller';
import { StartImplementationHttpController } from './start-implementation/start-implementation.http.controller';
import { RecordVerificationHttpController } from './record-verification/record-verification.http.controller';
import { CompleteChangeHttpController } from './complete-change/complete-change.http.controller';
import { RollBackChangeHttpController } from './roll-back-change/roll-back-change.http.controller';
import { RecordReviewHttpController } from './record-review/record-review.http.controller';
import { RequestPolicyExceptionHttpController } from './request-policy-exception/request-policy-exception.http.controller';
import { ApprovePolicyExceptionHttpController } from './approve-policy-exception/approve-policy-exception.http.controller';

/**
 * API v1's change-request routes, one controller per use case, all under CHANGE_REQUESTS_ROUTE
 * (in the order of API-STATUSES' lifecycle).
 */
export const CHANGE_REQUEST_CONTROLLERS = [
  CreateChangeRequestHttpController,
  CreateEmergencyChangeHttpController,
  GetChangeRequestHttpController,
  GetChangeRequestHistoryHttpController,
  AmendChangeRequestHttpController,
  SubmitChangeRequestHttpController,
  ApproveChangeRequestHttpController,
  RejectChangeRequestHttpController,
  CancelChangeRequestHttpController,
  ScheduleChangeHttpController,
  StartImplementationHttpController,
  RecordVerificationHttpController,
  CompleteChangeHttpController,
  RollBackChangeHttpController,
  RecordReviewHttpController,
  RequestPolicyExceptionHttpController,
  ApprovePolicyExceptionHttpController,
];
