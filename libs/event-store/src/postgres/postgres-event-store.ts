import { type ClientBase, type ClientConfig, DatabaseError, type Pool } from 'pg';
import { answerReplayedAppend } from '../append-replay';
import {
  validateAppend,
  validateAppends,
  validateStreamId,
  type ValidStreamAppend,
} from '../append-validation';
import {
  type GlobalPosition,
  type JsonObject,
  type NewEvent,
  type RecordedEvent,
  type RecordedMetadata,
} from '../event-envelope';
import {
  DeletionRefusedError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import {
  type AppendOptions,
  type AppendResult,
  type DeleteStreamOptions,
  type DeleteStreamResult,
  type EventFilter,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamAppend,
  type SubscribeOptions,
  type Tombstone,
} from '../event-store.port';
import {
  canonicalTemplate,
  type CanonicalTemplate,
  recordedMetadata,
} from '../integrity/hash-chain';
import { translatePostgresError } from './postgres-errors';
import { createClient, createPool } from './connections';
import { AppendNotifier } from './append-notifier';
import { type AppendListener, PollingSubscription } from './polling-subscription';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /**
   * A role to `SET ROLE` to on every connection, so a login with more rights (the embedded
   * default's superuser) still writes as `ledger_writer`, through ledger.append_events() only.
   */
  role?: string;
  /**
   * The application's clock, stamping each event's `metadata.recordedAt` (the time the domain
   * reasons with); injected so tests control it. The store's own time, hashed and trusted by
   * retention, is the database's (EventIntegrity.recordedAt).
   */
  clock?: () => Date;
  poolSize?: number;
  /** How long an idle subscription waits for a notification before it looks again anyway. */
  pollIntervalMs?: number;
  /**
   * The shortest time between two notifications this store sends after its appends (10 ms by
   * default): under load one notification announces many appends; after a quiet spell the first
   * append is announced at once.
   */
  notifyIntervalMs?: number;
}

const START: GlobalPosition = { commit: 0n, prepare: 0n };
const DEFAULT_PAGE = 1000;

// The store's time only where the hash covers it (hash_format 2): an older row's column holds the
// API's claim, which verification must not mistake for part of the event.
const EVENT_COLUMNS = `event_id::text AS id, stream_id, revision, type, data, metadata,
  prev_hash, hash, transaction_id::text AS commit, global_seq AS prepare,
  CASE WHEN hash_format = 2 THEN ledger.instant_text(recorded_at) END AS recorded_at`;

/** One round trip: see ledger.append_events() in migrations/1763700000007. */
const APPEND_EVENTS = `SELECT outcome, head_revision, head_commit, head_seq, recorded_at, event_hashes
  FROM ledger.append_events($1::text[], $2::bigint[], $3::integer[], $4::uuid[], $5::text[],
                            $6::text[], $7::text[], $8::boolean)`;

/**
 * Outside any append's transaction, and not flushed: a notification is a hint, not a record, and
 * losing one only delays subscribers until they poll.
 */
const NOTIFY_APPENDED = `SELECT set_config('synchronous_commit', 'off', true),
  pg_notify('ledger_events', '')`;

interface AppendOutcomeRow {
  outcome: 'appended' | 'replayed' | 'deleted' | 'wrong_revision' | 'ok';
  head_revision: string | null;
  head_commit: string | null;
  head_seq: string | null;
  recorded_at: string | null;
  event_hashes: string[] | null;
}

/** A validated stream append with each event's canonical form around its chain link. */
interface PreparedAppend extends ValidStreamAppend {
  templates: CanonicalTemplate[];
}

type Queryable = Pick<ClientBase, 'query'>;

interface EventRow {
  id: string;
  stream_id: string;
  revision: string;
  type: string;
  data: JsonObject;
  metadata: RecordedMetadata;
  prev_hash: string;
  hash: string;
  commit: string;
  prepare: string;
  recorded_at: string | null;
}

/**
 * The event store on PostgreSQL: the embedded default, and the store wherever EventStoreDB is not
 * available. Schema and guarantees: `migrations/` and docs/adr/0002.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly clock: () => Date;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly notifier: AppendNotifier;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.pool = createPool(`event store (${options.role ?? 'login role'})`, {
      ...this.connectionConfig(),
      max: options.poolSize ?? 10,
    });
    this.notifier = new AppendNotifier(
      () => this.pool.query(NOTIFY_APPENDED),
      options.notifyIntervalMs ?? 10,
    );
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const valid = validateAppend(streamId, events, options);
    const [result] = await this.appendInAutocommit([
      { streamId, events: valid, expectedRevision: options.expectedRevision },
    ]);
    return result!;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.appendInAutocommit(validateAppends(appends));
  }

  /**
   * One statement, its own transaction: no BEGIN, no COMMIT. The function takes the streams' locks
   * in key order, so calls sharing streams queue instead of deadlocking.
   */
  private async appendInAutocommit(appends: ValidStreamAppend[]): Promise<AppendResult[]> {
    const prepared = this.prepare(appends);
    for (let attempt = 1; ; attempt++) {
      try {
        const { results, appended } = await this.appendPrepared(this.pool, prepared, false);
        if (appended) this.notifier.wake();
        return results;
      } catch (error) {
        // The same ids committed meanwhile by a writer of another stream: call again, and the
        // replay check answers (idempotent result or a typed conflict).
        if (attempt < 3 && isUniqueViolation(error, 'events_event_id_unique')) continue;
        throw translatePostgresError(error);
      }
    }
  }

  /**
   * Appends inside a transaction the caller has begun on `client` and will commit or roll back,
   * so events can be recorded atomically with other writes to the same database. It must come
   * before the transaction's other writes (the function refuses otherwise). Subscribers see the
   * events, and are notified, only once that transaction commits.
   */
  async appendWithinTransaction(
    client: ClientBase,
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const valid = validateAppend(streamId, events, options);
    try {
      const prepared = this.prepare([
        { streamId, events: valid, expectedRevision: options.expectedRevision },
      ]);
      const { results } = await this.appendPrepared(client, prepared, true);
      return results[0]!;
    } catch (error) {
      throw translatePostgresError(error);
    }
  }

  /**
   * Stamps each event's metadata with the application's clock (the time the domain reasons with)
   * and renders its canonical form around the values only the store decides at the stream's head:
   * the database fills in the previous hash, its own time and the revision, and hashes
   * (hash-chain.ts). The database's time is the one retention and verification trust.
   */
  private prepare(appends: ValidStreamAppend[]): PreparedAppend[] {
    const recordedAt = this.clock().toISOString();
    return appends.map((append) => ({
      ...append,
      templates: append.events.map((event) =>
        canonicalTemplate({
          streamId: append.streamId,
          id: event.id,
          type: event.type,
          data: event.data,
          metadata: recordedMetadata(event, recordedAt),
        }),
      ),
    }));
  }

  /**
   * One call of ledger.append_events() in the common case. When some streams' ids are already
   * stored, nothing was written: those are answered from what is stored (or refused as a
   * conflict), and the others are appended by a second call.
   */
  private async appendPrepared(
    executor: Queryable,
    appends: PreparedAppend[],
    notify: boolean,
  ): Promise<{ results: AppendResult[]; appended: boolean }> {
    const { rows } = await executor.query<AppendOutcomeRow>({
      name: 'ledger.append_events',
      text: APPEND_EVENTS,
      values: appendParameters(appends, notify),
    });
    if (rows.every((row) => row.outcome === 'appended')) {
      // The function answers each stream's hashes and the store's time: nothing to read back.
      const results = rows.map((row, index) => ({
        ...toAppendResult(row),
        events: appends[index]!.events.map((event, n) => ({
          id: event.id,
          hash: row.event_hashes![n]!,
          recordedAt: row.recorded_at!,
        })),
      }));
      return { results, appended: true };
    }
    rows.forEach((row, index) => {
      const { streamId, expectedRevision } = appends[index]!;
      if (row.outcome === 'deleted') throw new StreamDeletedError(streamId);
      if (row.outcome === 'wrong_revision') {
        const actual = row.head_revision === null ? 'no_stream' : Number(row.head_revision);
        throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
      }
    });
    const results: AppendResult[] = new Array(appends.length);
    const replayed = appends.filter((_, index) => rows[index]!.outcome === 'replayed');
    const stored = await this.storedEvents(
      executor,
      replayed.flatMap((append) => append.events.map((event) => event.id)),
    );
    for (const append of replayed) {
      results[appends.indexOf(append)] = answerReplayedAppend(
        append.streamId,
        append.events,
        stored,
      );
    }
    const rest = appends.filter((_, index) => rows[index]!.outcome === 'ok');
    if (rest.length === 0) return { results, appended: false };
    const more = await this.appendPrepared(executor, rest, notify);
    rest.forEach((append, index) => (results[appends.indexOf(append)] = more.results[index]!));
    return { results, appended: more.appended };
  }

  /**
   * The chain hashes the database just computed, which ledger.append_events() does not return:
   * one more indexed read on the same connection (inside the caller's transaction, if any), until
   * the append function answers them itself (docs/adr/0019-receipts.md).
   */
  private async storedEvents(executor: Queryable, ids: string[]): Promise<RecordedEvent[]> {
    const { rows } = await executor.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ledger.events WHERE event_id = ANY($1::uuid[]) ORDER BY global_seq`,
      [ids],
    );
    return rows.map(toRecordedEvent);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ledger.events
        WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
        ORDER BY revision ${backwards ? 'DESC' : 'ASC'}
        LIMIT $3`,
      [streamId, from, options.maxCount ?? null],
    );
    if (rows.length === 0) {
      const tombstone = await this.tombstone(streamId);
      if (tombstone) throw new StreamDeletedError(streamId, tombstone.runId);
    }
    return rows.map(toRecordedEvent);
  }

  /**
   * One page of the global order, read only below the horizon: the oldest append still in flight
   * (`ledger.read_horizon()`), so an event that commits late can never fall behind a position
   * already handed out, while transactions that do not append never hold readers back. Two
   * statements on purpose: the page's snapshot must be taken after the horizon was computed.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    const filter = filterClause(options.filter, 5);
    const horizon = await this.readHorizon();
    const { rows } = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ledger.events
        WHERE (transaction_id, global_seq) > ($1::text::xid8, $2::bigint)
          AND transaction_id < $4::text::xid8
          ${filter.sql}
        ORDER BY transaction_id, global_seq
        LIMIT $3`,
      [
        after.commit.toString(),
        after.prepare.toString(),
        options.maxCount ?? DEFAULT_PAGE,
        horizon,
        ...filter.params,
      ],
    );
    return rows.map(toRecordedEvent);
  }

  /** The transaction id below which every append has committed or rolled back. */
  private async readHorizon(): Promise<string> {
    const { rows } = await this.query<{ horizon: string }>(
      'SELECT ledger.read_horizon()::text AS horizon',
      [],
    );
    return rows[0]!.horizon;
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    const subscription = new PollingSubscription({
      readPage: (after) => this.readAll({ after, filter: options.filter, maxCount: DEFAULT_PAGE }),
      pageSize: DEFAULT_PAGE,
      after: options.after,
      listen: () => this.listenForAppends(),
      pollIntervalMs: this.options.pollIntervalMs ?? 250,
      onStop: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Deletes through ledger.delete_stream(stream, run), which takes who from the connection's
   * login and when from the database's clock, and refuses what retention may not delete
   * (migration 1763700000007). Connect as (or `role`) ledger_retention: any other role is
   * refused by PostgreSQL.
   */
  async deleteStream(streamId: string, options: DeleteStreamOptions): Promise<DeleteStreamResult> {
    validateStreamId(streamId);
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ events_deleted: string; last_hash: string }>(
        'SELECT events_deleted, last_hash FROM ledger.delete_stream($1, $2)',
        [streamId, options.runId],
      );
      await client.query('COMMIT');
      const row = rows[0]!;
      return { streamId, eventsDeleted: Number(row.events_deleted), lastHash: row.last_hash };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (error instanceof DatabaseError && error.code === 'P0002') {
        const tombstone = await this.tombstone(streamId);
        throw tombstone
          ? new StreamDeletedError(streamId, tombstone.runId)
          : new StreamNotFoundError(streamId);
      }
      if (error instanceof DatabaseError && error.code === '42501')
        throw new DeletionRefusedError(streamId, error.message);
      throw translatePostgresError(error);
    } finally {
      client.release();
    }
  }

  async tombstone(streamId: string): Promise<Tombstone | null> {
    const { rows } = await this.query<TombstoneRow>(
      `SELECT ${TOMBSTONE_COLUMNS} FROM ledger.deleted_streams WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0] ? toTombstone(rows[0]) : null;
  }

  async tombstones(): Promise<Tombstone[]> {
    const { rows } = await this.query<TombstoneRow>(
      `SELECT ${TOMBSTONE_COLUMNS} FROM ledger.deleted_streams`,
      [],
    );
    return rows.map(toTombstone);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.notifier.close();
    await this.pool.end();
  }

  private async listenForAppends(): Promise<AppendListener> {
    const client = createClient('event store notifications', this.connectionConfig());
    try {
      await client.connect();
      await client.query('LISTEN ledger_events');
    } catch (error) {
      await client.end().catch(() => undefined); // the connection, should LISTEN have failed on it
      throw error;
    }
    return {
      onAppend: (wake) => client.on('notification', wake),
      // Should the listening connection drop (PostgreSQL restarted), the subscription polls
      // meanwhile and listens again on a new one: notifications missed in between are only late.
      onLost: (lost) => {
        client.once('error', lost);
        client.once('end', lost);
      },
      close: () => client.end(),
    };
  }

  private async query<Row extends object>(sql: string, params: unknown[]) {
    try {
      return await this.pool.query<Row>(sql, params);
    } catch (error) {
      throw translatePostgresError(error);
    }
  }

  private async connect() {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw translatePostgresError(error);
    }
  }

  private connectionConfig(): ClientConfig {
    const role = this.options.role;
    return {
      connectionString: this.options.connectionString,
      // Sent in the startup packet, so every connection is the role before its first query.
      options: role ? `-c role=${role}` : undefined,
    };
  }
}

function filterClause(
  filter: EventFilter | undefined,
  firstParam: number,
): { sql: string; params: unknown[] } {
  if (!filter) return { sql: '', params: [] };
  if ('streamPrefixes' in filter) {
    return {
      // `^@ ANY` (starts_with) and not an EXISTS over unnest(): the planner estimates the EXISTS
      // at a fraction of a percent of the rows, so it sorted a sequential scan of the whole table
      // for every page instead of walking the global-order index (O(n) a page: 4.7k ev/s at 1M
      // events against ~100k unfiltered).
      sql: `AND stream_id ^@ ANY($${firstParam}::text[])`,
      params: [filter.streamPrefixes],
    };
  }
  return { sql: `AND type = ANY($${firstParam}::text[])`, params: [filter.eventTypes] };
}

const TOMBSTONE_COLUMNS = `stream_id, last_revision, last_hash, events_deleted,
  ledger.instant_text(deleted_at) AS deleted_at, deleted_by, run_id`;

interface TombstoneRow {
  stream_id: string;
  last_revision: string;
  last_hash: string;
  events_deleted: string;
  deleted_at: string;
  deleted_by: string;
  run_id: string | null;
}

function toTombstone(row: TombstoneRow): Tombstone {
  return {
    streamId: row.stream_id,
    lastRevision: Number(row.last_revision),
    lastHash: row.last_hash,
    eventsDeleted: Number(row.events_deleted),
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by,
    runId: row.run_id,
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    integrity: {
      prevHash: row.prev_hash,
      hash: row.hash,
      ...(row.recorded_at === null ? {} : { recordedAt: row.recorded_at }),
    },
  };
}

function appendParameters(appends: PreparedAppend[], notify: boolean): unknown[] {
  const eventStreams: number[] = [];
  const ids: string[] = [];
  const types: string[] = [];
  const heads: string[] = [];
  const tails: string[] = [];
  appends.forEach((append, index) => {
    append.events.forEach((event, n) => {
      eventStreams.push(index + 1);
      ids.push(event.id);
      types.push(event.type);
      heads.push(append.templates[n]!.head);
      tails.push(append.templates[n]!.tail);
    });
  });
  return [
    appends.map((append) => append.streamId),
    appends.map((append) => encodeExpected(append.expectedRevision)),
    eventStreams,
    ids,
    types,
    heads,
    tails,
    notify,
  ];
}

/** The function's encoding: a revision, -1 for no stream, null for any. */
function encodeExpected(expected: ExpectedRevision): number | null {
  if (expected === 'any') return null;
  return expected === 'no_stream' ? -1 : expected;
}

function toAppendResult(row: AppendOutcomeRow): Omit<AppendResult, 'events'> {
  return {
    nextExpectedRevision: Number(row.head_revision),
    position: { commit: BigInt(row.head_commit!), prepare: BigInt(row.head_seq!) },
    ...(row.recorded_at === null ? {} : { recordedAt: row.recorded_at }),
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    error instanceof DatabaseError && error.code === '23505' && error.constraint === constraint
  );
}
