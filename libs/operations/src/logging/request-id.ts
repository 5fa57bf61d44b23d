import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller may send as its request id: short, printable, no spaces (it is logged as is). */
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The request's id: the caller's `x-request-id` when it is acceptable, else a new UUID; echoed
 * back on the response. It is the `requestId` and default `correlationId` of the events the
 * request writes, and the `reqId` of its log lines.
 */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  const sent = request.headers[REQUEST_ID_HEADER];
  const text = Array.isArray(sent) ? sent[0] : sent;
  const id = text && ACCEPTABLE_REQUEST_ID.test(text) ? text : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** The id `assignRequestId` gave this request (pino-http keeps it as `request.id`). */
export function requestIdOf(request: IncomingMessage): string {
  const id = (request as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : randomUUID();
}
