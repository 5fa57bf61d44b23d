import { ChangeRequestStep, ChangeRequestUseCaseController } from '../change-request-route';
import { VerifyDto, toCommand } from './record-verification.request.dto';

/** What post-deployment monitoring found. */
export class RecordVerificationHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('verify'),
  VerifyDto,
  toCommand,
) {}
