import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type MetricConfiguration,
} from 'prom-client';

/** Ingestor outcomes, one counter label each (CI events, DESIGN.md "Ingestion"). */
export type IngestOutcome = 'recorded' | 'duplicate' | 'conflict' | 'dead-lettered' | 'retried';

/**
 * Every metric a Change Ledger process serves, on its own registry (several apps can share one
 * test process). Each process fills what it does; the rest stay at zero or absent.
 */
export class LedgerMetrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'ledger_event_store_append_duration_seconds',
    help: 'Event store appends, by outcome (ok, conflict, error)',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly appendConflicts = new Counter({
    name: 'ledger_event_store_append_conflicts_total',
    help: 'Appends refused for a wrong expected revision or a reused event id',
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'ledger_events_appended_total',
    help: 'Events appended by this process, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly deadlineEvents = new Counter({
    name: 'ledger_deadline_events_total',
    help: 'Missed-deadline events recorded (emergency documentation, reviews, verification)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  /**
   * Every CI message, by the transport it came through (kafka, http) and its outcome: recorded,
   * duplicate, conflict; dead-lettered (Kafka) or refused (HTTP, a 4xx); retried (Kafka).
   */
  readonly ingestMessages = new Counter({
    name: 'ledger_ingest_messages_total',
    help: 'CI messages taken from Kafka or HTTP, by transport and outcome',
    labelNames: ['transport', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'ledger_ingest_consumer_lag_messages',
    help: 'Messages behind the partition head after the last batch, per topic and partition',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });

  constructor(options: { service: string; processMetrics?: boolean }) {
    this.registry.setDefaultLabels({ service: options.service });
    for (const [transport, outcomes] of [
      ['kafka', ['recorded', 'duplicate', 'conflict', 'dead-lettered', 'retried']],
      ['http', ['recorded', 'duplicate', 'conflict', 'refused']],
    ] as const)
      for (const outcome of outcomes) this.ingestMessages.inc({ transport, outcome }, 0);
    this.appendConflicts.inc(0);
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /**
   * A gauge read when scraped (from the database: the same answer in every process), e.g. the
   * projections' lag. A failing read leaves the gauge empty for that scrape and is logged by the
   * caller's `collect`.
   */
  gauge<Label extends string>(
    configuration: Omit<MetricConfiguration<Label>, 'registers'> & {
      collect: (this: Gauge<Label>) => Promise<void>;
    },
  ): Gauge<Label> {
    return new Gauge<Label>({ ...configuration, registers: [this.registry] });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
