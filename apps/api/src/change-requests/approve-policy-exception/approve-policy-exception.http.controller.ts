import { ChangeRequestStep, ChangeRequestUseCaseController } from '../change-request-route';
import { ExceptionApproveDto, toCommand } from './approve-policy-exception.request.dto';

/** One sign-off of a requested policy exception. */
export class ApprovePolicyExceptionHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('exceptions/approve'),
  ExceptionApproveDto,
  toCommand,
) {}
