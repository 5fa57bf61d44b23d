import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './app-process';

/** Where Debian's golang-golang-x-mod-dev puts golang.org/x/mod (a GOPATH, used offline). */
const GO_PATH = '/usr/share/gocode';
const INSTALL =
  'install Go and golang.org/x/mod: `apt-get install golang-go golang-golang-x-mod-dev` (Debian; .ci/run does)';

/**
 * Runs one of test/interop's Go programs, which check what the ledger serves with implementations
 * this repository did not write (golang.org/x/mod/sumdb/note and tlog, Go's crypto/ed25519).
 * Fails loudly, saying how to install them, when Go or golang.org/x/mod is missing.
 */
export async function runGoCheck(
  program: 'cosignature-check' | 'inclusion-check',
  args: string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
  await new Promise<void>((resolve, reject) =>
    execFile('go', ['version'], (error) =>
      error ? reject(new Error(`Go is missing for the interop check: ${INSTALL}`)) : resolve(),
    ),
  );
  if (!existsSync(path.join(GO_PATH, 'src/golang.org/x/mod/sumdb/note')))
    throw new Error(`golang.org/x/mod is missing under ${GO_PATH}: ${INSTALL}`);
  return new Promise((resolve) =>
    execFile(
      'go',
      ['run', '.', ...args],
      {
        cwd: path.join(REPO_ROOT, 'test/interop', program),
        env: {
          ...process.env,
          GO111MODULE: 'off',
          GOPATH: GO_PATH,
          GOFLAGS: '',
          GOCACHE: path.join(tmpdir(), 'change-ledger-go-cache'),
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}
