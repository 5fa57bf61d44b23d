#!/usr/bin/env node
'use strict';
// `npx @change-ledger/verify …` / `change-ledger-verify …`: the compiled command (dist/, built by
// `npm run build`); exit 0 verified, 2 a failed check, 1 an error.
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
