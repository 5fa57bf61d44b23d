import { type ChangeRequest } from '@change-ledger/domain';

/**
 * A change request's state as a projection stored it (jsonb), completed with what a state stored
 * by an earlier version lacks, so that folding new events onto it never meets a missing list: CI
 * facts (issue 5), exceptions and unauthorized deployments (ADR 0022). What such a state knew
 * under the old shape (a single `exception`) comes back with `ledger rebuild`.
 */
export function storedChangeRequest(state: ChangeRequest): ChangeRequest {
  const stored: Partial<ChangeRequest> = state;
  return {
    ...state,
    ciFacts: stored.ciFacts ?? [],
    exceptions: stored.exceptions ?? [],
    unauthorizedDeployments: stored.unauthorizedDeployments ?? [],
  };
}
