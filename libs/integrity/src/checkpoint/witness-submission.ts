import { Logger } from '@nestjs/common';
import { type Pool } from 'pg';
import { CosignatureStore } from '../log/cosignature-store';
import { LogStore } from '../log/log-store';
import {
  COSIGNATURE_V1,
  type NoteVerifier,
  parseTypedVerifierKey,
  signatureLines,
  verifierKey,
} from '../note/signed-note';
import { formatAddCheckpoint, parseTlogSize } from '../witness/add-checkpoint';
import { verifiedCosignatures } from '../witness/cosignature';
import { type CheckpointTarget, type PublishedCheckpoint } from './publication';

/** A witness the ledger submits its checkpoints to: where, and the key it cosigns with. */
export interface WitnessConfig {
  /** The submission prefix: `<url>/add-checkpoint` is posted to. */
  url: string;
  /** Its cosignature/v1 verifier key. */
  key: string;
}

/** What became of one submission; `refused` is the witness's word against this checkpoint. */
export type SubmissionOutcome =
  { outcome: 'cosigned'; time: number } | { outcome: 'refused'; status: number; reason: string };

/**
 * A CheckpointTarget that speaks C2SP tlog-witness: posts `add-checkpoint` with a consistency
 * proof from the size the witness last cosigned (known from the cosignatures stored, else 0,
 * else learnt from its 409), verifies the cosignature and stores it. A refusal — a split view,
 * a size the log cannot prove from, a bad signature — is logged loudly with the witness's reason
 * and nothing is stored; it is not retried (the next checkpoint is submitted afresh). A witness
 * that cannot be reached, or answers 5xx, throws: the publisher retries it.
 */
export function witnessTarget(
  pool: Pool,
  config: WitnessConfig,
): CheckpointTarget & {
  submit(checkpoint: PublishedCheckpoint): Promise<SubmissionOutcome>;
} {
  const logger = new Logger('WitnessSubmission');
  const witness = parseTypedVerifierKey(config.key, COSIGNATURE_V1);
  const log = new LogStore(pool);
  const cosignatures = new CosignatureStore(pool);
  const endpoint = `${config.url.replace(/\/$/, '')}/add-checkpoint`;
  const name = `witness ${witness.name} (${config.url})`;
  let knownSize: number | undefined;

  const post = async (oldSize: number, checkpoint: PublishedCheckpoint) => {
    const proof =
      oldSize === 0 || oldSize === checkpoint.size
        ? []
        : await log.consistencyProof(oldSize, checkpoint.size);
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: formatAddCheckpoint({ oldSize, proof, note: checkpoint.note }),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: await response.text(), headers: response.headers };
  };

  const submit = async (checkpoint: PublishedCheckpoint): Promise<SubmissionOutcome> => {
    let oldSize = knownSize ?? (await cosignatures.lastCosignedSize(config.key)) ?? 0;
    if (oldSize > checkpoint.size) oldSize = 0;
    let answer = await post(oldSize, checkpoint);
    // One more try from the size the witness says it holds, if the log can prove from there.
    const held = answer.status === 409 ? parseTlogSize(answer.body) : undefined;
    if (held !== undefined && held !== oldSize && held <= checkpoint.size) {
      oldSize = held;
      answer = await post(oldSize, checkpoint);
    }
    if (answer.status >= 500) throw new Error(`${name} answered ${answer.status}: ${answer.body}`);
    if (answer.status !== 200) {
      const reason = refusalReason(answer, checkpoint.size);
      logger.error(
        `WITNESS REFUSED checkpoint ${checkpoint.size} (${answer.status}) — ${name}: ${reason}`,
      );
      return { outcome: 'refused', status: answer.status, reason };
    }
    const body = signatureLines(checkpoint.note).text;
    const [cosignature] = verifiedCosignatures(body, answer.body, witness);
    if (!cosignature) {
      const reason = 'its answer holds no cosignature of its key';
      logger.error(`WITNESS answer to checkpoint ${checkpoint.size} unusable — ${name}: ${reason}`);
      return { outcome: 'refused', status: 200, reason };
    }
    await cosignatures.insert({
      size: checkpoint.size,
      witnessKey: verifierKey(witness),
      witnessName: witness.name,
      cosignedAt: new Date(cosignature.time * 1000),
      signatureLine: cosignature.line,
      checkpointBody: body,
    });
    knownSize = checkpoint.size;
    logger.log(`checkpoint ${checkpoint.size} cosigned by ${name}`);
    return { outcome: 'cosigned', time: cosignature.time };
  };

  return {
    name,
    submit,
    publish: async (checkpoint) => {
      await submit(checkpoint);
    },
  };
}

function refusalReason(
  answer: { status: number; body: string; headers: Headers },
  size: number,
): string {
  const said = answer.headers.get('witness-reason') ?? answer.body.trim();
  if (answer.status !== 409) return said;
  const held = parseTlogSize(answer.body);
  if (held === undefined) return said;
  return held > size
    ? `it holds a checkpoint of ${held} leaves, larger than this log's ${size}: the log was cut or forked (${said})`
    : `split view: it holds another tree of ${held} leaves (${said})`;
}

export function parseWitnessKey(key: string): NoteVerifier {
  return parseTypedVerifierKey(key, COSIGNATURE_V1);
}
