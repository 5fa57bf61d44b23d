/**
 * The events of an idempotency key's stream (`idempotency-…`, one per principal and key): the
 * first request that claimed it, and then either its answer or that it failed. One declaration
 * for writer and readers.
 */
export interface IdempotentRequestStarted {
  type: 'IdempotentRequestStarted';
  data: { principal: string; key: string; fingerprint: string; startedAt: string };
}

export interface IdempotentResponseRecorded {
  type: 'IdempotentResponseRecorded';
  data: { status: number; body: unknown; recordedAt: string };
}

/** The request failed (nothing was recorded for it): the key may be used again. */
export interface IdempotentRequestAbandoned {
  type: 'IdempotentRequestAbandoned';
  data: { reason: string; abandonedAt: string };
}

export type IdempotencyEvent =
  IdempotentRequestStarted | IdempotentResponseRecorded | IdempotentRequestAbandoned;

export const IDEMPOTENCY_EVENT_TYPES: IdempotencyEvent['type'][] = [
  'IdempotentRequestStarted',
  'IdempotentResponseRecorded',
  'IdempotentRequestAbandoned',
];

export const IDEMPOTENCY_STREAM_PREFIX = 'idempotency-';
