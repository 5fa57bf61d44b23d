import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { type Response } from 'supertest';
import { REPO_ROOT } from './app-process';

/**
 * Holds the API's real answers to docs/openapi.json, the document the page's types are generated
 * from: a 2xx JSON answer must be valid against the schema the document gives its route and
 * status (JSON Schema 2020-12, OpenAPI 3.1's dialect, by Ajv). Stricter than a client need be:
 * the document leaves its objects open (a client must take a field added later), but here an
 * object that lists its properties is closed, so a field the server sends and the document does
 * not name fails too — the generated types would not know it.
 */
export interface DocumentedAnswers {
  /** Fails (naming the route, the status and each mismatch) unless the answer is as documented. */
  expectDocumented(response: Response): void;
  /** `GET /api/v1/me 200` of every answer checked so far. */
  readonly checked: ReadonlySet<string>;
}

export function documentedAnswers(
  document: OpenApiDocument = readOpenApiDocument(),
): DocumentedAnswers {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // The document's own fields around its schemas: not keywords, never validated against.
  for (const keyword of Object.keys(document)) ajv.addKeyword(keyword);
  ajv.addSchema(closedObjects(document) as object, DOCUMENT_ID);
  const routes = Object.keys(document.paths).map((route) => ({
    route,
    pattern: new RegExp(`^${route.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    // A literal segment wins over a parameter: `/change-requests/emergency` is not `{id}`.
    parameters: (route.match(/\{/g) ?? []).length,
  }));
  const validators = new Map<string, ValidateFunction>();
  const checked = new Set<string>();
  return {
    checked,
    expectDocumented(response) {
      const method = response.request.method.toLowerCase();
      const url = new URL(response.request.url);
      const route = routes
        .filter(
          ({ route, pattern }) => pattern.test(url.pathname) && document.paths[route]?.[method],
        )
        .sort((a, b) => a.parameters - b.parameters)[0]?.route;
      const answer = `${method.toUpperCase()} ${route ?? url.pathname} ${response.status}`;
      if (!route) throw new Error(`${answer}: no such route in docs/openapi.json`);
      if (response.status < 200 || response.status > 299)
        throw new Error(`${answer}: not a 2xx answer: ${JSON.stringify(response.body)}`);
      const documented = document.paths[route]![method]!.responses[String(response.status)];
      if (!documented) throw new Error(`${answer}: docs/openapi.json documents no such status`);
      const schema = documented.content?.['application/json']?.schema;
      if (!response.type.includes('json'))
        throw new Error(`${answer}: answered ${response.type}, not JSON`);
      if (!schema || !describesSomething(schema))
        throw new Error(`${answer}: docs/openapi.json gives no schema for this JSON answer`);
      const pointer = ['paths', route, method, 'responses', String(response.status), 'content']
        .concat(['application/json', 'schema'])
        .map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/');
      let validate = validators.get(pointer);
      if (!validate) {
        validate = ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer}` });
        validators.set(pointer, validate);
      }
      if (!validate(response.body))
        throw new Error(
          `${answer} is not what docs/openapi.json says:\n${(validate.errors ?? [])
            .map(
              (error) =>
                `  ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
            )
            .join('\n')}`,
        );
      checked.add(answer);
    },
  };
}

const DOCUMENT_ID = 'openapi.json';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      | {
          responses: Record<string, { content?: Record<string, { schema?: object }> } | undefined>;
        }
      | undefined
    >
  >;
  [field: string]: unknown;
}

export function readOpenApiDocument(): OpenApiDocument {
  return JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'docs/openapi.json'), 'utf8'),
  ) as OpenApiDocument;
}

/** `{}` or `{ type: 'object' }` says nothing of an answer: the route is undocumented. */
function describesSomething(schema: object): boolean {
  const keys = Object.keys(schema).filter((key) => key !== 'description' && key !== 'type');
  return keys.length > 0;
}

/** Every schema that lists its properties, closed to others (unless it says what others may be). */
function closedObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closedObjects);
  if (node === null || typeof node !== 'object') return node;
  const object = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, closedObjects(value)]),
  );
  if (
    typeof object.properties === 'object' &&
    object.properties !== null &&
    !('additionalProperties' in object) &&
    !('unevaluatedProperties' in object)
  )
    object.additionalProperties = false;
  return object;
}
