import path from 'node:path';
import { Authenticator, StaticTokens } from '@change-ledger/auth';
import { loadPolicyFile } from '@change-ledger/policy';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from '../api.module';
import { buildOpenApiDocument } from './api-docs';

/**
 * The API as the document sees it. Not initialised, nothing connects (pools connect on first
 * use), so no database is needed to write the document; a test that serves it gives one.
 */
export async function openApiTestApp(
  url = 'postgres://openapi@127.0.0.1:1/none',
): Promise<NestExpressApplication> {
  return NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot({
      eventStore: { kind: 'postgres', connectionString: url },
      readModels: { connectionString: url, runProjector: false },
      deadlineIntervalMs: 0,
      policy: await loadPolicyFile(path.resolve(__dirname, '../../../../config/policy.yaml')),
      authenticator: new Authenticator({ tokens: StaticTokens.fromEntries([], 'none') }),
    }),
    { logger: false, bodyParser: false },
  );
}

/**
 * The document as committed in docs/openapi.json: keys sorted (the generator's own order depends
 * on what it explored before), two-space indent.
 */
export async function openApiJson(app: NestExpressApplication): Promise<string> {
  return `${JSON.stringify(sortedKeys(await buildOpenApiDocument(app)), null, 2)}\n`;
}

function sortedKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(sortedKeys);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.keys(node)
      .sort()
      .map((key) => [key, sortedKeys((node as Record<string, unknown>)[key])]),
  );
}
