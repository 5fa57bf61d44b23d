import {
  EVENT_STORE,
  EventIdConflictError,
  type EventStore,
  type RecordedEvent,
  storedAs,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import {
  type CiEventStreamEvent,
  deploysToProduction,
  type SourceSystems,
} from '@change-ledger/domain';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { type Clock } from '../request-context';
import { ChangeRequestStates } from './change-request-states/change-request-states';
import { STREAM_HEADS, type StreamHeads } from './change-request-states/stream-heads';
import { ciFactIdentity } from './ci-event-stream';
import { CiFactBatch, type PreparedCiEvent } from './ci-fact-batch';
import { CiFactDecisions } from './ci-fact-decisions';
import { assertMayReport } from './ci-reporter';
import {
  CHANGE_REQUEST_LINK_INDEX,
  type ChangeRequestLinkIndex,
  type RegisteredLink,
} from './links/change-request-link-index';
import { type CiEventOutcome, type CiEventToRecord } from './record-ci-fact.command';
import { type ReportedTimeLimits } from './reported-time';

/** What recording a CI fact depends on besides the stores: the clock and two policy rules. */
export interface CiRecordingRules {
  clock: Clock;
  /** When a reported `occurred_at` is flagged (never refused). */
  timeLimits: ReportedTimeLimits;
  /** The CI sources a person's own credential may report for (the policy's `ci_ingestion`). */
  peopleMayReport: readonly string[];
  /** Which systems' changes a source's facts may be recorded on (the policy's `ci_ingestion`). */
  sourceSystems: readonly SourceSystems[];
}
export const CI_RECORDING_RULES = Symbol('CI_RECORDING_RULES');

const ATTEMPTS = 5;
/** Receipt streams read at once after a lost race (a pool holds about ten connections). */
const READ_CONCURRENCY = 8;

/**
 * Records CI facts once, a batch at a time (a batch of one for HTTP). Its I/O, in order:
 * 1. the receipts already stored — read only when a first attempt found one (a redelivery, or
 *    another delivery racing this one): new facts, the common case, cost no read;
 * 2. the links of every new fact in one query (the write side's link table, ADR 0014);
 * 3. the change requests they touch: those this process appended to last and nobody wrote since
 *    as it left them (one query of their heads), the others loaded from their streams;
 * 4. decisions in memory (CiFactBatch), then one multi-stream append of receipts and change-request
 *    events, each at the revision read: all or nothing on PostgreSQL.
 * A lost race (a receipt or a change written meanwhile) starts over from step 1 with the receipts
 * read, so each message is answered by what is stored, whatever the interleaving.
 */
@Injectable()
export class CiFactRecorder {
  private readonly changeRequests: ChangeRequestStates;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHANGE_REQUEST_LINK_INDEX) private readonly links: ChangeRequestLinkIndex,
    @Inject(CI_RECORDING_RULES) private readonly rules: CiRecordingRules,
    private readonly decisions: CiFactDecisions,
    @Optional() @Inject(STREAM_HEADS) heads?: StreamHeads | null,
  ) {
    this.changeRequests = new ChangeRequestStates(decisions, heads ?? null);
  }

  async record(events: readonly CiEventToRecord[]): Promise<CiEventOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(events, attempt > 1);
      } catch (error) {
        const raced =
          error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError;
        this.changeRequests.forget();
        if (raced && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async attempt(
    events: readonly CiEventToRecord[],
    readReceipts: boolean,
  ): Promise<CiEventOutcome[]> {
    const outcomes: CiEventOutcome[] = new Array(events.length);
    const prepared: (PreparedCiEvent & { index: number })[] = [];
    events.forEach((event, index) => {
      try {
        assertMayReport(event.origin.actor, event.fact, this.rules.peopleMayReport);
        prepared.push({ ...event, index, ...ciFactIdentity(event.fact) });
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    });
    const receipts = readReceipts
      ? await this.readStreams(prepared.map((event) => event.streamId))
      : new Map<string, RecordedEvent[]>();
    const unreceived = prepared.filter((event) => !receipts.get(event.streamId)?.length);
    const lookedUp = unreceived.filter((event) => !event.fact.changeRequestId);
    const found =
      lookedUp.length > 0 ? await this.links.candidates(lookedUp.map((e) => e.fact)) : [];
    const candidates = new Map<PreparedCiEvent, RegisteredLink[]>(
      lookedUp.map((event, index) => [event, found[index] ?? []]),
    );
    const changeRequestIds = new Set<string>([
      ...unreceived.flatMap((event) => event.fact.changeRequestId ?? []),
      ...found.flat().map((link) => link.changeRequestId),
      ...[...receipts.values()].flatMap((stored) => linkedIn(stored) ?? []),
    ]);
    // A production deployment's gate may be passed by a policy exception for a service and a
    // period (ADR 0022): read once for the batch, and only when it holds one.
    const deploying = prepared.some(({ fact }) => deploysToProduction(fact));
    const batch = new CiFactBatch(
      {
        receipts,
        candidates,
        changeRequests: await this.changeRequests.load(changeRequestIds),
        standingExceptions: deploying ? await this.decisions.standingExceptions() : [],
      },
      this.decisions,
      this.rules.clock.now(),
      this.rules.timeLimits,
      this.rules,
    );
    for (const event of prepared) {
      try {
        outcomes[event.index] = { ok: true, result: batch.decide(event) };
      } catch (error) {
        outcomes[event.index] = { ok: false, error };
      }
    }
    const appends = batch.appends();
    if (appends.length > 0) await this.store.appendToStreams(appends);
    this.changeRequests.remember(batch.changeRequestsAfter());
    return outcomes;
  }

  private async readStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const ids = [...new Set(streamIds)];
    const read = new Map<string, RecordedEvent[]>();
    for (let start = 0; start < ids.length; start += READ_CONCURRENCY) {
      const slice = ids.slice(start, start + READ_CONCURRENCY);
      const streams = await Promise.all(slice.map((id) => this.store.readStream(id)));
      slice.forEach((id, index) => read.set(id, streams[index]!));
    }
    return read;
  }
}

/** The change request a stored receipt linked its fact to, if any. */
function linkedIn(stored: readonly RecordedEvent[]): string | undefined {
  const first = stored[0] && storedAs<CiEventStreamEvent>(stored[0], ['CiEventReceived']);
  return first?.type === 'CiEventReceived' ? first.data.link?.changeRequestId : undefined;
}
