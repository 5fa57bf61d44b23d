import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
// Relative: like test-kafka.ts, usable outside jest's module mapper.
import { freePort } from '../../libs/local-postgres/src';
import { JwtVerifier, parseRoleMap } from '../../libs/auth/src';

/**
 * A real Keycloak for the single sign-on tests (issue 28), never a mock: the server distribution
 * from Maven Central (test/keycloak/pom.xml, `org.keycloak:keycloak-quarkus-dist`), unpacked once
 * into test/keycloak/target, run by `kc.sh start-dev` (H2 database in a temporary directory) on a
 * free port, with test/keycloak/change-ledger-realm.json imported at start. One per test file
 * (`useTestKeycloak`, in beforeAll): a start costs ~15 s on two cores, the first ever ~30 s more
 * (unpacking, Quarkus's build). KEYCLOAK_URL points the tests at a Keycloak you run instead,
 * with that realm imported.
 */
export interface TestKeycloak {
  /** The server's root, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The realm's issuer: the `iss` of its tokens, the root of its discovery document. */
  issuer: string;
  description: string;
  stop(): Promise<void>;
}

/** Keep in step with test/keycloak/pom.xml. Keycloak 26 runs on Java 21+ (ADR 0027). */
export const KEYCLOAK_VERSION = '26.4.7';

/** What test/keycloak/change-ledger-realm.json holds, for the tests to name. */
export const realm = {
  name: 'change-ledger',
  /** The API's audience: every client of the realm adds it to its access tokens. */
  audience: 'change-ledger',
  rolesClaim: 'groups',
  principalClaim: 'preferred_username',
  /** The realm's groups to the seed policy's roles (LEDGER_OIDC_ROLE_MAP). */
  roleMap: {
    'ledger-approvers': ['change-manager', 'engineering-manager'],
    'ledger-auditors': ['auditor'],
    engineering: ['engineer'],
  },
  clients: {
    /** The page: a public client, authorization code + PKCE, redirects to 127.0.0.1/localhost. */
    web: 'change-ledger-web',
    /** The CLI: a public client allowed the device authorization grant. */
    cli: 'change-ledger-cli',
    /** A CI pipeline: client credentials (a service account). */
    ci: { id: 'change-ledger-ci', secret: 'change-ledger-ci-secret' },
    /** Tests only: tokens by password grant, to skip the browser where it is not under test. */
    testDriver: 'change-ledger-test-driver',
  },
  users: {
    /** In ledger-approvers: change manager and engineering manager. */
    approver: { username: 'alice', password: 'alice-password' },
    /** In ledger-auditors: reads everything, writes nothing. */
    auditor: { username: 'audrey', password: 'audrey-password' },
    /** In engineering: files changes. */
    requester: { username: 'reese', password: 'reese-password' },
    /** In a group named `change-manager`, which the role map does not name: no role. */
    groupNamedLikeARole: { username: 'gus', password: 'gus-password' },
  },
} as const;

export type RealmUser = keyof typeof realm.users;

const KEYCLOAK_DIR = path.resolve(__dirname, '../keycloak');
const TARGET_DIR = path.join(KEYCLOAK_DIR, 'target');
const DIST_DIR = path.join(TARGET_DIR, `keycloak-${KEYCLOAK_VERSION}`);
const REALM_FILE = path.join(KEYCLOAK_DIR, 'change-ledger-realm.json');
/** Written once Quarkus has built the distribution for dev mode (the first start does it). */
const BUILT_MARK = path.join(DIST_DIR, '.built-for-start-dev');
const FIRST_START_LOCK = path.join(TARGET_DIR, 'first-start.lock');

const HOW_TO_GET_IT = [
  'The single sign-on tests need a real Keycloak; give them one of:',
  `  - KEYCLOAK_URL=http://host:port, a Keycloak ${KEYCLOAK_VERSION.split('.')[0]} with test/keycloak/change-ledger-realm.json imported;`,
  `  - Java 21+ (KEYCLOAK_JAVA_HOME, or Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64: apt-get install temurin-25-jdk from Adoptium's repository) and Maven with access to Maven Central (test/keycloak/pom.xml fetches Keycloak ${KEYCLOAK_VERSION}).`,
].join('\n');

export async function startTestKeycloak(): Promise<TestKeycloak> {
  const fromEnv = process.env.KEYCLOAK_URL?.replace(/\/+$/, '');
  if (fromEnv) {
    const issuer = `${fromEnv}/realms/${realm.name}`;
    await assertAnswers(issuer);
    return { url: fromEnv, issuer, description: `KEYCLOAK_URL (${fromEnv})`, stop: async () => {} };
  }
  const javaHome = java21Home();
  ensureDistribution();
  return startFromDistribution(javaHome);
}

/**
 * One Keycloak for the test file: started before its tests (a minute and a half at most, the
 * first start on a slow machine included), stopped after them.
 */
export function useTestKeycloak(): { current(): TestKeycloak } {
  let keycloak: TestKeycloak | undefined;
  beforeAll(async () => {
    keycloak = await startTestKeycloak();
  }, 180_000);
  afterAll(async () => {
    await keycloak?.stop();
  }, 30_000);
  return {
    current: () => {
      if (!keycloak) throw new Error('Keycloak did not start (see the beforeAll error)');
      return keycloak;
    },
  };
}

/** Tokens for a user of the realm by the password grant (the test driver client). */
/** The API's verifier for the test realm's access tokens, as the README's Keycloak settings say. */
export function realmVerifier(issuer: string): Promise<JwtVerifier> {
  return JwtVerifier.create({
    issuer,
    audience: realm.audience,
    jwksUrl: `${issuer}/protocol/openid-connect/certs`,
    rolesClaim: realm.rolesClaim,
    principalClaim: realm.principalClaim,
    roleMap: parseRoleMap(JSON.stringify(realm.roleMap)),
  });
}

export async function passwordGrant(
  keycloak: TestKeycloak,
  who: RealmUser,
): Promise<{ access_token: string; refresh_token: string }> {
  const user = realm.users[who];
  return tokenRequest(keycloak, {
    grant_type: 'password',
    client_id: realm.clients.testDriver,
    username: user.username,
    password: user.password,
    scope: 'openid',
  });
}

/** A CI pipeline's token by the client-credentials grant. */
export async function clientCredentialsGrant(keycloak: TestKeycloak): Promise<string> {
  const { access_token } = await tokenRequest(keycloak, {
    grant_type: 'client_credentials',
    client_id: realm.clients.ci.id,
    client_secret: realm.clients.ci.secret,
  });
  return access_token;
}

async function tokenRequest(
  keycloak: TestKeycloak,
  form: Record<string, string>,
): Promise<{ access_token: string; refresh_token: string }> {
  const response = await fetch(`${keycloak.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  if (!response.ok)
    throw new Error(`Keycloak refused the ${form.grant_type} grant: ${JSON.stringify(body)}`);
  return body;
}

/** A JDK that runs Keycloak 26 (21 or later), or an error saying how to get one. */
function java21Home(): string {
  const candidates = [
    process.env.KEYCLOAK_JAVA_HOME,
    '/usr/lib/jvm/temurin-25-jdk-amd64',
    process.env.JAVA_HOME,
    ...(existsSync('/usr/lib/jvm')
      ? readdirSync('/usr/lib/jvm').map((name) => path.join('/usr/lib/jvm', name))
      : []),
  ].filter((home): home is string => !!home);
  for (const home of candidates) {
    const java = path.join(home, 'bin', 'java');
    if (!existsSync(java)) continue;
    const version = spawnSync(java, ['-version'], { encoding: 'utf8' });
    const major = /version "(\d+)/.exec(version.stderr ?? '')?.[1];
    if (major && Number(major) >= 21) return home;
  }
  throw new Error(`No Java 21+ found (tried ${candidates.join(', ')}).\n${HOW_TO_GET_IT}`);
}

/**
 * The distribution, unpacked once by Maven into test/keycloak/target. Unpacked into a directory
 * of its own and renamed into place, so test files starting at once never see half of it.
 */
function ensureDistribution(): void {
  if (existsSync(path.join(DIST_DIR, 'bin', 'kc.sh'))) return;
  mkdirSync(TARGET_DIR, { recursive: true });
  const unpackDir = path.join(TARGET_DIR, `unpack-${process.pid}`);
  const mvn = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      path.join(KEYCLOAK_DIR, 'pom.xml'),
      'dependency:unpack-dependencies',
      `-DoutputDirectory=${unpackDir}`,
    ],
    { encoding: 'utf8', timeout: 10 * 60_000 },
  );
  if (mvn.status !== 0)
    throw new Error(
      `mvn could not fetch Keycloak ${KEYCLOAK_VERSION}: ${mvn.error?.message ?? ''}${mvn.stdout}${mvn.stderr}\n${HOW_TO_GET_IT}`,
    );
  try {
    renameSync(path.join(unpackDir, `keycloak-${KEYCLOAK_VERSION}`), DIST_DIR);
  } catch (error) {
    // Another test file got there first: its copy is as good.
    if (!existsSync(path.join(DIST_DIR, 'bin', 'kc.sh'))) throw error;
  } finally {
    rmSync(unpackDir, { recursive: true, force: true });
  }
}

/**
 * A Keycloak of its own: kc.sh takes its home (and so its data directory: H2 database, realm
 * import) from where the script lies, so each instance gets a home with its own copy of kc.sh and
 * its own data/, sharing the distribution's jars, configuration and themes by symbolic links.
 */
async function startFromDistribution(javaHome: string): Promise<TestKeycloak> {
  const home = await mkdtemp(path.join(tmpdir(), 'change-ledger-keycloak-'));
  for (const shared of ['lib', 'conf', 'providers', 'themes'])
    await symlink(path.join(DIST_DIR, shared), path.join(home, shared));
  mkdirSync(path.join(home, 'bin'));
  copyFileSync(path.join(DIST_DIR, 'bin', 'kc.sh'), path.join(home, 'bin', 'kc.sh'));
  mkdirSync(path.join(home, 'data', 'import'), { recursive: true });
  copyFileSync(REALM_FILE, path.join(home, 'data', 'import', path.basename(REALM_FILE)));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const issuer = `${url}/realms/${realm.name}`;

  // The first start builds the distribution for dev mode (it writes into lib/): one at a time.
  const building = await takeFirstStartLock();
  const server = spawn(
    'bash',
    [
      path.join(home, 'bin', 'kc.sh'),
      'start-dev',
      `--http-port=${port}`,
      '--http-host=127.0.0.1',
      '--hostname-strict=false',
      '--import-realm',
      '--log-level=warn',
    ],
    {
      env: {
        ...process.env,
        JAVA_HOME: javaHome,
        JAVA_OPTS_APPEND: '-Xms64m -Xmx512m',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 80) output.shift();
  };
  server.stdout!.on('data', keep);
  server.stderr!.on('data', keep);
  const stop = async () => {
    await stopServer(server);
    await rm(home, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswers(issuer, server, 150_000);
    if (building) await writeFile(BUILT_MARK, `${new Date().toISOString()}\n`);
  } catch (error) {
    await stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${output.join('').slice(-4000)}\n${HOW_TO_GET_IT}`,
    );
  } finally {
    if (building) rmSync(FIRST_START_LOCK, { recursive: true, force: true });
  }
  return {
    url,
    issuer,
    description: `Keycloak ${KEYCLOAK_VERSION} (from Maven Central, Java ${path.basename(javaHome)}) on ${url}`,
    stop,
  };
}

/**
 * true when this start is the first (it holds the lock until Keycloak answers); false when the
 * distribution was built already, after waiting for a first start elsewhere to finish.
 */
async function takeFirstStartLock(): Promise<boolean> {
  for (let waited = 0; ; waited += 500) {
    if (existsSync(BUILT_MARK)) return false;
    try {
      mkdirSync(FIRST_START_LOCK);
      return true;
    } catch {
      // A lock left by a run that was killed is taken over after three minutes.
      if (waited > 180_000) rmSync(FIRST_START_LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function waitUntilAnswers(
  issuer: string,
  server: ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`Keycloak exited with ${server.exitCode}`);
    try {
      await assertAnswers(issuer);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function assertAnswers(issuer: string): Promise<void> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`).catch(
    (error: unknown) => {
      throw new Error(`Keycloak does not answer at ${issuer}: ${String(error)}`);
    },
  );
  if (!response.ok)
    throw new Error(`Keycloak answers ${response.status} for the realm's discovery at ${issuer}`);
}

/** kc.sh runs java as its child: the whole process group is stopped. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  process.kill(-server.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}
