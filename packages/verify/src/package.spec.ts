import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What "an auditor installs alone" means, held: the package declares one dependency, npm resolves
 * it to nothing but that tar reader, and no source file imports anything but Node, the package's
 * own files and tar-stream (the ESLint rule says so as the code is written; this says so of what
 * ships). test/e2e/standalone-verifier runs it installed where nothing else can be found.
 */
const PACKAGE = path.resolve(__dirname, '..');

describe('@change-ledger/verify, as installed', () => {
  const manifest = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));

  it('depends on tar-stream alone, and runs on Node 20', () => {
    expect(Object.keys(manifest.dependencies)).toEqual(['tar-stream']);
    expect(manifest.peerDependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
    expect(manifest.engines).toEqual({ node: '>=20' });
    expect(manifest.bin).toEqual({ 'change-ledger-verify': 'bin/change-ledger-verify.js' });
  });

  it('`npm ls --omit=dev` in the package lists its tar reader and nothing else', () => {
    const listed = JSON.parse(
      execFileSync('npm', ['ls', '--omit=dev', '--json'], { cwd: PACKAGE, encoding: 'utf8' }),
    );
    const own = listed.dependencies['@change-ledger/verify'];
    expect(Object.keys(listed.dependencies)).toEqual(['@change-ledger/verify']);
    expect(Object.keys(own.dependencies)).toEqual(['tar-stream']);
  });

  it('imports nothing but node:, its own files and tar-stream', () => {
    const sources = readdirSync(path.join(PACKAGE, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .filter((file) => !file.startsWith('testing'));
    const imported = new Set<string>();
    for (const file of sources) {
      const text = readFileSync(path.join(PACKAGE, 'src', file), 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|require\()\s*'([^']+)'/g))
        imported.add(specifier!.startsWith('.') ? './' : specifier!);
    }
    expect([...imported].filter((name) => !name.startsWith('node:')).sort()).toEqual([
      './',
      'tar-stream',
    ]);
  });
});
