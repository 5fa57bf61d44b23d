import { type RequestContext } from '@change-ledger/change-requests';
import { requestIdOf } from '@change-ledger/operations';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Request } from 'express';
import { type AuthenticatedRequest } from './current-actor.decorator';

/**
 * What a command needs to know of the HTTP request behind it, read in one place: the
 * authenticated actor, the request id its log lines carry (x-request-id when sent, echoed back)
 * and the correlation id (or the request id). The Idempotency-Key is not part of it:
 * IdempotencyInterceptor answers a retry before any route runs.
 */
export const RequestCtx = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = request.actor;
    if (!actor) throw new Error('RequestCtx used on a route without authentication');
    const requestId = requestIdOf(request);
    return {
      actor,
      requestId,
      correlationId: headerValue(request, 'x-correlation-id') ?? requestId,
    };
  },
);

/** A caller's id header, if it is one: anything else is ignored rather than recorded. */
export function headerValue(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^[\w.:-]{1,128}$/.test(text) ? text : undefined;
}
