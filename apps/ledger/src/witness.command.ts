import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  COSIGNATURE_V1,
  generateSignerKey,
  parseTypedSignerKey,
  parseVerifierKey,
  verifierKey,
  Witness,
  type WitnessedLog,
  witnessServer,
  WitnessState,
} from '@change-ledger/integrity';

export interface WitnessServeOptions {
  keyFile: string;
  stateDir: string;
  port: number;
  host: string;
  /** `<verifier key>` or `<origin> <verifier key>` (origin: the key's name when omitted). */
  log: string[];
  /** Make the key file with a key of this name when it does not exist yet (a first start). */
  createKeyAs?: string;
}

/**
 * `ledger witness keygen`: a new cosigner key (cosignature/v1, Ed25519) in a file readable by its
 * owner only; prints the verifier key the ledger's operators configure (LEDGER_WITNESSES) and the
 * auditors trust (`ledger verify --witness-key`).
 */
export async function runWitnessKeygen(name: string, keyFile: string): Promise<void> {
  console.log(await writeNewKey(name, keyFile));
}

/** A new cosigner key in `keyFile` (never overwritten), readable by its owner; its verifier key. */
async function writeNewKey(name: string, keyFile: string): Promise<string> {
  const key = generateSignerKey(name, COSIGNATURE_V1);
  await mkdir(path.dirname(path.resolve(keyFile)), { recursive: true });
  await writeFile(keyFile, `${key}\n`, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  return verifierKey(parseTypedSignerKey(key, COSIGNATURE_V1));
}

/**
 * `ledger witness serve`: the C2SP tlog-witness HTTP service, its own process with its own key and
 * state directory; nothing of the ledger's database. Runs until SIGTERM/SIGINT.
 */
export async function runWitnessServer(options: WitnessServeOptions): Promise<void> {
  if (options.createKeyAs && !existsSync(options.keyFile)) {
    const made = await writeNewKey(options.createKeyAs, options.keyFile);
    console.log(`made the witness key ${options.keyFile}; its verifier key: ${made}`);
  }
  const signer = parseTypedSignerKey(await readFile(options.keyFile, 'utf8'), COSIGNATURE_V1);
  const logs = witnessedLogs(options.log);
  const witness = new Witness({ signer, logs, state: new WitnessState(options.stateDir) });
  const server = witnessServer(witness);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  console.log(
    `witness ${verifierKey(signer)} listening on ${options.host}:${port}; logs: ${logs.map((log) => log.origin).join(', ')}`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

function witnessedLogs(specs: readonly string[]): WitnessedLog[] {
  const byOrigin = new Map<string, WitnessedLog>();
  for (const spec of specs) {
    const [first, second, ...rest] = spec.trim().split(/\s+/);
    if (!first || rest.length > 0)
      throw new Error(`--log ${spec}: expected [origin] <verifier key>`);
    const key = parseVerifierKey(second ?? first);
    const origin = second === undefined ? key.name : first;
    const log = byOrigin.get(origin) ?? { origin, keys: [] };
    log.keys.push(key);
    byOrigin.set(origin, log);
  }
  if (byOrigin.size === 0) throw new Error('a witness needs at least one --log');
  return [...byOrigin.values()];
}
