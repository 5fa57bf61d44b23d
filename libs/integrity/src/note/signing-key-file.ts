import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSignerKey, type NoteSigner, parseSignerKey } from './signed-note';

/**
 * The log's signing key from its file (a signed-note private key, as Go's note tools write it).
 * With `createAs`, a missing file is created with a new key of that name (the embedded default),
 * readable by its owner only.
 */
export async function loadSigningKey(
  file: string,
  createAs?: string,
): Promise<{ signer: NoteSigner; created: boolean }> {
  try {
    return { signer: parseSignerKey(await readFile(file, 'utf8')), created: false };
  } catch (error) {
    if (!createAs || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = generateSignerKey(createAs);
  await mkdir(path.dirname(file), { recursive: true });
  try {
    // `wx`: never overwrite a key another process created meanwhile…
    await writeFile(file, `${key}\n`, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // …and sign with that one: two processes starting on one data directory share its key.
    return { signer: parseSignerKey(await readFile(file, 'utf8')), created: false };
  }
  return { signer: parseSignerKey(key), created: true };
}
