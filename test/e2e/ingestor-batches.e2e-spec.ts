import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateLedger } from '@change-ledger/operations';
import { type Message } from 'kafkajs';
import request from 'supertest';
import { CiEventsConsumer, DEAD_LETTER_HEADERS } from '../../apps/ingestor/src/ci-events.consumer';
import { API, createApprovedChange } from '../support/change-request-fixtures';
import { runEmbeddedPostgres } from '../support/embedded-postgres-process';
import {
  eventually,
  kafka,
  native,
  produce,
  readTopic,
  startIngestorInProcess,
  total,
  uniqueTopics,
} from '../support/ingestor-fixtures';
import { bearer, bootTestApi, useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

/**
 * The ingestor records a partition's batch together (ADR 0014): one link query, one append. What
 * must not change with it: a poison message is kept aside alone, messages of one change are
 * decided in offset order, and a database outage loses and duplicates nothing.
 */
describe('the ingestor, a batch at a time', () => {
  const fixture = useTestApi();

  const sql = async <T = Record<string, unknown>>(url: string, text: string, values: unknown[]) =>
    withClient(url, async (client) => (await client.query(text, values)).rows as T[]);

  it('dead-letters a poison message in the middle of a batch alone and records the rest of it', async () => {
    const topics = uniqueTopics();
    // The change's repository holds the topic's source: within this ingestor's reach (ADR 0024).
    const changeRequestId = await createApprovedChange(fixture.app, {
      title: 'Poison aside',
      links: { repository: topics.source },
    });
    const testRun = (id: string) =>
      native(
        {
          id,
          type: 'test_run',
          outcome: 'success',
          change_request_id: changeRequestId,
          tests: { total: 3, failed: 0 },
        },
        topics.source,
      );
    const messages: Message[] = [
      native({ id: 'run-0', type: 'pipeline_run', outcome: 'success' }, topics.source),
      testRun('tests-1'),
      // Refused while recording: this ingestor speaks for its own source only.
      native({ id: 'run-2', type: 'pipeline_run', outcome: 'success' }, 'elsewhere.example/ci'),
      native({ id: 'run-3', type: 'pipeline_run', outcome: 'success' }, topics.source),
      // Refused while decoding.
      { value: Buffer.from('{"source": '), headers: { 'content-type': 'application/json' } },
      testRun('tests-5'),
    ];
    // Produced before the ingestor joins: its first fetch holds them all, one batch.
    await produce(topics.events, messages);
    const ingestor = await startIngestorInProcess(fixture.database.url, topics, {
      ciSources: [topics.source],
    });
    try {
      const consumer = ingestor.get(CiEventsConsumer);
      await eventually(() => total(consumer.counts) === messages.length, 'every message handled');
      expect(consumer.counts).toMatchObject({
        recorded: 4,
        deadLettered: 2,
        retried: 0,
        batches: 1,
      });

      const dead = await readTopic(topics.deadLetter, 2);
      expect(
        dead.map((message) => message.headers![DEAD_LETTER_HEADERS.offset]!.toString()),
      ).toEqual(['2', '4']);
      expect(
        dead.map((message) => message.headers![DEAD_LETTER_HEADERS.reason]!.toString()),
      ).toEqual([
        expect.stringMatching(/^INGESTION.SOURCE_NOT_BOUND: .*elsewhere.example\/ci/),
        expect.stringMatching(/^INGESTION.UNREADABLE: /),
      ]);
      const receipts = await sql<{ id: string; source: string }>(
        fixture.database.url,
        `SELECT data->'fact'->>'id' AS id, data->'fact'->>'source' AS source FROM ledger.events
          WHERE type = 'CiEventReceived' AND data->'fact'->>'source' IN ($1, 'elsewhere.example/ci')`,
        [topics.source],
      );
      // One transaction: their global order is the store's lock order, not the offsets'.
      expect(receipts.map((row) => row.id).sort()).toEqual([
        'run-0',
        'run-3',
        'tests-1',
        'tests-5',
      ]);
      const evidence = await sql<{ id: string }>(
        fixture.database.url,
        `SELECT data->'fact'->>'id' AS id FROM ledger.events
          WHERE stream_id = $1 AND type = 'CiEvidenceRecorded' ORDER BY revision`,
        [`change-request-${changeRequestId}`],
      );
      expect(evidence.map((row) => row.id)).toEqual(['tests-1', 'tests-5']);
      // Committed past the batch, the dead letters included: a restart reads nothing again.
      const admin = kafka.admin();
      await admin.connect();
      try {
        await eventually(async () => {
          const [committed] = await admin.fetchOffsets({
            groupId: topics.group,
            topics: [topics.events],
          });
          return committed!.partitions[0]!.offset === String(messages.length);
        }, 'the batch committed');
      } finally {
        await admin.disconnect();
      }
    } finally {
      await ingestor.close();
    }
  }, 120_000);

  it('decides the messages of one change in offset order within a batch: a deployment, then its rollback', async () => {
    const changeRequestId = await createApprovedChange(fixture.app, {
      title: 'Deployed and rolled back in one batch',
      links: {},
    });
    const topics = uniqueTopics();
    const inProduction = (id: string, type: 'deployment' | 'rollback') =>
      native(
        { id, type, environment: 'production', change_request_id: changeRequestId },
        topics.source,
      );
    const messages = [
      inProduction('deploy-1', 'deployment'),
      // The same deployment again, in the same batch: a duplicate of the first.
      inProduction('deploy-1', 'deployment'),
      // Only an implementing change rolls back: this sees the deployment decided just before it.
      inProduction('rollback-1', 'rollback'),
    ];
    await produce(topics.events, messages);
    const ingestor = await startIngestorInProcess(fixture.database.url, topics);
    try {
      const consumer = ingestor.get(CiEventsConsumer);
      await eventually(() => total(consumer.counts) === messages.length, 'every message handled');
      expect(consumer.counts).toMatchObject({ recorded: 2, duplicate: 1, batches: 1 });
      const onChange = await sql<{ type: string }>(
        fixture.database.url,
        `SELECT type FROM ledger.events WHERE stream_id = $1 ORDER BY revision`,
        [`change-request-${changeRequestId}`],
      );
      const ci = onChange.map((row) => row.type);
      expect(ci.slice(ci.indexOf('DeploymentRecorded'))).toEqual([
        'DeploymentRecorded',
        'ChangeImplementationStarted',
        'RollbackRecorded',
        'ChangeRolledBack',
        'IncidentRecorded',
      ]);
      const change = await request(fixture.app.getHttpServer())
        .get(`${API}/change-requests/${changeRequestId}`)
        .set(bearer('auditor'))
        .expect(200);
      expect(change.body.status).toBe('rolled_back');
    } finally {
      await ingestor.close();
    }
  }, 120_000);

  it('retries its batch through a database outage, and then has lost and duplicated nothing', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'ledger-ingest-outage-'));
    const dataDir = path.join(folder, 'postgres');
    let postgres = await runEmbeddedPostgres(dataDir);
    try {
      await migrateLedger(postgres.url, { eventsInPostgres: true });
      const sha = 'c0ffee0d0ae598e95dc970b74767f19372d61af8';
      const ownApi = await bootTestApi({ databaseUrl: postgres.url });
      const changeRequestId = await createApprovedChange(ownApi, {
        title: 'Evidence through an outage',
        links: { commit_sha: sha },
      }).finally(() => ownApi.close());

      const topics = uniqueTopics();
      const count = 600;
      // One in five is evidence for the change, linked by its commit through the link table.
      const messages = Array.from({ length: count }, (_, index) =>
        index % 5 === 0
          ? native(
              { id: `tests-${index}`, type: 'test_run', outcome: 'success', commit_sha: sha },
              topics.source,
            )
          : native({ id: `run-${index}`, type: 'pipeline_run', outcome: 'success' }, topics.source),
      );
      await produce(topics.events, messages);
      const receipts = async () =>
        Number(
          (
            await sql<{ count: string }>(
              postgres.url,
              `SELECT count(*) FROM ledger.events WHERE type = 'CiEventReceived' AND data->'fact'->>'source' = $1`,
              [topics.source],
            )
          )[0]!.count,
        );

      const ingestor = await startIngestorInProcess(postgres.url, topics, {
        maxBatchSize: 20,
        initialBackoffMs: 100,
        maxBackoffMs: 400,
      });
      try {
        const consumer = ingestor.get(CiEventsConsumer);
        await eventually(async () => (await receipts()) >= 40, 'the ingestor under way', 60_000);
        await postgres.stop();
        await eventually(() => consumer.counts.retried > 0, 'a batch retried while it is down');
        const handledWhileDown = total(consumer.counts);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect({ ...consumer.counts, handledWhileDown }).toMatchObject({
          deadLettered: 0,
          handledWhileDown: total(consumer.counts),
        });
        expect(handledWhileDown).toBeLessThan(count);

        postgres = await runEmbeddedPostgres(dataDir);
        await eventually(async () => (await receipts()) === count, 'every event recorded', 90_000);
        await eventually(() => total(consumer.counts) === count, 'every message answered');
        expect(consumer.counts.deadLettered).toBe(0);
      } finally {
        await ingestor.close();
      }
      const perFact = await sql<{ max: number; distinct: string }>(
        postgres.url,
        `SELECT max(n)::int AS max, count(*) AS distinct FROM (
           SELECT count(*) AS n FROM ledger.events
            WHERE type = 'CiEventReceived' AND data->'fact'->>'source' = $1
            GROUP BY data->'fact'->>'id') t`,
        [topics.source],
      );
      expect(perFact).toEqual([{ max: 1, distinct: String(count) }]);
      const evidence = await sql<{ id: string; times: string }>(
        postgres.url,
        `SELECT data->'fact'->>'id' AS id, count(*) AS times FROM ledger.events
          WHERE stream_id = $1 AND type = 'CiEvidenceRecorded' GROUP BY 1`,
        [`change-request-${changeRequestId}`],
      );
      expect(evidence).toHaveLength(count / 5);
      expect(evidence.filter((row) => row.times !== '1')).toEqual([]);
    } finally {
      await postgres.stop();
      await rm(folder, { recursive: true, force: true });
    }
  }, 240_000);
});
