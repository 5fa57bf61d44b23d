import { randomUUID } from 'node:crypto';
import { type RequestContext } from '@change-ledger/change-requests';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Request } from 'express';
import { type AuthenticatedRequest } from './current-actor.decorator';

/**
 * What a command needs to know of the HTTP request behind it, read in one place: the
 * authenticated actor, the caller's request id (or a fresh one) and correlation id (or the
 * request id). The Idempotency-Key is not part of it: IdempotencyInterceptor answers a retry
 * before any route runs.
 */
export const RequestCtx = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = request.actor;
    if (!actor) throw new Error('RequestCtx used on a route without authentication');
    const requestId = headerValue(request, 'x-request-id') ?? randomUUID();
    return {
      actor,
      requestId,
      correlationId: headerValue(request, 'x-correlation-id') ?? requestId,
    };
  },
);

/** A caller's id header, if it is one: anything else is ignored rather than recorded. */
function headerValue(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^[\w.:-]{1,128}$/.test(text) ? text : undefined;
}
