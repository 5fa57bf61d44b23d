import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Authenticator, JwtVerifier, StaticTokens } from '@change-ledger/auth';
import { ledgerLogConfig, openLogSigningKey, verifierKey } from '@change-ledger/integrity';
import { startEmbeddedPostgres } from '@change-ledger/local-postgres';
import {
  eventStoreConfigFor,
  migrateLedger,
  type ProcessContext,
  runProcess,
  usePinoLogger,
} from '@change-ledger/operations';
import { notifierTransports } from '@change-ledger/notifications';
import { DEMO_POLICY_CHANGES, loadDemoPolicy, loadPolicyFile } from '@change-ledger/policy';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from './api.module';
import { type ApiEnvironment, loadApiEnvironment } from './config/api-config';
import { configureApp } from './configure-app';
import { createLocalTokens } from './local-tokens';
import { serveApiDocs } from './openapi/api-docs';

/**
 * `npm start`: the ledger on this machine. With DATABASE_URL it uses that PostgreSQL, migrated
 * beforehand (`ledger migrate`); without, an embedded PostgreSQL whose data, port and local
 * tokens stay under LEDGER_DATA_DIR between runs, migrated here.
 */
const SEED_POLICY_FILE = 'config/policy.yaml';

runProcess({ service: 'api', metricsPort: 9464, start: startApi });

async function startApi(context: ProcessContext): Promise<NestExpressApplication> {
  const { logger } = context;
  const env = loadApiEnvironment(process.env);
  // The embedded default is someone trying the ledger on their machine: the demo policy lets the
  // README's walk-through reach `completed` without waiting 30 minutes. Anything configured
  // (a database, a policy file) gets the policy as written.
  const demo = !env.DATABASE_URL && !env.LEDGER_POLICY_FILE;
  const policy = demo
    ? await loadDemoPolicy(SEED_POLICY_FILE)
    : await loadPolicyFile(env.LEDGER_POLICY_FILE ?? SEED_POLICY_FILE);
  const authenticator = await authenticatorFor(env, context);
  // PostgreSQL always holds the read models, and the events too unless EventStoreDB does.
  let url = env.DATABASE_URL;
  if (!url) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(env.LEDGER_DATA_DIR, 'postgres'),
    });
    context.onShutdown(() => embedded.stop());
    url = embedded.url;
    logger.info(`embedded PostgreSQL on port ${embedded.port}, data in ${embedded.dataDir}`);
    await migrateLedger(url, { eventsInPostgres: env.EVENT_STORE === 'postgres' });
    // What the CLI needs to reach this server; the port stays the same across restarts.
    console.log(`For the ledger CLI: export DATABASE_URL=${embedded.url}`);
  }
  const log = ledgerLogConfig(env);
  // The key the log's checkpoints were signed with, or refused before anything starts. One is
  // made only in the data directory, and only for a log without checkpoints yet.
  const { signer, created } = await openLogSigningKey({
    databaseUrl: url,
    keyFile: log.signingKey.file,
    source: log.signingKey.source,
    createAs: log.signingKey.inDataDir ? log.origin : undefined,
  });

  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(
      ApiModule.forRoot({
        eventStore: eventStoreConfigFor(env, { databaseUrl: url, role: env.LEDGER_DB_ROLE }),
        policy,
        authenticator,
        readModels: {
          connectionString: url,
          queryConnectionString: env.DATABASE_READ_URL,
          runProjector: env.LEDGER_RUN_PROJECTOR,
        },
        log: { signer, config: log },
        notifier: { transports: notifierTransports(env) },
        webhooks: {
          github: env.LEDGER_GITHUB_WEBHOOK_SECRET,
          gitlab: env.LEDGER_GITLAB_WEBHOOK_TOKEN,
        },
        ciReportedTime: {
          maxFutureSkewSeconds: env.LEDGER_CI_MAX_CLOCK_SKEW_SECONDS,
          maxAgeHours: env.LEDGER_CI_MAX_REPORT_AGE_HOURS,
        },
        logger,
        metrics: context.metrics,
        readyMaxLagSeconds: context.operations.LEDGER_READY_MAX_LAG_SECONDS,
        idempotencyLeaseMs: env.LEDGER_IDEMPOTENCY_LEASE_SECONDS * 1000,
      }),
      { bodyParser: false, bufferLogs: true },
    ),
    {
      uiDir: env.LEDGER_UI_DIR,
      signIn: env.LEDGER_OIDC_WEB_CLIENT_ID
        ? { issuer: env.LEDGER_OIDC_ISSUER!, clientId: env.LEDGER_OIDC_WEB_CLIENT_ID }
        : undefined,
    },
  );
  usePinoLogger(app);
  await serveApiDocs(app);
  await app.listen(env.PORT);
  logger.info(`policy ${policy.policy.version} from ${policy.source}`);
  if (demo)
    console.log(
      `Demo policy (the embedded default): the seed policy, except that ${DEMO_POLICY_CHANGES.map((change) => change.why).join('; ')}. Set LEDGER_POLICY_FILE=${SEED_POLICY_FILE} for the seed as written.`,
    );
  logger.info(
    `log checkpoints signed by ${created ? 'a new key, in ' : ''}${log.signingKey.file}; verifier key: ${verifierKey(signer)}`,
  );
  logger.info(
    `Change Ledger API listening on http://localhost:${env.PORT} (docs: /docs, health: /health/ready)`,
  );
  logger.info(`Dashboard page: http://localhost:${env.PORT}/ (sign in with a token)`);
  return app;
}

async function authenticatorFor(
  env: ApiEnvironment,
  { logger }: ProcessContext,
): Promise<Authenticator> {
  const tokens = env.LEDGER_TOKENS_FILE
    ? await StaticTokens.fromFile(env.LEDGER_TOKENS_FILE)
    : undefined;
  const jwt = env.LEDGER_OIDC_ISSUER
    ? await JwtVerifier.create({
        issuer: env.LEDGER_OIDC_ISSUER,
        audience: env.LEDGER_OIDC_AUDIENCE!,
        jwksUrl: env.LEDGER_OIDC_JWKS_URL,
        publicKeyPem: env.LEDGER_OIDC_PUBLIC_KEY_FILE
          ? await readFile(env.LEDGER_OIDC_PUBLIC_KEY_FILE, 'utf8')
          : undefined,
        rolesClaim: env.LEDGER_OIDC_ROLES_CLAIM,
        roleMap: env.oidcRoleMap(),
        principalClaim: env.LEDGER_OIDC_PRINCIPAL_CLAIM,
        ciSourcesClaim: env.LEDGER_OIDC_CI_SOURCES_CLAIM,
      })
    : undefined;
  if (tokens || jwt) return new Authenticator({ tokens, jwt });
  const local = await createLocalTokens(path.resolve(env.LEDGER_DATA_DIR));
  logger.info(
    `no credentials configured (LEDGER_TOKENS_FILE, LEDGER_OIDC_*): local tokens ${local.kept ? 'kept from the last start' : 'made'}, in ${local.envFile}`,
  );
  // For a person at the terminal to copy; the tokens are never in a log line.
  console.log(`Local tokens (source ${local.envFile}, or copy):\n${local.exports}`);
  return new Authenticator({ tokens: local.tokens });
}
