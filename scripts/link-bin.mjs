// `npm ci` / `npm install` (prepare): links `ledger` (bin/ledger.mjs) into node_modules/.bin, so
// that `npx ledger` finds it there and runs it at once (npm's own start-up, ~0.4 s of CPU).
// package.json has NO `bin` field on purpose: when the project's own package.json names the
// command, npx (npm 7+, "self-execution of a local bin") installs the project into its cache
// (~/.npm/_npx/<hash>) as a link and loads that tree, which walks all of node_modules through the
// link on every call (~1.2 s of CPU, 1.5-4 s on a loaded machine; npm/cli#9766 describes the path).
// After `npm ci --ignore-scripts` there is no link: run `node scripts/link-bin.mjs`, or use
// `npm run ledger -- …` / `node bin/ledger.mjs …`.
import { existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'ledger');
if (existsSync(path.join(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  if (lstatSync(link, { throwIfNoEntry: false })) unlinkSync(link);
  symlinkSync(path.relative(binDir, path.join(root, 'bin', 'ledger.mjs')), link);
}
