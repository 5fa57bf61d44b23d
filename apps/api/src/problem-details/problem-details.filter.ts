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
  conflict: 'reload and try again',
  unavailable: 'nothing was recorded; try again',
};

interface Problem {
  status: number;
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
    const problem = toProblem(exception);
    if (problem.status >= 500) {
      this.logger.error(
        `${request.method} ${request.originalUrl}: ${exception instanceof Error ? exception.stack : String(exception)}`,
      );
    }
    if (problem.status === 401)
      response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
    if (problem.status === 503) response.setHeader('Retry-After', '1');
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

export function toProblem(exception: unknown): Problem {
  // An HTTP exception already says what it is: a readiness answer that quotes a lost
  // connection's message ("… not queryable") is a 503 of its own, not the event store's.
  const error = exception instanceof HttpException ? exception : translatePostgresError(exception);
  if (error instanceof LedgerError) {
    const advice = ADVICE[error.kind];
    return {
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
