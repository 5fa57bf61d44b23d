import { ChangeRequestStep, ChangeRequestUseCaseController } from '../change-request-route';
import { RejectDto, toCommand } from './reject-change-request.request.dto';

/** A required approver says no, and why. */
export class RejectChangeRequestHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('reject'),
  RejectDto,
  toCommand,
) {}
