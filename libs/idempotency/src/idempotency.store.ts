import { createHash, randomUUID } from 'node:crypto';
import { type Actor } from '@change-ledger/domain';
import {
  type EventStore,
  jsonData,
  type RecordedEvent,
  storedAs,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import { IdempotencyError } from './idempotency.errors';
import {
  IDEMPOTENCY_EVENT_TYPES,
  IDEMPOTENCY_STREAM_PREFIX,
  type IdempotencyEvent,
} from './idempotency.events';

/** What to do with a request that carries an Idempotency-Key. */
export type IdempotentStart =
  { kind: 'proceed'; claim: Claim } | { kind: 'replay'; status: number; body: unknown };

/** A key this request holds until it records its answer or gives the key back. */
export interface Claim {
  streamId: string;
  revision: number;
  actor: Actor & { authenticatedBy: string };
}

export interface IdempotentRequest {
  actor: Actor & { authenticatedBy: string };
  key: string;
  /** SHA-256 of what makes the request this request: method, path and body. */
  fingerprint: string;
  at: Date;
  correlationId: string;
}

/** Claims tried at most: the first blind, the others after reading who holds the key. */
const ATTEMPTS = 6;

/**
 * Idempotency keys kept in the ledger itself (IETF draft-ietf-httpapi-idempotency-key-header):
 * a retry after a lost answer gets the first answer; the same key with another request is
 * refused; a retry while the first is still running is told to wait. Keyed by principal, so one
 * client's keys never meet another's. Answers are kept as long as the ledger keeps records.
 */
export class IdempotencyStore {
  constructor(private readonly store: EventStore) {}

  async start(request: IdempotentRequest): Promise<IdempotentStart> {
    const streamId = `${IDEMPOTENCY_STREAM_PREFIX}${sha256(`${request.actor.id}\u0000${request.key}`).slice(0, 40)}`;
    for (let attempt = 1; ; attempt++) {
      // Nearly every key is new: claim it at once, and read the key's stream only when the claim
      // finds someone there before (a retry, a reuse), which saves a read on every first request.
      const events = attempt === 1 ? [] : await this.store.readStream(streamId);
      const last = events.at(-1);
      const typed = last && storedAs<IdempotencyEvent>(last, IDEMPOTENCY_EVENT_TYPES);
      if (
        typed?.type === 'IdempotentResponseRecorded' ||
        typed?.type === 'IdempotentRequestStarted'
      ) {
        const started = lastStarted(events)!;
        if (started.data.fingerprint !== request.fingerprint) {
          throw new IdempotencyError(
            'IDEMPOTENCY.KEY_REUSED',
            'unprocessable',
            'This Idempotency-Key was used for another request; use a new key for a new request',
            { key: request.key },
          );
        }
        if (typed.type === 'IdempotentRequestStarted') {
          throw new IdempotencyError(
            'IDEMPOTENCY.IN_PROGRESS',
            'conflict',
            'The first request with this Idempotency-Key is still being processed',
            { key: request.key },
          );
        }
        return { kind: 'replay', status: typed.data.status, body: typed.data.body };
      }
      try {
        const { nextExpectedRevision } = await this.append(
          { streamId, revision: last?.revision ?? -1, actor: request.actor },
          {
            type: 'IdempotentRequestStarted',
            data: {
              principal: request.actor.id,
              key: request.key,
              fingerprint: request.fingerprint,
              startedAt: request.at.toISOString(),
            },
          },
          request.at,
          request.correlationId,
        );
        return {
          kind: 'proceed',
          claim: { streamId, revision: nextExpectedRevision, actor: request.actor },
        };
      } catch (error) {
        // Another request with the same key claimed it first: read what it did.
        if (error instanceof WrongExpectedRevisionError && attempt < ATTEMPTS) continue;
        throw error;
      }
    }
  }

  async complete(claim: Claim, status: number, body: unknown, at: Date, correlationId: string) {
    await this.append(
      claim,
      {
        type: 'IdempotentResponseRecorded',
        data: { status, body: body ?? null, recordedAt: at.toISOString() },
      },
      at,
      correlationId,
    );
  }

  async abandon(claim: Claim, reason: string, at: Date, correlationId: string) {
    await this.append(
      claim,
      { type: 'IdempotentRequestAbandoned', data: { reason, abandonedAt: at.toISOString() } },
      at,
      correlationId,
    );
  }

  private append(claim: Claim, event: IdempotencyEvent, at: Date, correlationId: string) {
    return this.store.appendToStream(
      claim.streamId,
      [
        {
          id: randomUUID(),
          type: event.type,
          data: jsonData(event.data),
          metadata: {
            actor: claim.actor,
            occurredAt: at.toISOString(),
            correlationId,
            source: { kind: 'api', requestId: correlationId },
          },
        },
      ],
      { expectedRevision: claim.revision < 0 ? 'no_stream' : claim.revision },
    );
  }
}

function lastStarted(events: RecordedEvent[]) {
  for (let index = events.length - 1; index >= 0; index--) {
    const typed = storedAs<IdempotencyEvent>(events[index]!, ['IdempotentRequestStarted']);
    if (typed?.type === 'IdempotentRequestStarted') return typed;
  }
  return undefined;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
