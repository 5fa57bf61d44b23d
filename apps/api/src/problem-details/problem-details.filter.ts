import { InvalidCiEventError } from '@change-ledger/ingestion';
import { AuthenticationError } from '@change-ledger/auth';
import { ChangeRequestError, LedgerError } from '@change-ledger/domain';
import { IntegrityError } from '@change-ledger/integrity';
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  InvalidAppendError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { type Request, type Response } from 'express';
import { ReadOnlyActorError } from '../auth/auth.guard';
import { type FieldProblem, RequestValidationError } from './request-validation.error';

interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: FieldProblem[];
  context?: Readonly<Record<string, unknown>>;
}

const KIND_STATUS = { invalid: 400, forbidden: 403, conflict: 409, not_found: 404 } as const;

/**
 * The one place errors become HTTP: RFC 7807 problem documents, `code` the error's stable code.
 * 400 bad input (with the fields), 401 no valid credentials, 403 a role or separation of duties,
 * 404, 409 a concurrency conflict or a transition not allowed now, 413, 503 store unavailable.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (problem.status === 401)
      response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
    response
      .status(problem.status)
      .type('application/problem+json')
      .json({
        type: `https://change-ledger.dev/problems/${problem.code.toLowerCase().replace(/[._]/g, '-')}`,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        instance: request.originalUrl,
        code: problem.code,
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...(problem.context && Object.keys(problem.context).length > 0
          ? { context: problem.context }
          : {}),
      });
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof RequestValidationError) {
      return {
        status: 400,
        code: 'REQUEST.INVALID',
        title: 'Invalid request',
        detail: exception.message,
        errors: exception.problems,
      };
    }
    if (exception instanceof AuthenticationError) {
      return {
        status: 401,
        code: 'AUTH.UNAUTHENTICATED',
        title: 'Authentication required',
        detail: exception.reason,
      };
    }
    if (exception instanceof ReadOnlyActorError) {
      return {
        status: 403,
        code: 'AUTH.READ_ONLY',
        title: 'Read-only access',
        detail: exception.message,
      };
    }
    if (exception instanceof ChangeRequestError) {
      const status = KIND_STATUS[exception.kind];
      const field = exception.context.field as string | undefined;
      const missing = exception.context.missing as string[] | undefined;
      const errors = field
        ? [{ field, reason: String(exception.context.reason) }]
        : missing?.map((name) => ({ field: name, reason: 'is required' }));
      return {
        status,
        code: exception.code,
        title: titleOf(status),
        detail: exception.message,
        errors,
        context: exception.context,
      };
    }
    if (exception instanceof IntegrityError) {
      const status = exception.kind === 'unavailable' ? 503 : KIND_STATUS[exception.kind];
      const field = exception.context.field as string | undefined;
      return {
        status,
        code: exception.code,
        title: titleOf(status),
        detail: exception.message,
        errors: field ? [{ field, reason: String(exception.context.reason) }] : undefined,
      };
    }
    if (exception instanceof InvalidAppendError) {
      return {
        status: 400,
        code: exception.code,
        title: 'Invalid request',
        detail: exception.message,
        errors: [{ field: exception.field, reason: exception.reason }],
      };
    }
    if (
      exception instanceof WrongExpectedRevisionError ||
      exception instanceof EventIdConflictError
    ) {
      return {
        status: 409,
        code: exception.code,
        title: 'Conflict',
        detail: `${exception.message}; reload and try again`,
      };
    }
    if (exception instanceof InvalidCiEventError) {
      // A bad signature is an authentication failure; anything else, content we cannot take.
      const unauthenticated = exception.code === 'INGESTION.BAD_SIGNATURE';
      return {
        status: unauthenticated ? 401 : 422,
        code: exception.code,
        title: unauthenticated ? 'Unauthorized' : 'Unprocessable CI event',
        detail: exception.message,
        errors: exception.problems.map((problem) => {
          const at = problem.indexOf(': ');
          return at > 0
            ? { field: problem.slice(0, at), reason: problem.slice(at + 2) }
            : { field: 'body', reason: problem };
        }),
      };
    }
    if (exception instanceof StreamDeletedError) {
      return { status: 410, code: exception.code, title: 'Gone', detail: exception.message };
    }
    if (exception instanceof EventStoreUnavailableError) {
      return {
        status: 503,
        code: exception.code,
        title: 'Service unavailable',
        detail: 'The ledger cannot reach its event store; nothing was recorded. Try again.',
      };
    }
    if (exception instanceof LedgerError) {
      return {
        status: 400,
        code: exception.code,
        title: 'Invalid request',
        detail: exception.message,
      };
    }
    const bodyParser = exception as { type?: string; status?: number };
    if (bodyParser?.type === 'entity.too.large') {
      return {
        status: 413,
        code: 'REQUEST.TOO_LARGE',
        title: 'Payload too large',
        detail: 'The request body exceeds the limit of 100 kB',
      };
    }
    if (bodyParser?.type === 'entity.parse.failed') {
      return {
        status: 400,
        code: 'REQUEST.MALFORMED_JSON',
        title: 'Invalid request',
        detail: 'The request body is not valid JSON',
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, code: `HTTP.${status}`, title: titleOf(status), detail: exception.message };
    }
    return {
      status: 500,
      code: 'INTERNAL',
      title: 'Internal error',
      detail: 'Something went wrong; nothing half-recorded was kept',
    };
  }
}

function titleOf(status: number): string {
  return (
    (
      {
        400: 'Invalid request',
        401: 'Authentication required',
        403: 'Forbidden',
        404: 'Not found',
        409: 'Conflict',
      } as Record<number, string>
    )[status] ?? 'Error'
  );
}
