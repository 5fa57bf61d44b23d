import { type ChangeRequestLink, type RecordedGate } from '@change-ledger/domain';

export interface RecordCiEventResult {
  /** `duplicate`: the same fact again; `conflict`: the same (source, id) with other content. */
  outcome: 'recorded' | 'duplicate' | 'conflict';
  changeRequestId: string | null;
  linkedBy: ChangeRequestLink['linkedBy'] | null;
  /** Production deployments: whether an approved change covered it; null otherwise. */
  authorized: boolean | null;
  reason: string | null;
  /** Production deployments of a change request: the deploy gate's answer it was recorded with. */
  gate: RecordedGate | null;
}

export const UNLINKED = {
  changeRequestId: null,
  linkedBy: null,
  authorized: null,
  reason: null,
  gate: null,
};
