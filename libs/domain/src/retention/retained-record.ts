import { type ChangeRequestEvent } from '../change-request/change-request.events';
import { type CiEventStreamEvent } from '../ci/ci-event-receipt';
import { type RetentionRecordKind } from '../policy/policy';
import {
  changeRequestIdOfStream,
  changeRequestStream,
  CI_EVENT_STREAM_PREFIX,
} from '../stream-names';

/**
 * What retention needs to know of one stream, folded from its events in one pass and small
 * enough to hold for every stream of a large store: its kind, what a legal hold can name it by,
 * when it was active, and when its retention clock started (`closedAt`, null while open).
 */
export interface RetainedRecord {
  streamId: string;
  kind: RetentionRecordKind;
  changeRequestId: string | null;
  /** Affected systems of a change request (every version of it), the service of a CI event. */
  systems: string[];
  firstRecordedAt: string;
  lastRecordedAt: string;
  closedAt: string | null;
  lastRevision: number;
  lastHash: string;
}

/** Where a stored event sits, as retention reads it beside the event itself. */
export interface StoredAt {
  streamId: string;
  revision: number;
  recordedAt: string;
  hash: string;
}

/** The events retention reads: a change request's, a CI fact's, or one it does not know. */
export type RetentionEvent = ChangeRequestEvent | CiEventStreamEvent;

function isCiEvent(event: RetentionEvent): event is CiEventStreamEvent {
  return (
    event.type === 'CiEventReceived' ||
    event.type === 'CiEventConflicted' ||
    event.type === 'CiEventRedelivered'
  );
}

/**
 * When a change request closes, and so when its retention clock starts: a completed, rejected or
 * cancelled change, once it owes no review — an emergency change its post-hoc review (SOC-EMERG-REVIEW), a
 * rolled-back one its post-incident review (SOC-ROLLBACK-INCIDENT). A failed change is not closed: it is still
 * to be rolled back. Any later step that reopens it (a rollback after completion) stops the clock.
 */
interface ClosingClock {
  emergency: boolean;
  terminal: boolean;
  owesPostHoc: boolean;
  owesPostIncident: boolean;
  closedAt: string | null;
}

function closing(clock: ClosingClock, event: ChangeRequestEvent): ClosingClock {
  const at = event.data.at;
  const next = { ...clock };
  switch (event.type) {
    case 'ChangeRequestCreated':
      next.emergency = event.data.emergency;
      break;
    case 'ChangeRequestRejected':
    case 'ChangeRequestCancelled':
    case 'ChangeCompleted':
      next.terminal = true;
      break;
    case 'ChangeRolledBack':
      next.terminal = true;
      next.owesPostIncident = true;
      break;
    case 'ChangeFailed':
    case 'ChangeRequestSubmitted':
    case 'ChangeRequestApproved':
    case 'StandardChangePreApproved':
    case 'ChangeScheduled':
      next.terminal = false;
      break;
    case 'ChangeImplementationStarted':
      next.terminal = false;
      next.owesPostHoc = clock.emergency;
      break;
    case 'ChangeReviewed':
      if (event.data.kind === 'post_hoc') next.owesPostHoc = false;
      if (event.data.kind === 'post_incident') next.owesPostIncident = false;
      break;
    default:
      return clock;
  }
  const closed = next.terminal && !next.owesPostHoc && !next.owesPostIncident;
  next.closedAt = closed ? (clock.closedAt ?? at) : null;
  return next;
}

interface Tracked {
  record: RetainedRecord;
  clock: ClosingClock | null;
}

/**
 * Folds the events of change-request and CI-event streams, in any interleaving of streams (the
 * global order), into one RetainedRecord each. Events of other streams are ignored: system
 * streams are never eligible.
 */
export class RetainedRecords {
  private readonly streams = new Map<string, Tracked>();

  /** `event` undefined: a type retention does not read; it still counts as activity. */
  add(event: StoredAt, content: RetentionEvent | undefined): void {
    const changeRequestId = changeRequestIdOfStream(event.streamId);
    const isChange = changeRequestId !== null;
    if (!isChange && !event.streamId.startsWith(CI_EVENT_STREAM_PREFIX)) return;
    let tracked = this.streams.get(event.streamId);
    if (!tracked) {
      tracked = {
        record: {
          streamId: event.streamId,
          kind: isChange ? 'change_request' : 'ci_event',
          changeRequestId,
          systems: [],
          firstRecordedAt: event.recordedAt,
          lastRecordedAt: event.recordedAt,
          closedAt: null,
          lastRevision: event.revision,
          lastHash: event.hash,
        },
        clock: isChange
          ? {
              emergency: false,
              terminal: false,
              owesPostHoc: false,
              owesPostIncident: false,
              closedAt: null,
            }
          : null,
      };
      this.streams.set(event.streamId, tracked);
    }
    const record = tracked.record;
    record.lastRecordedAt = event.recordedAt;
    record.lastRevision = event.revision;
    record.lastHash = event.hash;
    if (!content) return;
    if (!isCiEvent(content)) {
      if (!tracked.clock) return;
      tracked.clock = closing(tracked.clock, content);
      record.closedAt = tracked.clock.closedAt;
      if (content.type === 'ChangeRequestCreated' || content.type === 'ChangeRequestAmended')
        addSystems(record, content.data.content.affectedSystems);
    } else if (content.type === 'CiEventReceived' && !tracked.clock) {
      const { fact, link } = content.data;
      record.kind =
        link === null && fact.kind === 'deployment' ? 'unlinked_deployment' : 'ci_event';
      record.changeRequestId = link?.changeRequestId ?? null;
      // When the store recorded it, not the receipt's own claim of when it was received.
      record.closedAt = event.recordedAt;
      if (fact.service) addSystems(record, [fact.service]);
    }
  }

  /**
   * The records, a CI fact linked to a change request held to its change: its clock starts when
   * the change closes (or its own receipt, if later), and never while the change is open — the
   * raw message kept in its receipt stream is evidence of the change, and goes with it (ADR 0025).
   * A change no longer in the store (pruned before) leaves the fact its own clock.
   */
  records(): IterableIterator<RetainedRecord> {
    return [...this.streams.values()]
      .map(({ record }) => {
        if (record.kind !== 'ci_event' || record.changeRequestId === null) return record;
        const change = this.streams.get(changeRequestStream(record.changeRequestId));
        if (!change?.clock) return record;
        const closedAt = change.record.closedAt;
        return {
          ...record,
          closedAt:
            closedAt === null || record.closedAt === null
              ? null
              : closedAt > record.closedAt
                ? closedAt
                : record.closedAt,
        };
      })
      .values();
  }

  get size(): number {
    return this.streams.size;
  }
}

function addSystems(record: RetainedRecord, systems: readonly string[]): void {
  for (const system of systems) if (!record.systems.includes(system)) record.systems.push(system);
}
