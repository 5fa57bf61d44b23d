import { changeRequestStream, type CiFact } from '@change-ledger/domain';
import { type EventStore } from '@change-ledger/event-store';
import { type ChangeRequestLink, type ChangeRequestLinks } from './change-request-links';

export type RegisteredFor = (
  reported: Pick<CiFact, 'commitSha' | 'pullRequest' | 'artifact'>,
) => Promise<{
  changeRequestId: string;
  linkedBy: Exclude<ChangeRequestLink['linkedBy'], 'change_request_id'>;
} | null>;

/**
 * An id the fact names is checked against the store itself (never stale); a commit, pull
 * request or artifact is looked up among what change requests registered, in the read model.
 * A change registered moments before its deployment may not be projected yet: the deployment
 * is then unlinked and flagged, and the flag says why.
 */
export class RegisteredChangeRequestLinks implements ChangeRequestLinks {
  constructor(
    private readonly store: EventStore,
    private readonly registeredFor: RegisteredFor,
  ) {}

  async find(fact: CiFact): Promise<{ link: ChangeRequestLink | null; why: string }> {
    if (fact.changeRequestId) {
      const id = fact.changeRequestId;
      const [first] = await this.store.readStream(changeRequestStream(id), { maxCount: 1 });
      return first
        ? { link: { changeRequestId: id, linkedBy: 'change_request_id' }, why: `it names ${id}` }
        : { link: null, why: `it names ${id}, which does not exist` };
    }
    if (!fact.commitSha && !fact.pullRequest && !fact.artifact) {
      return { link: null, why: 'it names no change request, commit, pull request or artifact' };
    }
    const found = await this.registeredFor(fact);
    return found
      ? {
          link: found,
          why: `${found.changeRequestId} registered its ${found.linkedBy.replace('_', ' ')}`,
        }
      : { link: null, why: 'no change request registered its commit, pull request or artifact' };
  }
}
