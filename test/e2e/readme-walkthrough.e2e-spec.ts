import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@change-ledger/local-postgres';
import { REPO_ROOT, spawnApp } from '../support/app-process';

/**
 * Issue 28: the README's walk-through of API-ROUTES' example, run as written against `npm start`'s embedded
 * default (its own PostgreSQL, its local tokens, the demo policy) in a folder of its own. Only
 * the API's URL comes from the environment, as the README allows (`LEDGER_URL`).
 */
describe("the README's walk-through of 004", () => {
  let folder: string;
  let api: ReturnType<typeof spawnApp> | undefined;

  afterAll(async () => {
    if (api && api.child.exitCode === null) {
      api.child.kill('SIGTERM');
      await new Promise((resolve) => api!.child.once('exit', resolve));
    }
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('runs to completed on a fresh embedded ledger, as written', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'ledger-walkthrough-'));
    // As root the embedded PostgreSQL runs as the postgres OS user, who must enter the folder.
    await chmod(folder, 0o755);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    api = spawnApp('apps/api/src/main.ts', [], {
      ...emptied(process.env),
      PORT: String(port),
      LEDGER_DATA_DIR: path.join(folder, '.data'),
    });
    await ready(url, api);
    expect(api.output()).toMatch(/Demo policy \(the embedded default\)/);

    const script = walkThroughBlock(await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8'));
    const { stdout, stderr } = await runBash(script, folder, { LEDGER_URL: url });
    const answers = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

    const [created] = answers;
    expect(created).toMatchObject({
      change_request_id: expect.stringMatching(/^CHG-\d{4}-001$/),
      status: 'pending_approval',
    });
    expect(stderr).toBe('');
    expect(answers).toContainEqual(
      expect.objectContaining({ status: 'approved', remaining_approvals: [] }),
    );
    expect(answers).toContainEqual(
      expect.objectContaining({
        change_request_id: created!.change_request_id,
        status: 'completed',
      }),
    );
    // Step 4's history, then step 5's two refusals: 401 without credentials, 409 once completed.
    expect(answers.at(-2)).toMatchObject({ status: 401 });
    expect(answers.at(-1)).toMatchObject({ status: 409 });
    const refusalsBeforeThem = answers
      .slice(0, -2)
      .filter((answer) => 'status' in answer && typeof answer.status === 'number');
    expect(refusalsBeforeThem).toEqual([]);
  }, 240_000);
});

/** The first bash block after the walk-through's heading. */
function walkThroughBlock(readme: string): string {
  const section = readme.slice(readme.indexOf("### Walk through 004's example"));
  const match = /```bash\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README: no bash block under "Walk through 004\'s example"');
  return match[1]!;
}

/**
 * The test's environment with everything that would take the API off its embedded default
 * emptied (spawnApp starts from process.env; an empty value counts as unset).
 */
function emptied(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.keys(env)
      .filter(
        (key) =>
          ['DATABASE_URL', 'EVENT_STORE', 'EVENTSTORE_URL', 'PORT'].includes(key) ||
          key.startsWith('LEDGER_'),
      )
      .map((key) => [key, '']),
  );
}

async function ready(url: string, { child, output }: ReturnType<typeof spawnApp>): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`the API exited:\n${output()}`);
    const response = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the API did not become ready:\n${output()}`);
}

function runBash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) =>
    execFile(
      'bash',
      ['-c', script],
      { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 180_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`))
          : resolve({ stdout, stderr }),
    ),
  );
}
