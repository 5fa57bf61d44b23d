import { ChangeRequestStep, ChangeRequestUseCaseController } from '../change-request-route';
import { ScheduleDto, toCommand } from './schedule-change.request.dto';

/** When an approved change will be implemented. */
export class ScheduleChangeHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('schedule'),
  ScheduleDto,
  toCommand,
) {}
