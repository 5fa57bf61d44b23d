import { type CiFact } from '@change-ledger/domain';

/** A webhook is either a CI fact, or acknowledged and ignored with the reason. */
export type WebhookOutcome = { fact: CiFact } | { ignored: string };

/** A change request id written in free text (a description, a ref, a commit title). */
export const CHANGE_REQUEST_MENTION = /CHG-\d{4}-\d{3,}/;
