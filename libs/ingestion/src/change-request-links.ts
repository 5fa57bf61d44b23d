import { type ChangeRequestLink, type CiFact } from '@change-ledger/domain';

export { type ChangeRequestLink };

/** The change request a CI fact is about, or why none is: an id it names, or what a change registered. */
export interface ChangeRequestLinks {
  find(fact: CiFact): Promise<{ link: ChangeRequestLink | null; why: string }>;
}

export const CHANGE_REQUEST_LINKS = Symbol('CHANGE_REQUEST_LINKS');
