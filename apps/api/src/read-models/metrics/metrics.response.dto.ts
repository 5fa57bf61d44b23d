import { AnswerPeriod } from '../period-answer.dto';

/** One of API-METRICS' key metrics against its target. */
export class KeyMetric {
  /** E.g. `change_success_rate`, `rollback_rate`. */
  metric!: string;
  /** Null without data. */
  value!: number | null;
  unit!: 'ratio' | 'hours';
  /** E.g. `> 95%`, `< 24h`. */
  target!: string;
  /** Null without data. */
  met!: boolean | null;
  sample_size!: number;
  definition!: string;
}

/** The narrowing the metrics were asked for; each null when not given. */
export class MetricsFilters {
  category!: string | null;
  priority!: string | null;
  affected_system!: string | null;
}

export class DeploymentFrequency {
  deployments!: number;
  per_day!: number;
}

export class LeadTimeForChanges {
  median_hours!: number | null;
}

export class FailedDeploymentRecoveryTime {
  median_hours!: number | null;
  rollbacks!: number;
}

/** DORA's four keys, from the ledger's own facts. */
export class DoraMetrics {
  deployment_frequency!: DeploymentFrequency;
  lead_time_for_changes!: LeadTimeForChanges;
  change_failure_rate!: number | null;
  failed_deployment_recovery_time!: FailedDeploymentRecoveryTime;
}

/** POL-APPROVED-RECORD, SOC-PROHIBITED: production changes no approved one covers; the target is none. */
export class UnauthorizedChangeCount {
  count!: number;
  target!: number;
}

export class MetricsAnswer {
  from!: string;
  to!: string;
  filters!: MetricsFilters;
  key_metrics!: KeyMetric[];
  dora!: DoraMetrics;
  /** Deadlines recorded as missed, by kind (`approval`, `emergency_documentation`, …). */
  deadlines_missed!: Record<string, number>;
  unauthorized_changes!: UnauthorizedChangeCount;
  /** Present when neither `from` nor `to` was given. */
  period?: AnswerPeriod;
}
