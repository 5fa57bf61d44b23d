import 'reflect-metadata';
import { changeRequestStream, CHANGE_REQUEST_ID } from '@change-ledger/domain';
import {
  migrateEventStore,
  openEventStore,
  verifyStoredStream,
  type EventStore,
} from '@change-ledger/event-store';
import { migrateReadModels, PROJECTIONS, ProjectionRunner } from '@change-ledger/read-models';
import { Command, InvalidArgumentError, Option } from 'commander';
import { Pool } from 'pg';

/**
 * `ledger`: the operators' and auditors' command line. Thin: each command wires a lib function to
 * the terminal. Exit codes: 0 done, 1 failed, 2 a verification found tampering.
 */
interface GlobalOptions {
  databaseUrl: string;
  eventStore: 'postgres' | 'eventstoredb';
  eventstoreUrl?: string;
}

const program = new Command()
  .name('ledger')
  .description('Change Ledger: migrate, rebuild read models, verify the evidence')
  .addOption(
    new Option(
      '--database-url <url>',
      'PostgreSQL of the read models (and of the events with the postgres store)',
    )
      .env('DATABASE_URL')
      .makeOptionMandatory(),
  )
  .addOption(
    new Option('--event-store <kind>', 'where the events are')
      .choices(['postgres', 'eventstoredb'])
      .env('EVENT_STORE')
      .default('postgres'),
  )
  .addOption(
    new Option('--eventstore-url <url>', 'esdb://… with --event-store eventstoredb').env(
      'EVENTSTORE_URL',
    ),
  );

program
  .command('migrate')
  .description('bring the event store (PostgreSQL) and read-model schemas up to date')
  .action(async () => {
    const options = program.opts<GlobalOptions>();
    if (options.eventStore === 'postgres') await migrateEventStore(options.databaseUrl);
    await migrateReadModels(options.databaseUrl);
    console.log('migrated');
  });

program
  .command('rebuild')
  .description('replay projections from the first event into fresh tables and swap them in')
  .argument(
    '[projection]',
    `one of ${PROJECTIONS.map((projection) => projection.name).join(', ')}; all when omitted`,
    (name: string) => {
      if (!PROJECTIONS.some((projection) => projection.name === name))
        throw new InvalidArgumentError(`no projection named ${name}`);
      return name;
    },
  )
  .action(async (name: string | undefined) => {
    await withStore(async (store, options) => {
      const pool = new Pool({
        connectionString: options.databaseUrl,
        options: '-c role=ledger_projector',
      });
      try {
        const runner = new ProjectionRunner({ store, pool, projections: PROJECTIONS });
        for (const projection of PROJECTIONS.filter(
          (candidate) => name === undefined || candidate.name === name,
        )) {
          const replayed = await runner.rebuild(projection);
          console.log(`${projection.name}: rebuilt from ${replayed} events`);
        }
      } finally {
        await pool.end();
      }
    });
  });

program
  .command('verify')
  .description("verify a change request's hash chain; names the first event that does not verify")
  .argument('<change-request-id>', 'e.g. CHG-2026-001', (id: string) => {
    if (!CHANGE_REQUEST_ID.test(id))
      throw new InvalidArgumentError('a change request id looks like CHG-2026-001');
    return id;
  })
  .action(async (id: string) => {
    await withStore(async (store) => {
      const result = await verifyStoredStream(store, changeRequestStream(id));
      console.log(JSON.stringify(result, null, 2));
      if (!result.valid) process.exitCode = 2;
    });
  });

async function withStore(
  work: (store: EventStore, options: GlobalOptions) => Promise<void>,
): Promise<void> {
  const options = program.opts<GlobalOptions>();
  if (options.eventStore === 'eventstoredb' && !options.eventstoreUrl)
    program.error('--eventstore-url (EVENTSTORE_URL) is required with --event-store eventstoredb');
  const store = await openEventStore(
    options.eventStore === 'eventstoredb'
      ? { kind: 'eventstoredb', connectionString: options.eventstoreUrl! }
      : {
          kind: 'postgres',
          connectionString: options.databaseUrl,
          role: 'ledger_reader',
        },
  );
  try {
    await work(store, options);
  } finally {
    await store.close();
  }
}

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
