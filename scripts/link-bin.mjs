// `npm ci` / `npm install` (prepare): links this package's own `ledger` bin into node_modules/.bin.
// npm links the bins of dependencies only; with the link there, `npx ledger` runs it directly
// instead of searching the whole dependency tree for a package that provides it (~2 s).
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
