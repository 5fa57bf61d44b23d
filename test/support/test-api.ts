import path from 'node:path';
import { Authenticator, type JwtVerifier, StaticTokens } from '@change-ledger/auth';
import { type Clock } from '@change-ledger/change-requests';
import { generateSignerKey, parseSignerKey } from '@change-ledger/integrity';
import { type LedgerMetrics } from '@change-ledger/operations';
import { loadPolicyFile } from '@change-ledger/policy';
import { type Logger } from 'pino';
import { Test } from '@nestjs/testing';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { createTestDatabase, type TestDatabase } from './test-database';

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
  auditor: { principal: 'audra', roles: ['auditor'] },
  securityOfficer: { principal: 'sofia', roles: ['security-officer'] },
  /** Authenticated, but holds no role: every step after approval refuses them. */
  nobody: { principal: 'nora', roles: [] },
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
} as const;

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
  log?: { signingKey?: string; checkpointDir?: string; intervalMs?: number };
  /** Another policy file than the seed's (e.g. one with a change calendar). */
  policyFile?: string;
  /** The process's logger and metrics (libs/operations), for tests that read them back. */
  logger?: Logger;
  metrics?: LedgerMetrics;
  /** Serve the built-in dashboard page from this bundle directory at `/`. */
  uiDir?: string;
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
          },
        },
        logger: options.logger,
        metrics: options.metrics,
      }),
    ],
  }).compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false }),
    { uiDir: options.uiDir },
  );
  await app.init();
  return app;
}

/**
 * A database of its own and an API booted on it for the test file: created before its tests,
 * closed and dropped after them. Read `database` and `app` inside tests (they are set then).
 */
export function useTestApi(options: Omit<Parameters<typeof bootTestApi>[0], 'databaseUrl'> = {}): {
  database: TestDatabase;
  app: NestExpressApplication;
} {
  const fixture = {} as { database: TestDatabase; app: NestExpressApplication };
  beforeAll(async () => {
    fixture.database = await createTestDatabase();
    fixture.app = await bootTestApi({ databaseUrl: fixture.database.url, ...options });
  }, 60_000);
  afterAll(async () => {
    await fixture.app?.close();
    await fixture.database?.drop();
  });
  return fixture;
}
