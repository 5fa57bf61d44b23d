import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Authenticator, JwtVerifier, StaticTokens } from '@change-ledger/auth';
import { type EventStoreConfig, migrateEventStore } from '@change-ledger/event-store';
import {
  ledgerLogConfig,
  loadSigningKey,
  migrateIntegrity,
  verifierKey,
} from '@change-ledger/integrity';
import { migrateReadModels } from '@change-ledger/read-models';
import { startEmbeddedPostgres, type RunningPostgres } from '@change-ledger/local-postgres';
import { loadPolicyFile } from '@change-ledger/policy';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ApiModule } from './api.module';
import { type ApiEnvironment, loadApiEnvironment } from './config/api-config';
import { configureApp } from './configure-app';
import { createLocalTokens } from './local-tokens';

/**
 * `npm start`: the ledger on this machine. With DATABASE_URL it uses that PostgreSQL; without,
 * an embedded PostgreSQL whose data stays under LEDGER_DATA_DIR between runs. Without configured
 * credentials it issues local tokens and prints them.
 */
async function main(): Promise<void> {
  const env = loadApiEnvironment(process.env);
  const policy = await loadPolicyFile(env.LEDGER_POLICY_FILE);
  const authenticator = await authenticatorFor(env);
  // PostgreSQL always holds the read models, and the events too unless EventStoreDB does.
  let embedded: RunningPostgres | undefined;
  let url = env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(env.LEDGER_DATA_DIR, 'postgres'),
    });
    url = embedded.url;
    console.log(`Embedded PostgreSQL on port ${embedded.port}, data in ${embedded.dataDir}`);
    // A local, per-machine credential: what `npm run ledger` needs to reach this server.
    console.log(`For the ledger CLI while this runs: export DATABASE_URL=${embedded.url}`);
  }
  const eventStore: EventStoreConfig =
    env.EVENT_STORE === 'eventstoredb'
      ? { kind: 'eventstoredb', connectionString: env.EVENTSTORE_URL! }
      : { kind: 'postgres', connectionString: url, role: env.LEDGER_DB_ROLE };
  // The event store's migration first: the read models' grants name its tables.
  if (eventStore.kind === 'postgres') await migrateEventStore(url);
  await migrateReadModels(url);
  await migrateIntegrity(url);
  const log = ledgerLogConfig(env, path.resolve(env.LEDGER_DATA_DIR, 'log-signing.key'));
  // A key is made only where none was configured (the embedded default's data directory).
  const { signer, created } = await loadSigningKey(
    log.signingKeyFile,
    env.LEDGER_LOG_SIGNING_KEY_FILE ? undefined : log.origin,
  );

  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(
      ApiModule.forRoot({
        eventStore,
        policy,
        authenticator,
        readModels: { connectionString: url, runProjector: env.LEDGER_RUN_PROJECTOR },
        log: { signer, config: log },
        webhooks: {
          github: env.LEDGER_GITHUB_WEBHOOK_SECRET,
          gitlab: env.LEDGER_GITLAB_WEBHOOK_TOKEN,
        },
      }),
      { bodyParser: false },
    ),
    { uiDir: env.LEDGER_UI_DIR },
  );
  // Our own signal handling rather than Nest's shutdown hooks, which re-raise the signal before
  // the embedded server has stopped cleanly.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void (async () => {
        await app.close();
        await embedded?.stop();
        process.exit(0);
      })();
    });
  }
  await app.listen(env.PORT);
  console.log(`Policy ${policy.policy.version} from ${policy.source}`);
  console.log(
    `Log checkpoints signed by ${created ? 'a new key, in ' : ''}${log.signingKeyFile}; verifier key: ${verifierKey(signer)}`,
  );
  console.log(`Change Ledger API listening on http://localhost:${env.PORT} (health: /health)`);
  console.log(`Dashboard page: http://localhost:${env.PORT}/ (sign in with a token above)`);
}

async function authenticatorFor(env: ApiEnvironment): Promise<Authenticator> {
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
        principalClaim: env.LEDGER_OIDC_PRINCIPAL_CLAIM,
        ciSourcesClaim: env.LEDGER_OIDC_CI_SOURCES_CLAIM,
      })
    : undefined;
  if (tokens || jwt) return new Authenticator({ tokens, jwt });
  const local = await createLocalTokens(path.resolve(env.LEDGER_DATA_DIR));
  console.log(
    `No credentials configured (LEDGER_TOKENS_FILE, LEDGER_OIDC_*): local tokens for this run, also in ${local.envFile}:`,
  );
  console.log(local.exports);
  return new Authenticator({ tokens: local.tokens });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
