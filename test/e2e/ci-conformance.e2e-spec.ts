import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Message } from 'kafkajs';
import request from 'supertest';
import { DEAD_LETTER_HEADERS } from '../../apps/ingestor/src/ci-events.consumer';
import {
  eventually,
  produce,
  readTopic,
  startIngestorInProcess,
  uniqueTopics,
} from '../support/ingestor-fixtures';
import { bearer, useTestApi } from '../support/test-api';

/**
 * Issue 26, the conformance matrix: the CDEvents spec's own conformance files of every version
 * the ledger claims (v0.4.0 and v0.4.1, v0.5), byte for byte, each sent as the CloudEvents
 * binding carries it, then read back through `GET /api/v1/ci-events/{source}/{id}` and compared
 * with the file field by field: every field of the file is either read into the fact as the
 * spec's schema means it, or listed in `unread`; the raw message is the file.
 */
const TESTDATA = path.join(__dirname, '../../libs/ingestion/src/formats/testdata');
const VERSIONS = ['v0.4', 'v0.4.1', 'v0.5'];

interface Conformance {
  version: string;
  file: string;
  bytes: Buffer;
  json: {
    context: Record<string, string> & { id: string; source: string; type: string };
    subject: { id: string; content: Record<string, unknown> };
    customData?: Record<string, unknown>;
  };
}

const files: Conformance[] = VERSIONS.flatMap((version) =>
  readdirSync(path.join(TESTDATA, `cdevents-${version}`))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const bytes = readFileSync(path.join(TESTDATA, `cdevents-${version}`, file));
      return { version, file, bytes, json: JSON.parse(bytes.toString('utf8')) };
    }),
);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * What the fact must say of a conformance file, written from the spec's schemas (not from the
 * ledger's parser): the field each schema defines, mapped as ADR 0025's table says, and the paths
 * of the file those fields come from.
 */
function expectedOf({ json, version }: Conformance): {
  fact: Record<string, unknown>;
  read: string[];
} {
  const [, , subject, predicate] = json.context.type.split('.') as [string, string, string, string];
  const content = json.subject.content;
  const environment = content['environment'] as { id: string } | undefined;
  const service = content['service'] as { id: string } | undefined;
  const repository = content['repository'] as { id: string } | undefined;
  const timestamp = json.context['timestamp']!;
  const instant = new Date(timestamp).toISOString();
  const v05 = version === 'v0.5';
  const outcomes: Record<string, string> = v05
    ? { success: 'success', failure: 'failure', cancel: 'cancelled', error: 'error' }
    : { pass: 'success', fail: 'failure', cancel: 'cancelled', error: 'error' };
  const pipelineWords: Record<string, string> = { success: 'success', failure: 'failure' };
  const read = [
    `context.${v05 ? 'specversion' : 'version'}`,
    'context.id',
    'context.source',
    'context.type',
    'context.timestamp',
    'subject.id',
  ];
  const fact: Record<string, unknown> = {
    source: json.context.source,
    id: json.context.id,
    format: 'cdevents',
    sourceType: json.context.type,
    occurredAt: instant,
    occurredAtReported: instant === timestamp ? undefined : timestamp,
    environment: environment?.id ?? null,
    artifact: (content['artifactId'] as string | undefined) ?? null,
  };
  if (environment) read.push('subject.content.environment.id');
  if (content['artifactId']) read.push('subject.content.artifactId');
  if (service) read.push('subject.content.service.id');
  switch (subject) {
    case 'service':
      Object.assign(fact, {
        kind: {
          deployed: 'deployment',
          upgraded: 'deployment',
          rolledback: 'rollback',
          removed: 'removal',
        }[predicate],
        service: json.subject.id,
        // The predicate states that it happened.
        outcome: 'success',
      });
      break;
    case 'pipelinerun':
      read.push('subject.content.outcome');
      Object.assign(fact, {
        kind: 'pipeline_run',
        outcome: (v05 ? outcomes : pipelineWords)[content['outcome'] as string] ?? null,
      });
      break;
    case 'testsuiterun':
      read.push('subject.content.outcome', 'subject.content.severity');
      read.push('subject.content.testSuite.id', 'subject.content.testSuite.name');
      Object.assign(fact, {
        kind: 'test_run',
        outcome: outcomes[content['outcome'] as string],
        severity: content['severity'],
        tests: null,
        findings: null,
      });
      break;
    case 'incident': {
      const severity = json.customData?.['severity'] as string | undefined;
      if (severity) read.push('customData.severity');
      Object.assign(fact, {
        kind: 'incident',
        service: service?.id ?? null,
        outcome: null,
        incident: {
          id: json.subject.id,
          severity: severity
            ? { critical: 'P1', high: 'P2', medium: 'P3', low: 'P3' }[severity]
            : null,
          phase: predicate,
        },
      });
      break;
    }
    case 'change':
      read.push('subject.content.repository.id');
      Object.assign(fact, {
        kind: predicate === 'reviewed' ? 'code_review' : 'merge',
        pullRequest: json.subject.id,
        repository: repository?.id,
        outcome: null,
        // change.reviewed has no decision and names no reviewer: none is invented.
        review: predicate === 'reviewed' ? { reviewer: null, decision: null } : null,
      });
      break;
  }
  return { fact, read };
}

/** Every leaf path of a JSON document (an array is one leaf: `context.links`). */
function leaves(value: unknown, at = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [at];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, at ? `${at}.${key}` : key));
}

function expectReadBack(conformance: Conformance, answer: Record<string, unknown>) {
  const deliveries = answer['deliveries'] as Array<Record<string, unknown>>;
  const delivery = deliveries.find(
    (one) => (one['raw'] as { sha256: string } | null)?.sha256 === sha256(conformance.bytes),
  );
  expect(delivery).toBeDefined();
  const raw = delivery!['raw'] as {
    body: string;
    encoding: string;
    headers: Record<string, string>;
  };
  expect(Buffer.from(raw.body, raw.encoding === 'base64' ? 'base64' : 'utf8')).toEqual(
    conformance.bytes,
  );
  // A redelivery of a fact in other bytes carries no fact of its own: the one of its content.
  const fact = (delivery!['fact'] ??
    deliveries.find(
      (one) => one['fact'] !== null && one['content_hash'] === delivery!['content_hash'],
    )!['fact']) as Record<string, unknown>;
  const unread = delivery!['unread'] as string[];
  const expected = expectedOf(conformance);
  for (const [field, value] of Object.entries(expected.fact)) {
    expect({ file: conformance.file, field, value: fact[field] }).toEqual({
      file: conformance.file,
      field,
      value,
    });
  }
  // Nothing dropped: each field of the file is read, or listed unread (itself or its parent).
  const unaccounted = leaves(conformance.json).filter(
    (leaf) =>
      !expected.read.includes(leaf) &&
      !unread.some((path) => leaf === path || leaf.startsWith(`${path}.`)),
  );
  expect({ file: conformance.file, unaccounted }).toEqual({
    file: conformance.file,
    unaccounted: [],
  });
}

describe('the CDEvents conformance files, sent and read back field by field (issue 26)', () => {
  it('holds all eleven types the ledger claims, for v0.4 and v0.5', () => {
    for (const version of ['v0.4', 'v0.5'])
      expect(files.filter((one) => one.version === version)).toHaveLength(11);
  });

  describe('over HTTP', () => {
    const api = useTestApi({}, 120_000);
    const http = () => request(api.app.getHttpServer());

    it.each(files.map((one) => [`${one.version}/${one.file}`, one] as const))(
      'reads %s back as the spec means it',
      async (_name, conformance) => {
        const { context } = conformance.json;
        await http()
          .post('/api/v1/ingest/events')
          .set(bearer('pipeline'))
          .set('ce-specversion', '1.0')
          .set('ce-id', context.id)
          .set('ce-source', context.source)
          .set('ce-type', context.type)
          .set('content-type', 'application/json')
          .send(conformance.bytes.toString('utf8'))
          .expect(202);
        const answer = await http()
          .get(
            `/api/v1/ci-events/${encodeURIComponent(context.source)}/${encodeURIComponent(context.id)}`,
          )
          .set(bearer('auditor'))
          .expect(200);
        expectReadBack(conformance, answer.body);
        expect(
          (answer.body.deliveries as Array<{ raw: { headers: Record<string, string> } }>).find(
            (one) => one.raw.headers['ce-type'] === context.type,
          ),
        ).toBeDefined();
      },
    );
  });

  describe('over Kafka', () => {
    const api = useTestApi({}, 120_000);
    const http = () => request(api.app.getHttpServer());
    // A representative subset: each subject of v0.5, and v0.4's own words (fail, free text).
    const subset = files.filter(
      ({ version, file }) =>
        (version === 'v0.5' &&
          [
            'service_rolledback.json',
            'testsuiterun_finished.json',
            'incident_reported.json',
            'change_reviewed.json',
          ].includes(file)) ||
        (version === 'v0.4' &&
          ['pipelinerun_finished.json', 'testsuiterun_finished.json'].includes(file)),
    );

    it('reads a subset of every version back as over HTTP, and dead-letters an envelope that disagrees with its CDEvent', async () => {
      const topics = uniqueTopics();
      const ingestor = await startIngestorInProcess(api.database.url, topics);
      try {
        const record = ({ json, bytes }: Conformance, overrides: Record<string, string> = {}) =>
          ({
            key: json.context.id,
            value: bytes,
            headers: {
              ce_specversion: '1.0',
              ce_id: json.context.id,
              ce_source: json.context.source,
              ce_type: json.context.type,
              'content-type': 'application/json',
              ...overrides,
            },
          }) satisfies Message;
        const disagreeing = record(subset[0]!, { ce_source: '/somewhere/else' });
        await produce(topics.events, [...subset.map((one) => record(one)), disagreeing]);
        for (const conformance of subset) {
          const { context } = conformance.json;
          const readBack = () =>
            http()
              .get(
                `/api/v1/ci-events/${encodeURIComponent(context.source)}/${encodeURIComponent(context.id)}`,
              )
              .set(bearer('auditor'));
          await eventually(async () => {
            const answer = await readBack();
            return (
              answer.status === 200 &&
              (answer.body.deliveries as Array<{ raw: { sha256: string } }>).some(
                (one) => one.raw.sha256 === sha256(conformance.bytes),
              )
            );
          }, `${conformance.version}/${conformance.file} read back`);
          const answer = await readBack().expect(200);
          expectReadBack(conformance, answer.body);
          // Kafka's envelope is its record headers, kept as they came.
          expect(
            (answer.body.deliveries as Array<{ raw: { headers: Record<string, string> } }>).some(
              (one) => one.raw.headers['ce_type'] === context.type,
            ),
          ).toBe(true);
        }
        const [dead] = await readTopic(topics.deadLetter, 1);
        const reason = dead!.headers![DEAD_LETTER_HEADERS.reason]!.toString();
        expect(reason).toContain('/somewhere/else');
        expect(reason).toContain(JSON.stringify(subset[0]!.json.context.source));
      } finally {
        await ingestor.close();
      }
    }, 120_000);
  });
});
