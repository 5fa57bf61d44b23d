import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type ChangeRequest,
  type ChangeRequestCommand,
  type ChangeRequestEvent,
  type ChangeRequestState,
  CATEGORIES,
  decide,
  evolve,
  PRIORITIES,
  RETENTION_RUNS_STREAM,
} from '@change-ledger/domain';
import { type NewEvent, PostgresEventStore } from '@change-ledger/event-store';
import {
  ciso,
  implementer,
  person,
  requester,
} from '@change-ledger/domain/change-request/testing/specs';
import { type Pool } from 'pg';
import { useTestDatabase } from '../../../../test/support/test-database';
import { changeRequestsProjection } from '../change-requests/change-requests.projection';
import { ProjectionRunner } from '../projection/projection-runner';
import { changeMetricsProjection } from './change-metrics.projection';
import {
  doraMetrics,
  factsOf,
  keyMetrics,
  missedDeadlines,
  monthlyReport,
  monthPeriod,
  type Period,
} from './report-definitions';
import { MetricsQuery } from '../metrics/metrics.query';
import { MonthlyReportQuery } from '../monthly-report/monthly-report.query';
import {
  approvers as ordinaryApprovers,
  rollbackPlan,
  seedPolicy as policy,
} from '../testing/seed-ledger';

/**
 * The pre-aggregates answer exactly what counting the changes themselves answers. A seeded random
 * population (every path of the lifecycle, emergencies, missed deadlines, rollbacks, times with
 * milliseconds that cross month ends) is appended in a shuffled order across streams and in
 * pieces, so a change moves between statuses and months across the projector's batches; the
 * reports are compared, after each piece, with the formulas applied to the changes folded here
 * from the same events (the truth, independent of both projections), then again after a prune
 * and after a rebuild.
 */
const approvers = [...ordinaryApprovers, ciso];
const SEED = Number(process.env.METRICS_SEED ?? 20251);
const CHANGES = 160;

/** mulberry32: a small seeded generator, so a failure can be replayed with its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    between: (low: number, high: number) => low + Math.floor(next() * (high - low)),
  };
}
const rng = random(SEED);

/** One change's life as the domain decides it; a step the domain refuses is left out. */
function lifeOf(n: number): ChangeRequestEvent[] {
  const id = `CHG-2025-${String(n + 1).padStart(4, '0')}`;
  let state: ChangeRequestState = { status: 'absent' };
  // Created between Jan 1 and Apr 20, at any millisecond; steps from minutes to days apart.
  let clock = Date.parse('2025-01-01T00:00:00Z') + rng.between(0, 110 * 86_400_000);
  const events: ChangeRequestEvent[] = [];
  const run = (actor: Actor, command: Omit<ChangeRequestCommand, 'meta'>) => {
    // Some steps in whole hours, so durations tie and share a range (a median then looks inside
    // one); the others at any millisecond, so most durations are distinct.
    clock += rng.chance(0.5)
      ? rng.between(1, 4) * 3_600_000
      : rng.between(60_000, rng.chance(0.3) ? 9 * 86_400_000 : 20 * 3_600_000);
    try {
      const decided = decide(
        {
          ...command,
          meta: { changeRequestId: id, actor, at: new Date(clock).toISOString() },
        } as ChangeRequestCommand,
        state,
      );
      state = decided.reduce(evolve, state);
      events.push(...decided);
    } catch {
      // The domain refused this step in this state: the change's life goes on without it.
    }
  };
  const content = {
    title: `Change ${n}`,
    description: `Change number ${n}`,
    changeType: rng.pick(policy.changeTypes),
    priority: rng.pick(PRIORITIES),
    category: rng.pick(CATEGORIES.filter((category) => category !== 'emergency')),
    affectedSystems: [`svc-${n % 5}`],
    rollbackPlan,
  };
  if (rng.chance(0.15))
    run(requester, { type: 'CreateEmergencyChange', data: { content, policy } });
  else
    run(requester, {
      type: 'CreateChangeRequest',
      data: { content, submit: rng.chance(0.95), policy },
    });
  if (rng.chance(0.2))
    run(person('deadline-clock', 'system'), {
      type: 'RecordMissedDeadline',
      data: { deadline: rng.pick(['approval', 'emergency_documentation'] as const) },
    });
  if (rng.chance(0.1)) return events;
  if (rng.chance(0.06)) {
    run(requester, { type: 'CancelChangeRequest', data: { reason: 'no longer needed', policy } });
    return events;
  }
  if (rng.chance(0.06)) {
    run(approvers[2]!, {
      type: 'RejectChangeRequest',
      data: { role: null, reason: 'too risky', policy },
    });
    return events;
  }
  const implementFirst = rng.chance(0.5); // an emergency may be implemented before approval
  const approveAll = () => {
    for (const approver of approvers)
      run(approver, {
        type: 'ApproveChangeRequest',
        data: { role: null, comments: null, conditions: [], policy },
      });
  };
  const implement = () =>
    run(implementer, {
      type: 'StartImplementation',
      data: { implementationPlan: null, scheduledTime: null, maintenanceWindow: false, policy },
    });
  if (implementFirst) implement();
  approveAll();
  if (rng.chance(0.15)) return events;
  if (!implementFirst) implement();
  if (rng.chance(0.15)) return events;
  if (rng.chance(0.2)) {
    run(implementer, {
      type: 'RollBackChange',
      data: { reason: 'errors', incidentId: `INC-${n}`, severity: 'P3', policy },
    });
    return events;
  }
  run(implementer, {
    type: 'RecordVerification',
    data: { outcome: 'passed', monitoringMinutes: 30, checks: [], notes: null, policy },
  });
  run(implementer, {
    type: 'CompleteChange',
    data: {
      outcome: rng.chance(0.15) ? 'failed' : 'completed',
      testResults: null,
      postImplementationReview: null,
      policy,
    },
  });
  return events;
}

const toAppend = (event: ChangeRequestEvent | { type: string; data: object }): NewEvent => ({
  id: randomUUID(),
  type: event.type,
  data: event.data as never,
  metadata: {
    actor: { id: 'test', kind: 'user', roles: [], authenticatedBy: 'api-token' },
    occurredAt: new Date().toISOString(),
    correlationId: 'metrics-spec',
    source: { kind: 'system', process: 'metrics-spec' },
  },
});

const database = useTestDatabase();
let store: PostgresEventStore;
let projectorPool: Pool;
let readerPool: Pool;
let monthlyReports: MonthlyReportQuery;
let metrics: MetricsQuery;
let runner: ProjectionRunner;
/** What has been appended so far, per change: the truth the reports must match. */
const appended = new Map<string, ChangeRequestEvent[]>();
const pruned = new Set<string>();

beforeAll(() => {
  store = database.writerStore();
  projectorPool = database.rolePool('change-metrics test', 'ledger_projector');
  readerPool = database.rolePool('change-metrics test', 'ledger_reader');
  monthlyReports = new MonthlyReportQuery(readerPool);
  metrics = new MetricsQuery(readerPool);
  runner = new ProjectionRunner({
    store,
    pool: projectorPool,
    projections: [changeRequestsProjection, changeMetricsProjection],
    batchSize: 13,
  });
});

async function catchUp() {
  await runner.catchUp(changeRequestsProjection);
  await runner.catchUp(changeMetricsProjection);
}

/** The changes as the events appended so far make them, less the pruned. */
function truth(): Array<{ state: ChangeRequest; category: string }> {
  return [...appended.entries()]
    .filter(([id]) => !pruned.has(id))
    .map(([, events]) => events.reduce<ChangeRequestState>(evolve, { status: 'absent' }))
    .filter((state): state is ChangeRequest => state.status !== 'absent')
    .map((state) => ({ state, category: state.content.category }));
}

const MONTHS = ['2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
const PERIODS: Period[] = [
  ...MONTHS.map(monthPeriod),
  { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z') },
  { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') },
];
const FILTERS = [
  {},
  { priority: 'high' },
  { priority: 'critical' },
  { category: 'normal' },
  { category: 'major', priority: 'low' },
];

async function expectReportsToMatchTheTruth() {
  const changes = truth();
  for (const month of MONTHS)
    expect(await monthlyReports.monthly(month, policy.changeTypes)).toEqual(
      monthlyReport(
        month,
        monthPeriod(month),
        changes.map(({ state }) => factsOf(state)),
        policy.changeTypes,
      ),
    );
  for (const period of PERIODS)
    for (const filters of FILTERS) {
      const facts = changes
        .filter(
          ({ state, category }) =>
            (filters.category === undefined || category === filters.category) &&
            (filters.priority === undefined || state.content.priority === filters.priority),
        )
        .map(({ state }) => factsOf(state));
      const answer = await metrics.metrics(period, filters);
      expect({ ...answer, period, narrowedTo: filters }).toMatchObject({
        period,
        narrowedTo: filters,
        key_metrics: keyMetrics(period, facts),
        dora: doraMetrics(period, facts),
        deadlines_missed: missedDeadlines(period, facts),
      });
      // …and the read path that counts the changes' rows answers the same.
      expect(answer).toEqual(await metrics.fromChanges(period, filters));
    }
}

describe('change-metrics projection', () => {
  const lives = Array.from({ length: CHANGES }, (_, n) => lifeOf(n)).filter(
    (life) => life.length > 0,
  );

  it('makes a population with every outcome and times across month ends', () => {
    const states = lives.map((life) =>
      life.reduce<ChangeRequestState>(evolve, { status: 'absent' }),
    );
    const statuses = new Set(states.map((state) => state.status));
    for (const status of ['pending_approval', 'completed', 'failed', 'rolled_back', 'cancelled'])
      expect(statuses).toContain(status);
    expect(states.some((state) => state.status !== 'absent' && state.emergency !== null)).toBe(
      true,
    );
    expect(
      states.some(
        (state) =>
          state.status !== 'absent' &&
          state.implementationStartedAt !== null &&
          state.createdAt.slice(0, 7) !== state.implementationStartedAt.slice(0, 7),
      ),
    ).toBe(true);
  });

  it('counts the changes themselves while the pre-aggregates have not caught up', async () => {
    const first = lives.slice(0, 40);
    for (const life of first) {
      const id = life[0]!.data.changeRequestId;
      await store.appendToStream(`change-request-${id}`, life.map(toAppend), {
        expectedRevision: 'no_stream',
      });
      appended.set(id, life);
    }
    await runner.catchUp(changeRequestsProjection);
    await expectReportsToMatchTheTruth();
    await catchUp();
    await expectReportsToMatchTheTruth();
    lives.splice(0, first.length);
  }, 60_000);

  it('answers as the changes themselves do after each piece, in any order of arrival', async () => {
    // Each change's events in two or three pieces, the pieces of all changes shuffled (each
    // stream's in its order): months and statuses move while other changes arrive between.
    const pieces = lives.map((life) => {
      const cuts = [rng.between(1, life.length + 1), rng.between(1, life.length + 1)].sort(
        (a, b) => a - b,
      );
      return [life.slice(0, cuts[0]), life.slice(cuts[0], cuts[1]), life.slice(cuts[1])].filter(
        (piece) => piece.length > 0,
      );
    });
    let round = 0;
    while (pieces.some((queue) => queue.length > 0)) {
      const waiting = pieces.filter((queue) => queue.length > 0);
      for (let k = 0; k < 20 && waiting.length > 0; k++) {
        const queue = rng.pick(waiting);
        const piece = queue.shift();
        if (!piece) continue;
        const id = piece[0]!.data.changeRequestId;
        const before = appended.get(id) ?? [];
        await store.appendToStream(`change-request-${id}`, piece.map(toAppend), {
          expectedRevision: before.length === 0 ? 'no_stream' : before.length - 1,
        });
        appended.set(id, [...before, ...piece]);
      }
      await catchUp();
      if (round++ % 4 === 0) await expectReportsToMatchTheTruth();
    }
    await expectReportsToMatchTheTruth();
  }, 240_000);

  it('takes back what a pruned change added', async () => {
    const gone = [...appended.keys()].filter((_, n) => n % 7 === 3);
    // Only the retention role writes the runs' stream (ledger.append_events).
    const retention = new PostgresEventStore({
      connectionString: database.url,
      role: 'ledger_retention',
    });
    await retention.appendToStream(
      RETENTION_RUNS_STREAM,
      [
        toAppend({
          type: 'RetentionBatchPruned',
          data: {
            runId: 'run-1',
            batch: 1,
            streams: gone.map((id) => ({
              streamId: `change-request-${id}`,
              lastHash: 'x',
              eventsDeleted: 1,
            })),
            skipped: [],
          },
        }),
      ],
      { expectedRevision: 'any' },
    );
    await retention.close();
    for (const id of gone) pruned.add(id);
    await catchUp();
    await expectReportsToMatchTheTruth();
  }, 60_000);

  it('rebuilds to the same rows it keeps live', async () => {
    const rows = async () =>
      (
        await readerPool.query(
          `SELECT month::text, measure, bucket, category, priority, change_type, value_ms::text, n::int,
                  sum_ms::text
             FROM read_models.change_metrics
            ORDER BY month, measure, bucket, category, priority, change_type, value_ms`,
        )
      ).rows;
    const live = await rows();
    expect(live.length).toBeGreaterThan(50);
    expect(live.every((row) => row.n > 0)).toBe(true);
    await runner.rebuild(changeMetricsProjection);
    expect(await rows()).toEqual(live);
    await expectReportsToMatchTheTruth();
  }, 60_000);
});
