import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { changeRequestStream, CHANGE_REQUEST_ID } from '@change-ledger/domain';
import type * as EventStoreLibrary from '@change-ledger/event-store';
import type * as IngestionLibrary from '@change-ledger/ingestion';
import type * as OperationsLibrary from '@change-ledger/operations';
import type * as ReadModelsLibrary from '@change-ledger/read-models';
import { Command, InvalidArgumentError, Option } from 'commander';
import type * as VerifyCommand from './verify.command';
import type * as AuditLibrary from '@change-ledger/audit';
import type * as ChangeRequestsLibrary from '@change-ledger/change-requests';
import type * as UntrustedInput from '@change-ledger/untrusted-input';
import type * as PolicyLibrary from '@change-ledger/policy';
import type * as NotificationsLibrary from '@change-ledger/notifications';
import type * as AuditCommands from './audit.commands';
import type * as RetentionCommand from './retention.command';
import type * as WitnessCommand from './witness.command';
import type * as CatalogueCommand from './catalogue.command';
import type * as LoginCommand from './login.command';
import { answerOf, askLedger } from './ledger-http';

type EventStore = EventStoreLibrary.EventStore;
type ProjectionRunner = ReadModelsLibrary.ProjectionRunner;
type VerifyOptions = VerifyCommand.VerifyOptions;
type ExportOptions = AuditCommands.ExportOptions;
type VerifyBundleCliOptions = AuditCommands.VerifyBundleCliOptions;

// What the commands run is loaded when a command runs, not to parse arguments or print --help:
// the store clients, Nest and the projections take seconds to load, the commander tree
// milliseconds (`npx ledger --help` answers in well under a second). `require`, since this is a
// CommonJS build: `import()` would load them as ES modules.
/* eslint-disable @typescript-eslint/no-require-imports */
const storeLibraries = async () => ({
  ...(require('@change-ledger/event-store') as typeof EventStoreLibrary),
  ...(require('@change-ledger/read-models') as typeof ReadModelsLibrary),
  ...(require('@change-ledger/operations') as typeof OperationsLibrary),
});
const ingestionLibrary = () => require('@change-ledger/ingestion') as typeof IngestionLibrary;
const verifyCommand = () => require('./verify.command') as typeof VerifyCommand;
const auditLibrary = () => require('@change-ledger/audit') as typeof AuditLibrary;
const auditCommands = () => require('./audit.commands') as typeof AuditCommands;
const retentionCommand = () => require('./retention.command') as typeof RetentionCommand;
const witnessCommand = () => require('./witness.command') as typeof WitnessCommand;
const catalogueCommand = () => require('./catalogue.command') as typeof CatalogueCommand;
const loginCommand = () => require('./login.command') as typeof LoginCommand;
const changeRequestsLibrary = () =>
  require('@change-ledger/change-requests') as typeof ChangeRequestsLibrary;
const untrustedInput = () => require('@change-ledger/untrusted-input') as typeof UntrustedInput;
const policyLibrary = () => require('@change-ledger/policy') as typeof PolicyLibrary;
const notificationsLibrary = () =>
  require('@change-ledger/notifications') as typeof NotificationsLibrary;
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
    'Change Ledger: migrate, rebuild read models, verify the evidence, replay and export it, gate and report deployments',
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
  .description(
    'lag and parked events, as JSON; the notifier’s planner too where the policy enables notifications',
  )
  .addOption(policyFileOption())
  .action(async (options: { policyFile: string }) => {
    const { PROJECTIONS, ProjectionStatus } = await storeLibraries();
    const { notifications } = await policyLibrary().loadPolicyFile(options.policyFile);
    const listed = [
      ...PROJECTIONS,
      ...(notifications.enabled ? [notificationsLibrary().NOTIFICATION_PLANNER_LISTING] : []),
    ];
    await withProjectorPool(async (store, pool) => {
      const status = new ProjectionStatus({ store, pool, projections: listed });
      const answer = { projections: await status.lag(), parked: await status.parkedEvents() };
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
    'verify everything (every hash chain, every leaf, every stored tree node, every checkpoint, consistency from the checkpoints you kept), or one change request (its leaves, its events, their inclusion in the latest checkpoint); exit 2 on tampering, 4 with --strict when no checkpoint anchors the log',
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
  .addOption(
    new Option(
      '--strict',
      'exit 4 when no checkpoint (stored or kept) anchors the log, rather than only warn',
    ),
  )
  .addOption(
    new Option(
      '--witness-key <vkey>',
      "a trusted witness's cosignature/v1 verifier key (repeatable)",
    )
      .argParser((key: string, previous: string[] = []) => [...previous, key])
      .default([]),
  )
  .addOption(
    new Option(
      '--quorum <n>',
      'how many of the --witness-key witnesses must have cosigned the latest checkpoint',
    ).argParser(positiveIntegerArgument),
  )
  .addOption(
    new Option(
      '--receipts <dir>',
      'instead: prove each kept receipt (*.receipt) is in the log by the time it promised, or name it',
    ),
  )
  .action(async (id: string | undefined, options: VerifyOptions) => {
    if (options.quorum !== undefined && options.quorum > options.witnessKey.length)
      program.error(`--quorum ${options.quorum} needs at least as many --witness-key`);
    if (options.witnessKey.length > 0 && options.quorum === undefined) options.quorum = 1;
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

const retention = program
  .command('retention')
  .description(
    'prune what is past its retention period and nothing else (policy retention; legal holds keep)',
  );

retention
  .command('plan')
  .description(
    'list what a run would prune and why (record, closing date, eligible since), and what is held; changes nothing',
  )
  .addOption(
    new Option('--as-of <date>', 'plan as of this date or RFC 3339 time (default: now)').argParser(
      (text: string) => {
        const date = untrustedInput().parseDateOrTimestamp(text);
        if (!date) throw new InvalidArgumentError('a date (2029-06-15) or an RFC 3339 time');
        return date;
      },
    ),
  )
  .addOption(new Option('--format <format>', 'output').choices(['json', 'csv']).default('json'))
  .addOption(policyFileOption())
  .action(async (options: { asOf?: Date; format: 'json' | 'csv'; policyFile: string }) => {
    await withStore(async (store) => {
      process.exitCode = await retentionCommand().runPlan(store, {
        ...options,
        asOf: options.asOf ?? new Date(),
      });
    });
  });

retention
  .command('run')
  .description(
    'prune in batches with progress, resumably; recorded as a RetentionRun in ledger-retention-runs',
  )
  .addOption(
    new Option(
      '--retention-database-url <url>',
      'the retention job’s own PostgreSQL login (never the API’s): the events, or with --event-store eventstoredb the read models (KurrentDB’s ACLs restrict its deletions)',
    )
      .env('RETENTION_DATABASE_URL')
      .makeOptionMandatory(),
  )
  .addOption(
    new Option('--batch-size <n>', 'streams per batch')
      .argParser((text: string) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > 10_000)
          throw new InvalidArgumentError('an integer from 1 to 10000');
        return n;
      })
      .default(500),
  )
  .addOption(policyFileOption())
  .action(
    async (options: { retentionDatabaseUrl: string; batchSize: number; policyFile: string }) => {
      const global = program.opts<GlobalOptions>();
      if (global.eventStore === 'eventstoredb' && !global.eventstoreUrl)
        program.error(
          '--eventstore-url (EVENTSTORE_URL) is required with --event-store eventstoredb',
        );
      process.exitCode = await retentionCommand().runRetention({
        ...options,
        eventStoreDbUrl: global.eventStore === 'eventstoredb' ? global.eventstoreUrl : undefined,
      });
    },
  );

const hold = program
  .command('hold')
  .description(
    'legal holds, through the ledger API (the roles the policy names may place or release)',
  );

hold
  .command('place')
  .description(
    'keep records from retention: one change request, an affected system, or a time range',
  )
  .addOption(
    new Option('--change-request <id>', 'a change request (and the CI events linked to it)'),
  )
  .addOption(new Option('--system <name>', 'every record of an affected system'))
  .addOption(new Option('--from <time>', 'start of a time range (RFC 3339)'))
  .addOption(new Option('--to <time>', 'end of a time range (RFC 3339)'))
  .requiredOption('--reason <why>', 'why the records are held')
  .addOption(new Option('--until <time>', 'held until then (default: until released)'))
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (options: HoldPlaceOptions) => {
    await callLedger(options, 'POST', '/api/v1/legal-holds', {
      change_request_id: options.changeRequest,
      system: options.system,
      from: options.from,
      to: options.to,
      reason: options.reason,
      until: options.until,
    });
  });

hold
  .command('release')
  .argument('<hold-id>', 'the hold, e.g. hold-…')
  .requiredOption('--reason <why>', 'why it is released')
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (holdId: string, options: { reason: string; url: string; token: string }) => {
    await callLedger(options, 'POST', `/api/v1/legal-holds/${encodeURIComponent(holdId)}/release`, {
      reason: options.reason,
    });
  });

hold
  .command('list')
  .description('every hold, newest first, with whether it is in force')
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (options: { url: string; token: string }) => {
    await callLedger(options, 'GET', '/api/v1/legal-holds');
  });

const notifications = program
  .command('notifications')
  .description(
    'the notifier’s outbox, through the ledger API: list it, resend a parked delivery, replay a window for a channel enabled late (notifications.operator_roles)',
  );

notifications
  .command('list', { isDefault: true })
  .description('deliveries, parked first, then the newest')
  .addOption(new Option('--status <status>', 'only these').choices(['pending', 'sent', 'parked']))
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (options: { status?: string; url: string; token: string }) => {
    await callLedger(
      options,
      'GET',
      `/api/v1/change-management/notifications${options.status ? `?status=${options.status}` : ''}`,
    );
  });

notifications
  .command('resend')
  .description(
    'put a parked delivery back to pending, from its first attempt (recorded: who, when)',
  )
  .argument('<delivery-id>', 'the delivery, as `notifications list --status parked` shows it')
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (deliveryId: string, options: { url: string; token: string }) => {
    await callLedger(
      options,
      'POST',
      `/api/v1/change-management/notifications/${encodeURIComponent(deliveryId)}/resend`,
    );
  });

notifications
  .command('replay')
  .description(
    'plan the messages of one channel for the events recorded in a window: for a channel enabled after the notifier passed them; nothing already planned is planned again',
  )
  .requiredOption('--channel <channel>', 'email, slack or webhook (enabled in the policy)')
  .requiredOption('--since <date>', 'events recorded from then (a date or an RFC 3339 instant)')
  .addOption(new Option('--until <date>', 'up to then (a date includes its day; default: now)'))
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(
    async (options: {
      channel: string;
      since: string;
      until?: string;
      url: string;
      token: string;
    }) => {
      await callLedger(options, 'POST', '/api/v1/change-management/notifications/replay', {
        channel: options.channel,
        since: options.since,
        until: options.until,
      });
    },
  );

interface HoldPlaceOptions {
  changeRequest?: string;
  system?: string;
  from?: string;
  to?: string;
  reason: string;
  until?: string;
  url: string;
  token: string;
}

/** Prints the ledger's answer; a refusal (its problem document) exits 1. */
async function callLedger(
  options: { url: string; token: string },
  method: 'GET' | 'POST',
  route: string,
  body?: Record<string, unknown>,
): Promise<void> {
  const response = await askLedger(`${options.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${options.token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  console.log(JSON.stringify(await answerOf(response), null, 2));
  if (!response.ok) process.exitCode = 1;
}

function policyFileOption(): Option {
  return new Option('--policy-file <file>', 'the policy in force')
    .env('LEDGER_POLICY_FILE')
    .default('config/policy.yaml');
}

program
  .command('replay')
  .description(
    "a change request's history, each event with the state transition it caused (as the domain folds it)",
  )
  .argument('<change-request-id>', 'e.g. CHG-2026-001', changeRequestIdArgument)
  .addOption(
    new Option(
      '--as-of <time>',
      'only what the ledger knew then: events recorded before this RFC 3339 instant',
    ).argParser(timestampArgument),
  )
  .addOption(new Option('--json', 'as JSON, one object per event'))
  .action(async (id: string, options: { asOf?: Date; json?: boolean }) => {
    await withStore(async (store) => {
      const events = changeRequestsLibrary().recordedBefore(
        await store.readStream(changeRequestStream(id)),
        options.asOf,
      );
      if (events.length === 0) {
        console.error(
          `${id}: no events${options.asOf ? ` before ${options.asOf.toISOString()}` : ''}`,
        );
        process.exitCode = 1;
        return;
      }
      const { formatReplay, replay } = auditLibrary();
      const replayed = replay(id, events);
      console.log(options.json ? JSON.stringify(replayed, null, 2) : formatReplay(replayed));
    });
  });

program
  .command('export')
  .description(
    'write an evidence bundle (tar.gz): the population, per change its events with inclusion proofs, history, approvals, CI facts, gates, outcome and summary.html, the checkpoint, a control matrix and a signed manifest',
  )
  .addOption(
    new Option('--from <time>', 'the period’s start (RFC 3339)').argParser(timestampArgument),
  )
  .addOption(new Option('--to <time>', 'the period’s end, exclusive').argParser(timestampArgument))
  .addOption(
    new Option('--as-of <time>', 'the population as the ledger knew it then').argParser(
      timestampArgument,
    ),
  )
  .addOption(new Option('--sample-id <id>', 'export a recorded sample (its period and members)'))
  .addOption(
    new Option('--sample <n>', 'draw and record a sample of n over the period first').argParser(
      positiveIntegerArgument,
    ),
  )
  .addOption(new Option('--seed <seed>', 'the seed of --sample'))
  .addOption(new Option('--by <name>', 'who draws the sample').default(userInfo().username))
  .requiredOption('--out <file>', 'the bundle to write, e.g. evidence.tar.gz')
  .addOption(
    new Option('--signing-key-file <file>', 'the log’s signing key: signs the manifest').env(
      'LEDGER_LOG_SIGNING_KEY_FILE',
    ),
  )
  .addOption(
    new Option('--data-dir <dir>', 'or the data directory holding it (log-signing.key)')
      .env('LEDGER_DATA_DIR')
      .default('.data'),
  )
  .action(async (options: ExportOptions) => {
    const databaseUrl = requiredDatabaseUrl();
    await withStore(async (reader) => {
      let writer: EventStore | undefined;
      const { openEventStore } = await storeLibraries();
      try {
        process.exitCode = await auditCommands().runExport(
          {
            reader,
            writer: async () =>
              (writer ??= await openEventStore({
                kind: 'postgres',
                connectionString: databaseUrl,
                role: 'ledger_writer',
              })),
          },
          databaseUrl,
          options,
        );
      } finally {
        await writer?.close();
      }
    });
  });

program
  .command('verify-bundle')
  .description(
    "verify an evidence bundle offline (no database, no network): manifest signature, file hashes, event hashes and chains, inclusion proofs, checkpoint signature, derived files (the standalone @change-ledger/verify with the ledger's fold); exit 2 naming the first failure",
  )
  .argument('<file>', 'the bundle (tar.gz)')
  .addOption(
    new Option('--verifier-key <vkey>', "the log's signed-note verifier key (repeatable)")
      .argParser((key: string, previous: string[] = []) => [...previous, key])
      .default([]),
  )
  .addOption(
    new Option('--trusted-checkpoint <file>', 'a signed checkpoint you kept (repeatable)')
      .argParser((file: string, previous: string[] = []) => [...previous, file])
      .default([]),
  )
  .addOption(
    new Option(
      '--receipt <file>',
      "a write's signed receipt you kept: its events in the bundle must be the ones promised (repeatable)",
    )
      .argParser((file: string, previous: string[] = []) => [...previous, file])
      .default([]),
  )
  .action(async (file: string, options: VerifyBundleCliOptions) => {
    process.exitCode = await auditCommands().runVerifyBundle(file, options);
  });

program
  .command('gate')
  .description('may this change be deployed? every gate of 003 §3 with its reason; exit 3 on deny')
  .argument('<change-request-id>', 'e.g. CHG-2026-001', changeRequestIdArgument)
  .addOption(new Option('--environment <name>', 'target environment').default('production'))
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (id: string, options: { environment: string; url: string; token: string }) => {
    const response = await askLedger(
      `${options.url}/api/v1/change-management/change-requests/${id}/gates?environment=${encodeURIComponent(options.environment)}`,
      { headers: { authorization: `Bearer ${options.token}` } },
    );
    const body = await answerOf<GateAnswer | { detail?: string }>(response);
    if (!response.ok || !('decision' in body)) {
      throw new Error(
        `the ledger answered ${response.status}: ${'detail' in body ? body.detail : ''}`,
      );
    }
    const mark = {
      passed: '✔',
      passed_by_exception: '≈',
      failed: '✘',
      not_applicable: '–',
    } as const;
    for (const gate of body.gates) console.log(`${mark[gate.status]} ${gate.gate}: ${gate.reason}`);
    console.log(`${body.decision} ${id} → ${body.environment}`);
    if (body.decision !== 'allow') process.exitCode = 3;
  });

program
  .command('login')
  .description(
    'sign in with your identity provider (OAuth 2.0 device authorization grant): open the link it prints, enter the code; the token is kept in your config directory (mode 600) for the commands that call the API',
  )
  .addOption(
    new Option('--issuer <url>', "the identity provider's issuer (OIDC)")
      .env('LEDGER_OIDC_ISSUER')
      .makeOptionMandatory(),
  )
  .addOption(
    new Option('--client-id <id>', "the CLI's client at the provider (device grant allowed)")
      .env('LEDGER_OIDC_CLI_CLIENT_ID')
      .makeOptionMandatory(),
  )
  .addOption(new Option('--scope <scopes>', 'scopes to ask for').default('openid profile'))
  .action(async (options: LoginCommand.LoginOptions) => {
    process.exitCode = await loginCommand().runLogin(options);
  });

program
  .command('logout')
  .description(
    'forget the sign-in of `ledger login` (and revoke its refresh token at the provider)',
  )
  .action(async () => {
    process.exitCode = await loginCommand().runLogout();
  });

// A command that calls the API and was given no --token (nor LEDGER_TOKEN) uses the sign-in of
// `ledger login`, refreshed if it is about to expire.
program.hook('preAction', async (_, command) => {
  if (!command.options.some((option) => option.attributeName() === 'token')) return;
  if (command.getOptionValue('token')) return;
  const token = await loginCommand().storedAccessToken();
  if (!token)
    command.error(
      'no token: sign in with `ledger login`, or give --token (LEDGER_TOKEN) for a pipeline',
    );
  command.setOptionValue('token', token);
});

program
  .command('catalogue')
  .description(
    'the standard-change catalogue: each template, its version in force, constraints, what awaits the CAB, uses, success rate and rollbacks',
  )
  .addOption(
    new Option('--status <status>', 'only templates in this status').choices([
      'proposed',
      'rejected',
      'active',
      'suspended',
      'retired',
    ]),
  )
  .option('--json', 'the API answer, for scripts')
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (options: CatalogueCommand.CatalogueOptions) => {
    process.exitCode = await catalogueCommand().runCatalogue(options);
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
    new Option(
      '--outcome <outcome>',
      "success | failure | error | cancel, for runs (CDEvents v0.5's words; pass and fail, v0.4's, are sent as success and failure)",
    ).choices(['success', 'failure', 'error', 'cancel', 'pass', 'fail']),
  )
  .addOption(
    new Option(
      '--severity <severity>',
      'for test suite runs: low | medium | high | critical',
    ).choices(['low', 'medium', 'high', 'critical']),
  )
  .addOption(
    new Option(
      '--findings <counts>',
      'for scans: the unaddressed findings, e.g. critical=0,high=2 (a scan that states none is unknown, not a pass)',
    ),
  )
  .addOption(new Option('--actor <who>', 'the person or bot behind it').env('GITHUB_ACTOR'))
  .addOption(
    new Option('--receipt <file>', "save the log's signed receipt there (keep it with the build)"),
  )
  .addOption(ledgerUrlOption())
  .addOption(ledgerTokenOption())
  .action(async (type: string, options: EmitOptions) => {
    const { CDEVENT_TYPES } = ingestionLibrary();
    if (!CDEVENT_TYPES.includes(type))
      program.error(`error: <type> must be one of ${CDEVENT_TYPES.join(', ')}`);
    const id = options.id ?? randomUUID();
    const cdType = `dev.cdevents.${type}.0.3.0`;
    // One instant for the envelope and the context: the ledger reads a `time` that differs as
    // something it did not read.
    const now = new Date().toISOString();
    const content: Record<string, unknown> = {};
    if (options.environment)
      content['environment'] = { id: options.environment, name: options.environment };
    if (options.artifact) content['artifactId'] = options.artifact;
    if (options.outcome)
      content['outcome'] = { pass: 'success', fail: 'failure' }[options.outcome] ?? options.outcome;
    if (options.severity) content['severity'] = options.severity;
    if (options.testSuite) content['testSuite'] = { id: options.testSuite };
    const customData = Object.fromEntries(
      Object.entries({
        changeRequestId: options.changeRequest,
        commitSha: options.commit,
        actor: options.actor,
        findings: options.findings === undefined ? undefined : findingCounts(options.findings),
      }).filter(([, value]) => value !== undefined),
    );
    const event = {
      specversion: '1.0',
      id,
      source: options.source,
      type: cdType,
      time: now,
      datacontenttype: 'application/json',
      data: {
        context: {
          specversion: '0.5.0',
          id,
          source: options.source,
          type: cdType,
          timestamp: now,
        },
        subject: { id: options.subject, content },
        customData,
      },
    };
    const response = await askLedger(`${options.url}/api/v1/ingest/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/cloudevents+json',
      },
      body: JSON.stringify(event),
    });
    const answer = await answerOf<{ receipt?: string | null }>(response);
    console.log(JSON.stringify(answer, null, 2));
    if (response.status !== 202) process.exitCode = 1;
    // The log's signed promise, kept with the build: `ledger verify --receipts` checks it later.
    else if (options.receipt && answer.receipt) await writeFile(options.receipt, answer.receipt);
    else if (options.receipt) {
      console.error(`no receipt to save in ${options.receipt}: see receipt_unavailable`);
      process.exitCode = 1;
    }
  });

/** `critical=0,high=2` as customData.findings; anything else is refused before sending. */
function findingCounts(text: string): { critical: number; high: number } {
  const counts = Object.fromEntries(
    text.split(',').map((part) => part.split('=').map((side) => side.trim())),
  ) as Record<string, string | undefined>;
  const count = (name: string) => {
    const value = counts[name];
    if (value === undefined || !/^\d+$/.test(value))
      program.error(`error: --findings must give ${name}=<count>, e.g. critical=0,high=2`);
    return Number(value);
  };
  return { critical: count('critical'), high: count('high') };
}

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
  severity?: string;
  findings?: string;
  actor?: string;
  receipt?: string;
  url: string;
  token: string;
}

interface GateAnswer {
  decision: 'allow' | 'deny';
  environment: string;
  gates: Array<{
    gate: string;
    status: 'passed' | 'passed_by_exception' | 'failed' | 'not_applicable';
    reason: string;
  }>;
}

const witness = program
  .command('witness')
  .description(
    'a C2SP tlog-witness: cosigns the checkpoints of the logs it is told of, refusing any that does not extend what it saw (ADR 0018)',
  );

witness
  .command('keygen')
  .description("make a witness's cosigner key and print its verifier key")
  .requiredOption('--name <name>', 'the key name, e.g. witness.example.com/w1')
  .requiredOption('--key-file <file>', 'where to write it (never overwritten)')
  .action(async (options: { name: string; keyFile: string }) => {
    await witnessCommand().runWitnessKeygen(options.name, options.keyFile);
  });

witness
  .command('serve')
  .description('serve POST /add-checkpoint until stopped')
  .addOption(
    new Option('--key-file <file>', 'the cosigner key (ledger witness keygen)')
      .env('WITNESS_KEY_FILE')
      .makeOptionMandatory(),
  )
  .addOption(
    new Option('--state-dir <dir>', 'its own storage: the latest cosigned checkpoint per log')
      .env('WITNESS_STATE_DIR')
      .makeOptionMandatory(),
  )
  .addOption(
    new Option('--port <port>', 'the port to listen on (0: any)')
      .env('WITNESS_PORT')
      .default(3700)
      .argParser(portArgument),
  )
  .addOption(
    new Option('--host <host>', 'the address to bind').env('WITNESS_HOST').default('0.0.0.0'),
  )
  .addOption(
    new Option(
      '--log <log>',
      'a log it witnesses: "<verifier key>" or "<origin> <verifier key>" (repeatable)',
    )
      .argParser((log: string, previous: string[] = []) => [...previous, log])
      .default([]),
  )
  .addOption(
    new Option(
      '--create-key-as <name>',
      'make the key file with a key of this name if it does not exist (a first start)',
    ).env('WITNESS_CREATE_KEY_AS'),
  )
  .action(async (options: WitnessCommand.WitnessServeOptions) => {
    await witnessCommand().runWitnessServer(options);
  });

function portArgument(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new InvalidArgumentError('a port number from 0 to 65535');
  return Number(text);
}

function timestampArgument(text: string): Date {
  const parsed = untrustedInput().parseTimestamp(text);
  if (!parsed) throw new InvalidArgumentError('an RFC 3339 instant, like 2026-03-01T09:00:00Z');
  return parsed;
}

function positiveIntegerArgument(text: string): number {
  if (!/^[1-9]\d{0,4}$/.test(text)) throw new InvalidArgumentError('a whole number from 1');
  return Number(text);
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
  return new Option(
    '--token <token>',
    "an API token or OIDC JWT (a pipeline's); unset: the sign-in of `ledger login`",
  ).env('LEDGER_TOKEN');
}

function requiredDatabaseUrl(): string {
  const url = program.opts<GlobalOptions>().databaseUrl;
  return url ?? program.error('--database-url (DATABASE_URL) is required for this command');
}

async function withRunner(work: (runner: ProjectionRunner) => Promise<void>): Promise<void> {
  const { PROJECTIONS, ProjectionRunner } = await storeLibraries();
  await withProjectorPool((store, pool) =>
    work(new ProjectionRunner({ store, pool, projections: PROJECTIONS })),
  );
}

async function withProjectorPool(
  work: (store: EventStore, pool: ReturnType<typeof EventStoreLibrary.createPool>) => Promise<void>,
): Promise<void> {
  const { createPool } = await storeLibraries();
  await withStore(async (store, options) => {
    const pool = createPool('projector (ledger_projector)', {
      connectionString: options.databaseUrl!,
      options: '-c role=ledger_projector',
    });
    try {
      await work(store, pool);
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
