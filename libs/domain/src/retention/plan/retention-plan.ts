import {
  type Policy,
  RETENTION_FLOOR_MONTHS,
  RETENTION_RECORD_KINDS,
  type RetentionRecordKind,
} from '../../policy/policy';
import { holdsOn, type LegalHolds } from '../legal-hold';
import { type RetainedRecord } from '../retained-record';
import { type PrunedRecord } from '../retention.events';

export interface HeldRecord extends PrunedRecord {
  holdIds: string[];
}

/** What a run would prune as of an instant, and what it leaves because a hold keeps it. */
export interface RetentionPlan {
  asOf: string;
  policyVersion: string;
  /** Per kind: a clock that started before this instant has run out. */
  cutoffs: Record<RetentionRecordKind, string>;
  /** The floor: nothing whose last event is younger than this is ever deleted (the database agrees). */
  floor: string;
  eligible: PrunedRecord[];
  held: HeldRecord[];
}

/**
 * Which records have outlived their period as of `asOf`: closed (an open change request never
 * is), their clock started at least the policy's period ago, their last event older than the
 * 12-month floor, and no legal hold in force on them. Pure: the job, `ledger retention plan` and
 * the tests all ask it.
 */
export function planRetention(
  records: Iterable<RetainedRecord>,
  holds: LegalHolds,
  policy: Pick<Policy, 'retention' | 'version'>,
  asOf: Date,
): RetentionPlan {
  const floor = addMonths(asOf, -RETENTION_FLOOR_MONTHS).getTime();
  const eligible: PrunedRecord[] = [];
  const held: HeldRecord[] = [];
  for (const record of records) {
    if (record.closedAt === null) continue;
    const eligibleSince = addMonths(
      new Date(record.closedAt),
      policy.retention.periodMonths[record.kind],
    );
    if (eligibleSince.getTime() > asOf.getTime()) continue;
    if (Date.parse(record.lastRecordedAt) > floor) continue;
    const line: PrunedRecord = {
      streamId: record.streamId,
      kind: record.kind,
      closedAt: record.closedAt,
      eligibleSince: eligibleSince.toISOString(),
      lastRevision: record.lastRevision,
      lastHash: record.lastHash,
    };
    const holdIds = holdsOn(record, holds, asOf);
    if (holdIds.length > 0) held.push({ ...line, holdIds });
    else eligible.push(line);
  }
  const order = (a: PrunedRecord, b: PrunedRecord) =>
    a.closedAt.localeCompare(b.closedAt) || a.streamId.localeCompare(b.streamId);
  return {
    asOf: asOf.toISOString(),
    policyVersion: policy.version,
    cutoffs: Object.fromEntries(
      RETENTION_RECORD_KINDS.map((kind) => [
        kind,
        addMonths(asOf, -policy.retention.periodMonths[kind]).toISOString(),
      ]),
    ) as Record<RetentionRecordKind, string>,
    floor: new Date(floor).toISOString(),
    eligible: eligible.sort(order),
    held: held.sort(order),
  };
}

/** Calendar months in UTC; the 31st of a shorter month is its last day (a year after 29 Feb is 28 Feb). */
export function addMonths(at: Date, months: number): Date {
  const target = new Date(
    Date.UTC(
      at.getUTCFullYear(),
      at.getUTCMonth() + months,
      1,
      at.getUTCHours(),
      at.getUTCMinutes(),
      at.getUTCSeconds(),
      at.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  return target;
}
