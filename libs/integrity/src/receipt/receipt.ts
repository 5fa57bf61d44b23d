import * as receipts from '@change-ledger/verify';
import { asIntegrityError, fromVerifyError, type IntegrityError } from '../integrity.errors';
import { type NoteSigner, type NoteVerifier, signNote } from '../note/signed-note';

/**
 * A write's signed receipt (docs/adr/0019-receipts.md): the log's promise, signed with the log's
 * own key (the checkpoints' signer, named after the log's origin), that the write's events will
 * be in a checkpoint signed no later than `includeBy`. A signed note whose text is
 *
 *   <origin>
 *   change-ledger/receipt/v1
 *   include-by <unix seconds>
 *   event <uuid> <sha-256 chain hash, hex> <recorded, unix seconds>
 *   …one line per event of the write
 *
 * The second line names the format, so the text can never be read as anything else the log's key
 * signs: a checkpoint's second line is its tree size (a decimal), which parseCheckpoint requires.
 *
 * Read (parsed, opened) by the verifier package (packages/verify), as a client's auditor reads
 * it; formatted and signed here.
 */
export { RECEIPT_FORMAT, type Receipt, type ReceiptEvent } from '@change-ledger/verify';
type Receipt = receipts.Receipt;

const seconds = (time: Date) => Math.floor(time.getTime() / 1000);

export function formatReceipt(receipt: Receipt): string {
  if (receipt.events.length === 0) throw badReceipt('a receipt lists at least one event');
  const events = receipt.events
    .map((event) => `event ${event.id} ${event.hash} ${seconds(event.recordedAt)}\n`)
    .join('');
  return `${receipt.origin}\n${receipts.RECEIPT_FORMAT}\ninclude-by ${seconds(receipt.includeBy)}\n${events}`;
}

/** Reads a receipt's text (already opened); refuses anything not written by formatReceipt. */
export function parseReceipt(text: string): Receipt {
  return asIntegrityError(() => receipts.parseReceipt(text));
}

/** The receipt as a signed note, signed with the log's key. */
export function signReceipt(receipt: Receipt, signer: NoteSigner): string {
  return signNote(formatReceipt(receipt), signer);
}

/**
 * Verifies a receipt's signature with the log's key(s) and reads it. Only a signature of a key
 * named after the receipt's origin counts: the log signs as its origin, as it does checkpoints.
 */
export function openReceipt(note: string, verifiers: readonly NoteVerifier[]): Receipt {
  return asIntegrityError(() => receipts.openReceipt(note, verifiers));
}

function badReceipt(reason: string): IntegrityError {
  return fromVerifyError(receipts.badReceipt(reason));
}
