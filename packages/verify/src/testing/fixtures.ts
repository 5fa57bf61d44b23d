import { createHash, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { CHANGE_FILES, MANIFEST, MANIFEST_SIGNATURE, manifestNoteText } from '../bundle-format';
import { cosignedMessage } from '../cosignature';
import { type BundleEvent, eventHash, GENESIS_HASH, type JsonValue } from '../event-chain';
import { eventLeafHash, EMPTY_ROOT, nodeHash } from '../merkle';
import {
  COSIGNATURE_V1,
  ED25519,
  EM_DASH,
  keyId,
  type NoteKeyType,
  verifierKey,
} from '../signed-note';

/**
 * What the package's specs sign and build with: Ed25519 keys, signed notes, cosignatures and a
 * small evidence bundle, made here with Node's crypto alone (the package's tests import nothing
 * of the ledger's; test/verify-package holds the package to the ledger's own writers).
 */
export interface TestKey {
  name: string;
  keyId: number;
  publicKey: Buffer;
  privateKey: KeyObject;
  type: NoteKeyType;
  /** The verifier key's text form. */
  vkey: string;
}

export function testKey(name: string, type: NoteKeyType = ED25519): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  const key = { name, keyId: keyId(name, raw, type), publicKey: raw, privateKey, type };
  return { ...key, vkey: verifierKey(key) };
}

export const witnessKey = (name: string) => testKey(name, COSIGNATURE_V1);

export function signNote(text: string, key: TestKey): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(key.keyId);
  const signature = sign(null, Buffer.from(text, 'utf8'), key.privateKey);
  return `${text}\n${EM_DASH} ${key.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/** A witness's cosignature/v1 line over a checkpoint body at `time`. */
export function cosignatureLine(body: string, witness: TestKey, time: number): string {
  const blob = Buffer.alloc(12);
  blob.writeUInt32BE(witness.keyId, 0);
  blob.writeBigUInt64BE(BigInt(time), 4);
  const signature = sign(null, cosignedMessage(body, time), witness.privateKey);
  return `${EM_DASH} ${witness.name} ${Buffer.concat([blob, signature]).toString('base64')}\n`;
}

/** RFC 9162 §2.1.1 MTH over leaf hashes, and §2.1.3.1 / §2.1.4.1 proofs: the log's side. */
export function treeHash(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

export function inclusionPath(index: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return index < k
    ? [...inclusionPath(index, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...inclusionPath(index - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

export function consistencyPath(m: number, leaves: readonly Buffer[], complete = true): Buffer[] {
  if (m === leaves.length) return complete ? [] : [treeHash(leaves)];
  const k = split(leaves.length);
  return m <= k
    ? [...consistencyPath(m, leaves.slice(0, k), complete), treeHash(leaves.slice(k))]
    : [...consistencyPath(m - k, leaves.slice(k), false), treeHash(leaves.slice(0, k))];
}

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function checkpointText(origin: string, leaves: readonly Buffer[], time?: number): string {
  const timeLine = time === undefined ? '' : `time ${time}\n`;
  return `${origin}\n${leaves.length}\n${treeHash(leaves).toString('base64')}\n${timeLine}`;
}

/** A stream's events as the store chains them. */
export function chainedEvents(
  streamId: string,
  types: ReadonlyArray<{ type: string; data: { [key: string]: JsonValue } }>,
): BundleEvent[] {
  let prevHash = GENESIS_HASH;
  return types.map(({ type, data }, revision) => {
    const event: BundleEvent = {
      id: randomUUID(),
      streamId,
      revision,
      position: `${100 + revision}/${revision}`,
      type,
      data,
      metadata: { actor: { id: 'sam', kind: 'user' }, recordedAt: '2026-03-02T09:00:00.000Z' },
      integrity: { prevHash, hash: '', recordedAt: '2026-03-02 09:00:00.123456+00' },
    };
    event.integrity.hash = eventHash(event);
    prevHash = event.integrity.hash;
    return event;
  });
}

export interface TestBundle {
  bytes: Buffer;
  files: Map<string, string>;
  log: TestKey;
  checkpointNote: string;
  events: BundleEvent[];
}

/**
 * A format-1 bundle of one change request's stream (no derived files but the names the format
 * requires, with placeholder text) and the policy stream, signed by `log`; `alter` rewrites a
 * file's text before the manifest is made (`afterManifest`: after, so only its hash breaks).
 */
export async function testBundle(
  options: {
    log?: TestKey;
    alter?: (path: string, text: string) => string;
    afterManifest?: (path: string, text: string) => string;
    checkpointTime?: number;
  } = {},
): Promise<TestBundle> {
  const log = options.log ?? testKey('test.example/log');
  const policy = chainedEvents('ledger-policy-versions', [
    { type: 'PolicyVersionActivated', data: { version: 'v1', document: {} } },
  ]);
  const change = chainedEvents('change-request-CHG-2026-001', [
    { type: 'ChangeRequestCreated', data: { title: 'Rotate keys', emoji: 'é\u2028😀' } },
    { type: 'ChangeRequestSubmitted', data: { n: 1.5e-7, list: [3, 'b', null, true] } },
    { type: 'ChangeApproved', data: { comments: 'ok from manager' } },
  ]);
  const events = [...policy, ...change];
  const leaves = events.map((event) => eventLeafHash(event.integrity.hash));
  const checkpointNote = signNote(
    checkpointText(log.name, leaves, options.checkpointTime ?? 1_772_442_000),
    log,
  );
  const proofs = (slice: BundleEvent[], offset: number) =>
    slice
      .map((event, i) =>
        line({
          event_id: event.id,
          leaf_index: offset + i,
          tree_size: leaves.length,
          leaf_hash: leaves[offset + i]!.toString('base64'),
          proof: inclusionPath(offset + i, leaves).map((hash) => hash.toString('base64')),
        }),
      )
      .join('');
  const earlier = leaves.slice(0, 2);
  const files = new Map<string, string>([
    ['README.md', 'how to verify\n'],
    ['log/verifier-key', `${log.vkey}\n`],
    ['log/checkpoint', checkpointNote],
    [
      'log/consistency.jsonl',
      line({
        from: earlier.length,
        to: leaves.length,
        proof: consistencyPath(2, leaves).map((hash) => hash.toString('base64')),
      }),
    ],
    ['policy/events.jsonl', policy.map(line).join('')],
    ['policy/proofs.jsonl', proofs(policy, 0)],
    ['population.json', '{}\n'],
    ['changes/CHG-2026-001/events.jsonl', change.map(line).join('')],
    ['changes/CHG-2026-001/proofs.jsonl', proofs(change, policy.length)],
    ...CHANGE_FILES.slice(2).map((name): [string, string] => [
      `changes/CHG-2026-001/${name}`,
      `${name} of CHG-2026-001\n`,
    ]),
    ['control-matrix.csv', 'path,evidences,controls\n'],
  ]);
  for (const [path, text] of files) files.set(path, options.alter?.(path, text) ?? text);
  const manifest = `${JSON.stringify(
    {
      format: 'change-ledger-evidence-bundle/1',
      created_at: '2026-03-02T10:00:00.000Z',
      period: { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
      as_of: null,
      sample_id: null,
      checkpoint: {
        origin: log.name,
        size: leaves.length,
        root: treeHash(leaves).toString('base64'),
      },
      files: [...files].map(([path, text]) => ({
        path,
        sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
        bytes: Buffer.byteLength(text),
      })),
    },
    null,
    2,
  )}\n`;
  files.set(MANIFEST, manifest);
  files.set(
    MANIFEST_SIGNATURE,
    signNote(manifestNoteText(createHash('sha256').update(manifest).digest('hex')), log),
  );
  for (const [path, text] of files) files.set(path, options.afterManifest?.(path, text) ?? text);
  return { bytes: await gzipTar(files), files, log, checkpointNote, events };
}

/** A receipt note over `events`, promising inclusion by `includeBy` (unix seconds). */
export function receiptNote(
  log: TestKey,
  events: readonly BundleEvent[],
  includeBy: number,
): string {
  const lines = events.map((event) => `event ${event.id} ${event.integrity.hash} 1772442000\n`);
  return signNote(
    `${log.name}\nchange-ledger/receipt/v1\ninclude-by ${includeBy}\n${lines.join('')}`,
    log,
  );
}

export async function gzipTar(files: ReadonlyMap<string, string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const pack = tarPack();
  const writing = pipeline(
    pack,
    createGzip(),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  for (const [name, text] of files) pack.entry({ name }, text);
  pack.finalize();
  await writing;
  return Buffer.concat(chunks);
}

const line = (value: unknown) => `${JSON.stringify(value)}\n`;
