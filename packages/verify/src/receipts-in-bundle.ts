import { type Checkpoint } from './checkpoint';
import { openReceipt, type Receipt } from './receipt';
import { type NoteVerifier } from './signed-note';
import { errorMessage } from './verify-error';

export interface KeptReceipt {
  /** Where the receipt was kept (a file), for the report. */
  source: string;
  note: string;
}

/**
 * What a bundle shows of one event a receipt promised (ADR 0019). Failures: `invalid_receipt`
 * (not a receipt of this log: form, signature, origin) and `hash_mismatch` (the bundle holds the
 * event with another hash than the one the log signed for it). The others say what the bundle
 * can show: `included` (proved in the bundle's checkpoint, which the log signed by the promised
 * time), `included_after_promise` (proved in a checkpoint signed after it, or stating no time: an
 * earlier checkpoint may have covered it, which `ledger verify --receipts` judges from the log),
 * `not_in_bundle` (outside the bundle's period or sample).
 */
export type ReceiptStatus =
  'included' | 'included_after_promise' | 'not_in_bundle' | 'hash_mismatch' | 'invalid_receipt';

export interface ReceiptVerdict {
  source: string;
  status: ReceiptStatus;
  failure: boolean;
  detail: string;
  eventId?: string;
  includeBy?: string;
  leafIndex?: number;
}

export function judgeReceipts(
  receipts: readonly KeptReceipt[],
  keys: readonly NoteVerifier[],
  checkpoint: Checkpoint | undefined,
  proved: ReadonlyMap<string, { hash: string; leafIndex: number; file: string }>,
): ReceiptVerdict[] {
  const verdicts: ReceiptVerdict[] = [];
  for (const { source, note } of receipts) {
    let receipt: Receipt;
    try {
      receipt = openReceipt(note, keys);
    } catch (error) {
      verdicts.push({
        source,
        status: 'invalid_receipt',
        failure: true,
        detail: errorMessage(error),
      });
      continue;
    }
    const includeBy = receipt.includeBy.toISOString();
    for (const event of receipt.events) {
      const found = proved.get(event.id);
      const about = { source, eventId: event.id, includeBy };
      if (!found) {
        verdicts.push({
          ...about,
          status: 'not_in_bundle',
          failure: false,
          detail: 'the bundle does not hold this event (another period or sample)',
        });
      } else if (found.hash !== event.hash) {
        verdicts.push({
          ...about,
          status: 'hash_mismatch',
          failure: true,
          leafIndex: found.leafIndex,
          detail: `Event ${event.id} is in ${found.file} with hash ${found.hash}; the log's receipt promised ${event.hash}`,
        });
      } else if (checkpoint?.time && checkpoint.time <= receipt.includeBy) {
        verdicts.push({
          ...about,
          status: 'included',
          failure: false,
          leafIndex: found.leafIndex,
          detail: `leaf ${found.leafIndex} of checkpoint ${checkpoint.size}, signed ${checkpoint.time.toISOString()}, by the promised ${includeBy}`,
        });
      } else {
        verdicts.push({
          ...about,
          status: 'included_after_promise',
          failure: false,
          leafIndex: found.leafIndex,
          detail:
            `leaf ${found.leafIndex} of checkpoint ${checkpoint?.size}, ` +
            (checkpoint?.time
              ? `signed ${checkpoint.time.toISOString()}`
              : 'which states no time') +
            `, after the promised ${includeBy}: whether an earlier checkpoint covered it in time is for \`ledger verify --receipts\``,
        });
      }
    }
  }
  return verdicts;
}
