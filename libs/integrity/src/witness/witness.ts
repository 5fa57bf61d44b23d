import { IntegrityError } from '../integrity.errors';
import { verifyConsistency } from '../merkle/proofs';
import { parseCheckpoint } from '../note/checkpoint';
import { type NoteSigner, type NoteVerifier, openNote, signatureLines } from '../note/signed-note';
import { parseAddCheckpoint } from './add-checkpoint';
import { cosign } from './cosignature';
import { type WitnessState } from './witness-state';

/** A log the witness accepts: its origin line and the keys its checkpoints are signed with. */
export interface WitnessedLog {
  origin: string;
  keys: NoteVerifier[];
}

export interface WitnessOptions {
  /** The witness's cosigner key (type 0x04). */
  signer: NoteSigner;
  logs: readonly WitnessedLog[];
  state: WitnessState;
  /** POSIX seconds; the witness's own clock is what its cosignatures state. */
  now?: () => number;
}

/** The answer to an add-checkpoint request, as tlog-witness has it (status and body). */
export type AddCheckpointAnswer =
  | { status: 200; cosignatures: string }
  /** The old size is not the witness's latest: `size` is (a `text/x.tlog.size` body). */
  | { status: 409; size: number; reason: string }
  | { status: 400 | 403 | 404 | 422; reason: string };

/**
 * The witness of C2SP tlog-witness: cosigns a log's checkpoint only if it extends, by a verified
 * RFC 6962 consistency proof, the latest one it cosigned for that origin. A log that shows it a
 * tree that does not extend what it saw (a split view) is refused, with the reason, and the
 * request is kept as evidence.
 */
export class Witness {
  /** Check-then-persist per origin, one at a time (the spec's rollback race). */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly options: WitnessOptions) {
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  async addCheckpoint(body: string): Promise<AddCheckpointAnswer> {
    let request;
    let text;
    try {
      request = parseAddCheckpoint(body);
      text = signatureLines(request.note).text;
    } catch (error) {
      return { status: 400, reason: messageOf(error) };
    }
    let checkpoint;
    try {
      checkpoint = parseCheckpoint(text);
    } catch (error) {
      return { status: 400, reason: messageOf(error) };
    }
    const log = this.options.logs.find((known) => known.origin === checkpoint.origin);
    if (!log) return { status: 404, reason: `unknown log origin ${checkpoint.origin}` };
    try {
      openNote(request.note, log.keys);
    } catch (error) {
      return { status: 403, reason: messageOf(error) };
    }
    if (request.oldSize > checkpoint.size)
      return {
        status: 400,
        reason: `old size ${request.oldSize} is larger than the checkpoint's ${checkpoint.size}`,
      };
    return this.serialized(checkpoint.origin, async () => {
      const { state } = this.options;
      const held = await state.latest(checkpoint.origin);
      const latest = held === undefined ? undefined : parseCheckpoint(signatureLines(held).text);
      const latestSize = latest?.size ?? 0;
      if (request.oldSize !== latestSize)
        return {
          status: 409,
          size: latestSize,
          reason: `the witness's latest checkpoint has ${latestSize} leaves, not ${request.oldSize}`,
        };
      if (latest && latest.size === checkpoint.size && !latest.root.equals(checkpoint.root)) {
        const reason = `split view: the witness cosigned another root for ${latest.size} leaves (${latest.root.toString('base64')}, now ${checkpoint.root.toString('base64')})`;
        await state.keepEvidence(checkpoint.origin, reason, body);
        return { status: 409, size: latestSize, reason };
      }
      if (
        latest &&
        checkpoint.size > latest.size &&
        !verifyConsistency(
          latest.size,
          checkpoint.size,
          latest.root,
          checkpoint.root,
          request.proof,
        )
      ) {
        const reason = `split view: the consistency proof from the witness's checkpoint of ${latest.size} leaves (root ${latest.root.toString('base64')}) to ${checkpoint.size} leaves does not verify`;
        await state.keepEvidence(checkpoint.origin, reason, body);
        return { status: 422, reason };
      }
      if (!latest || checkpoint.size > latest.size)
        await state.record(checkpoint.origin, request.note);
      return {
        status: 200,
        cosignatures: cosign(text, this.options.signer, this.now()).line,
      };
    });
  }

  private serialized<T>(origin: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(origin) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.queues.set(origin, run);
    return run;
  }
}

function messageOf(error: unknown): string {
  return error instanceof IntegrityError || error instanceof Error ? error.message : String(error);
}
