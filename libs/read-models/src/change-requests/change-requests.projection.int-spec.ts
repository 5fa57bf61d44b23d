import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type ChangeRequestCommand,
  asChangeRequestEvent,
  changeRequestStream,
  decide,
  rehydrate,
} from '@change-ledger/domain';
import { type PostgresEventStore } from '@change-ledger/event-store';
import { implementer, requester } from '@change-ledger/domain/change-request/testing/specs';
import { type Pool } from 'pg';
import { spawnSlowProjector } from '../../../../test/support/slow-projector';
import { useTestDatabase } from '../../../../test/support/test-database';
import { ProjectionRunner } from '../projection/projection-runner';
import { changeLogCsv } from '../change-log/change-log-entry';
import { ChangeLogQuery } from '../change-log/change-log.query';
import { ListChangeRequestsQuery } from '../list-change-requests/list-change-requests.query';
import { PendingApprovalsQuery } from '../pending-approvals/pending-approvals.query';
import { RegisteredLinksQuery } from '../registered-links/registered-links.query';
import { approvers, rollbackPlan, seedPolicy as policy } from '../testing/seed-ledger';
import { changeRequestsProjection } from './change-requests.projection';

const database = useTestDatabase();
let store: PostgresEventStore;
let projectorPool: Pool;
let changeRequests: ListChangeRequestsQuery;
let approvals: PendingApprovalsQuery;
let changeLog: ChangeLogQuery;
let links: RegisteredLinksQuery;
let readerPool: Pool;

beforeAll(() => {
  store = database.writerStore();
  projectorPool = database.rolePool('change-requests test', 'ledger_projector');
  readerPool = database.rolePool('change-requests test', 'ledger_reader');
  changeRequests = new ListChangeRequestsQuery(readerPool);
  approvals = new PendingApprovalsQuery(readerPool);
  changeLog = new ChangeLogQuery(readerPool);
  links = new RegisteredLinksQuery(readerPool);
});

/** Runs domain commands against the store, as the API would. */
async function record(
  id: string,
  steps: Array<[Actor, string, (at: string) => Omit<ChangeRequestCommand, 'meta'>]>,
): Promise<void> {
  for (const [actor, at, make] of steps) {
    const stream = changeRequestStream(id);
    const stored = await store.readStream(stream);
    const state = rehydrate(stored.flatMap((event) => asChangeRequestEvent(event) ?? []));
    const events = decide(
      { ...make(at), meta: { changeRequestId: id, actor, at } } as ChangeRequestCommand,
      state,
    );
    await store.appendToStream(
      stream,
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data as never,
        metadata: {
          actor: { ...actor, authenticatedBy: 'api-token' },
          occurredAt: at,
          correlationId: id,
          source: { kind: 'api', requestId: randomUUID() },
        },
      })),
      { expectedRevision: stored.length === 0 ? 'no_stream' : stored.length - 1 },
    );
  }
}

const create = (title: string, priority: 'high' | 'medium' | 'low', systems: string[]) => () =>
  ({
    type: 'CreateChangeRequest',
    data: {
      content: {
        title,
        description: `${title} for the admin console`,
        changeType: 'feature',
        priority,
        affectedSystems: systems,
        rollbackPlan,
      },
      submit: true,
      policy,
    },
  }) as const;
const approve = () =>
  ({
    type: 'ApproveChangeRequest',
    data: { role: null, comments: null, conditions: [], policy },
  }) as const;
const implement = () =>
  ({
    type: 'StartImplementation',
    data: { implementationPlan: null, scheduledTime: null, maintenanceWindow: false, policy },
  }) as const;
const verify = () =>
  ({
    type: 'RecordVerification',
    data: { outcome: 'passed', monitoringMinutes: 30, checks: [], notes: null, policy },
  }) as const;
const complete = () =>
  ({
    type: 'CompleteChange',
    data: {
      outcome: 'completed',
      testResults: 'green',
      postImplementationReview: 'fine',
      policy,
    },
  }) as const;
const rollBack = () =>
  ({
    type: 'RollBackChange',
    data: { reason: 'errors', incidentId: 'INC-7', severity: 'P2', policy },
  }) as const;

async function snapshot() {
  const changeRequests = await projectorPool.query(
    'SELECT * FROM read_models.change_requests ORDER BY change_request_id',
  );
  const pending = await projectorPool.query(
    'SELECT * FROM read_models.pending_approvals ORDER BY change_request_id, role',
  );
  return { changeRequests: changeRequests.rows, pending: pending.rows };
}

/** Every index of the projection's tables, by name, with its definition. */
async function indexes() {
  const { rows } = await projectorPool.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'read_models' AND tablename = ANY($1::text[])
      ORDER BY tablename, indexname`,
    [changeRequestsProjection.tables],
  );
  return rows;
}

async function checkpoint() {
  const { rows } = await projectorPool.query(
    `SELECT commit, prepare, events_applied FROM read_models.checkpoints WHERE projection = 'change-requests'`,
  );
  return rows[0] as { commit: string; prepare: string; events_applied: string } | undefined;
}

async function countEvents(): Promise<number> {
  const { rows } = await projectorPool.query(
    `SELECT count(*)::int AS n FROM ledger.events WHERE stream_id LIKE 'change-request-CHG-%'`,
  );
  return rows[0].n as number;
}

describe('change-requests projection', () => {
  const runner = () =>
    new ProjectionRunner({
      store,
      pool: projectorPool,
      projections: [changeRequestsProjection],
      batchSize: 7,
    });

  describe('when a hand-made population of changes is projected', () => {
    beforeAll(async () => {
      // CHG-2026-001: approved by all four and completed in March.
      await record('CHG-2026-001', [
        [
          requester,
          '2026-03-02T09:00:00.000Z',
          create('MFA for admins', 'high', ['auth', 'admin-ui']),
        ],
        ...approvers.map(
          (approver, n) =>
            [approver, `2026-03-02T1${n}:00:00.000Z`, approve] as [Actor, string, typeof approve],
        ),
        [implementer, '2026-03-03T02:00:00.000Z', implement],
        [implementer, '2026-03-03T03:00:00.000Z', verify],
        [implementer, '2026-03-03T03:30:00.000Z', complete],
      ]);
      // CHG-2026-002: medium, waiting for engineering-manager, change-manager and qa (due in 72 h).
      await record('CHG-2026-002', [
        [requester, '2026-03-05T09:00:00.000Z', create('Billing export', 'medium', ['billing'])],
      ]);
      // CHG-2026-003: high, one approval given; due 24 h after 2026-03-01T09:00 — the earliest due.
      await record('CHG-2026-003', [
        [requester, '2026-03-01T09:00:00.000Z', create('Rotate signing keys', 'high', ['auth'])],
        [approvers[0]!, '2026-03-01T10:00:00.000Z', approve],
      ]);
      // CHG-2026-004: low priority, so approved by engineering-manager, change-manager and qa;
      // implemented in April, rolled back with incident INC-7.
      await record('CHG-2026-004', [
        [requester, '2026-04-01T09:00:00.000Z', create('Cache layer', 'low', ['api'])],
        ...approvers
          .slice(1)
          .map(
            (approver, n) =>
              [approver, `2026-04-01T1${n}:00:00.000Z`, approve] as [Actor, string, typeof approve],
          ),
        [implementer, '2026-04-02T02:00:00.000Z', implement],
        [implementer, '2026-04-02T02:30:00.000Z', rollBack],
      ]);
      await runner().catchUp(changeRequestsProjection);
    });

    it('holds each change request at its current status', async () => {
      const { items } = await changeRequests.list({ limit: 10 });
      expect(items.map((item) => [item.change_request_id, item.status])).toEqual([
        ['CHG-2026-004', 'rolled_back'],
        ['CHG-2026-002', 'pending_approval'],
        ['CHG-2026-001', 'completed'],
        ['CHG-2026-003', 'pending_approval'],
      ]);
    });

    it('filters by status, affected system and full text, and pages with a cursor', async () => {
      expect(
        (await changeRequests.list({ status: 'pending_approval', limit: 10 })).items.map(
          (item) => item.change_request_id,
        ),
      ).toEqual(['CHG-2026-002', 'CHG-2026-003']);
      expect(
        (await changeRequests.list({ affectedSystem: 'auth', limit: 10 })).items.map(
          (item) => item.change_request_id,
        ),
      ).toEqual(['CHG-2026-001', 'CHG-2026-003']);
      expect(
        (await changeRequests.list({ text: 'signing keys', limit: 10 })).items.map(
          (item) => item.change_request_id,
        ),
      ).toEqual(['CHG-2026-003']);
      const first = await changeRequests.list({ limit: 3 });
      const second = await changeRequests.list({ limit: 3, cursor: first.next_cursor! });
      expect([...first.items, ...second.items].map((item) => item.change_request_id)).toEqual([
        'CHG-2026-004',
        'CHG-2026-002',
        'CHG-2026-001',
        'CHG-2026-003',
      ]);
      expect(second.next_cursor).toBeNull();
    });

    it('queues what each role has pending, overdue first', async () => {
      const now = new Date('2026-03-06T00:00:00.000Z');
      const all = await approvals.all(undefined, now);
      // CHG-2026-003: due 2026-03-02T09:00 (overdue); CHG-2026-002: due 2026-03-08T09:00 (72 h, not yet).
      expect(all.map((row) => [row.change_request_id, row.role, row.overdue])).toEqual([
        ['CHG-2026-003', 'change-manager', true],
        ['CHG-2026-003', 'engineering-manager', true],
        ['CHG-2026-003', 'qa', true],
        ['CHG-2026-002', 'change-manager', false],
        ['CHG-2026-002', 'engineering-manager', false],
        ['CHG-2026-002', 'qa', false],
      ]);
      expect(all[0]!.due_at).toBe('2026-03-02T09:00:00.000Z');
      expect((await approvals.all('qa', now)).map((row) => row.change_request_id)).toEqual([
        'CHG-2026-003',
        'CHG-2026-002',
      ]);
    });

    it('logs the changes deployed in a period, with approvers, outcome and incidents (003 §7)', async () => {
      const march = await changeLog.entries(
        new Date('2026-03-01T00:00:00Z'),
        new Date('2026-04-01T00:00:00Z'),
      );
      expect(march).toEqual([
        expect.objectContaining({
          change_id: 'CHG-2026-001',
          author: 'user-123',
          approvers: ['sam', 'erin', 'carl', 'quinn'],
          deployment_date: '2026-03-03T02:00:00.000Z',
          outcome: 'successful',
          incidents: [],
        }),
      ]);
      const april = await changeLog.entries(
        new Date('2026-04-01T00:00:00Z'),
        new Date('2026-05-01T00:00:00Z'),
      );
      expect(april).toEqual([
        expect.objectContaining({
          change_id: 'CHG-2026-004',
          outcome: 'rolled_back',
          incidents: [{ incident_id: 'INC-7', severity: 'P2' }],
        }),
      ]);
      expect(changeLogCsv(april).split('\n')).toEqual([
        'change_id,title,description,author,approvers,deployment_date,outcome,incidents,category,emergency',
        'CHG-2026-004,Cache layer,Cache layer for the admin console,user-123,erin; carl; quinn,2026-04-02T02:00:00.000Z,rolled_back,INC-7 (P2),normal,no',
        '',
      ]);
    });

    it('rebuilds into read models identical to the live ones', async () => {
      const live = await snapshot();
      const liveCheckpoint = await checkpoint();
      const liveIndexes = await indexes();
      const replayed = await runner().rebuild(changeRequestsProjection);
      expect(replayed).toBe(await countEvents());
      expect(await snapshot()).toEqual(live);
      // Built after the load, every index is back, under the name its migration gave it.
      expect(liveIndexes.length).toBeGreaterThan(10);
      expect(await indexes()).toEqual(liveIndexes);
      expect(await checkpoint()).toMatchObject({
        commit: liveCheckpoint!.commit,
        prepare: liveCheckpoint!.prepare,
      });
      // The rebuilt tables are readable by the API's role and queryable as before.
      expect((await changeRequests.list({ limit: 10 })).items).toHaveLength(4);
    });
  });

  describe('when the projector is killed in the middle of a batch', () => {
    it('resumes from its last checkpoint, losing and duplicating nothing', async () => {
      for (let n = 10; n < 40; n++) {
        await record(`CHG-2026-0${n}`, [
          [requester, '2026-05-01T09:00:00.000Z', create(`Change ${n}`, 'high', ['svc'])],
          [approvers[0]!, '2026-05-01T10:00:00.000Z', approve],
          [approvers[1]!, '2026-05-01T11:00:00.000Z', approve],
        ]);
      }
      const total = await countEvents();
      // A separate projector process, slowed down so that it is inside a batch when killed.
      const child = spawnSlowProjector({
        databaseUrl: database.url,
        projection: 'changeRequestsProjection',
        msPerEvent: 4,
        runnerOptions: 'batchSize: 25',
        run: 'runner.catchUp(slow)',
      });
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      // Wait until it has committed at least one batch past where the first test left it, then kill it mid-way.
      const before = Number((await checkpoint())!.events_applied);
      for (
        let waited = 0;
        Number((await checkpoint())!.events_applied) <= before && waited < 20_000;
        waited += 20
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 37));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const afterKill = Number((await checkpoint())!.events_applied);
      expect(afterKill).toBeGreaterThan(before);
      expect(afterKill).toBeLessThan(total);
      expect((afterKill - before) % 25).toBe(0); // only whole batches were committed

      await runner().catchUp(changeRequestsProjection);
      expect(Number((await checkpoint())!.events_applied)).toBe(total);
      const resumed = await snapshot();
      await runner().rebuild(changeRequestsProjection);
      expect(await snapshot()).toEqual(resumed);
    }, 60_000);
  });

  describe('when two projector replicas run at once', () => {
    it('applies every event once', async () => {
      for (let n = 50; n < 60; n++) {
        await record(`CHG-2026-0${n}`, [
          [requester, '2026-06-01T09:00:00.000Z', create(`Replica ${n}`, 'low', ['svc'])],
        ]);
      }
      const total = await countEvents();
      const replicas = [runner(), runner()];
      replicas.forEach((replica) => replica.start());
      for (
        let waited = 0;
        Number((await checkpoint())!.events_applied) < total && waited < 20_000;
        waited += 50
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await Promise.all(replicas.map((replica) => replica.stop()));
      expect(Number((await checkpoint())!.events_applied)).toBe(total);
      expect(await replicas[0]!.lag()).toEqual([
        expect.objectContaining({
          projection: 'change-requests',
          eventsBehind: 0,
          secondsBehind: 0,
        }),
      ]);
    }, 30_000);
  });

  describe('when rows of a change not yet projected were left behind (a hand fix)', () => {
    it('replaces them with what its events say, parking nothing', async () => {
      // 080 waits for three approvals (qa among them); 081 is implemented: both in one batch,
      // while neither has a change_requests row yet.
      await projectorPool.query(
        `INSERT INTO read_models.pending_approvals
           (change_request_id, role, title, priority, category, requester, requested_at, due_at,
            retroactive)
         VALUES ('CHG-2026-080', 'qa', 'Left behind', 'high', 'normal', 'nobody', now(), NULL, false)`,
      );
      await projectorPool.query(
        `INSERT INTO read_models.deployments VALUES
           ('CHG-2026-081', '2026-07-02T02:00:00Z', 'staging', 'Left behind', 'nobody',
            'in_progress', NULL, false, false)`,
      );
      await record('CHG-2026-080', [
        [requester, '2026-07-01T09:00:00.000Z', create('Waiting change', 'low', ['auth'])],
      ]);
      await record('CHG-2026-081', [
        [requester, '2026-07-01T09:00:00.000Z', create('Hand-fixed change', 'high', ['auth'])],
        ...approvers.map(
          (approver, n) =>
            [approver, `2026-07-01T1${n}:00:00.000Z`, approve] as [Actor, string, typeof approve],
        ),
        [implementer, '2026-07-02T02:00:00.000Z', implement],
      ]);

      await new ProjectionRunner({
        store,
        pool: projectorPool,
        projections: [changeRequestsProjection],
        batchSize: 100,
      }).catchUp(changeRequestsProjection);

      const parked = await projectorPool.query(
        `SELECT stream_id, error FROM read_models.parked_events WHERE stream_id = ANY($1::text[])`,
        [[changeRequestStream('CHG-2026-080'), changeRequestStream('CHG-2026-081')]],
      );
      expect(parked.rows).toEqual([]);
      const pending = await projectorPool.query(
        `SELECT role, title FROM read_models.pending_approvals
          WHERE change_request_id = 'CHG-2026-080' ORDER BY role`,
      );
      expect(pending.rows).toEqual([
        { role: 'change-manager', title: 'Waiting change' },
        { role: 'engineering-manager', title: 'Waiting change' },
        { role: 'qa', title: 'Waiting change' },
      ]);
      const deployments = await projectorPool.query(
        `SELECT environment, title, deployed_by FROM read_models.deployments
          WHERE change_request_id = 'CHG-2026-081'`,
      );
      expect(deployments.rows).toEqual([
        { environment: 'production', title: 'Hand-fixed change', deployed_by: 'engineer-456' },
      ]);
    });
  });

  describe('when CI looks up the change that registered what it deployed', () => {
    const digest = `sha256:${'ab12'.repeat(16)}`;
    const registering = (title: string, links: Record<string, string>) => () =>
      ({
        type: 'CreateChangeRequest',
        data: {
          content: {
            title,
            description: title,
            changeType: 'feature',
            priority: 'low',
            affectedSystems: ['ci'],
            links,
          },
          submit: true,
          policy,
        },
      }) as const;

    beforeAll(async () => {
      await record('CHG-2026-090', [
        [
          requester,
          '2026-07-01T09:00:00.000Z',
          registering('By commit and pull request', {
            commitSha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
            pullRequest: 'https://github.com/acme/auth/pull/42',
          }),
        ],
      ]);
      await record('CHG-2026-071', [
        [
          requester,
          '2026-07-01T10:00:00.000Z',
          registering('By artifact', { artifactDigest: digest }),
        ],
      ]);
      await runner().catchUp(changeRequestsProjection);
    });

    const none = { commitSha: null, pullRequest: null, artifact: null };

    it('finds it by full or abbreviated commit, by pull request in its repository, by artifact digest', async () => {
      expect(
        await links.registeredFor({
          ...none,
          commitSha: '9FCEB02D0AE598E95DC970B74767F19372D61AF8',
        }),
      ).toEqual({
        changeRequestId: 'CHG-2026-090',
        linkedBy: 'commit_sha',
      });
      expect(await links.registeredFor({ ...none, commitSha: '9fceb02' })).toEqual({
        changeRequestId: 'CHG-2026-090',
        linkedBy: 'commit_sha',
      });
      expect(
        await links.registeredFor({ ...none, pullRequest: '42', repository: 'acme/auth' }),
      ).toEqual({ changeRequestId: 'CHG-2026-090', linkedBy: 'pull_request' });
      expect(
        await links.registeredFor({
          ...none,
          artifact: `pkg:oci/auth@${digest.replace(':', '%3A')}`,
        }),
      ).toEqual({ changeRequestId: 'CHG-2026-071', linkedBy: 'artifact' });
    });

    it('finds nothing for a commit too short to trust, or one nobody registered', async () => {
      expect(await links.registeredFor({ ...none, commitSha: '9fceb0' })).toBeNull();
      expect(await links.registeredFor({ ...none, commitSha: '0123456789abcdef' })).toBeNull();
      expect(
        await links.registeredFor({ ...none, pullRequest: '43', repository: 'acme/auth' }),
      ).toBeNull();
    });

    it('never links a pull request by its number alone, or in another repository (issue 26)', async () => {
      expect(await links.registeredFor({ ...none, pullRequest: '42' })).toBeNull();
      expect(
        await links.registeredFor({ ...none, pullRequest: '42', repository: 'acme/payments' }),
      ).toBeNull();
      expect(
        await links.registeredFor({
          ...none,
          pullRequest: 'mySubject42',
          repository: 'acme/auth',
        }),
      ).toBeNull();
    });
  });
});
