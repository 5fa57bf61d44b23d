import { type Message } from 'kafkajs';
import request from 'supertest';
import { CiEventsConsumer, DEAD_LETTER_HEADERS } from '../../apps/ingestor/src/ci-events.consumer';
import { API, createApprovedChange } from '../support/change-request-fixtures';
import {
  cloudEventBinary,
  eventually,
  native,
  produce,
  readTopic,
  spawnIngestor,
  startIngestorInProcess,
  total,
  uniqueTopics,
} from '../support/ingestor-fixtures';
import { bearer, useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';

describe('the ingestor, against a real Kafka broker', () => {
  const ledger = useTestApi();

  const sql = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    withClient(
      ledger.database.url,
      async (client) => (await client.query(text, values)).rows as T[],
    );

  it('takes N messages — valid, malformed, redelivered, conflicting — into exactly the expected records', async () => {
    const changeRequestId = await createApprovedChange(ledger.app, {
      title: 'MFA for admin access',
      links: { commit_sha: SHA },
    });
    const topics = uniqueTopics();
    const ingestor = await startIngestorInProcess(ledger.database.url, topics);
    try {
      const deployedBySha = cloudEventBinary('deploy-1', { commitSha: SHA });
      const unlinked = native({
        id: 'deploy-2',
        type: 'deployment',
        environment: 'production',
        service: 'billing',
      });
      const conflicting = native({
        id: 'deploy-2',
        type: 'deployment',
        environment: 'production',
        service: 'ledger',
      });
      const messages: Message[] = [
        deployedBySha,
        deployedBySha, // a redelivery
        unlinked,
        conflicting, // same (source, id), other content
        conflicting, // the same conflict again
        {
          value: Buffer.from('{"source": "ci", "id": '),
          headers: { 'content-type': 'application/json' },
        },
        cloudEventBinary('build-1', {}, 'dev.cdevents.build.started.0.2.0'),
        native({
          id: 'tests-1',
          type: 'test_run',
          outcome: 'success',
          change_request_id: changeRequestId,
          tests: { total: 10, failed: 0 },
        }),
        native({
          id: 'deploy-3',
          type: 'deployment',
          environment: 'production',
          change_request_id: 'CHG-2099-999',
        }),
        native({ id: 'deploy-4', type: 'deployment', environment: 'staging', service: 'billing' }),
      ];
      await produce(topics.events, messages);

      const consumer = ingestor.get(CiEventsConsumer);
      await eventually(() => total(consumer.counts) === messages.length, 'every message handled');
      expect(consumer.counts).toMatchObject({
        recorded: 5,
        duplicate: 1,
        conflict: 2,
        deadLettered: 2,
      });

      // The store: one receipt per (source, id), one conflict beside one of them.
      const stored = await sql<{ type: string; count: string }>(
        `SELECT type, count(*) FROM ledger.events WHERE stream_id LIKE 'ci-event-%' GROUP BY type ORDER BY type`,
      );
      expect(stored).toEqual([
        { type: 'CiEventConflicted', count: '1' },
        { type: 'CiEventReceived', count: '5' },
      ]);
      const onChange = await sql<{ type: string }>(
        `SELECT type FROM ledger.events WHERE stream_id = $1
            AND type IN ('DeploymentRecorded', 'ChangeImplementationStarted', 'CiEvidenceRecorded') ORDER BY revision`,
        [`change-request-${changeRequestId}`],
      );
      expect(onChange.map((row) => row.type)).toEqual([
        'DeploymentRecorded',
        'ChangeImplementationStarted',
        'CiEvidenceRecorded',
      ]);

      // The dead-letter topic: the original bytes and headers, and the reason.
      const dead = await readTopic(topics.deadLetter, 2);
      expect(dead.map((message) => message.value!.toString())).toEqual([
        '{"source": "ci", "id": ',
        messages[6]!.value!.toString(),
      ]);
      expect(dead[1]!.headers!['ce_type']!.toString()).toBe('dev.cdevents.build.started.0.2.0');
      expect(
        dead.map((message) => message.headers![DEAD_LETTER_HEADERS.reason]!.toString()),
      ).toEqual([
        expect.stringMatching(/^INGESTION.UNREADABLE: body \(native CI event\): not valid JSON/),
        expect.stringMatching(
          /^INGESTION.UNSUPPORTED_TYPE: type: dev.cdevents.build.started.0.2.0 is not a CDEvent/,
        ),
      ]);
      expect(
        dead.map((message) => message.headers![DEAD_LETTER_HEADERS.offset]!.toString()),
      ).toEqual(['5', '6']);

      // The read models: what came in, with attribution, and the unauthorized changes — the
      // deployment of the approved change too: the deploy gate denied it (no review, scan or
      // staging run recorded before it; ADR 0022).
      await eventually(
        async () => (await sql('SELECT 1 FROM read_models.unauthorized_changes')).length === 3,
        'unauthorized changes projected',
      );
      const received = await sql(
        `SELECT event_id, change_request_id, linked_by, actor, conflicts, transport->>'kind' AS transport
           FROM read_models.ci_events ORDER BY event_id`,
      );
      expect(received).toEqual([
        {
          event_id: 'deploy-1',
          change_request_id: changeRequestId,
          linked_by: 'commit_sha',
          actor: 'deploy-bot',
          conflicts: 0,
          transport: 'kafka',
        },
        {
          event_id: 'deploy-2',
          change_request_id: null,
          linked_by: null,
          actor: null,
          conflicts: 1,
          transport: 'kafka',
        },
        {
          event_id: 'deploy-3',
          change_request_id: null,
          linked_by: null,
          actor: null,
          conflicts: 0,
          transport: 'kafka',
        },
        {
          event_id: 'deploy-4',
          change_request_id: null,
          linked_by: null,
          actor: null,
          conflicts: 0,
          transport: 'kafka',
        },
        {
          event_id: 'tests-1',
          change_request_id: changeRequestId,
          linked_by: 'change_request_id',
          actor: null,
          conflicts: 0,
          transport: 'kafka',
        },
      ]);
      const flagged = await sql<{ event_id: string; reason: string; failed_gates: string[] }>(
        'SELECT event_id, reason, failed_gates FROM read_models.unauthorized_changes ORDER BY event_id',
      );
      expect(flagged).toEqual([
        {
          event_id: 'deploy-1',
          reason: expect.stringMatching(/^the deploy gate denied it/),
          failed_gates: ['code_review', 'automated_tests', 'security_scan', 'staging_validation'],
        },
        {
          event_id: 'deploy-2',
          reason: expect.stringMatching(/no change request covers it/),
          failed_gates: [],
        },
        {
          event_id: 'deploy-3',
          reason: expect.stringMatching(/CHG-2099-999, which does not exist/),
          failed_gates: [],
        },
      ]);
      const change = await request(ledger.app.getHttpServer())
        .get(`${API}/change-requests/${changeRequestId}`)
        .set(bearer('auditor'))
        .expect(200);
      expect(change.body.status).toBe('implementing');
      const metrics = await request(ledger.app.getHttpServer())
        .get(`${API}/metrics`)
        .query({ from: '2000-01-01', to: '2100-01-01' })
        .set(bearer('auditor'))
        .expect(200);
      expect(metrics.body.unauthorized_changes).toEqual({ count: 3, target: 0 });
      const listed = await request(ledger.app.getHttpServer())
        .get(`${API}/unauthorized-changes`)
        .query({ from: '2000-01-01', to: '2100-01-01' })
        .set(bearer('auditor'))
        .expect(200);
      expect(
        listed.body.unauthorized_changes.map((row: { event_id: string }) => row.event_id).sort(),
      ).toEqual(['deploy-1', 'deploy-2', 'deploy-3']);
    } finally {
      await ingestor.close();
    }
  }, 120_000);

  it('loses and duplicates nothing when killed with SIGKILL mid-stream and restarted', async () => {
    const topics = uniqueTopics();
    const count = 1000;
    await produce(
      topics.events,
      Array.from({ length: count }, (_, index) =>
        native({ id: `run-${index}`, type: 'pipeline_run', outcome: 'success' }, topics.source),
      ),
    );
    const receipts = async () =>
      Number(
        (
          await sql<{ count: string }>(
            `SELECT count(*) FROM ledger.events WHERE type = 'CiEventReceived' AND data->'fact'->>'source' = $1`,
            [topics.source],
          )
        )[0]!.count,
      );

    // Small chunks (a transaction each), so that the kill lands between two of them, mid-stream.
    const first = spawnIngestor(ledger.database.url, topics, { KAFKA_BATCH_SIZE: '5' });
    await eventually(async () => (await receipts()) >= 50, 'the first ingestor under way', 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = await receipts();
    expect(atKill).toBeLessThan(count);

    const second = spawnIngestor(ledger.database.url, topics);
    try {
      await eventually(async () => (await receipts()) === count, 'every event recorded', 90_000);
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));
    }
    const perFact = await sql<{ max: number; distinct: string }>(
      `SELECT max(n)::int AS max, count(*) AS distinct FROM (
         SELECT count(*) AS n FROM ledger.events WHERE data->'fact'->>'source' = $1 GROUP BY data->'fact'->>'id') t`,
      [topics.source],
    );
    expect(perFact).toEqual([{ max: 1, distinct: String(count) }]);
  }, 180_000);

  // ADR 0030: without transactions the first unreadable message would crash the consumer again
  // and again. The brokers refuse a transaction timeout above their maximum (15 min): a broker
  // that cannot run this ingestor's transactions, reached without ACLs or a second broker.
  it('refuses to start when its dead-letter transactions cannot run, saying what is missing', async () => {
    const started = startIngestorInProcess(ledger.database.url, uniqueTopics(), {
      transactionTimeoutMs: 3_600_000,
    });
    await expect(started).rejects.toThrow(
      /Kafka transactions for the dead letters are unavailable .*Write and Describe on transactional ids prefixed/s,
    );
  }, 60_000);
});
