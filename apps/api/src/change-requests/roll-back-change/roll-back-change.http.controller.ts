import { ChangeRequestStep, ChangeRequestUseCaseController } from '../change-request-route';
import { RollbackDto, toCommand } from './roll-back-change.request.dto';

/** The change undone; the rollback is recorded as an incident (P3 unless told). */
export class RollBackChangeHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('rollback'),
  RollbackDto,
  toCommand,
) {}
