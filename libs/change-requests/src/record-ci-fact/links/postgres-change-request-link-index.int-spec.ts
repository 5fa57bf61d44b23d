import { randomUUID } from 'node:crypto';
import { type JsonValue, PostgresEventStore } from '@change-ledger/event-store';
import { type Pool } from 'pg';
import { useTestDatabase } from '../../../../../test/support/test-database';
import { recordRetentionRun } from '../../../../event-store/src/testing/event-store.contract';
import {
  recordEverythingSequenced,
  setDatabaseClock,
} from '../../../../event-store/src/testing/store-time';
import { pullRequestKey } from '@change-ledger/domain';
import { type LinkedFact } from './change-request-link-index';
import { PostgresChangeRequestLinkIndex } from './postgres-change-request-link-index';

const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';
const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const none: LinkedFact = { commitSha: null, pullRequest: null, artifact: null };
const inAuth = { repository: 'https://github.com/acme/auth' };

describe('PostgresChangeRequestLinkIndex', () => {
  const database = useTestDatabase();
  let store: PostgresEventStore;
  let pool: Pool;
  let index: PostgresChangeRequestLinkIndex;

  /** A change request's event as the ledger stores it; the trigger reads its content's links. */
  const register = (
    id: string,
    type: string,
    links: JsonValue,
    revision: number | 'no_stream',
    into: PostgresEventStore = store,
  ) =>
    into.appendToStream(
      `change-request-${id}`,
      [
        {
          id: randomUUID(),
          type,
          data: { changeRequestId: id, content: { title: id, links } },
          metadata: {
            actor: {
              id: 'engineer-1',
              kind: 'user',
              roles: ['requester'],
              authenticatedBy: 'api-token',
            },
            occurredAt: '2026-07-01T09:00:00.000Z',
            correlationId: id,
            causationId: null,
            source: { kind: 'api', requestId: id },
          },
        },
      ],
      { expectedRevision: revision },
    );

  beforeAll(async () => {
    store = database.writerStore();
    // The ingestor's role: it reads the table, never writes it (the trigger does).
    pool = database.rolePool('postgres-change-request-link-index test', 'ledger_writer');
    index = new PostgresChangeRequestLinkIndex(pool);
    await register(
      'CHG-2026-070',
      'ChangeRequestCreated',
      { commitSha: SHA, pullRequest: 'https://github.com/acme/auth/pull/42' },
      'no_stream',
    );
    await register('CHG-2026-071', 'ChangeRequestCreated', { artifactDigest: DIGEST }, 'no_stream');
  }, 60_000);

  it('finds, in one call, by full or abbreviated commit, by pull request in its repository, by artifact digest', async () => {
    const found = await index.candidates([
      { ...none, commitSha: SHA.toUpperCase() },
      { ...none, commitSha: '9fceb02' },
      { ...none, pullRequest: '42', repository: 'acme/auth' },
      { ...none, pullRequest: 'https://github.com/acme/auth/pull/42' },
      { ...none, pullRequest: '#42', ...inAuth },
      { ...none, artifact: `pkg:oci/auth@${DIGEST.replace(':', '%3A')}` },
      none,
    ]);
    expect(found).toEqual([
      [{ changeRequestId: 'CHG-2026-070', linkedBy: 'commit_sha' }],
      [{ changeRequestId: 'CHG-2026-070', linkedBy: 'commit_sha' }],
      [{ changeRequestId: 'CHG-2026-070', linkedBy: 'pull_request' }],
      [{ changeRequestId: 'CHG-2026-070', linkedBy: 'pull_request' }],
      [{ changeRequestId: 'CHG-2026-070', linkedBy: 'pull_request' }],
      [{ changeRequestId: 'CHG-2026-071', linkedBy: 'artifact' }],
      [],
    ]);
  });

  it('finds nothing for a commit too short to trust, what nobody registered, or a pull request of another repository or none', async () => {
    expect(
      await index.candidates([
        { ...none, commitSha: '9fceb0' },
        { ...none, commitSha: '0123456789abcdef' },
        { ...none, pullRequest: '43', ...inAuth },
        { ...none, artifact: `pkg:oci/auth@sha256:${'cd34'.repeat(16)}` },
        // The number alone, with no repository, or in another one: never linked (issue 26).
        { ...none, pullRequest: '42' },
        { ...none, pullRequest: '42', repository: 'acme/payments' },
        { ...none, pullRequest: 'https://github.com/acme/payments/pull/42' },
        { ...none, pullRequest: 'mySubject42', ...inAuth },
      ]),
    ).toEqual([[], [], [], [], [], [], [], []]);
  });

  it('keys a pull request in SQL exactly as in TypeScript (the trigger and the facts agree)', async () => {
    const cases: Array<[string | null, string | null]> = [
      ['https://github.com/Acme/Payments/pull/0123/', null],
      ['https://gitlab.com/group/sub/project/-/merge_requests/7', 'ignored/repo'],
      ['https://bitbucket.org/ws/repo/pull-requests/5', null],
      ['#42', 'git@github.com:acme/auth.git'],
      ['42', 'https://github.com/acme/auth/'],
      ['42', null],
      ['mySubject123', 'TestRepo/TestOrg'],
      ['I8473b95934b5732ac55d26311a706c9c2bde9940', 'gerrit.example.com/platform'],
      ['  ', 'acme/auth'],
      [null, 'acme/auth'],
      ['0', 'acme/auth'],
      ['https://example.org/pull/9', null],
    ];
    const { rows } = await pool.query<{ key: string | null }>(
      `SELECT ingestion.pull_request_key(pr, repo) AS key
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c(pr, repo, n) ORDER BY n`,
      [cases.map(([pr]) => pr), cases.map(([, repo]) => repo)],
    );
    expect(rows.map((row) => row.key)).toEqual(cases.map(([pr, repo]) => pullRequestKey(pr, repo)));
    expect(rows.map((row) => row.key)).toEqual([
      'acme/payments#123',
      'group/sub/project#7',
      'ws/repo#5',
      'acme/auth#42',
      'acme/auth#42',
      null,
      'testrepo/testorg#mysubject123',
      'gerrit.example.com/platform#i8473b95934b5732ac55d26311a706c9c2bde9940',
      null,
      null,
      'acme/auth#0',
      null,
    ]);
  });

  it('follows an amendment in the same transaction as its event, and takes any content', async () => {
    const newSha = 'feedface0ae598e95dc970b74767f19372d61af8';
    await register('CHG-2026-070', 'ChangeRequestAmended', { commitSha: newSha }, 0);
    expect(
      await index.candidates([
        { ...none, commitSha: SHA },
        { ...none, commitSha: newSha },
        { ...none, pullRequest: 'https://github.com/acme/auth/pull/42' },
      ]),
    ).toEqual([[], [{ changeRequestId: 'CHG-2026-070', linkedBy: 'commit_sha' }], []]);
    // Links that are not an object: the event is stored all the same, with nothing to find.
    await register('CHG-2026-072', 'ChangeRequestCreated', 'not an object', 'no_stream');
    expect(await store.readStream('change-request-CHG-2026-072')).toHaveLength(1);
  });

  it('forgets the links of a change request that retention removed', async () => {
    const oldSha = 'c0ffee0ae598e95dc970b74767f19372d61af8aa';
    const longAgo = new PostgresEventStore({
      connectionString: database.url,
      role: 'ledger_writer',
      clock: () => new Date('2020-01-01T00:00:00Z'),
    });
    const retention = new PostgresEventStore({
      connectionString: database.url,
      role: 'ledger_retention',
    });
    try {
      const stream = 'change-request-CHG-2020-001';
      // Old by the database's clock and the log's, which is what retention judges by.
      await setDatabaseClock(database.url, new Date('2020-01-01T00:00:00Z'));
      const { nextExpectedRevision } = await register(
        'CHG-2020-001',
        'ChangeRequestCreated',
        { commitSha: oldSha },
        'no_stream',
        longAgo,
      ).finally(() => recordEverythingSequenced(database.url));
      await setDatabaseClock(database.url);
      expect(nextExpectedRevision).toBe(0);
      expect(await index.candidates([{ ...none, commitSha: oldSha }])).toEqual([
        [{ changeRequestId: 'CHG-2020-001', linkedBy: 'commit_sha' }],
      ]);
      const [last] = await store.readStream(stream);
      await recordRetentionRun(retention, 'run-links', [
        { streamId: stream, lastHash: last!.integrity.hash },
      ]);
      await recordEverythingSequenced(database.url);

      await retention.deleteStream(stream, { runId: 'run-links' });

      expect(await index.candidates([{ ...none, commitSha: oldSha }])).toEqual([[]]);
      expect(await index.candidates([{ ...none, commitSha: SHA }])).toEqual([[]]);
    } finally {
      await Promise.all([longAgo.close(), retention.close()]);
    }
  });
});
