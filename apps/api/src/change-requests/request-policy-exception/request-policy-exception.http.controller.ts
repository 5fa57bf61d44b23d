import { ChangeRequestStep, ChangeRequestUseCaseController } from '../change-request-route';
import { ExceptionRequestDto, toCommand } from './request-policy-exception.request.dto';

/** Asks for a deviation from the policy, with its risk assessment. */
export class RequestPolicyExceptionHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('exceptions'),
  ExceptionRequestDto,
  toCommand,
) {}
