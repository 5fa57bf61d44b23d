import { type CosignatureStore } from '../log/cosignature-store';
import { type StoredCheckpoint } from '../log/log-store';
import { parseCheckpoint } from '../note/checkpoint';
import { type NoteVerifier, signatureLines, verifierKey } from '../note/signed-note';
import { parseCosignatureLine, verifyCosignature } from '../witness/cosignature';

/** What `ledger verify --witness-key … --quorum N` asks of the stored cosignatures. */
export interface WitnessQuorumOptions {
  /** The witnesses the auditor trusts (cosignature/v1 verifier keys). */
  keys: readonly NoteVerifier[];
  /** How many distinct trusted witnesses must have cosigned the latest checkpoint. */
  quorum: number;
  store: CosignatureStore;
}

/** The earliest time a trusted witness cosigned a checkpoint of `size` leaves. */
export interface WitnessedTime {
  size: number;
  /** The witness's own clock (ISO 8601), not the log's: trusted time for what the size covers. */
  time: string;
  witness: string;
}

export interface WitnessQuorumCheck {
  failures: { kind: 'cosignature' | 'witness_quorum'; detail: string; treeSize?: number }[];
  /** Every validly cosigned checkpoint: its root must be the tree's (the caller checks). */
  cosigned: { label: string; size: number; root: Buffer }[];
  witnessedTimes: WitnessedTime[];
  cosignaturesChecked: number;
}

/**
 * Witnesses' word against the log's (ADR 0018). Each stored cosignature of a trusted witness must
 * verify over the checkpoint text stored with it; each such checkpoint is a root the recomputed
 * tree must have (a rewritten or forked log cannot match what a witness saw); and the latest
 * stored checkpoint must be cosigned by at least `quorum` distinct trusted witnesses — a log
 * re-signed with another key, or a fork shown to the auditor alone, has none.
 */
export async function checkWitnessQuorum(
  options: WitnessQuorumOptions,
  latest: StoredCheckpoint | undefined,
): Promise<WitnessQuorumCheck> {
  const failures: WitnessQuorumCheck['failures'] = [];
  const cosigned: WitnessQuorumCheck['cosigned'] = [];
  const earliest = new Map<number, { time: number; witness: string }>();
  const latestBody = latest && signatureLines(latest.note).text;
  const onLatest = new Set<string>();
  let checked = 0;
  for (const row of await options.store.list()) {
    for (const witness of options.keys) {
      const cosignature = parseCosignatureLine(row.signatureLine, witness);
      if (!cosignature) continue;
      checked += 1;
      const label = `checkpoint ${row.size} cosigned by ${witness.name}`;
      const body = parseBody(row.checkpointBody);
      if (
        !body ||
        body.size !== row.size ||
        !verifyCosignature(row.checkpointBody, cosignature, witness)
      ) {
        failures.push({
          kind: 'cosignature',
          treeSize: row.size,
          detail: `${label}: the cosignature does not verify over the checkpoint stored with it`,
        });
        continue;
      }
      cosigned.push({ label, size: body.size, root: body.root });
      const seen = earliest.get(body.size);
      if (!seen || cosignature.time < seen.time)
        earliest.set(body.size, { time: cosignature.time, witness: witness.name });
      if (row.checkpointBody === latestBody) onLatest.add(verifierKey(witness));
    }
  }
  if (onLatest.size < options.quorum)
    failures.push({
      kind: 'witness_quorum',
      treeSize: latest?.size,
      detail: latest
        ? `the latest checkpoint (${latest.size} leaves) is cosigned by ${onLatest.size} of the trusted witnesses, ${options.quorum} required`
        : `no checkpoint to be cosigned, ${options.quorum} witnesses required`,
    });
  return {
    failures,
    cosigned,
    witnessedTimes: [...earliest]
      .sort(([a], [b]) => a - b)
      .map(([size, { time, witness }]) => ({
        size,
        time: new Date(time * 1000).toISOString(),
        witness,
      })),
    cosignaturesChecked: checked,
  };
}

function parseBody(text: string) {
  try {
    return parseCheckpoint(text);
  } catch {
    // Reported by the caller as a cosignature that does not verify over its checkpoint.
    return undefined;
  }
}
