import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

/**
 * `npm run web:types` (also the last step of `npm run openapi`): the page's types of the API's
 * answers, generated from docs/openapi.json by openapi-typescript, so that the page reads the
 * shapes the server documents (and test/e2e/openapi-answers.e2e-spec.ts holds the server to)
 * rather than copies of them. Committed; test/e2e/openapi.e2e-spec.ts fails when it is stale
 * (running this file: openapi-typescript's dependencies are ES modules, which Jest cannot load).
 */
export const OPENAPI_DOCUMENT = path.resolve(__dirname, '../../docs/openapi.json');
export const API_TYPES = path.resolve(__dirname, 'src/api-types.ts');

const HEADER = `/**
 * The API's types, generated from docs/openapi.json by openapi-typescript (\`npm run web:types\`,
 * part of \`npm run openapi\`). Do not edit: change the DTOs in apps/api and regenerate.
 * Each schema is also exported by its name: \`MetricsAnswer\` is components['schemas']['MetricsAnswer'].
 */

`;

/** The generated module's text for an OpenAPI document's text. */
export async function apiTypes(openApiJson: string): Promise<string> {
  const nodes = await openapiTS(JSON.parse(openApiJson) as OpenAPI3, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
  });
  return `${HEADER}${astToString(nodes)}`;
}

/** `--stdout`: the text, written nowhere (the staleness test compares it with the file). */
if (require.main === module) {
  readFile(OPENAPI_DOCUMENT, 'utf8')
    .then(apiTypes)
    .then((text) =>
      process.argv.includes('--stdout')
        ? void process.stdout.write(text)
        : writeFile(API_TYPES, text),
    )
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
