import path from 'node:path';
import { Authenticator, StaticTokens } from '@change-ledger/auth';
import { loadPolicyFile } from '@change-ledger/policy';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from '../api.module';
import { buildOpenApiDocument } from './api-docs';

/**
 * The API as the document sees it, never started: nothing connects (pools connect on first use,
 * and the projector starts only on init), so no database is needed to write the document.
 */
export async function openApiTestApp(): Promise<NestExpressApplication> {
  const url = 'postgres://openapi@127.0.0.1:1/none';
  return NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot({
      eventStore: { kind: 'postgres', connectionString: url },
      readModels: { connectionString: url, runProjector: false },
      policy: await loadPolicyFile(path.resolve(__dirname, '../../../../config/policy.yaml')),
      authenticator: new Authenticator({ tokens: StaticTokens.fromEntries([], 'none') }),
    }),
    { logger: false, bodyParser: false },
  );
}

/** The document as committed in docs/openapi.json: stable key order, two-space indent. */
export async function openApiJson(app: NestExpressApplication): Promise<string> {
  return `${JSON.stringify(await buildOpenApiDocument(app), null, 2)}\n`;
}
