import { Logger } from '@nestjs/common';
import { type Pool } from 'pg';
import { type LedgerMetrics } from './ledger-metrics';

const logger = new Logger('Metrics');

interface ProjectionLagRow {
  projection: string;
  eventsBehind: number;
  secondsBehind: number;
  parked: number;
  eventsApplied: number;
}

interface ProjectionLagSource {
  lag(): Promise<ProjectionLagRow[]>;
}

/**
 * Projection lag (events and seconds), parked events and events applied per projection, read
 * from the projections' checkpoints when scraped: every process answers the same.
 */
export function projectionMetrics(metrics: LedgerMetrics, status: ProjectionLagSource): void {
  let reading: Promise<ProjectionLagRow[]> | undefined;
  // One read of the checkpoints per scrape, shared by the four gauges.
  const lag = () => {
    reading ??= status.lag().finally(() => setTimeout(() => (reading = undefined), 0));
    return reading;
  };
  const gauge = (name: string, help: string, value: (row: ProjectionLagRow) => number) =>
    metrics.gauge({
      name,
      help,
      labelNames: ['projection'] as const,
      async collect() {
        this.reset();
        try {
          for (const row of await lag()) this.set({ projection: row.projection }, value(row));
        } catch (error) {
          logger.warn(
            `${name}: not collected (${error instanceof Error ? error.message : String(error)})`,
          );
        }
      },
    });
  gauge(
    'ledger_projection_lag_events',
    'Events a projection has not applied yet',
    (row) => row.eventsBehind,
  );
  gauge(
    'ledger_projection_lag_seconds',
    'Age of the oldest event a projection has not applied yet (0 when caught up)',
    (row) => row.secondsBehind,
  );
  gauge('ledger_projection_parked_events', 'Events a projection set aside', (row) => row.parked);
  gauge(
    'ledger_projection_events_applied',
    'Events a projection has applied',
    (row) => row.eventsApplied,
  );
}

/** Age of the transparency log's newest signed checkpoint, and the log's size. */
export function transparencyLogMetrics(metrics: LedgerMetrics, pool: Pool): void {
  metrics.gauge({
    name: 'ledger_log_checkpoint_age_seconds',
    help: 'Seconds since the newest signed checkpoint of the transparency log',
    async collect() {
      this.reset();
      try {
        const { rows } = await pool.query<{ age: string | null }>(
          'SELECT extract(epoch FROM now() - max(signed_at))::text AS age FROM ledger_log.checkpoints',
        );
        if (rows[0]?.age !== null && rows[0]?.age !== undefined) this.set(Number(rows[0].age));
      } catch (error) {
        logger.warn(
          `ledger_log_checkpoint_age_seconds: not collected (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    },
  });
}
