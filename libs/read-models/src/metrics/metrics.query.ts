import { type Pool } from 'pg';
import { QueryConditions } from '../query-conditions';
import { changeFacts } from '../reports/change-facts';
import { aggregatesAnswer, aggregatesCaughtUp } from '../reports/change-metrics-aggregates';
import {
  doraMetricsOf,
  keyMetricsOf,
  missedDeadlinesOf,
  type Period,
  type PeriodTallies,
  periodTalliesOf,
} from '../reports/report-definitions';
import { periodTallies } from './period-tallies';

/** What a dashboard narrows the metrics' changes to; each absent: all. */
export interface MetricFilters {
  category?: string;
  priority?: string;
  affectedSystem?: string;
}

/**
 * API-METRICS' key metrics and DORA's four keys for a period: from the change-metrics
 * pre-aggregates for whole UTC months by category and priority, else from the changes
 * themselves; the formulas are report-definitions' either way, so both answer the same.
 */
export class MetricsQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /**
   * The metrics of the changes matching `filters` (a dashboard's category, priority or system).
   * Unauthorized changes have no change request, so only the system narrows them (the service
   * CI reported).
   */
  async metrics(period: Period, filters: MetricFilters = {}) {
    const fromAggregates =
      aggregatesAnswer(period) &&
      filters.affectedSystem === undefined &&
      (await aggregatesCaughtUp(this.pool));
    const [tallies, unauthorized] = await Promise.all([
      fromAggregates
        ? periodTallies(this.pool, period, filters)
        : this.periodTalliesFromChanges(period, filters),
      this.countUnauthorized(period, filters.affectedSystem),
    ]);
    return metricsAnswer(period, filters, tallies, unauthorized);
  }

  /** The metrics counted from the changes themselves (any period, any system; the reference). */
  async fromChanges(period: Period, filters: MetricFilters = {}) {
    const [tallies, unauthorized] = await Promise.all([
      this.periodTalliesFromChanges(period, filters),
      this.countUnauthorized(period, filters.affectedSystem),
    ]);
    return metricsAnswer(period, filters, tallies, unauthorized);
  }

  private async periodTalliesFromChanges(period: Period, filters: MetricFilters) {
    // $1 and $2 are the period's (changeFacts).
    const narrowing = new QueryConditions([period.from, period.to]);
    const add = (sql: string, value: string | undefined) => {
      if (value !== undefined) narrowing.add(sql, value);
    };
    add('category = ?', filters.category);
    add('priority = ?', filters.priority);
    add('affected_systems @> ARRAY[?]::text[]', filters.affectedSystem);
    const inPeriod = [
      'created_at',
      'approved_at',
      'implementation_started_at',
      'completed_at',
      'rolled_back_at',
    ]
      .map((column) => `(${column} >= $1 AND ${column} < $2)`)
      .join(' OR ');
    const changes = await changeFacts(
      this.pool,
      [`(${inPeriod})`, ...narrowing.all].join(' AND '),
      period,
      narrowing.params.slice(2),
    );
    return periodTalliesOf(period, changes);
  }

  /** Unauthorized changes in the period; of one service (the system filtered on) when given. */
  private async countUnauthorized(period: Period, service?: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(
      `SELECT count(*) FROM read_models.unauthorized_changes
        WHERE occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR service = $3)`,
      [period.from, period.to, service ?? null],
    );
    return Number(rows[0]!.count);
  }
}

/** The metrics' answer: the formulas over the tallies, with the period and filters it is for. */
function metricsAnswer(
  period: Period,
  filters: MetricFilters,
  tallies: PeriodTallies,
  unauthorized: number,
) {
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    filters: {
      category: filters.category ?? null,
      priority: filters.priority ?? null,
      affected_system: filters.affectedSystem ?? null,
    },
    key_metrics: keyMetricsOf(tallies),
    dora: doraMetricsOf(period, tallies),
    deadlines_missed: missedDeadlinesOf(tallies),
    // POL-APPROVED-RECORD, SOC-PROHIBITED: every production change is covered by an approved one; the target is none.
    unauthorized_changes: {
      count: unauthorized,
      target: 0,
    },
  };
}
