import { type DynamicModule, Module } from '@nestjs/common';
import { type IncomingMessage } from 'node:http';
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
            customProps: (request: LoggedRequest) => ({
              route: routeOf(request),
              principal: request.actor?.id,
            }),
            serializers: {
              req: (request: { id: string; method: string; url: string }) => ({
                id: request.id,
                method: request.method,
                url: request.url,
              }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
          },
        }),
      ],
    };
  }
}

/** The route's pattern (`/api/v1/change-requests/:id`), so that lines and metrics group by it. */
export function routeOf(request: LoggedRequest): string | undefined {
  const path = request.route?.path;
  return path === undefined ? undefined : `${request.baseUrl ?? ''}${path}`;
}
