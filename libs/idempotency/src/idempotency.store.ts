import { createHash, randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import {
  type Actor,
  CHANGE_REQUEST_ID,
  changeRequestStream,
  IDEMPOTENCY_STREAM_PREFIX,
} from '@change-ledger/domain';
import {
  type EventStore,
  formatPosition,
  jsonData,
  type RecordedEvent,
  StreamDeletedError,
  type StreamAppend,
  storedAs,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import { decodeAnswer, encodeAnswer, storableText } from './answer-encoding';
import { IdempotencyError } from './idempotency.errors';
import {
  IDEMPOTENCY_EVENT_TYPES,
  type IdempotencyEvent,
  type IdempotentRequestStarted,
  type IdempotentWriteRecorded,
} from './idempotency.events';

/** What to do with a request that carries an Idempotency-Key. */
export type IdempotentStart =
  | { kind: 'proceed'; claim: Claim }
  | { kind: 'replay'; status: number; body: unknown; recovered: boolean };

/** A key this request holds until it records its answer or gives the key back. */
export interface Claim {
  streamId: string;
  /** The revision of the key stream's last event: moved by each write this request records. */
  revision: number;
  actor: Actor & { authenticatedBy: string };
  key: string;
  requestId: string;
  /** Whether an append of this request (and its `IdempotentWriteRecorded`) was stored. */
  wrote: boolean;
}

export interface IdempotentRequest {
  actor: Actor & { authenticatedBy: string };
  key: string;
  /** SHA-256 of what makes the request this request: method, path and body. */
  fingerprint: string;
  at: Date;
  correlationId: string;
  /** The id its writes carry as `source.requestId` (ClaimMarkingEventStore matches on it). */
  requestId: string;
  /** The route's status on success: a recovered answer is given it. */
  successStatus: number;
}

export interface IdempotencyOptions {
  /**
   * How long a claim is its request's alone. After it, a retry resolves a claim whose request
   * died: it reads whether the request wrote anything. Safety never depends on it (a request
   * whose claim was taken over cannot write: ADR 0017); it bounds how long a key stays in doubt.
   */
  leaseMs: number;
}

export const DEFAULT_IDEMPOTENCY_LEASE_MS = 30_000;

/** Claims tried at most: the first blind, the others after reading who holds the key. */
const ATTEMPTS = 6;

type KeyState =
  | { kind: 'free'; revision: number }
  | {
      kind: 'claimed';
      revision: number;
      started: IdempotentRequestStarted['data'];
      writes: IdempotentWriteRecorded['data']['writes'];
    }
  | {
      kind: 'answered';
      revision: number;
      started: IdempotentRequestStarted['data'] | undefined;
      status: number;
      body: unknown;
      recovered: boolean;
    };

/**
 * Idempotency keys kept in the ledger itself (IETF draft-ietf-httpapi-idempotency-key-header):
 * a retry after a lost answer gets the first answer; the same key with another request is
 * refused; a retry while the first is still running is told to wait, and once the first's lease
 * is over, the retry resolves it from the store: the first answer rebuilt from what the first
 * request wrote, or (nothing written) the key taken over and the request run once. Keyed by
 * principal, so one client's keys never meet another's. Answers are kept as long as the ledger
 * keeps records.
 */
export class IdempotencyStore {
  constructor(
    private readonly store: EventStore,
    private readonly options: IdempotencyOptions = { leaseMs: DEFAULT_IDEMPOTENCY_LEASE_MS },
  ) {}

  get leaseSeconds(): number {
    return Math.ceil(this.options.leaseMs / 1000);
  }

  async start(request: IdempotentRequest): Promise<IdempotentStart> {
    const streamId = `${IDEMPOTENCY_STREAM_PREFIX}${sha256(`${request.actor.id}\u0000${request.key}`).slice(0, 40)}`;
    for (let attempt = 1; ; attempt++) {
      // Nearly every key is new: claim it at once, and read the key's stream only when the claim
      // finds someone there before (a retry, a reuse), which saves a read on every first request.
      const state =
        attempt === 1
          ? ({ kind: 'free', revision: -1 } as const)
          : foldKey(await this.store.readStream(streamId));
      try {
        if (state.kind === 'free') return await this.claim(streamId, state.revision, [], request);
        if (state.started && state.started.fingerprint !== request.fingerprint) {
          throw new IdempotencyError(
            'IDEMPOTENCY.KEY_REUSED',
            'unprocessable',
            'This Idempotency-Key was used for another request; use a new key for a new request',
            { key: request.key },
          );
        }
        if (state.kind === 'answered') {
          return {
            kind: 'replay',
            status: state.status,
            body: state.body,
            recovered: state.recovered,
          };
        }
        const leaseEnds = this.leaseEnd(state.started);
        if (request.at.getTime() < leaseEnds) {
          const retryAfterSeconds = Math.max(
            1,
            Math.ceil((leaseEnds - request.at.getTime()) / 1000),
          );
          throw new IdempotencyError(
            'IDEMPOTENCY.IN_PROGRESS',
            'conflict',
            `The first request with this Idempotency-Key is still being processed; retry with the same key in ${retryAfterSeconds} s`,
            { key: request.key, retryAfterSeconds },
          );
        }
        // The first request's lease is over: it died (or is past saving). What did it write?
        const recorded = await this.recordedWrites(state.writes);
        if (recorded.length > 0) {
          const body = recoveredAnswer(recorded);
          await this.append(
            { streamId, revision: state.revision, actor: request.actor },
            [
              {
                type: 'IdempotentResponseRecorded',
                data: {
                  status: request.successStatus,
                  bodyJson: encodeAnswer(body),
                  recordedAt: request.at.toISOString(),
                  recovered: true,
                },
              },
            ],
            request.at,
            request.correlationId,
          );
          return { kind: 'replay', status: request.successStatus, body, recovered: true };
        }
        // Nothing was recorded, and the claim's revision moving now fences the first request:
        // an append it still has in flight fails on the key stream and writes nothing.
        return await this.claim(
          streamId,
          state.revision,
          [
            {
              type: 'IdempotentRequestAbandoned',
              data: {
                reason: `Its lease ended at ${new Date(leaseEnds).toISOString()} with nothing recorded; taken over by request ${storableText(request.requestId)}`,
                abandonedAt: request.at.toISOString(),
              },
            },
          ],
          request,
        );
      } catch (error) {
        // Another request with the same key claimed or resolved it first: read what it did.
        if (error instanceof WrongExpectedRevisionError && attempt < ATTEMPTS) continue;
        // Still moving after every attempt: other requests with this key are busy on it. That is
        // the key being in use, not an internal stream's conflict for the client to decode.
        if (error instanceof WrongExpectedRevisionError) {
          throw new IdempotencyError(
            'IDEMPOTENCY.IN_PROGRESS',
            'conflict',
            'Other requests with this Idempotency-Key are being processed; retry with the same key in 1 s',
            { key: request.key, retryAfterSeconds: 1 },
          );
        }
        throw error;
      }
    }
  }

  async complete(claim: Claim, status: number, body: unknown, at: Date, correlationId: string) {
    const { nextExpectedRevision } = await this.append(
      claim,
      [
        {
          type: 'IdempotentResponseRecorded',
          data: { status, bodyJson: encodeAnswer(body), recordedAt: at.toISOString() },
        },
      ],
      at,
      correlationId,
    );
    claim.revision = nextExpectedRevision;
  }

  /**
   * Gives the key back: stored, it also means the request's own writes can no longer be stored
   * (they would append at the revision this moved), so "nothing was recorded" is then true.
   */
  async abandon(claim: Claim, reason: string, at: Date, correlationId: string) {
    const { nextExpectedRevision } = await this.append(
      claim,
      [
        {
          type: 'IdempotentRequestAbandoned',
          data: { reason: storableText(reason), abandonedAt: at.toISOString() },
        },
      ],
      at,
      correlationId,
    );
    claim.revision = nextExpectedRevision;
  }

  private async claim(
    streamId: string,
    revision: number,
    before: IdempotencyEvent[],
    request: IdempotentRequest,
  ): Promise<IdempotentStart> {
    const { nextExpectedRevision } = await this.append(
      { streamId, revision, actor: request.actor },
      [
        ...before,
        {
          type: 'IdempotentRequestStarted',
          data: {
            principal: request.actor.id,
            key: request.key,
            fingerprint: request.fingerprint,
            startedAt: request.at.toISOString(),
            leaseUntil: new Date(request.at.getTime() + this.options.leaseMs).toISOString(),
            requestId: request.requestId,
          },
        },
      ],
      request.at,
      request.correlationId,
    );
    return {
      kind: 'proceed',
      claim: {
        streamId,
        revision: nextExpectedRevision,
        actor: request.actor,
        key: request.key,
        requestId: request.requestId,
        wrote: false,
      },
    };
  }

  private leaseEnd(started: IdempotentRequestStarted['data']): number {
    const until = started.leaseUntil ? Date.parse(started.leaseUntil) : Number.NaN;
    return Number.isFinite(until) ? until : Date.parse(started.startedAt) + this.options.leaseMs;
  }

  /**
   * The writes of a dead request that are in the store. On PostgreSQL a write and its record
   * commit together, so this only confirms it; on EventStoreDB (one append per stream, the
   * record first) it tells a write that was stored from one that was not.
   */
  private async recordedWrites(writes: IdempotentWriteRecorded['data']['writes']) {
    const recorded: { streamId: string; eventIds: string[]; position: string | null }[] = [];
    for (const write of writes) {
      let events: RecordedEvent[];
      try {
        events = await this.store.readStream(write.streamId);
      } catch (error) {
        // Retention removes only what was stored (and old): the write was recorded.
        if (error instanceof StreamDeletedError) {
          recorded.push({ ...write, position: null });
          continue;
        }
        throw error;
      }
      const ids = new Set(write.eventIds);
      const stored = events.filter((event) => ids.has(event.id));
      if (stored.length > 0)
        recorded.push({ ...write, position: formatPosition(stored.at(-1)!.position) });
    }
    return recorded;
  }

  private append(
    claim: Pick<Claim, 'streamId' | 'revision' | 'actor'>,
    events: IdempotencyEvent[],
    at: Date,
    correlationId: string,
  ) {
    return this.store.appendToStream(
      claim.streamId,
      events.map((event) => keyEvent(claim, event, at, correlationId)),
      { expectedRevision: claim.revision < 0 ? 'no_stream' : claim.revision },
    );
  }
}

/**
 * The record of a claimed request's writes, to be appended in the same append as them, at the
 * claim's revision (ClaimMarkingEventStore).
 */
export function writeRecordedAppend(
  claim: Claim,
  writes: IdempotentWriteRecorded['data']['writes'],
  at: Date,
): StreamAppend {
  return {
    streamId: claim.streamId,
    expectedRevision: claim.revision < 0 ? 'no_stream' : claim.revision,
    events: [
      {
        ...keyEvent(
          claim,
          { type: 'IdempotentWriteRecorded', data: { requestId: claim.requestId, writes } },
          at,
          claim.requestId,
        ),
        // Named by what it records: a handler that sends the same append again after an answer
        // it lost (a connection cut at commit) meets its own record and is answered as a replay,
        // instead of a fencing conflict that would say nothing was recorded when it was.
        id: uuidV5(
          [
            claim.streamId,
            claim.requestId,
            ...writes.flatMap((w) => [w.streamId, ...w.eventIds]),
          ].join('\n'),
          WRITE_RECORD_NAMESPACE,
        ),
      },
    ],
  };
}

/** UUIDv5 namespace of IdempotentWriteRecorded ids (random, fixed forever). */
const WRITE_RECORD_NAMESPACE = '6f1d2b8e-3c52-4d0b-9a7e-5b1f0c2d9e41';

function keyEvent(
  claim: Pick<Claim, 'actor'>,
  event: IdempotencyEvent,
  at: Date,
  correlationId: string,
) {
  return {
    id: randomUUID(),
    type: event.type,
    data: jsonData(event.data),
    metadata: {
      actor: claim.actor,
      occurredAt: at.toISOString(),
      correlationId,
      source: { kind: 'api' as const, requestId: correlationId },
    },
  };
}

/** The key's stream, folded: free, claimed (with the writes of its current claim) or answered. */
function foldKey(events: RecordedEvent[]): KeyState {
  let state = { kind: 'free', revision: -1 } as KeyState;
  let started: IdempotentRequestStarted['data'] | undefined;
  for (const event of events) {
    const typed = storedAs<IdempotencyEvent>(event, IDEMPOTENCY_EVENT_TYPES);
    switch (typed?.type) {
      case 'IdempotentRequestStarted':
        started = typed.data;
        state = { kind: 'claimed', revision: event.revision, started, writes: [] };
        break;
      case 'IdempotentWriteRecorded':
        state =
          state.kind === 'claimed'
            ? {
                ...state,
                revision: event.revision,
                writes: [...state.writes, ...typed.data.writes],
              }
            : { ...state, revision: event.revision };
        break;
      case 'IdempotentResponseRecorded':
        state = {
          kind: 'answered',
          revision: event.revision,
          started,
          status: typed.data.status,
          body: decodeAnswer(typed.data),
          recovered: typed.data.recovered === true,
        };
        break;
      case 'IdempotentRequestAbandoned':
        state = { kind: 'free', revision: event.revision };
        break;
      default:
        state = { ...state, revision: event.revision };
    }
  }
  return state;
}

/**
 * The answer of a request that wrote and died before its answer was stored. Its own answer was
 * only ever in its memory; what the store holds is what it recorded, which the client can read
 * (and wait for with `min_position`).
 */
function recoveredAnswer(
  recorded: { streamId: string; eventIds: string[]; position: string | null }[],
) {
  // The one thing a client must learn from a create it never got the answer to is the new
  // change request's id: named when the write touched exactly one change request.
  const changeRequests = [
    ...new Set(
      recorded
        .map((write) => write.streamId.slice(changeRequestStream('').length))
        .filter((id, n) => recorded[n]!.streamId.startsWith(changeRequestStream('')))
        .filter((id) => CHANGE_REQUEST_ID.test(id)),
    ),
  ];
  return {
    recovered: true,
    ...(changeRequests.length === 1 ? { change_request_id: changeRequests[0] } : {}),
    detail:
      'The first request with this Idempotency-Key was recorded, but the API stopped before it answered; these are the events it recorded',
    recorded: recorded.map((write) => ({
      stream_id: write.streamId,
      event_ids: write.eventIds,
      position: write.position,
    })),
  };
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
