import { type ChangeRequestLink } from '@change-ledger/domain';

export interface RecordCiEventResult {
  /** `duplicate`: the same fact again; `conflict`: the same (source, id) with other content. */
  outcome: 'recorded' | 'duplicate' | 'conflict';
  changeRequestId: string | null;
  linkedBy: ChangeRequestLink['linkedBy'] | null;
  /** Production deployments: whether an approved change covered it; null otherwise. */
  authorized: boolean | null;
  reason: string | null;
}

export const UNLINKED = { changeRequestId: null, linkedBy: null, authorized: null, reason: null };
