import { type CiFact, type ReportedTimeFlag } from '@change-ledger/domain';

/**
 * A CI fact's `occurredAt` is the reporter's word and is kept as reported; the ledger's own
 * `recordedAt` is the server's. Where the two disagree by more than these limits the fact is
 * still recorded (refusing it would lose evidence), but flagged for a reviewer.
 */
export interface ReportedTimeLimits {
  /** Ahead of the server's clock by more than this: a wrong clock, or a fact dated in advance. */
  maxFutureSkewSeconds: number;
  /** Reported this long after it happened: late evidence, perhaps written after the fact. */
  maxAgeHours: number;
}

export const DEFAULT_REPORTED_TIME_LIMITS: ReportedTimeLimits = {
  maxFutureSkewSeconds: 300,
  maxAgeHours: 72,
};

export function reportedTimeFlags(
  fact: Pick<CiFact, 'occurredAt'>,
  receivedAt: Date,
  limits: ReportedTimeLimits,
): ReportedTimeFlag[] {
  const ahead = Date.parse(fact.occurredAt) - receivedAt.getTime();
  const flags: ReportedTimeFlag[] = [];
  if (ahead > limits.maxFutureSkewSeconds * 1000) flags.push('occurred_in_future');
  if (-ahead > limits.maxAgeHours * 3_600_000) flags.push('reported_late');
  return flags;
}
