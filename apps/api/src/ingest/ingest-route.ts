import { type Request } from 'express';
import { applyDecorators, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

/**
 * What the HTTP ingest routes share: each route has its own controller in its own folder, all
 * under one base path. They keep the OpenAPI tag and the operation ids (`Ingest_<method>`) they
 * had as one controller: clients generated from docs/openapi.json keep their names.
 */
export const INGEST_OPERATION_PREFIX = 'Ingest';
export const IngestController = (): ClassDecorator =>
  applyDecorators(Controller('api/v1/ingest'), ApiTags(INGEST_OPERATION_PREFIX));

/** The webhooks' shared secrets (GitHub's signing secret, GitLab's token); none: refused. */
export interface WebhookSecrets {
  github?: string;
  gitlab?: string;
}
export const WEBHOOK_SECRETS = Symbol('WEBHOOK_SECRETS');

/** Bodies arrive raw (configure-app): signatures are over the exact bytes. */
export function rawBody(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

export function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function headersOf(request: Request): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.keys(request.headers).map((name) => [name.toLowerCase(), header(request, name)]),
  );
}
