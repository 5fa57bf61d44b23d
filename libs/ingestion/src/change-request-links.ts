import { type CiFact } from '@change-ledger/domain';

/** How a CI fact found its change request, strongest first. */
export interface ChangeRequestLink {
  changeRequestId: string;
  linkedBy: 'change_request_id' | 'commit_sha' | 'pull_request' | 'artifact';
}

/** The change request a CI fact is about, or why none is: an id it names, or what a change registered. */
export interface ChangeRequestLinks {
  find(fact: CiFact): Promise<{ link: ChangeRequestLink | null; why: string }>;
}

export const CHANGE_REQUEST_LINKS = Symbol('CHANGE_REQUEST_LINKS');
