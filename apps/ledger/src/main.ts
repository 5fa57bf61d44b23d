import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { changeRequestStream, CHANGE_REQUEST_ID } from '@change-ledger/domain';
import type * as EventStoreLibrary from '@change-ledger/event-store';
import type * as IngestionLibrary from '@change-ledger/ingestion';
import type * as OperationsLibrary from '@change-ledger/operations';
import type * as ReadModelsLibrary from '@change-ledger/read-models';
import { Command, InvalidArgumentError, Option } from 'commander';
import type * as Pg from 'pg';
import type * as VerifyCommand from './verify.command';

type EventStore = EventStoreLibrary.EventStore;
type ProjectionRunner = ReadModelsLibrary.ProjectionRunner;
type VerifyOptions = VerifyCommand.VerifyOptions;

// What the commands run is loaded when a command runs, not to parse arguments or print --help:
// the store clients, Nest and the projections take seconds to load, the commander tree
// milliseconds (`npx ledger --help` answers in well under a second). `require`, since this is a
// CommonJS build: `import()` would load them as ES modules.
/* eslint-disable @typescript-eslint/no-require-imports */
const storeLibraries = async () => ({
  ...(require('@change-ledger/event-store') as typeof EventStoreLibrary),
  ...(require('@change-ledger/read-models') as typeof ReadModelsLibrary),
  ...(require('@change-ledger/operations') as typeof OperationsLibrary),
  pg: require('pg') as typeof Pg,
});
const ingestionLibrary = () => require('@change-ledger/ingestion') as typeof IngestionLibrary;
const verifyCommand = () => require('./verify.command') as typeof VerifyCommand;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * `ledger`: the operators' and auditors' command line. Thin: each command wires a lib function to
 * the terminal. Exit codes: 0 done, 1 failed, 2 a verification found tampering, 3 the deploy gate
 * denies. `gate` and `emit` talk to a running ledger over HTTP (what a CI job can reach).
 */
interface GlobalOptions {
  databaseUrl?: string;
  eventStore: 'postgres' | 'eventstoredb';
  eventstoreUrl?: string;
}

const program = new Command()
  .name('ledger')
  .description(
    'Change Ledger: migrate, rebuild read models, verify the evidence, gate and report deployments',
  )
  .addOption(
    new Option(
      '--database-url <url>',
      'PostgreSQL of the read models (and of the events with the postgres store)',
    ).env('DATABASE_URL'),
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
    const databaseUrl = requiredDatabaseUrl();
    const { migrateLedger } = await storeLibraries();
    await migrateLedger(databaseUrl, {
      eventsInPostgres: program.opts<GlobalOptions>().eventStore === 'postgres',
    });
    console.log('migrated');
  });

program
  .command('rebuild')
  .description('replay projections from the first event into fresh tables and swap them in')
  .argument('[projection]', 'a projection (`ledger projections` lists them); all when omitted')
  .action(async (name: string | undefined) => {
    const { PROJECTIONS } = await storeLibraries();
    if (name !== undefined && !PROJECTIONS.some((projection) => projection.name === name))
      program.error(
        `no projection named ${name}; one of ${PROJECTIONS.map((projection) => projection.name).join(', ')}`,
      );
    await withRunner(async (runner) => {
      for (const projection of PROJECTIONS.filter(
        (candidate) => name === undefined || candidate.name === name,
      )) {
        const replayed = await runner.rebuild(projection);
        console.log(`${projection.name}: rebuilt from ${replayed} events`);
      }
    });
  });

const projections = program
  .command('projections')
  .description('each projection’s lag, and the events it parked because it could not apply them');

projections
  .command('list', { isDefault: true })
  .description('lag and parked events, as JSON')
  .action(async () => {
    await withRunner(async (runner) => {
      const answer = { projections: await runner.lag(), parked: await runner.parkedEvents() };
      console.log(JSON.stringify(answer, null, 2));
    });
  });

projections
  .command('retry')
  .description('rebuild the projections that parked events: what now applies is resolved')
  .action(async () => {
    const { PROJECTIONS } = await storeLibraries();
    await withRunner(async (runner) => {
      const waiting = new Set(
        (await runner.parkedEvents())
          .filter((parked) => parked.status === 'parked')
          .map((parked) => parked.projection),
      );
      for (const projection of PROJECTIONS.filter((candidate) => waiting.has(candidate.name))) {
        await runner.rebuild(projection);
      }
      const still = (await runner.parkedEvents()).filter((parked) => parked.status === 'parked');
      console.log(`${waiting.size} projection(s) rebuilt; ${still.length} event(s) still parked`);
      if (still.length > 0) process.exitCode = 1;
    });
  });

projections
  .command('skip')
  .description('leave a parked event out of its projection for good (recorded with who and why)')
  .argument('<projection>', 'the projection that parked it')
  .argument('<event-id>', 'the parked event')
  .requiredOption('--reason <why>', 'why it is left out')
  .addOption(new Option('--by <name>', 'who decides').default(userInfo().username))
  .action(async (projection: string, eventId: string, options: { reason: string; by: string }) => {
    await withRunner(async (runner) => {
      if (!(await runner.skipParked(projection, eventId, options))) {
        console.error(`no event ${eventId} is parked by ${projection}`);
        process.exitCode = 1;
        return;
      }
      console.log(`${eventId}: skipped by ${options.by} (${options.reason})`);
    });
  });

program
  .command('verify')
  .description(
    'verify everything (every hash chain, every leaf, every checkpoint, consistency from the checkpoints you kept), or one change request and its inclusion in the latest checkpoint; exit 2 on tampering',
  )
  .argument(
    '[change-request-id]',
    'e.g. CHG-2026-001; everything when omitted',
    changeRequestIdArgument,
  )
  .addOption(
    new Option('--trusted-checkpoint <file>', 'a signed checkpoint you kept (repeatable)')
      .argParser((file: string, previous: string[] = []) => [...previous, file])
      .default([]),
  )
  .addOption(
    new Option('--witness-dir <dir>', 'a directory of kept checkpoints (*.checkpoint, latest)'),
  )
  .addOption(
    new Option('--verifier-key <vkey>', "the log's signed-note verifier key (repeatable)")
      .argParser((key: string, previous: string[] = []) => [...previous, key])
      .default([]),
  )
  .addOption(
    new Option('--signing-key-file <file>', 'or the signing key, to derive the verifier key').env(
      'LEDGER_LOG_SIGNING_KEY_FILE',
    ),
  )
  .action(async (id: string | undefined, options: VerifyOptions) => {
    const { runVerify } = verifyCommand();
    await withStore(async (store, global) => {
      process.exitCode = await runVerify(
        store,
        global.databaseUrl!,
        id === undefined ? undefined : changeRequestStream(id),
        options,
      );
    });
  });

program
  .command('gate')
  .description('may this change be deployed? every gate of 003 §3 with its reason; exit 3 on deny')
  .argument('<change-request-id>', 'e.g. CHG-2026-001', changeRequestIdArgument)
  .addOption(new Option('--environment <name>', 'target environment').default('production'))
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (id: string, options: { environment: string; url: string; token: string }) => {
    const response = await fetch(
      `${options.url}/api/v1/change-management/change-requests/${id}/gates?environment=${encodeURIComponent(options.environment)}`,
      { headers: { authorization: `Bearer ${options.token}` } },
    );
    const body = (await response.json()) as GateAnswer | { detail?: string };
    if (!response.ok || !('decision' in body)) {
      throw new Error(
        `the ledger answered ${response.status}: ${'detail' in body ? body.detail : ''}`,
      );
    }
    const mark = { passed: '✔', failed: '✘', not_applicable: '–' } as const;
    for (const gate of body.gates) console.log(`${mark[gate.status]} ${gate.gate}: ${gate.reason}`);
    console.log(`${body.decision} ${id} → ${body.environment}`);
    if (body.decision !== 'allow') process.exitCode = 3;
  });

program
  .command('emit')
  .description(
    'send a CDEvent (as a structured CloudEvent) about a change to the ledger, from a CI job',
  )
  .argument('<type>', 'a CDEvents type, e.g. service.deployed or testsuiterun.finished')
  .addOption(
    new Option('--source <uri>', 'the pipeline identity, e.g. github.com/acme/auth/actions')
      .env('LEDGER_EVENT_SOURCE')
      .makeOptionMandatory(),
  )
  .addOption(new Option('--id <id>', 'the event id at that source (default: a new UUID)'))
  .addOption(
    new Option(
      '--subject <id>',
      'the service, test suite run, incident or change it is about',
    ).makeOptionMandatory(),
  )
  .addOption(new Option('--environment <name>', 'where it ran, e.g. production'))
  .addOption(new Option('--change-request <id>', 'the change request it belongs to'))
  .addOption(
    new Option('--test-suite <name>', 'for test suite runs: the suite (sast, security: a scan)'),
  )
  .addOption(new Option('--commit <sha>', 'the commit it deployed or tested'))
  .addOption(new Option('--artifact <purl>', 'the artifact it deployed'))
  .addOption(
    new Option('--outcome <outcome>', 'pass | fail | error | cancel, for runs').choices([
      'pass',
      'fail',
      'error',
      'cancel',
    ]),
  )
  .addOption(new Option('--actor <who>', 'the person or bot behind it').env('GITHUB_ACTOR'))
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (type: string, options: EmitOptions) => {
    const { CDEVENT_TYPES } = ingestionLibrary();
    if (!CDEVENT_TYPES.includes(type))
      program.error(`error: <type> must be one of ${CDEVENT_TYPES.join(', ')}`);
    const id = options.id ?? randomUUID();
    const cdType = `dev.cdevents.${type}.0.3.0`;
    const content: Record<string, unknown> = {};
    if (options.environment)
      content['environment'] = { id: options.environment, name: options.environment };
    if (options.artifact) content['artifactId'] = options.artifact;
    if (options.outcome) content['outcome'] = options.outcome;
    if (options.testSuite) content['testSuite'] = { id: options.testSuite };
    const customData = Object.fromEntries(
      Object.entries({
        changeRequestId: options.changeRequest,
        commitSha: options.commit,
        actor: options.actor,
      }).filter(([, value]) => value !== undefined),
    );
    const event = {
      specversion: '1.0',
      id,
      source: options.source,
      type: cdType,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: {
        context: {
          specversion: '0.5.0',
          id,
          source: options.source,
          type: cdType,
          timestamp: new Date().toISOString(),
        },
        subject: { id: options.subject, content },
        customData,
      },
    };
    const response = await fetch(`${options.url}/api/v1/ingest/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/cloudevents+json',
      },
      body: JSON.stringify(event),
    });
    console.log(JSON.stringify(await response.json(), null, 2));
    if (response.status !== 202) process.exitCode = 1;
  });

interface EmitOptions {
  source: string;
  id?: string;
  subject: string;
  environment?: string;
  changeRequest?: string;
  commit?: string;
  testSuite?: string;
  artifact?: string;
  outcome?: string;
  actor?: string;
  url: string;
  token: string;
}

interface GateAnswer {
  decision: 'allow' | 'deny';
  environment: string;
  gates: Array<{ gate: string; status: 'passed' | 'failed' | 'not_applicable'; reason: string }>;
}

function changeRequestIdArgument(id: string): string {
  if (!CHANGE_REQUEST_ID.test(id))
    throw new InvalidArgumentError('a change request id looks like CHG-2026-001');
  return id;
}

function ledgerUrlOption(): Option {
  return new Option('--url <url>', 'the ledger API')
    .env('LEDGER_URL')
    .default('http://localhost:3000');
}

function ledgerTokenOption(): Option {
  return new Option('--token <token>', 'an API token or OIDC JWT of the pipeline')
    .env('LEDGER_TOKEN')
    .makeOptionMandatory();
}

function requiredDatabaseUrl(): string {
  const url = program.opts<GlobalOptions>().databaseUrl;
  return url ?? program.error('--database-url (DATABASE_URL) is required for this command');
}

async function withRunner(work: (runner: ProjectionRunner) => Promise<void>): Promise<void> {
  const { pg, PROJECTIONS, ProjectionRunner } = await storeLibraries();
  await withStore(async (store, options) => {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl!,
      options: '-c role=ledger_projector',
    });
    try {
      await work(new ProjectionRunner({ store, pool, projections: PROJECTIONS }));
    } finally {
      await pool.end();
    }
  });
}

async function withStore(
  work: (store: EventStore, options: GlobalOptions) => Promise<void>,
): Promise<void> {
  const options = program.opts<GlobalOptions>();
  const databaseUrl = requiredDatabaseUrl();
  if (options.eventStore === 'eventstoredb' && !options.eventstoreUrl)
    program.error('--eventstore-url (EVENTSTORE_URL) is required with --event-store eventstoredb');
  const { openEventStore, eventStoreConfigFor } = await storeLibraries();
  const store = await openEventStore(
    eventStoreConfigFor(
      { EVENT_STORE: options.eventStore, EVENTSTORE_URL: options.eventstoreUrl },
      { databaseUrl, role: 'ledger_reader' },
    ),
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
