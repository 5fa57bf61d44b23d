import { randomUUID } from 'node:crypto';
import { type NewEvent, type RecordedEvent } from '../event-envelope';
import {
  EventIdConflictError,
  InvalidAppendError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import { type EventFilter, type EventStore, type ExpectedRevision } from '../event-store.port';
import { comparePositions, formatPosition, parsePosition } from '../global-position';
import { verifyStoredStream } from '../integrity/verify-stream';

/**
 * The one contract every EventStore adapter is held to. An adapter's int-spec calls
 * `eventStoreContract(name, open)` with a way to open a store on an empty, private store.
 */
export interface ContractSubject {
  store: EventStore;
  /** The clock the store stamps `recordedAt` with; the suite moves it. */
  clock: { now: Date };
  /**
   * A writer that keeps its write open for `holdMs` before it becomes visible, then commits it,
   * or abandons it (`abort`) so that it never becomes visible at all. On PostgreSQL this is a
   * transaction held open and then committed or rolled back.
   */
  appendSlowly(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision; holdMs: number; abort: boolean },
  ): Promise<void>;
  /** The same store as the retention job sees it (PostgreSQL: the ledger_retention role). */
  retention: EventStore;
  /**
   * Runs `write` at `at` by the store's own clock, then has the log cover what it wrote then:
   * PostgreSQL judges retention by both (ledger.delete_stream). Absent: the store judges neither.
   */
  writeInThePast?(at: Date, write: () => Promise<void>): Promise<void>;
  /** Has the log cover everything written so far (PostgreSQL deletes only a checkpointed plan). */
  sequence?(): Promise<void>;
  close(): Promise<void>;
}

export function eventStoreContract(adapter: string, open: () => Promise<ContractSubject>): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let subject: ContractSubject;
    let store: EventStore;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.close();
    });

    describe('when events are appended', () => {
      it('reads them back with their envelope, revisions from 0 and the store clock as recordedAt', async () => {
        const stream = streamName('change-request');
        subject.clock.now = new Date('2026-03-01T09:30:00.000Z');
        const written = [
          newEvent('ChangeRequestSubmitted', { title: 'MFA', n: 1.5, tags: ['a'] }),
          newEvent('ChangeApproved', { by: 'lead' }),
        ];

        const result = await store.appendToStream(stream, written, {
          expectedRevision: 'no_stream',
        });

        expect(result.nextExpectedRevision).toBe(1);
        const read = await store.readStream(stream);
        expect(read.map((event) => [event.revision, event.id, event.type])).toEqual([
          [0, written[0]!.id, 'ChangeRequestSubmitted'],
          [1, written[1]!.id, 'ChangeApproved'],
        ]);
        expect(read[0]!.data).toEqual({ title: 'MFA', n: 1.5, tags: ['a'] });
        expect(read[0]!.metadata).toEqual({
          ...written[0]!.metadata,
          causationId: null,
          schemaVersion: 1,
          recordedAt: '2026-03-01T09:30:00.000Z',
        });
        expect(comparePositions(read[1]!.position, result.position)).toBe(0);
      });

      it('chains each event to the one before it, and the chain verifies', async () => {
        const stream = streamName('chain');
        await store.appendToStream(stream, [newEvent('A'), newEvent('B')], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(stream, [newEvent('C')], { expectedRevision: 1 });

        const read = await store.readStream(stream);
        expect(read[0]!.integrity.prevHash).toBe('0'.repeat(64));
        expect(read[1]!.integrity.prevHash).toBe(read[0]!.integrity.hash);
        expect(read[2]!.integrity.prevHash).toBe(read[1]!.integrity.hash);
        await expect(verifyStoredStream(store, stream)).resolves.toMatchObject({
          valid: true,
          eventsChecked: 3,
        });
      });

      it('reads a stream backwards, from a revision, and a page at a time', async () => {
        const stream = streamName('paging');
        await store.appendToStream(
          stream,
          ['A', 'B', 'C', 'D'].map((type) => newEvent(type)),
          { expectedRevision: 'no_stream' },
        );

        const types = (events: RecordedEvent[]) => events.map((event) => event.type);
        expect(types(await store.readStream(stream, { direction: 'backwards' }))).toEqual([
          'D',
          'C',
          'B',
          'A',
        ]);
        expect(types(await store.readStream(stream, { fromRevision: 1, maxCount: 2 }))).toEqual([
          'B',
          'C',
        ]);
        expect(
          types(
            await store.readStream(stream, {
              direction: 'backwards',
              fromRevision: 2,
              maxCount: 2,
            }),
          ),
        ).toEqual(['C', 'B']);
        expect(await store.readStream(streamName('never-written'))).toEqual([]);
      });
    });

    describe('when the expected revision is checked', () => {
      it('takes no_stream for a new stream, the exact revision after that, and any at any time', async () => {
        const stream = streamName('expected');
        await store.appendToStream(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, [newEvent('B')], { expectedRevision: 0 });
        const result = await store.appendToStream(stream, [newEvent('C')], {
          expectedRevision: 'any',
        });
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('refuses a stale revision with a typed conflict that says what the stream is at', async () => {
        const stream = streamName('stale');
        await store.appendToStream(stream, [newEvent('A'), newEvent('B')], {
          expectedRevision: 'no_stream',
        });

        const stale = store.appendToStream(stream, [newEvent('C')], { expectedRevision: 0 });
        await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(stale).rejects.toMatchObject({
          code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
          expected: 0,
          actual: 1,
        });
        await expect(
          store.appendToStream(stream, [newEvent('C')], { expectedRevision: 'no_stream' }),
        ).rejects.toMatchObject({ actual: 1 });
        await expect(
          store.appendToStream(streamName('none'), [newEvent('C')], { expectedRevision: 3 }),
        ).rejects.toMatchObject({ actual: 'no_stream' });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('lets exactly one of several writers at the same expected revision win', async () => {
        const stream = streamName('race');
        await store.appendToStream(stream, [newEvent('Created')], {
          expectedRevision: 'no_stream',
        });

        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, (_, writer) =>
            store.appendToStream(stream, [newEvent('Approved', { writer })], {
              expectedRevision: 0,
            }),
          ),
        );

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const losers = outcomes.filter(
          (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
        );
        expect(losers).toHaveLength(7);
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(2);
        await expect(verifyStoredStream(store, stream)).resolves.toMatchObject({ valid: true });
      });

      it('never forks the chain when writers append with any at once', async () => {
        const stream = streamName('any-race');
        await Promise.all(
          Array.from({ length: 8 }, (_, n) =>
            store.appendToStream(stream, [newEvent('Noted', { n })], { expectedRevision: 'any' }),
          ),
        );

        const read = await store.readStream(stream);
        expect(read.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        await expect(verifyStoredStream(store, stream)).resolves.toMatchObject({
          valid: true,
          eventsChecked: 8,
        });
      });
    });

    describe('when an append answers', () => {
      it('lists each event as stored: its id, its chain hash and when it was recorded', async () => {
        const stream = streamName('answer');
        await store.appendToStream(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
        const batch = [newEvent('B', { y: 1 }), newEvent('C', { z: 2 })];
        const [result] = await store.appendToStreams([
          { streamId: stream, events: batch, expectedRevision: 0 },
        ]);

        const stored = (await store.readStream(stream)).slice(1);
        expect(result!.events).toEqual(
          stored.map((event) => ({
            id: event.id,
            hash: event.integrity.hash,
            // The store's own time where it keeps one (the database's, hashed), else the metadata's.
            recordedAt: event.integrity.recordedAt ?? event.metadata.recordedAt,
          })),
        );
        expect(result!.events.map((event) => event.id)).toEqual(batch.map((event) => event.id));
      });
    });

    describe('when the same event id is appended again', () => {
      it('stores it once and answers the replay with the original result', async () => {
        const stream = streamName('replay');
        const batch = [newEvent('A', { x: 1 }), newEvent('B', { y: 2 })];
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });

        const again = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });

        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(comparePositions(again.position, first.position)).toBe(0);
        expect(await store.readStream(stream)).toHaveLength(2);
        expect(again.events).toEqual(first.events);
      });

      it('stores one copy when the same append races itself', async () => {
        const stream = streamName('replay-race');
        const batch = [newEvent('A')];
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, () =>
            store.appendToStream(stream, batch, { expectedRevision: 'any' }),
          ),
        );

        expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('refuses the id with other content, or in another stream, as a conflict', async () => {
        const stream = streamName('reuse');
        const event = newEvent('A', { amount: 1 });
        await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });

        await expect(
          store.appendToStream(stream, [{ ...event, data: { amount: 2 } }], {
            expectedRevision: 'any',
          }),
        ).rejects.toBeInstanceOf(EventIdConflictError);
        await expect(
          store.appendToStream(streamName('other'), [event], { expectedRevision: 'any' }),
        ).rejects.toMatchObject({ code: 'EVENT_STORE.EVENT_ID_CONFLICT' });
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('when several streams are appended in one call', () => {
      it('appends to each with its own revision check and answers in the order given', async () => {
        const [b, a] = [streamName('multi-b'), streamName('multi-a')];
        await store.appendToStream(a, [newEvent('Opened')], { expectedRevision: 'no_stream' });

        const results = await store.appendToStreams([
          {
            streamId: b,
            events: [newEvent('Opened'), newEvent('Noted')],
            expectedRevision: 'no_stream',
          },
          { streamId: a, events: [newEvent('Noted')], expectedRevision: 0 },
        ]);

        expect(results.map((result) => result.nextExpectedRevision)).toEqual([1, 1]);
        expect((await store.readStream(b)).map((event) => event.type)).toEqual(['Opened', 'Noted']);
        expect((await store.readStream(a)).map((event) => event.type)).toEqual(['Opened', 'Noted']);
        await expect(verifyStoredStream(store, b)).resolves.toMatchObject({ valid: true });
      });

      it('answers a replayed call with the original results and stores nothing twice', async () => {
        const appends = [
          {
            streamId: streamName('multi-replay-1'),
            events: [newEvent('A')],
            expectedRevision: 'no_stream' as const,
          },
          {
            streamId: streamName('multi-replay-2'),
            events: [newEvent('B')],
            expectedRevision: 'no_stream' as const,
          },
        ];
        const first = await store.appendToStreams(appends);

        const again = await store.appendToStreams(appends);

        expect(again.map((result) => result.nextExpectedRevision)).toEqual([0, 0]);
        expect(comparePositions(again[1]!.position, first[1]!.position)).toBe(0);
        expect(await store.readStream(appends[0]!.streamId)).toHaveLength(1);
      });

      it('answers the streams already written from what is stored and appends the others', async () => {
        const [written, fresh] = [streamName('multi-half-1'), streamName('multi-half-2')];
        const first = {
          streamId: written,
          events: [newEvent('A')],
          expectedRevision: 'no_stream' as const,
        };
        const [original] = await store.appendToStreams([first]);

        const results = await store.appendToStreams([
          first,
          {
            streamId: fresh,
            events: [newEvent('B'), newEvent('C')],
            expectedRevision: 'no_stream',
          },
        ]);

        expect(comparePositions(results[0]!.position, original!.position)).toBe(0);
        expect(results[1]!.nextExpectedRevision).toBe(1);
        expect(await store.readStream(written)).toHaveLength(1);
        expect((await store.readStream(fresh)).map((event) => event.type)).toEqual(['B', 'C']);
      });

      it('refuses a wrong expected revision on any stream', async () => {
        const stream = streamName('multi-stale');
        await store.appendToStream(stream, [newEvent('A')], { expectedRevision: 'no_stream' });

        await expect(
          store.appendToStreams([
            { streamId: stream, events: [newEvent('B')], expectedRevision: 'no_stream' },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('refuses a stream named twice, or an event id in two streams, before writing anything', async () => {
        const stream = streamName('multi-twice');
        const shared = newEvent('A');
        await expect(
          store.appendToStreams([
            { streamId: stream, events: [newEvent('A')], expectedRevision: 'any' },
            { streamId: stream, events: [newEvent('B')], expectedRevision: 'any' },
          ]),
        ).rejects.toMatchObject({ field: 'appends[1].streamId' });
        await expect(
          store.appendToStreams([
            { streamId: stream, events: [shared], expectedRevision: 'any' },
            { streamId: streamName('multi-other'), events: [shared], expectedRevision: 'any' },
          ]),
        ).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.appendToStreams([])).rejects.toMatchObject({ field: 'appends' });
        expect(await store.readStream(stream)).toHaveLength(0);
      });

      it('lets calls that share streams in opposite orders all finish', async () => {
        const [x, y] = [streamName('multi-x'), streamName('multi-y')];
        const calls = Array.from({ length: 10 }, (_, n) => {
          const pair = [
            { streamId: x, events: [newEvent('Noted', { n })], expectedRevision: 'any' as const },
            { streamId: y, events: [newEvent('Noted', { n })], expectedRevision: 'any' as const },
          ];
          return store.appendToStreams(n % 2 === 0 ? pair : pair.reverse());
        });

        await Promise.all(calls);

        expect(await store.readStream(x)).toHaveLength(10);
        expect(await store.readStream(y)).toHaveLength(10);
      });
    });

    describe('when the input is bad', () => {
      const refusals: Array<[string, () => [string, unknown[]], string, string]> = [
        [
          'a malformed stream name',
          () => ['change request/1', [newEvent('A')]],
          'EVENT_STORE.INVALID_STREAM_NAME',
          'streamId',
        ],
        [
          'a system stream name',
          () => ['$all', [newEvent('A')]],
          'EVENT_STORE.INVALID_STREAM_NAME',
          'streamId',
        ],
        [
          'an event without an actor',
          () => [streamName('bad'), [withoutActor(newEvent('A'))]],
          'EVENT_STORE.MISSING_ACTOR',
          'events[0].metadata.actor',
        ],
        [
          'an actor without an id',
          () => [streamName('bad'), [withActor(newEvent('A'), { id: '' })]],
          'EVENT_STORE.MISSING_ACTOR',
          'events[0].metadata.actor.id',
        ],
        [
          'a payload with a date object',
          () => [streamName('bad'), [newEvent('A', { at: new Date() })]],
          'EVENT_STORE.PAYLOAD_NOT_JSON',
          'events[0].data.at',
        ],
        [
          'a payload with undefined',
          () => [streamName('bad'), [newEvent('A', { list: [1, undefined] })]],
          'EVENT_STORE.PAYLOAD_NOT_JSON',
          'events[0].data.list[1]',
        ],
        [
          'a payload with a bigint',
          () => [streamName('bad'), [newEvent('A', { big: 1n })]],
          'EVENT_STORE.PAYLOAD_NOT_JSON',
          'events[0].data.big',
        ],
        [
          'a payload with NaN',
          () => [streamName('bad'), [newEvent('A', { n: Number.NaN })]],
          'EVENT_STORE.PAYLOAD_NOT_JSON',
          'events[0].data.n',
        ],
        [
          'a circular payload',
          () => [streamName('bad'), [newEvent('A', circular())]],
          'EVENT_STORE.PAYLOAD_NOT_JSON',
          'events[0].data.self',
        ],
        [
          'an event id that is not a UUID',
          () => [streamName('bad'), [{ ...newEvent('A'), id: 'evt-1' }]],
          'EVENT_STORE.INVALID_EVENT_ID',
          'events[0].id',
        ],
      ];

      it.each(refusals)(
        'refuses %s, says which field, and writes nothing',
        async (_case, input, code, field) => {
          const [stream, events] = input();
          const good = newEvent('Good');
          const before = await countAll(store);

          const append = store.appendToStream(stream, [good, ...events] as NewEvent[], {
            expectedRevision: 'any',
          });

          await expect(append).rejects.toBeInstanceOf(InvalidAppendError);
          await expect(append).rejects.toMatchObject({
            code,
            field: field.replace('events[0]', 'events[1]'),
          });
          expect(await countAll(store)).toBe(before);
        },
      );
    });

    describe('when the global order is read', () => {
      it('returns every event once, in order, a page at a time, filtered by stream prefix or type', async () => {
        const prefix = streamName('global');
        await store.appendToStream(`${prefix}-a`, [newEvent('Opened'), newEvent('Closed')], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(`${prefix}-b`, [newEvent('Opened')], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(`${prefix}-a`, [newEvent('Reopened')], { expectedRevision: 1 });

        const all = await readAllPages(store, { streamPrefixes: [prefix] }, 2);
        expect(all.map((event) => `${event.streamId.slice(prefix.length)}:${event.type}`)).toEqual([
          '-a:Opened',
          '-a:Closed',
          '-b:Opened',
          '-a:Reopened',
        ]);
        for (let i = 1; i < all.length; i++)
          expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBe(-1);
        expect(parsePosition(formatPosition(all[2]!.position))).toEqual(all[2]!.position);

        const reopened = (await readAllPages(store, { eventTypes: ['Reopened'] }, 100)).filter(
          (event) => event.streamId.startsWith(prefix),
        );
        expect(reopened.map((event) => event.streamId)).toEqual([`${prefix}-a`]);
      });
    });

    describe('when a subscription catches up', () => {
      it('delivers history then live events, each once, and resumes after a checkpoint', async () => {
        const prefix = streamName('sub');
        await store.appendToStream(`${prefix}-1`, [newEvent('A'), newEvent('B')], {
          expectedRevision: 'no_stream',
        });

        const first = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
        const seen: RecordedEvent[] = [];
        const consuming = (async () => {
          for await (const event of first) {
            seen.push(event);
            if (seen.length === 3) break;
          }
        })();
        await waitFor(() => seen.length === 2);
        await store.appendToStream(`${prefix}-2`, [newEvent('C')], {
          expectedRevision: 'no_stream',
        });
        await consuming;
        expect(seen.map((event) => event.type)).toEqual(['A', 'B', 'C']);

        await store.appendToStream(`${prefix}-2`, [newEvent('D')], { expectedRevision: 0 });
        const resumed = store.subscribeToAll({
          after: seen[1]!.position,
          filter: { streamPrefixes: [prefix] },
        });
        const after: string[] = [];
        for await (const event of resumed) {
          after.push(event.type);
          if (after.length === 2) break;
        }
        expect(after).toEqual(['C', 'D']);
      });

      it('sees every committed event exactly once while 8 writers race, some slow and some abandoned', async () => {
        const prefix = streamName('race-sub');
        const writers = 10;
        const appendsPerWriter = 12;
        const committed = new Set<string>();
        const abandoned = new Set<string>();

        const seen: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
        const consuming = (async () => {
          for await (const event of subscription) seen.push(event);
        })();

        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            const stream = `${prefix}-${writer}`;
            let lastRevision = -1;
            for (let n = 0; n < appendsPerWriter; n++) {
              const events = [
                newEvent('Step', { writer, n }),
                newEvent('Step', { writer, n, second: true }),
              ];
              const slow = writer % 3 === 0;
              const abort = writer % 4 === 1 && n % 3 === 2;
              if (slow || abort) {
                await subject.appendSlowly(stream, events, {
                  expectedRevision: expectedAfter(lastRevision),
                  holdMs: 20 + ((writer * 7 + n * 13) % 60),
                  abort,
                });
              } else {
                await store.appendToStream(stream, events, {
                  expectedRevision: expectedAfter(lastRevision),
                });
              }
              for (const event of events) (abort ? abandoned : committed).add(event.id);
              if (!abort) lastRevision += events.length;
            }
          }),
        );
        await waitFor(() => seen.length >= committed.size, 20_000);
        await new Promise((resolve) => setTimeout(resolve, 300)); // time for a duplicate to show up
        await subscription.stop();
        await consuming;

        const ids = seen.map((event) => event.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(committed);
        expect(ids.some((id) => abandoned.has(id))).toBe(false);
        const byStream = new Map<string, number[]>();
        for (const event of seen)
          byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event.revision]);
        for (const revisions of byStream.values())
          expect(revisions).toEqual(revisions.map((_, i) => i));
        for (let i = 1; i < seen.length; i++)
          expect(comparePositions(seen[i - 1]!.position, seen[i]!.position)).toBe(-1);
      }, 60_000);
    });

    describe('when retention deletes a stream', () => {
      it('removes the whole stream, which can then be neither read nor written, and keeps others', async () => {
        const doomed = streamName('expired');
        const kept = streamName('kept');
        // Past the 12-month floor the PostgreSQL store enforces.
        const twoYearsAgo = new Date(Date.now() - 2 * 365 * 86_400_000);
        subject.clock.now = twoYearsAgo;
        const write = async () => {
          await store.appendToStream(doomed, [newEvent('A'), newEvent('B')], {
            expectedRevision: 'no_stream',
          });
          await store.appendToStream(kept, [newEvent('A')], { expectedRevision: 'no_stream' });
        };
        await (subject.writeInThePast ? subject.writeInThePast(twoYearsAgo, write) : write());
        const lastHash = (await store.readStream(doomed))[1]!.integrity.hash;
        const runId = randomUUID();
        await recordRetentionRun(subject.retention, runId, [{ streamId: doomed, lastHash }]);
        await subject.sequence?.();

        const result = await subject.retention.deleteStream(doomed, { runId });

        expect(result).toEqual({ streamId: doomed, eventsDeleted: 2, lastHash });
        const gone: unknown = await store.readStream(doomed).catch((error: unknown) => error);
        expect(gone).toBeInstanceOf(StreamDeletedError);
        expect(gone).toMatchObject({ streamId: doomed, prunedByRun: runId });
        await expect(
          store.appendToStream(doomed, [newEvent('C')], { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(StreamDeletedError);
        expect(await store.readStream(kept)).toHaveLength(1);
        expect(await store.tombstone(doomed)).toEqual(
          expect.objectContaining({ streamId: doomed, lastRevision: 1, lastHash, runId }),
        );
        expect(await store.tombstone(kept)).toBeNull();
        await expect(
          subject.retention.deleteStream(streamName('absent'), { runId }),
        ).rejects.toBeInstanceOf(StreamNotFoundError);
      });
    });
  });
}

/**
 * What the retention job records before it deletes (libs/retention): the run, and the batch that
 * names each stream with the hash it ends on. The PostgreSQL deletion function refuses without.
 */
export async function recordRetentionRun(
  store: EventStore,
  runId: string,
  records: { streamId: string; lastHash: string }[],
  /** Who records it: the job records its database login, which the tombstone then names. */
  actorId = 'retention-job',
): Promise<void> {
  const event = (type: string, data: Record<string, unknown>) => ({
    ...newEvent(type, data),
    metadata: { ...newEvent(type).metadata, actor: { ...actor(), id: actorId } },
  });
  await store.appendToStream(
    'ledger-retention-runs',
    [
      event('RetentionRunStarted', { runId }),
      event('RetentionBatchPlanned', { runId, batch: 1, records }),
    ],
    { expectedRevision: 'any' },
  );
}

export function actor() {
  return {
    id: 'user-123',
    kind: 'user' as const,
    roles: ['engineer'],
    authenticatedBy: 'api-token',
  };
}

export function newEvent(type: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data: data as NewEvent['data'],
    metadata: {
      actor: actor(),
      occurredAt: '2026-03-01T09:00:00Z',
      correlationId: randomUUID(),
      source: { kind: 'api', requestId: randomUUID() },
    },
  };
}

export function streamName(kind: string): string {
  return `${kind}-${randomUUID().slice(0, 8)}`;
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function readAllPages(store: EventStore, filter: EventFilter, pageSize: number) {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({
      after: events[events.length - 1]?.position,
      maxCount: pageSize,
      filter,
    });
    events.push(...page);
    if (page.length < pageSize) return events;
  }
}

async function countAll(store: EventStore): Promise<number> {
  let count = 0;
  let after: RecordedEvent['position'] | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    count += page.length;
    if (page.length < 1000) return count;
    after = page[page.length - 1]!.position;
  }
}

function expectedAfter(lastRevision: number): ExpectedRevision {
  return lastRevision < 0 ? 'no_stream' : lastRevision;
}

function withoutActor(event: NewEvent): NewEvent {
  const { actor: _actor, ...metadata } = event.metadata;
  return { ...event, metadata: metadata as NewEvent['metadata'] };
}

function withActor(event: NewEvent, override: Partial<NewEvent['metadata']['actor']>): NewEvent {
  return {
    ...event,
    metadata: { ...event.metadata, actor: { ...event.metadata.actor, ...override } },
  };
}

function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { name: 'loop' };
  value.self = value;
  return value;
}
