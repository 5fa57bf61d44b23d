import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npx ledger` answers in well under a second only while npx finds node_modules/.bin/ledger (the
 * link `prepare` makes) and nothing makes it install the project into its own cache first: a
 * package.json `bin` naming `ledger` does (see scripts/link-bin.mjs), ~1 s of CPU more per call.
 */
const REPO_ROOT = path.resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  bin?: unknown;
  scripts: Record<string, string>;
};

describe('the ledger command', () => {
  it('is linked by prepare, not declared as a package bin that npx would install first', () => {
    expect(packageJson.bin).toBeUndefined();
    expect(packageJson.scripts.prepare).toBe('node scripts/link-bin.mjs');
    expect(readFileSync(path.join(REPO_ROOT, 'scripts/link-bin.mjs'), 'utf8')).toContain(
      "path.join(root, 'bin', 'ledger.mjs')",
    );
  });

  it('is an executable node script', () => {
    const bin = path.join(REPO_ROOT, 'bin/ledger.mjs');
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
  });
});
