import { recordedActor } from '@change-ledger/auth';
import { type Clock, CLOCK } from '@change-ledger/change-requests';
import { IdempotencyStore, sha256 } from '@change-ledger/idempotency';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import canonicalize from 'canonicalize';
import { type Response } from 'express';
import { catchError, from, mergeMap, type Observable, of } from 'rxjs';
import { type AuthenticatedRequest } from '../auth/current-actor.decorator';
import { RequestValidationError } from '../problem-details/request-validation.error';

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/** Printable ASCII, as the IETF draft's examples; long enough for a UUID or a hash. */
const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * `Idempotency-Key` on every authenticated POST: the first answer is kept in the ledger and a
 * retry with the same key and the same request gets it again (`Idempotent-Replayed: true`),
 * without doing anything twice. A request that fails gives the key back. Public routes (the
 * GitHub and GitLab webhooks) have no principal to scope a key to; their delivery ids already
 * deduplicate them.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly keys: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.actor) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new RequestValidationError([
        { field: 'Idempotency-Key', reason: 'must be 1 to 200 printable ASCII characters, once' },
      ]);
    }
    const correlationId = String(request.headers['x-request-id'] ?? key);
    const started = await this.keys.start({
      actor: recordedActor(request.actor),
      key,
      fingerprint: sha256(
        `${request.method} ${request.path}\n${Buffer.isBuffer(request.body) ? sha256(request.body) : canonicalize(request.body ?? null)}`,
      ),
      at: this.clock.now(),
      correlationId,
    });
    const response = context.switchToHttp().getResponse<Response>();
    if (started.kind === 'replay') {
      response.setHeader('Idempotent-Replayed', 'true');
      response.status(started.status);
      return of(started.body);
    }
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          this.keys
            .complete(started.claim, status, body, this.clock.now(), correlationId)
            .then(() => body),
        ),
      ),
      catchError((error: unknown) =>
        from(
          this.keys
            .abandon(
              started.claim,
              error instanceof Error ? error.message : String(error),
              this.clock.now(),
              correlationId,
            )
            .catch((abandonError: unknown) =>
              // The key stays claimed: a retry is told the first is in progress, never run twice.
              this.logger.error(
                `Idempotency-Key ${key}: could not give the key back: ${abandonError instanceof Error ? abandonError.message : String(abandonError)}`,
              ),
            )
            .then(() => {
              throw error;
            }),
        ),
      ),
    );
  }
}

/**
 * A POST route of the API, which honours `Idempotency-Key`: every POST route is declared with it
 * instead of Nest's `@Post` (test/e2e/idempotency.e2e-spec.ts checks that none is missed). The
 * interceptor sits on the POST routes only, not on every route: a global interceptor put Nest's
 * interceptor chain (rxjs, an async resource per request) on every GET too, ~8 % of a GET's CPU
 * for a check that only ever passes it on (docs/adr/0016-api-throughput.md).
 */
export const IdempotentPost = (path?: string) =>
  applyDecorators(Post(path), UseInterceptors(IdempotencyInterceptor));
