import * as checkpoints from '@change-ledger/verify';
import { asIntegrityError } from '../integrity.errors';

/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the note text a log signs for its tree head.
 *
 *   <origin>\n<tree size, decimal>\n<base64 root hash>\n[extension lines…]
 *
 * Read by the verifier package (packages/verify), as an auditor reads it; written here.
 */
export type Checkpoint = checkpoints.Checkpoint;

export function formatCheckpoint(checkpoint: Omit<Checkpoint, 'extensions'>): string {
  const time =
    checkpoint.time === undefined ? '' : `time ${Math.floor(checkpoint.time.getTime() / 1000)}\n`;
  return `${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.root.toString('base64')}\n${time}`;
}

export function parseCheckpoint(text: string): Checkpoint {
  return asIntegrityError(() => checkpoints.parseCheckpoint(text));
}
