import { Patch } from '@nestjs/common';
import { ChangeRequestUseCaseController } from '../change-request-route';
import { AmendChangeRequestDto, toCommand } from './amend-change-request.request.dto';

/** New content before implementation; approvals of older content are void. */
export class AmendChangeRequestHttpController extends ChangeRequestUseCaseController(
  Patch(':id'),
  AmendChangeRequestDto,
  toCommand,
) {}
