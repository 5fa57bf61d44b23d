import { type LegalHoldEvent, type LegalHoldPlaced } from './retention.events';
import { type RetainedRecord } from './retained-record';

/**
 * A legal hold keeps records from retention whatever their age: one change request (and the CI
 * events linked to it), every record of an affected system, or every record active in a time
 * range. The database's deletion function applies the same three rules (ledger.legal_hold_on()).
 */
export type LegalHoldScope =
  | { kind: 'change_request'; changeRequestId: string }
  | { kind: 'system'; system: string }
  | { kind: 'time_range'; from: string; to: string };

/** A hold as placed, and its release once released. */
export interface LegalHold extends LegalHoldPlaced {
  released: { by: string; at: string; reason: string } | null;
}

/** Every hold ever placed, by id: the state of the legal-holds stream. */
export type LegalHolds = ReadonlyMap<string, LegalHold>;

export function evolveLegalHolds(holds: LegalHolds, event: LegalHoldEvent): LegalHolds {
  const next = new Map(holds);
  switch (event.type) {
    case 'LegalHoldPlaced': {
      const { holdId, scope, reason, until, placedBy, placedAt } = event.data;
      next.set(holdId, { holdId, scope, reason, until, placedBy, placedAt, released: null });
      return next;
    }
    case 'LegalHoldReleased': {
      const hold = holds.get(event.data.holdId);
      if (hold) {
        const { releasedBy: by, releasedAt: at, reason } = event.data;
        next.set(hold.holdId, { ...hold, released: { by, at, reason } });
      }
      return next;
    }
  }
}

export function foldLegalHolds(events: readonly LegalHoldEvent[]): LegalHolds {
  return events.reduce<LegalHolds>(evolveLegalHolds, new Map());
}

/** In force at `at`: not released, and not past its `until`. */
export function isActive(hold: LegalHold, at: Date): boolean {
  return hold.released === null && (hold.until === null || Date.parse(hold.until) > at.getTime());
}

export function covers(scope: LegalHoldScope, record: RetainedRecord): boolean {
  switch (scope.kind) {
    case 'change_request':
      return record.changeRequestId === scope.changeRequestId;
    case 'system':
      return record.systems.includes(scope.system);
    case 'time_range':
      // The record was active during the range: its first event before the end, its last after the start.
      return (
        Date.parse(record.firstRecordedAt) <= Date.parse(scope.to) &&
        Date.parse(record.lastRecordedAt) >= Date.parse(scope.from)
      );
  }
}

/** The ids of the holds in force at `at` that keep this record. */
export function holdsOn(record: RetainedRecord, holds: LegalHolds, at: Date): string[] {
  return [...holds.values()]
    .filter((hold) => isActive(hold, at) && covers(hold.scope, record))
    .map((hold) => hold.holdId);
}
