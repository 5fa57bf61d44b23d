import { type ErrorKind, LedgerError } from '@change-ledger/domain';
import { translatePostgresError } from '@change-ledger/event-store';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { type Request, type Response } from 'express';
import { type FieldProblem } from './request-validation.error';

/** Each kind of failure has one HTTP status; nothing else decides a status. */
export const HTTP_STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  503: 'Service unavailable',
};

/** What a client may do about a kind, added to the error's own sentence. */
const ADVICE: Partial<Record<ErrorKind, string>> = {
  unavailable: 'nothing was recorded; try again',
};

/**
 * Advice a conflict earns by its code: only a lost race is cured by reloading. A transition the
 * state does not allow, or a hold already released, says what it is and stops there.
 */
const ADVICE_OF_CODE: Record<string, string> = {
  'EVENT_STORE.WRONG_EXPECTED_REVISION': 'another write got there first: reload and try again',
};

/**
 * What a write's 503 says when nothing vouches that it recorded nothing: the store went away
 * while it ran, and an append may have committed before the answer was lost (ADR 0017).
 */
export const UNKNOWN_OUTCOME_ADVICE = {
  keyed:
    'it may have been recorded: retry with the same Idempotency-Key after Retry-After; the retry gets the first answer, or runs the request once if nothing was recorded',
  unkeyed:
    'it may have been recorded: check before sending it again, or send writes with an Idempotency-Key so that a retry is safe',
};

/** Whether a 503 may say "nothing was recorded", and if not, whether the request had a key. */
export type WriteOutcome = 'nothing_recorded' | 'unknown_keyed' | 'unknown_unkeyed';

interface Problem {
  status: number;
  /** Seconds the client should wait before retrying (`Retry-After`), when the error knows. */
  retryAfterSeconds?: number;
  code: string;
  detail: string;
  errors?: FieldProblem[];
  context?: Readonly<Record<string, unknown>>;
}

/**
 * The one place errors become HTTP: RFC 7807 problem documents, `code` the error's stable code,
 * the status looked up from the error's kind. Anything that is not a ledger error is a bug: 500,
 * logged with its stack, and nothing of it told to the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toProblem(exception, writeOutcomeOf(request, response));
    if (problem.status >= 500) {
      this.logger.error(
        `${request.method} ${request.originalUrl}: ${exception instanceof Error ? exception.stack : String(exception)}`,
      );
    }
    if (problem.status === 401)
      response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
    if (problem.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    else if (problem.status === 503) response.setHeader('Retry-After', '1');
    response
      .status(problem.status)
      .type('application/problem+json')
      .json({
        type: `https://change-ledger.dev/problems/${problem.code.toLowerCase().replace(/[._]/g, '-')}`,
        title: TITLES[problem.status] ?? 'Error',
        status: problem.status,
        detail: problem.detail,
        instance: request.originalUrl,
        code: problem.code,
        ...(problem.errors && problem.errors.length > 0 ? { errors: problem.errors } : {}),
        ...(problem.context && Object.keys(problem.context).length > 0
          ? { context: problem.context }
          : {}),
      });
  }
}

export function toProblem(exception: unknown, outcome: WriteOutcome = 'nothing_recorded'): Problem {
  // An HTTP exception already says what it is: a readiness answer that quotes a lost
  // connection's message ("… not queryable") is a 503 of its own, not the event store's.
  const error = exception instanceof HttpException ? exception : translatePostgresError(exception);
  if (error instanceof LedgerError) {
    const advice =
      error.kind === 'unavailable' && outcome !== 'nothing_recorded'
        ? UNKNOWN_OUTCOME_ADVICE[outcome === 'unknown_keyed' ? 'keyed' : 'unkeyed']
        : (ADVICE_OF_CODE[error.code] ?? ADVICE[error.kind]);
    const retryAfter = error.context.retryAfterSeconds;
    return {
      retryAfterSeconds: typeof retryAfter === 'number' ? retryAfter : undefined,
      status: HTTP_STATUS_OF_KIND[error.kind],
      code: error.code,
      detail: advice ? `${error.message}; ${advice}` : error.message,
      errors: error.fields,
      // What the client needs; the cause of an unavailable store stays in the logs.
      context: error.kind === 'unavailable' ? undefined : error.context,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { status, code: `HTTP.${status}`, detail: error.message };
  }
  return {
    status: 500,
    code: 'INTERNAL',
    detail: 'Something went wrong; nothing half-recorded was kept',
  };
}

/**
 * Reads and failed claims record nothing; a write's 503 is vouched for only when its
 * Idempotency-Key was given back (IdempotencyInterceptor), which fences the write.
 */
function writeOutcomeOf(request: Request, response: Response): WriteOutcome {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS')
    return 'nothing_recorded';
  if ((response.locals as { nothingRecorded?: unknown }).nothingRecorded === true)
    return 'nothing_recorded';
  return request.headers['idempotency-key'] === undefined ? 'unknown_unkeyed' : 'unknown_keyed';
}
