import { type AuthenticatedActor } from '@change-ledger/auth';
import { Controller, Get } from '@nestjs/common';
import { mayOnlyRead } from '../auth/auth.guard';
import { CurrentActor } from '../auth/current-actor.decorator';
import { MeAnswer } from './me.response.dto';

/**
 * Who the credential is: a client (the built-in page) shows "my approvals" for these roles and
 * offers no write action to a read-only principal. Nothing is stored: the answer is the token's.
 */
@Controller('api/v1/me')
export class MeController {
  @Get()
  me(@CurrentActor() actor: AuthenticatedActor): MeAnswer {
    return {
      principal: actor.id,
      kind: actor.kind,
      roles: actor.roles,
      authenticated_by: actor.authenticatedBy,
      read_only: mayOnlyRead(actor),
    };
  }
}
