import { type NoteVerifier, openNote } from './signed-note';
import { VerifyError } from './verify-error';

/**
 * A write's signed receipt (ADR 0019): the log's promise, signed with the log's own key (the
 * checkpoints' signer, named after the log's origin), that the write's events will be in a
 * checkpoint signed no later than `includeBy`. A signed note whose text is
 *
 *   <origin>
 *   change-ledger/receipt/v1
 *   include-by <unix seconds>
 *   event <uuid> <sha-256 chain hash, hex> <recorded, unix seconds>
 *   …one line per event of the write
 *
 * The second line names the format, so the text can never be read as anything else the log's key
 * signs: a checkpoint's second line is its tree size (a decimal), which parseCheckpoint requires.
 */
export interface Receipt {
  origin: string;
  /** The promise: a checkpoint signed no later than this covers every listed event. */
  includeBy: Date;
  events: ReceiptEvent[];
}

export interface ReceiptEvent {
  id: string;
  /** The event's chain hash (hex): the value the log's leaf hashes (RFC 9162 leaf input). */
  hash: string;
  /** When the store recorded it. */
  recordedAt: Date;
}

export const RECEIPT_FORMAT = 'change-ledger/receipt/v1';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const UNIX_SECONDS = /^(0|[1-9][0-9]{0,11})$/;
export const MAX_RECEIPT_EVENTS = 10_000;

/** Reads a receipt's text (already opened); refuses anything not in the receipt's exact form. */
export function parseReceipt(text: string): Receipt {
  if (!text.endsWith('\n')) throw badReceipt('it does not end in a newline');
  const [origin, format, includeBy, ...lines] = text.slice(0, -1).split('\n');
  if (!origin || /\s/.test(origin)) throw badReceipt('no origin line');
  if (format !== RECEIPT_FORMAT) throw badReceipt(`the second line is not ${RECEIPT_FORMAT}`);
  const promise = /^include-by (\S+)$/.exec(includeBy ?? '')?.[1];
  if (!promise || !UNIX_SECONDS.test(promise))
    throw badReceipt('the third line is not `include-by <unix seconds>`');
  if (lines.length === 0 || lines.length > MAX_RECEIPT_EVENTS)
    throw badReceipt(`a receipt lists 1 to ${MAX_RECEIPT_EVENTS} events`);
  const events = lines.map((line) => {
    const [word, id, hash, recorded, ...rest] = line.split(' ');
    if (
      word !== 'event' ||
      rest.length > 0 ||
      !UUID.test(id ?? '') ||
      !SHA256_HEX.test(hash ?? '') ||
      !UNIX_SECONDS.test(recorded ?? '')
    )
      throw badReceipt(`not an event line: ${JSON.stringify(line)}`);
    return { id: id!, hash: hash!, recordedAt: new Date(Number(recorded) * 1000) };
  });
  return { origin, includeBy: new Date(Number(promise) * 1000), events };
}

/**
 * Verifies a receipt's signature with the log's key(s) and reads it. Only a signature of a key
 * named after the receipt's origin counts: the log signs as its origin, as it does checkpoints.
 */
export function openReceipt(note: string, verifiers: readonly NoteVerifier[]): Receipt {
  const opened = openNote(note, verifiers);
  const receipt = parseReceipt(opened.text);
  if (!opened.verifiedBy.includes(receipt.origin))
    throw new VerifyError(
      'INTEGRITY.UNVERIFIED_NOTE',
      `The receipt of log ${receipt.origin} is not signed by a key of that log`,
      { origin: receipt.origin, verifiedBy: opened.verifiedBy },
    );
  return receipt;
}

export function badReceipt(reason: string): VerifyError {
  return new VerifyError('INTEGRITY.INVALID_RECEIPT', `Not a receipt: ${reason}`);
}
