import {
  type ActingUnder,
  type EventMetadata,
  type EventSourceRef,
  type JsonObject,
  type NewEvent,
} from './event-envelope';
import { InvalidAppendError, WrongExpectedRevisionError } from './event-store.errors';
import { type ExpectedRevision } from './event-store.port';

/**
 * The store's door: an append that fails any check here is refused whole, before anything is
 * written, with the field and the reason. Both adapters call it, so both refuse the same input.
 */

/** `change-request-CHG-2026-0001`, `ledger-retention-runs`: no `$` (EventStoreDB system streams). */
const STREAM_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const MAX_STREAM_NAME_LENGTH = 200;
/** Past tense, PascalCase: `ChangeRequestSubmitted`. */
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO 8601 date-time with an explicit zone, as JSON and PostgreSQL both read it. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_JSON_DEPTH = 64;

const ACTOR_KINDS = new Set(['user', 'service']);
const METADATA_KEYS = new Set([
  'actor',
  'occurredAt',
  'correlationId',
  'causationId',
  'source',
  'schemaVersion',
]);

export function validateStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_STREAM_NAME',
      'streamId',
      'must be a non-empty string',
    );
  }
  if (streamId.length > MAX_STREAM_NAME_LENGTH) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_STREAM_NAME',
      'streamId',
      `must be at most ${MAX_STREAM_NAME_LENGTH} characters`,
    );
  }
  if (!STREAM_NAME.test(streamId)) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_STREAM_NAME',
      'streamId',
      `"${streamId}" must start with a letter or digit and hold only letters, digits and . _ : -`,
    );
  }
}

function validateExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'any' || expected === 'no_stream') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new InvalidAppendError(
    'EVENT_STORE.INVALID_EVENT',
    'expectedRevision',
    'must be "any", "no_stream" or a revision (an integer ≥ 0)',
  );
}

/**
 * Checks a whole append and returns its events normalised (lower-case ids, explicit defaults),
 * the form that is hashed and stored.
 */
export function validateAppend(streamId: unknown, events: unknown, options: unknown): NewEvent[] {
  validateStreamId(streamId);
  validateExpectedRevision(
    (options as { expectedRevision?: unknown } | undefined)?.expectedRevision,
  );
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_EVENT',
      'events',
      'at least one event is required',
    );
  }
  const seen = new Set<string>();
  return events.map((event: unknown, index) => {
    const normalised = validateEvent(event, `events[${index}]`);
    if (seen.has(normalised.id)) {
      throw new InvalidAppendError(
        'EVENT_STORE.INVALID_EVENT_ID',
        `events[${index}].id`,
        `${normalised.id} appears twice in the same append`,
      );
    }
    seen.add(normalised.id);
    return normalised;
  });
}

/**
 * A multi-stream append: each stream's append checked as `validateAppend` does, each stream at
 * most once, and no event id in two of them (one transaction could not answer both as replays).
 */
export function validateAppends(appends: unknown): ValidStreamAppend[] {
  if (!Array.isArray(appends) || appends.length === 0) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_EVENT',
      'appends',
      'at least one stream append is required',
    );
  }
  const streams = new Set<string>();
  const ids = new Set<string>();
  return appends.map((append: unknown, index) => {
    const { streamId, events, expectedRevision } = (append ?? {}) as Record<string, unknown>;
    const valid = validateAppend(streamId, events, { expectedRevision });
    if (streams.has(streamId as string)) {
      throw new InvalidAppendError(
        'EVENT_STORE.INVALID_STREAM_NAME',
        `appends[${index}].streamId`,
        `${streamId as string} appears twice in the same multi-stream append`,
      );
    }
    streams.add(streamId as string);
    for (const event of valid) {
      if (ids.has(event.id)) {
        throw new InvalidAppendError(
          'EVENT_STORE.INVALID_EVENT_ID',
          `appends[${index}].events`,
          `${event.id} appears in two streams of the same multi-stream append`,
        );
      }
      ids.add(event.id);
    }
    return {
      streamId: streamId as string,
      events: valid,
      expectedRevision: expectedRevision as ExpectedRevision,
    };
  });
}

export interface ValidStreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

function validateEvent(event: unknown, path: string): NewEvent {
  if (!isPlainObject(event)) {
    throw new InvalidAppendError('EVENT_STORE.INVALID_EVENT', path, 'must be an object');
  }
  const { id, type, data, metadata } = event;
  if (typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidAppendError('EVENT_STORE.INVALID_EVENT_ID', `${path}.id`, 'must be a UUID');
  }
  if (typeof type !== 'string' || !EVENT_TYPE.test(type) || type.length > 100) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_EVENT',
      `${path}.type`,
      'must be a PascalCase name of at most 100 characters (e.g. ChangeRequestSubmitted)',
    );
  }
  if (!isPlainObject(data)) {
    throw new InvalidAppendError(
      'EVENT_STORE.PAYLOAD_NOT_JSON',
      `${path}.data`,
      'must be a JSON object',
    );
  }
  const problem = findNonJson(data, `${path}.data`, 0, new Set());
  if (problem)
    throw new InvalidAppendError('EVENT_STORE.PAYLOAD_NOT_JSON', problem.path, problem.reason);
  return {
    id: id.toLowerCase(),
    type,
    data: data as JsonObject,
    metadata: validateMetadata(metadata, `${path}.metadata`),
  };
}

function validateMetadata(metadata: unknown, path: string): EventMetadata {
  if (!isPlainObject(metadata)) {
    throw new InvalidAppendError(
      'EVENT_STORE.MISSING_ACTOR',
      `${path}.actor`,
      'every event needs metadata with an actor',
    );
  }
  for (const key of Object.keys(metadata)) {
    if (!METADATA_KEYS.has(key)) {
      throw new InvalidAppendError(
        'EVENT_STORE.INVALID_METADATA',
        `${path}.${key}`,
        'is not an envelope field',
      );
    }
  }
  const { actor, occurredAt, correlationId, causationId, source, schemaVersion } = metadata;
  if (actor === undefined || actor === null) {
    throw new InvalidAppendError(
      'EVENT_STORE.MISSING_ACTOR',
      `${path}.actor`,
      'every event needs an actor',
    );
  }
  if (!isPlainObject(actor)) {
    throw new InvalidAppendError('EVENT_STORE.MISSING_ACTOR', `${path}.actor`, 'must be an object');
  }
  requireText(actor.id, `${path}.actor.id`, 'EVENT_STORE.MISSING_ACTOR');
  if (typeof actor.kind !== 'string' || !ACTOR_KINDS.has(actor.kind)) {
    throw new InvalidAppendError(
      'EVENT_STORE.MISSING_ACTOR',
      `${path}.actor.kind`,
      'must be "user" or "service"',
    );
  }
  if (
    !Array.isArray(actor.roles) ||
    !actor.roles.every((role) => typeof role === 'string' && role.length > 0)
  ) {
    throw new InvalidAppendError(
      'EVENT_STORE.MISSING_ACTOR',
      `${path}.actor.roles`,
      'must be a list of role names',
    );
  }
  requireText(actor.authenticatedBy, `${path}.actor.authenticatedBy`, 'EVENT_STORE.MISSING_ACTOR');
  if (
    Object.keys(actor).some(
      (key) => !['id', 'kind', 'roles', 'authenticatedBy', 'actingUnder'].includes(key),
    )
  ) {
    throw new InvalidAppendError(
      'EVENT_STORE.MISSING_ACTOR',
      `${path}.actor`,
      'holds only id, kind, roles, authenticatedBy and actingUnder',
    );
  }
  const actingUnder = actingUnderOf(actor, `${path}.actor.actingUnder`);
  if (
    typeof occurredAt !== 'string' ||
    !ISO_DATE_TIME.test(occurredAt) ||
    Number.isNaN(Date.parse(occurredAt))
  ) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_METADATA',
      `${path}.occurredAt`,
      'must be an ISO 8601 date-time with a zone (2026-01-27T10:00:00Z)',
    );
  }
  requireText(correlationId, `${path}.correlationId`, 'EVENT_STORE.INVALID_METADATA');
  if (causationId !== undefined && causationId !== null) {
    requireText(causationId, `${path}.causationId`, 'EVENT_STORE.INVALID_METADATA');
  }
  if (!isPlainObject(source) || typeof source.kind !== 'string' || source.kind.length === 0) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_METADATA',
      `${path}.source`,
      'must be an object with a kind',
    );
  }
  const sourceProblem = findNonJson(source, `${path}.source`, 0, new Set());
  if (sourceProblem)
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_METADATA',
      sourceProblem.path,
      sourceProblem.reason,
    );
  if (!isEventSourceRef(source)) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_METADATA',
      `${path}.source`,
      `must be one of ${Object.entries(SOURCE_FIELDS)
        .map(([kind, fields]) => `{ kind: '${kind}', ${Object.keys(fields).join(', ')} }`)
        .join(', ')}`,
    );
  }
  if (
    schemaVersion !== undefined &&
    !(Number.isSafeInteger(schemaVersion) && (schemaVersion as number) >= 1)
  ) {
    throw new InvalidAppendError(
      'EVENT_STORE.INVALID_METADATA',
      `${path}.schemaVersion`,
      'must be an integer ≥ 1',
    );
  }
  return {
    actor: {
      id: actor.id as string,
      kind: actor.kind as 'user' | 'service',
      roles: [...(actor.roles as string[])],
      authenticatedBy: actor.authenticatedBy as string,
      ...(actingUnder ? { actingUnder } : {}),
    },
    occurredAt,
    correlationId: correlationId as string,
    causationId: (causationId as string | undefined) ?? null,
    source,
    schemaVersion: (schemaVersion as number | undefined) ?? 1,
  };
}

/** The fields of each kind of source (event-envelope.ts's EventSourceRef) and their types. */
const SOURCE_FIELDS: {
  [Kind in EventSourceRef['kind']]: Record<
    Exclude<keyof Extract<EventSourceRef, { kind: Kind }>, 'kind'>,
    'string' | 'number'
  >;
} = {
  api: { requestId: 'string' },
  kafka: { topic: 'string', partition: 'number', offset: 'string' },
  webhook: { provider: 'string', deliveryId: 'string' },
  cli: { command: 'string' },
  system: { process: 'string' },
};

/** A source of a known kind with that kind's fields (more fields are kept, as before). */
function isEventSourceRef(source: Record<string, unknown>): source is EventSourceRef {
  const fields = Object.entries(SOURCE_FIELDS).find(([kind]) => kind === source.kind)?.[1];
  return (
    fields !== undefined &&
    Object.entries(fields).every(([field, type]) => typeof source[field] === type)
  );
}

/** A service's mandate for a person's step: on a service only, three texts (event-envelope.ts). */
function actingUnderOf(actor: Record<string, unknown>, path: string): ActingUnder | undefined {
  const { actingUnder } = actor;
  if (actingUnder === undefined) return undefined;
  if (actor.kind !== 'service' || !isPlainObject(actingUnder)) {
    throw new InvalidAppendError(
      'EVENT_STORE.MISSING_ACTOR',
      path,
      "is a service's { policyVersion, policyEntry, step }, and only a service's",
    );
  }
  const fields = ['policyVersion', 'policyEntry', 'step'] as const;
  if (Object.keys(actingUnder).some((key) => !(fields as readonly string[]).includes(key))) {
    throw new InvalidAppendError(
      'EVENT_STORE.MISSING_ACTOR',
      path,
      'holds only policyVersion, policyEntry and step',
    );
  }
  for (const field of fields)
    requireText(actingUnder[field], `${path}.${field}`, 'EVENT_STORE.MISSING_ACTOR');
  return {
    policyVersion: actingUnder.policyVersion as string,
    policyEntry: actingUnder.policyEntry as string,
    step: actingUnder.step as string,
  };
}

function requireText(value: unknown, field: string, code: InvalidAppendError['code']): void {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new InvalidAppendError(code, field, 'must be a non-empty string');
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * The first value that would not survive a JSON round trip unchanged, which would break both the
 * stored payload and its hash: `undefined`, functions, symbols, bigints, NaN and ±Infinity, dates
 * and other class instances, cycles, and U+0000 (PostgreSQL's jsonb cannot hold it).
 */
function findNonJson(
  value: unknown,
  path: string,
  depth: number,
  ancestors: Set<object>,
): { path: string; reason: string } | undefined {
  if (depth > MAX_JSON_DEPTH) return { path, reason: `nests deeper than ${MAX_JSON_DEPTH} levels` };
  switch (typeof value) {
    case 'string':
      return value.includes('\u0000')
        ? { path, reason: 'contains the NUL character (U+0000)' }
        : undefined;
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path, reason: `${value} is not a JSON number` };
    case 'object': {
      if (value === null) return undefined;
      if (ancestors.has(value)) return { path, reason: 'is a circular reference' };
      if (Array.isArray(value)) {
        ancestors.add(value);
        for (let i = 0; i < value.length; i++) {
          const problem = findNonJson(value[i], `${path}[${i}]`, depth + 1, ancestors);
          if (problem) return problem;
        }
        ancestors.delete(value);
        return undefined;
      }
      if (!isPlainObject(value)) {
        const name = (value as object).constructor?.name ?? 'object';
        return {
          path,
          reason: `a ${name} is not plain JSON (convert it, e.g. a date to an ISO string)`,
        };
      }
      ancestors.add(value);
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return { path, reason: 'has a key containing U+0000' };
        const problem = findNonJson(child, `${path}.${key}`, depth + 1, ancestors);
        if (problem) return problem;
      }
      ancestors.delete(value);
      return undefined;
    }
    default:
      return { path, reason: `a ${typeof value} is not JSON` };
  }
}

/** Optimistic concurrency: the stream must be where the writer last saw it. */
export function assertExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  current: number | undefined,
): void {
  const matches =
    expected === 'any' || (expected === 'no_stream' ? current === undefined : expected === current);
  if (!matches) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
}
