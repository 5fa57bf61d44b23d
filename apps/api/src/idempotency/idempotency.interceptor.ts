import { recordedActor } from '@change-ledger/auth';
import { type Clock, CLOCK } from '@change-ledger/change-requests';
import { LedgerError } from '@change-ledger/domain';
import { WrongExpectedRevisionError } from '@change-ledger/event-store';
import {
  type Claim,
  ClaimedRequests,
  IdempotencyError,
  IdempotencyStore,
  type IdempotentStart,
  sha256,
} from '@change-ledger/idempotency';
import { requestIdOf } from '@change-ledger/operations';
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
import { catchError, finalize, from, mergeMap, type Observable, of } from 'rxjs';
import { type AuthenticatedRequest } from '../auth/current-actor.decorator';
import { RequestValidationError } from '../problem-details/request-validation.error';
import { ReceiptInterceptor } from '../receipts/receipt.interceptor';

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
/** This process's requests that hold a key (ClaimedRequests), shared with ClaimMarkingEventStore. */
export const CLAIMED_REQUESTS = Symbol('CLAIMED_REQUESTS');

/** Printable ASCII, as the IETF draft's examples; long enough for a UUID or a hash. */
const KEY = /^[\x21-\x7e]{1,200}$/;

/** Tries at storing an answer after the first failed (a database restart), a second apart, then more. */
const ANSWER_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];

/**
 * `Idempotency-Key` on every authenticated POST: the first answer is kept in the ledger and a
 * retry with the same key and the same request gets it again (`Idempotent-Replayed: true`),
 * without doing anything twice. A request that fails gives the key back; one whose process died
 * leaves its claim to be resolved by a retry after the lease (ADR 0017). Public routes (the
 * GitHub and GitLab webhooks) have no principal to scope a key to; their delivery ids already
 * deduplicate them.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly keys: IdempotencyStore,
    @Inject(CLAIMED_REQUESTS) private readonly claims: ClaimedRequests,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reflector: Reflector,
  ) {}

  /**
   * A write without a key still takes its request id while it runs: its events carry that id as
   * `source.requestId`, which is how a keyed request's writes are told apart and recorded under
   * its key. Sharing the id of a running keyed request, it would be recorded under that key (or
   * be fenced by it), so the two are refused to run at once, whichever came first.
   */
  private withoutKey(request: AuthenticatedRequest, next: CallHandler): Observable<unknown> {
    const requestId = requestIdOf(request);
    if (!this.claims.reserveKeyless(requestId)) throw requestIdInUse(requestId);
    return next.handle().pipe(finalize(() => this.claims.releaseKeyless(requestId)));
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers['idempotency-key'];
    if (!request.actor || request.method === 'GET' || request.method === 'HEAD') {
      return next.handle();
    }
    if (request.method !== 'POST' || key === undefined) return this.withoutKey(request, next);
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new RequestValidationError([
        { field: 'Idempotency-Key', reason: 'must be 1 to 200 printable ASCII characters, once' },
      ]);
    }
    const response = context.switchToHttp().getResponse<Response>();
    const correlationId = String(request.headers['x-request-id'] ?? key);
    // The id the request's events carry as `source.requestId`: how its writes are told apart.
    const requestId = requestIdOf(request);
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;
    const fingerprint = sha256(
      `${request.method} ${request.path}\n${bodyFingerprint(request.body)}`,
    );
    if (!this.claims.reserve(requestId)) throw requestIdInUse(requestId);
    let started: IdempotentStart;
    try {
      started = await this.keys.start({
        actor: recordedActor(request.actor),
        key,
        fingerprint,
        at: this.clock.now(),
        correlationId,
        requestId,
        successStatus: status,
      });
    } catch (error) {
      this.claims.release(requestId);
      // The request itself never ran: at most the key was claimed, which its lease resolves.
      nothingRecorded(response);
      throw error;
    }
    if (started.kind === 'replay') {
      this.claims.release(requestId);
      response.setHeader('Idempotent-Replayed', 'true');
      if (started.recovered) response.setHeader('Idempotent-Recovered', 'true');
      response.status(started.status);
      return of(started.body);
    }
    const claim = started.claim;
    this.claims.hold(claim);
    return next.handle().pipe(
      mergeMap((body: unknown) => from(this.answered(claim, status, body, correlationId))),
      catchError((error: unknown) => from(this.failed(claim, error, response, correlationId))),
      finalize(() => this.claims.release(requestId)),
    );
  }

  /**
   * The request's answer: stored as the key's, and given to the client even when storing fails
   * (what the request wrote is recorded; this is its true answer). Storing is then tried again
   * for a while; if the process dies first, a retry after the lease rebuilds the answer.
   */
  private async answered(claim: Claim, status: number, body: unknown, correlationId: string) {
    try {
      await this.keys.complete(claim, status, body, this.clock.now(), correlationId);
    } catch (error) {
      this.logger.warn(
        `Idempotency-Key ${claim.key}: the answer could not be stored yet (${messageOf(error)}); trying again`,
      );
      void this.storeLater(claim, status, body, correlationId);
    }
    return body;
  }

  private async storeLater(claim: Claim, status: number, body: unknown, correlationId: string) {
    for (const delay of ANSWER_RETRY_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      try {
        await this.keys.complete(claim, status, body, this.clock.now(), correlationId);
        return;
      } catch (error) {
        // A retry resolved the claim meanwhile: the key has its answer.
        if (error instanceof WrongExpectedRevisionError) return;
        this.logger.warn(
          `Idempotency-Key ${claim.key}: storing the answer failed again (${messageOf(error)})`,
        );
      }
    }
    this.logger.error(
      `Idempotency-Key ${claim.key}: the answer was not stored; a retry after the lease gets it rebuilt from what the request recorded`,
    );
  }

  /**
   * A failed request gives its key back, unless it wrote before failing (then the key keeps its
   * record and a retry after the lease gets it). Giving the key back also fences the request's
   * own writes, so once it is stored, "nothing was recorded" is true. When it cannot be stored
   * and the failure leaves the write's fate unknown (the database went away), the client is told
   * exactly that, and how to learn it: retry with the same key.
   */
  private async failed(
    claim: Claim,
    error: unknown,
    response: Response,
    correlationId: string,
  ): Promise<never> {
    if (claim.wrote) throw error;
    try {
      await this.keys.abandon(claim, messageOf(error), this.clock.now(), correlationId);
      nothingRecorded(response);
    } catch (abandonError) {
      this.logger.error(
        `Idempotency-Key ${claim.key}: could not give the key back: ${messageOf(abandonError)}`,
      );
      // A refusal with a kind (a 4xx) came before or instead of a write: only an unavailable
      // store or a bug leaves the write's fate unknown.
      if (outcomeUnknown(error)) {
        throw new IdempotencyError(
          'IDEMPOTENCY.OUTCOME_UNKNOWN',
          'unavailable',
          `Whether this request was recorded is not known (${messageOf(error)})`,
          { key: claim.key, retryAfterSeconds: this.keys.leaseSeconds },
        );
      }
    }
    throw error;
  }
}

/**
 * What makes the body this body. A value RFC 8785 cannot encode (an overflowing number) is refused
 * by the request intake before this; should one get here, it is the client's 400, not a 500.
 */
function bodyFingerprint(body: unknown): string {
  if (Buffer.isBuffer(body)) return sha256(body);
  try {
    return canonicalize(body ?? null) ?? 'null';
  } catch (error) {
    throw new RequestValidationError([
      { field: 'body', reason: `is not JSON that can be canonicalised (${messageOf(error)})` },
    ]);
  }
}

function outcomeUnknown(error: unknown): boolean {
  const kind = error instanceof LedgerError ? error.kind : undefined;
  return kind === undefined || kind === 'unavailable';
}

/** Tells the problem filter that a 503 may say "nothing was recorded" (the key is given back). */
function nothingRecorded(response: Response): void {
  response.locals.nothingRecorded = true;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A POST route of the API, which honours `Idempotency-Key`: every POST route is declared with it
 * instead of Nest's `@Post` (test/e2e/idempotency.e2e-spec.ts checks that none is missed). The
 * interceptor sits on the POST routes only, not on every route: a global interceptor put Nest's
 * interceptor chain (rxjs, an async resource per request) on every GET too, ~8 % of a GET's CPU
 * for a check that only ever passes it on (docs/adr/0016-api-throughput.md). Inside it, the
 * ReceiptInterceptor puts the log's signed receipt in the answer the key keeps (ADR 0019).
 */
export const IdempotentPost = (path?: string) =>
  applyDecorators(Post(path), UseInterceptors(IdempotencyInterceptor, ReceiptInterceptor));

function requestIdInUse(requestId: string): IdempotencyError {
  return new IdempotencyError(
    'IDEMPOTENCY.REQUEST_ID_IN_USE',
    'conflict',
    'Another write with this x-request-id is running, and one of the two holds an Idempotency-Key; send each request with its own x-request-id',
    { requestId },
  );
}
