import { inspectJson } from '@change-ledger/untrusted-input';
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import {
  RequestRefusedError,
  RequestValidationError,
} from '../problem-details/request-validation.error';

/**
 * What the API checks of a request before any route reads it. Express middleware, registered in
 * configure-app.ts around the JSON parser; what they refuse reaches the problem-details filter.
 */

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * Bodies of the API's own routes are UTF-8 JSON: another media type or charset is 415 before a
 * parser sees it (a body in UTF-16 or Latin-1 used to reach the DTOs, or the store, half-read).
 */
export function refuseNonJsonBodies(request: Request, _response: Response, next: NextFunction) {
  // CI events (/api/v1/ingest) were read raw already: their formats say their own content type.
  if (!hasBody(request) || Buffer.isBuffer(request.body)) return next();
  const [mediaType = '', ...parameters] = (request.headers['content-type'] ?? '').split(';');
  const charset = parameters
    .map((parameter) => parameter.trim().toLowerCase())
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (
    !JSON_MEDIA_TYPE.test(mediaType.trim()) ||
    (charset && charset !== 'utf-8' && charset !== 'utf8')
  ) {
    return next(
      new RequestRefusedError(
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        'unsupported',
        'The request body must be JSON in UTF-8 (Content-Type: application/json)',
      ),
    );
  }
  next();
}

/**
 * The parsed body and the query string, checked in one linear pass (depth, size, lone
 * surrogates, NUL characters, reserved keys) before class-transformer, class-validator, the
 * domain or PostgreSQL meet them.
 */
export function checkParsedInput(request: Request, _response: Response, next: NextFunction) {
  const problems = [
    ...(request.body !== undefined && !Buffer.isBuffer(request.body)
      ? inspectJson(request.body, 'body')
      : []),
    ...inspectJson(request.query, 'query'),
  ];
  next(problems.length > 0 ? new RequestValidationError(problems) : undefined);
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

/**
 * A body parser whose failures are the API's own errors. Nest turns a parser's SyntaxError into a
 * plain 400 carrying V8's message (which may quote the body); these never echo the body.
 */
export function refusingParser(parser: RequestHandler): RequestHandler {
  return (request, response, next) =>
    parser(request, response, (error?: unknown) =>
      next(error ? bodyParserRefusal(error) : undefined),
    );
}

/** body-parser fails with `type`d errors; each becomes a REQUEST.* error of its kind. */
function bodyParserRefusal(error: unknown): unknown {
  switch ((error as { type?: unknown }).type) {
    case 'entity.too.large':
      return new RequestRefusedError(
        'REQUEST.TOO_LARGE',
        'too_large',
        'The request body exceeds the size limit',
      );
    case 'entity.parse.failed':
      return new RequestRefusedError(
        'REQUEST.MALFORMED_JSON',
        'invalid',
        'The request body is not valid JSON',
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new RequestRefusedError(
        'REQUEST.UNSUPPORTED_ENCODING',
        'unsupported',
        'The request body must be UTF-8 JSON, without a Content-Encoding the API does not read',
      );
    default:
      // Anything else the parser met (a corrupt gzip stream, a body shorter than its length):
      // the body cannot be read, whatever it was meant to say.
      return new RequestRefusedError(
        'REQUEST.UNREADABLE_BODY',
        'invalid',
        'The request body could not be read whole (truncated, or not in its Content-Encoding)',
      );
  }
}
