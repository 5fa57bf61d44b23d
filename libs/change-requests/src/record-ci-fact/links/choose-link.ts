import {
  type ChangeRequestLink,
  type ChangeRequestState,
  type CiFact,
} from '@change-ledger/domain';
import { type RegisteredLink } from './change-request-link-index';

export interface ChosenLink {
  link: ChangeRequestLink | null;
  /** Why it is linked, or why not: the flag of an unlinked production deployment says it. */
  why: string;
}

const STRENGTH: Record<RegisteredLink['linkedBy'], number> = {
  commit_sha: 0,
  pull_request: 1,
  artifact: 2,
};

/**
 * The change request a fact is about. An id it names must exist (its stream, as loaded); else,
 * among the change requests that registered its commit, pull request or artifact, the one that
 * may be deploying now (approved, scheduled, implementing), then one awaiting approval, then any;
 * the newest first. Its strongest registration says how it was linked.
 */
export function chooseLink(
  fact: CiFact,
  candidates: readonly RegisteredLink[],
  stateOf: (changeRequestId: string) => ChangeRequestState | undefined,
): ChosenLink {
  if (fact.changeRequestId) {
    const id = fact.changeRequestId;
    return (stateOf(id)?.status ?? 'absent') !== 'absent'
      ? { link: { changeRequestId: id, linkedBy: 'change_request_id' }, why: `it names ${id}` }
      : { link: null, why: `it names ${id}, which does not exist` };
  }
  if (!fact.commitSha && !fact.pullRequest && !fact.artifact) {
    return { link: null, why: 'it names no change request, commit, pull request or artifact' };
  }
  let best: { link: RegisteredLink; rank: number; createdAt: string } | null = null;
  for (const candidate of candidates) {
    const state = stateOf(candidate.changeRequestId);
    // A change removed by retention since it registered: nothing to link to.
    if (!state || state.status === 'absent') continue;
    const rank = statusRank(state.status);
    const better =
      !best ||
      rank < best.rank ||
      (rank === best.rank && state.createdAt > best.createdAt) ||
      (best.link.changeRequestId === candidate.changeRequestId &&
        STRENGTH[candidate.linkedBy] < STRENGTH[best.link.linkedBy]);
    if (better) best = { link: candidate, rank, createdAt: state.createdAt };
  }
  if (!best) {
    return { link: null, why: 'no change request registered its commit, pull request or artifact' };
  }
  const { changeRequestId, linkedBy } = best.link;
  return {
    link: { changeRequestId, linkedBy },
    why: `${changeRequestId} registered its ${linkedBy.replace('_', ' ')}`,
  };
}

function statusRank(status: string): number {
  if (status === 'approved' || status === 'scheduled' || status === 'implementing') return 0;
  return status === 'pending_approval' ? 1 : 2;
}
