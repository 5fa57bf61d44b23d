import {
  type ChangeRequestLinkIndex,
  type LinkedFact,
  type RegisteredLink,
} from './change-request-link-index';

export type RegisteredFor = (reported: LinkedFact) => Promise<RegisteredLink | null>;

/**
 * With the EventStoreDB store there is no table to keep in the events' transaction: links by
 * commit, pull request or artifact are looked up in the change-requests read model, one query
 * per fact that reports one, and are as fresh as the projector (ADR 0005, ADR 0014).
 */
export class ReadModelLinkIndex implements ChangeRequestLinkIndex {
  constructor(private readonly registeredFor: RegisteredFor) {}

  async candidates(facts: readonly LinkedFact[]): Promise<RegisteredLink[][]> {
    return Promise.all(
      facts.map(async (fact) => {
        if (!fact.commitSha && !fact.pullRequest && !fact.artifact) return [];
        const found = await this.registeredFor(fact);
        return found ? [found] : [];
      }),
    );
  }
}
