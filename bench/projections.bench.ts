/**
 * npm run bench:projections — a full rebuild of the read models beside a plain sequential read
 * of the same events (same run, same database, same page size), at two sizes so that the cost
 * per event shows whether it stays flat, with the peak memory of the process; then the p95
 * latency of the dashboard queries over the rebuilt population. Not a test: it prints tables.
 *
 *   BENCH_EVENTS        events to project (default 1000000; ~10 per change request)
 *   BENCH_EVENTS_SMALL  the first, smaller size measured (default BENCH_EVENTS / 10)
 *   BENCH_REBUILD_PAGE  events per page, for the rebuild and the plain read alike (default 5000)
 *   DATABASE_URL        a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *   BENCH_QUERY_RUNS  runs of each dashboard query, for its p95 (default 40)
 *   BENCH_EXPLAIN  set to 1: also print each dashboard query's plan (EXPLAIN ANALYZE)
 *   BENCH_DURATIONS_PER_MONTH  distinct synthetic lead times per month of 2031 (default: the
 *                  population's deployments per month)
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type Actor,
  type ChangeRequestCommand,
  type ChangeRequestEvent,
  decide,
  evolve,
  type ChangeRequestState,
} from '@change-ledger/domain';
import {
  type GlobalPosition,
  migrateEventStore,
  PostgresEventStore,
} from '@change-ledger/event-store';
import { parsePolicy } from '@change-ledger/policy';
import {
  changeRequestsProjection,
  migrateReadModels,
  ProjectionRunner,
} from '@change-ledger/read-models';
import { openBenchDatabase, quietPool } from './bench-database';
import { dashboardQueries } from './dashboard-queries';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SMALL_EVENTS = Number(process.env.BENCH_EVENTS_SMALL ?? Math.round(EVENTS / 10));
const PAGE = Number(process.env.BENCH_REBUILD_PAGE ?? 5000);
const policy = parsePolicy(
  readFileSync(path.resolve(__dirname, '../config/policy.yaml'), 'utf8'),
  'seed',
).policy;
const person = (id: string, ...roles: string[]): Actor => ({ id, kind: 'user', roles });
const approvers = [
  person('sam', 'security-team'),
  person('erin', 'engineering-manager'),
  person('carl', 'change-manager'),
  person('quinn', 'qa'),
];
const requester = person('user-123', 'engineer');
const implementer = person('engineer-456', 'engineer');
const rollbackPlan = {
  triggerCondition: 'errors',
  steps: ['revert'],
  owner: 'engineer-456',
  verificationSteps: ['check'],
  timeEstimateMinutes: 10,
};

/** One change request's life, decided by the domain: 3 to 11 events. */
function lifeOf(n: number, start: number): ChangeRequestEvent[] {
  const id = `CHG-2025-${String(n + 1).padStart(3, '0')}`;
  let state = { status: 'absent' } as ChangeRequestState;
  let clock = start;
  const events: ChangeRequestEvent[] = [];
  const run = (actor: Actor, command: Omit<ChangeRequestCommand, 'meta'>) => {
    clock += 37 * 60_000;
    const decided = decide(
      {
        ...command,
        meta: { changeRequestId: id, actor, at: new Date(clock).toISOString() },
      } as ChangeRequestCommand,
      state,
    );
    state = decided.reduce(evolve, state);
    events.push(...decided);
  };
  const priority = (['high', 'medium', 'low'] as const)[n % 3]!;
  run(requester, {
    type: 'CreateChangeRequest',
    data: {
      content: {
        title: `Change ${n}`,
        description: `Routine change number ${n} to the platform`,
        changeType: 'feature',
        priority,
        affectedSystems: [`svc-${n % 17}`],
        rollbackPlan,
      },
      submit: true,
      policy,
    },
  });
  if (n % 10 === 9) return events; // still pending
  for (const approver of approvers) {
    if (
      state.status === 'pending_approval' &&
      state.requiredApprovals.some((required) => approver.roles.includes(required.role))
    ) {
      run(approver, {
        type: 'ApproveChangeRequest',
        data: { role: null, comments: null, conditions: [], policy },
      });
    }
  }
  run(implementer, {
    type: 'StartImplementation',
    data: { implementationPlan: null, scheduledTime: null, maintenanceWindow: false, policy },
  });
  if (n % 20 === 7) {
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
    data: { outcome: 'completed', testResults: null, postImplementationReview: null, policy },
  });
  return events;
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase();
  const url = bench.url;
  await migrateEventStore(url);
  await migrateReadModels(url);
  const store = new PostgresEventStore({
    connectionString: url,
    role: 'ledger_writer',
    poolSize: 4,
  });
  const projectorPool = quietPool({ connectionString: url, options: '-c role=ledger_projector' });
  const readerPool = quietPool({ connectionString: url, options: '-c role=ledger_reader' });

  // REBUILD: write up to the small size, measure; write on up to the full size, measure again.
  let written = 0;
  let n = 0;
  const year = Date.parse('2025-01-01T00:00:00Z');
  const writeUntil = async (target: number) => {
    console.log(`Writing up to ~${target} events…`);
    while (written < target) {
      const batch = Array.from({ length: 8 }, (_, k) => n + k);
      n += batch.length;
      await Promise.all(
        batch.map(async (index) => {
          const life = lifeOf(index, year + (index % 365) * 86_400_000);
          written += life.length;
          await store.appendToStream(
            `change-request-${life[0]!.data.changeRequestId}`,
            life.map((event) => ({
              id: randomUUID(),
              type: event.type,
              data: event.data as never,
              metadata: {
                actor: { id: event.data.by, kind: 'user', roles: [], authenticatedBy: 'api-token' },
                occurredAt: event.data.at,
                correlationId: 'bench',
                source: { kind: 'system', process: 'bench' },
              },
            })),
            { expectedRevision: 'no_stream' },
          );
        }),
      );
    }
    console.log(`  ${written} events in ${n} change requests`);
    // A live table has statistics (autovacuum's ANALYZE); a bench server may run with autovacuum
    // off (this project's development machine does), and without them the planner estimates a
    // stream-prefix filter at a fraction of a percent and sorts a whole-table scan for every page.
    const admin = quietPool({ connectionString: url, max: 1 });
    await admin.query('ANALYZE ledger.events');
    await admin.end();
  };
  const runner = new ProjectionRunner({
    store,
    pool: projectorPool,
    projections: [changeRequestsProjection],
    rebuildPageSize: PAGE,
  });
  const sizes: RebuildMeasure[] = [];
  for (const target of SMALL_EVENTS < EVENTS ? [SMALL_EVENTS, EVENTS] : [EVENTS]) {
    await writeUntil(target);
    sizes.push(await measureRebuild(store, runner));
  }

  const dashboard = await dashboardQueries({
    store,
    projectorPool,
    readerPool,
    changeTypes: policy.changeTypes,
  });

  await store.close();
  await projectorPool.end();
  await readerPool.end();
  await bench.close();

  printRebuild(sizes);
  console.log(`\n${n} change requests; ${dashboard}`);
}

interface RebuildMeasure {
  events: number;
  read: { events: number; seconds: number };
  rebuild: { events: number; seconds: number };
  /** Highest resident set size sampled during the rebuild (MB). */
  peakRssMb: number;
}

/** A plain sequential read of the projection's events, then a full rebuild of the same events. */
async function measureRebuild(
  store: PostgresEventStore,
  runner: ProjectionRunner,
): Promise<RebuildMeasure> {
  // Plain sequential read of the same events, as the rebuild reads them (same page size).
  const readStart = performance.now();
  let read = 0;
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: PAGE,
      filter: changeRequestsProjection.filter,
    });
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1]!.position;
  }
  const readSeconds = (performance.now() - readStart) / 1000;

  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  const rebuildStart = performance.now();
  const rebuilt = await runner.rebuild(changeRequestsProjection);
  const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
  clearInterval(sampler);
  return {
    events: read,
    read: { events: read, seconds: readSeconds },
    rebuild: { events: rebuilt, seconds: rebuildSeconds },
    peakRssMb: Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20,
  };
}

function printRebuild(sizes: readonly RebuildMeasure[]): void {
  const perSecond = (run: { events: number; seconds: number }) => run.events / run.seconds;
  const micros = (run: { events: number; seconds: number }) =>
    ((run.seconds * 1e6) / run.events).toFixed(1);
  console.log(
    `\n| events | plain read (readAll, pages of ${PAGE}) ev/s | full rebuild of change-requests ev/s | rebuild ÷ plain read | read µs/event | rebuild µs/event | peak RSS during rebuild (MB) |`,
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const size of sizes) {
    console.log(
      `| ${size.events} | ${Math.round(perSecond(size.read))} | ${Math.round(perSecond(size.rebuild))} | ${(perSecond(size.rebuild) / perSecond(size.read)).toFixed(3)} | ${micros(size.read)} | ${micros(size.rebuild)} | ${size.peakRssMb.toFixed(0)} |`,
    );
  }
  if (sizes.length === 2) {
    const [small, large] = sizes as [RebuildMeasure, RebuildMeasure];
    const cost = (size: RebuildMeasure) => size.rebuild.seconds / size.rebuild.events;
    console.log(
      `\nrebuild cost per event, ${large.events} ÷ ${small.events} events: ${(cost(large) / cost(small)).toFixed(2)} (1.00 = flat)`,
    );
  }
  console.log(
    `peak RSS of the bench process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
