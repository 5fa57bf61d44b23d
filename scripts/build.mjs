// `npm run build`: the apps and libs compiled to dist/ (tsc, incremental), the path aliases
// (@change-ledger/*) rewritten to relative requires (tsc-alias), and what tsc does not copy — the
// SQL migrations — copied beside the compiled code. Then the verifier package on its own
// (packages/verify/dist: what `npm pack` ships to an auditor; ADR 0026). `--if-stale` builds only when a source file
// is newer than the last build (what `npm start`, the `ledger` bin and the tests call).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.built');
const SOURCE_ROOTS = [
  'apps',
  'libs',
  'packages',
  'tsconfig.base.json',
  'tsconfig.build.json',
  'package-lock.json',
];

export function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const newer = (entry) => {
    // A production image holds dist/ without the sources: nothing to compare with.
    if (!existsSync(entry)) return false;
    const info = statSync(entry);
    if (info.isDirectory())
      return readdirSync(entry).some(
        (name) => name !== 'node_modules' && name !== 'dist' && newer(path.join(entry, name)),
      );
    return info.mtimeMs > built;
  };
  return SOURCE_ROOTS.some((entry) => newer(path.join(root, entry)));
}

export function build({ quiet = false } = {}) {
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  // Quiet keeps a command's own output clean (the CLI's stdout is often parsed); errors still show.
  const stdio = quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit';
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio });
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio });
  for (const file of readdirSync(path.join(root, 'libs'), { recursive: true })) {
    if (!file.endsWith('.sql')) continue;
    cpSync(path.join(root, 'libs', file), path.join(root, 'dist', 'libs', file));
  }
  execFileSync(bin('tsc'), ['-p', path.join('packages', 'verify', 'tsconfig.json')], {
    cwd: root,
    stdio,
  });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);
  if (process.argv.includes('--if-stale'))
    console.error('Building (sources changed since the last build)…');
  build();
}
