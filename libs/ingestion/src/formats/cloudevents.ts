import { IsTimestamp } from '@change-ledger/untrusted-input';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { InvalidCiEventError } from '@change-ledger/domain';
import { parseJson, validated } from './validate';

/** A message as a transport hands it over: header names lower-cased, the body's raw bytes. */
export interface CiMessage {
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

/** A CloudEvent 1.0, read from either content mode; `extensions` holds e.g. `actor`. */
export interface CloudEvent {
  id: string;
  source: string;
  type: string;
  time: string | null;
  subject: string | null;
  data: unknown;
  extensions: Record<string, string>;
  /**
   * Attributes beside the data that no reader takes as they are (`ce.dataschema`, an extension
   * of a structured event that is not a string): listed in the fact's `unread` as they are named.
   */
  unreadAttributes: string[];
}

export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';

/** The required attributes of CloudEvents 1.0 §3.1, and the optional ones we read. */
class CloudEventAttributes {
  @IsIn(['1.0'], { message: 'must be "1.0" (CloudEvents 1.0)' }) specversion!: string;
  @IsString() @IsNotEmpty() @MaxLength(500) id!: string;
  @IsString() @IsNotEmpty() @MaxLength(500) source!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) type!: string;
  @IsOptional() @IsTimestamp() time?: string;
  @IsOptional() @IsString() subject?: string;
}

const KNOWN = new Set(['specversion', 'id', 'source', 'type', 'time', 'subject', 'data']);
const KNOWN_OPTIONAL = new Set(['datacontenttype', 'dataschema', 'data_base64']);

/**
 * Is this message a CloudEvent? Binary mode carries `ce_specversion` (Kafka) or `ce-specversion`
 * (HTTP) headers; structured mode says so in its content type.
 */
export function isCloudEvent(message: CiMessage): boolean {
  return (
    message.headers['ce_specversion'] !== undefined ||
    message.headers['ce-specversion'] !== undefined ||
    contentType(message) === STRUCTURED_CONTENT_TYPE
  );
}

/** Reads a CloudEvent in binary or structured content mode (Kafka and HTTP protocol bindings). */
export function readCloudEvent(message: CiMessage): CloudEvent {
  if (contentType(message) === STRUCTURED_CONTENT_TYPE) {
    const document = parseJson(message.body, 'body (structured CloudEvent)');
    const attributes = validated(CloudEventAttributes, document);
    const record = document as Record<string, unknown>;
    const unread = Object.keys(record).filter(
      (name) => name === 'dataschema' || (!KNOWN.has(name) && typeof record[name] !== 'string'),
    );
    return toCloudEvent(attributes, record['data'], stringEntries(record), unread);
  }
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    const match = /^ce[_-](.+)$/.exec(name);
    if (match && value !== undefined) attributes[match[1]!] = value;
  }
  const validatedAttributes = validated(CloudEventAttributes, attributes, 'ce_');
  const type = contentType(message);
  if (type !== null && type !== 'application/json' && !type.endsWith('+json')) {
    throw new InvalidCiEventError('INGESTION.UNREADABLE', [
      `content-type: ${type} is not JSON; CDEvents are JSON`,
    ]);
  }
  return toCloudEvent(
    validatedAttributes,
    parseJson(message.body, 'body (CloudEvent data)'),
    attributes,
    'dataschema' in attributes ? ['dataschema'] : [],
  );
}

function toCloudEvent(
  attributes: CloudEventAttributes,
  data: unknown,
  all: Record<string, string>,
  unread: string[],
): CloudEvent {
  const extensions = Object.fromEntries(
    Object.entries(all).filter(([name]) => !KNOWN.has(name) && !KNOWN_OPTIONAL.has(name)),
  );
  return {
    id: attributes.id,
    source: attributes.source,
    type: attributes.type,
    time: attributes.time ?? null,
    subject: attributes.subject ?? null,
    data,
    extensions,
    unreadAttributes: unread.map((name) => `ce.${name}`),
  };
}

function stringEntries(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

export function contentType(message: CiMessage): string | null {
  const value = message.headers['content-type'] ?? message.headers['ce_datacontenttype'];
  return value ? value.split(';')[0]!.trim().toLowerCase() : null;
}
