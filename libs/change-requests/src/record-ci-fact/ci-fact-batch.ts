import { randomUUID } from 'node:crypto';
import { recordedActor } from '@change-ledger/auth';
import {
  type ChangeRequestEvent,
  type ChangeRequestState,
  type CiEventReceipt,
  type CiEventStreamEvent,
  judgeUnlinkedFact,
  type StandingException,
} from '@change-ledger/domain';
import {
  jsonData,
  type NewEvent,
  type RecordedEvent,
  storedAs,
  type StreamAppend,
} from '@change-ledger/event-store';
import { v5 as uuidV5 } from 'uuid';
import { type ChangeRequestAt } from './change-request-states/change-request-states';
import { type CiFactDecisions } from './ci-fact-decisions';
import { isRedelivery } from './ci-event-stream';
import { assertReaches, type CiReportingPolicy, reaches } from './ci-reporter';
import { type RegisteredLink } from './links/change-request-link-index';
import { chooseLink } from './links/choose-link';
import {
  type CiEventOrigin,
  type CiEventToRecord,
  type RecordCiFactResult,
} from './record-ci-fact.command';
import { type ReportedTimeLimits, reportedTimeFlags } from './reported-time';

/** UUIDv5 namespace of the ledger's CI conflicts: one per (stream, content), stored once. */
const RECEIPT_NAMESPACE = '0b0f5a57-6f0e-4c55-9a53-3d5b1f0e2c8a';
const CI_STREAM_EVENTS = ['CiEventReceived', 'CiEventConflicted', 'CiEventRedelivered'] as const;

const UNLINKED = {
  changeRequestId: null,
  linkedBy: null,
  authorized: null,
  reason: null,
  gate: null,
};

/** A message once its reporter is admitted: the stream of its (source, id), its content hash. */
export interface PreparedCiEvent extends CiEventToRecord {
  streamId: string;
  contentHash: string;
}

/**
 * What a batch found stored before it started: receipt streams, links, change requests, and the
 * approved policy exceptions a production deployment's gate may be passed by (ADR 0022).
 */
export interface StoredBeforeBatch {
  receipts: ReadonlyMap<string, readonly RecordedEvent[]>;
  candidates: ReadonlyMap<PreparedCiEvent, readonly RegisteredLink[]>;
  changeRequests: ReadonlyMap<string, ChangeRequestAt>;
  standingExceptions: readonly StandingException[];
}

interface ReceiptStream {
  first: CiEventReceipt | null;
  contentHashes: Set<string>;
  /** The bodies already kept in the stream, by their SHA-256. */
  rawBodies: Set<string>;
  revision: number | undefined;
  pending: NewEvent[];
}

interface ChangeWork {
  state: ChangeRequestState;
  revision: number | undefined;
  pending: { event: ChangeRequestEvent; context: CiEventContext }[];
}

type CiEventContext = Parameters<CiFactDecisions['decide']>[3];

/**
 * The decisions of one batch, in memory and in offset order: each message is decided on what
 * was stored plus what the messages before it in the batch decided (a redelivery within the
 * batch is a duplicate of the first; a rollback sees the deployment before it). A message whose
 * decision throws changes nothing: its error is its answer and the next message goes on. Then
 * `appends()` is the whole batch as one multi-stream append, at the revisions that were read.
 */
export class CiFactBatch {
  private readonly receiptStreams = new Map<string, ReceiptStream>();
  private readonly changes = new Map<string, ChangeWork>();

  constructor(
    private readonly stored: StoredBeforeBatch,
    private readonly decisions: CiFactDecisions,
    private readonly receivedAt: Date,
    private readonly timeLimits: ReportedTimeLimits,
    private readonly reporting: CiReportingPolicy,
  ) {}

  /** Decides one message; on success its events join the batch's, on a throw nothing does. */
  decide(message: PreparedCiEvent): RecordCiFactResult {
    const stream = this.receiptStream(message.streamId);
    const { fact, contentHash, origin } = message;
    if (!stream.first) {
      const receipt = this.receive(message);
      const applied = this.applyToChangeRequest(receipt, origin, 'recorded');
      // A fresh id: a delivery racing this one must fail on `no_stream` and read the winner,
      // never pass as an idempotent replay of it.
      stream.pending.push(
        this.envelope(randomUUID(), { type: 'CiEventReceived', data: receipt }, origin),
      );
      stream.first = receipt;
      stream.contentHashes.add(contentHash);
      if (message.raw) stream.rawBodies.add(message.raw.sha256);
      return applied;
    }
    const receipt = stream.first;
    if (isRedelivery(receipt, fact, contentHash, this.receivedAt)) {
      this.keepRedelivery(message, stream);
      return this.applyToChangeRequest(receipt, origin, 'duplicate');
    }
    if (!stream.contentHashes.has(contentHash)) {
      const conflict: CiEventStreamEvent = {
        type: 'CiEventConflicted',
        data: {
          fact,
          contentHash,
          receivedAt: this.receivedAt.toISOString(),
          firstContentHash: receipt.contentHash,
          ...(message.raw ? { raw: message.raw } : {}),
        },
      };
      stream.pending.push(
        this.envelope(
          uuidV5(`${message.streamId}/${contentHash}`, RECEIPT_NAMESPACE),
          conflict,
          origin,
        ),
      );
      stream.contentHashes.add(contentHash);
      if (message.raw) stream.rawBodies.add(message.raw.sha256);
    } else this.keepRedelivery(message, stream);
    return {
      ...UNLINKED,
      outcome: 'conflict',
      changeRequestId: receipt.link?.changeRequestId ?? null,
    };
  }

  /**
   * A delivery of content already recorded, in bytes not kept yet (re-serialised, another
   * envelope): kept as a redelivery, once per body, so that no accepted message is lost.
   */
  private keepRedelivery(message: PreparedCiEvent, stream: ReceiptStream): void {
    const { raw } = message;
    if (!raw || stream.rawBodies.has(raw.sha256)) return;
    const redelivery: CiEventStreamEvent = {
      type: 'CiEventRedelivered',
      data: {
        contentHash: message.contentHash,
        receivedAt: this.receivedAt.toISOString(),
        raw,
        ...(message.fact.unread ? { unread: message.fact.unread } : {}),
      },
    };
    stream.pending.push(
      this.envelope(
        uuidV5(`${message.streamId}/raw/${raw.sha256}`, RECEIPT_NAMESPACE),
        redelivery,
        message.origin,
        message.fact.occurredAt,
      ),
    );
    stream.rawBodies.add(raw.sha256);
  }

  /** Receipts first (on EventStoreDB, appended in this order), then the change requests. */
  appends(): StreamAppend[] {
    const appends: StreamAppend[] = [];
    for (const [streamId, stream] of this.receiptStreams) {
      if (stream.pending.length === 0) continue;
      appends.push({
        streamId,
        events: stream.pending,
        expectedRevision: stream.revision ?? 'no_stream',
      });
    }
    for (const [changeRequestId, change] of this.changes) {
      if (change.pending.length === 0) continue;
      appends.push(this.decisions.appendOf(changeRequestId, change.pending, change.revision));
    }
    return appends;
  }

  /**
   * Each change request the batch decided on, as it stands once `appends()` is stored: its state
   * after the batch's events, at the revision they take (a stream's revisions are dense).
   */
  changeRequestsAfter(): Map<string, ChangeRequestAt> {
    const after = new Map<string, ChangeRequestAt>();
    for (const [id, { state, revision, pending }] of this.changes) {
      after.set(id, {
        state,
        revision: pending.length === 0 ? revision : (revision ?? -1) + pending.length,
      });
    }
    return after;
  }

  private receive(message: PreparedCiEvent): CiEventReceipt {
    const { fact, contentHash, origin } = message;
    // A commit, pull request or artifact a change out of the reporter's reach registered says
    // nothing about that change coming from this reporter: it is no candidate (ADR 0024).
    const registered = this.stored.candidates.get(message) ?? [];
    const candidates = registered.filter((candidate) => {
      const state = this.changeWork(candidate.changeRequestId)?.state;
      return (
        !state || state.status === 'absent' || reaches(origin.actor, fact, state, this.reporting)
      );
    });
    const chosen = chooseLink(fact, candidates, (id) => this.changeWork(id)?.state);
    const outOfReach = registered.filter((candidate) => !candidates.includes(candidate));
    const found =
      chosen.link === null && outOfReach.length > 0
        ? {
            ...chosen,
            why: `${[...new Set(outOfReach.map((candidate) => candidate.changeRequestId))].join(', ')} registered it, out of ${origin.actor.id}'s reach`,
          }
        : chosen;
    return {
      fact,
      contentHash,
      receivedAt: this.receivedAt.toISOString(),
      link: found.link,
      unauthorized: found.link === null ? judgeUnlinkedFact(fact, found.why) : null,
      reportedTimeFlags: reportedTimeFlags(fact, this.receivedAt, this.timeLimits),
      ...(message.raw ? { raw: message.raw } : {}),
    };
  }

  /**
   * The fact on its change request, through the decider, which ignores a fact it already holds:
   * a redelivery after a crash between the two (EventStoreDB) completes what was missing.
   */
  private applyToChangeRequest(
    receipt: CiEventReceipt,
    origin: CiEventOrigin,
    outcome: 'recorded' | 'duplicate',
  ): RecordCiFactResult {
    const { fact, link } = receipt;
    if (!link) {
      return {
        ...UNLINKED,
        outcome,
        authorized: receipt.unauthorized ? false : null,
        reason: receipt.unauthorized?.reason ?? null,
      };
    }
    const id = link.changeRequestId;
    const change = this.changeWork(id) ?? {
      state: { status: 'absent' },
      revision: undefined,
      pending: [],
    };
    // A change named by id, out of the reporter's reach: refused, and nothing of it recorded.
    if (change.state.status !== 'absent')
      assertReaches(origin.actor, fact, change.state, this.reporting);
    const context: CiEventContext = {
      actor: origin.actor,
      requestId: origin.requestId,
      correlationId: origin.correlationId,
      source: origin.source,
    };
    // Throws the decider's refusal before anything of this message joins the batch.
    const { events, state } = this.decisions.decide(
      id,
      change.state,
      fact,
      context,
      this.stored.standingExceptions,
      // The first delivery's: a redelivery completing what a crash left undone is judged as the
      // first would have been.
      receipt.receivedAt,
    );
    change.state = state;
    change.pending.push(...events.map((event) => ({ event, context })));
    this.changes.set(id, change);
    // A redelivery records nothing new, so its judgement is the one already recorded (not repeated here).
    const recorded = events.find((event) => event.type === 'DeploymentRecorded');
    return {
      outcome,
      changeRequestId: id,
      linkedBy: link.linkedBy,
      authorized: recorded?.data.authorized ?? null,
      reason: recorded?.data.reason ?? null,
      gate: recorded?.data.gate ?? null,
    };
  }

  private changeWork(changeRequestId: string): ChangeWork | undefined {
    const known = this.changes.get(changeRequestId);
    if (known) return known;
    const loaded = this.stored.changeRequests.get(changeRequestId);
    if (!loaded) return undefined;
    const work = { state: loaded.state, revision: loaded.revision, pending: [] };
    this.changes.set(changeRequestId, work);
    return work;
  }

  private receiptStream(streamId: string): ReceiptStream {
    const known = this.receiptStreams.get(streamId);
    if (known) return known;
    const stored = this.stored.receipts.get(streamId) ?? [];
    const events = stored.flatMap(
      (event) => storedAs<CiEventStreamEvent>(event, CI_STREAM_EVENTS) ?? [],
    );
    const first = events[0]?.type === 'CiEventReceived' ? events[0].data : null;
    const stream: ReceiptStream = {
      first,
      contentHashes: new Set(
        events.flatMap((event) =>
          event.type === 'CiEventRedelivered' ? [] : [event.data.contentHash],
        ),
      ),
      rawBodies: new Set(events.flatMap((event) => event.data.raw?.sha256 ?? [])),
      revision: stored.at(-1)?.revision,
      pending: [],
    };
    this.receiptStreams.set(streamId, stream);
    return stream;
  }

  private envelope(
    id: string,
    event: CiEventStreamEvent,
    origin: CiEventOrigin,
    occurredAt = 'fact' in event.data ? event.data.fact.occurredAt : this.receivedAt.toISOString(),
  ): NewEvent {
    return {
      id,
      type: event.type,
      data: jsonData(event.data),
      metadata: {
        actor: recordedActor(origin.actor),
        occurredAt,
        correlationId: origin.correlationId,
        causationId: null,
        source: origin.source,
      },
    };
  }
}
