/**
 * Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`), the peer `bench:store`
 * measures the ledger's store beside. It lives in a package of its own, `bench/peers/emmett`, with
 * its own lockfile, installed by `npm run bench:store` (`npm ci --prefix bench/peers/emmett`): its
 * peers (commander 12, uuid 10) are not the project's, its pg driver sets process-wide type parsers
 * (int8 as BigInt, its JSON parser) that must not reach ours, and nobody else's `npm ci` pays for it.
 * So it is loaded from there at run time, and the few calls the benchmark makes are typed here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Pool } from 'pg';

const PEER_DIRECTORY = join(__dirname, 'peers', 'emmett');

/** An event as Emmett takes it: `{ type, data, metadata }`; it adds its own message id. */
export interface EmmettEvent {
  type: string;
  data: object;
  metadata?: object;
}

/** A stream's expected version: its number of events, or Emmett's word for a new stream. */
export type EmmettExpectedVersion = bigint | 'STREAM_DOES_NOT_EXIST';

export interface EmmettEventStore {
  appendToStream(
    streamName: string,
    events: EmmettEvent[],
    options?: { expectedStreamVersion?: EmmettExpectedVersion },
  ): Promise<{ nextExpectedStreamVersion: bigint }>;
  /** Its documented way to write several streams on one connection. */
  withSession<T>(callback: (session: { eventStore: EmmettEventStore }) => Promise<T>): Promise<T>;
  schema: { migrate(): Promise<unknown> };
  close(): Promise<void>;
}

interface EmmettPostgreSQL {
  getPostgreSQLEventStore(connectionString: string): EmmettEventStore;
  /** What its consumers page the global order with. */
  readMessagesBatch(
    execute: unknown,
    options: { after: bigint; batchSize: number },
  ): Promise<{ currentGlobalPosition: bigint; messages: unknown[] }>;
}

interface Dumbo {
  dumbo(options: { connectionString: string }): { execute: unknown; close(): Promise<void> };
}

/** Emmett on `url`, a database of its own: its schema made, ready to be measured. */
export interface EmmettPeer {
  version: string;
  store: EmmettEventStore;
  /** Up to `batchSize` events of the global order after `after`, as Emmett's consumers read them. */
  readAfter(after: bigint, batchSize: number): Promise<{ position: bigint; count: number }>;
  close(): Promise<void>;
}

export async function openEmmettPeer(url: string): Promise<EmmettPeer> {
  const load = createRequire(join(PEER_DIRECTORY, 'package.json'));
  let emmett: EmmettPostgreSQL;
  let dumbo: Dumbo;
  try {
    emmett = load('@event-driven-io/emmett-postgresql') as EmmettPostgreSQL;
    dumbo = load('@event-driven-io/dumbo') as Dumbo;
  } catch (error) {
    throw new Error(
      `Emmett is not installed in ${PEER_DIRECTORY}: npm run bench:store installs it (npm ci --prefix bench/peers/emmett)`,
      { cause: error },
    );
  }
  // Its package.json is not among its exports: read beside where it was installed.
  const { version } = JSON.parse(
    readFileSync(
      join(PEER_DIRECTORY, 'node_modules/@event-driven-io/emmett-postgresql/package.json'),
      'utf8',
    ),
  ) as { version: string };
  const store = emmett.getPostgreSQLEventStore(url);
  // Made before anything is timed (Emmett would otherwise make it on the first append).
  await store.schema.migrate();
  // dumbo keeps one pg pool per connection string: the reader shares the store's, as its
  // consumers do.
  const reader = dumbo.dumbo({ connectionString: url });
  return {
    version,
    store,
    readAfter: async (after, batchSize) => {
      const batch = await emmett.readMessagesBatch(reader.execute, { after, batchSize });
      return { position: batch.currentGlobalPosition, count: batch.messages.length };
    },
    close: async () => {
      await reader.close();
      await store.close();
    },
  };
}

/** Emmett's expected version for a stream that holds `revision` events (0: a new stream). */
export function emmettExpected(revision: number): EmmettExpectedVersion {
  return revision === 0 ? 'STREAM_DOES_NOT_EXIST' : BigInt(revision);
}

/**
 * Fills Emmett's tables with events [from, to) shaped like the other fillers' (ten to a stream,
 * `filler-<n / 10>`), its streams' rows kept at their heads, as its append function leaves them.
 */
export async function fillEmmett(
  pool: Pool,
  from: number,
  to: number,
  data: string,
  metadata: string,
): Promise<void> {
  await pool.query(
    `WITH filled AS (
       INSERT INTO emt_messages (stream_id, stream_position, partition, message_data, message_metadata,
                                 message_schema_version, message_type, message_kind, message_id, transaction_id)
       SELECT 'filler-' || (g / 10), g % 10 + 1, 'emt:default', ${data}, $3::jsonb,
              '1', 'DeploymentRecorded', 'E', gen_random_uuid()::text, pg_current_xact_id()
         FROM generate_series($1::bigint, $2::bigint) AS g
       RETURNING stream_id, stream_position)
     INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata)
     SELECT stream_id, max(stream_position), 'emt:default', 'filler', '{}' FROM filled GROUP BY stream_id
     ON CONFLICT (stream_id, partition, is_archived)
       DO UPDATE SET stream_position = GREATEST(emt_streams.stream_position, EXCLUDED.stream_position)`,
    [from, to - 1, metadata],
  );
}
