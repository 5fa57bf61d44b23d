import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { EXAMPLES_FROM_004 } from './examples-from-004';
import pluginMetadata from '../openapi-metadata';
import { AUDIT_OPERATION_PREFIXES } from '../audit/audit.controllers';
import { INGEST_OPERATION_PREFIXES } from '../ingest/ingestion.module';
import { READ_MODEL_OPERATION_PREFIXES } from '../read-models/read-models.controllers';

/** The problem document (RFC 9457) every error answers with (problem-details.filter.ts). */
const PROBLEM_DETAILS = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: {
      type: 'string',
      description: 'The ledger error code, dotted (e.g. CHANGE_REQUEST.SELF_APPROVAL)',
    },
    errors: {
      type: 'array',
      description: 'For invalid input: each field and why',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid input: the field and the reason',
  '401': 'No or unknown credential',
  '403': 'Authenticated, but not allowed (role, separation of duties)',
  '404': 'No such change request',
  '409': 'A conflicting change (state or concurrent write)',
  '422': 'Refused by a rule of the policy',
};

/**
 * The OpenAPI 3.1 document of the API, from the code: routes from the controllers, bodies and
 * queries from the DTOs and their class-validator rules, answers from each route's response DTO
 * (`<route>.response.dto.ts`; a write's carries its receipt fields) (the @nestjs/swagger CLI
 * plugin's metadata, generated into ../openapi-metadata.ts by `npm run openapi`), the problem
 * document, the bearer scheme, and the published examples of API-ROUTES.
 */
export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Change Ledger API')
    .setDescription(
      'Event-sourced change-management audit ledger (SOC 2 CC8.1, ISO 27001 A.8.32). Every route but ' +
        '/health/* needs a bearer token (static token or OIDC JWT). Errors are RFC 9457 problem documents. ' +
        'Ids such as SOC-GATES or POL-SOD name the change-management rules of docs/requirements.md.',
    )
    .setVersion('1')
    // Relative (OpenAPI 3.1 §4.8.5): the server that serves this document, on whatever port.
    .addServer('/', 'the server serving this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
    // The calendar feed by URL alone (ADR 0028): a person's feed token, never an API token.
    .addApiKey({ type: 'apiKey', in: 'query', name: 'feed_token' }, 'calendarFeedToken')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${operationPrefix(controllerKey)}_${methodKey}`,
  });
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ProblemDetails: PROBLEM_DETAILS,
    },
  };
  for (const [route, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations) as [string, OperationLike][]) {
      // The method's doc comment's first line when it has one (the plugin), else its name.
      if (typeof operation.summary !== 'string' || operation.summary.trim() === '')
        operation.summary = humanise(operation.operationId ?? `${method} ${route}`);
      if (route.startsWith('/health')) {
        operation.security = [];
      } else {
        if (route === CALENDAR_FEED_ROUTE) describeCalendarFeed(operation);
        for (const [status, description] of Object.entries(ERROR_RESPONSES))
          operation.responses[status] ??= {
            description:
              status === '404' && route.includes('/standard-change-templates')
                ? 'No such standard-change template'
                : description,
            content: {
              'application/problem+json': {
                schema: { $ref: '#/components/schemas/ProblemDetails' },
              },
            },
          };
      }
      const example = EXAMPLES_FROM_004[`${method.toUpperCase()} ${route}`];
      const body = operation.requestBody as
        { content?: Record<string, { example?: unknown }> } | undefined;
      if (example && body?.content?.['application/json'])
        body.content['application/json'].example = example;
    }
  }
  return toOpenApi31(document) as OpenAPIObject;
}

const CALENDAR_FEED_ROUTE = '/api/v1/change-management/calendar.ics';

/** The feed by URL: its own credential, and iCalendar rather than JSON. */
function describeCalendarFeed(operation: OperationLike): void {
  operation.security = [{ calendarFeedToken: [] }];
  operation.responses['200'] = {
    description: 'The change calendar of the window around today, as iCalendar (RFC 5545)',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  };
}

/** A controller's routes are `<prefix>_<method>`: its name, or the one its routes kept when split. */
function operationPrefix(controllerKey: string): string {
  return (
    READ_MODEL_OPERATION_PREFIXES.get(controllerKey) ??
    INGEST_OPERATION_PREFIXES.get(controllerKey) ??
    AUDIT_OPERATION_PREFIXES.get(controllerKey) ??
    controllerKey.replace(/Controller$/, '')
  );
}

/** `ReadModels_changeLog` → `Change log`. */
function humanise(operationId: string): string {
  const words = (operationId.split('_').pop() ?? operationId)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * OpenAPI 3.0's `nullable` (which terminus's health schemas and the plugin's `T | null` still
 * use) said the 3.1 way: a type list with "null", `null` among an enum's values, and a nullable
 * reference (`allOf: [$ref]`, which a type list cannot make nullable) as one of the two.
 */
function toOpenApi31(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApi31);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, unknown>).map(
    ([key, value]) => [key, toOpenApi31(value)] as const,
  );
  const object: Record<string, unknown> = Object.fromEntries(entries);
  if (object.nullable === true) {
    delete object.nullable;
    if (Array.isArray(object.allOf) && object.allOf.length === 1) {
      const { allOf, type: _type, ...annotations } = object;
      return { ...annotations, oneOf: [allOf[0], { type: 'null' }] };
    }
    if (typeof object.type === 'string') object.type = [object.type, 'null'];
    if (Array.isArray(object.enum) && !object.enum.includes(null))
      object.enum = [...object.enum, null];
  }
  return object;
}

interface OperationLike {
  operationId?: string;
  summary?: unknown;
  security?: unknown[];
  responses: Record<string, unknown>;
  requestBody?: unknown;
}

/** `/docs` (Swagger UI) and `/docs/openapi.json`: public, as they hold no ledger data. */
export async function serveApiDocs(app: INestApplication): Promise<void> {
  const document = await buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
}
