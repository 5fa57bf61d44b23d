import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type ClientBase } from 'pg';
import { comparePositions } from '../global-position';
import { type GlobalPosition, type NewEvent } from '../event-envelope';
import { createPool } from '../postgres/connections';
import { PostgresEventStore } from '../postgres/postgres-event-store';

/**
 * DESIGN.md's fourth invariant under load: many appenders at once — one-event calls, batches,
 * multi-stream calls, and transactions held open between taking their position and committing
 * (some rolled back) — while readers follow the global order page by page and a catch-up
 * subscription follows it live. At the end every committed event must have reached every reader
 * exactly once, in order, and no rolled-back one any reader.
 *
 * Shared by the integration test (a fixed number of events, in CI) and `npm run bench:order`
 * (longer runs, and the old horizon for comparison). It drives the real store through its port;
 * only the slow writers use `appendWithinTransaction` on a client of their own, as a caller that
 * records events with other writes does.
 */
export interface GlobalOrderStressOptions {
  /** A URL whose login may `SET ROLE ledger_writer`. */
  connectionString: string;
  /** Events to commit in all (rolled-back ones come on top). */
  events: number;
  /** Concurrent appending connections. */
  appenders: number;
  /** Readers paging through the global order (each with its own connection pool). */
  readers: number;
  /** Events per page a reader asks for: small pages ask for the horizon more often. */
  pageSize?: number;
  /** Every how many calls an appender holds its transaction open, and for how long at most. */
  slowEvery?: number;
  slowHoldMs?: number;
  /**
   * Advisory locks (not the ledger's) one idle transaction holds for the whole run. A long lock
   * table makes every read of pg_locks hold the lock manager longer, so appenders queue on it
   * more often: the moment the old horizon misjudged (ADR 0002) becomes common, not rare.
   */
  lockTableLoad?: number;
  /**
   * Connections that read pg_locks in a loop, as monitoring does: each read holds every lock
   * manager partition while it copies the table, so an appender's lock on its own id waits.
   */
  lockTableScanners?: number;
  /** A unique prefix for this run's streams, so runs can share a database. */
  streamPrefix?: string;
}

export interface ReaderOutcome {
  name: string;
  delivered: number;
  /** Committed events this reader never delivered. */
  missing: string[];
  duplicates: number;
  outOfOrder: number;
  /** Rolled-back events it delivered (never possible: they are not stored). */
  phantoms: number;
}

export interface GlobalOrderStressResult {
  /**
   * Horizons a prober computed and then found an appender still running below: each one a
   * position a reader may pass before an event that has yet to commit.
   */
  horizonsPassingAnAppender: number;
  horizonsProbed: number;
  /** The first few appends a horizon passed, as the prober saw them: what a failure shows. */
  passes: PassedAppend[];
  committed: number;
  rolledBack: number;
  calls: number;
  seconds: number;
  readers: ReaderOutcome[];
}

interface Reader {
  name: string;
  ids: string[];
  positions: GlobalPosition[];
}

/** An append the prober found running below a horizon it had just been given. */
export interface PassedAppend {
  horizon: string;
  pid: number;
  /** The append's transaction id, as pg_stat_activity shows it (32 bits). */
  xid: string;
  state: string | null;
  waitEvent: string | null;
  query: string | null;
}

/**
 * The appends of this database still running with a transaction id below `horizon`, a value
 * `ledger.read_horizon()` answered before this is called: each one an append a reader given that
 * horizon may pass before it commits. Two statements, in this order, each after the horizon's:
 *
 * 1. the backends holding a ledger stream lock (advisory class 1819) of this database, then
 * 2. the transaction id each of them is running, kept when it is below the horizon.
 *
 * A backend kept is a true pass. Its id is below the horizon, so below the `xmax` of the
 * horizon's snapshot: one past the highest id completed then, and ids are handed out in order, so
 * it had been assigned before that snapshot. It is still running at the second statement, so the
 * same transaction ran all through the first one, and the stream lock the backend held there was
 * its own: an append of this database, still open after a horizon above its id was handed out.
 * And every pass still running at the second statement is kept: an append holds its stream lock
 * from before it has an id until its outcome is visible (ADR 0002).
 *
 * The earlier probe (one statement, any database) also counted backends that are no pass:
 * - appends of other databases of the cluster. Transaction ids are the cluster's, but only this
 *   database's appends write this ledger, and the horizon ignores the others on purpose (ADR
 *   0002). Under parallel jest runs, whose test files each append in a database of their own,
 *   every "pass" it reported that we could inspect was one of these.
 * - a backend shown with the id of a transaction that held no stream lock (the store's
 *   `pg_notify` statement takes an id at commit) which then ended it and took a stream lock for
 *   its next append before the same statement read pg_locks: its plan (a hash semi-join) reads
 *   pg_stat_get_activity whole first and pg_locks after. Reading the locks first rules it out.
 * Prepared transactions (no backend) are not looked at: the stress prepares none.
 */
export async function appendsRunningBelow(
  client: Pick<ClientBase, 'query'>,
  horizon: string,
): Promise<PassedAppend[]> {
  const { rows: locks } = await client.query<{ pids: number[] }>(
    `SELECT coalesce(array_agg(l.pid), '{}') AS pids
       FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.classid = 1819 AND l.objsubid = 2 AND l.granted
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  if (locks[0]!.pids.length === 0) return [];
  // A 32-bit id precedes the horizon's low 32 bits by less than 2^31, modulo 2^32: below it.
  const { rows } = await client.query<Omit<PassedAppend, 'horizon'>>(
    `SELECT a.pid, a.backend_xid::text AS xid, a.state, a.wait_event AS "waitEvent",
            left(a.query, 80) AS query
       FROM pg_stat_get_activity(NULL) a
      WHERE a.pid = ANY ($2::int[])
        AND a.backend_xid IS NOT NULL
        AND (($1::text::xid8::text::bigint & 4294967295) - a.backend_xid::text::bigint
             + 4294967296) % 4294967296 BETWEEN 1 AND 2147483647`,
    [horizon, locks[0]!.pids],
  );
  return rows.map((row) => ({ horizon, ...row }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runGlobalOrderStress(
  options: GlobalOrderStressOptions,
): Promise<GlobalOrderStressResult> {
  const prefix = options.streamPrefix ?? `order-${randomUUID().slice(0, 8)}`;
  const pageSize = options.pageSize ?? 50;
  const slowEvery = options.slowEvery ?? 7;
  const slowHoldMs = options.slowHoldMs ?? 25;
  const writer = new PostgresEventStore({
    connectionString: options.connectionString,
    role: 'ledger_writer',
    poolSize: options.appenders,
    pollIntervalMs: 50,
  });
  const slowPool = createPool('stress: slow appenders', {
    connectionString: options.connectionString,
    options: '-c role=ledger_writer',
    max: Math.max(1, Math.ceil(options.appenders / 3)),
  });
  const readerStores = Array.from(
    { length: options.readers },
    () =>
      new PostgresEventStore({
        connectionString: options.connectionString,
        role: 'ledger_writer',
        poolSize: 2,
        pollIntervalMs: 50,
      }),
  );
  const filter = { streamPrefixes: [prefix] };

  const committed = new Set<string>();
  const rolledBack = new Set<string>();
  let remaining = options.events;
  let calls = 0;
  let appending = true;
  const start = performance.now();

  /** The next call's shape, cycling through the kinds a real ledger sees. */
  const appendOnce = async (appender: number, call: number): Promise<void> => {
    const kind = call % 5;
    const take = (n: number) => {
      const granted = Math.min(n, remaining);
      remaining -= granted;
      return granted;
    };
    const events = (n: number): NewEvent[] =>
      Array.from({ length: n }, (_, k) => ({
        id: randomUUID(),
        type: 'Stressed',
        data: { appender, call, k },
        metadata: {
          actor: {
            id: `appender-${appender}`,
            kind: 'service',
            roles: [],
            authenticatedBy: 'system',
          },
          occurredAt: new Date().toISOString(),
          correlationId: randomUUID(),
          source: { kind: 'system', process: 'global-order-stress' },
        },
      }));
    const stream = `${prefix}-${appender}-${call % 13}`;
    if (call % slowEvery === slowEvery - 1) {
      const count = take(1 + (call % 3));
      if (count === 0) return;
      const batch = events(count);
      const abort = call % (slowEvery * 3) === slowEvery - 1;
      const client = await slowPool.connect();
      try {
        await client.query('BEGIN');
        await writer.appendWithinTransaction(client, stream, batch, { expectedRevision: 'any' });
        await sleep(1 + ((appender * 7 + call * 13) % slowHoldMs));
        await client.query(abort ? 'ROLLBACK' : 'COMMIT');
      } finally {
        client.release();
      }
      for (const event of batch) (abort ? rolledBack : committed).add(event.id);
      if (abort) remaining += count;
    } else if (kind === 4) {
      const count = take(3);
      if (count === 0) return;
      const batch = events(count);
      await writer.appendToStreams(
        batch.map((event, k) => ({
          streamId: `${prefix}-multi-${(appender + k) % 5}`,
          events: [event],
          expectedRevision: 'any' as const,
        })),
      );
      for (const event of batch) committed.add(event.id);
    } else {
      const count = take(kind === 3 ? 20 : kind === 2 ? 5 : 1);
      if (count === 0) return;
      const batch = events(count);
      await writer.appendToStream(stream, batch, { expectedRevision: 'any' });
      for (const event of batch) committed.add(event.id);
    }
    calls++;
  };

  // Held by a connection of its own in a transaction that never appends or ends before the run.
  const hoarder = createPool('stress: lock table load', {
    connectionString: options.connectionString,
    max: 1,
  });
  const hoarding = await hoarder.connect();
  await hoarding.query('BEGIN');
  if ((options.lockTableLoad ?? 0) > 0) {
    await hoarding.query('SELECT pg_advisory_xact_lock(4242, k) FROM generate_series(1, $1) k', [
      options.lockTableLoad,
    ]);
  }

  const scanners = createPool('stress: lock table scanners', {
    connectionString: options.connectionString,
    max: Math.max(1, options.lockTableScanners ?? 0),
  });
  const scanning = Array.from({ length: options.lockTableScanners ?? 0 }, async () => {
    while (appending) await scanners.query('SELECT count(*) FROM pg_locks');
  });

  // Asks for the horizon, then whether an append of this database is still running below it
  // (appendsRunningBelow).
  let horizonsProbed = 0;
  let horizonsPassingAnAppender = 0;
  const passes: PassedAppend[] = [];
  const prober = createPool('stress: horizon prober', {
    connectionString: options.connectionString,
    max: 1,
  });
  const probing = (async () => {
    const client = await prober.connect();
    try {
      while (appending) {
        const { rows } = await client.query<{ horizon: string }>(
          'SELECT ledger.read_horizon()::text AS horizon',
        );
        const passed = await appendsRunningBelow(client, rows[0]!.horizon);
        horizonsProbed++;
        if (passed.length > 0) horizonsPassingAnAppender++;
        passes.push(...passed.slice(0, Math.max(0, 5 - passes.length)));
      }
    } finally {
      client.release();
    }
  })();

  const appenders = Array.from({ length: options.appenders }, async (_, appender) => {
    for (let call = 0; remaining > 0; call++) await appendOnce(appender, call);
  });

  const readers: Reader[] = readerStores.map((_, n) => ({
    name: `page reader ${n + 1}`,
    ids: [],
    positions: [],
  }));
  const paging = readers.map(async (reader, n) => {
    const store = readerStores[n]!;
    let after: GlobalPosition | undefined;
    // Until the appenders are done and a page comes back empty after that: with every append
    // finished, an empty page means this reader has read all it ever will.
    for (;;) {
      const done = !appending;
      const page = await store.readAll({ after, filter, maxCount: pageSize });
      for (const event of page) {
        reader.ids.push(event.id);
        reader.positions.push(event.position);
      }
      if (page.length > 0) after = page[page.length - 1]!.position;
      else if (done) return;
    }
  });

  const subscriber: Reader = { name: 'catch-up subscription', ids: [], positions: [] };
  const subscription = writer.subscribeToAll({ filter });
  const following = (async () => {
    for await (const event of subscription) {
      subscriber.ids.push(event.id);
      subscriber.positions.push(event.position);
    }
  })();

  try {
    await Promise.all(appenders);
  } finally {
    appending = false;
  }
  await Promise.all([...paging, probing, ...scanning]);
  await hoarding.query('ROLLBACK');
  hoarding.release();
  // The subscription has no end: wait until it has delivered as much as the readers saw, then
  // give it a moment to show a duplicate or a phantom.
  const deadline = Date.now() + 30_000;
  while (subscriber.ids.length < committed.size && Date.now() < deadline) await sleep(50);
  await sleep(200);
  await subscription.stop();
  await following;
  const seconds = (performance.now() - start) / 1000;

  await Promise.all([
    writer.close(),
    slowPool.end(),
    hoarder.end(),
    prober.end(),
    scanners.end(),
    ...readerStores.map((s) => s.close()),
  ]);

  return {
    horizonsPassingAnAppender,
    horizonsProbed,
    passes,
    committed: committed.size,
    rolledBack: rolledBack.size,
    calls,
    seconds,
    readers: [...readers, subscriber].map((reader) => judge(reader, committed, rolledBack)),
  };
}

function judge(reader: Reader, committed: Set<string>, rolledBack: Set<string>): ReaderOutcome {
  const seen = new Set(reader.ids);
  let outOfOrder = 0;
  for (let i = 1; i < reader.positions.length; i++) {
    if (comparePositions(reader.positions[i - 1]!, reader.positions[i]!) !== -1) outOfOrder++;
  }
  return {
    name: reader.name,
    delivered: reader.ids.length,
    missing: [...committed].filter((id) => !seen.has(id)),
    duplicates: reader.ids.length - seen.size,
    outOfOrder,
    phantoms: reader.ids.filter((id) => rolledBack.has(id)).length,
  };
}
