import path from 'node:path';
import { Authenticator, type JwtVerifier, StaticTokens } from '@change-ledger/auth';
import { type Clock } from '@change-ledger/change-requests';
import { generateSignerKey, parseSignerKey } from '@change-ledger/integrity';
import { type NotifierTransports } from '@change-ledger/notifications';
import { type LedgerMetrics } from '@change-ledger/operations';
import { loadPolicyFile } from '@change-ledger/policy';
import { type Logger } from 'pino';
import { Test } from '@nestjs/testing';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { type PageSignIn } from '../../apps/api/src/dashboard-page/dashboard-page';
import { expectLedgerWhole } from './ledger-whole';
import { type TestDatabaseFixture, useTestDatabase } from './test-database';

/** People of the seed policy, each with a token: `Bearer ${people.erin}`. */
export const people = {
  requester: { principal: 'user-123', roles: ['engineer'] },
  securityTeam: { principal: 'sam', roles: ['security-team'] },
  manager: { principal: 'erin', roles: ['engineering-manager'] },
  changeManager: { principal: 'carl', roles: ['change-manager'] },
  qa: { principal: 'quinn', roles: ['qa'] },
  twoHats: { principal: 'tess', roles: ['engineering-manager', 'change-manager'] },
  implementer: { principal: 'engineer-456', roles: ['engineer'] },
  ciso: { principal: 'cleo', roles: ['ciso'] },
  /** API-APPROVAL-LEVELS' emergency approvers are the security team lead and the engineering manager. */
  securityLead: { principal: 'lena', roles: ['security-team-lead'] },
  platformEngineer: { principal: 'pat', roles: ['platform-team'] },
  auditor: { principal: 'audra', roles: ['auditor'] },
  securityOfficer: { principal: 'sofia', roles: ['security-officer'] },
  /** Signs off policy exceptions with the Security Officer (POL-EXCEPTIONS). */
  headOfEngineering: { principal: 'hana', roles: ['head-of-engineering'] },
  /** Authenticated, but holds no role: reads what everyone reads, and writes nothing. */
  nobody: { principal: 'nora', roles: [] },
  /** A person whose role the policy gives no step: every step after approval refuses them. */
  onlooker: { principal: 'olga', roles: ['observer'] },
  /** A CI service bound to the sources the tests report from. */
  pipeline: {
    principal: 'ci-pipeline',
    roles: ['ci'],
    kind: 'service',
    sources: ['*'],
  },
  /** A CI service bound to one source only. */
  otherTeamPipeline: {
    principal: 'other-team-ci',
    roles: ['ci'],
    kind: 'service',
    sources: ['https://other-team.example/ci'],
  },
  /** A CI service of acme's GitHub organisation, holding no role (its binding is its authority). */
  acmePipeline: {
    principal: 'acme-ci',
    roles: [],
    kind: 'service',
    sources: ['github.com/acme/*'],
  },
  /** A CI service of another organisation, holding no role: it speaks for its own sources only. */
  otherOrgPipeline: {
    principal: 'other-org-ci',
    roles: [],
    kind: 'service',
    sources: ['gitlab.com/other/*'],
  },
  /** A service holding people's roles: roles never make a service a person. */
  rolesBot: {
    principal: 'roles-bot',
    roles: ['engineer', 'change-manager', 'ciso', 'security-officer', 'head-of-engineering'],
    kind: 'service',
    sources: [],
  },
  /** A bot a policy may name for people's steps (one that files standard changes). */
  standardChangeBot: {
    principal: 'standard-change-bot',
    roles: [],
    kind: 'service',
    sources: [],
  },
} as const;

/**
 * The notifier with no channel configured: its planner follows the events (and so is caught up
 * in `/projections`) and plans nothing to send.
 */
export const NOTIFIER_SENDING_NOWHERE = {
  transports: {
    publicUrl: 'http://localhost:3000',
    slackWebhooks: {},
    maxAttempts: 1,
    backoffMs: 1_000,
  },
  pollIntervalMs: 100,
};

export type Person = keyof typeof people;
export const tokenOf = (who: Person) => `test-token-for-${who}-0123456789`;
export const bearer = (who: Person) => ({ Authorization: `Bearer ${tokenOf(who)}` });

/**
 * A clock that runs with real time and can be moved forward: verification is held to the time
 * since implementation started, so a flow waits its monitoring minutes by moving the clock.
 */
export function movableClock(): Clock & { advance(minutes: number): void } {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (minutes: number) => {
      offsetMs += minutes * 60_000;
    },
  };
}

export async function bootTestApi(options: {
  databaseUrl: string;
  clock?: Clock;
  jwt?: JwtVerifier;
  /** false: no projector in this process (a separate one runs it). */
  runProjector?: boolean;
  webhooks?: { github?: string; gitlab?: string };
  /** The log's checkpoints: signed on demand only (CHECKPOINTER) unless given a cadence. */
  log?: {
    signingKey?: string;
    checkpointDir?: string;
    intervalMs?: number;
    /** tlog-witness witnesses that cosign each checkpoint. */
    witnesses?: { url: string; key: string }[];
  };
  /** Another policy file than the seed's (e.g. one with a change calendar). */
  policyFile?: string;
  /** The process's logger and metrics (libs/operations), for tests that read them back. */
  logger?: Logger;
  metrics?: LedgerMetrics;
  /** Serve the built-in dashboard page from this bundle directory at `/`. */
  uiDir?: string;
  /** The page signs in with this provider and public client (single sign-on). */
  signIn?: PageSignIn;
  /** Host the notifier with the projector (where the policy enables notifications). */
  notifier?: { transports: NotifierTransports; pollIntervalMs?: number };
}): Promise<NestExpressApplication> {
  const policy = await loadPolicyFile(
    options.policyFile ?? path.resolve(__dirname, '../../config/policy.yaml'),
  );
  const tokens = StaticTokens.fromEntries(
    (Object.keys(people) as Person[]).map((who) => {
      const person = people[who];
      return {
        token: tokenOf(who),
        principal: person.principal,
        roles: [...person.roles],
        ...('kind' in person ? { kind: person.kind, sources: [...person.sources] } : {}),
      };
    }),
  );
  const moduleRef = await Test.createTestingModule({
    imports: [
      ApiModule.forRoot({
        eventStore: {
          kind: 'postgres',
          connectionString: options.databaseUrl,
          role: 'ledger_writer',
        },
        readModels: {
          connectionString: options.databaseUrl,
          runProjector: options.runProjector ?? true,
        },
        deadlineIntervalMs: 0,
        policy,
        authenticator: new Authenticator({ tokens, jwt: options.jwt }),
        clock: options.clock,
        webhooks: options.webhooks,
        log: {
          signer: parseSignerKey(options.log?.signingKey ?? generateSignerKey('test.example/log')),
          config: {
            origin: 'test.example/log',
            intervalMs: options.log?.intervalMs ?? 0,
            checkpointDir: options.log?.checkpointDir,
            witnessUrls: [],
            witnesses: options.log?.witnesses ?? [],
          },
        },
        logger: options.logger,
        metrics: options.metrics,
        notifier: options.notifier,
      }),
    ],
  }).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false }),
    { uiDir: options.uiDir, signIn: options.signIn },
  );
  await app.init();
  return app;
}

type TestApiOptions = Omit<Parameters<typeof bootTestApi>[0], 'databaseUrl'> & {
  /**
   * false for a file that alters the ledger behind the store on purpose: the others end on
   * `expectLedgerWhole` (every event sequenced, verify clean).
   */
  ledgerWholeAtEnd?: boolean;
};

/** What `useTestApi` gives a test file; read `database` and `app` inside hooks and tests. */
export interface TestApi {
  database: TestDatabaseFixture;
  app: NestExpressApplication;
  /**
   * Closes something the file opened on the API or its database (a client, a store, a browser)
   * before the API closes and the database is dropped: dropping first would cut its connection
   * under it. Call it where the thing is opened, in a `beforeAll`.
   */
  closeFirst(close: () => Promise<unknown>): void;
}

/**
 * A database of its own and an API booted on it for the test file: created before its tests,
 * closed and dropped after them. Options that need set-up of their own (a key pair, a built
 * bundle) can come from a function, which runs in the same `beforeAll` before the API boots.
 */
export function useTestApi(
  options: TestApiOptions | (() => Promise<TestApiOptions>) = {},
  timeoutMs = 60_000,
): TestApi {
  const database = useTestDatabase();
  const closers: Array<() => Promise<unknown>> = [];
  const fixture = {
    database,
    closeFirst: (close: () => Promise<unknown>) => void closers.push(close),
  } as TestApi;
  let resolved: TestApiOptions = {};
  let signingKey = '';
  beforeAll(async () => {
    resolved = typeof options === 'function' ? await options() : options;
    signingKey = resolved.log?.signingKey ?? generateSignerKey('test.example/log');
    fixture.app = await bootTestApi({
      databaseUrl: database.url,
      ...resolved,
      log: { ...resolved.log, signingKey },
    });
  }, timeoutMs);
  database.closeFirst(async () => {
    for (const close of closers.reverse()) await close();
    try {
      if (fixture.app && resolved.ledgerWholeAtEnd !== false) {
        await expectLedgerWhole(database.url, parseSignerKey(signingKey), {
          sequencerRuns: resolved.runProjector !== false,
        });
      }
    } finally {
      await fixture.app?.close();
    }
  });
  return fixture;
}
