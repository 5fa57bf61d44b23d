import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A policy file of its own for a test file: the seed policy (config/policy.yaml) as `edit`
 * rewrites it. The seed's empty lists (`services: []`, `source_systems: []`) are the places to
 * fill in. Returns its path, for `useTestApi({ policyFile })`.
 */
export function seedPolicyWith(edit: (seed: string) => string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'policy-')), 'policy.yaml');
  const seed = readFileSync(path.resolve(__dirname, '../../config/policy.yaml'), 'utf8');
  const edited = edit(seed);
  if (edited === seed) throw new Error('the edit left the seed policy as it was');
  writeFileSync(file, edited);
  return file;
}
