import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './app-process';

export const VERIFIER_PACKAGE = path.join(REPO_ROOT, 'packages', 'verify');
export const VERIFIER_BIN = path.join(VERIFIER_PACKAGE, 'bin', 'change-ledger-verify.js');

export interface VerifierRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the verifier's command as its own process (asynchronously: the test may host an API). */
export function runVerifier(
  bin: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<VerifierRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: options.cwd ?? REPO_ROOT,
        env: options.env ?? process.env,
        encoding: 'utf8',
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * What an auditor's `npm install` of the packed verifier puts in `dir`, without the registry:
 * the tarball `npm pack` makes of packages/verify (its `files`: bin/, dist/, README.md)
 * unpacked as node_modules/@change-ledger/verify, and its dependencies as the lockfile resolves
 * them, copied from this repository's node_modules. Nothing else: no server package can be
 * found from there. Answers the installed command's path.
 */
export function installVerifierAlone(dir: string): string {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: VERIFIER_PACKAGE,
      encoding: 'utf8',
    }),
  ) as Array<{ filename: string }>;
  const target = path.join(dir, 'node_modules', '@change-ledger', 'verify');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', [
    '-xzf',
    path.join(dir, packed[0]!.filename),
    '-C',
    target,
    '--strip-components=1',
  ]);
  for (const name of runtimeClosure())
    cpSync(path.join(REPO_ROOT, 'node_modules', name), path.join(dir, 'node_modules', name), {
      recursive: true,
    });
  return path.join(target, 'bin', 'change-ledger-verify.js');
}

/** The packages the verifier needs at run time: its dependencies and theirs, from the lockfile. */
export function runtimeClosure(): string[] {
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>;
  };
  const found = new Set<string>();
  const visit = (dependencies: Record<string, string> = {}) => {
    for (const name of Object.keys(dependencies)) {
      if (found.has(name)) continue;
      const entry = lock.packages[`node_modules/${name}`];
      if (!entry) throw new Error(`${name} is not installed at the top of node_modules`);
      found.add(name);
      visit(entry.dependencies);
    }
  };
  visit(lock.packages['packages/verify']?.dependencies);
  return [...found].sort();
}
