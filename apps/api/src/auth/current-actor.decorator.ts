import { type AuthenticatedActor } from '@change-ledger/auth';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Request } from 'express';

export type AuthenticatedRequest = Request & { actor?: AuthenticatedActor };

/** The actor the guard authenticated for this request. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedActor => {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (!actor) throw new Error('CurrentActor used on a route without authentication');
    return actor;
  },
);
