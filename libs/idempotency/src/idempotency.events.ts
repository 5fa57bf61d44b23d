/**
 * The events of an idempotency key's stream (`idempotency-…`, one per principal and key): the
 * request that claimed it, the writes it made (each in the same append as the write itself), and
 * then either its answer or that it was given back. One declaration for writer and readers.
 */
export interface IdempotentRequestStarted {
  type: 'IdempotentRequestStarted';
  data: {
    principal: string;
    key: string;
    fingerprint: string;
    startedAt: string;
    /**
     * Until when the claim is the request's alone; after it, a retry resolves the claim from the
     * store (ADR 0017). Absent on claims older than leases: `startedAt` + the configured lease.
     */
    leaseUntil?: string;
    /** The request id its writes carry as `source.requestId`. */
    requestId?: string;
  };
}

/**
 * The claim's request wrote these events: appended in the same append as them (one transaction on
 * PostgreSQL), so a claim whose request died shows from its own stream whether anything was
 * recorded. Its expected revision is the claim's, which fences a request whose claim was taken
 * over: its append fails and writes nothing.
 */
export interface IdempotentWriteRecorded {
  type: 'IdempotentWriteRecorded';
  data: { requestId: string; writes: { streamId: string; eventIds: string[] }[] };
}

export interface IdempotentResponseRecorded {
  type: 'IdempotentResponseRecorded';
  data: {
    status: number;
    /**
     * The answer as JSON text: `JSON.stringify` escapes what PostgreSQL cannot hold (U+0000, lone
     * surrogates), and `JSON.parse` gives back exactly the answer. Older answers have `body`.
     */
    bodyJson?: string;
    body?: unknown;
    recordedAt: string;
    /**
     * The request wrote and then died before its answer was stored: this answer was rebuilt from
     * its `IdempotentWriteRecorded` by the retry that resolved the claim.
     */
    recovered?: boolean;
  };
}

/** The request failed (nothing was recorded for it, and now never can be): the key may be used again. */
export interface IdempotentRequestAbandoned {
  type: 'IdempotentRequestAbandoned';
  data: { reason: string; abandonedAt: string };
}

export type IdempotencyEvent =
  | IdempotentRequestStarted
  | IdempotentWriteRecorded
  | IdempotentResponseRecorded
  | IdempotentRequestAbandoned;

export const IDEMPOTENCY_EVENT_TYPES: IdempotencyEvent['type'][] = [
  'IdempotentRequestStarted',
  'IdempotentWriteRecorded',
  'IdempotentResponseRecorded',
  'IdempotentRequestAbandoned',
];
