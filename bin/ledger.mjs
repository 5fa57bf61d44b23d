#!/usr/bin/env node
// `npx ledger …` / `npm run ledger -- …`: the compiled CLI, built first when the sources changed
// since the last build (a fresh clone builds once, then every call starts in ~0.1 s).
import { createRequire } from 'node:module';
import { build, isStale } from '../scripts/build.mjs';

if (isStale()) {
  console.error('Building the ledger (sources changed since the last build)…');
  build({ quiet: true });
}
createRequire(import.meta.url)('../dist/apps/ledger/src/main.js');
