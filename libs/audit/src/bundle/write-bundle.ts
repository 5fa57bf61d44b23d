import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type Writable } from 'node:stream';
import {
  type AuditSampleDrawn,
  auditSampleStream,
  changeRequestStream,
  type Policy,
  POLICY_EXCEPTIONS_STREAM,
} from '@change-ledger/domain';
import { ciEventStream, POLICY_VERSIONS_STREAM } from '@change-ledger/change-requests';
import { type EventStore, formatPosition, type RecordedEvent } from '@change-ledger/event-store';
import {
  type LogStore,
  type NoteSigner,
  signNote,
  type StoredCheckpoint,
  verifierKey,
} from '@change-ledger/integrity';
import { type Period } from '@change-ledger/read-models';
import { AuditError } from '../audit.errors';
import { type PopulationQuery } from '../population/population.query';
import { BundleArchive } from './bundle-archive';
import {
  BUNDLE_FORMAT,
  BUNDLE_README,
  MANIFEST,
  MANIFEST_SIGNATURE,
  type Manifest,
  manifestNoteText,
} from './bundle-format';
import { changeEvidenceFiles } from './change-evidence';
import { ManifestWriter } from './manifest-writer';
import { type ExportedMember, writePopulationFiles } from './population-files';
import { policiesFromEvents } from './policy-versions';
import { type ProvedStream, StreamProver } from './stream-prover';

export interface BundleSources {
  store: EventStore;
  log: LogStore;
  populations: PopulationQuery;
  signer: NoteSigner;
}

/** What the export may hold in memory at once; none of it grows with the export's size. */
export interface BundleLimits {
  /** Population members read from the read models per page. */
  pageSize: number;
  /** Paths sorted in memory per run for control-matrix.csv (longer lists are merged from disk). */
  linesInMemory: number;
  /** Members read and proved together (a batch), the next batch while one is written. */
  membersAhead: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  pageSize: 500,
  linesInMemory: 20_000,
  membersAhead: 32,
};

export interface BundleRequest {
  period: Period;
  /** The population as of this instant (a sample's own); now when omitted. */
  asOf?: Date;
  /** The sample to export (its event and its members); every member when omitted. */
  sample?: { events: RecordedEvent[]; drawn: AuditSampleDrawn };
  now: Date;
  onProgress?: (progress: { members: number; of: number; bytes: number }) => void;
  limits?: Partial<BundleLimits>;
  /** Where the export's temporary folder is made (removed at the end); the OS's by default. */
  tempDir?: string;
}

export interface BundleSummary {
  files: number;
  members: number;
  events: number;
  /** Events recorded after the checkpoint: not in the bundle (no proof yet). */
  eventsAfterCheckpoint: number;
  checkpointSize: number;
  /** The most population members and manifest paths held in memory at once. */
  held: { populationMembers: number; manifestPaths: number };
}

/**
 * Writes the evidence bundle (format in bundle-format.ts) to `out` as it goes, in memory flat in
 * the size of the export: the population is read a page at a time and spilled with the list of
 * members to export to a temporary folder; the members are then read, proved and written a batch
 * at a time (`membersAhead`); manifest.json and control-matrix.csv are built on disk as files
 * are written (manifest-writer.ts). The bytes are those of the whole documents written at once.
 * Every event is exported with its inclusion proof in the latest signed checkpoint; events
 * recorded after it are left out (and counted), so everything in the bundle is proved by the one
 * checkpoint it carries. When `out` fails or closes early (a client gone), the export stops and
 * rejects with AUDIT.EXPORT_INTERRUPTED, its temporary folder removed.
 */
export async function writeEvidenceBundle(
  sources: BundleSources,
  request: BundleRequest,
  out: Writable,
): Promise<BundleSummary> {
  const checkpoint = await sources.log.latestCheckpoint();
  if (!checkpoint)
    throw new AuditError(
      'AUDIT.INVALID_REQUEST',
      'invalid',
      'No checkpoint has been signed yet: an export is made against one',
    );
  const limits = { ...DEFAULT_BUNDLE_LIMITS, ...request.limits };
  const dir = await mkdtemp(path.join(request.tempDir ?? tmpdir(), 'ledger-export-'));
  const manifest = new ManifestWriter(dir, manifestHead(request, checkpoint), limits.linesInMemory);
  const archive = new BundleArchive(out, request.now, (entry) => manifest.record(entry));
  try {
    const summary = await writeMembers(sources, request, checkpoint, limits, dir, archive);
    const matrix = await manifest.controlMatrix('control-matrix.csv');
    await archive.addParts('control-matrix.csv', matrix);
    const { parts, sha256 } = await manifest.finish();
    await archive.addParts(MANIFEST, parts);
    await archive.add(MANIFEST_SIGNATURE, signNote(manifestNoteText(sha256), sources.signer));
    await archive.finish();
    return {
      ...summary,
      files: archive.files,
      held: { ...summary.held, manifestPaths: manifest.mostHeld },
    };
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    await archive.abort(cause);
    if (archive.outputFailed)
      throw new AuditError(
        'AUDIT.EXPORT_INTERRUPTED',
        'unavailable',
        `The export's output closed before the end (${archive.outputFailed.message}): export stopped`,
        { cause: archive.outputFailed.message },
      );
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Everything before control-matrix.csv, in the format's order. */
async function writeMembers(
  sources: BundleSources,
  request: BundleRequest,
  checkpoint: StoredCheckpoint,
  limits: BundleLimits,
  dir: string,
  archive: BundleArchive,
): Promise<BundleSummary> {
  const summary: BundleSummary = {
    files: 0,
    members: 0,
    events: 0,
    eventsAfterCheckpoint: 0,
    checkpointSize: checkpoint.size,
    held: { populationMembers: 0, manifestPaths: 0 },
  };
  const prover = new StreamProver(sources, checkpoint);
  const addStream = async (folder: string, proved: ProvedStream) => {
    summary.events += proved.events.length;
    summary.eventsAfterCheckpoint += proved.after;
    await archive.add(`${folder}/events.jsonl`, proved.events.map(eventLine).join(''));
    await archive.add(`${folder}/proofs.jsonl`, proved.proofs.map(jsonLine).join(''));
  };

  await archive.add('README.md', BUNDLE_README);
  await archive.add('log/verifier-key', `${verifierKey(sources.signer)}\n`);
  await archive.add('log/checkpoint', checkpoint.note);
  await archive.add(
    'log/consistency.jsonl',
    (await consistencyLines(sources.log, checkpoint)).join(''),
  );
  const policy = await prover.prove(POLICY_VERSIONS_STREAM, request.asOf);
  await addStream('policy', policy);
  const policies = policiesFromEvents(policy.events);
  // The exceptions for services and periods a recorded gate may cite by id (ADR 0022): their
  // requests and sign-offs, whole (they are few). An exception of one change is in its stream.
  await addStream('exceptions', await prover.prove(POLICY_EXCEPTIONS_STREAM, request.asOf));

  const population = await writePopulationFiles(
    sources.populations,
    { period: request.period, asOf: request.asOf, sample: request.sample?.drawn },
    dir,
    limits.pageSize,
  );
  summary.held.populationMembers = population.largestPage;
  await archive.addParts('population.json', population.json);
  await archive.addParts('population.csv', population.csv);
  if (request.sample) {
    const streamId = auditSampleStream(request.sample.drawn.sampleId);
    await addStream('sample', await prover.prove(streamId, request.asOf));
  }

  // Members are read and proved a batch at a time (stream-prover.ts: two log queries a batch),
  // the next batch while the last one is written, so the database's round trips overlap the
  // writing, and memory holds at most two batches' files.
  const prepare = async (batch: readonly ExportedMember[]) => {
    const streams = batch.map((member) =>
      member.kind === 'change_request'
        ? changeRequestStream(member.id)
        : ciEventStream(member.fact),
    );
    const proved = await prover.proveAll(streams, request.asOf);
    return batch.map((member, index) => {
      const stream = proved[index]!;
      if (member.kind === 'unauthorized_deployment')
        return { folder: `unauthorized/${streams[index]}`, proved: stream, derived: [] };
      const leafIndexes = new Map(stream.proofs.map((proof) => [proof.event_id, proof.leaf_index]));
      const derived = changeEvidenceFiles(
        member.id,
        stream.events,
        leafIndexes,
        (version: string): Policy | undefined => policies.get(version),
      );
      return { folder: `changes/${member.id}`, proved: stream, derived };
    });
  };
  const write = async (prepared: Awaited<ReturnType<typeof prepare>>) => {
    for (const { folder, proved, derived } of prepared) {
      await addStream(folder, proved);
      for (const [name, content] of derived) await archive.add(`${folder}/${name}`, content);
      summary.members += 1;
      request.onProgress?.({
        members: summary.members,
        of: population.exported,
        bytes: archive.bytes,
      });
    }
  };
  let preparing: ReturnType<typeof prepare> | undefined;
  const next = async (batch: readonly ExportedMember[]) => {
    const started = prepare(batch);
    // Awaited in turn; a rejection meanwhile is not unhandled.
    started.catch(() => undefined);
    const previous = preparing;
    preparing = started;
    if (previous) await write(await previous);
  };
  const input = population.members.read();
  let batch: ExportedMember[] = [];
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (archive.outputFailed) throw archive.outputFailed;
      batch.push(JSON.parse(line) as ExportedMember);
      if (batch.length < limits.membersAhead) continue;
      await next(batch);
      batch = [];
    }
    if (batch.length > 0) await next(batch);
    if (preparing) await write(await preparing);
  } finally {
    input.destroy();
    // Stopped early: let the reads already started end before the caller closes the pools.
    await preparing?.catch(() => undefined);
  }
  return summary;
}

function manifestHead(
  request: BundleRequest,
  checkpoint: StoredCheckpoint,
): Omit<Manifest, 'files'> {
  return {
    format: BUNDLE_FORMAT,
    created_at: request.now.toISOString(),
    period: { from: request.period.from.toISOString(), to: request.period.to.toISOString() },
    as_of: request.asOf?.toISOString() ?? null,
    sample_id: request.sample?.drawn.sampleId ?? null,
    checkpoint: {
      origin: checkpoint.origin,
      size: checkpoint.size,
      root: checkpoint.root.toString('base64'),
    },
  };
}

/** An event exactly as stored: envelope, metadata, position and chain hashes; one line. */
export function eventLine(event: RecordedEvent): string {
  return jsonLine({
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: formatPosition(event.position),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    integrity: event.integrity,
  });
}

const jsonLine = (value: unknown) => `${JSON.stringify(value)}\n`;

async function consistencyLines(log: LogStore, checkpoint: StoredCheckpoint): Promise<string[]> {
  const lines: string[] = [];
  for (const earlier of await log.checkpoints()) {
    if (earlier.size >= checkpoint.size || earlier.size === 0) continue;
    const proof = await log.consistencyProof(earlier.size, checkpoint.size);
    lines.push(
      jsonLine({
        from: earlier.size,
        to: checkpoint.size,
        proof: proof.map((hash) => hash.toString('base64')),
      }),
    );
  }
  return lines;
}
