import { type DynamicModule, Module } from '@nestjs/common';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { type Logger } from 'pino';
import { assignRequestId } from './request-id';

type LoggedRequest = IncomingMessage & {
  actor?: { id: string; kind?: string };
  route?: { path?: string };
  baseUrl?: string;
  originalUrl?: string;
};

/**
 * Nest's logger replaced by the process's pino logger, and one line per HTTP request: method,
 * route, status, duration, principal (never the credential), request id.
 */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: assignRequestId,
            // Health probes every few seconds would drown the lines that matter.
            autoLogging: { ignore: (request) => request.url?.startsWith('/health') === true },
            customLogLevel: (_request, response, error) =>
              error || response.statusCode >= 500
                ? 'error'
                : response.statusCode >= 400
                  ? 'warn'
                  : 'info',
            // The route and the principal are known once the request is answered: they go on
            // its one line, rather than each request making child loggers to carry them.
            customSuccessObject: (request: LoggedRequest, _response, fields) => ({
              ...fields,
              ...answeredBy(request),
            }),
            customErrorObject: (request: LoggedRequest, _response, _error, fields) => ({
              ...fields,
              ...answeredBy(request),
            }),
            // The serializers read the few fields a line holds straight from Node's request and
            // response: pino-http's wrappers would copy every header into an object first.
            wrapSerializers: false,
            serializers: {
              req: (request: LoggedRequest & { id: string }) => ({
                id: request.id,
                method: request.method,
                url: withoutCredentials(request.originalUrl ?? request.url ?? ''),
              }),
              res: (response: ServerResponse) => ({
                statusCode: response.headersSent ? response.statusCode : null,
              }),
            },
          },
        }),
      ],
    };
  }
}

/**
 * A query parameter that may carry a credential, by name: `access_token`, `id_token`, `token`,
 * `api_key`, `secret`, `password`, an OAuth `code`, a `signature`, a calendar `feed_token`. The
 * API refuses tokens outside the Authorization header (but the feed token on the feed's URL),
 * but a refused request is logged too, and log readers are not the token's holders.
 */
const CREDENTIAL_PARAMETER = /token|key|secret|passw|code|sig|auth|session|cookie|credential/i;

/**
 * A calendar feed token (`clf_…`, issue 28 §3) by its shape: it lives in URLs that calendar apps
 * fetch, so it is taken out wherever it stands, under any parameter name or in the path.
 */
const CALENDAR_FEED_TOKEN = /clf_[0-9a-f]{32}_[A-Za-z0-9_-]{43}/g;

/**
 * The URL with every calendar feed token and the value of every credential-like query
 * parameter replaced by `[redacted]`.
 */
export function withoutCredentials(url: string): string {
  return withoutCredentialParameters(url.replace(CALENDAR_FEED_TOKEN, '[redacted]'));
}

function withoutCredentialParameters(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && CREDENTIAL_PARAMETER.test(safeDecode(name))
        ? `${name}=[redacted]`
        : pair;
    })
    .join('&');
  return `${url.slice(0, queryAt)}?${query}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What a request's line says of who answered it: its route's pattern, the principal. */
function answeredBy(request: LoggedRequest): { route?: string; principal?: string } {
  return { route: routeOf(request), principal: request.actor?.id };
}

/** The route's pattern (`/api/v1/change-requests/:id`), so that lines and metrics group by it. */
export function routeOf(request: LoggedRequest): string | undefined {
  const path = request.route?.path;
  return path === undefined ? undefined : `${request.baseUrl ?? ''}${path}`;
}
