/**
 * The DASHBOARD-QUERY part of `npm run bench:projections`: the p95 latency of each dashboard
 * query over the population the bench projected, beside the query it replaced (counting the
 * changes' own rows; the whole unpaged queue) and a raw index-only count over the same rows, in
 * the same run. Returns the table as text.
 */
import { performance } from 'node:perf_hooks';
import { type EventStore } from '@change-ledger/event-store';
import {
  changeMetricsProjection,
  durationRange,
  MetricsQuery,
  MonthlyReportQuery,
  PendingApprovalsQuery,
  ProjectionRunner,
} from '@change-ledger/read-models';
import { type Pool } from 'pg';

const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 40);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const GOAL_MS = 50;
const MONTH = '2025-06';
const JUNE = { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-07-01T00:00:00Z') };
const NOW = new Date('2025-07-01T00:00:00Z');
const PAGE = 100;
const DEEP_PAGE = 20;

async function p95(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm: plans cached, pages in shared buffers, as a dashboard refreshing finds them
  const times: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.ceil(times.length * 0.95) - 1]!;
}

interface Row {
  query: string;
  ours: () => Promise<unknown>;
  /** What answered this before (issue 15's measurement), or null where nothing did. */
  old: (() => Promise<unknown>) | null;
  /** A raw index-only count over the rows the query is about: the floor of any answer. */
  raw: string;
  rawParams: unknown[];
}

export async function dashboardQueries(options: {
  store: EventStore;
  projectorPool: Pool;
  readerPool: Pool;
  changeTypes: readonly string[];
}): Promise<string> {
  const { store, projectorPool, readerPool, changeTypes } = options;
  const runner = new ProjectionRunner({
    store,
    pool: projectorPool,
    projections: [changeMetricsProjection],
  });
  const start = performance.now();
  const projected = await runner.rebuild(changeMetricsProjection);
  const seconds = (performance.now() - start) / 1000;
  await projectorPool.query('ANALYZE read_models.change_metrics, read_models.pending_approvals');

  // The bench's lives step in whole 37-minute steps, so their DORA durations take a handful of
  // values; real ones differ per change. 2031 gets one distinct lead time per deployment (a
  // month's worth of the population each month), so a median's cost shows at the real size.
  const perMonth = Number(
    process.env.BENCH_DURATIONS_PER_MONTH ?? Math.max(1, Math.round(projected / 10 / 12)),
  );
  const synthetic2031 = Array.from({ length: 12 }, (_, m) =>
    Array.from({ length: perMonth }, (_, i) => {
      const valueMs = 3_600_000 + i * 997_003 + m; // 1 h to weeks, each distinct
      return {
        month: `2031-${String(m + 1).padStart(2, '0')}-01`,
        valueMs,
        priority: ['low', 'medium', 'high', 'critical'][i % 4]!,
      };
    }),
  ).flat();
  for (const [measure, fine] of [
    ['lead_time', true],
    ['lead_time_ranges', false],
  ] as const)
    await projectorPool.query(
      `INSERT INTO read_models.change_metrics (month, measure, bucket, category, priority, change_type, value_ms, n, sum_ms)
       SELECT month, $2, bucket, 'normal', priority, 'feature', value_ms, count(*), 0
         FROM jsonb_to_recordset($1::jsonb) AS r(month date, bucket text, priority text, value_ms bigint)
        GROUP BY month, bucket, priority, value_ms`,
      [
        JSON.stringify(
          synthetic2031.map((row) => ({
            month: row.month,
            priority: row.priority,
            bucket: String(durationRange(row.valueMs)),
            value_ms: fine ? row.valueMs : 0,
          })),
        ),
        measure,
      ],
    );
  await projectorPool.query('ANALYZE read_models.change_metrics');
  const synthetic = {
    from: new Date('2031-06-01T00:00:00Z'),
    to: new Date('2031-07-01T00:00:00Z'),
  };
  const syntheticYear = {
    from: new Date('2031-01-01T00:00:00Z'),
    to: new Date('2032-01-01T00:00:00Z'),
  };

  const approvals = new PendingApprovalsQuery(readerPool);
  const monthlyReports = new MonthlyReportQuery(readerPool);
  const metrics = new MetricsQuery(readerPool);
  const { rows: roleRows } = await readerPool.query<{ role: string; n: number }>(
    'SELECT role, count(*)::int AS n FROM read_models.pending_approvals GROUP BY role ORDER BY role',
  );
  const queued = roleRows.reduce((sum, row) => sum + row.n, 0);
  /** The cursor of page DEEP_PAGE of a queue (or of its last page, if it has fewer). */
  const deepCursor = async (role: string | undefined) => {
    let cursor: string | undefined;
    for (let page = 1; page < DEEP_PAGE; page++) {
      const next = (await approvals.page(role, NOW, { limit: PAGE, cursor })).next_cursor;
      if (next === null) break;
      cursor = next;
    }
    return cursor;
  };
  const queueRows = async (role: string | undefined): Promise<Row[]> => {
    const name = role === undefined ? 'all roles' : role;
    const cursor = await deepCursor(role);
    const raw =
      role === undefined
        ? 'SELECT count(*) FROM read_models.pending_approvals'
        : 'SELECT count(*) FROM read_models.pending_approvals WHERE role = $1';
    const rawParams = role === undefined ? [] : [role];
    return [
      {
        query: `approvals queue, ${name}: page 1 of ${PAGE}`,
        ours: () => approvals.page(role, NOW, { limit: PAGE }),
        old: () => approvals.all(role, NOW),
        raw,
        rawParams,
      },
      {
        query: `approvals queue, ${name}: page ${DEEP_PAGE} (keyset cursor)`,
        ours: () => approvals.page(role, NOW, { limit: PAGE, cursor }),
        old: null,
        raw,
        rawParams,
      },
    ];
  };
  const inJune = (column: string) =>
    `SELECT count(*) FROM read_models.change_requests WHERE ${column} >= $1 AND ${column} < $2`;
  const rows: Row[] = [
    {
      query: `monthly report (${MONTH})`,
      ours: () => monthlyReports.monthly(MONTH, changeTypes),
      old: () => monthlyReports.fromChanges(MONTH, changeTypes),
      raw: inJune('created_at'),
      rawParams: [JUNE.from, JUNE.to],
    },
    {
      query: `key metrics + DORA (${MONTH})`,
      ours: () => metrics.metrics(JUNE),
      old: () => metrics.fromChanges(JUNE),
      raw: inJune('implementation_started_at'),
      rawParams: [JUNE.from, JUNE.to],
    },
    {
      query: `key metrics + DORA (${MONTH}), priority high`,
      ours: () => metrics.metrics(JUNE, { priority: 'high' }),
      old: () => metrics.fromChanges(JUNE, { priority: 'high' }),
      raw: inJune('implementation_started_at'),
      rawParams: [JUNE.from, JUNE.to],
    },
    {
      query: `key metrics + DORA (${MONTH}, 12 months)`,
      ours: () => metrics.metrics({ from: new Date('2024-07-01T00:00:00Z'), to: JUNE.to }),
      old: () => metrics.fromChanges({ from: new Date('2024-07-01T00:00:00Z'), to: JUNE.to }),
      raw: inJune('implementation_started_at'),
      rawParams: [new Date('2024-07-01T00:00:00Z'), JUNE.to],
    },
    {
      query: `key metrics + DORA (${MONTH}), one system: counted from the changes`,
      ours: () => metrics.metrics(JUNE, { affectedSystem: 'svc-3' }),
      old: () => metrics.fromChanges(JUNE, { affectedSystem: 'svc-3' }),
      raw: inJune('implementation_started_at'),
      rawParams: [JUNE.from, JUNE.to],
    },
    {
      query: `DORA medians over ${perMonth} distinct lead times (synthetic month)`,
      ours: () => metrics.metrics(synthetic),
      old: null,
      raw: 'SELECT count(*) FROM read_models.change_metrics WHERE month >= $1 AND month < $2',
      rawParams: [synthetic.from, synthetic.to],
    },
    {
      query: `DORA medians over ${perMonth * 12} distinct lead times (synthetic 12 months)`,
      ours: () => metrics.metrics(syntheticYear),
      old: null,
      raw: 'SELECT count(*) FROM read_models.change_metrics WHERE month >= $1 AND month < $2',
      rawParams: [syntheticYear.from, syntheticYear.to],
    },
    ...(await queueRows(undefined)),
    ...(await Promise.all(roleRows.map((row) => queueRows(row.role)))).flat(),
  ];

  const lines = [
    `change-metrics projection rebuilt: ${projected} events in ${seconds.toFixed(1)} s; ${queued} queued approvals`,
    '',
    `| dashboard query | ours p95 ms | before p95 ms | before ÷ ours | index-only count p95 ms | ours ÷ count | goal < ${GOAL_MS} ms |`,
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const ours = await p95(row.ours);
    const old = row.old ? await p95(row.old) : null;
    const raw = await p95(() => readerPool.query(row.raw, row.rawParams));
    lines.push(
      `| ${row.query} | ${ours.toFixed(1)} | ${old === null ? '—' : old.toFixed(1)} | ${
        old === null ? '—' : `${(old / ours).toFixed(1)}×`
      } | ${raw.toFixed(1)} | ${(ours / raw).toFixed(2)} | ${ours < GOAL_MS ? 'met' : 'NOT met'} |`,
    );
  }
  lines.push('', `p95 over ${QUERY_RUNS} runs after one warm-up run, one connection at a time.`);
  if (EXPLAIN) lines.push('', ...(await plans(readerPool)));
  return lines.join('\n');
}

/** The plans of the queue's statements and of a month's aggregate read, for the record. */
async function plans(pool: Pool): Promise<string[]> {
  const explain = async (title: string, sql: string, params: unknown[]) => {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
      params,
    );
    return [`-- ${title}`, ...rows.map((row) => row['QUERY PLAN'])];
  };
  const queue = (where: string) =>
    `SELECT change_request_id, role, due_at FROM read_models.pending_approvals ${where}
      ORDER BY coalesce(due_at, 'infinity'::timestamptz), change_request_id, role LIMIT 101`;
  return [
    ...(await explain(
      'queue, all roles, after a cursor',
      queue(
        "WHERE (coalesce(due_at, 'infinity'::timestamptz), change_request_id, role) > ($1::timestamptz, $2, $3)",
      ),
      ['2025-03-01T00:00:00.000Z', 'CHG-2025-001', 'qa'],
    )),
    ...(await explain(
      'queue, one role, after a cursor',
      queue(
        "WHERE role = $1 AND (coalesce(due_at, 'infinity'::timestamptz), change_request_id) > ($2::timestamptz, $3)",
      ),
      ['qa', '2025-03-01T00:00:00.000Z', 'CHG-2025-001'],
    )),
    ...(await explain(
      "a month's aggregate rows",
      `SELECT measure, bucket, priority, sum(n), sum(sum_ms) FROM read_models.change_metrics
        WHERE month >= $1::date AND month < $2::date AND measure = ANY($3::text[])
        GROUP BY measure, bucket, priority`,
      ['2025-06-01', '2025-07-01', ['deployed', 'approved', 'completed', 'created']],
    )),
  ];
}
