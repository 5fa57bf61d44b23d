import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSignerKey, openNote, parseVerifierKey } from '@change-ledger/integrity';
import { freePort } from '@change-ledger/local-postgres';
import {
  CLI_TEST_TIMEOUT_MS,
  compiledEntryArgs,
  REPO_ROOT,
  runLedgerCli,
} from '../support/app-process';
import { useTestDatabase } from '../support/test-database';

const TOKEN = 'e2e-signing-key-engineer-0123456789';
const POLICY_FILE = path.join(REPO_ROOT, 'config/policy.yaml');

/** A process of the ledger, its output kept for the assertions. */
interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(entry: string, cwd: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, compiledEntryArgs(entry), {
    cwd,
    env: { ...process.env, METRICS_PORT: '0', LEDGER_POLICY_FILE: POLICY_FILE, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

/** Its exit code, or a failure with its output when it is still running after `ms`. */
async function exitOf(started: Started, ms = 60_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running after ${ms} ms:\n${started.output()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([started.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function stop(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null) return;
  started.child.kill('SIGTERM');
  await started.exited;
}

async function eventually<T>(
  attempt: () => Promise<T | undefined>,
  what: string,
  describeState: () => string,
  timeoutMs = 40_000,
): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}:\n${describeState()}`);
}

/**
 * Issue 23: the API and the projector as their own processes, sharing LEDGER_DATA_DIR, the
 * projector in another working directory. The key the API advertises must be the key that
 * verifies the projector's checkpoints, and no process may start with another key once the log
 * has checkpoints.
 */
describe("the log's signing key across processes", () => {
  const database = useTestDatabase();
  const dirs: string[] = [];
  const started: Started[] = [];
  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  let dataDir: string;
  let apiUrl: string;
  let api: Started;

  afterAll(async () => {
    for (const running of started.reverse()) await stop(running);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  function startProcess(entry: string, cwd: string, env: Record<string, string>): Started {
    const running = start(entry, cwd, { DATABASE_URL: database.url, ...env });
    started.push(running);
    return running;
  }

  it(
    'the API advertises the key that verifies the checkpoints the projector signs',
    async () => {
      dataDir = await tempDir('ledger-data-');
      const tokensFile = path.join(await tempDir('ledger-tokens-'), 'tokens.yaml');
      await writeFile(
        tokensFile,
        JSON.stringify([{ token: TOKEN, principal: 'erin', roles: ['engineer'] }]),
      );
      const port = await freePort();
      apiUrl = `http://127.0.0.1:${port}`;
      api = startProcess('apps/api/src/main.ts', REPO_ROOT, {
        PORT: String(port),
        LEDGER_DATA_DIR: dataDir,
        LEDGER_TOKENS_FILE: tokensFile,
        LEDGER_RUN_PROJECTOR: 'false',
      });
      const headers = { Authorization: `Bearer ${TOKEN}` };
      const get = (route: string) => fetch(`${apiUrl}${route}`, { headers });
      const advertised = await eventually(
        async () => {
          const response = await get('/api/v1/ledger/verifier-key');
          return response.ok ? (await response.text()).trim() : undefined;
        },
        'the API',
        api.output,
      );
      // The API made the log's key in LEDGER_DATA_DIR (a fresh log).
      expect(await readdir(dataDir)).toContain('log-signing.key');

      // The projector elsewhere, beside a `.data/` of its own holding another key: the one it
      // used to sign with, whatever LEDGER_DATA_DIR said (issue 23).
      const elsewhere = await tempDir('projector-cwd-');
      const decoy = `${generateSignerKey('change-ledger.local/log')}\n`;
      await mkdir(path.join(elsewhere, '.data'));
      await writeFile(path.join(elsewhere, '.data', 'log-signing.key'), decoy);
      const projector = startProcess('apps/projector/src/main.ts', elsewhere, {
        PORT: '0',
        LEDGER_DATA_DIR: dataDir,
        LEDGER_CHECKPOINT_INTERVAL_MS: '200',
      });
      const created = await fetch(`${apiUrl}/api/v1/change-management/change-requests`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Queue retention',
          description: 'Keep 7 days',
          change_type: 'configuration',
          priority: 'low',
          affected_systems: ['queue'],
        }),
      });
      expect({ status: created.status, body: await created.text() }).toMatchObject({ status: 201 });
      const checkpoint = await eventually(
        async () => {
          const response = await get('/api/v1/ledger/checkpoint');
          return response.ok ? response.text() : undefined;
        },
        "the projector's first checkpoint",
        projector.output,
      );
      expect(openNote(checkpoint, [parseVerifierKey(advertised)]).verifiedBy).toEqual([
        advertised.split('+')[0],
      ]);
      expect(await readdir(path.join(elsewhere, '.data'))).toEqual(['log-signing.key']);
      expect(projector.output()).toContain(`verifier key: ${advertised}`);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  describe('once the log has checkpoints', () => {
    const keyIdOf = (vkey: string) => vkey.split('+').slice(0, 2).join('+');
    let logKey: string;

    beforeAll(async () => {
      const response = await fetch(`${apiUrl}/api/v1/ledger/verifier-key`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      logKey = keyIdOf((await response.text()).trim());
    });

    it(
      'a projector given another key refuses to start, naming both keys and the fix',
      async () => {
        const otherDir = await tempDir('ledger-other-data-');
        const otherKey = generateSignerKey('change-ledger.local/log');
        await writeFile(path.join(otherDir, 'log-signing.key'), `${otherKey}\n`);
        const projector = startProcess('apps/projector/src/main.ts', REPO_ROOT, {
          PORT: '0',
          LEDGER_DATA_DIR: otherDir,
        });
        expect(await exitOf(projector)).toBe(1);
        const output = projector.output();
        expect(output).toContain(`checkpoints are signed with key ${logKey}`);
        expect(output).toContain(`is ${keyIdOf(otherKey.replace(/^PRIVATE\+KEY\+/, ''))}`);
        expect(output).toContain('point LEDGER_DATA_DIR at the data directory');
      },
      CLI_TEST_TIMEOUT_MS,
    );

    it(
      'an API on a new data directory refuses to start and makes no key there',
      async () => {
        const emptyDir = await tempDir('ledger-new-data-');
        const other = startProcess('apps/api/src/main.ts', REPO_ROOT, {
          PORT: String(await freePort()),
          LEDGER_DATA_DIR: emptyDir,
          LEDGER_RUN_PROJECTOR: 'false',
        });
        expect(await exitOf(other)).toBe(1);
        expect(other.output()).toContain(
          `No log signing key at ${path.join(emptyDir, 'log-signing.key')}`,
        );
        expect(other.output()).toContain(`signed with ${logKey}`);
        expect(await readdir(emptyDir)).not.toContain('log-signing.key');
      },
      CLI_TEST_TIMEOUT_MS,
    );

    it(
      'ledger export finds the key through --data-dir (LEDGER_DATA_DIR), and refuses another',
      async () => {
        const out = path.join(await tempDir('ledger-export-'), 'evidence.tar.gz');
        const period = ['--from', '2020-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z'];
        const exported = await runLedgerCli(['export', ...period, '--out', out], {
          DATABASE_URL: database.url,
          LEDGER_DATA_DIR: dataDir,
          LEDGER_LOG_SIGNING_KEY_FILE: '',
        });
        expect({ status: exported.status, stderr: exported.stderr }).toMatchObject({ status: 0 });

        const otherDir = await tempDir('ledger-other-data-');
        await writeFile(
          path.join(otherDir, 'log-signing.key'),
          `${generateSignerKey('change-ledger.local/log')}\n`,
        );
        const refused = await runLedgerCli(
          ['export', ...period, '--out', out, '--data-dir', otherDir],
          { DATABASE_URL: database.url, LEDGER_LOG_SIGNING_KEY_FILE: '' },
        );
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain(`checkpoints are signed with key ${logKey}`);
        expect(refused.stderr).toContain('point --data-dir (LEDGER_DATA_DIR)');
      },
      CLI_TEST_TIMEOUT_MS,
    );
  });
});
