import { createHash } from 'node:crypto';
import { type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import {
  type AuditSampleDrawn,
  auditSampleStream,
  changeRequestStream,
  type Policy,
} from '@change-ledger/domain';
import { POLICY_VERSIONS_STREAM, recordedBefore } from '@change-ledger/change-requests';
import { type EventStore, formatPosition, type RecordedEvent } from '@change-ledger/event-store';
import { ciEventStream } from '@change-ledger/ingestion';
import {
  eventLeafHash,
  inclusionProof,
  inclusionRanges,
  type LogStore,
  type NodeId,
  nodeKey,
  type NoteSigner,
  rangeNodes,
  signNote,
  type StoredCheckpoint,
  verifierKey,
} from '@change-ledger/integrity';
import { type Period } from '@change-ledger/read-models';
import { pack as tarPack } from 'tar-stream';
import { AuditError } from '../audit.errors';
import { populationCsv, type Population } from '../population/population';
import { type PopulationQuery } from '../population/population.query';
import {
  BUNDLE_FORMAT,
  BUNDLE_README,
  controlMatrixCsv,
  type InclusionProofLine,
  MANIFEST,
  MANIFEST_SIGNATURE,
  type Manifest,
  type ManifestEntry,
  manifestNoteText,
} from './bundle-format';
import { changeEvidenceFiles } from './change-evidence';
import { policiesFromEvents } from './policy-versions';

export interface BundleSources {
  store: EventStore;
  log: LogStore;
  populations: PopulationQuery;
  signer: NoteSigner;
}

export interface BundleRequest {
  period: Period;
  /** The population as of this instant (a sample's own); now when omitted. */
  asOf?: Date;
  /** The sample to export (its event and its members); every member when omitted. */
  sample?: { events: RecordedEvent[]; drawn: AuditSampleDrawn };
  now: Date;
  onProgress?: (progress: { members: number; of: number; bytes: number }) => void;
}

export interface BundleSummary {
  files: number;
  members: number;
  events: number;
  /** Events recorded after the checkpoint: not in the bundle (no proof yet). */
  eventsAfterCheckpoint: number;
  checkpointSize: number;
}

/**
 * Writes the evidence bundle (format in bundle-format.ts) to `out` as it goes: one member at a
 * time is read, proved and written, so memory stays flat in the size of the export (only the
 * manifest's lines, ~100 bytes a file, are kept). Every event is exported with its inclusion proof
 * in the latest signed checkpoint; events recorded after it are left out (and counted), so
 * everything in the bundle is proved by the one checkpoint it carries.
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
  const tar = tarPack();
  const written = pipeline(tar, createGzip(), out);
  // A failed write must not leave the producer waiting on a stream that will never drain.
  written.catch(() => tar.destroy());
  const files: ManifestEntry[] = [];
  let bytes = 0;
  const add = async (path: string, content: string | Buffer) => {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    files.push({
      path,
      sha256: createHash('sha256').update(body).digest('hex'),
      bytes: body.length,
    });
    bytes += body.length;
    await new Promise<void>((resolve, reject) =>
      tar.entry(
        { name: path, size: body.length, mtime: request.now, mode: 0o644 },
        body,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  };
  const summary: BundleSummary = {
    files: 0,
    members: 0,
    events: 0,
    eventsAfterCheckpoint: 0,
    checkpointSize: checkpoint.size,
  };
  const prover = new StreamProver(sources, checkpoint);
  const addStream = async (folder: string, streamId: string) => {
    const proved = await prover.prove(streamId, request.asOf);
    summary.events += proved.events.length;
    summary.eventsAfterCheckpoint += proved.after;
    await add(`${folder}/events.jsonl`, proved.events.map(eventLine).join(''));
    await add(`${folder}/proofs.jsonl`, proved.proofs.map(jsonLine).join(''));
    return proved;
  };

  try {
    await add('README.md', BUNDLE_README);
    await add('log/verifier-key', `${verifierKey(sources.signer)}\n`);
    await add('log/checkpoint', checkpoint.note);
    await add('log/consistency.jsonl', (await consistencyLines(sources.log, checkpoint)).join(''));
    const policy = await addStream('policy', POLICY_VERSIONS_STREAM);
    const policies = policiesFromEvents(policy.events);

    const population = await sources.populations.population(request.period, request.asOf);
    await add('population.json', `${JSON.stringify(population, null, 2)}\n`);
    await add('population.csv', populationCsv(population));
    if (request.sample) await addStream('sample', auditSampleStream(request.sample.drawn.sampleId));

    const members = membersToExport(population, request.sample?.drawn);
    for (const [index, member] of members.entries()) {
      if (member.kind === 'change_request') {
        const folder = `changes/${member.id}`;
        const proved = await addStream(folder, changeRequestStream(member.id));
        const leafIndexes = new Map(
          proved.proofs.map((proof) => [proof.event_id, proof.leaf_index]),
        );
        for (const [name, content] of changeEvidenceFiles(
          member.id,
          proved.events,
          leafIndexes,
          (version: string): Policy | undefined => policies.get(version),
        ))
          await add(`${folder}/${name}`, content);
      } else {
        const streamId = ciEventStream(member.fact);
        await addStream(`unauthorized/${streamId}`, streamId);
      }
      summary.members += 1;
      request.onProgress?.({ members: index + 1, of: members.length, bytes });
    }

    await add(
      'control-matrix.csv',
      controlMatrixCsv([...files.map((file) => file.path), 'control-matrix.csv']),
    );
    const manifest: Manifest = {
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
      files: [...files],
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    const manifestSha = createHash('sha256').update(manifestText, 'utf8').digest('hex');
    await add(MANIFEST, manifestText);
    await add(MANIFEST_SIGNATURE, signNote(manifestNoteText(manifestSha), sources.signer));
    tar.finalize();
  } catch (error) {
    tar.destroy(error instanceof Error ? error : new Error(String(error)));
    await written.catch(() => undefined);
    throw error;
  }
  await written;
  summary.files = files.length;
  return summary;
}

type ExportedMember =
  | { kind: 'change_request'; id: string }
  | { kind: 'unauthorized_deployment'; id: string; fact: { source: string; id: string } };

/** The sample's members (every stratum), or the whole population. */
function membersToExport(population: Population, sample?: AuditSampleDrawn): ExportedMember[] {
  const selected = sample
    ? new Set(sample.strata.flatMap((stratum) => stratum.selected.map((member) => member.id)))
    : undefined;
  return population.members
    .filter((member) => !selected || selected.has(member.id))
    .map((member) =>
      member.kind === 'change_request'
        ? { kind: 'change_request', id: member.id }
        : {
            kind: 'unauthorized_deployment',
            id: member.id,
            fact: {
              source: member.source!,
              id: member.id.slice(`ci:${member.source}#`.length),
            },
          },
    );
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

/**
 * A stream's events covered by the checkpoint, each with its RFC 9162 inclusion proof. The proofs
 * are libs/integrity's, over the nodes of the whole stream read in one query.
 */
class StreamProver {
  constructor(
    private readonly sources: BundleSources,
    private readonly checkpoint: StoredCheckpoint,
  ) {}

  async prove(streamId: string, asOf: Date | undefined) {
    const stored = recordedBefore(await this.sources.store.readStream(streamId), asOf);
    const leafIndexes = await this.sources.log.leafIndexes(stored.map((event) => event.id));
    const size = this.checkpoint.size;
    // Covered events are a prefix of the stream: the log is in global order.
    const cut = stored.findIndex((event) => {
      const index = leafIndexes.get(event.id);
      return index === undefined || index >= size;
    });
    const events = cut < 0 ? stored : stored.slice(0, cut);
    const wanted = new Map<string, NodeId>();
    for (const event of events)
      for (const range of inclusionRanges(leafIndexes.get(event.id)!, size))
        for (const node of rangeNodes(range)) wanted.set(nodeKey(node), node);
    const hashes = await this.sources.log.readNodes()([...wanted.values()]);
    const proofs: InclusionProofLine[] = [];
    for (const event of events) {
      const leafIndex = leafIndexes.get(event.id)!;
      const proof = await inclusionProof(async () => hashes, leafIndex, size);
      proofs.push({
        event_id: event.id,
        leaf_index: leafIndex,
        tree_size: size,
        leaf_hash: eventLeafHash(event.integrity.hash).toString('base64'),
        proof: proof.map((hash) => hash.toString('base64')),
      });
    }
    return { events, proofs, after: stored.length - events.length };
  }
}
