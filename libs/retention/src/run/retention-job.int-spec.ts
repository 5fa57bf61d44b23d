import { createHash, randomUUID } from 'node:crypto';
import { policy } from '@change-ledger/domain/change-request/testing/specs';
import {
  type CiEventReceipt,
  planRetention,
  RETENTION_RUNS_STREAM,
  type Policy,
} from '@change-ledger/domain';
import { jsonData, PostgresEventStore } from '@change-ledger/event-store';
import { retentionJobUrl, useTestDatabase } from '../../../../test/support/test-database';
import {
  recordEverythingSequenced,
  setDatabaseClock,
} from '../../../event-store/src/testing/store-time';
import { scanStore } from '../plan/scan-store';
import { RetentionJob } from './retention-job';
import { readRunHistory } from './run-history';

const MONTH = 30 * 86_400_000;
/** CI events kept 12 months (the floor): a receipt of 13 months ago is due. */
const ciPolicy: Policy = {
  ...policy,
  retention: {
    ...policy.retention,
    periodMonths: { ...policy.retention.periodMonths, ci_event: 12 },
  },
};

function receipt(id: string, receivedAt: Date): CiEventReceipt {
  return {
    fact: {
      source: 'github.com/acme/auth',
      id,
      kind: 'test_run',
      format: 'native',
      sourceType: 'test',
      occurredAt: receivedAt.toISOString(),
      actor: null,
      environment: 'staging',
      service: 'authentication-service',
      changeRequestId: null,
      commitSha: null,
      pullRequest: null,
      artifact: null,
      outcome: 'success',
      tests: { total: 10, failed: 0 },
      findings: null,
      incident: null,
      review: null,
    },
    contentHash: createHash('sha256').update(id).digest('hex'),
    receivedAt: receivedAt.toISOString(),
    link: null,
    unauthorized: null,
    reportedTimeFlags: [],
  };
}

describe('RetentionJob', () => {
  const database = useTestDatabase();
  let writer: PostgresEventStore;
  let retention: PostgresEventStore;
  const now = new Date();
  const received = new Date(now.getTime() - 13 * MONTH);

  async function recordCiEvent(id: string, at: Date): Promise<string> {
    const streamId = `ci-event-${id}`;
    const store = new PostgresEventStore({
      connectionString: database.url,
      role: 'ledger_writer',
      clock: () => at,
    });
    // Recorded and checkpointed then, by the database's clock: what retention judges age by.
    await setDatabaseClock(database.url, at);
    await store.appendToStream(
      streamId,
      [
        {
          id: randomUUID(),
          type: 'CiEventReceived',
          data: jsonData(receipt(id, at)),
          metadata: {
            actor: { id: 'ci', kind: 'service', roles: ['ci'], authenticatedBy: 'api-token' },
            occurredAt: at.toISOString(),
            correlationId: randomUUID(),
            source: { kind: 'system', process: 'test' },
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await recordEverythingSequenced(database.url);
    await setDatabaseClock(database.url);
    await store.close();
    return streamId;
  }

  function job(afterDelete?: (streamId: string) => void) {
    return new RetentionJob({
      store: retention,
      policy: ciPolicy,
      clock: () => now,
      newId: randomUUID,
      actor: {
        id: 'ledger_retention_job',
        kind: 'service',
        roles: ['retention'],
        authenticatedBy: 'postgres-login',
      },
      batchSize: 2,
      afterDelete,
      // The projector's part, done here: the log covers the plan with a checkpoint.
      awaitCheckpoint: () => recordEverythingSequenced(database.url),
    });
  }

  beforeAll(async () => {
    retention = new PostgresEventStore({ connectionString: await retentionJobUrl(database.url) });
    database.closeFirst(() => retention.close());
    writer = database.writerStore();
  });

  describe('when a run is killed midway', () => {
    it('resumes with the same cut-off and finishes with the result of an uninterrupted run', async () => {
      const due: string[] = [];
      for (let i = 0; i < 7; i++) due.push(await recordCiEvent(`due-${i}`, received));
      const young = await recordCiEvent('young', new Date(now.getTime() - 2 * MONTH));
      const { records, holds } = await scanStore(writer);
      const expected = planRetention(records.records(), holds, ciPolicy, now);
      expect(expected.eligible.map((record) => record.streamId).sort()).toEqual([...due].sort());

      let deletions = 0;
      await expect(
        job(() => {
          if (++deletions === 3) throw new Error('killed');
        }).run(),
      ).rejects.toThrow('killed');
      expect((await readRunHistory(writer)).unfinished).toBeDefined();

      const result = await job().run();

      expect(result).toMatchObject({ resumed: true, pruned: 7, eventsDeleted: 7, skipped: 0 });
      const history = await readRunHistory(writer);
      expect(history.runs.size).toBe(1);
      expect(history.unfinished).toBeUndefined();
      const run = history.runs.get(result.runId)!;
      const prunedStreams = [...run.pruned.values()].flatMap((batch) => batch.streams);
      expect(prunedStreams.map((stream) => stream.streamId).sort()).toEqual([...due].sort());
      for (const line of expected.eligible) {
        const tombstone = await writer.tombstone(line.streamId);
        expect(tombstone).toMatchObject({ runId: result.runId, lastHash: line.lastHash });
        expect(prunedStreams).toContainEqual({
          streamId: line.streamId,
          lastHash: line.lastHash,
          eventsDeleted: 1,
        });
      }
      expect(await writer.readStream(young)).toHaveLength(1);
      expect(await writer.tombstone(young)).toBeNull();
      const events = await writer.readStream(RETENTION_RUNS_STREAM);
      expect(events.at(-1)).toMatchObject({
        type: 'RetentionRunFinished',
        data: { runId: result.runId, pruned: 7, eventsDeleted: 7, skipped: 0 },
        metadata: { actor: { id: 'ledger_retention_job' } },
      });

      // Nothing more is due: a second run prunes nothing.
      expect(await job().run()).toMatchObject({ resumed: false, pruned: 0 });
    });
  });
});
