import { randomInt, randomUUID } from 'node:crypto';
import { type NewEvent, type PostgresEventStore } from '@change-ledger/event-store';
import { useTestDatabase } from '../../../test/support/test-database';
import { ClaimedRequests, ClaimMarkingEventStore } from './claim-marking-event-store';
import { IdempotencyError } from './idempotency.errors';
import { type Claim, IdempotencyStore, type IdempotentRequest } from './idempotency.store';

const LEASE_MS = 1_000;
const T0 = new Date('2026-03-02T09:00:00.000Z');
const after = (ms: number) => new Date(T0.getTime() + ms);
const ACTOR = {
  id: 'user-123',
  kind: 'user' as const,
  roles: ['engineer'],
  authenticatedBy: 'api-token',
};

const database = useTestDatabase();
let raw: PostgresEventStore;

beforeAll(() => {
  raw = database.writerStore();
});

/** One API process: its registry of claimed requests, its marking store, its key store. */
function apiProcess() {
  const claims = new ClaimedRequests();
  const store = new ClaimMarkingEventStore(raw, claims, () => T0);
  return { claims, store, keys: new IdempotencyStore(store, { leaseMs: LEASE_MS }) };
}

function request(key: string, at: Date, requestId = randomUUID()): IdempotentRequest {
  return {
    actor: ACTOR,
    key,
    fingerprint: 'fingerprint-of-the-create',
    at,
    correlationId: requestId,
    requestId,
    successStatus: 201,
  };
}

/** The event a command handler of request `requestId` appends. */
function commandEvent(requestId: string, title: string): NewEvent {
  return {
    id: randomUUID(),
    type: 'ChangeRequestSubmitted',
    data: { title },
    metadata: {
      actor: ACTOR,
      occurredAt: T0.toISOString(),
      correlationId: requestId,
      source: { kind: 'api', requestId },
    },
  };
}

/** Starts `key` and expects the request to run: the claim, held as the interceptor does. */
async function claimed(process: ReturnType<typeof apiProcess>, sent: IdempotentRequest) {
  const started = await process.keys.start(sent);
  if (started.kind !== 'proceed') throw new Error(`expected to proceed, got ${started.kind}`);
  process.claims.hold(started.claim);
  return started.claim;
}

describe('IdempotencyStore', () => {
  describe('when the request that claimed a key died after its write committed', () => {
    it('answers a retry after the lease with the answer rebuilt from the write, and never writes twice', async () => {
      const dead = apiProcess();
      const first = request('died-after-write', T0);
      await claimed(dead, first);
      const changeRequestId = `CHG-2026-${randomInt(1000, 10_000_000)}`;
      const stream = `change-request-${changeRequestId}`;
      const written = commandEvent(first.requestId, 'Written, then killed');
      await dead.store.appendToStream(stream, [written], { expectedRevision: 'no_stream' });
      // kill -9: no answer is stored, the claim is never given back.

      const restarted = apiProcess();
      await expect(
        restarted.keys.start(request('died-after-write', after(500))),
      ).rejects.toMatchObject({
        code: 'IDEMPOTENCY.IN_PROGRESS',
        context: { retryAfterSeconds: 1 },
      });
      const retry = await restarted.keys.start(request('died-after-write', after(LEASE_MS + 1)));
      expect(retry).toMatchObject({
        kind: 'replay',
        status: 201,
        recovered: true,
        body: {
          recovered: true,
          change_request_id: changeRequestId,
          recorded: [{ stream_id: stream, event_ids: [written.id] }],
        },
      });
      const again = await restarted.keys.start(request('died-after-write', after(LEASE_MS + 5)));
      expect(again).toEqual(retry);
      expect(await raw.readStream(stream)).toHaveLength(1);
    });
  });

  describe('when the request that claimed a key died before anything was recorded', () => {
    it('lets one retry after the lease take the key over and run once, and fences the old request', async () => {
      const dead = apiProcess();
      const first = request('died-before-write', T0);
      const stale = await claimed(dead, first);

      const restarted = apiProcess();
      const retried = request('died-before-write', after(LEASE_MS + 1));
      const retry = await claimed(restarted, retried);
      expect(retry.revision).toBeGreaterThan(stale.revision);

      // The first request was only slow: its write now fails as a whole, and nothing is stored.
      const zombieStream = `change-request-${randomUUID()}`;
      await expect(
        dead.store.appendToStream(zombieStream, [commandEvent(first.requestId, 'Too late')], {
          expectedRevision: 'no_stream',
        }),
      ).rejects.toMatchObject({ code: 'IDEMPOTENCY.CLAIM_LOST' });
      expect(await raw.readStream(zombieStream)).toEqual([]);

      const stream = `change-request-${randomUUID()}`;
      await restarted.store.appendToStream(stream, [commandEvent(retried.requestId, 'Once')], {
        expectedRevision: 'no_stream',
      });
      await restarted.keys.complete(retry, 201, { id: 'CHG-1' }, after(LEASE_MS + 2), 'c');
      expect(await restarted.keys.start(request('died-before-write', after(LEASE_MS + 3)))).toEqual(
        { kind: 'replay', status: 201, body: { id: 'CHG-1' }, recovered: false },
      );
      expect(await raw.readStream(stream)).toHaveLength(1);
    });

    it('gives a stale key to exactly one of two retries arriving together', async () => {
      const dead = apiProcess();
      await claimed(dead, request('two-retries', T0));
      const [one, two] = [apiProcess(), apiProcess()];
      const outcomes = await Promise.allSettled([
        one.keys.start(request('two-retries', after(LEASE_MS + 1))),
        two.keys.start(request('two-retries', after(LEASE_MS + 1))),
      ]);
      const proceeded = outcomes.filter(
        (outcome) => outcome.status === 'fulfilled' && outcome.value.kind === 'proceed',
      );
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(proceeded).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
        code: 'IDEMPOTENCY.IN_PROGRESS',
      });
    });
  });

  describe('when a handler sends its append again after the answer to it was lost', () => {
    // A connection cut as the append committed: the handler cannot tell, and sends the same
    // events again. Its own record of the write must answer that as a replay, not as a retry
    // that took its key over ("nothing of this request was recorded" would be false).
    it('is answered with the first append, and nothing is written twice', async () => {
      const api = apiProcess();
      const sent = request('answer-lost', T0);
      const claim = await claimed(api, sent);
      const stream = `change-request-${randomUUID()}`;
      const event = commandEvent(sent.requestId, 'Committed, answer lost');
      const before = { revision: claim.revision, wrote: claim.wrote };
      const first = await api.store.appendToStream(stream, [event], {
        expectedRevision: 'no_stream',
      });
      Object.assign(claim, before); // as the handler saw it: no answer came back

      await expect(
        api.store.appendToStream(stream, [event], { expectedRevision: 'no_stream' }),
      ).resolves.toEqual(first);
      expect(await raw.readStream(stream)).toHaveLength(1);
      const marks = (await raw.readStream(claim.streamId)).filter(
        (stored) => stored.type === 'IdempotentWriteRecorded',
      );
      expect(marks).toHaveLength(1);
    });
  });

  describe('when one append carries the writes of several claimed requests', () => {
    it('records each write under its own key', async () => {
      const api = apiProcess();
      const [a, b] = [request('batched-a', T0), request('batched-b', T0)];
      await claimed(api, a);
      await claimed(api, b);
      const [streamA, streamB] = [
        `change-request-${randomUUID()}`,
        `change-request-${randomUUID()}`,
      ];
      await api.store.appendToStreams([
        {
          streamId: streamA,
          events: [commandEvent(a.requestId, 'A')],
          expectedRevision: 'no_stream',
        },
        {
          streamId: streamB,
          events: [commandEvent(b.requestId, 'B')],
          expectedRevision: 'no_stream',
        },
      ]);
      const later = apiProcess();
      const [replayA, replayB] = await Promise.all([
        later.keys.start(request('batched-a', after(LEASE_MS + 1))),
        later.keys.start(request('batched-b', after(LEASE_MS + 1))),
      ]);
      expect(replayA).toMatchObject({ body: { recorded: [{ stream_id: streamA }] } });
      expect(replayB).toMatchObject({ body: { recorded: [{ stream_id: streamB }] } });
    });
  });

  describe('when an answer or a reason holds what PostgreSQL refuses', () => {
    it('stores an answer with NUL and lone surrogates, and replays exactly it', async () => {
      const api = apiProcess();
      const claim: Claim = await claimed(api, request('nul-answer', T0));
      const answer = {
        type: 'https://change-ledger.dev/problems/x',
        detail: 'field "a\u0000b" with \ud800 alone and \udc00 too, and a pair \ud83d\ude00',
        nested: [{ text: '\u0000' }],
      };
      await api.keys.complete(claim, 422, answer, after(1), 'c');
      const replay = await api.keys.start(request('nul-answer', after(2)));
      expect(replay).toEqual({ kind: 'replay', status: 422, body: answer, recovered: false });
      expect(JSON.stringify((replay as { body: unknown }).body)).toBe(JSON.stringify(answer));
    });

    it('gives a key back with a reason that echoes NUL, so the key is not stranded', async () => {
      const api = apiProcess();
      const claim = await claimed(api, request('nul-reason', T0));
      await api.keys.abandon(claim, 'title "\u0000\ud800" is refused', after(1), 'c');
      expect(await api.keys.start(request('nul-reason', after(2)))).toMatchObject({
        kind: 'proceed',
      });
    });
  });

  it('refuses the same key with another request even once its claim is stale', async () => {
    const api = apiProcess();
    await claimed(api, request('reused-stale', T0));
    await expect(
      api.keys.start({ ...request('reused-stale', after(LEASE_MS + 1)), fingerprint: 'other' }),
    ).rejects.toBeInstanceOf(IdempotencyError);
  });
});
