import { ChangeRequestStep, ChangeRequestUseCaseController } from '../change-request-route';
import { CancelDto, toCommand } from './cancel-change-request.request.dto';

/** Withdraws a change request before implementation. */
export class CancelChangeRequestHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('cancel'),
  CancelDto,
  toCommand,
) {}
